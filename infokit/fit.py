"""Font sizes that make text fit its box, computed from real font metrics.

``normAutofit`` is no answer: LibreOffice shrinks text itself while PowerPoint waits
until the text is edited (python-pptx #1021), so the PDF and the PPTX would differ.
We wrap the text the way both do (at spaces, breaking over-long words), find the
largest uniform scale at which it fits, write explicit sizes and turn autofit off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from infokit import fonts
from infokit.errors import FitError, Problem

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
EMU_PER_PT = 12700
DEFAULT_SIZE = 1800  # hundredths of a point, DrawingML's default
MIN_SCALE = 0.55
"""Below about half its designed size a text stops being readable on paper."""
SAFETY = 0.96
"""Room for the metric differences between LibreOffice, PowerPoint and FreeType."""


def _a(tag: str) -> str:
    return f"{{{A}}}{tag}"


@dataclass(frozen=True)
class Fonts:
    """Which family each theme reference stands for."""

    heading: str
    body: str
    east_asian: str
    files: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)
    """Font files given in the brand file, by family: measured directly."""

    def metrics(self, family: str, bold: bool) -> fonts.Metrics | None:
        given = fonts.face_file(family, self.files.get(family, ()), bold)
        if given is not None:
            return fonts.metrics_for_file(given)
        return fonts.metrics_for_family(family, bold)

    def family(self, typeface: str | None) -> str:
        if typeface in (None, "", "+mn-lt", "+mn-cs"):
            return self.body
        if typeface in ("+mj-lt", "+mj-cs"):
            return self.heading
        if typeface in ("+mj-ea", "+mn-ea"):
            return self.east_asian
        return typeface


Measure = Callable[[str, bool], "fonts.Metrics | None"]


@dataclass
class _Run:
    text: str
    size: float  # points
    metrics: fonts.Metrics | None
    ea_metrics: fonts.Metrics | None

    def __post_init__(self) -> None:
        self.mixed_scripts = self.ea_metrics is not None and any(fonts.is_east_asian(c) for c in self.text)

    def width(self, text: str, scale: float) -> float:
        if self.metrics is None:
            return len(text) * self.size * scale * 0.55
        if not self.mixed_scripts:  # the common case: one face for the whole run
            return self.metrics.width(text, self.size * scale)
        total = 0.0
        for chunk, east_asian in _script_chunks(text):
            m = self.ea_metrics if east_asian and self.ea_metrics else self.metrics
            total += m.width(chunk, self.size * scale)
        return total

    def line_height(self, scale: float) -> float:
        if self.metrics is None:
            return self.size * scale * 1.2
        heights = [self.metrics.line_height(self.size * scale)]
        if self.ea_metrics and self.mixed_scripts:
            heights.append(self.ea_metrics.line_height(self.size * scale))
        return max(heights)


@dataclass
class _Paragraph:
    runs: list[_Run]
    indent: float  # points taken from the width (marL)
    space_before: float
    space_after: float
    line_spacing: float  # 1.0 = single
    empty_size: float

    def height(self, width: float, scale: float) -> float:
        lines = _wrap(self.runs, width - self.indent, scale)
        spacing = (self.space_before + self.space_after) * scale
        if not self.runs or not any(r.text for r in self.runs):
            return spacing + self.empty_size * scale * 1.2 * self.line_spacing
        total = sum(max(r.line_height(scale) for r in line) for line in lines)
        return spacing + total * self.line_spacing

    def overflow_width(self, width: float, scale: float) -> float:
        """How far the widest unbreakable piece sticks out (0 when it fits)."""
        worst = 0.0
        for run in self.runs:
            for word in run.text.split():
                worst = max(worst, run.width(word, scale) - (width - self.indent))
        return max(0.0, worst)


def _script_chunks(text: str) -> list[tuple[str, bool]]:
    chunks: list[tuple[str, bool]] = []
    for ch in text:
        ea = fonts.is_east_asian(ch)
        if chunks and chunks[-1][1] == ea:
            chunks[-1] = (chunks[-1][0] + ch, ea)
        else:
            chunks.append((ch, ea))
    return chunks


def _wrap(runs: list[_Run], width: float, scale: float) -> list[list[_Run]]:
    """Greedy line breaking at spaces; returns, per line, the runs it touches."""
    lines: list[list[_Run]] = [[]]
    x = 0.0
    for run in runs:
        for i, word in enumerate(run.text.split(" ")):
            piece = ("" if i == 0 else " ") + word
            w = run.width(piece, scale)
            if x + w > width and x > 0 and word:
                lines.append([])
                x = run.width(word, scale)
                while x > width and width > 0:  # an over-long word breaks anywhere
                    lines.append([])
                    x -= width
            else:
                x += w
            if run not in lines[-1]:
                lines[-1].append(run)
    return [line for line in lines if line] or [[]]


def _pts(value: str | None, default: float = 0.0) -> float:
    return default if value is None else int(value) / EMU_PER_PT


class _ShapeText:
    """The measurable content of one shape's text body."""

    def __init__(self, sp: etree._Element, typefaces: Fonts) -> None:
        self.sp = sp
        self.body = sp.find(f".//{{{P}}}txBody")
        if self.body is None:
            self.body = sp.find(f".//{_a('txBody')}")
        self.typefaces = typefaces
        off = sp.find(f".//{_a('xfrm')}/{_a('ext')}")
        body_pr = self.body.find(_a("bodyPr")) if self.body is not None else None
        get = (lambda k: None) if body_pr is None else body_pr.get
        self.width = (
            _pts(off.get("cx") if off is not None else None) - _pts(get("lIns"), 7.2) - _pts(get("rIns"), 7.2)
        )
        self.height = (
            _pts(off.get("cy") if off is not None else None) - _pts(get("tIns"), 3.6) - _pts(get("bIns"), 3.6)
        )
        self.body_pr = body_pr
        self._paragraphs: list[_Paragraph] | None = None

    def paragraphs(self) -> list[_Paragraph]:
        """Parsed once: the search tries many scales on the same text."""
        if self._paragraphs is None:
            assert self.body is not None
            default_size = self._list_default_size()
            self._paragraphs = [self._paragraph(p, default_size) for p in self.body.findall(_a("p"))]
        return self._paragraphs

    def _list_default_size(self) -> float:
        assert self.body is not None
        d = self.body.find(f"{_a('lstStyle')}/{_a('lvl1pPr')}/{_a('defRPr')}")
        return int(d.get("sz", DEFAULT_SIZE)) / 100 if d is not None else DEFAULT_SIZE / 100

    def _paragraph(self, p: etree._Element, default_size: float) -> _Paragraph:
        ppr = p.find(_a("pPr"))
        runs = [self._run(r, default_size) for r in p.findall(_a("r"))]
        end = p.find(_a("endParaRPr"))
        empty_size = int(end.get("sz")) / 100 if end is not None and end.get("sz") else default_size
        spacing = 1.0
        before = after = 0.0
        indent = 0.0
        if ppr is not None:
            indent = _pts(ppr.get("marL"))
            pct = ppr.find(f"{_a('lnSpc')}/{_a('spcPct')}")
            if pct is not None:
                spacing = int(pct.get("val", "100000")) / 100000
            b = ppr.find(f"{_a('spcBef')}/{_a('spcPts')}")
            before = int(b.get("val", "0")) / 100 if b is not None else 0.0
            a = ppr.find(f"{_a('spcAft')}/{_a('spcPts')}")
            after = int(a.get("val", "0")) / 100 if a is not None else 0.0
        return _Paragraph(runs, indent, before, after, spacing, empty_size)

    def _run(self, r: etree._Element, default_size: float) -> _Run:
        rpr = r.find(_a("rPr"))
        text = "".join(t.text or "" for t in r.findall(_a("t")))
        size = default_size
        bold = False
        typeface = None
        if rpr is not None:
            size = int(rpr.get("sz")) / 100 if rpr.get("sz") else default_size
            bold = rpr.get("b") in ("1", "true")
            latin = rpr.find(_a("latin"))
            typeface = latin.get("typeface") if latin is not None else None
        family = self.typefaces.family(typeface)
        return _Run(
            text,
            size,
            self.typefaces.metrics(family, bold),
            self.typefaces.metrics(self.typefaces.east_asian, bold),
        )

    def needed_height(self, scale: float) -> float:
        return sum(p.height(self.width, scale) for p in self.paragraphs())

    def fits(self, scale: float) -> bool:
        paragraphs = self.paragraphs()
        if any(p.overflow_width(self.width, scale) > 0 for p in paragraphs):
            return False
        return sum(p.height(self.width, scale) for p in paragraphs) <= self.height * SAFETY

    def apply_scale(self, scale: float) -> None:
        assert self.body is not None
        default = round(self._list_default_size() * 100)
        for tag in ("rPr", "endParaRPr", "defRPr"):
            for rpr in self.body.iter(_a(tag)):
                if tag == "defRPr" and rpr.getparent().tag != _a("lvl1pPr"):
                    continue
                size = int(rpr.get("sz", default))
                rpr.set("sz", str(max(100, int(size * scale / 50) * 50)))
        for spacing in self.body.iter(_a("spcPts")):  # paragraph spacing shrinks with the text
            spacing.set("val", str(int(int(spacing.get("val", "0")) * scale)))
        if self.body_pr is not None:
            for old in list(self.body_pr):
                if old.tag in (_a("normAutofit"), _a("spAutoFit"), _a("noAutofit")):
                    self.body_pr.remove(old)
            no_autofit = etree.Element(_a("noAutofit"))
            # noAutofit comes after prstTxWarp and before scene3d in CT_TextBodyProperties.
            follower = next(
                (c for c in self.body_pr if c.tag in (_a("scene3d"), _a("sp3d"), _a("flatTx"), _a("extLst"))),
                None,
            )
            if follower is not None:
                follower.addprevious(no_autofit)
            else:
                self.body_pr.append(no_autofit)


