"""Which font file draws a family, and how wide and tall text is in it.

python-pptx cannot find fonts on Linux (#796), so we ask fontconfig (`fc-match`), the
same resolver LibreOffice uses, and measure with Pillow's FreeType binding. Brand font
files given in the brand file are used directly.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

MEASURE_PX = 1000
"""Fonts are measured at this pixel size and scaled: 1 px here = 1/1000 em."""

EAST_ASIAN_FALLBACK = "Noto Sans CJK KR"


@dataclass(frozen=True)
class Resolved:
    requested: str
    family: str
    path: Path

    @property
    def exact(self) -> bool:
        wanted = self.requested.casefold()
        return any(name.strip().casefold() == wanted for name in self.family.split(","))


@functools.cache
def fc_match(family: str, bold: bool = False, italic: bool = False) -> Resolved | None:
    """What fontconfig (and so LibreOffice) draws for that family; None without fontconfig."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    pattern = family.replace("-", r"\-").replace(":", r"\:")
    if bold:
        pattern += ":weight=bold"
    if italic:
        pattern += ":slant=italic"
    try:
        out = subprocess.run(
            [exe, "-f", "%{family}\n%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    family_found, _, file = out.partition("\n")
    if not file:
        return None
    return Resolved(family, family_found, Path(file.strip()))


def is_installed(family: str) -> bool:
    found = fc_match(family)
    return found is not None and found.exact


@functools.cache
def _face(path: Path, index: int = 0) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), MEASURE_PX, index=index)


@dataclass(frozen=True)
class Metrics:
    """A face's measurements per point of font size."""

    face: ImageFont.FreeTypeFont

    def width(self, text: str, size_pt: float) -> float:
        """Advance width of ``text`` in points (measured once, then scaled)."""
        return _advance(self.face, text) * size_pt / MEASURE_PX

    def line_height(self, size_pt: float) -> float:
        ascent, descent = self.face.getmetrics()
        return (ascent + descent) * size_pt / MEASURE_PX


@functools.lru_cache(maxsize=100_000)
def _advance(face: ImageFont.FreeTypeFont, text: str) -> float:
    """Fitting measures the same words at many sizes; widths scale linearly."""
    return float(face.getlength(text))


def metrics_for_file(path: Path) -> Metrics:
    return Metrics(_face(path))


FALLBACK_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans")


@functools.cache
def metrics_for_family(family: str, bold: bool = False) -> Metrics | None:
    found = fc_match(family, bold=bold)
    if found is None:
        for fallback in FALLBACK_FAMILIES:
            found = fc_match(fallback, bold=bold)
            if found:
                break
    if found is None:
        return None
    try:
        return Metrics(_face(found.path))
    except OSError:
        return None


def is_east_asian(ch: str) -> bool:
    """Characters LibreOffice and PowerPoint draw with the theme's East Asian font."""
    code = ord(ch)
    return (
        0x1100 <= code <= 0x11FF
        or 0x3000 <= code <= 0x30FF
        or 0x3130 <= code <= 0x318F
        or 0x3400 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
    )
