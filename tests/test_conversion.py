"""The conversion layer read back from real PDFs: Korean punctuation, /Lang, brand fonts.

Nothing is mocked: LibreOffice converts, pdftotext, pdffonts, pikepdf and pdfplumber
read the result.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import yaml
from typer.testing import CliRunner

from infokit import autospace, batch, build, catalog, deck
from infokit.cli import app
from infokit.results import Status

from .conftest import LOGO, ROOT, pdf_fonts

pytestmark = pytest.mark.e2e

HANGUL = "[\uac00-\ud7a3]"
PUNCTUATION = ".,!?)"
# Notes that put every punctuation mark the check covers right after a Hangul syllable.
KOREAN_NOTES = [
    "신분증을 준비하세요!",
    "질문이 있으신가요?",
    "화상 상담 링크(메일)를 확인하세요.",
    "조용한 곳에서, 5분 일찍 접속하세요.",
]
LINKS = {
    "booking": "https://outlook.office365.com/book/Woodgrove@woodgrove.onmicrosoft.com/",
    "help": "https://woodgrove.example/ko/help",
}


def raw_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def gaps(text: str) -> list[str]:
    """Every Hangul syllable followed by white space and then closing punctuation."""
    return re.findall(f"{HANGUL}\\s+[{re.escape(PUNCTUATION)}]", text)


def tight_marks(text: str) -> set[str]:
    """The closing punctuation marks found right after a Hangul syllable."""
    return set(re.findall(f"{HANGUL}([{re.escape(PUNCTUATION)}])", text))


def write(folder: Path, name: str, **data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "logo.svg").exists():
        shutil.copy(LOGO, folder / "logo.svg")
    brand = {
        "organization": "우드그로브 은행",
        "industry": "financial",
        "language": "ko",
        "colors": {"primary": "#1B3A5C"},
        "logo": "logo.svg",
        "links": LINKS,
        "notes": KOREAN_NOTES,
        **data,
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(brand, allow_unicode=True), encoding="utf-8")
    return path


def lang(pdf: Path) -> str:
    with pikepdf.open(pdf) as document:
        return str(document.Root.Lang)


# -- Korean without the gap -----------------------------------------------------------


def test_the_gap_is_there_without_the_flat_odp_route(tmp_path: Path, soffice: str) -> None:
    """The check below can fail: a Korean deck converted directly shows the gap."""
    result = build.build(write(tmp_path, "ko"), tmp_path / "out", ("pptx",))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(result.outputs["pptx"])],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert gaps(raw_text(tmp_path / f"{result.outputs['pptx'].stem}.pdf"))


def test_every_design_in_korean_has_tight_punctuation_in_a_batch(tmp_path: Path, soffice: str) -> None:
    """All four designs through the batch's chunked conversion (two workers)."""
    sources = tmp_path / "brands"
    for industry in catalog.INDUSTRIES:
        write(sources, industry, industry=industry, organization=f"우드그로브 {industry}")
    report = batch.run([sources], tmp_path / "out", jobs=2)
    assert report.count(Status.BUILT) == 4, [o.reason for o in report.outcomes]
    for outcome in report.outcomes:
        text = raw_text(outcome.outputs["pdf"])
        assert not gaps(text), (outcome.organization, gaps(text))
        assert tight_marks(text) == set(PUNCTUATION), outcome.organization
        assert lang(outcome.outputs["pdf"]) == "ko-KR"
        # The PPTX is left as PowerPoint wants it: no flat-ODP trace, Korean run language.
        assert deck.facts(outcome.outputs["pptx"]) == deck.DeckFacts("ko-KR", True)


def test_a_latin_page_with_hangul_keeps_fonts_embedded_and_links_clickable(
    tmp_path: Path, soffice: str
) -> None:
    path = write(
        tmp_path,
        "mixed",
        language="en",
        organization="Woodgrove 한빛 Bank",
        notes=["한빛 지점에서 만나요, 그리고 화상으로도.", "Bring your card."],
        fonts={"heading": "Noto Sans", "body": "Noto Sans"},
    )
    result = build.build(path, tmp_path / "out")
    pdf = result.outputs["pdf"]
    text = raw_text(pdf)
    assert "지점에서 만나요," in text and not gaps(text)
    found = pdf_fonts(pdf)
    assert all(f["emb"] == "yes" for f in found), found
    assert any(f["name"].startswith("NotoSans-") for f in found)
    assert any("CJK" in f["name"] for f in found)
    with pdfplumber.open(pdf) as document:
        uris = {h["uri"] for h in document.pages[0].hyperlinks}
    assert set(LINKS.values()) <= uris
    assert lang(pdf) == "en-US"


def test_flat_odp_switch_is_turned_off() -> None:
    flat = b'<style:paragraph-properties style:text-autospace="ideograph-alpha" fo:x="1"/>'
    assert autospace.turn_off(flat) == b'<style:paragraph-properties style:text-autospace="none" fo:x="1"/>'