def fit_scale(sp: etree._Element, typefaces: Fonts, name: str, where: str) -> float:
    """The largest uniform scale (at most 1) at which the text of ``sp`` fits its box.

    Raises FitError naming the text and how much too large it is at the smallest scale.
    """
    shape = _ShapeText(sp, typefaces)
    if shape.body is None or shape.width <= 0 or shape.height <= 0 or shape.fits(1.0):
        return 1.0
    lo, hi = MIN_SCALE, 1.0
    if not shape.fits(lo):
        over = shape.needed_height(lo) / (shape.height * SAFETY)
        text = " / ".join(p.runs[0].text for p in shape.paragraphs() if p.runs)[:80]
        raise FitError(
            Problem(
                None,
                where,
                f"the text of '{name}' ({text!r}) does not fit even at {MIN_SCALE:.0%} of its size: "
                f"it needs {over:.0%} of the room its box has. Shorten it.",
            )
        )
    for _ in range(8):  # binary search to about 0.2 %
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if shape.fits(mid) else (lo, mid)
    return lo


def apply_scale(sp: etree._Element, typefaces: Fonts, scale: float) -> None:
    """Write explicit sizes at ``scale`` and turn autofit off (PowerPoint and PDF agree)."""
    shape = _ShapeText(sp, typefaces)
    if shape.body is not None:
        shape.apply_scale(scale)


def fit_group(shapes: list[tuple[etree._Element, str, str]], typefaces: Fonts) -> None:
    """Fit shapes, giving every shape of one group the group's smallest scale.

    A group is the shapes whose names differ only in their numbers ("Step 1 text",
    "Step 2 text"): steps that look alike keep the same type size.
    """
    scales = [fit_scale(sp, typefaces, name, where) for sp, name, where in shapes]
    smallest: dict[str, float] = {}
    for (_, name, _), scale in zip(shapes, scales, strict=True):
        key = group_key(name)
        smallest[key] = min(smallest.get(key, 1.0), scale)
    for sp, name, _ in shapes:
        apply_scale(sp, typefaces, smallest[group_key(name)])


def group_key(name: str) -> str:
    return re.sub(r"\d+", "#", name)


def measured_lines(sp: etree._Element, typefaces: Fonts) -> Mapping[str, float]:
    """Box and text heights in points, for tests and `infokit check --verbose`."""
    shape = _ShapeText(sp, typefaces)
    return {"box_height": shape.height, "text_height": shape.needed_height(1.0), "box_width": shape.width}
