"""Colour maths in brand terms: parsing, WCAG contrast, tints and shades.

Small enough that the standard library does it (colorsys); a colour library would
cost more import time than the dozen lines below.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

WHITE = "FFFFFF"
BLACK = "000000"
AA_NORMAL = 4.5
AA_LARGE = 3.0


def parse_hex(value: str) -> str | None:
    """``"#0f6cbd"`` or ``"#0FC"`` -> ``"0F6CBD"``; None if it is not a colour."""
    if not _HEX.match(value):
        return None
    digits = value[1:].upper()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return digits


def _rgb(hex6: str) -> tuple[float, float, float]:
    return (int(hex6[0:2], 16) / 255, int(hex6[2:4], 16) / 255, int(hex6[4:6], 16) / 255)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def relative_luminance(hex6: str) -> float:
    """WCAG 2.x relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex6))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, 1.0 to 21.0."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: str, b: str, weight_of_b: float) -> str:
    """Linear mix in sRGB, as PowerPoint's tint and shade approximately do."""
    ra, rb = _rgb(a), _rgb(b)
    return _hex(tuple(x + (y - x) * weight_of_b for x, y in zip(ra, rb, strict=True)))  # type: ignore[arg-type]


def tint(hex6: str, amount: float) -> str:
    """Towards white by ``amount`` (0..1)."""
    return mix(hex6, WHITE, amount)


def shade(hex6: str, amount: float) -> str:
    """Towards black by ``amount`` (0..1)."""
    return mix(hex6, BLACK, amount)


def apply_lum(hex6: str, lum_mod: float = 1.0, lum_off: float = 0.0) -> str:
    """DrawingML ``lumMod``/``lumOff`` (fractions), applied in HSL as PowerPoint does."""
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(hex6))
    lightness = max(0.0, min(1.0, lightness * lum_mod + lum_off))
    return _hex(colorsys.hls_to_rgb(h, lightness, s))


def readable_on(fill: str, candidates: tuple[str, ...], minimum: float) -> str:
    """The first candidate that meets ``minimum`` contrast on ``fill``.

    When none does, the best of the candidates, black and white.
    """
    for colour in candidates:
        if contrast(colour, fill) >= minimum:
            return colour
    return max((*candidates, BLACK, WHITE), key=lambda c: contrast(c, fill))


def darken_until(hex6: str, against: str, minimum: float) -> str:
    """``hex6`` shaded (or tinted, on a dark ``against``) just enough to meet ``minimum``."""
    towards = BLACK if relative_luminance(against) > 0.18 else WHITE
    for step in range(21):
        candidate = mix(hex6, towards, step / 20)
        if contrast(candidate, against) >= minimum:
            return candidate
    return towards


@dataclass(frozen=True)
class ContrastFix:
    """A text colour that had to change to stay readable; `check` reports these."""

    where: str
    wanted: str
    fill: str
    used: str
    ratio_wanted: float
    ratio_used: float
