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


NOT_INSTALLED = {"heading": "Segoe UI Semibold", "body": "Noto Sans"}
"""A heading font no machine here has: a warning ('is not installed; the PDF will use ...')."""


def test_check_notes_contrast_it_fixed_and_strict_refuses_warnings(write_brand: Callable[..., Path]) -> None:
    path = write_brand(colors={"primary": "#FFD800"})  # white text on yellow cannot pass
    code, stdout, stderr = run("check", str(path), "--strict")
    assert code == 0, "a contrast fix is infokit keeping the page readable: a note, not a warning"
    assert f"note: {path}: colors.primary: text #FFFFFF on #FFD800 has contrast" in stderr
    assert "OK" in stdout
    path = write_brand(fonts=NOT_INSTALLED)
    code, stdout, stderr = run("check", str(path), "--strict")
    assert code == 2
    assert "OK" not in stdout + stderr, "check never says OK when it exits non-zero"
    assert "error:" in stderr and "warning:" not in stderr and "is not installed" in stderr


def test_strict_means_the_same_in_build(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    """--strict refuses warnings in build as in check (and notes in neither)."""
    path = write_brand(fonts=NOT_INSTALLED)
    code, _, stderr = run("build", str(path), "-o", str(tmp_path / "o"), "-f", "pptx", "--strict")
    assert code == 2 and "fonts.heading: (--strict) 'Segoe UI Semibold' is not installed" in stderr
    assert not (tmp_path / "o").exists()
    code, _, stderr = run("build", str(path), "-o", str(tmp_path / "o"), "-f", "pptx")
    assert code == 0 and f"warning: {path}: fonts.heading: 'Segoe UI Semibold' is not installed" in stderr
    loud = write_brand(name="loud.yaml", colors={"primary": "#FFD800"})
    code, _, stderr = run("build", str(loud), "-o", str(tmp_path / "o2"), "-f", "pptx", "--strict")
    assert code == 0 and "note:" in stderr and "has contrast" in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--lang", "fr"), "'fr' is not one of en, ko, ru"),
        (("--lang", "../../x"), "is not one of en, ko, ru"),
        (("--timeout", "0"), "0.0 is not a number of seconds above 0"),
        (("--timeout", "-1"), "is not a number of seconds above 0"),
        (("--timeout", "nan"), "nan is not a number of seconds above 0"),
        (("-f", "html5"), "'html5' is not one of"),
        (("--pdf-a", "-f", "png"), "'--pdf-a': applies to the PDF; add -f pdf"),
    ],
)
def test_option_values_are_checked_where_they_are_parsed(
    write_brand: Callable[..., Path], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, stdout, stderr = run("build", str(write_brand()), "-o", str(tmp_path / "o"), *args)
    assert code == 2 and message in " ".join(stderr.replace("│", " ").split())
    assert "Traceback" not in stderr and not stdout
    assert not (tmp_path / "o").exists(), "nothing is written for a usage error"


def test_batch_jobs_zero_is_a_usage_error(tmp_path: Path) -> None:
    code, _, stderr = run("batch", str(ROOT / "brands"), "-o", str(tmp_path / "o"), "--jobs", "0")
    assert code == 2 and "--jobs" in stderr


def test_version_templates_and_init(tmp_path: Path) -> None:
    assert run("--version")[1].strip() == f"infokit {__version__}"
    listing, layouts = run("templates")[1].split("\n\n")
    assert [line.split("\t")[0] for line in listing.splitlines()] == [
        "healthcare",
        "financial",
        "retail",
        "generic",
    ]
    assert [line.split("\t")[0] for line in layouts.splitlines()[1:]] == ["timeline", "cards", "grid", "path"]
    assert "(default for healthcare)" in layouts
    assert "headline\t" in run("templates", "--strings")[1]
    russian = run("templates", "--strings", "-i", "healthcare", "-l", "ru")[1]
    russian_care = {k: text for k, _, text in (line.split("\t", 2) for line in russian.splitlines())}
    english = run("templates", "--strings")[1].splitlines()
    english_generic = {k: text for k, _, text in (line.split("\t", 2) for line in english)}
    assert english_generic["headline"] and "headline\t170\t" in "\n".join(english), "the limit is listed"
    assert russian_care["headline"] != english_generic["headline"]
    assert any("\u0400" <= c <= "\u04ff" for c in russian_care["headline"]), "the Russian defaults"
    starter = tmp_path / "my-brand.yaml"
    assert run("init", str(starter))[0] == 0
    assert run("check", str(starter))[0] == 0, "the starter file must validate as written"
    assert run("init", str(starter))[0] == 2  # no silent overwrite
    code, _, message = run("init", str(starter / "inside.yaml"))  # a file where its folder goes
    assert code == 1 and "cannot be written" in message  # the machine refuses an output: 1, as build
    # The commented examples of `layout:` and of a labelled link validate once uncommented.
    text = starter.read_text(encoding="utf-8")
    text = text.replace("# layout: timeline", "layout: grid     ")
    text = text.replace("  booking: https://example.com/book ", "  # booking: https://example.com/book")
    uncomment = (
        ("  # booking:  ", "  booking:    "),
        ("  #   url:", "    url:"),
        ("  #   label:", "    label:"),
        ("  # home:", "  home:"),  # a printed address that forwards is on the brand's own site
    )
    for commented, plain in uncomment:
        text = text.replace(commented, plain)
    starter.write_text(text, encoding="utf-8")
    code, stdout, stderr = run("check", str(starter), "--json")
    assert code == 0, stderr
    assert json.loads(stdout)["template"] == "healthcare"
    from infokit import brand

    loaded = brand.load(starter)
    assert loaded.layout == "grid" and loaded.link_labels == {"booking": "example.com/book"}
    assert loaded.links["booking"].startswith("https://outlook.office365.com/book/")


def test_bad_format_is_a_usage_error(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    code, _, stderr = run("build", str(write_brand()), "-o", str(tmp_path / "o"), "-f", "docx")
    assert code == 2 and "'docx' is not one of pptx, pdf, png" in stderr
    assert not (tmp_path / "o").exists()


def test_help_documents_the_exit_codes() -> None:
    _, stdout, _ = run("--help")
    assert "3 conversion failed" in " ".join(stdout.replace("│", " ").split())


def _help(*command: str) -> str:
    code, stdout, _ = run(*command, "-h")
    assert code == 0
    return " ".join(stdout.replace("│", " ").split())


def _commands() -> list[list[str]]:
    import typer.main

    root = typer.main.get_command(app)
    found: list[list[str]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        found += [[name, sub] for sub in subcommands] if subcommands else [[name]]
    return found


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_help_is_conventional(command: list[str]) -> None:
    """-h works, no Python type placeholders, no braces around arguments."""
    text = _help(*command)
    for placeholder in ("<bool>", "<str>", "<path>", "<float>", "<int", "list[", "{"):
        assert placeholder not in text, (command, placeholder)


def test_each_command_lists_only_its_own_exit_codes() -> None:
    assert "4 at least one organization failed" in _help("batch")
    assert "4 " not in _help("build").split("Exit codes:")[1]
    assert "3 conversion failed" in _help("build")
    assert "3 conversion failed" not in _help("check")


def test_choices_are_shown_in_help() -> None:
    text = _help("build")
    assert "[en|ko|ru]" in text and "[pptx|pdf|png|html|md]" in text


def test_shell_completion_is_offered() -> None:
    assert "--install-completion" in _help()


def test_batch_prints_each_file_on_stdout_and_json_lines(tmp_path: Path) -> None:
    brands = tmp_path / "brands"
    brands.mkdir()
    for name in ("a", "b"):
        (brands / f"{name}.yaml").write_text(
            f"organization: Org {name}\nindustry: retail\ncolors: {{primary: '#0F6CBD'}}\n"
            "links: {booking: 'https://x.example/book'}\n",
            encoding="utf-8",
        )
    (brands / "bad.yaml").write_text("organization: Bad\nindustry: dental\n", encoding="utf-8")
    code, stdout, stderr = run("batch", str(brands), "-o", str(tmp_path / "o"), "-f", "pptx")
    assert code == 4
    printed = stdout.splitlines()
    assert sorted(Path(p).name for p in printed) == ["org-a-retail.pptx", "org-b-retail.pptx"]
    assert all(Path(p).is_file() for p in printed)
    assert "/3]" in stderr, "plain progress counts against the known total"
    code, stdout, _ = run("batch", str(brands), "-o", str(tmp_path / "o"), "-f", "pptx", "--json")
    entries = [json.loads(line) for line in stdout.splitlines()]
    assert code == 4 and len(entries) == 3
    assert sorted(e["status"] for e in entries) == ["failed", "up-to-date", "up-to-date"]


def test_batch_summary_counts_in_english(tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    one.write_text("organization: Solo\nindustry: retail\n", encoding="utf-8")
    _, _, stderr = run("batch", str(one), "-o", str(tmp_path / "o"), "-f", "pptx")
    assert "1 organization in" in stderr


def test_the_package_docstring_names_real_functions() -> None:
    import re

    import infokit
    from infokit import build as build_mod

    assert infokit.__doc__
    for name in re.findall(r"from infokit\.build import ([\w, ]+)", infokit.__doc__)[0].split(", "):
        assert callable(getattr(build_mod, name.strip())), name
    assert (ROOT / "infokit" / "py.typed").is_file()


@pytest.mark.parametrize(
    ("industry", "suggested"),
    [("dental", "healthcare"), ("banking", "financial"), ("helthcare", "healthcare"), ("shop", "retail")],
)
def test_suggestions_follow_meaning_not_only_spelling(
    write_brand: Callable[..., Path], industry: str, suggested: str
) -> None:
    code, _, stderr = run("check", str(write_brand(industry=industry)))
    assert code == 2 and f"Did you mean '{suggested}'?" in stderr
    assert "'retail'" not in stderr or suggested == "retail"


def test_a_misspelt_font_family_gets_a_suggestion(write_brand: Callable[..., Path]) -> None:
    code, _, stderr = run("check", str(write_brand(fonts={"heading": "Notto Sans", "body": "Noto Sans"})))
    assert code == 0 and "did you mean 'Noto Sans'?" in " ".join(stderr.split())


def test_check_takes_what_batch_takes(tmp_path: Path) -> None:
    """Folders and CSV rows over a --base are validated without building anything."""
    base = tmp_path / "base.yaml"
    base.write_text("industry: retail\ncolors: {primary: '#0F6CBD'}\n", encoding="utf-8")
    table = tmp_path / "orgs.csv"
    table.write_text(
        "organization;links.booking\nAlpha;https://alpha.example/book\nBeta;javascript:alert(1)\n",
        encoding="utf-8",
    )
    folder = tmp_path / "brands"
    folder.mkdir()
    (folder / "gamma.yaml").write_text(
        "organization: Gamma\nlinks: {booking: 'https://gamma.example'}\n", encoding="utf-8"
    )
    code, stdout, stderr = run("check", str(table), str(folder), "--base", str(base))
    assert code == 2, stderr
    assert "orgs.csv (row 1): OK (Alpha, retail" in stdout and "gamma.yaml: OK (Gamma, retail" in stdout
    assert "row 2" in stderr and "javascript:" in stderr
    assert not list(tmp_path.rglob("*.pptx")), "check writes nothing"
    code, stdout, _ = run("check", str(table), str(folder), "--base", str(base), "--json")
    assert [json.loads(line)["status"] for line in stdout.splitlines()] == ["checked", "failed", "checked"]


def test_batch_takes_template_lang_and_strict(tmp_path: Path) -> None:
    folder = tmp_path / "brands"
    folder.mkdir()
    (folder / "calm.yaml").write_text(
        "organization: Calm\nindustry: retail\ncolors: {primary: '#0F6CBD', accent: '#0B3A66'}\n"
        "links: {booking: 'https://calm.example'}\n",
        encoding="utf-8",
    )
    (folder / "loud.yaml").write_text(
        "organization: Loud\nindustry: retail\ncolors: {primary: '#0F6CBD'}\n"
        "fonts: {heading: Segoe UI Semibold}\n"  # not installed here: a warning
        "links: {booking: 'https://loud.example'}\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    args = ("batch", str(folder), "-o", str(out), "-f", "pptx", "--json")
    code, stdout, _ = run(*args, "--lang", "ru", "--template", "financial", "--strict")
    entries = {e["organization"]: e for e in map(json.loads, stdout.splitlines())}
    assert code == 4
    assert entries["Calm"]["status"] == "built" and entries["Calm"]["language"] == "ru"
    assert entries["Calm"]["template"] == "financial"
    assert entries["Loud"]["status"] == "failed" and "(--strict)" in json.dumps(entries["Loud"]["error"])
    assert not (out / "loud").exists(), "a strict failure writes nothing"
    from pptx import Presentation

    deck = Presentation(str(out / "calm" / "calm-retail.pptx"))
    text = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert any("\u0400" <= c <= "\u04ff" for c in text), "the Russian page"


@pytest.mark.parametrize(
    ("language", "notes", "warned"),
    [
        ("ru", ["Bring your insurance card."], True),
        ("ru", ["Возьмите полис ОМС."], False),
        ("ko", ["Bring your card."], True),
        ("en", ["Возьмите полис."], True),
        ("en", ["Bring your card to Contoso."], False),
    ],
)
def test_notes_in_another_language_than_the_page_are_warned(
    write_brand: Callable[..., Path], language: str, notes: list[str], warned: bool
) -> None:
    _, _, stderr = run("check", str(write_brand(language=language, notes=notes)))
    assert ("notes: not written in the page's language" in stderr) == warned, stderr


def test_list_positions_count_from_one(write_brand: Callable[..., Path]) -> None:
    """`notes.3` is the third note, and its line is the third note's line."""
    path = write_brand(raw=(
        "organization: X\nindustry: retail\ncolors: {primary: '#000'}\n"
        "links: {booking: 'https://x.example'}\nnotes:\n  - one\n  - two\n  - " + "x" * 300 + "\n"
    ))
    code, _, stderr = run("check", str(path))
    assert code == 2 and f"{path}:8: notes.3:" in stderr, stderr


def test_every_shipped_brand_passes_strict() -> None:
    """The examples are what users copy: they must pass infokit's own strictest check."""
    code, stdout, stderr = run("check", str(ROOT / "brands"), str(ROOT / "examples"), "--strict")
    assert code == 0, stderr
    assert stdout.count(": OK (") >= 7


def test_build_prints_each_file_once_though_papers_share_the_faq(
    write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    """A language's FAQ page serves both its papers: a script counting stdout lines must
    see each file written once."""
    brand = write_brand(language=["en", "ru"], paper=["letter", "a4"])
    code, stdout, _ = run("build", str(brand), "-o", str(tmp_path / "out"), "-f", "pptx", "-f", "html")
    lines = stdout.splitlines()
    assert code == 0 and len(lines) == len(set(lines)) >= 4 + 2 * 3, lines
    assert all(Path(line).is_file() for line in lines)
