"""The one OOXML layer: namespaces, ``qn()``, the element type and the small XML helpers
the render modules share.

Everything else speaks in values (a theme colour, an RGB, a relationship id) and calls
these helpers, which lean on python-pptx's own element classes where it has them
(``get_or_add_hlinkClick``, ``get_or_change_to_solidFill``, the autofit choice) so the
schema order is python-pptx's, not kept by hand here. Only this module, and images.py
for SVG, import lxml (tests/test_ooxml.py checks it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias, cast

from lxml import etree
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn as _pptx_qn
from pptx.oxml.shapes.shared import CT_ShapeProperties
from pptx.oxml.text import CT_RegularTextRun, CT_TextBodyProperties
from pptx.oxml.xmlchemy import OxmlElement

__all__ = [
    "CT",
    "HYPERLINK",
    "REL",
    "A",
    "Element",
    "P",
    "Paint",
    "R",
    "XMLSyntaxError",
    "add_hyperlink",
    "iter_tag",
    "localname",
    "new",
    "no_autofit",
    "parse",
    "qn",
    "serialize",
    "set_click",
    "set_fill",
    "set_run_colour",
    "sub",
]

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
HYPERLINK = f"{R}/hyperlink"
"""The relationship type of an external hyperlink."""

Element: TypeAlias = etree._Element
XMLSyntaxError = etree.XMLSyntaxError

# Parts we read ourselves (the theme, a template's raw parts) come from users: no
# entities, no DTD, no network, no billion-laughs trees.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class Paint:
    """A colour as DrawingML names it: a theme reference (``tx1``, ``accent1``) or an RGB.

    Render, contrast and slots pass these; only this module turns them into XML.
    """

    value: str
    theme: bool = False

    @classmethod
    def scheme(cls, name: str) -> Paint:
        return cls(name, theme=True)

    @classmethod
    def rgb(cls, hex_rrggbb: str) -> Paint:
        return cls(hex_rrggbb.upper())


def parse(data: bytes) -> Element:
    """A part's XML, parsed safely (raises XMLSyntaxError)."""
    return etree.fromstring(data, parser=_PARSER)


def serialize(root: Element) -> bytes:
    """A whole part, with the declaration PowerPoint writes."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def localname(el: Element) -> str:
    return str(etree.QName(el).localname)


def new(tag: str, **attrs: str) -> Element:
    """A new element (``"a:br"``) of python-pptx's class for that tag."""
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(key, value)
    return el


def sub(parent: Element, tag: str, **attrs: str) -> Element:
    """A new element appended to ``parent``, of python-pptx's class for that tag (lxml
    takes the class from the parent's parser). Made in place, not built apart and moved:
    a QR code is thousands of these, and OxmlElement's own namespace map made each one
    ten times dearer (9 ms of a 40 ms page, measured)."""
    return cast(Element, etree.SubElement(parent, qn(tag), attrs))


@functools.lru_cache(maxsize=512)
def qn(tag: str) -> str:
    """``"a:t"`` as lxml names it (``{http://...}t``): python-pptx's qn, remembered. Fit,
    flow and contrast ask for the same few tags thousands of times a page."""
    return str(_pptx_qn(tag))


def iter_tag(root: Element, tag: str) -> Iterator[Element]:
    """Every ``tag`` (``"a:t"``) under ``root``, itself included."""
    yield from root.iter(qn(tag))


def add_hyperlink(run: Element, rid: str) -> None:
    """Make a run a click-through link: a fresh ``a:hlinkClick`` in its properties."""
    rpr = cast(CT_RegularTextRun, run).get_or_add_rPr()
    rpr._remove_hlinkClick()
    rpr.add_hlinkClick(rid)


def set_click(c_nv_pr: Element, rid: str) -> None:
    """A click on the whole shape opens the link: ``cNvPr/a:hlinkClick``, its first child."""
    for old in c_nv_pr.findall(qn("a:hlinkClick")):
        c_nv_pr.remove(old)
    link = new("a:hlinkClick")
    link.set(qn("r:id"), rid)
    c_nv_pr.insert(0, link)


def set_run_colour(run: Element, paint: Paint) -> None:
    """The run's text in ``paint`` (any other fill of the run is replaced)."""
    rpr = cast(CT_RegularTextRun, run).get_or_add_rPr()
    _paint(rpr.get_or_change_to_solidFill(), paint)


def set_fill(sp_pr: Element, paint: Paint) -> None:
    """A shape's fill (``spPr``) in ``paint``, replacing any fill it had."""
    _paint(cast(CT_ShapeProperties, sp_pr).get_or_change_to_solidFill(), paint)


def _paint(solid_fill: Element, paint: Paint) -> None:
    for old in list(solid_fill):
        solid_fill.remove(old)
    sub(solid_fill, "a:schemeClr" if paint.theme else "a:srgbClr", val=paint.value)


def no_autofit(body_pr: Element) -> None:
    """Autofit off (``a:noAutofit``): the sizes we wrote are the sizes shown."""
    cast(CT_TextBodyProperties, body_pr).autofit = MSO_AUTO_SIZE.NONE
