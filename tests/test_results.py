"""--json output of build, check and batch follows one documented schema (infokit.results)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from infokit import batch, results
from infokit.cli import app

runner = CliRunner()


def _lines(*args: str) -> tuple[int, list[dict[str, Any]]]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def _valid(entry: dict[str, Any]) -> dict[str, Any]:
    jsonschema.validate(entry, results.RESULT_SCHEMA)
    return entry


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(results.RESULT_SCHEMA)


def test_build_and_check_print_the_same_shape(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    # contrast fixes (the contrast list) and a font that is not installed (a warning)
    path = write_brand(colors={"primary": "#FFD800"}, fonts={"heading": "Segoe UI Semibold"})
    code, built = _lines("build", str(path), "-o", str(tmp_path / "o"), "-f", "pptx", "--json")
    assert code == 0 and len(built) == 1
    code, checked = _lines("check", str(path), "--json")
    assert code == 0 and len(checked) == 1
    build_entry, check_entry = _valid(built[0]), _valid(checked[0])
    assert set(build_entry) == set(check_entry)
    assert build_entry["status"] == "built" and check_entry["status"] == "checked"
    assert build_entry["outputs"]["pptx"].endswith(".pptx")
    contrast = build_entry["contrast"]
    assert contrast and all(c["fill"].startswith("#") and c["text"].startswith("#") for c in contrast)
    assert len({(c["text"], c["fill"], c["used"]) for c in contrast}) == len(contrast), "no duplicates"
    assert all(round(c["ratio"], 2) == c["ratio"] for c in contrast)
    keys = {w["key"] for w in build_entry["warnings"]}
    assert "fonts.heading" in keys, "warnings name their key, as errors do"
    assert all(w["file"] == str(path) for w in build_entry["warnings"])


def test_a_failure_has_the_same_shape(tmp_path: Path) -> None:
    bad = tmp_path / "b.yaml"
    bad.write_text("organization: X\nindustry: retail\ncolors: {primary: blue}\n", encoding="utf-8")
    for command in (["build", str(bad), "-o", str(tmp_path / "o")], ["check", str(bad)]):
        code, entries = _lines(*command, "--json")
        assert code == 2 and len(entries) == 1
        entry = _valid(entries[0])
        assert entry["ok"] is False and entry["status"] == "failed" and entry["error"]["exit_code"] == 2


def test_strict_check_reports_its_error_in_json(write_brand: Callable[..., Path]) -> None:
    path = write_brand(fonts={"heading": "Segoe UI Semibold"})  # not installed: a warning
    code, entries = _lines("check", str(path), "--strict", "--json")
    entry = _valid(entries[0])
    assert code == 2 and not entry["ok"] and entry["error"]["problems"][0]["key"] == "fonts.heading"


def test_several_brands_give_one_line_each(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    good = write_brand(name="good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("organization: X\n", encoding="utf-8")
    code, entries = _lines("build", str(good), str(bad), "-o", str(tmp_path / "o"), "-f", "pptx", "--json")
    assert code == 2 and [e["status"] for e in entries] == ["built", "failed"]
    for entry in entries:
        _valid(entry)


@pytest.mark.parametrize("with_failure", [False, True])
def test_batch_entries_and_report_follow_the_schema(tmp_path: Path, with_failure: bool) -> None:
    folder = tmp_path / "brands"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "organization: A\nindustry: retail\ncolors: {primary: '#0F6CBD'}\nlinks: {booking: 'https://a.example'}\n",
        encoding="utf-8",
    )
    if with_failure:
        (folder / "b.yaml").write_text("organization: B\nindustry: retail\n", encoding="utf-8")
    code, entries = _lines("batch", str(folder), "-o", str(tmp_path / "o"), "-f", "pptx", "--json")
    assert code == (4 if with_failure else 0)
    for entry in entries:
        _valid(entry)
    report = batch.run([folder], tmp_path / "o", formats=("pptx",)).as_dict()
    for entry in report["organizations"]:
        _valid(entry)


def test_batch_entries_carry_contrast_and_keep_warnings_when_up_to_date(tmp_path: Path) -> None:
    folder = tmp_path / "brands"
    folder.mkdir()
    (folder / "sun.yaml").write_text(
        "organization: Sun\nindustry: retail\ncolors: {primary: '#FFD800'}\nlinks: {booking: 'https://s.example'}\n",
        encoding="utf-8",
    )
    args = ("batch", str(folder), "-o", str(tmp_path / "o"), "-f", "pptx", "--json")
    _, first = _lines(*args)
    _, again = _lines(*args)
    assert first[0]["status"] == "built" and first[0]["contrast"], "contrast fixes reach batch results"
    assert again[0]["status"] == "up-to-date"
    assert again[0]["warnings"] == first[0]["warnings"], "an up-to-date page keeps what it warned about"


def test_a_failed_page_says_which_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFOKIT_SOFFICE", str(tmp_path / "no-soffice"))
    brand = tmp_path / "b.yaml"
    brand.write_text(
        "organization: Two Tongues\nindustry: retail\nlanguage: [en, ru]\ncolors: {primary: '#0F6CBD'}\n"
        "links: {booking: 'https://t.example'}\n",
        encoding="utf-8",
    )
    code, entries = _lines("build", str(brand), "-o", str(tmp_path / "o"), "-f", "pdf", "--json")
    assert code == 3 and [e["language"] for e in entries] == ["en", "ru"]
    assert all(_valid(e)["organization"] == "Two Tongues" and not e["ok"] for e in entries)
