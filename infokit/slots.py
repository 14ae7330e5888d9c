"""The named shapes of the template contract (DESIGN.md section 3, rule 3).

``infokit:logo``          the box the logo is fitted into (aspect kept, centred)
``infokit:qr:KEY``        a vector QR code of ``links.KEY``
``infokit:notes``         its first paragraph is the style of every note
``infokit:links``         one entry per link the brand gives: label, then address
``infokit:link:KEY``      its text and click go to ``links.KEY``; removed without it
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.util import Emu

from infokit import contract, images
from infokit.tokens import add_hyperlink

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EMU_PER_INCH = 914400
QR_QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
_QR_UNIT = 100  # path units per module; runs overlap by 2 so no hairline seams show


def _a(tag: str) -> str:
    return f"{{{A}}}{tag}"


@dataclass(frozen=True)
class LinkEntry:
    label: str
    url: str
    shown: str


def link_rid(slide: Slide, url: str) -> str:
    rid: str = slide.part.relate_to(url, RT.HYPERLINK, is_external=True)
    return rid


def set_alt_text(shape_el: etree._Element, text: str) -> None:
    """Alt text lives in ``cNvPr/@descr`` (python-pptx has no API for it, #1139)."""
    c_nv_pr = shape_el.find(f".//{{{P}}}cNvPr")
    if c_nv_pr is not None:
        c_nv_pr.set("descr", text)


def set_click(shape_el: etree._Element, rid: str) -> None:
    """A click on the whole shape opens the link (``cNvPr/a:hlinkClick``)."""
    c_nv_pr = shape_el.find(f".//{{{P}}}cNvPr")
    if c_nv_pr is None:
        return
    for old in c_nv_pr.findall(_a("hlinkClick")):
        c_nv_pr.remove(old)
    link = etree.SubElement(c_nv_pr, _a("hlinkClick"))
    link.set(f"{{{R}}}id", rid)
    c_nv_pr.insert(0, link)


def clear_text(shape: Shape) -> None:
    if shape.has_text_frame:
        body = shape.text_frame._txBody
        paragraphs = body.findall(_a("p"))
        for p in paragraphs[1:]:
            body.remove(p)
        for run in paragraphs[0].findall(_a("r")) if paragraphs else []:
            paragraphs[0].remove(run)


def remove(shape: BaseShape) -> None:
    el = shape._element
    el.getparent().remove(el)


def _inner_box(shape: BaseShape, padding: float) -> tuple[int, int, int, int]:
    pad_x = round(shape.width * padding)
    pad_y = round(shape.height * padding)
    pad = min(pad_x, pad_y)
    return shape.left + pad, shape.top + pad, shape.width - 2 * pad, shape.height - 2 * pad


def place_logo(slide: Slide, box: Shape, logo: images.Bitmap, alt: str) -> None:
    """Fit the logo inside the box, aspect kept, centred; the box stays as its backdrop."""
    clear_text(box)
    left, top, width, height = images.contain(logo.width, logo.height, _inner_box(box, 0.08))
    picture = slide.shapes.add_picture(io.BytesIO(logo.data), Emu(left), Emu(top), Emu(width), Emu(height))
    picture.name = contract.with_tag_of("infokit:logo:image", box.name)  # moves with its box
    set_alt_text(picture._element, alt)
    box._element.addnext(picture._element)  # just above its box in z-order


def place_wordmark(box: Shape, organization: str) -> None:
    """The organization's name in the logo box, in the heading font and brand colour.

    Fitted and contrast-checked like any other text (render does both afterwards).
    """
    clear_text(box)
    body = box.text_frame._txBody
    body_pr = body.find(_a("bodyPr"))
    body_pr.set("anchor", "ctr")
    for side in ("lIns", "rIns", "tIns", "bIns"):
        body_pr.set(side, str(EMU_PER_INCH // 10))
    body_pr.set("wrap", "square")
    p = body.find(_a("p"))
    p.insert(0, etree.fromstring(f'<a:pPr xmlns:a="{A}" algn="ctr"/>'))
    run = etree.fromstring(
        f'<a:r xmlns:a="{A}"><a:rPr lang="en-US" sz="2000" b="1"><a:solidFill><a:schemeClr val="accent1"/>'
        f'</a:solidFill><a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/></a:rPr><a:t></a:t></a:r>'
    )
    run.find(_a("t")).text = organization
    end = p.find(_a("endParaRPr"))
    if end is not None:
        end.addprevious(run)
    else:
        p.append(run)


def place_qr(slide: Slide, box: Shape, url: str, alt: str, dark: str, light: str) -> None:
    """A vector QR code of ``url`` centred in the box, its quiet zone painted ``light``.

    Vector, so it is sharp at any print resolution; ``dark``/``light`` are DrawingML
    colour elements (scheme or RGB) chosen by the renderer for contrast.
    """
    qr = segno.make(url, error="m", micro=False, boost_error=False)
    matrix = [list(row) for row in qr.matrix]
    modules = len(matrix) + 2 * QR_QUIET_ZONE
    module_emu = int(min(box.width, box.height)) // modules
    side = module_emu * modules
    left = int(box.left) + (int(box.width) - side) // 2
    top = int(box.top) + (int(box.height) - side) // 2
    clear_text(box)
    _style_backdrop(box, light)
    box.left, box.top = Emu(left), Emu(top)
    box.width = box.height = Emu(side)
    code = _qr_shape(matrix, modules, left, top, side, dark, _next_shape_id(slide))
    code.find(f".//{{{P}}}cNvPr").set("name", contract.with_tag_of("infokit:qr:code", box.name))
    box._element.addnext(code)
    set_alt_text(code, alt)
    set_alt_text(box._element, "")  # the backdrop is not a second QR code for a screen reader
    set_click(code, link_rid(slide, url))


def _style_backdrop(box: BaseShape, light: str) -> None:
    sp_pr = box._element.find(f"{{{P}}}spPr")
    for tag in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill"):
        for old in sp_pr.findall(_a(tag)):
            sp_pr.remove(old)
    fill = etree.fromstring(f'<a:solidFill xmlns:a="{A}">{light}</a:solidFill>')
    geom = sp_pr.find(_a("prstGeom"))
    if geom is None:
        geom = sp_pr.find(_a("custGeom"))
    (geom if geom is not None else sp_pr[-1]).addnext(fill)


def _next_shape_id(slide: Slide) -> int:
    ids = [int(x) for x in slide.shapes._spTree.xpath("//@id") if str(x).isdigit()]
    return max(ids, default=1) + 1


def _qr_shape(
    matrix: Sequence[Sequence[int]],
    modules: int,
    left: int,
    top: int,
    side: int,
    dark: str,
    shape_id: int,
) -> etree._Element:
    size = modules * _QR_UNIT
    path_parts = []
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
            path_parts.append(
                f'<a:moveTo><a:pt x="{x0}" y="{y0}"/></a:moveTo>'
                f'<a:lnTo><a:pt x="{x1}" y="{y0}"/></a:lnTo>'
                f'<a:lnTo><a:pt x="{x1}" y="{y1}"/></a:lnTo>'
                f'<a:lnTo><a:pt x="{x0}" y="{y1}"/></a:lnTo><a:close/>'
            )
    xml = (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}">'
        f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="infokit:qr:code"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{side}" cy="{side}"/></a:xfrm>'
        f'<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
        f'<a:pathLst><a:path w="{size}" h="{size}">{"".join(path_parts)}</a:path></a:pathLst>'
        f"</a:custGeom><a:solidFill>{dark}</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )
    return etree.fromstring(xml)


def fill_notes(shape: Shape, items: Sequence[str]) -> None:
    """One paragraph per note, each a copy of the shape's first paragraph."""
    body = shape.text_frame._txBody
    paragraphs = body.findall(_a("p"))
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
    styles = body.findall(_a("p"))
    label_style = styles[0]
    address_style = styles[1] if len(styles) > 1 else None
    for p in styles:
        body.remove(p)
    for entry in entries:
        rid = link_rid(slide, entry.url)
        label = _styled_paragraph(label_style, entry.label)
        body.append(label)
        if address_style is None:
            run = copy.deepcopy(label.find(_a("r")))
            run.find(_a("t")).text = f"  {entry.shown}"
            label.find(_a("r")).addnext(run)
            add_hyperlink(run, rid)
        else:
            address = _styled_paragraph(address_style, entry.shown)
            add_hyperlink(address.find(_a("r")), rid)
            body.append(address)


def _styled_paragraph(style: etree._Element, text: str) -> etree._Element:
    p = copy.deepcopy(style)
    runs = p.findall(_a("r"))
    for extra in runs[1:]:
        p.remove(extra)
    if not runs:
        run = etree.Element(_a("r"))
        end = p.find(_a("endParaRPr"))
        if end is not None:
            end.addprevious(run)
        else:
            p.append(run)
        etree.SubElement(run, _a("t"))
        runs = [run]
    t = runs[0].find(_a("t"))
    if t is None:
        t = etree.SubElement(runs[0], _a("t"))
    t.text = text
    return p


def link_shape(slide: Slide, shape: Shape, url: str) -> None:
    """Every run of the shape and the shape itself go to ``url``."""
    rid = link_rid(slide, url)
    set_click(shape._element, rid)
    if shape.has_text_frame:
        for run in shape.text_frame._txBody.iter(_a("r")):
            add_hyperlink(run, rid)
