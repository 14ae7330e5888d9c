"""How a logo will look where it is drawn, judged on the decoded bitmap (images.Bitmap).

One judgement for the infographic and the FAQ page:

- nothing to see is an error: every pixel (nearly) transparent, a plain rectangle of one
  colour (a frame around it aside), or proportions of what is drawn beyond MAX_RATIO (a
  20000 x 1 strip, or a 1-px line on a wide transparent canvas, prints as a hairline);
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
FRAME = 4
"""Pixels of the 96-px sample left out when judging a rectangle: a frame up to about 3%
of the logo's longer side (blurred over a few sample pixels) does not make a plain
rectangle a logo. Measured: frames of 1 to 16 px around 400 x 200 are refused."""
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
    drawn: tuple[int, int]
    """Width and height in pixels of what is drawn: the canvas less its transparent margins."""
    inner: tuple[tuple[tuple[int, int, int], int], ...] = ()
    """Like ``shown``, without the sample's outer FRAME pixels."""

    @property
    def shown_count(self) -> int:
        return sum(n for _, n in self.shown)

    @property
    def opaque(self) -> bool:
        return self.shown_count > 0.95 * self.total


def look(data: bytes) -> Look:
    with Image.open(io.BytesIO(data)) as image:
        size, drawn = image.size, _drawn_size(image)
        image.thumbnail((96, 96))  # enough to judge, and quick
        sample = image.convert("RGBA")
    raw = sample.tobytes()
    pixels = [raw[i : i + 4] for i in range(0, len(raw), 4)]
    alpha = max((p[3] for p in pixels), default=0)
    return Look(
        size[0], size[1], _colours(pixels), len(pixels), alpha, drawn, _colours(_inner_pixels(sample))
    )


def _drawn_size(image: Image.Image) -> tuple[int, int]:
    """The size of the box around every pixel at least faintly seen, at full resolution
    (a 1-px line vanishes from a small sample): the proportions that print."""
    if "A" in image.getbands():
        alpha = image.getchannel("A")  # no RGBA copy of a large logo
    elif "transparency" in image.info:  # a palette or grey image with a transparent colour
        alpha = image.convert("RGBA").getchannel("A")
    else:
        return image.size
    seen = alpha.point(lambda a: 255 if a >= SEEN_ALPHA else 0)
    box = seen.getbbox()
    return (box[2] - box[0], box[3] - box[1]) if box else image.size


def _inner_pixels(sample: Image.Image) -> list[bytes]:
    w, h = sample.size
    if min(w, h) <= 2 * FRAME + 2:
        return []
    raw = sample.crop((FRAME, FRAME, w - FRAME, h - FRAME)).tobytes()
    return [raw[i : i + 4] for i in range(0, len(raw), 4)]


def _colours(pixels: list[bytes]) -> tuple[tuple[tuple[int, int, int], int], ...]:
    shown = Counter((p[0], p[1], p[2]) for p in pixels if p[3] >= SHOWN_ALPHA)
    return tuple(sorted(shown.items()))


def nothing_drawn(lk: Look, vector: bool = False) -> str | None:
    """Why nothing of the logo would be seen anywhere, in words that follow its name.
    ``vector``: the bitmap was drawn from an SVG, whose pixel size is ours, not its maker's."""
    if lk.max_alpha < SEEN_ALPHA:
        return "draws nothing: every pixel of it is transparent, or nearly (is it empty?)"
    width, height = lk.drawn
    long, short = max(width, height), min(width, height)
    if long > MAX_RATIO * short:
        sides = "width to height" if width >= height else "height to width"
        return (
            f"{_proportions(lk, vector)}{_ratio(long / short)}:1 ({sides}); fitted into a logo box it "
            f"prints as a thin line. A logo is at most {MAX_RATIO}:1: crop it, or export the logo itself"
        )
    for colours in (lk.shown, lk.inner):  # the whole, then the inside of a frame
        if lk.opaque and colours and _one_colour(colours):
            colour = _hex(max(colours, key=lambda item: item[1])[0])
            return f"is a plain rectangle of one colour (#{colour}); it draws no shape. Export the logo again"
    return None


def _proportions(lk: Look, vector: bool) -> str:
    """The start of the message: the canvas, or the part of it that is drawn."""
    if lk.drawn == (lk.width, lk.height):
        return "is " if vector else f"is {lk.width} x {lk.height} pixels, "
    if vector:
        return "draws only a thin part of its canvas, "
    width, height = lk.drawn
    return f"draws only a {width} x {height} pixel part of its {lk.width} x {lk.height} canvas, "


def _ratio(ratio: float) -> str:
    """The proportion as it is, never rounded down to the limit (2001 x 100 is 20.01:1)."""
    for digits in range(2, 7):
        shown = f"{ratio:.{digits}f}"
        if float(shown) > MAX_RATIO:
            break
    return shown.rstrip("0").rstrip(".")


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


def _one_colour(colours: tuple[tuple[tuple[int, int, int], int], ...]) -> bool:
    luminances = [colors.relative_luminance(_hex(rgb)) for rgb, _ in colours]
    return (max(luminances) + 0.05) / (min(luminances) + 0.05) < SAME_COLOUR


def _hex(rgb: tuple[int, ...]) -> str:
    return "".join(f"{v:02X}" for v in rgb[:3])
