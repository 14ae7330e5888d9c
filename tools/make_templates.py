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
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.autoshape import Shape
from pptx.text.text import _Paragraph
from pptx.util import Inches, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from infokit import templates  # noqa: E402
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
    ) -> Shape:
        sp: Shape = self.slide.shapes.add_shape(shape, Inches(x), Inches(y), Inches(w), Inches(h))
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
    ) -> Shape:
        sp = self.box(name, x, y, w, h, shape=shape, fill=fill)
        fill_text(sp, paras, anchor, inset)
        return sp

    def icon(
        self, name: str, icon: str, x: float, y: float, size: float, color: MSO_THEME_COLOR, alt: str
    ) -> None:
        self.slide.shapes._spTree.append(icon_shape(name, icon, x, y, size, color, self.next_id(), alt))

    def next_id(self) -> int:
        return max(int(i) for i in self.slide.shapes._spTree.xpath("//@id")) + 1


def _no_style(sp: Shape) -> None:
    """Drop the p:style python-pptx adds, so nothing comes from the theme's effect styles."""
    style = sp._element.find(f"{{{P}}}style")
    if style is not None:
        sp._element.remove(style)


def fill_text(
    sp: Shape, paras: list[Para], anchor: MSO_ANCHOR, inset: tuple[float, float, float, float]
) -> None:
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


def _bullet(p: _Paragraph, spec: Para) -> None:
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
    found = re.search(r' d="([^"]+)"', svg)
    assert found, f"{icon}: no path in the icon"
    d = found.group(1)
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


def _pt(point: svgelements.Point, scale: int) -> str:
    return f'<a:pt x="{round(point.x * scale)}" y="{round(point.y * scale)}"/>'


def _cubic(seg: svgelements.CubicBezier, scale: int) -> str:
    points = "".join(_pt(p, scale) for p in (seg.control1, seg.control2, seg.end))
    return f"<a:cubicBezTo>{points}</a:cubicBezTo>"


MARGIN = 0.45
FOOTER_H = 0.55


def tag(name: str, block: int | None = None) -> str:
    """A flow tag (infokit/contract.py): the shape belongs to block ``block`` of the page."""
    return f"{name} @page" if block is None else f"{name} @page.{block}"


def build(industry: str, paper: str, layout: str) -> bytes:
    W, H = PAPERS[paper]
    page = Page(W, H)
    y = header(page, W, 1)
    steps_top = y + 0.25
    page.text(
        tag("Steps title", 2),
        MARGIN,
        steps_top,
        W - 2 * MARGIN,
        0.42,
        [
            para(
                "{{text.steps_title}}",
                17,
                T.TEXT_2,
                bold=True,
                font=HEADING,
                align=PP_ALIGN.CENTER if layout == "path" else PP_ALIGN.LEFT,
            )
        ],
    )
    y = COMPOSITIONS[layout](page, industry, W, steps_top + 0.5, 3)
    bottom_block = 9
    # Gaps share the page's spare room in proportion to their size: the one above the footer
    # is kept small so short content spreads through the page instead of pooling at its foot.
    bottom_top = y + 0.3
    bottom_h = H - FOOTER_H - 0.1 - bottom_top
    if layout == "cards":
        cards_bottom(page, W, bottom_top, bottom_h, bottom_block)
    else:
        notes_left = layout != "path"
        split = 0.52 if layout == "timeline" else 0.5
        bottom(page, W, bottom_top, bottom_h, bottom_block, notes_left, split)
    footer(page, W, H, 12)
    props = page.prs.core_properties
    props.title = f"infokit {industry} template, {layout} ({paper})"
    props.author = "infokit"
    return to_bytes(page.prs)


def header(page: Page, W: float, block: int) -> float:
    """The brand band: logo (or wordmark), name, headline, intro. Returns its bottom."""
    header_h = 1.8
    page.text(
        tag("Header", block),
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
        inset=(MARGIN + 2.45, 0.3, MARGIN, 0.3),
    )
    page.box(
        tag("infokit:logo", block),
        MARGIN,
        0.3,
        2.2,
        header_h - 0.6,
        MSO_SHAPE.ROUNDED_RECTANGLE,
        fill=T.BACKGROUND_1,
        radius=0.08,
    )
    page.box(tag("Header accent", block), 0, header_h, W, 0.08, fill=T.ACCENT_3)
    return header_h + 0.08


def footer(page: Page, W: float, H: float, block: int) -> None:
    page.text(
        tag("Footer", block),
        0,
        H - FOOTER_H,
        W,
        FOOTER_H,
        [para("{{text.footer}}", 10.5, T.BACKGROUND_1, bold=True, align=PP_ALIGN.CENTER)],
        anchor=MSO_ANCHOR.MIDDLE,
        fill=T.ACCENT_2,
        inset=(MARGIN, 0.05, MARGIN, 0.05),
    )


