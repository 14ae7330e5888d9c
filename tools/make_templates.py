"""Generate the built-in templates: templates/<industry>-<paper>.pptx.

Run after changing the layout:  python tools/make_templates.py
(needs `pip install svgelements`, used only here to turn SVG icon paths into DrawingML).

The output is an ordinary .pptx a designer can open and edit in PowerPoint. It keeps
the template contract (DESIGN.md section 3): colours and fonts from the theme only,
text as {{tokens}}, and the named shapes infokit fills. Every string is a token whose
words live in infokit/catalog/<language>.yaml, so no translation needs PowerPoint.
"""

from __future__ import annotations

import copy
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import svgelements
from lxml import etree
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from infokit.package import to_bytes  # noqa: E402

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
ICONS = ROOT / "templates" / "icons"
PAPERS = {"letter": (8.5, 11.0), "a4": (8.27, 11.69)}
T = MSO_THEME_COLOR
HEADING, BODY = "+mj-lt", "+mn-lt"

STEP_ICONS = {
    "healthcare": ("calendar_ltr", "mail_checkmark", "video_person", "stethoscope"),
    "financial": ("calendar_checkmark", "mail", "laptop", "people_chat"),
    "retail": ("calendar_ltr", "mail", "video", "shopping_bag"),
    "generic": ("calendar_ltr", "mail", "video_person", "people"),
}


@dataclass(frozen=True)
class Run:
    text: str
    size: float
    color: MSO_THEME_COLOR = T.TEXT_1
    bold: bool = False
    font: str = BODY


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    align: PP_ALIGN = PP_ALIGN.LEFT
    space_before: float = 0
    space_after: float = 0
    line: float = 1.0
    bullet: str | None = None
    bullet_color: MSO_THEME_COLOR | None = None
    indent: float = 0.0


def para(
    text: str,
    size: float,
    color: MSO_THEME_COLOR = T.TEXT_1,
    bold: bool = False,
    font: str = BODY,
    **kw: object,
) -> Para:
    return Para((Run(text, size, color, bold, font),), **kw)  # type: ignore[arg-type]


class Page:
    def __init__(self, width: float, height: float) -> None:
        self.prs = Presentation()
        self.prs.slide_width = Inches(width)
        self.prs.slide_height = Inches(height)
        self.W, self.H = width, height
        self.slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # blank
        self._strip_masters()

    def _strip_masters(self) -> None:
        """Keep only the blank layout: a smaller deck and no stray placeholders."""
        master = self.prs.slide_masters[0]
        keep = self.slide.slide_layout
        for layout in list(master.slide_layouts):
            if layout != keep:
                master.slide_layouts.remove(layout)

    def box(
        self,
        name: str,
        x: float,
        y: float,
        w: float,
        h: float,
        shape: MSO_SHAPE = MSO_SHAPE.RECTANGLE,
        fill: MSO_THEME_COLOR | None = None,
        line: MSO_THEME_COLOR | None = None,
        radius: float | None = None,
    ):
        sp = self.slide.shapes.add_shape(shape, Inches(x), Inches(y), Inches(w), Inches(h))
        sp.name = name
        if fill is None:
            sp.fill.background()
        else:
            sp.fill.solid()
            sp.fill.fore_color.theme_color = fill
        if line is None:
            sp.line.fill.background()
        else:
            sp.line.color.theme_color = line
            sp.line.width = Pt(1)
        if radius is not None:
            sp.adjustments[0] = radius
        sp.shadow.inherit = False
        _no_style(sp)
        return sp

    def text(
        self,
        name: str,
        x: float,
        y: float,
        w: float,
        h: float,
        paras: list[Para],
        anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
        fill: MSO_THEME_COLOR | None = None,
        inset: tuple[float, float, float, float] = (0.05, 0.03, 0.05, 0.03),
        shape: MSO_SHAPE = MSO_SHAPE.RECTANGLE,
    ):
        sp = self.box(name, x, y, w, h, shape=shape, fill=fill)
        fill_text(sp, paras, anchor, inset)
        return sp

    def icon(
        self, name: str, icon: str, x: float, y: float, size: float, color: MSO_THEME_COLOR, alt: str
    ) -> None:
        self.slide.shapes._spTree.append(icon_shape(name, icon, x, y, size, color, self.next_id(), alt))

    def next_id(self) -> int:
        return max(int(i) for i in self.slide.shapes._spTree.xpath("//@id")) + 1


