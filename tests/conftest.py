"""Shared fixtures. Conversion tests skip without LibreOffice, except under CI=true,
where a missing LibreOffice is a failure: CI must prove the real conversion."""

from __future__ import annotations

import concurrent.futures as cf
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from infokit import convert
from infokit.brand import Brand

ROOT = Path(__file__).resolve().parent.parent
BRANDS = sorted((ROOT / "brands").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
LOGO = ROOT / "brands" / "logos" / "contoso-health.svg"
PNG_LOGO = ROOT / "brands" / "logos" / "northwind-outfitters.png"

MINIMAL: dict[str, Any] = {
    "organization": "Test Clinic",
    "industry": "healthcare",
    "colors": {"primary": "#0F6CBD"},
    "links": {"booking": "https://test-clinic.example/book"},
}


def require_tool(name: str) -> str:
    path = convert.find_soffice() if name == "soffice" else shutil.which(name)
    if path is None:
        message = f"{name} is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; under CI=true conversion tests must run, not skip")
        pytest.skip(message)
    return str(path)


@pytest.fixture(scope="session")
def soffice() -> str:
    return require_tool("soffice")


@pytest.fixture(scope="session")
def poppler() -> None:
    require_tool("pdftoppm")
    require_tool("pdffonts")


@pytest.fixture
def write_brand(tmp_path: Path) -> Callable[..., Path]:
    """Write a brand file into tmp_path from MINIMAL updated with ``changes``.

    A value of None removes the key; ``raw`` writes text as it is.
    """

    def write(
        raw: str | None = None, name: str = "brand.yaml", with_logo: bool = False, **changes: Any
    ) -> Path:
        path = tmp_path / name
        if raw is not None:
            path.write_text(raw, encoding="utf-8")
            return path
        data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in MINIMAL.items()}
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            elif isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key].update(value)
            else:
                data[key] = value
        if with_logo:
            shutil.copy(LOGO, tmp_path / "logo.svg")
            data["logo"] = "logo.svg"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(pdf: Path) -> list[dict[str, str]]:
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name type... emb sub uni object ID: the three yes/no columns precede the object id
        fonts.append({"name": parts[0].split("+", 1)[-1], "emb": parts[-5], "uni": parts[-3]})
    return fonts


def render_png(pdf: Path, dpi: int, out: Path) -> Path:
    prefix = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(prefix)], check=True)
    return out


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of this test's own, for this process and its children.

    LibreOffice's private profiles (``infokit-lo-*``) are made in it, so their paths in a
    soffice command line tell this test's LibreOffice from any other run's on the machine.
    """
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def live_soffice(scope: Path) -> list[int]:
    """Running soffice.bin processes (zombies aside) whose profile lies under ``scope``."""
    found = []
    marker = str(scope).encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            state = (proc / "stat").read_text().split(") ")[1].split()[0]
        except OSError:
            continue
        if b"soffice.bin" in cmdline and marker in cmdline and state != "Z":
            found.append(int(proc.name))
    return found


K = TypeVar("K", bound=Hashable)


def _deck_bytes(brand: Brand) -> bytes:
    from infokit import package, render

    return package.to_bytes(render.render(brand).presentation)


def render_decks(brands: Mapping[K, Brand], work: Path) -> dict[K, Path]:
    """Each brand's deck rendered into ``work``, named after its key (``timeline-en-short.pptx``),
    two at a time: render is CPU-bound Python, so one process per core."""
    with cf.ProcessPoolExecutor(max_workers=2) as pool:
        data = list(pool.map(_deck_bytes, brands.values()))
    decks = {}
    for key, pptx in zip(brands, data, strict=True):
        name = "-".join(map(str, key)) if isinstance(key, tuple) else str(key)
        decks[key] = work / f"{name}.pptx"
        decks[key].write_bytes(pptx)
    return decks


def convert_decks(decks: Mapping[K, Path], out: Path) -> dict[K, Path]:
    """Every deck converted to PDF in ``out`` by two LibreOffice instances with profiles of
    their own, half each (DESIGN.md section 6: about 0.11 s a file against 0.18 s for one)."""
    paths = list(decks.values())
    offices = [convert.LibreOffice.discover() for _ in range(2)]
    try:
        with cf.ThreadPoolExecutor(max_workers=2) as threads:
            done = [threads.submit(o.convert, paths[i::2], out) for i, o in enumerate(offices)]
            for future in done:
                future.result()
    finally:
        for office in offices:
            office.close()
    return {key: out / deck.with_suffix(".pdf").name for key, deck in decks.items()}
