"""One organization in several languages (and papers): every page built, none overwritten."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infokit import batch, brand
from infokit.cli import app
from infokit.errors import BrandError
from infokit.results import Status

from .conftest import pdf_text

runner = CliRunner()
ORG = (
    "organization: Polyglot Clinic\nindustry: healthcare\ncolors: {primary: '#0F6CBD'}\n"
    "links: {booking: 'https://polyglot.example/book'}\n"
)
NOTES = {
    "en": "Bring your insurance card.",
    "ru": "Возьмите полис ОМС.",
    "ko": "건강보험증을 준비하세요.",
}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _pptx_text(path: Path) -> str:
    from pptx import Presentation

    deck = Presentation(str(path))
    return " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)


def _brand_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_three_brand_files_of_one_organization_keep_three_pages(tmp_path: Path) -> None:
    """The tester's case: en.yaml ru.yaml ko.yaml -o out left only the last page."""
    files = [
        _brand_file(tmp_path, f"{lang}.yaml", f"{ORG}language: {lang}\nnotes: ['{note}']\n")
        for lang, note in NOTES.items()
    ]
    out = tmp_path / "out"
    code, stdout, stderr = run("build", *map(str, files), "-o", str(out), "-f", "pptx")
    assert code == 0, stderr
    written = [Path(line) for line in stdout.splitlines()]
    assert len(set(written)) == 3, "three different files, not one path three times"
    assert {p.name for p in written} == {
        "polyglot-clinic-healthcare.pptx",  # the first keeps the plain name it would always have
        "polyglot-clinic-healthcare-ru.pptx",
        "polyglot-clinic-healthcare-ko.pptx",
    }
    for path, note in zip(written, NOTES.values(), strict=True):
        assert note in _pptx_text(path), path.name
    # Building again gives the same names: a page's names never change once written.
    _, again, _ = run("build", *map(str, files), "-o", str(out), "-f", "pptx")
    assert again.splitlines() == stdout.splitlines()


def test_one_brand_file_in_three_languages(tmp_path: Path, soffice: str) -> None:
    notes = "".join(f"  {lang}: ['{note}']\n" for lang, note in NOTES.items())
    path = _brand_file(tmp_path, "b.yaml", f"{ORG}language: [en, ru, ko]\nnotes:\n{notes}")
    out = tmp_path / "out"
    code, stdout, stderr = run("build", str(path), "-o", str(out), "-f", "pdf", "--json")
    assert code == 0, stderr
    entries = [json.loads(line) for line in stdout.splitlines()]
    assert [e["language"] for e in entries] == ["en", "ru", "ko"]
    assert [e["paper"] for e in entries] == ["letter", "a4", "a4"], "each language's own paper"
    folder = out / "polyglot-clinic"
    for lang, note in NOTES.items():
        pdf = folder / f"polyglot-clinic-healthcare-{lang}.pdf"
        text = " ".join(pdf_text(pdf).split())
        assert note.split()[0] in text, (lang, text[:200])
        others = [n for code_, n in NOTES.items() if code_ != lang]
        assert not any(other.split()[0] in text for other in others), f"{lang}: another language's notes"
    manifest = json.loads((folder / ".infokit.json").read_text(encoding="utf-8"))
    assert set(manifest["pages"]) == {f"polyglot-clinic-healthcare-{lang}" for lang in NOTES}


def test_repeated_lang_and_both_papers(tmp_path: Path) -> None:
    path = _brand_file(tmp_path, "b.yaml", f"{ORG}paper: [letter, a4]\n")
    out = tmp_path / "out"
    code, stdout, _ = run("build", str(path), "-o", str(out), "-f", "pptx", "--lang", "en", "--lang", "ru")
    assert code == 0
    pages = [(lang, paper) for lang in ("en", "ru") for paper in ("letter", "a4")]
    assert sorted(Path(line).name for line in stdout.splitlines()) == sorted(
        f"polyglot-clinic-healthcare-{lang}-{paper}.pptx" for lang, paper in pages
    )
    from pptx import Presentation

    letter = Presentation(str(out / "polyglot-clinic" / "polyglot-clinic-healthcare-en-letter.pptx"))
    a4 = Presentation(str(out / "polyglot-clinic" / "polyglot-clinic-healthcare-en-a4.pptx"))
    assert letter.slide_height != a4.slide_height


