"""Every text on a fill meets WCAG AA once the brand palette is in the theme.

A text's backdrop is its own shape's fill, else the topmost filled shape beneath its
centre, else the slide background. A run that falls short is switched to the theme's
dark or light text colour (so it still follows later theme edits), and only when
neither is enough to plain black or white. Render runs this last, on the final sizes
and positions: text shrunk below the large-text size is judged as the small text it
has become.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from infokit import colors, ooxml
from infokit.colors import ContrastFix
from infokit.ooxml import Element, Paint, qn
from infokit.theme import ALIASES


def resolve_colour(el: Element | None, scheme: Mapping[str, str]) -> str | None:
    """``RRGGBB`` of a ``schemeClr``/``srgbClr``/``sysClr`` with its modifiers."""
    if el is None:
        return None
    if el.tag == qn("a:schemeClr"):
        slot = ALIASES.get(el.get("val", ""), el.get("val", ""))
        base = scheme.get(slot)
    elif el.tag == qn("a:srgbClr"):
        base = el.get("val", "").upper()
    elif el.tag == qn("a:sysClr"):
        base = (el.get("lastClr") or "000000").upper()
    elif el.tag == qn("a:prstClr"):
        base = {"black": colors.BLACK, "white": colors.WHITE}.get(el.get("val", ""))
    else:
        base = None
    if base is None:
        return None
    lum_mod = lum_off = None
    for mod in el:
        val = int(mod.get("val", "100000")) / 100000
        name = ooxml.localname(mod)
        if name == "lumMod":
            lum_mod = val
        elif name == "lumOff":
            lum_off = val
        elif name == "tint":
            base = colors.tint(base, 1 - val)
        elif name == "shade":
            base = colors.shade(base, 1 - val)
    if lum_mod is not None or lum_off is not None:
        base = colors.apply_lum(base, lum_mod or 1.0, lum_off or 0.0)
    return base


def _fill_colour(sp: Element, scheme: Mapping[str, str]) -> str | None:
    sp_pr = sp.find(qn("p:spPr"))
    if sp_pr is None:
        return None
    fill = sp_pr.find(qn("a:solidFill"))
    if fill is not None and len(fill):
        return resolve_colour(fill[0], scheme)
    grad = sp_pr.find(f"{qn('a:gradFill')}/{qn('a:gsLst')}/{qn('a:gs')}")
    if grad is not None and len(grad):
        return resolve_colour(grad[0], scheme)
    return None


@dataclass(frozen=True)
class _Box:
    left: int
    top: int
    right: int
    bottom: int

    def contains(self, x: int, y: int) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom


def _box(sp: Element) -> _Box | None:
    off = sp.find(f".//{qn('a:xfrm')}/{qn('a:off')}")
    ext = sp.find(f".//{qn('a:xfrm')}/{qn('a:ext')}")
    if off is None or ext is None:
        return None
    x, y = int(off.get("x", 0)), int(off.get("y", 0))
    return _Box(x, y, x + int(ext.get("cx", 0)), y + int(ext.get("cy", 0)))


def _backdrop(
    sp: Element, earlier: list[Element], scheme: Mapping[str, str]
) -> tuple[str, Element | None]:
    """The colour behind a shape's text, and the shape that paints it (None: the slide)."""
    own = _fill_colour(sp, scheme)
    if own:
        return own, sp
    box = _box(sp)
    if box is not None:
        cx, cy = (box.left + box.right) // 2, (box.top + box.bottom) // 2
        for under in reversed(earlier):
            under_box = _box(under)
            fill = _fill_colour(under, scheme)
            if fill and under_box and under_box.contains(cx, cy):
                return fill, under
    return scheme["lt1"], None


def _run_colour(run: Element, scheme: Mapping[str, str]) -> str:
    fill = run.find(f"{qn('a:rPr')}/{qn('a:solidFill')}")
    if fill is not None and len(fill):
        return resolve_colour(fill[0], scheme) or scheme["dk1"]
    return scheme["dk1"]


def _is_large(run: Element) -> bool:
    rpr = run.find(qn("a:rPr"))
    size = int(rpr.get("sz", "1800")) / 100 if rpr is not None else 18.0
    bold = rpr is not None and rpr.get("b") in ("1", "true")
    return size >= 18 or (bold and size >= 14)


@dataclass
class _Band:
    """The runs of one colour on one fill: they switch together or not at all."""

    fill: str
    colour: str
    runs: list[tuple[Element, str]]
    large: list[bool]


def fix_slide(shapes: list[tuple[Element, str]], scheme: Mapping[str, str]) -> list[ContrastFix]:
    """Check every text run on its final size and backdrop; switch whole bands.

    Runs drawn in one colour on one fill (a header's name, headline and intro) move
    to one replacement colour together, chosen for the smallest of them, so a band
    never mixes dark and light text.
    """
    bands: dict[tuple[int, str], _Band] = {}
    keep: list[Element] = []  # holds the elements so their id() stays theirs
    earlier: list[Element] = []
    for sp, name in shapes:
        fill, painter = _backdrop(sp, earlier, scheme)
        earlier.append(sp)
        keep.append(painter if painter is not None else sp)
        for run in sp.iter(qn("a:r")):
            if run.find(f"{qn('a:rPr')}/{qn('a:hlinkClick')}") is not None:
                continue  # link colours come from the theme's hlink slot, checked separately
            if not "".join(t.text or "" for t in run.findall(qn("a:t"))).strip():
                continue
            colour = _run_colour(run, scheme)
            key = (id(painter) if painter is not None else 0, colour)
            band = bands.setdefault(key, _Band(fill, colour, [], []))
            band.runs.append((run, name))
            band.large.append(_is_large(run))
    fixes: list[ContrastFix] = []
    for band in bands.values():
        minimum = colors.AA_LARGE if all(band.large) else colors.AA_NORMAL
        ratio = colors.contrast(band.colour, band.fill)
        failing = [
            (run, name)
            for (run, name), large in zip(band.runs, band.large, strict=True)
            if ratio < (colors.AA_LARGE if large else colors.AA_NORMAL)
        ]
        if not failing:
            continue
        choice, paint = _best_text_colour(band.fill, scheme, minimum)
        for run, _ in band.runs:
            ooxml.set_run_colour(run, paint)
        for name in dict.fromkeys(name for _, name in band.runs):
            fixes.append(
                ContrastFix(name, band.colour, band.fill, choice, ratio, colors.contrast(choice, band.fill))
            )
    return fixes


def _best_text_colour(fill: str, scheme: Mapping[str, str], minimum: float) -> tuple[str, Paint]:
    """The theme's text or background colour when either is enough, else black or white."""
    for slot, ref in (("dk1", "tx1"), ("lt1", "bg1")):
        if colors.contrast(scheme[slot], fill) >= minimum:
            return scheme[slot], Paint.scheme(ref)
    best = colors.readable_on(fill, (colors.BLACK, colors.WHITE), minimum)
    return best, Paint.rgb(best)
