"""`infokit check` over many sources: streamed one page at a time, in order, with what
batch would report (duplicates included), and a check render that reports what a full
render would."""

from __future__ import annotations

import gc
import io
import json
import os
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from infokit import brand as brand_mod
from infokit import build, check, csvsource, render, results, sources
from infokit.cli import app
from infokit.errors import FitError, Problem

from .conftest import ROOT

HEADER = "organization,industry,colors.primary,links.booking,notes\n"


def _row(name: str, industry: str = "retail") -> str:
    return f"{name},{industry},#0F6CBD,https://{name.lower()}.example/book,Bring your card\n"


def _csv(folder: Path, rows: Sequence[str], name: str = "orgs.csv") -> Path:
    path = folder / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


class _Counted:
    """The entries of a source, counting how many the consumer has pulled."""

    def __init__(self, inner: Iterator[sources.Entry]) -> None:
        self.inner, self.pulled = inner, 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> sources.Entry:
        entry = next(self.inner)
        self.pulled += 1
        return entry


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[_Counted]:
    made: list[_Counted] = []
    real = sources.entries

    def entries(paths: Sequence[Path], base: Path | None = None, under: Sequence[Path] = ()) -> _Counted:
        made.append(_Counted(real(paths, base, under)))
        return made[-1]

    monkeypatch.setattr(sources, "entries", entries)
    return made


def test_each_page_is_given_before_the_next_row_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ordering, not a timing: one process reads one row, checks it, hands it over."""
    table = _csv(tmp_path, [_row(f"Org{i}") for i in range(6)])
    counted = _counting(monkeypatch)
    pages = check.pages([table], jobs=1)
    seen = []
    for page in pages:
        seen.append((page.row, counted[0].pulled))
    assert seen == [(i, i) for i in range(1, 7)]


def test_with_a_pool_only_a_window_of_rows_is_read_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = 3 * 2 * check.IN_FLIGHT_PER_WORKER
    table = _csv(tmp_path, [_row(f"Org{i}") for i in range(rows)])
    counted = _counting(monkeypatch)
    pages = check.pages([table], jobs=2)
    first = next(pages)
    assert first.row == 1 and first.result is not None
    assert counted[0].pulled <= 2 * check.IN_FLIGHT_PER_WORKER + 1 < rows
    rest = list(pages)
    assert [p.row for p in rest] == list(range(2, rows + 1)), "in the order of the source"
    assert all(p.result is not None for p in rest)


def test_a_page_given_is_not_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory that does not grow with the rows: once the caller lets a page go, nothing
    in check keeps its row's data (here, the parsed row document) alive."""
    table = _csv(tmp_path, [_row(f"Org{i}") for i in range(5)])
    documents: list[weakref.ref[object]] = []
    real = sources.entries

    def entries(
        paths: Sequence[Path], base: Path | None = None, under: Sequence[Path] = ()
    ) -> Iterator[sources.Entry]:
        for entry in real(paths, base, under):
            documents.append(weakref.ref(entry.document))
            yield entry

    monkeypatch.setattr(sources, "entries", entries)
    pages = check.pages([table], jobs=1)
    for _ in range(4):
        next(pages)
    gc.collect()
    assert [ref() is None for ref in documents] == [True, True, True, False]


def _by_page(lines: str) -> dict[tuple[str, int | None, str | None, str | None], dict[str, object]]:
    """Failed results by page; each names the page (the same file given twice is told
    apart from its first by failing)."""
    found = {}
    for entry in map(json.loads, lines.splitlines()):
        jsonschema.validate(entry, results.RESULT_SCHEMA)
        key = (Path(entry["source"]["file"]).name, entry["source"]["row"], entry["language"], entry["paper"])
        if entry["ok"]:
            continue
        assert key not in found, f"two results for one page: {key}"
        found[key] = entry
    return found


