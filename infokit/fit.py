"""Font sizes that make text fit its box, computed from real font metrics.

``normAutofit`` is no answer: LibreOffice shrinks text itself while PowerPoint waits
until the text is edited (python-pptx #1021), so the PDF and the PPTX would differ.
We wrap the text the way both do (at spaces, breaking over-long words), find the
largest uniform scale at which it fits, write explicit sizes and turn autofit off.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from infokit import fonts, ooxml
from infokit.errors import FitError, Problem
from infokit.ooxml import Element, qn

EMU_PER_PT = 12700
DEFAULT_SIZE = 1800  # hundredths of a point, DrawingML's default
MIN_PT = 7.0
"""The smallest type size on the page: below it, print stops being readable."""
SAFETY = 0.96
"""Room for the metric differences between LibreOffice, PowerPoint and FreeType."""
WIDTH_SAFETY = 0.98
"""The same across a line."""


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


def at_scale(size: float, scale: float) -> float:
    """A design size at ``scale``, never below the floor (sizes designed smaller stay)."""
    if size <= MIN_PT:
        return size
    return max(MIN_PT, size * scale)


def floor_scale(sizes: list[float]) -> float:
    """The scale at which every size has reached the floor: shrinking further changes nothing."""
    return min((MIN_PT / s for s in sizes if s > MIN_PT), default=1.0)


URL_BREAK = re.compile(r"(?<=/)(?=[^/])|(?=[?&@.#=_-])")
"""Where a printed address may wrap: after a slash, before ? & @ . # = _ - (the
Chicago Manual of Style's rule: a break never looks like a hyphenated word, and the
reader sees that the line goes on)."""
LINE_BREAK = "\n"
"""The text of the pseudo-run that stands for an ``a:br``."""


@dataclass
class _Run:
    text: str
    size: float  # points, as designed
    metrics: fonts.Metrics | None
    ea_metrics: fonts.Metrics | None
    url: bool = False
    """A printed address: it may also wrap at URL boundaries, not only at spaces."""

    def __post_init__(self) -> None:
        self.mixed_scripts = self.ea_metrics is not None and any(fonts.is_east_asian(c) for c in self.text)

    def width(self, text: str, scale: float) -> float:
        size = at_scale(self.size, scale)
        if self.metrics is None:
            return len(text) * size * 0.55
        if not self.mixed_scripts:  # the common case: one face for the whole run
            return self.metrics.width(text, size)
        total = 0.0
        for chunk, east_asian in _script_chunks(text):
            m = self.ea_metrics if east_asian and self.ea_metrics else self.metrics
            total += m.width(chunk, size)
        return total

    def line_height(self, scale: float) -> float:
        size = at_scale(self.size, scale)
        if self.metrics is None:
            return size * 1.2
        heights = [self.metrics.line_height(size)]
        if self.ea_metrics and self.mixed_scripts:
            heights.append(self.ea_metrics.line_height(size))
        return max(heights)


@dataclass(frozen=True)
class _Chunk:
    run: int
    start: int
    end: int
    breakable: bool
    """A line may end just before this chunk."""


@dataclass
class _Paragraph:
    runs: list[_Run]
    indent: float  # points taken from the width (marL)
    space_before: float
    space_after: float
    line_spacing: float  # 1.0 = single
    empty_size: float

    def lines(self, width: float, scale: float) -> list[list[_Chunk]]:
        return _wrap(self.runs, width - self.indent, scale)

    def height(self, width: float, scale: float) -> float:
        spacing = (self.space_before + self.space_after) * scale
        if not self.runs or not any(r.text for r in self.runs):
            return spacing + at_scale(self.empty_size, scale) * 1.2 * self.line_spacing
        total = 0.0
        for line in self.lines(width, scale):
            runs = {c.run for c in line} or {0}
            total += max(self.runs[i].line_height(scale) for i in runs)
        return spacing + total * self.line_spacing

    def splits_a_word(self, width: float, scale: float) -> bool:
        """A word (not an address) wider than the line: it would break mid-word."""
        word = 0.0
        for chunk in _chunks(self.runs):
            run = self.runs[chunk.run]
            piece = run.text[chunk.start : chunk.end]
            word = (0.0 if chunk.breakable else word) + run.width(piece.strip(" "), scale)
            if word > width - self.indent and not run.url:
                return True
        return False

    def sizes(self) -> list[float]:
        return [r.size for r in self.runs if r.text] or [self.empty_size]


def _script_chunks(text: str) -> list[tuple[str, bool]]:
    chunks: list[tuple[str, bool]] = []
    for ch in text:
        ea = fonts.is_east_asian(ch)
        if chunks and chunks[-1][1] == ea:
            chunks[-1] = (chunks[-1][0] + ch, ea)
        else:
            chunks.append((ch, ea))
    return chunks


def _chunks(runs: list[_Run]) -> list[_Chunk]:
    """The pieces between break opportunities: spaces everywhere, URL boundaries in addresses."""
    out: list[_Chunk] = []
    previous_ends_in_space = True
    for i, run in enumerate(runs):
        if run.text == LINE_BREAK:
            out.append(_Chunk(i, 0, 1, True))
            previous_ends_in_space = True
            continue
        cuts = {0, len(run.text)}
        cuts.update(m.start() for m in re.finditer(r"(?<! ) ", run.text))  # a run of spaces starts a chunk
        if run.url:
            cuts.update(m.start() for m in URL_BREAK.finditer(run.text) if m.start() > 0)
        edges = sorted(cuts)
        for start, end in itertools.pairwise(edges):
            piece = run.text[start:end]
            breakable = piece.startswith(" ") or previous_ends_in_space or (run.url and start > 0)
            out.append(_Chunk(i, start, end, breakable))
            previous_ends_in_space = piece.endswith(" ")
    return out


def _wrap(runs: list[_Run], width: float, scale: float) -> list[list[_Chunk]]:
    """Greedy line breaking as PowerPoint and LibreOffice do it; returns each line's chunks.

    Chunks glued together (no break opportunity between them) move as one word; a word
    wider than the line breaks between characters, as both programs do.
    """
    words: list[list[_Chunk]] = []
    for chunk in _chunks(runs):
        if chunk.breakable or not words:
            words.append([chunk])
        else:
            words[-1].append(chunk)
    lines: list[list[_Chunk]] = [[]]
    x = 0.0

    def text(c: _Chunk) -> str:
        return runs[c.run].text[c.start : c.end]

    for word in words:
        if text(word[0]) == LINE_BREAK:
            lines.append([])
            x = 0.0
            continue
        w = sum(runs[c.run].width(text(c), scale) for c in word)
        if x + w > width and x > 0:
            lines.append([])
            x = 0.0
            first = word[0]
            stripped = len(text(first)) - len(text(first).lstrip(" "))
            word = [_Chunk(first.run, first.start + stripped, first.end, True), *word[1:]]
            w = sum(runs[c.run].width(text(c), scale) for c in word)
        if w > width > 0 and x == 0:  # an over-long word breaks between characters
            for piece in _split_long(word, runs, width, scale):
                if lines[-1]:
                    lines.append([])
                lines[-1].extend(piece)
            x = sum(runs[c.run].width(text(c), scale) for c in lines[-1])
            continue
        lines[-1].extend(word)
        x += w
    return [line for line in lines if line] or [[]]


def _split_long(word: list[_Chunk], runs: list[_Run], width: float, scale: float) -> list[list[_Chunk]]:
    pieces: list[list[_Chunk]] = [[]]
    x = 0.0
    for c in word:
        run = runs[c.run]
        start = c.start
        for pos in range(c.start, c.end):
            w = run.width(run.text[pos], scale)
            if x + w > width and x > 0:
                if pos > start:
                    pieces[-1].append(_Chunk(c.run, start, pos, True))
                pieces.append([])
                start, x = pos, 0.0
            x += w
        if c.end > start:
            pieces[-1].append(_Chunk(c.run, start, c.end, True))
    return [p for p in pieces if p]


def _pts(value: str | None, default: float = 0.0) -> float:
    return default if value is None else int(value) / EMU_PER_PT


class _ShapeText:
    """The measurable content of one shape's text body."""

    def __init__(self, sp: Element, typefaces: Fonts) -> None:
        self.sp = sp
        self.body = sp.find(f".//{qn('p:txBody')}")
        if self.body is None:
            self.body = sp.find(f".//{qn('a:txBody')}")
        self.typefaces = typefaces
        off = sp.find(f".//{qn('a:xfrm')}/{qn('a:ext')}")
        body_pr = self.body.find(qn("a:bodyPr")) if self.body is not None else None
        get = (lambda k: None) if body_pr is None else body_pr.get
        # Lines are wrapped a little short of the box, so the breaks we write (addresses,
        # headings) still fit where LibreOffice or PowerPoint measure a glyph wider.
        self.width = (
            _pts(off.get("cx") if off is not None else None) - _pts(get("lIns"), 7.2) - _pts(get("rIns"), 7.2)
        ) * WIDTH_SAFETY
        self.height = (
            _pts(off.get("cy") if off is not None else None) - _pts(get("tIns"), 3.6) - _pts(get("bIns"), 3.6)
        )
        self.body_pr = body_pr
        self._paragraphs: list[_Paragraph] | None = None
        self._heights: dict[float, float] = {}

    def paragraphs(self) -> list[_Paragraph]:
        """Parsed once: the search tries many scales on the same text."""
        if self._paragraphs is None:
            assert self.body is not None
            default_size = self._list_default_size()
            self._paragraphs = [self._paragraph(p, default_size) for p in self.body.findall(qn("a:p"))]
        return self._paragraphs

    def _list_default_size(self) -> float:
        assert self.body is not None
        d = self.body.find(f"{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
        return int(d.get("sz", DEFAULT_SIZE)) / 100 if d is not None else DEFAULT_SIZE / 100

    def _paragraph(self, p: Element, default_size: float) -> _Paragraph:
        ppr = p.find(qn("a:pPr"))
        runs = []
        for child in p:
            if child.tag in (qn("a:r"), qn("a:fld")):
                runs.append(self._run(child, default_size))
            elif child.tag == qn("a:br"):
                runs.append(_Run(LINE_BREAK, default_size, None, None))
        end = p.find(qn("a:endParaRPr"))
        empty_size = int(end.get("sz")) / 100 if end is not None and end.get("sz") else default_size
        spacing = 1.0
        before = after = 0.0
        indent = 0.0
        if ppr is not None:
            indent = _pts(ppr.get("marL"))
            pct = ppr.find(f"{qn('a:lnSpc')}/{qn('a:spcPct')}")
            if pct is not None:
                spacing = int(pct.get("val", "100000")) / 100000
            b = ppr.find(f"{qn('a:spcBef')}/{qn('a:spcPts')}")
            before = int(b.get("val", "0")) / 100 if b is not None else 0.0
            a = ppr.find(f"{qn('a:spcAft')}/{qn('a:spcPts')}")
            after = int(a.get("val", "0")) / 100 if a is not None else 0.0
        return _Paragraph(runs, indent, before, after, spacing, empty_size)

    def _run(self, r: Element, default_size: float) -> _Run:
        rpr = r.find(qn("a:rPr"))
        text = "".join(t.text or "" for t in r.findall(qn("a:t")))
        size = default_size
        bold = False
        typeface = None
        url = False
        if rpr is not None:
            size = int(rpr.get("sz")) / 100 if rpr.get("sz") else default_size
            bold = rpr.get("b") in ("1", "true")
            latin = rpr.find(qn("a:latin"))
            typeface = latin.get("typeface") if latin is not None else None
            url = rpr.find(qn("a:hlinkClick")) is not None and " " not in text.strip()
        family = self.typefaces.family(typeface)
        # The East Asian face only for runs that hold such text: a page in English or
        # Russian need not look it up (and load it, regular and bold) at all.
        east_asian = any(fonts.is_east_asian(c) for c in text)
        return _Run(
            text,
            size,
            self.typefaces.metrics(family, bold),
            self.typefaces.metrics(self.typefaces.east_asian, bold) if east_asian else None,
            url,
        )

    def sizes(self) -> list[float]:
        return [s for p in self.paragraphs() for s in p.sizes()]

    def needed_height(self, scale: float) -> float:
        """Memoized per scale: layout asks for the same heights many times over."""
        if scale not in self._heights:
            self._heights[scale] = sum(p.height(self.width, scale) for p in self.paragraphs())
        return self._heights[scale]

    def fits(self, scale: float, height: float | None = None) -> bool:
        room = self.height if height is None else height
        if any(p.splits_a_word(self.width, scale) for p in self.paragraphs()):
            return False
        return self.needed_height(scale) <= room * SAFETY

    def apply_scale(self, scale: float) -> None:
        assert self.body is not None
        default = round(self._list_default_size() * 100)
        for tag in ("rPr", "endParaRPr", "defRPr"):
            for rpr in self.body.iter(qn(f"a:{tag}")):
                if tag == "defRPr" and rpr.getparent().tag != qn("a:lvl1pPr"):
                    continue
                size = int(rpr.get("sz", default))
                # Snapped down to half points, never below the floor (nor above the design).
                rpr.set("sz", str(max(min(size, FLOOR), int(size * scale / 50) * 50)))
        for spacing in self.body.iter(qn("a:spcPts")):  # paragraph spacing shrinks with the text
            spacing.set("val", str(int(int(spacing.get("val", "0")) * scale)))
        self._paragraphs = None
        self._heights = {}  # the text changed: measure again
        if self.body_pr is not None:
            ooxml.no_autofit(self.body_pr)

    def break_lines(self) -> None:
        """Write the line breaks we computed where the renderers would not find them:
        inside printed addresses, and in headings balanced so no word stands alone."""
        assert self.body is not None
        for p_el, para in zip(self.body.findall(qn("a:p")), self.paragraphs(), strict=True):
            lines = para.lines(self.width, 1.0)
            if _is_heading(para) and len(lines) > 1:
                lines = _balanced(para, self.width, lines)
                cuts = [(line[0].run, line[0].start, True) for line in lines[1:] if line]
            else:
                cuts = [(line[0].run, line[0].start, False) for line in lines[1:] if line]
                cuts = [c for c in cuts if para.runs[c[0]].url and c[1] > 0]
            elements = [c for c in p_el if c.tag in (qn("a:r"), qn("a:fld"), qn("a:br"))]
            for run_index, offset, at_space in reversed(cuts):
                if para.runs[run_index].text == LINE_BREAK:
                    continue
                _insert_break(elements[run_index], offset, at_space)
        self._paragraphs = None
        self._heights = {}  # the text changed: measure again


FLOOR = round(MIN_PT * 100)


def _is_heading(para: _Paragraph) -> bool:
    """Bold text of 13 pt and more: titles and headlines, where a lone last word looks wrong."""
    runs = [r for r in para.runs if r.text.strip() and r.text != LINE_BREAK]
    return bool(runs) and all(r.size >= 13 for r in runs) and not any(r.url for r in runs)


def _balanced(para: _Paragraph, width: float, lines: list[list[_Chunk]]) -> list[list[_Chunk]]:
    """The narrowest wrap with the same number of lines, when greedy leaves one word alone."""
    last = lines[-1]
    if len(last) > 1 and any(c.breakable for c in last[1:]):
        return lines  # the last line already has two words or more
    lo, hi = width * 0.4, width
    best = lines
    for _ in range(12):
        mid = (lo + hi) / 2
        trial = _wrap(para.runs, mid - para.indent, 1.0)
        too_long = any(
            sum(para.runs[c.run].width(para.runs[c.run].text[c.start : c.end], 1.0) for c in line)
            > mid - para.indent + 0.01
            for line in trial
        )
        if len(trial) <= len(lines) and not too_long:
            best, hi = trial, mid
        else:
            lo = mid
    return best


def _insert_break(run: Element, offset: int, at_space: bool) -> None:
    """Split ``run`` at ``offset`` with an ``a:br`` between; ``at_space`` drops the space there."""
    t = run.find(qn("a:t"))
    if t is None or t.text is None:
        return
    head, tail = t.text[:offset], t.text[offset:]
    if at_space:
        head, tail = head.rstrip(" "), tail.lstrip(" ")
    if not head or not tail:
        return
    t.text = head
    second = copy.deepcopy(run)
    second.find(qn("a:t")).text = tail
    br = ooxml.new("a:br")
    rpr = run.find(qn("a:rPr"))
    if rpr is not None:
        br_rpr = copy.deepcopy(rpr)
        for link in br_rpr.findall(qn("a:hlinkClick")):
            br_rpr.remove(link)
        br.append(br_rpr)
    run.addnext(br)
    br.addnext(second)


def shape_text(sp: Element, typefaces: Fonts) -> _ShapeText:
    return _ShapeText(sp, typefaces)


def fit_scale(sp: Element, typefaces: Fonts, name: str, where: str) -> float:
    """The largest uniform scale (at most 1) at which the text of ``sp`` fits its box.

    Raises FitError naming the text and how much too large it is at the 7 pt floor.
    """
    shape = _ShapeText(sp, typefaces)
    if shape.body is None or shape.width <= 0 or shape.height <= 0 or shape.fits(1.0):
        return 1.0
    lo, hi = floor_scale(shape.sizes()), 1.0
    if not shape.fits(lo):

        def tall_enough(scale: float) -> bool:
            return shape.needed_height(scale) <= shape.height * SAFETY

        if tall_enough(lo):
            # Only a word wider than the box even at the floor: one long compound name
            # ("Kinderzahnheilkundepraxisgemeinschaft"), a script written without spaces
            # (Thai). PowerPoint and LibreOffice break such a word between characters, and
            # so does our line model (_wrap): better than refusing a real name.
            return search_scale(lo, hi, tall_enough)
        over = shape.needed_height(lo) / (shape.height * SAFETY)
        text = " / ".join(p.runs[0].text for p in shape.paragraphs() if p.runs)[:80]
        error = FitError(
            Problem(
                None,
                where,
                f"the text of '{name}' ({text!r}) does not fit even at {MIN_PT:g} pt, the smallest "
                f"size print can carry: it needs about {over - 1:.0%} more room than its box has. "
                "Shorten it.",
            )
        )
        error.shape, error.too_big = sp, over  # render names the brand key whose words these are
        raise error
    return search_scale(lo, hi, shape.fits)


def search_scale(lo: float, hi: float, fits: Callable[[float], bool]) -> float:
    """Binary search for the largest scale in [lo, hi] that ``fits`` (``fits(lo)`` holds)."""
    for _ in range(9):  # to about 0.2 %
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def apply_scale(sp: Element, typefaces: Fonts, scale: float) -> None:
    """Write explicit sizes at ``scale`` and turn autofit off (PowerPoint and PDF agree)."""
    shape = _ShapeText(sp, typefaces)
    if shape.body is not None:
        shape.apply_scale(scale)
        shape.break_lines()


def fit_group(shapes: list[tuple[Element, str, str]], typefaces: Fonts) -> None:
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


def measured_lines(sp: Element, typefaces: Fonts) -> Mapping[str, float]:
    """Box and text heights in points, for tests and `infokit check --verbose`."""
    shape = _ShapeText(sp, typefaces)
    return {"box_height": shape.height, "text_height": shape.needed_height(1.0), "box_width": shape.width}
