"""Every case in tests/bad_inputs/cases.yaml through `infokit build`: the documented exit
code, one clear message naming the file, no traceback, nothing written, within seconds."""

from __future__ import annotations

import io
import re
import shutil
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from infokit.cli import app

from .conftest import ROOT

CORPUS: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests" / "bad_inputs" / "cases.yaml").read_text("utf-8")
)
CASES = [c for c in CORPUS if "renders" not in c]
"""Errors; the valid hostile brands (`renders:`) are built and checked in test_faq.py."""
GOOD = {
    "organization": "Hostile Input Clinic",
    "industry": "healthcare",
    "colors": "{primary: '#0F6CBD'}",
    "links": "{booking: 'https://hostile.example/book'}",
}


def good_lines(rest: str) -> str:
    """The valid keys the case does not set itself (a key given twice is its own error)."""
    own = set(re.findall(r"^(\w+):", rest, flags=re.M))
    return "\n".join(f"{key}: {value}" for key, value in GOOD.items() if key not in own)


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as f:
        f.truncate(size)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _template_with(change: Callable[[dict[str, bytes]], None]) -> bytes:
    with zipfile.ZipFile(ROOT / "templates" / "generic-letter.pptx") as z:
        parts = {name: z.read(name) for name in z.namelist()}
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _dtd(parts: dict[str, bytes]) -> None:
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"?>", b'?><!DOCTYPE Types [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
    )


GENERATORS: dict[str, Callable[[Path], None]] = {
    "binary": lambda p: p.write_bytes(b"\x00\x01\x02PK\x03\x04\xff\xfe" * 512),
    "fifty_megabytes": lambda p: _sparse(p, 50_000_000),
    "latin1": lambda p: p.write_bytes(
        f"{good_lines('organization:')}\norganization: Café\n".encode("latin-1")
    ),
    "billion_laughs": lambda p: p.write_text(
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    ),
    "long_booking_link": lambda p: p.write_text(
        good_lines("links:") + f"\nlinks: {{booking: 'https://x.example/{'a' * 400}'}}\n"
    ),
    "long_name": lambda p: p.write_text(good_lines("organization:") + f"\norganization: {'N' * 500}\n"),
    "truncated_png": lambda p: p.write_bytes(
        (ROOT / "brands" / "logos" / "northwind-outfitters.png").read_bytes()[:2000]
    ),
    "decompression_bomb": lambda p: p.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 1, 0, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _png_chunk(b"IEND", b"")
    ),
    "macro_template": lambda p: p.write_bytes(
        _template_with(lambda parts: parts.update({"ppt/vbaProject.bin": b"x"}))
    ),
    "zip_bomb": lambda p: p.write_bytes(
        _template_with(lambda parts: parts.update({"ppt/media/big.bin": bytes(20_000_000)}))
    ),
    "dtd_template": lambda p: p.write_bytes(_template_with(_dtd)),
}


def materialise(case: dict[str, Any], folder: Path) -> Path:
    brand = folder / "brand.yaml"
    if "brand" in case:
        text = case["brand"]
        brand.write_text(text.replace("GOOD", good_lines(text)), encoding="utf-8")
    for name, content in (case.get("files") or {}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            GENERATORS[content["generate"]](target)
        else:
            target.write_text(content, encoding="utf-8")
    return brand


def test_the_corpus_is_large_enough_and_names_are_unique() -> None:
    assert len(CASES) >= 40
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case: dict[str, Any], tmp_path: Path) -> None:
    brand = materialise(case, tmp_path)
    out = tmp_path / "out"
    earlier = out / "earlier.txt"
    out.mkdir()
    earlier.write_text("an earlier output")
    started = time.monotonic()
    result = CliRunner().invoke(app, ["build", str(brand), "-o", str(out)])
    seconds = time.monotonic() - started
    assert result.exit_code == case["exit"], result.stderr
    assert case["message"] in result.stderr, result.stderr
    assert str(tmp_path) in result.stderr  # the message names the file
    assert ("Traceback" not in result.stderr and not isinstance(result.exception, Exception)) or (
        isinstance(result.exception, SystemExit)
    )
    assert sorted(p.name for p in out.rglob("*")) == ["earlier.txt"]  # nothing written
    assert earlier.read_text() == "an earlier output"
    assert seconds < 20, seconds
    shutil.rmtree(tmp_path, ignore_errors=True)
