"""Golden checks on real templates, in memory: theme XML, tokens, contract shapes, links."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from infokit import brand, catalog, contract, fit, package, render, templates, theme

from .conftest import BRANDS

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
LONG_NAME = "The Northern Lakes Regional Health and Community Wellbeing Cooperative Trust"


def rendered(path: Path, **kw: Any) -> render.Rendered:
    return render.render(brand.load(path), **kw)


def shapes_by_name(r: render.Rendered) -> dict[str, Any]:
    """By name without the flow tag (``infokit:notes @page.9`` is ``infokit:notes``).

    Any: python-pptx's shape classes differ by kind (text box, picture); each test knows
    which kind the name it asks for is."""
    return {contract.base_name(s.name): s for s in r.presentation.slides[0].shapes}


def slide_text(r: render.Rendered) -> str:
    root = r.presentation.slides[0].shapes._spTree
    return "\n".join(t.text or "" for t in root.iter(f"{{{A}}}t"))


@pytest.mark.parametrize("path", BRANDS, ids=lambda p: p.stem)
def test_brand_palette_and_fonts_are_written_into_the_theme(path: Path) -> None:
    b = brand.load(path)
    r = render.render(b)
    scheme = theme.read_scheme(r.presentation)
    assert scheme["accent1"] == b.colors.primary
    assert scheme["accent2"] == b.colors.secondary
    assert scheme["accent3"] == b.colors.accent
    assert scheme["dk1"] == b.colors.text and scheme["lt1"] == b.colors.background
    fonts = theme.read_fonts(r.presentation)
    assert (fonts.heading, fonts.body) == (b.heading_font.family, b.body_font.family)


@pytest.mark.parametrize("industry", catalog.INDUSTRIES)
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_builtin_templates_keep_the_contract(industry: str, paper: str) -> None:
    """No hard-coded colours or fonts: everything follows the theme."""
    prs = Presentation(str(templates.builtin_path(industry, paper)))
    xml = etree.tostring(prs.slides[0].shapes._spTree).decode()
    assert "srgbClr" not in xml and "sysClr" not in xml
    typefaces = set(prs.slides[0].shapes._spTree.xpath("//a:latin/@typeface"))
    assert typefaces <= {"+mj-lt", "+mn-lt"}
    names = {contract.base_name(s.name) for s in prs.slides[0].shapes}
    assert {"infokit:logo", "infokit:qr:booking", "infokit:notes", "infokit:links"} <= names
    width_in = prs.slide_width / 914400
    assert width_in == pytest.approx(8.5 if paper == "letter" else 8.27, abs=0.01)


def test_tokens_are_all_replaced_and_the_words_are_the_industrys(write_brand: Callable[..., Path]) -> None:
    seen = {}
    for industry in catalog.INDUSTRIES:
        r = rendered(write_brand(industry=industry))
        text = slide_text(r)
        assert "{{" not in text and "}}" not in text
        assert "Test Clinic" in text
        seen[industry] = text
    assert "care provider" in seen["healthcare"]
    assert "advisor" in seen["financial"]
    assert "store associate" in seen["retail"]
    assert "staff member" in seen["generic"]
    assert len(set(seen.values())) == 4


def test_notes_become_one_paragraph_each(write_brand: Callable[..., Path]) -> None:
    r = rendered(write_brand(notes=["First note.", "Second note.", "Third note."]))
    notes = shapes_by_name(r)["infokit:notes"]
    assert [p.text for p in notes.text_frame.paragraphs] == ["First note.", "Second note.", "Third note."]


def test_industry_default_notes_when_the_brand_has_none(write_brand: Callable[..., Path]) -> None:
    r = rendered(write_brand(industry="financial"))
    notes = [p.text for p in shapes_by_name(r)["infokit:notes"].text_frame.paragraphs]
    assert notes == catalog.strings("en", "financial")["default_notes"]


def test_links_are_hyperlinks_and_absent_links_leave_no_label(write_brand: Callable[..., Path]) -> None:
    r = rendered(write_brand(links={"booking": "https://a.example/book", "help": "mailto:help@a.example"}))
    slide = r.presentation.slides[0]
    targets = {rel.target_ref for rel in slide.part.rels.values() if rel.reltype == RT.HYPERLINK}
    assert targets == {"https://a.example/book", "mailto:help@a.example"}
    links_text = shapes_by_name(r)["infokit:links"].text_frame.text
    assert "Book a visit" in links_text and "Help with video visits" in links_text
    assert "Billing" not in links_text and "website" not in links_text


def test_logo_fits_its_box_with_aspect_and_alt_text(write_brand: Callable[..., Path]) -> None:
    r = rendered(write_brand(with_logo=True))
    shapes = shapes_by_name(r)
    box, picture = shapes["infokit:logo"], shapes["infokit:logo:image"]
    assert box.left <= picture.left and picture.left + picture.width <= box.left + box.width
    assert box.top <= picture.top and picture.top + picture.height <= box.top + box.height
    assert picture._element.xpath(".//p:cNvPr/@descr")[0] == "Test Clinic logo"
    # Centred, aspect kept: the SVG is 440 x 160.
    assert picture.width / picture.height == pytest.approx(440 / 160, rel=0.01)
    centre_gap = (picture.left - box.left) - (box.left + box.width - picture.left - picture.width)
    assert abs(centre_gap) <= 2


def test_no_logo_sets_the_name_as_a_wordmark(write_brand: Callable[..., Path]) -> None:
    shapes = shapes_by_name(rendered(write_brand()))
    assert shapes["infokit:logo"].text_frame.text == "Test Clinic"
    assert "infokit:logo:image" not in shapes
    long = shapes_by_name(rendered(write_brand(organization=LONG_NAME)))["infokit:logo"]
    assert long.text_frame.text == LONG_NAME and _fits_shape(long)


def test_qr_code_is_a_vector_shape_with_alt_text_and_a_link(write_brand: Callable[..., Path]) -> None:
    r = rendered(write_brand())
    code = shapes_by_name(r)["infokit:qr:code"]
    assert code._element.xpath(".//a:custGeom//a:moveTo")
    assert code._element.xpath(".//p:cNvPr/@descr")[0] == "QR code: test-clinic.example/book"  # as printed
    assert code._element.xpath(".//p:cNvPr/a:hlinkClick")


def test_text_overrides_win_over_the_catalogue(write_brand: Callable[..., Path]) -> None:
    r = rendered(write_brand(text={"headline": "See us online", "footer": "Call {{organization}}"}))
    text = slide_text(r)
    assert "See us online" in text and "Call Test Clinic" in text


def test_same_inputs_give_the_same_bytes(write_brand: Callable[..., Path]) -> None:
    path = write_brand(with_logo=True)
    first = package.to_bytes(rendered(path).presentation)
    second = package.to_bytes(rendered(path).presentation)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {package.ZIP_EPOCH}


def test_document_properties(write_brand: Callable[..., Path]) -> None:
    props = rendered(write_brand()).presentation.core_properties
    assert props.title == "Test Clinic: How your video visit works"
    assert props.author == "Test Clinic" and props.language == "en-US"


def _fits(r: render.Rendered, name: str) -> bool:
    return _fits_shape(shapes_by_name(r)[name])


def _fits_shape(shape: object) -> bool:
    sp = shape._element  # type: ignore[attr-defined]
    m = fit.measured_lines(sp, fit.Fonts(brand.DEFAULT_FONT, brand.DEFAULT_FONT, "Noto Sans CJK KR"))
    return m["text_height"] <= m["box_height"]


@pytest.mark.parametrize("language", ["en", "ru", "ko"])
def test_long_names_and_notes_are_shrunk_to_fit(language: str, write_brand: Callable[..., Path]) -> None:
    notes = [("Please have your documents, questions and a quiet room ready before you join. " * 3)[:200]] * 5
    r = rendered(write_brand(organization=LONG_NAME, notes=notes, language=language))
    for name in ("Header", "infokit:notes", "infokit:links"):
        assert _fits(r, name), name
    sizes = [int(s) for s in shapes_by_name(r)["infokit:notes"]._element.xpath(".//a:rPr/@sz")]
    assert max(sizes) < 1100  # shrunk from the designed 11 pt


def test_text_that_cannot_fit_is_a_clear_error(write_brand: Callable[..., Path]) -> None:
    from infokit.errors import FitError

    with pytest.raises(FitError) as info:
        rendered(write_brand(text={"qr_hint": "W" * 190}))  # within the limit, too wide to fit
    problem = info.value.problems[0]
    assert problem.key == "text.qr_hint", "the brand key, not the template's shape"
    assert "Shorten it (190 characters) by about" in problem.message


def test_shapes_that_differ_only_in_number_share_one_type_size(write_brand: Callable[..., Path]) -> None:
    """Step 3's Russian body is the longest; the other steps shrink with it."""
    r = rendered(write_brand(language="ru"))
    shapes = shapes_by_name(r)
    title_sizes = {shapes[f"Step {i} text"]._element.xpath(".//a:p[1]//a:rPr/@sz")[0] for i in range(1, 5)}
    assert len(title_sizes) == 1


def test_text_may_name_any_link_as_it_is_printed(write_brand: Callable[..., Path]) -> None:
    path = write_brand(
        links={"booking": "https://clinic.example/book/", "phone": "tel:+1-555-0100"},
        text={"footer": "Call {{links.phone}} or book at {{links.booking}}; help: {{links.help}}."},
    )
    texts = [s.text_frame.text for s in rendered(path).presentation.slides[0].shapes if s.has_text_frame]
    assert "Call +1-555-0100 or book at clinic.example/book; help: ." in texts
