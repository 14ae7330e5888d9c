"""The XML work of filling the named shapes of the template contract (contract.SLOTS
says which shapes there are; fillers.py decides what goes in each)."""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.util import Emu, Pt

from infokit import contract, images, ooxml
from infokit.ooxml import Element, Paint, qn
from infokit.tokens import add_hyperlink

EMU_PER_INCH = 914400
QR_QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
_QR_UNIT = 100  # path units per module; runs overlap by 2 so no hairline seams show


@dataclass(frozen=True)
class LinkEntry:
    label: str
    url: str
    shown: str


def link_rid(slide: Slide, url: str) -> str:
    rid: str = slide.part.relate_to(url, RT.HYPERLINK, is_external=True)
    return rid


def set_alt_text(shape_el: Element, text: str) -> None:
    """Alt text lives in ``cNvPr/@descr`` (python-pptx has no API for it, #1139)."""
    c_nv_pr = shape_el.find(f".//{qn('p:cNvPr')}")
    if c_nv_pr is not None:
        c_nv_pr.set("descr", text)


def set_click(shape_el: Element, rid: str) -> None:
    """A click on the whole shape opens the link (``cNvPr/a:hlinkClick``)."""
    c_nv_pr = shape_el.find(f".//{qn('p:cNvPr')}")
    if c_nv_pr is not None:
        ooxml.set_click(c_nv_pr, rid)


def clear_text(shape: Shape) -> None:
    if shape.has_text_frame:
        body = shape.text_frame._txBody
        paragraphs = body.findall(qn("a:p"))
        for p in paragraphs[1:]:
            body.remove(p)
        for run in paragraphs[0].findall(qn("a:r")) if paragraphs else []:
            paragraphs[0].remove(run)


def remove(shape: BaseShape) -> None:
    el = shape._element
    el.getparent().remove(el)


def _inner_box(shape: BaseShape, padding: float) -> tuple[int, int, int, int]:
    pad_x = round(shape.width * padding)
    pad_y = round(shape.height * padding)
    pad = min(pad_x, pad_y)
    return shape.left + pad, shape.top + pad, shape.width - 2 * pad, shape.height - 2 * pad


LOGO_PADDING = 0.08
"""Of the logo box's shorter side, kept clear around the logo."""


def logo_area_inches(box: BaseShape) -> tuple[float, float]:
    """Width and height of the area a logo is fitted into, in inches (for print checks)."""
    _, _, width, height = _inner_box(box, LOGO_PADDING)
    return width / EMU_PER_INCH, height / EMU_PER_INCH


def paint_backdrop(box: Shape, paint: Paint) -> None:
    """The logo box's fill: a plate the logo shows on."""
    ooxml.set_fill(box._element.spPr, paint)


def place_logo(slide: Slide, box: Shape, logo: images.Bitmap, alt: str) -> None:
    """Fit the logo inside the box, aspect kept, centred; the box stays as its backdrop."""
    clear_text(box)
    left, top, width, height = images.contain(logo.width, logo.height, _inner_box(box, LOGO_PADDING))
    picture = slide.shapes.add_picture(io.BytesIO(logo.data), Emu(left), Emu(top), Emu(width), Emu(height))
    picture.name = contract.with_tag_of("infokit:logo:image", box.name)  # moves with its box
    set_alt_text(picture._element, alt)
    box._element.addnext(picture._element)  # just above its box in z-order