def test_text_per_language(tmp_path: Path) -> None:
    path = _brand_file(
        tmp_path,
        "b.yaml",
        f"{ORG}language: [en, ru]\ntext:\n  en: {{headline: Meet us on video}}\n"
        "  ru: {headline: Встреча по видео}\n",
    )
    code, stdout, _ = run("build", str(path), "-o", str(tmp_path / "out"), "-f", "pptx")
    assert code == 0
    en, ru = (Path(line) for line in stdout.splitlines())
    assert "Meet us on video" in _pptx_text(en) and "Встреча по видео" in _pptx_text(ru)
    assert "Meet us on video" not in _pptx_text(ru)


def test_a_csv_batch_with_one_organization_in_three_languages(tmp_path: Path, soffice: str) -> None:
    table = tmp_path / "orgs.csv"
    table.write_text(
        "organization,industry,language,colors.primary,links.booking,notes\n"
        + "".join(
            f"Polyglot Clinic,healthcare,{lang},#0F6CBD,https://polyglot.example/book,{note}\n"
            for lang, note in NOTES.items()
        )
        + "Solo Shop,retail,en,#0F6CBD,https://solo.example/book,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = batch.run([table], out, formats=("pdf",), jobs=2)
    assert report.exit_code == 0, [o.reason for o in report.outcomes]
    assert [(o.organization, o.language) for o in report.outcomes] == [
        ("Polyglot Clinic", "en"),
        ("Polyglot Clinic", "ru"),
        ("Polyglot Clinic", "ko"),
        ("Solo Shop", "en"),
    ]
    assert sorted(p.name for p in (out / "polyglot-clinic").glob("*.pdf")) == [
        f"polyglot-clinic-healthcare-{lang}.pdf" for lang in ("en", "ko", "ru")
    ]
    assert [p.name for p in (out / "solo-shop").glob("*.pdf")] == ["solo-shop-retail.pdf"]
    for lang, note in NOTES.items():
        assert note.split()[0] in pdf_text(out / "polyglot-clinic" / f"polyglot-clinic-healthcare-{lang}.pdf")
    again = batch.run([table], out, formats=("pdf",), jobs=2)
    assert again.count(Status.UP_TO_DATE) == 4, "each page remembers its own inputs"


def test_the_same_page_twice_in_a_batch_is_built_once(tmp_path: Path) -> None:
    folder = tmp_path / "brands"
    folder.mkdir()
    for name in ("a.yaml", "b.yaml"):
        _brand_file(folder, name, f"{ORG}language: ru\n")
    _brand_file(folder, "c.yaml", f"{ORG}language: ko\n")
    report = batch.run([folder], tmp_path / "out", formats=("pptx",))
    assert [o.status for o in report.outcomes] == ["built", "failed", "built"]
    assert "appears twice" in report.outcomes[1].reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("language: [en, fr]", "language.2: 'fr' is not a choice; use one of en, ko, ru"),
        ("language: []", "language: is an empty list"),
        ("language: [ru, ru]", "language.2: 'ru' is listed twice"),
        ("paper: [letter, legal]", "paper.2: 'legal' is not a choice; use one of letter, a4"),
        ("notes: {en: [a], de: [b]}", "notes: must be a list"),
        ("notes: {ru: [a, 5]}", "notes.ru.2:"),
    ],
)
def test_language_lists_are_validated(
    write_brand: Callable[..., Path], text: str, message: str
) -> None:
    path = write_brand(raw=ORG + text + "\n")
    with pytest.raises(BrandError) as caught:
        brand.load(path)
    assert message in str(caught.value)


def test_the_schema_takes_lists_and_per_language_notes() -> None:
    import jsonschema
    import yaml

    from infokit import spec

    data = yaml.safe_load(
        ORG + "language: [en, ru]\npaper: [letter, a4]\nnotes: {en: [Hi], ru: [Привет]}\n"
        "text: {ru: {headline: Привет}}\n"
    )
    jsonschema.validate(data, spec.json_schema())


def test_a_page_keeps_its_names_whatever_builds_it_later(tmp_path: Path) -> None:
    """Built first as one of three languages (-en), the English page keeps that name when
    a single-language brand file of the same organization builds it again."""
    many = _brand_file(tmp_path, "many.yaml", f"{ORG}language: [en, ru]\n")
    one = _brand_file(tmp_path, "en.yaml", f"{ORG}language: en\n")
    out = tmp_path / "out"
    _, first, _ = run("build", str(many), "-o", str(out), "-f", "pptx")
    _, again, _ = run("build", str(one), "-o", str(out), "-f", "pptx")
    assert again.splitlines() == [first.splitlines()[0]]
    assert sorted(p.name for p in (out / "polyglot-clinic").glob("*.pptx")) == [
        "polyglot-clinic-healthcare-en.pptx",
        "polyglot-clinic-healthcare-ru.pptx",
    ]