def step_paras(
    i: int, title: float = 13.5, body: float = 11.5, align: PP_ALIGN = PP_ALIGN.LEFT
) -> list[Para]:
    return [
        para(f"{{{{text.step{i + 1}_title}}}}", title, T.TEXT_2, bold=True, font=HEADING, align=align),
        para(f"{{{{text.step{i + 1}_body}}}}", body, T.TEXT_1, space_before=2, line=1.05, align=align),
    ]


def step_circle(page: Page, industry: str, i: int, x: float, y: float, circle: float, block: int) -> None:
    """A pictogram in a brand-coloured circle, its number on an accent badge."""
    page.box(tag(f"Step {i + 1} circle", block), x, y, circle, circle, MSO_SHAPE.OVAL, fill=T.ACCENT_1)
    icon_size = circle * 0.55
    page.icon(
        tag(f"Step {i + 1} pictogram", block),
        STEP_ICONS[industry][i],
        x + (circle - icon_size) / 2,
        y + (circle - icon_size) / 2,
        icon_size,
        T.BACKGROUND_1,
        alt=f"{{{{text.step{i + 1}_title}}}}",  # alt text: the step it pictures
    )
    badge = 0.3
    page.text(
        tag(f"Step {i + 1} number", block),
        x + circle - badge * 0.75,
        y - 0.04,
        badge,
        badge,
        [para(str(i + 1), 10.5, T.BACKGROUND_1, bold=True, align=PP_ALIGN.CENTER)],
        anchor=MSO_ANCHOR.MIDDLE,
        fill=T.ACCENT_3,
        inset=(0, 0, 0, 0),
        shape=MSO_SHAPE.OVAL,
    )


def timeline(page: Page, industry: str, W: float, top: float, block: int) -> float:
    """Four steps down the page on a rail; each step is a block of its own, so a step with
    more lines takes more room and the gaps between steps stay even."""
    circle, row_h = 0.72, 0.95
    rail_x = MARGIN + circle / 2 - 0.02
    page.box(tag("Timeline rail"), rail_x, top + circle / 2, 0.04, 3 * row_h, fill=T.ACCENT_4)
    for i in range(4):
        y = top + i * row_h
        step_circle(page, industry, i, MARGIN, y, circle, block + i)
        text_x = MARGIN + circle + 0.3
        page.text(
            tag(f"Step {i + 1} text", block + i),
            text_x,
            y - 0.04,
            W - MARGIN - text_x,
            row_h - 0.2,
            step_paras(i),
        )
    return top + 4 * row_h - 0.2


def cards(page: Page, industry: str, W: float, top: float, block: int) -> float:
    """A row of four step cards across the page, kept the same height."""
    gap = 0.14
    card_w = (W - 2 * MARGIN - 3 * gap) / 4
    circle = 0.62
    card_h = 2.9
    for i in range(4):
        x = MARGIN + i * (card_w + gap)
        page.box(
            tag(f"Step {i + 1} card", block),
            x,
            top,
            card_w,
            card_h,
            MSO_SHAPE.ROUNDED_RECTANGLE,
            fill=T.BACKGROUND_2,
            radius=0.06,
        )
        step_circle(page, industry, i, x + (card_w - circle) / 2, top + 0.18, circle, block)
        page.text(
            tag(f"Step {i + 1} text", block),
            x + 0.08,
            top + 0.18 + circle + 0.1,
            card_w - 0.16,
            card_h - circle - 0.5,
            step_paras(i, 12, 10, PP_ALIGN.CENTER),
        )
    return top + card_h


def grid(page: Page, industry: str, W: float, top: float, block: int) -> float:
    """The steps in a 2 x 2 grid of cards, pictogram beside the words; rows of two alike."""
    gap = 0.18
    card_w = (W - 2 * MARGIN - gap) / 2
    circle = 0.62
    card_h = 1.7
    for i in range(4):
        row, col = divmod(i, 2)
        x = MARGIN + col * (card_w + gap)
        y = top + row * (card_h + gap)
        page.box(
            tag(f"Step {i + 1} card", block + row),
            x,
            y,
            card_w,
            card_h,
            MSO_SHAPE.ROUNDED_RECTANGLE,
            fill=T.BACKGROUND_2,
            radius=0.05,
        )
        step_circle(page, industry, i, x + 0.16, y + 0.2, circle, block + row)
        text_x = x + 0.16 + circle + 0.18
        page.text(
            tag(f"Step {i + 1} text", block + row),
            text_x,
            y + 0.14,
            x + card_w - 0.14 - text_x,
            card_h - 0.3,
            step_paras(i, 13, 10.5),
        )
    return top + 2 * card_h + gap


