"""The theme part's XML: colour scheme and font scheme (python-pptx has no theme API, #917).

Applying a brand rewrites the theme, so every shape that uses theme colours and
fonts follows, and the delivered PPTX keeps the brand palette for later edits.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.presentation import Presentation

from infokit import colors, ooxml
from infokit.ooxml import Element

NS = {"a": ooxml.A}
SCHEME_SLOTS = (
    "dk1",
    "lt1",
    "dk2",
    "lt2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)
# How text and fills name the slots (tx1 is dk1 and so on, through the master's clrMap).
ALIASES = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2", "phClr": "accent1"}


@dataclass(frozen=True)
class ThemeFonts:
    heading: str
    body: str
    east_asian: str | None = None
    """Set for Korean: Hangul is drawn from the East Asian slot."""


def scheme_from_palette(
    primary: str, secondary: str, accent: str, text: str, background: str
) -> dict[str, str]:
    """The twelve theme slots from the five brand colours (DESIGN.md section 3, rule 1)."""
    return {
        "dk1": text,
        "lt1": background,
        "dk2": colors.darken_until(colors.shade(primary, 0.45), background, 7.0),
        "lt2": colors.mix(background, primary, 0.1),
        "accent1": primary,
        "accent2": secondary,
        "accent3": accent,
        "accent4": colors.tint(secondary, 0.45),
        "accent5": colors.shade(accent, 0.3),
        "accent6": colors.mix(primary, accent, 0.5),
        "hlink": colors.darken_until(primary, background, colors.AA_NORMAL),
        "folHlink": colors.darken_until(secondary, background, colors.AA_NORMAL),
    }


def theme_parts(prs: Presentation) -> Iterator[Part]:
    """The theme of every slide master (a deck may have several)."""
    seen: set[str] = set()
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        if str(part.partname) not in seen:
            seen.add(str(part.partname))
            yield part


def apply(prs: Presentation, scheme: Mapping[str, str], fonts: ThemeFonts, name: str) -> None:
    for part in theme_parts(prs):
        root = ooxml.parse(part.blob)
        _rewrite_colours(root, scheme, name)
        _rewrite_fonts(root, fonts, name)
        part.blob = ooxml.serialize(root)


def read_scheme(prs: Presentation) -> dict[str, str]:
    """The first master's colour scheme as ``{slot: RRGGBB}``."""
    part = next(theme_parts(prs))
    root = ooxml.parse(part.blob)
    scheme = {}
    for slot in SCHEME_SLOTS:
        el = root.find(f".//a:clrScheme/a:{slot}/*", NS)
        if el is not None:
            scheme[slot] = (el.get("lastClr") or el.get("val") or "000000").upper()
    return scheme


def read_fonts(prs: Presentation) -> ThemeFonts:
    part = next(theme_parts(prs))
    root = ooxml.parse(part.blob)

    def typeface(which: str, script: str) -> str:
        el = root.find(f".//a:fontScheme/a:{which}/a:{script}", NS)
        return "" if el is None else str(el.get("typeface", ""))

    return ThemeFonts(
        typeface("majorFont", "latin"), typeface("minorFont", "latin"), typeface("minorFont", "ea") or None
    )



def _rewrite_colours(root: Element, scheme: Mapping[str, str], name: str) -> None:
    clr_scheme = root.find(".//a:clrScheme", NS)
    if clr_scheme is None:
        return
    clr_scheme.set("name", name)
    for slot, value in scheme.items():
        holder = clr_scheme.find(f"a:{slot}", NS)
        if holder is None:
            holder = ooxml.sub(clr_scheme, f"a:{slot}")
        for child in list(holder):
            holder.remove(child)
        ooxml.sub(holder, "a:srgbClr", val=value)


def _rewrite_fonts(root: Element, fonts: ThemeFonts, name: str) -> None:
    font_scheme = root.find(".//a:fontScheme", NS)
    if font_scheme is None:
        return
    font_scheme.set("name", name)
    for which, family in (("majorFont", fonts.heading), ("minorFont", fonts.body)):
        holder = font_scheme.find(f"a:{which}", NS)
        if holder is None:
            continue
        _set_typeface(holder, "latin", family)
        _set_typeface(holder, "ea", fonts.east_asian or "")
        _set_typeface(holder, "cs", "")
        if fonts.east_asian:
            # The per-script list wins over the ea slot in PowerPoint; keep them in step.
            for font in holder.findall("a:font[@script='Hang']", NS):
                font.set("typeface", fonts.east_asian)


def _set_typeface(holder: Element, script: str, family: str) -> None:
    el = holder.find(f"a:{script}", NS)
    if el is None:
        el = ooxml.sub(holder, f"a:{script}")
        # Schema order is latin, ea, cs, then font entries: move it into place.
        anchor = holder.find("a:font", NS)
        if anchor is not None:
            anchor.addprevious(el)
    el.set("typeface", family)
    for attr in ("panose", "pitchFamily", "charset"):
        el.attrib.pop(attr, None)