# -- language tags -------------------------------------------------------------------


@pytest.mark.parametrize(("language", "tag"), [("en", "en-US"), ("ru", "ru-RU"), ("ko", "ko-KR")])
def test_the_pdf_language_is_the_page_language(
    language: str, tag: str, write_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    result = build.build(write_brand(language=language), tmp_path / "out", ("pdf",))
    pdf = result.outputs["pdf"]
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == tag
        # What pikepdf must keep: the tags, the marked flag, the link annotations.
        assert "/StructTreeRoot" in document.Root and bool(document.Root.MarkInfo.Marked)
        links = [a for a in document.pages[0].Annots if a.Subtype == "/Link"]
        assert {str(a.A.URI) for a in links} >= {"https://test-clinic.example/book"}


def test_every_link_annotation_belongs_to_the_structure_tree(
    write_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    links = {"booking": LINKS["booking"], "help": LINKS["help"], "home": "https://test-clinic.example/home"}
    result = build.build(write_brand(links=links), tmp_path / "out", ("pdf",))
    with pikepdf.open(result.outputs["pdf"]) as document:
        tree = document.Root.StructTreeRoot
        nums = tree.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        annots = [a for a in document.pages[0].Annots if a.Subtype == "/Link"]
        assert {str(a.A.URI) for a in annots} >= set(links.values())
        for annot in annots:
            element = parents[int(annot.StructParent)]
            assert element.S == "/Link" and element.P.objgen in _elements(tree)
            assert element.K[0].Type == "/OBJR" and element.K[0].Obj.objgen == annot.objgen
            assert str(annot.Contents)
        assert int(tree.ParentTreeNextKey) > max(parents)


def _elements(tree: pikepdf.Object) -> set[tuple[int, int]]:
    """Every structure element reachable from the root."""
    found: set[tuple[int, int]] = set()
    stack = list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen not in found:
            found.add(node.objgen)
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found


def test_pdf_a_keeps_its_metadata_consistent_with_the_language(tmp_path: Path, soffice: str) -> None:
    path = write(tmp_path, "ko-a")
    result = CliRunner().invoke(
        app, ["build", str(path), "-o", str(tmp_path / "out"), "--pdf-a", "-f", "pdf"]
    )
    assert result.exit_code == 0, result.stderr
    pdf = next((tmp_path / "out").rglob("*.pdf"))
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == "ko-KR"
        meta = document.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert "ko-KR" in meta["dc:language"]
        # PDF/A: the XMP stream stays unfiltered, the file keeps its ID and output intent.
        assert "/Filter" not in document.Root.Metadata and "/ID" in document.trailer
        assert "/OutputIntents" in document.Root
        assert "pikepdf" not in str(meta.get("xmp:CreatorTool", "")) + str(meta.get("pdf:Producer", ""))
    assert not gaps(raw_text(pdf))
    assert all(f["emb"] == "yes" for f in pdf_fonts(pdf))


def test_deck_facts_from_a_deck_that_names_no_language(tmp_path: Path) -> None:
    broken = tmp_path / "x.pptx"
    broken.write_bytes(b"not a zip")
    assert deck.facts(broken) == deck.DeckFacts(None, False)


# -- brand fonts reach the PDF whatever -o looks like ----------------------------------

FONTS = ROOT / "tests" / "fonts"
OUT_FORMS = ["out", "a&b <c> d/out", "with space/out"]


def open_sans_brand(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for file in FONTS.glob("*.ttf"):
        shutil.copy(file, folder / file.name)
    data = {
        "organization": "Open Sans Clinic",
        "industry": "healthcare",
        "colors": {"primary": "#0F6CBD"},
        "fonts": {
            "heading": {"family": "Open Sans", "file": ["OpenSans-Bold.ttf", "OpenSans-Regular.ttf"]},
            "body": {"family": "Open Sans", "file": "OpenSans-Regular.ttf"},
        },
        "links": {"booking": "https://open-sans.example/book"},
    }
    path = folder / "open-sans.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def embedded_open_sans(pdf: Path) -> bool:
    found = pdf_fonts(pdf)
    return {"OpenSans", "OpenSans-Bold"} <= {f["name"] for f in found} and all(
        f["emb"] == "yes" for f in found
    )


@pytest.mark.parametrize("command", ["build", "batch"])
def test_brand_font_files_are_embedded_for_every_out_form(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, soffice: str
) -> None:
    brand = open_sans_brand(tmp_path / "brand & <fonts>")
    monkeypatch.chdir(tmp_path)  # "out" is relative to here, as on a command line
    for out in OUT_FORMS:
        result = CliRunner().invoke(app, [command, str(brand), "-o", out, "-f", "pdf"])
        assert result.exit_code == 0, (out, result.stderr)
        pdf = next(Path(out).rglob("*.pdf"))
        assert embedded_open_sans(pdf), (out, pdf_fonts(pdf))
