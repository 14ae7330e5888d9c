"""Brand fonts in the PDF for real, no silent substitution, accessible and archival PDFs.

The brand font here is Open Sans from tests/fonts/, which the test machine does not
have installed (the test checks that first): only the private fontconfig can find it.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
import yaml
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from typer.testing import CliRunner

from infokit import batch, brand, build, embedded, fonts, theme
from infokit.cli import app
from infokit.errors import BrandError
from infokit.results import Status

from .conftest import LOGO, ROOT, pdf_fonts

FONTS = ROOT / "tests" / "fonts"


@pytest.fixture
def open_sans_brand(tmp_path: Path) -> Callable[..., Path]:
    assert not fonts.is_installed("Open Sans"), "the test needs Open Sans *not* installed"
    for file in FONTS.glob("*.ttf"):
        shutil.copy(file, tmp_path / file.name)
    shutil.copy(LOGO, tmp_path / "logo.svg")

    def write(organization: str = "Open Sans Clinic", language: str = "en", **fonts_: object) -> Path:
        data = {
            "organization": organization,
            "industry": "healthcare",
            "language": language,
            "colors": {"primary": "#0F6CBD"},
            "fonts": fonts_
            or {
                "heading": {"family": "Open Sans", "file": ["OpenSans-Bold.ttf", "OpenSans-Regular.ttf"]},
                "body": {"family": "Open Sans", "file": "OpenSans-Regular.ttf"},
            },
            "logo": "logo.svg",
            "links": {"booking": "https://open-sans.example/book"},
        }
        path = tmp_path / f"brand-{language}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    return write


def test_font_files_are_embedded_although_not_installed(
    open_sans_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    result = build.build(open_sans_brand(), tmp_path / "out")
    names = {f["name"] for f in pdf_fonts(result.outputs["pdf"])}
    assert {"OpenSans", "OpenSans-Bold"} <= names, names
    assert all(f["emb"] == "yes" for f in pdf_fonts(result.outputs["pdf"]))
    assert not [w for w in result.warnings if "the PDF" in w]  # every face is the brand's: nothing to say
    from pptx import Presentation

    theme_fonts = theme.read_fonts(Presentation(str(result.outputs["pptx"])))
    assert (theme_fonts.heading, theme_fonts.body) == ("Open Sans", "Open Sans")
    assert not list(tmp_path.glob("infokit-fonts-*"))


def test_a_file_of_another_family_says_what_it_holds(open_sans_brand: Callable[..., Path]) -> None:
    path = open_sans_brand(heading={"family": "Roboto", "file": "OpenSans-Bold.ttf"})
    with pytest.raises(BrandError) as info:
        brand.load(path)
    assert "OpenSans-Bold.ttf holds 'Open Sans', not 'Roboto'" in str(info.value)


def test_a_file_that_is_not_a_font(open_sans_brand: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / "fake.ttf").write_text("not a font")
    path = open_sans_brand(heading={"family": "Open Sans", "file": "fake.ttf"})
    with pytest.raises(BrandError, match=r"fake\.ttf is not a TTF or OTF font"):
        brand.load(path)


def test_a_family_neither_installed_nor_given_warns_and_strict_refuses(
    open_sans_brand: Callable[..., Path], tmp_path: Path
) -> None:
    path = open_sans_brand(heading="Open Sans", body="Noto Sans")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert (
        "fonts.heading: 'Open Sans' is not installed; the PDF will use 'Noto Sans' instead" in result.stderr
    )
    out = tmp_path / "strict-out"
    result = CliRunner().invoke(app, ["build", str(path), "-o", str(out), "--strict"])
    assert result.exit_code == 2 and "(--strict)" in result.stderr
    assert not out.exists() or not any(out.rglob("*.p*"))


def test_batch_reports_font_warnings_and_uses_font_files(
    open_sans_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    folder = tmp_path
    open_sans_brand()  # brand-en.yaml: with files
    (folder / "other.yaml").write_text(
        yaml.safe_dump(
            {
                "organization": "Missing Font Clinic",
                "industry": "retail",
                "colors": {"primary": "#0F6CBD"},
                "fonts": {"heading": "No Such Family Sans"},
                "links": {"booking": "https://m.example/book"},
            }
        )
    )
    report = batch.run([folder / "brand-en.yaml", folder / "other.yaml"], tmp_path / "out")
    assert report.count(Status.BUILT) == 2
    with_files, missing = report.outcomes
    assert {f["name"] for f in pdf_fonts(with_files.outputs["pdf"])} >= {"OpenSans", "OpenSans-Bold"}
    assert any("'No Such Family Sans' is not installed" in w for w in missing.warnings)
    assert missing.as_dict()["warnings"]


DEJAVU = "DejaVu Sans"  # installed on every test machine (./tasks)


@pytest.fixture
def dejavu_regular_only(tmp_path: Path) -> Path:
    """A brand giving a copy of the installed DejaVu Sans, its regular face only."""
    found = fonts.fc_match(DEJAVU)
    assert found is not None and found.exact and found.postscript == "DejaVuSans"
    shutil.copy(found.path, tmp_path / "DejaVuSans.ttf")
    path = tmp_path / "dejavu.yaml"
    data = {
        "organization": "DejaVu Clinic",
        "industry": "healthcare",
        "colors": {"primary": "#0F6CBD"},
        "fonts": {
            "heading": {"family": DEJAVU, "file": "DejaVuSans.ttf"},
            "body": {"family": DEJAVU, "file": "DejaVuSans.ttf"},
        },
        "links": {"booking": "https://dejavu.example/book"},
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_face_the_brand_did_not_give_is_named_and_strict_refuses_it(
    dejavu_regular_only: Path, open_sans_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    # Headings are bold; the brand gave DejaVu's regular file only, and the system has
    # DejaVu's bold: LibreOffice uses the system's face. The warning says so.
    result = build.build(dejavu_regular_only, tmp_path / "out")
    pdf = result.outputs["pdf"]
    listed = {f["name"] for f in pdf_fonts(pdf)}
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= listed, listed
    assert embedded.faces_in(pdf) == listed  # what infokit reads is what pdffonts lists
    said = [w for w in result.warnings if "the PDF uses" in w]
    assert said == [
        "fonts.heading: the PDF uses DejaVuSans-Bold from the system besides DejaVuSans.ttf "
        "(and fonts.body, the same font); give that face's file of 'DejaVu Sans' too "
        "(bold text needs the bold file)"
    ]
    manifest = (pdf.parent / ".infokit.json").read_text()
    assert "DejaVuSans-Bold from the system" in manifest  # recorded with the page, as every warning
    # A brand whose faces are not in the PDF at all: every face there is named.
    other = brand.load(open_sans_brand())
    heading, body = embedded.substitutions(other, pdf, east_asian=False)
    assert heading.startswith("fonts.heading: the PDF has no face of 'Open Sans' (OpenSans-Bold.ttf, ")
    assert body.startswith("fonts.body: the PDF has no face of 'Open Sans' (OpenSans-Regular.ttf)")
    assert "LibreOffice drew the text with DejaVuSans, DejaVuSans-Bold" in body

    out = tmp_path / "strict"
    cli = CliRunner().invoke(app, ["build", str(dejavu_regular_only), "-o", str(out), "--strict"])
    assert cli.exit_code == 2 and "(--strict) the PDF uses DejaVuSans-Bold" in cli.stderr, cli.stderr
    assert not list(out.rglob("*.pdf"))  # refused before anything was committed


def test_batch_names_a_face_the_brand_did_not_give(
    dejavu_regular_only: Path, tmp_path: Path, soffice: str
) -> None:
    report = batch.run([dejavu_regular_only], tmp_path / "rel out & <odd>")
    [outcome] = report.outcomes
    assert outcome.status == Status.BUILT
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= {f["name"] for f in pdf_fonts(outcome.outputs["pdf"])}
    assert any("the PDF uses DejaVuSans-Bold from the system" in w for w in outcome.warnings)


def test_a_variable_font_gets_a_warning(open_sans_brand: Callable[..., Path], tmp_path: Path) -> None:
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._f_v_a_r import Axis

    with TTFont(FONTS / "OpenSans-Regular.ttf") as font:
        fvar = newTable("fvar")
        axis = Axis()
        axis.axisTag, axis.minValue, axis.defaultValue, axis.maxValue = "wght", 300, 400, 800
        axis.axisNameID = font["name"].addMultilingualName({"en": "Weight"}, mac=False)
        fvar.axes, fvar.instances = [axis], []
        font["fvar"] = fvar
        font.save(tmp_path / "OpenSans-Variable.ttf")
    path = open_sans_brand(heading={"family": "Open Sans", "file": "OpenSans-Variable.ttf"})
    warnings = build.font_warnings(brand.load(path))
    assert any(w.startswith("fonts.heading: OpenSans-Variable.ttf is a variable font") for w in warnings)
    assert not any("variable" in w for w in build.font_warnings(brand.load(open_sans_brand())))


def test_a_letter_of_the_page_that_draws_nothing_gets_a_warning(
    open_sans_brand: Callable[..., Path], tmp_path: Path
) -> None:
    # Greek is beyond the letters every font file is checked for; the page's own are checked too.
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    with TTFont(FONTS / "OpenSans-Regular.ttf") as font:
        font["glyf"][font.getBestCmap()[ord("Ω")]] = Glyph()  # no contours: draws nothing
        font.save(tmp_path / "OpenSans-Regular.ttf")
    path = open_sans_brand(organization="Ω Clinic")
    warnings = build.font_warnings(brand.load(path))
    assert any(
        w.startswith("fonts.body: 'Open Sans' draws nothing for 'Ω' in the organization's name")
        for w in warnings
    )
    assert not any("draws nothing" in w for w in build.font_warnings(brand.load(open_sans_brand("Ψ Clinic"))))


def _subset(text: str, into: Path) -> None:
    """Open Sans holding glyphs for ``text`` only (a 'subset' font a web designer exports)."""
    from fontTools import subset

    with TTFont(FONTS / "OpenSans-Regular.ttf") as font:
        subsetter = subset.Subsetter(subset.Options())
        subsetter.populate(text=text)
        subsetter.subset(font)
        font.save(into)


def test_coverage_covers_everything_the_page_prints_not_only_the_brands_words(
    open_sans_brand: Callable[..., Path], tmp_path: Path
) -> None:
    _subset("TestOrg", tmp_path / "Subset.ttf")
    subset_font = {"family": "Open Sans", "file": "Subset.ttf"}
    warnings = build.font_warnings(
        brand.load(open_sans_brand("TestOrg", heading=subset_font, body=subset_font))
    )
    for role in ("fonts.heading", "fonts.body"):
        said = [w for w in warnings if w.startswith(f"{role}: 'Open Sans' has no glyphs for")]
        assert len(said) == 1, warnings  # one warning per key, not one per string
        # The catalogue's strings (headings, steps) are printed too; the name is covered.
        assert "text.document_title" in said[0] and "more;" in said[0]
        assert "the organization's name" not in said[0]
        shown = said[0].split("has no glyphs for '")[1].split("'")[0]
        assert len(shown) == 12 + len("...") and not set(shown) & set("TestOrg")
        stand_in = said[0].split("drawn with '")[1].split("'")[0]
        assert stand_in and stand_in != "Open Sans"
    full = build.font_warnings(brand.load(open_sans_brand("TestOrg")))
    assert not any("no glyphs" in w for w in full), "the check must be able to pass"


def test_coverage_of_an_installed_font_includes_text_overrides_and_link_labels(tmp_path: Path) -> None:
    data = {
        "organization": "Clinic",
        "industry": "healthcare",
        "colors": {"primary": "#0F6CBD"},
        "fonts": {"heading": "DejaVu Sans", "body": "DejaVu Sans"},
        "links": {"booking": {"url": "https://clinic.example/book", "label": "बुक करें"}},
        "text": {"headline": "Welcome नमस्ते"},
    }
    path = tmp_path / "brand.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    warnings = build.font_warnings(brand.load(path))
    said = [w for w in warnings if w.startswith("fonts.body: 'DejaVu Sans' has no glyphs for")]
    assert len(said) == 1 and "text.headline" in said[0] and "links.booking" in said[0], warnings
    assert "Devanagari" in said[0]


def _glyph_check(pdf: Path) -> list[str]:
    """Characters on the page whose glyph is missing from the embedded font (.notdef)."""
    problems: list[str] = []
    programs: dict[str, TTFont | None] = {}

    class Recorder(PDFPageAggregator):
        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):  # type: ignore[no-untyped-def]
            name = font.fontname
            if name not in programs:
                programs[name] = _embedded_program(font)
            program = programs[name]
            text = font.to_unichr(cid) if hasattr(font, "to_unichr") else ""
            if program is None:  # e.g. a Type 1 subset LibreOffice made from CFF: ask its source
                source = _source_font(name.split("+", 1)[-1])
                if source is None:
                    problems.append(f"{text!r} in {name}: no embedded program, no source font")
                elif not text.isspace() and fonts.missing_characters(source, text):
                    problems.append(f"{text!r} in {name}: its font has no glyph")
            elif not text.isspace():
                glyph = _glyph_for(program, font, cid)
                if glyph in (None, ".notdef"):
                    problems.append(f"{text!r} in {name}: no glyph")
            return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)

    with pdf.open("rb") as f:
        document = PDFDocument(PDFParser(f))
        manager = PDFResourceManager()
        device = Recorder(manager, laparams=LAParams())
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
    return problems


@functools.cache
def _source_font(postscript_name: str) -> Path | None:
    """The installed font file a PostScript name comes from (LibreOffice may add a suffix).
    Asked once per name, not once per character drawn (two fc-list runs each)."""
    parts = postscript_name.split("-")
    for end in range(len(parts), 0, -1):
        found = subprocess.run(
            ["fc-list", f":postscriptname={'-'.join(parts[:end])}", "file"], capture_output=True, text=True
        ).stdout.strip()
        if found:
            return Path(found.splitlines()[0].rstrip(":"))
    return None


def _embedded_program(font: object) -> TTFont | CFFFontSet | None:
    descriptor = getattr(font, "descriptor", None) or {}
    for key in ("FontFile2", "FontFile3", "FontFile"):
        stream = resolve1(descriptor.get(key)) if descriptor else None
        if stream is None:
            continue
        data = stream.get_data()
        try:
            if key == "FontFile3" and not data.startswith(b"OTTO"):  # bare CFF (CJK fonts)
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(data), None)
                return cff
            return TTFont(io.BytesIO(data))
        except Exception:
            return None
    return None


def _glyph_for(program: TTFont | CFFFontSet, font: object, cid: int) -> str | None:
    if isinstance(program, CFFFontSet):  # CID-keyed: the code is a CID named cidNNNNN
        charset = set(program[program.fontNames[0]].charset)
        name = f"cid{cid:05d}"
        return name if cid and name in charset else None
    order = program.getGlyphOrder()
    if getattr(font, "cidcoding", None) or type(font).__name__ == "PDFCIDFont":
        return order[cid] if cid < len(order) else None  # Identity: code = glyph id
    for table in program["cmap"].tables:  # a simple TrueType subset: code -> glyph by its cmap
        if cid in table.cmap:
            return str(table.cmap[cid])
    return None


@pytest.mark.parametrize(
    ("language", "organization"),
    [
        ("en", "Open Sans नमस्ते Clinic"),
        ("ru", "Клиника «Открытая»"),
        ("ko", "오픈 산스 병원"),
    ],
)
def test_every_character_on_the_page_has_a_glyph_in_an_embedded_font(
    open_sans_brand: Callable[..., Path], tmp_path: Path, language: str, organization: str, soffice: str
) -> None:
    path = open_sans_brand(organization=organization, language=language)
    result = build.build(path, tmp_path / "out", ("pdf",))
    assert _glyph_check(result.outputs["pdf"]) == []
    if language == "en":  # Open Sans has no Devanagari: said, and drawn with a font that has it
        assert fonts.missing_characters(FONTS / "OpenSans-Regular.ttf", "नमस्ते"), (
            "the check must be able to fail"
        )
        assert any("no glyphs for 'नमस्ते'" in w and "Devanagari" in w for w in result.warnings)
        assert any("Devanagari" in f["name"] for f in pdf_fonts(result.outputs["pdf"]))
    if language == "ko":
        assert any("CJK" in f["name"] for f in pdf_fonts(result.outputs["pdf"]))


def _struct_alts(pdf: Path) -> list[str]:
    alts: list[str] = []

    def walk(node: object) -> None:
        node = resolve1(node)
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "Alt" in node:
                raw = resolve1(node["Alt"])
                alts.append(raw.decode("utf-16") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1"))
            if "K" in node:
                walk(node["K"])

    with pdf.open("rb") as f:
        document = PDFDocument(PDFParser(f))
        walk(resolve1(document.catalog["StructTreeRoot"]).get("K"))
    return alts


def test_the_pdf_is_tagged_with_title_and_alt_texts(
    open_sans_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    result = build.build(open_sans_brand(), tmp_path / "out", ("pdf",))
    with pdfplumber.open(result.outputs["pdf"]) as pdf:
        meta = pdf.metadata
        assert meta["Title"] == "Open Sans Clinic: How your video visit works"
        assert meta["Author"] == "Open Sans Clinic"
        assert meta["Subject"] == "Your video visit, step by step"
        assert pdf.doc.catalog.get("Lang") and resolve1(pdf.doc.catalog["MarkInfo"])["Marked"]
    alts = _struct_alts(result.outputs["pdf"])
    assert "Open Sans Clinic logo" in alts
    assert "QR code: open-sans.example/book" in alts
    assert alts.count("QR code: open-sans.example/book") == 1
    for title in ("Book your visit", "Get your confirmation", "Join and check in", "See your care provider"):
        assert title in alts, (title, alts)  # each pictogram says what its step says


def test_pdf_a_2b_with_every_font_embedded(
    open_sans_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    result = CliRunner().invoke(
        app, ["build", str(open_sans_brand()), "-o", str(tmp_path / "out"), "--pdf-a"]
    )
    assert result.exit_code == 0, result.stderr
    pdf = next((tmp_path / "out").rglob("*.pdf"))
    xmp = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp) and re.search(r"<pdfaid:conformance>B<", xmp)
    assert all(f["emb"] == "yes" for f in pdf_fonts(pdf))
