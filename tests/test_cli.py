"""The command line: exit codes, messages on stderr, results and JSON on stdout."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infokit import __version__
from infokit.cli import app

from .conftest import ROOT

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


BROKEN = [
    ("empty", "", "the file is empty"),
    ("tab", "organization: X\n\tindustry: retail\n", "tab character"),
    ("unclosed", "organization: [X\n", "not valid YAML"),
    ("list", "- organization: X\n", "must be a mapping"),
    ("scalar", "just words\n", "must be a mapping"),
    (
        "no-org",
        "industry: retail\ncolors: {primary: '#000'}\nlinks: {booking: 'https://x.example'}\n",
        "organization: is required",
    ),
    ("bad-industry", "organization: X\nindustry: banking\n", "use one of healthcare"),
    ("blue", "organization: X\nindustry: retail\ncolors: {primary: blue}\n", "'blue' is not a colour"),
    ("short-hex", "organization: X\nindustry: retail\ncolors: {primary: '#12345'}\n", "is not a colour"),
    (
        "eight-digits",
        "organization: X\nindustry: retail\ncolors: {primary: '#0F6CBD00'}\n",
        "is not a colour",
    ),
    (
        "javascript",
        "organization: X\nindustry: retail\ncolors: {primary: '#000'}\n"
        "links: {booking: 'javascript:alert(1)'}\n",
        "'javascript:' is not allowed",
    ),
    (
        "no-booking",
        "organization: X\nindustry: retail\ncolors: {primary: '#000'}\nlinks: {}\n",
        "links.booking: is required",
    ),
    (
        "unknown-key",
        "organization: X\nindustry: retail\ncolors: {primary: '#000'}\n"
        "links: {booking: 'https://x.example'}\nlogos: a.png\n",
        "Did you mean 'logo'?",
    ),
    (
        "missing-logo",
        "organization: X\nindustry: retail\ncolors: {primary: '#000'}\n"
        "links: {booking: 'https://x.example'}\nlogo: nowhere.png\n",
        "does not exist",
    ),
    (
        "too-many-notes",
        "organization: X\nindustry: retail\ncolors: {primary: '#000'}\n"
        "links: {booking: 'https://x.example'}\nnotes: [a, b, c, d, e, f]\n",
        "at most 5",
    ),
    (
        "notes-not-list",
        "organization: X\nindustry: retail\ncolors: {primary: '#000'}\n"
        "links: {booking: 'https://x.example'}\nnotes: bring ID\n",
        "must be a list",
    ),
    (
        "low-contrast",
        "organization: X\nindustry: retail\ncolors: {primary: '#000', text: '#EEEEEE'}\n"
        "links: {booking: 'https://x.example'}\n",
        "needs at least 4.5:1",
    ),
    ("long-name", f"organization: {'A' * 81}\nindustry: retail\n", "at most 80 fit"),
]


@pytest.mark.parametrize(("name", "text", "fragment"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_brand_files_exit_2_with_a_message_naming_the_file(
    name: str, text: str, fragment: str, tmp_path: Path
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    out_dir = tmp_path / "out"
    for command in ("check", "build"):
        code, stdout, stderr = run(command, str(path), *(["-o", str(out_dir)] if command == "build" else []))
        assert code == 2, stderr
        assert fragment in stderr
        assert str(path) in stderr
        assert "Traceback" not in stderr and stdout == ""
    assert not out_dir.exists() or not any(out_dir.rglob("*.pptx"))


def test_missing_file_exits_2() -> None:
    code, _, stderr = run("check", "/nonexistent/brand.yaml")
    assert code == 2 and "no such file" in stderr


def test_json_error_is_machine_readable(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("organization: X\nindustry: retail\ncolors: {primary: blue}\n")
    code, stdout, _ = run("check", str(path), "--json")
    data = json.loads(stdout)
    assert code == 2 and data["ok"] is False and data["error"]["exit_code"] == 2
    keys = {p["key"] for p in data["error"]["problems"]}
    assert {"colors.primary", "links.booking"} <= keys
    assert all(p["file"] == str(path) for p in data["error"]["problems"])


def test_check_json_on_a_good_brand() -> None:
    code, stdout, _ = run("check", str(ROOT / "brands" / "contoso-health.yaml"), "--json")
    data = json.loads(stdout)
    assert code == 0 and data["ok"] and data["organization"] == "Contoso Health"


def test_check_reports_contrast_it_fixed_and_strict_fails(write_brand: Callable[..., Path]) -> None:
    path = write_brand(colors={"primary": "#FFD800"})  # white text on yellow cannot pass
    code, _, stderr = run("check", str(path))
    assert code == 0 and "contrast" in stderr and "FFD800" in stderr
    code, _, _ = run("check", str(path), "--strict")
    assert code == 2


def test_version_templates_and_init(tmp_path: Path) -> None:
    assert run("--version")[1].strip() == f"infokit {__version__}"
    listing = run("templates")[1]
    assert [line.split("\t")[0] for line in listing.splitlines()] == [
        "healthcare",
        "financial",
        "retail",
        "generic",
    ]
    assert "headline\t" in run("templates", "--strings")[1]
    starter = tmp_path / "my-brand.yaml"
    assert run("init", str(starter))[0] == 0
    assert run("check", str(starter))[0] == 0, "the starter file must validate as written"
    assert run("init", str(starter))[0] == 2  # no silent overwrite


def test_bad_format_is_a_usage_error(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    code, _, stderr = run("build", str(write_brand()), "-o", str(tmp_path / "o"), "-f", "docx")
    assert code == 2 and "'docx' is not a format" in stderr


def test_help_documents_the_exit_codes() -> None:
    _, stdout, _ = run("--help")
    assert "3 conversion failed" in " ".join(stdout.replace("│", " ").split())