def _no_style(sp) -> None:
    """Drop the p:style python-pptx adds, so nothing comes from the theme's effect styles."""
    style = sp._element.find(f"{{{P}}}style")
    if style is not None:
        sp._element.remove(style)


def fill_text(sp, paras: list[Para], anchor: MSO_ANCHOR, inset: tuple[float, float, float, float]) -> None:
    tf = sp.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left, tf.margin_top, tf.margin_right, tf.margin_bottom = (Inches(v) for v in inset)
    body_pr = tf._txBody.find(f"{{{A}}}bodyPr")
    etree.SubElement(body_pr, f"{{{A}}}noAutofit")
    for i, spec in enumerate(paras):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = spec.align
        if spec.space_before:
            p.space_before = Pt(spec.space_before)
        if spec.space_after:
            p.space_after = Pt(spec.space_after)
        if spec.line != 1.0:
            p.line_spacing = spec.line
        for run_spec in spec.runs:
            r = p.add_run()
            r.text = run_spec.text
            f = r.font
            f.size = Pt(run_spec.size)
            f.bold = run_spec.bold
            f.color.theme_color = run_spec.color
            rpr = r._r.get_or_add_rPr()
            latin = etree.SubElement(rpr, f"{{{A}}}latin")
            latin.set("typeface", run_spec.font)
            ea = etree.SubElement(rpr, f"{{{A}}}ea")
            ea.set("typeface", "+mj-ea" if run_spec.font == HEADING else "+mn-ea")
        if spec.bullet:
            _bullet(p, spec)
        end = p._p.get_or_add_endParaRPr()
        end.set("sz", str(int(spec.runs[0].size * 100)))


def _bullet(p, spec: Para) -> None:
    ppr = p._p.get_or_add_pPr()
    ppr.set("marL", str(Inches(spec.indent)))
    ppr.set("indent", str(-Inches(spec.indent)))
    for tag in ("buClr", "buSzPct", "buFont", "buChar"):
        for old in ppr.findall(f"{{{A}}}{tag}"):
            ppr.remove(old)
    color = {T.ACCENT_1: "accent1", T.ACCENT_3: "accent3", T.TEXT_2: "tx2"}[spec.bullet_color or T.ACCENT_1]
    xml = (
        f'<a:buClr xmlns:a="{A}"><a:schemeClr val="{color}"/></a:buClr>'
        f'<a:buSzPct xmlns:a="{A}" val="110000"/>'
        f'<a:buFontTx xmlns:a="{A}"/>'
        f'<a:buChar xmlns:a="{A}" char="{spec.bullet}"/>'
    )
    for el in etree.fromstring(f'<x xmlns:a="{A}">{xml}</x>'):
        ppr.append(copy.deepcopy(el))


def icon_shape(
    name: str, icon: str, x: float, y: float, size: float, color: MSO_THEME_COLOR, shape_id: int, alt: str
) -> etree._Element:
    """A Fluent SVG icon as one DrawingML freeform, filled with a theme colour."""
    svg = (ICONS / f"{icon}_24_regular.svg").read_text()
    d = re.search(r' d="([^"]+)"', svg).group(1)
    scale = 1000
    commands = []
    for seg in svgelements.Path(d):
        if isinstance(seg, svgelements.Move):
            commands.append(f"<a:moveTo>{_pt(seg.end, scale)}</a:moveTo>")
        elif isinstance(seg, svgelements.Close):
            commands.append("<a:close/>")
        elif isinstance(seg, svgelements.Line):
            commands.append(f"<a:lnTo>{_pt(seg.end, scale)}</a:lnTo>")
        elif isinstance(seg, svgelements.CubicBezier):
            commands.append(_cubic(seg, scale))
        elif isinstance(seg, svgelements.QuadraticBezier):
            commands.append(f"<a:quadBezTo>{_pt(seg.control, scale)}{_pt(seg.end, scale)}</a:quadBezTo>")
        elif isinstance(seg, svgelements.Arc):
            commands.extend(_cubic(c, scale) for c in seg.as_cubic_curves())
        else:
            raise ValueError(f"{icon}: unsupported segment {seg!r}")
    slot = {T.BACKGROUND_1: "bg1", T.ACCENT_1: "accent1", T.TEXT_2: "tx2"}[color]
    emu = Inches(size)
    xml = (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}" '
        f'descr="{alt}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{Inches(x)}" y="{Inches(y)}"/><a:ext cx="{emu}" cy="{emu}"/></a:xfrm>'
        f'<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
        f'<a:pathLst><a:path w="{24 * scale}" h="{24 * scale}">{"".join(commands)}</a:path></a:pathLst>'
        f'</a:custGeom><a:solidFill><a:schemeClr val="{slot}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        f"</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>"
        f'<a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>'
    )
    return etree.fromstring(xml)