def place_wordmark(box: Shape, organization: str) -> None:
    """The organization's name in the logo box, in the heading font and brand colour.

    Fitted and contrast-checked like any other text (render does both afterwards).
    """
    clear_text(box)
    frame = box.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(EMU_PER_INCH // 10)
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    run = paragraph.add_run()
    run._r.get_or_add_rPr().set("lang", "en-US")  # the language pass sets the page's own
    run.font.size = Pt(20)
    run.font.bold = True
    run.font.color.theme_color = MSO_THEME_COLOR.ACCENT_1
    run.font.name = "+mj-lt"  # the theme's heading font, Latin and East Asian
    run.font._rPr.get_or_add_latin().addnext(ooxml.new("a:ea", typeface="+mj-ea"))
    run.text = organization


def place_qr(
    slide: Slide, box: Shape, url: str, alt: str, dark: Paint, light: Paint, *, draw: bool = True
) -> None:
    """A vector QR code of ``url`` centred in the box, its quiet zone painted ``light``.

    Vector, so it is sharp at any print resolution; ``dark``/``light`` are chosen by the
    renderer for contrast. ``draw=False``: the box only, sized and painted as for the
    code, which is left out (check reads the page, never prints it).
    """
    # The mask is the last thing segno chooses, by scoring all eight, and it changes
    # nothing but the pattern: without a code to draw, the first one gives the same size.
    qr = segno.make(url, error="m", micro=False, boost_error=False, mask=None if draw else 0)
    modules = int(qr.symbol_size(border=QR_QUIET_ZONE)[0])
    module_emu = int(min(box.width, box.height)) // modules
    side = module_emu * modules
    left = int(box.left) + (int(box.width) - side) // 2
    top = int(box.top) + (int(box.height) - side) // 2
    clear_text(box)
    _style_backdrop(box, light)
    box.left, box.top = Emu(left), Emu(top)
    box.width = box.height = Emu(side)
    if not draw:
        return
    matrix = [list(row) for row in qr.matrix]
    code = _qr_shape(matrix, modules, left, top, side, dark, _next_shape_id(slide))
    code.find(f".//{qn('p:cNvPr')}").set("name", contract.with_tag_of("infokit:qr:code", box.name))
    box._element.addnext(code)
    set_alt_text(code, alt)
    set_alt_text(box._element, "")  # the backdrop is not a second QR code for a screen reader
    set_click(code, link_rid(slide, url))


def _style_backdrop(box: BaseShape, light: Paint) -> None:
    ooxml.set_fill(box._element.find(qn("p:spPr")), light)


def _next_shape_id(slide: Slide) -> int:
    ids = [int(x) for x in slide.shapes._spTree.xpath("//@id") if str(x).isdigit()]
    return max(ids, default=1) + 1


def _qr_shape(
    matrix: Sequence[Sequence[int]],
    modules: int,
    left: int,
    top: int,
    side: int,
    dark: Paint,
    shape_id: int,
) -> Element:
    """A custom-geometry shape with one rectangle per run of dark modules in a row.

    Not python-pptx's FreeformBuilder: it scales each contour to the shape's extents
    and names the shape itself; one path of exact module units is what we want.
    """
    size = str(modules * _QR_UNIT)
    sp = ooxml.new("p:sp")
    nv = ooxml.sub(sp, "p:nvSpPr")
    ooxml.sub(nv, "p:cNvPr", id=str(shape_id), name="infokit:qr:code")
    ooxml.sub(nv, "p:cNvSpPr")
    ooxml.sub(nv, "p:nvPr")
    sp_pr = ooxml.sub(sp, "p:spPr")
    xfrm = ooxml.sub(sp_pr, "a:xfrm")
    ooxml.sub(xfrm, "a:off", x=str(left), y=str(top))
    ooxml.sub(xfrm, "a:ext", cx=str(side), cy=str(side))
    geom = ooxml.sub(sp_pr, "a:custGeom")
    for tag in ("a:avLst", "a:gdLst", "a:ahLst", "a:cxnLst"):
        ooxml.sub(geom, tag)
    ooxml.sub(geom, "a:rect", l="0", t="0", r="r", b="b")
    path = ooxml.sub(ooxml.sub(geom, "a:pathLst"), "a:path", w=size, h=size)
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            x0 = (start + QR_QUIET_ZONE) * _QR_UNIT
            x1 = (x + QR_QUIET_ZONE) * _QR_UNIT + 2
            y0 = (y + QR_QUIET_ZONE) * _QR_UNIT
            y1 = y0 + _QR_UNIT + 2
            for i, (px, py) in enumerate(((x0, y0), (x1, y0), (x1, y1), (x0, y1))):
                step = ooxml.sub(path, "a:lnTo" if i else "a:moveTo")
                ooxml.sub(step, "a:pt", x=str(px), y=str(py))
            ooxml.sub(path, "a:close")
    ooxml.set_fill(sp_pr, dark)
    ooxml.sub(ooxml.sub(sp_pr, "a:ln"), "a:noFill")
    return sp


def fill_notes(shape: Shape, items: Sequence[str]) -> None:
    """One paragraph per note, each a copy of the shape's first paragraph."""
    body = shape.text_frame._txBody
    paragraphs = body.findall(qn("a:p"))
    for p in paragraphs:
        body.remove(p)
    for item in items:
        body.append(_styled_paragraph(paragraphs[0], item))


def fill_links(slide: Slide, shape: Shape, entries: Sequence[LinkEntry]) -> None:
    """Label paragraph then address paragraph for each link, styled from the first two.

    Only the address is a hyperlink: PowerPoint and LibreOffice draw links in the
    theme's link colour, underlined, which would make the labels look like addresses.
    With a single styling paragraph the address follows the label on the same line.
    """
    body = shape.text_frame._txBody
    styles = body.findall(qn("a:p"))
    label_style = styles[0]
    address_style = styles[1] if len(styles) > 1 else None
    for p in styles:
        body.remove(p)
    for entry in entries:
        rid = link_rid(slide, entry.url)
        label = _styled_paragraph(label_style, entry.label)
        body.append(label)
        if address_style is None:
            run = copy.deepcopy(label.find(qn("a:r")))
            run.find(qn("a:t")).text = f"  {entry.shown}"
            label.find(qn("a:r")).addnext(run)
            add_hyperlink(run, rid)
        else:
            address = _styled_paragraph(address_style, entry.shown)
            add_hyperlink(address.find(qn("a:r")), rid)
            body.append(address)


def _styled_paragraph(style: Element, text: str) -> Element:
    p = copy.deepcopy(style)
    runs = p.findall(qn("a:r"))
    for extra in runs[1:]:
        p.remove(extra)
    if not runs:
        run = ooxml.new("a:r")
        end = p.find(qn("a:endParaRPr"))
        if end is not None:
            end.addprevious(run)
        else:
            p.append(run)
        ooxml.sub(run, "a:t")
        runs = [run]
    t = runs[0].find(qn("a:t"))
    if t is None:
        t = ooxml.sub(runs[0], "a:t")
    t.text = text
    return p


def link_shape(slide: Slide, shape: Shape, url: str) -> None:
    """Every run of the shape and the shape itself go to ``url``."""
    rid = link_rid(slide, url)
    set_click(shape._element, rid)
    if shape.has_text_frame:
        for run in shape.text_frame._txBody.iter(qn("a:r")):
            add_hyperlink(run, rid)