def path(page: Page, industry: str, W: float, top: float, block: int) -> float:
    """The steps alternate left and right of a path down the middle of the page."""
    circle, row_h = 0.72, 0.95
    centre = W / 2
    page.box(tag("Path rail"), centre - 0.03, top + circle / 2, 0.06, 3 * row_h, fill=T.ACCENT_4)
    for i in range(4):
        y = top + i * row_h
        step_circle(page, industry, i, centre - circle / 2, y, circle, block + i)
        half = centre - circle / 2 - 0.25 - MARGIN
        left = i % 2 == 0
        x = MARGIN if left else centre + circle / 2 + 0.25
        align = PP_ALIGN.RIGHT if left else PP_ALIGN.LEFT
        page.text(
            tag(f"Step {i + 1} text", block + i), x, y - 0.04, half, row_h - 0.2, step_paras(i, align=align)
        )
    return top + 4 * row_h - 0.2


COMPOSITIONS = {"timeline": timeline, "cards": cards, "grid": grid, "path": path}
assert tuple(COMPOSITIONS) == templates.LAYOUTS


def notes_panel(page: Page, x: float, y: float, w: float, h: float, block: int) -> None:
    """ "Before you join": the brand's notes on a tinted panel that takes their height."""
    page.box(
        tag("Before panel", block), x, y, w, h, MSO_SHAPE.ROUNDED_RECTANGLE, fill=T.BACKGROUND_2, radius=0.05
    )
    page.icon(
        tag("Before pictogram", block),
        "checkmark_circle",
        x + 0.2,
        y + 0.2,
        0.3,
        T.ACCENT_1,
        alt="{{text.before_title}}",
    )
    page.text(
        tag("Before title", block),
        x + 0.58,
        y + 0.14,
        w - 0.75,
        0.4,
        [para("{{text.before_title}}", 14.5, T.TEXT_2, bold=True, font=HEADING)],
        anchor=MSO_ANCHOR.MIDDLE,
    )
    page.text(
        tag("infokit:notes", block),
        x + 0.18,
        y + 0.62,
        w - 0.36,
        h - 0.74,
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


def qr_card(page: Page, x: float, y: float, w: float, block: int) -> float:
    qr = 1.0
    card_h = qr + 0.16
    page.box(
        tag("QR card", block),
        x,
        y,
        w,
        card_h,
        MSO_SHAPE.ROUNDED_RECTANGLE,
        fill=T.BACKGROUND_1,
        line=T.ACCENT_4,
        radius=0.08,
    )
    page.box(tag("infokit:qr:booking", block), x + 0.08, y + 0.08, qr, qr, fill=T.BACKGROUND_1)
    page.text(
        tag("QR caption", block),
        x + qr + 0.14,
        y + 0.1,
        w - qr - 0.22,
        card_h - 0.2,
        [
            para("{{text.qr_caption}}", 13, T.TEXT_2, bold=True, font=HEADING),
            para("{{text.qr_hint}}", 9.5, T.TEXT_1, space_before=3),
        ],
        anchor=MSO_ANCHOR.MIDDLE,
    )
    return y + card_h


def links_list(page: Page, x: float, y: float, w: float, h: float, block: int) -> None:
    page.text(
        tag("Links title", block),
        x,
        y,
        w,
        0.36,
        [para("{{text.links_title}}", 13, T.TEXT_2, bold=True, font=HEADING)],
        anchor=MSO_ANCHOR.MIDDLE,
    )
    page.text(
        tag("infokit:links", block),
        x,
        y + 0.38,
        w,
        max(0.5, h - 0.38),
        [
            para("Link label", 9.5, T.TEXT_1, bold=True, space_before=3),
            para("link address", 9, T.ACCENT_1),
        ],
    )


def bottom(page: Page, W: float, y: float, h: float, block: int, notes_left: bool, split: float) -> None:
    """Notes on one side, the QR code and the links on the other; each side takes its own height."""
    notes_w = (W - 2 * MARGIN) * split
    other_w = W - 2 * MARGIN - notes_w - 0.22
    notes_x = MARGIN if notes_left else W - MARGIN - notes_w
    other_x = MARGIN + notes_w + 0.22 if notes_left else MARGIN
    notes_panel(page, notes_x, y, notes_w, h, block)
    links_top = qr_card(page, other_x, y, other_w, block) + 0.12
    links_list(page, other_x, links_top, other_w, y + h - links_top, block)


def cards_bottom(page: Page, W: float, y: float, h: float, block: int) -> None:
    """Under the cards: a full-width notes panel, then the QR code beside the links."""
    notes_h = h * 0.45
    notes_panel(page, MARGIN, y, W - 2 * MARGIN, notes_h, block)
    y2 = y + notes_h + 0.2
    qr_w = 3.0
    qr_card(page, MARGIN, y2, qr_w, block + 1)
    links_list(page, MARGIN + qr_w + 0.3, y2, W - 2 * MARGIN - qr_w - 0.3, h - notes_h - 0.2, block + 1)


def main() -> None:
    out = ROOT / "templates"
    for old in out.glob("*.pptx"):
        old.unlink()
    for layout in COMPOSITIONS:
        for industry in STEP_ICONS:
            for paper in PAPERS:
                target = templates.builtin_path(industry, paper, layout)
                target.write_bytes(build(industry, paper, layout))
                print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