def _pt(point, scale: int) -> str:
    return f'<a:pt x="{round(point.x * scale)}" y="{round(point.y * scale)}"/>'


def _cubic(seg, scale: int) -> str:
    points = "".join(_pt(p, scale) for p in (seg.control1, seg.control2, seg.end))
    return f"<a:cubicBezTo>{points}</a:cubicBezTo>"


def build(industry: str, paper: str) -> bytes:
    W, H = PAPERS[paper]
    page = Page(W, H)
    m = 0.45  # page margin
    extra = H - 11.0  # A4 is taller: the extra height goes to the steps and the panels

    # Header band: organization, headline, intro on the brand's primary colour.
    header_h = 2.2
    page.text(
        "Header",
        0,
        0,
        W,
        header_h,
        [
            para("{{organization}}", 13, T.BACKGROUND_1, bold=True, space_after=3),
            para("{{text.headline}}", 27, T.BACKGROUND_1, bold=True, font=HEADING, line=0.95),
            para("{{text.intro}}", 12.5, T.BACKGROUND_1, space_before=6),
        ],
        anchor=MSO_ANCHOR.MIDDLE,
        fill=T.ACCENT_1,
        inset=(m + 2.45, 0.3, m, 0.3),
    )
    page.box(
        "infokit:logo",
        m,
        0.38,
        2.2,
        header_h - 0.76,
        MSO_SHAPE.ROUNDED_RECTANGLE,
        fill=T.BACKGROUND_1,
        radius=0.08,
    )
    page.box("Header accent", 0, header_h, W, 0.08, fill=T.ACCENT_3)

    # How it works: four steps down the page, each a pictogram in a circle.
    top = header_h + 0.26
    page.text(
        "Steps title",
        m,
        top,
        W - 2 * m,
        0.42,
        [para("{{text.steps_title}}", 17, T.TEXT_2, bold=True, font=HEADING)],
    )
    row_h = 0.9 + extra * 0.5 / 4
    first = top + 0.52
    circle = 0.72
    for i, icon in enumerate(STEP_ICONS[industry]):
        y = first + i * row_h
        if i < 3:
            line = page.slide.shapes.add_connector(
                MSO_CONNECTOR.STRAIGHT,
                Inches(m + circle / 2),
                Inches(y + circle),
                Inches(m + circle / 2),
                Inches(y + row_h),
            )
            line.name = f"Step {i + 1} connector"
            line.line.color.theme_color = T.ACCENT_4
            line.line.width = Pt(2.5)
        page.box(f"Step {i + 1} circle", m, y, circle, circle, MSO_SHAPE.OVAL, fill=T.ACCENT_1)
        icon_size = circle * 0.55
        page.icon(
            f"Step {i + 1} pictogram",
            icon,
            m + (circle - icon_size) / 2,
            y + (circle - icon_size) / 2,
            icon_size,
            T.BACKGROUND_1,
            alt=f"{{{{text.step{i + 1}_title}}}}",  # alt text: the step it pictures
        )
        badge = 0.3
        page.text(
            f"Step {i + 1} number",
            m + circle - badge * 0.75,
            y - 0.04,
            badge,
            badge,
            [para(str(i + 1), 10.5, T.BACKGROUND_1, bold=True, align=PP_ALIGN.CENTER)],
            anchor=MSO_ANCHOR.MIDDLE,
            fill=T.ACCENT_3,
            inset=(0, 0, 0, 0),
            shape=MSO_SHAPE.OVAL,
        )
        text_x = m + circle + 0.3
        page.text(
            f"Step {i + 1} text",
            text_x,
            y - 0.04,
            W - m - text_x,
            row_h - 0.08,
            [
                para(f"{{{{text.step{i + 1}_title}}}}", 13.5, T.TEXT_2, bold=True, font=HEADING),
                para(f"{{{{text.step{i + 1}_body}}}}", 11.5, T.TEXT_1, space_before=2, line=1.05),
            ],
        )

    # Bottom: "before you join" on the left (the brand's notes need the most room),
    # the QR code and the links on the right.
    bottom = first + 4 * row_h + 0.1
    footer_h = 0.55
    panel_h = H - footer_h - 0.22 - bottom
    notes_w = (W - 2 * m) * 0.56
    page.box(
        "Before panel",
        m,
        bottom,
        notes_w,
        panel_h,
        MSO_SHAPE.ROUNDED_RECTANGLE,
        fill=T.BACKGROUND_2,
        radius=0.05,
    )
    page.icon(
        "Before pictogram",
        "checkmark_circle",
        m + 0.2,
        bottom + 0.2,
        0.3,
        T.ACCENT_1,
        alt="{{text.before_title}}",
    )
    page.text(
        "Before title",
        m + 0.58,
        bottom + 0.14,
        notes_w - 0.75,
        0.4,
        [para("{{text.before_title}}", 14.5, T.TEXT_2, bold=True, font=HEADING)],
        anchor=MSO_ANCHOR.MIDDLE,
    )
    page.text(
        "infokit:notes",
        m + 0.18,
        bottom + 0.62,
        notes_w - 0.36,
        panel_h - 0.74,
        [
            para(
                "A note for the client",
                11,
                T.TEXT_1,
                space_after=5,
                bullet="•",
                bullet_color=T.ACCENT_1,
                indent=0.2,
                line=1.05,
            )
        ],
    )

    right_x = m + notes_w + 0.22
    right_w = W - m - right_x
    qr = 1.15
    card_h = qr + 0.16
    page.box(
        "QR card",
        right_x,
        bottom,
        right_w,
        card_h,
        MSO_SHAPE.ROUNDED_RECTANGLE,
        fill=T.BACKGROUND_1,
        line=T.ACCENT_4,
        radius=0.08,
    )
    page.box("infokit:qr:booking", right_x + 0.08, bottom + 0.08, qr, qr, fill=T.BACKGROUND_1)
    page.text(
        "QR caption",
        right_x + qr + 0.14,
        bottom + 0.1,
        right_w - qr - 0.22,
        card_h - 0.2,
        [
            para("{{text.qr_caption}}", 13, T.TEXT_2, bold=True, font=HEADING),
            para("{{text.qr_hint}}", 9.5, T.TEXT_1, space_before=3),
        ],
        anchor=MSO_ANCHOR.MIDDLE,
    )
    links_top = bottom + card_h + 0.12
    page.text(
        "Links title",
        right_x,
        links_top,
        right_w,
        0.36,
        [para("{{text.links_title}}", 13, T.TEXT_2, bold=True, font=HEADING)],
        anchor=MSO_ANCHOR.MIDDLE,
    )
    page.text(
        "infokit:links",
        right_x,
        links_top + 0.38,
        right_w,
        bottom + panel_h - links_top - 0.38,
        [
            para("Link label", 9.5, T.TEXT_1, bold=True, space_before=3),
            para("link address", 9, T.ACCENT_1),
        ],
    )

    page.text(
        "Footer",
        0,
        H - footer_h,
        W,
        footer_h,
        [para("{{text.footer}}", 10.5, T.BACKGROUND_1, bold=True, align=PP_ALIGN.CENTER)],
        anchor=MSO_ANCHOR.MIDDLE,
        fill=T.ACCENT_2,
        inset=(m, 0.05, m, 0.05),
    )

    props = page.prs.core_properties
    props.title = f"infokit {industry} template ({paper})"
    props.author = "infokit"
    return to_bytes(page.prs)


def main() -> None:
    out = ROOT / "templates"
    for industry in STEP_ICONS:
        for paper in PAPERS:
            path = out / f"{industry}-{paper}.pptx"
            path.write_bytes(build(industry, paper))
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