def test_check_reports_what_batch_reports_for_duplicates(tmp_path: Path) -> None:
    """Duplicates in a CSV and a two-paper brand given twice: check fails the pages batch
    fails, with the same problem, and every result names its page and its row or line."""
    rows = [_row("Alpha"), _row("Beta"), _row("Alpha"), _row("Alpha", "healthcare"), _row("Gamma")]
    table = _csv(tmp_path, [*rows[:-1], rows[-1].replace("#0F6CBD", "blue")])
    papers = tmp_path / "papers.yaml"
    papers.write_text(
        "organization: Papers\nindustry: retail\ncolors: {primary: '#0F6CBD'}\npaper: [letter, a4]\n"
        "links: {booking: 'https://papers.example/book'}\n",
        encoding="utf-8",
    )
    sources_args = [str(table), str(papers), str(papers)]
    runner = CliRunner()
    checked = runner.invoke(app, ["check", "--json", "-j", "1", *sources_args])
    built = runner.invoke(
        app, ["batch", "--json", "-f", "md", "-q", "-o", str(tmp_path / "out"), *sources_args]
    )
    assert (checked.exit_code, built.exit_code) == (2, 4), checked.stderr
    in_check, in_batch = _by_page(checked.stdout), _by_page(built.stdout)
    assert len(checked.stdout.splitlines()) == len(built.stdout.splitlines()) == 9
    failed = in_check.keys()
    gamma = ("orgs.csv", 5, None, None)  # does not validate: no page yet
    assert failed == in_batch.keys()
    assert failed == {
        ("orgs.csv", 3, "en", "letter"),  # Alpha twice; Alpha in another industry is another page
        ("papers.yaml", None, "en", "letter"),
        ("papers.yaml", None, "en", "a4"),
        gamma,
    }
    same = ("ok", "source", "organization", "industry", "language", "paper", "template", "error")
    for key in failed:
        assert {f: in_check[key][f] for f in same} == {f: in_batch[key][f] for f in same}
    assert in_check[gamma]["organization"] == "Gamma"
    for key in failed - {gamma}:
        (problem,) = in_check[key]["error"]["problems"]  # type: ignore[index]
        assert problem["key"] == "organization" and "appears twice" in problem["message"]
    alpha = in_check[("orgs.csv", 3, "en", "letter")]["error"]["problems"][0]  # type: ignore[index]
    assert (alpha["row"], alpha["line"]) == (3, 4) and "orgs.csv (row 1)" in alpha["message"]
    letter, a4 = (in_check[("papers.yaml", None, "en", p)]["error"]["problems"][0] for p in ("letter", "a4"))  # type: ignore[index]
    assert letter["line"] == a4["line"] == 1 and letter["message"] != a4["message"]
    assert "(en, a4)" in a4["message"] and "(en, a4)" not in letter["message"]


def test_a_render_error_names_its_page_and_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page that fails in the renderer (every value at its maximum fits the built-in
    designs, so the failure is made here) fails with its language, paper and row."""
    table = _csv(tmp_path, [_row("Fine"), _row("Crowded")])
    real = build.check_brand

    def crowded(brand: brand_mod.Brand, template: str | None = None) -> build.CheckResult:
        if brand.organization == "Crowded":
            raise FitError(Problem(brand.source, "notes", "Shorten the notes by about 99 characters"))
        return real(brand, template)

    monkeypatch.setattr(build, "check_brand", crowded)
    page_ok, page_bad = check.pages([table], jobs=1)
    assert page_ok.result is not None and page_bad.error is not None
    entry = page_bad.as_dict()
    assert (entry["language"], entry["paper"], entry["source"]["row"]) == ("en", "letter", 2)
    assert entry["organization"] == "Crowded" and entry["industry"] == "retail"
    assert [(p["row"], p["key"]) for p in entry["error"]["problems"]] == [(2, "notes")]


def test_a_renderer_that_crashes_fails_only_its_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library that aborts the worker process (a C extension's crash) breaks the pool;
    the page that does it fails alone, the others are checked, in order."""
    table = _csv(tmp_path, [_row(f"Org{i}") for i in range(6)])
    real = build.check_brand

    def crashing(brand: brand_mod.Brand, template: str | None = None) -> build.CheckResult:
        if brand.organization == "Org2":
            os.abort()
        return real(brand, template)

    monkeypatch.setattr(build, "check_brand", crashing)  # the forked workers inherit it
    pages = list(check.pages([table], jobs=2))
    assert [p.row for p in pages] == [1, 2, 3, 4, 5, 6]
    assert [p.result is not None for p in pages] == [True, True, False, True, True, True]
    error = pages[2].error
    assert error is not None and "crashed" in str(error.problems[0]) and error.problems[0].row == 3


