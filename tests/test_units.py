"""Unit tests on tiny in-memory decks (python-pptx ``Presentation()`` with a shape or two)
for the modules under render: theme, slots, fit, contrast and package.

Each builds only what it needs, in memory, so it runs in milliseconds and names the
module that broke; the golden and end-to-end tests cover the real templates.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as PresentationT
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Inches, Pt

from infokit import colors, contrast, fit, ooxml, package, slots, theme
from infokit.errors import FitError
from infokit.ooxml import Element, Paint, qn

SCHEME = theme.scheme_from_palette("0F6CBD", "2886DE", "F7630C", "242424", "FFFFFF")
FONTS = fit.Fonts("DejaVu Sans", "DejaVu Sans", "Noto Sans CJK KR")


def _slide() -> tuple[PresentationT, Slide]:
    prs = Presentation()
    return prs, prs.slides.add_slide(prs.slide_layouts[6])  # the blank layout


def _box(slide: Slide, text: str, width: float = 3.0, height: float = 1.0, size: int = 18) -> Shape:
    box: Shape = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(width), Inches(height))
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
    return box


def _run(box: Shape) -> Element:
    run: Element = box.text_frame.paragraphs[0].runs[0]._r
    return run


# theme -----------------------------------------------------------------------------


def test_theme_apply_writes_the_palette_and_fonts_read_back() -> None:
    prs, _ = _slide()
    theme.apply(prs, SCHEME, theme.ThemeFonts("Noto Serif", "Noto Sans", "Noto Sans CJK KR"), "Contoso")
    assert theme.read_scheme(prs) == SCHEME
    assert theme.read_fonts(prs) == theme.ThemeFonts("Noto Serif", "Noto Sans", "Noto Sans CJK KR")


def test_the_derived_link_colour_is_readable_on_the_background() -> None:
    light_primary = theme.scheme_from_palette("9FD3FF", "2886DE", "F7630C", "242424", "FFFFFF")
    assert colors.contrast(light_primary["hlink"], "FFFFFF") >= colors.AA_NORMAL


# contrast --------------------------------------------------------------------------


def test_contrast_switches_a_failing_run_to_the_theme_text_colour() -> None:
    _, slide = _slide()
    box = _box(slide, "Book a time")
    ooxml.set_fill(box._element.spPr, Paint.rgb("FFFFFF"))
    ooxml.set_run_colour(_run(box), Paint.rgb("FFFF00"))  # 1.1:1 on white
    fixes = contrast.fix_slide([(box._element, "Intro")], SCHEME)
    assert [(f.where, f.wanted, f.used) for f in fixes] == [("Intro", "FFFF00", "242424")]
    fill = _run(box).find(f"{qn('a:rPr')}/{qn('a:solidFill')}")
    assert fill is not None and [(c.tag, c.get("val")) for c in fill] == [(qn("a:schemeClr"), "tx1")]


def test_contrast_leaves_readable_text_alone() -> None:
    _, slide = _slide()
    box = _box(slide, "Book a time")
    assert contrast.fix_slide([(box._element, "Intro")], SCHEME) == []
    assert _run(box).find(f"{qn('a:rPr')}/{qn('a:solidFill')}") is None


def test_contrast_falls_back_to_black_or_white_when_the_theme_has_neither() -> None:
    grey = dict(SCHEME, dk1="777777", lt1="888888")
    _, slide = _slide()
    box = _box(slide, "Join", size=10)
    ooxml.set_fill(box._element.spPr, Paint.rgb("808080"))
    (fix,) = contrast.fix_slide([(box._element, "Step")], grey)
    assert fix.used in ("000000", "FFFFFF") and fix.ratio_used >= 4.5


def test_resolve_colour_applies_luminance_modifiers() -> None:
    _, slide = _slide()
    box = _box(slide, "x")
    ooxml.set_run_colour(_run(box), Paint.rgb("FF0000"))
    clr = _run(box).find(f"{qn('a:rPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")
    assert contrast.resolve_colour(clr, SCHEME) == "FF0000"
    assert clr is not None
    clr.append(clr.makeelement(qn("a:lumMod"), {"val": "50000"}))
    assert contrast.resolve_colour(clr, SCHEME) == "800000"


# fit -------------------------------------------------------------------------------


def test_fit_keeps_text_that_fits_at_its_size() -> None:
    _, slide = _slide()
    box = _box(slide, "Book a time", width=4, height=1)
    assert fit.fit_scale(box._element, FONTS, "Intro", "t: Intro") == 1.0


def test_fit_shrinks_long_text_to_its_box_and_turns_autofit_off() -> None:
    _, slide = _slide()
    box = _box(slide, "Join five minutes early to check your camera. " * 6, width=3, height=1, size=24)
    scale = fit.fit_scale(box._element, FONTS, "Intro", "t: Intro")
    assert fit.floor_scale([24.0]) <= scale < 1.0
    fit.apply_scale(box._element, FONTS, scale)
    measured = fit.measured_lines(box._element, FONTS)
    assert measured["text_height"] <= measured["box_height"]
    body_pr = box.text_frame._txBody.find(qn("a:bodyPr"))
    assert body_pr is not None and [c.tag for c in body_pr] == [qn("a:noAutofit")]
    size = _run(box).find(qn("a:rPr"))
    assert size is not None and fit.MIN_PT * 100 <= int(size.get("sz", "0")) < 2400


def test_fit_names_text_that_cannot_fit_even_at_the_floor() -> None:
    _, slide = _slide()
    box = _box(slide, "word " * 400, width=1, height=0.3)
    with pytest.raises(FitError, match="does not fit even at 7 pt"):
        fit.fit_scale(box._element, FONTS, "Notes", "t: Notes")


# slots -----------------------------------------------------------------------------


def test_fill_notes_copies_the_first_paragraph_style_for_each_note() -> None:
    _, slide = _slide()
    box = _box(slide, "style", size=11)
    slots.fill_notes(box, ["Have your card ready.", "Join five minutes early."])
    paragraphs = box.text_frame.paragraphs
    assert [p.text for p in paragraphs] == ["Have your card ready.", "Join five minutes early."]
    assert all(p.runs[0].font.size == Pt(11) for p in paragraphs)


def test_link_shape_makes_every_run_and_the_shape_a_link() -> None:
    _, slide = _slide()
    box = _box(slide, "Billing")
    slots.link_shape(slide, box, "https://contoso.example/billing")
    rid = _run(box).find(f"{qn('a:rPr')}/{qn('a:hlinkClick')}")
    assert rid is not None
    assert slide.part.rels[rid.get(qn("r:id"))].target_ref == "https://contoso.example/billing"
    click = box._element.find(f".//{qn('p:cNvPr')}/{qn('a:hlinkClick')}")
    assert click is not None and click.get(qn("r:id")) == rid.get(qn("r:id"))


def test_place_qr_draws_a_square_code_on_a_light_backdrop() -> None:
    _, slide = _slide()
    box: Shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(1), Inches(2), Inches(1.5))
    box.name = "infokit:qr:booking"
    slots.place_qr(slide, box, "https://contoso.example/book", "QR", Paint.scheme("tx1"), Paint.rgb("ffffff"))
    assert box.width == box.height
    code = box._element.getnext()
    assert code is not None
    fills = [f[0].get("val") for f in (code, box._element) for f in f.iter(qn("a:solidFill"))]
    assert fills == ["tx1", "FFFFFF"]
    assert len(code.findall(f".//{qn('a:moveTo')}")) > 20  # one per run of dark modules


# package ---------------------------------------------------------------------------


def test_to_bytes_is_the_same_for_the_same_deck() -> None:
    prs, slide = _slide()
    _box(slide, "Same bytes")
    first = package.to_bytes(prs)
    assert package.to_bytes(prs) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {package.ZIP_EPOCH}


def test_strip_external_links_keeps_hyperlinks_only() -> None:
    prs, slide = _slide()
    slide.part.relate_to("https://contoso.example/", RT.HYPERLINK, is_external=True)
    slide.part.relate_to("https://tracker.example/pixel.png", RT.IMAGE, is_external=True)
    assert package.strip_external_links(prs) == 1
    kinds = [r.reltype for r in slide.part.rels.values() if r.is_external]
    assert kinds == [RT.HYPERLINK]
