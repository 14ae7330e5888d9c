"""How a logo will look where it is drawn, judged on the decoded bitmap (images.Bitmap).

One judgement for the infographic and the FAQ page:

- nothing to see is an error: every pixel (nearly) transparent, a plain rectangle of one
  colour, or proportions beyond MAX_RATIO (a 20000 x 1 strip prints as a hairline);
- a logo that vanishes on the colour behind it (white on transparent, on a white box) is
  put on a plate of a brand colour it shows on, as a designer would;
- too few pixels for the printed box is a warning with the size needed (``print_warning``).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

from PIL import Image

from infokit import colors

SHOWN_ALPHA = 128
"""A pixel at least half opaque shows; fainter ones barely tint what is behind them."""
SEEN_ALPHA = 26
"""Below 10% opacity everywhere, nothing of a logo is seen on paper or screen."""
PLATE_CONTRAST = 1.5
"""Below this contrast with what is behind it, a pixel of the logo does not show."""
SAME_COLOUR = 1.15
"""Pixels closer than this contrast are one colour to the eye (JPEG noise included)."""
MAX_RATIO = 20
"""Wider (or taller) than 20:1, a logo fitted into any box prints as a line."""
MIN_PPI = 150
"""Below 150 pixels per inch a printed logo looks soft; 300 is sharp."""
SHARP_PPI = 300


@dataclass(frozen=True)
class Look:
    """A small sample of the logo: the colours of the pixels that show, with how many
    pixels have each, and how many pixels there are in all."""

    width: int
    height: int
    shown: tuple[tuple[tuple[int, int, int], int], ...]
    total: int
    max_alpha: int

    @property
    def shown_count(self) -> int:
        return sum(n for _, n in self.shown)

    @property
    def opaque(self) -> bool:
        return self.shown_count > 0.95 * self.total


def look(data: bytes) -> Look:
    with Image.open(io.BytesIO(data)) as image:
        size = image.size
        image.thumbnail((96, 96))  # enough to judge, and quick
        raw = image.convert("RGBA").tobytes()
    pixels = [raw[i : i + 4] for i in range(0, len(raw), 4)]
    shown = Counter((p[0], p[1], p[2]) for p in pixels if p[3] >= SHOWN_ALPHA)
    alpha = max((p[3] for p in pixels), default=0)
    return Look(size[0], size[1], tuple(sorted(shown.items())), len(pixels), alpha)


def nothing_drawn(lk: Look, vector: bool = False) -> str | None:
    """Why nothing of the logo would be seen anywhere, in words that follow its name.
    ``vector``: the bitmap was drawn from an SVG, whose pixel size is ours, not its maker's."""
    long, short = max(lk.width, lk.height), min(lk.width, lk.height)
    if long > MAX_RATIO * short:
        size = "" if vector else f"{lk.width} x {lk.height} pixels, "
        sides = "width to height" if lk.width >= lk.height else "height to width"
        return (
            f"is {size}{long // max(short, 1)}:1 ({sides}); fitted into a logo box it prints as a thin "
            f"line. A logo is at most {MAX_RATIO}:1: crop it, or export the logo itself"
        )
    if lk.max_alpha < SEEN_ALPHA:
        return "draws nothing: every pixel of it is transparent, or nearly (is it empty?)"
    if lk.opaque and _one_colour(lk):
        colour = _hex(max(lk.shown, key=lambda item: item[1])[0])
        return f"is a plain rectangle of one colour (#{colour}); it draws no shape. Export the logo again"
    return None


def hidden_on(lk: Look, behind: str) -> bool:
    """True when nearly all of the logo's visible pixels vanish on ``behind`` (RRGGBB).
    An opaque logo brings its own background and is never hidden."""
    if not lk.shown or lk.opaque:
        return False
    hidden = sum(n for rgb, n in lk.shown if colors.contrast(_hex(rgb), behind) < PLATE_CONTRAST)
    return hidden >= 0.9 * lk.shown_count


def shows_on(lk: Look, plate: str) -> bool:
    """The logo's average ink against a plate colour: 3:1, as WCAG asks of graphics."""
    return colors.contrast(ink(lk), plate) >= colors.AA_LARGE


def ink(lk: Look) -> str:
    return _hex(tuple(sum(rgb[i] * n for rgb, n in lk.shown) // lk.shown_count for i in range(3)))


def print_warning(width: int, height: int, box_inches: tuple[float, float]) -> str | None:
    """A warning when a bitmap of this size, fitted into a box of this size, prints below
    MIN_PPI; with the size that would print sharp."""
    scale = min(box_inches[0] / width, box_inches[1] / height)  # inches per pixel
    ppi = 1 / scale
    if ppi >= MIN_PPI:
        return None
    inches = (width * scale, height * scale)
    least, sharp = ([round(side * ppi_wanted) for side in inches] for ppi_wanted in (MIN_PPI, SHARP_PPI))
    return (
        f"is {width} x {height} pixels: fitted into the {box_inches[0]:.1f} x {box_inches[1]:.1f} inch "
        f"logo box it prints at {ppi:.0f} pixels per inch and looks blurred; give at least "
        f"{least[0]} x {least[1]} pixels ({sharp[0]} x {sharp[1]} prints sharp), or an SVG"
    )


def _one_colour(lk: Look) -> bool:
    luminances = [colors.relative_luminance(_hex(rgb)) for rgb, _ in lk.shown]
    return (max(luminances) + 0.05) / (min(luminances) + 0.05) < SAME_COLOUR


def _hex(rgb: tuple[int, ...]) -> str:
    return "".join(f"{v:02X}" for v in rgb[:3])