@pytest.mark.parametrize("path", sorted([*ROOT.glob("brands/*.yaml"), *ROOT.glob("examples/*.yaml")]))
def test_the_check_render_reports_what_the_full_render_does(path: Path) -> None:
    """check leaves out the QR code's modules: the warnings, contrast notes and the QR
    box (size, place, fill) are those of the page build renders."""
    brand = brand_mod.load(path)
    for language, paper in brand.pages():
        page = brand.page(language, paper)
        full = render.render(page)
        checked = build.check_brand(page)
        assert checked.warnings == build.page_warnings(page, full)
        assert checked.contrast_fixes == build.page_contrast(page, full, web=True)
        lean = render.render(page, draw_qr=False)
        assert _qr_boxes(lean) == _qr_boxes(full) != []
        assert _names(full) - _names(lean) == {"infokit:qr:code"}


def _shapes(rendered: render.Rendered) -> list[object]:
    return list(rendered.presentation.slides[0].shapes)


def _names(rendered: render.Rendered) -> set[str]:
    from infokit import contract

    return {contract.base_name(s.name) for s in _shapes(rendered)}  # type: ignore[attr-defined]


def _qr_boxes(rendered: render.Rendered) -> list[tuple[object, ...]]:
    """Where each QR box is and how it is painted."""
    from infokit import contract

    return [
        (s.left, s.top, s.width, s.height, s._element.spPr.xml)  # type: ignore[attr-defined]
        for s in _shapes(rendered)
        if contract.base_name(s.name) == "infokit:qr:booking"  # type: ignore[attr-defined]
    ]


@given(st.text(alphabet='a,;"\r\n\u2028é', max_size=40))
def test_csv_lines_are_those_the_csv_module_reads_from_a_file(text: str) -> None:
    """The CSV is fed to csv.reader a line at a time (no second copy of the file): the
    same lines, with the same endings, as io.StringIO(newline="") gives."""
    assert list(csvsource._lines(text)) == list(io.StringIO(text, newline=""))


@pytest.mark.parametrize("end", ["", "\x1a"])
def test_excel_csv_with_its_separator_line_and_an_end_of_file_mark(tmp_path: Path, end: str) -> None:
    """Excel writes "sep=;" above the header for some locales; old exports end with ^Z."""
    table = tmp_path / "orgs.csv"
    table.write_text(
        "sep=;\r\norganization;industry;colors.primary;links.booking\r\n"
        "Alpha Clinic;healthcare;#2E7D32;https://alpha.example/book\r\n" + end,
        encoding="utf-8",
    )
    (row,) = list(csvsource.rows(table))
    assert isinstance(row, csvsource.Row) and row.error is None and row.document is not None
    assert row.document.data["organization"] == "Alpha Clinic"
    assert row.document.line_of(("colors", "primary")) == 3  # lines are the file's


def test_a_cell_over_the_csv_limit_is_said_in_words(tmp_path: Path) -> None:
    table = tmp_path / "orgs.csv"
    table.write_text("organization,industry\n" + "x" * 200_000 + ",retail\n", encoding="utf-8")
    (row,) = list(csvsource.rows(table))
    assert isinstance(row, csvsource.Row) and row.error is not None
    message = row.error.problems[0].message
    assert "a cell is longer than 131,072 characters" in message and "field limit" not in message
