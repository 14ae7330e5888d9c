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
from xml.sax.saxutils import escape as xml_escape

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
    pattern = family.replace("-", r"\-").replace(":", r"\:")
    if bold:
        pattern += ":weight=bold"
    if italic:
        pattern += ":slant=italic"
    return _fc_query(pattern, family)


@functools.cache
def _fc_query(pattern: str, requested: str) -> Resolved | None:
    exe = shutil.which("fc-match")
    if exe is None:
        return None
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
    return Resolved(requested, family_found, Path(file.strip()))


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


# -- brand font files --------------------------------------------------------------


class FontFileProblem(Exception):
    pass


@functools.cache
def _font_info(path: Path) -> tuple[frozenset[str], int, frozenset[int]]:
    """(family names, weight class, code points covered) of a TTF or OTF file."""
    from fontTools.ttLib import TTFont, TTLibError  # only when a brand gives font files

    try:
        # Opened here, not by TTFont: it leaves its file open when the data is no font.
        with path.open("rb") as file, TTFont(file, lazy=True, fontNumber=0) as font:
            names = frozenset(
                str(record.toUnicode()).strip()
                for record in font["name"].names
                if record.nameID in (1, 16, 21) and record.toUnicode().strip()
            )
            weight = int(font["OS/2"].usWeightClass) if "OS/2" in font else 400
            cmap = frozenset(font.getBestCmap() or {})
    except (TTLibError, OSError, KeyError, AssertionError, ValueError) as exc:
        raise FontFileProblem(f"is not a font file we can read ({exc})") from None
    return names, weight, cmap


def family_names(path: Path) -> frozenset[str]:
    return _font_info(path)[0]


def is_bold_file(path: Path) -> bool:
    return _font_info(path)[1] >= 600


def missing_characters(path: Path, text: str) -> str:
    """The characters of ``text`` (not spaces) that the font file has no glyph for."""
    cmap = _font_info(path)[2]
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in cmap))


def fallback_family(character: str) -> str | None:
    """The family fontconfig (so LibreOffice) draws ``character`` with when the brand font cannot."""
    found = _fc_query(f":charset={ord(character):x}", "")
    return found.family.split(",")[0] if found else None


def face_file(family: str, files: tuple[Path, ...], bold: bool) -> Path | None:
    """The given file for that weight (bold, or regular), else None."""
    if not files:
        return None
    wanted = [f for f in files if is_bold_file(f) == bold]
    return (wanted or list(files))[0]


FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def private_fontconfig(files: list[Path], folder: Path) -> dict[str, str]:
    """Environment for a LibreOffice that sees ``files`` as installed fonts, besides the
    system's: a fonts.conf of its own, nothing installed for the user or the system."""
    # fontconfig resolves a relative <dir> against the config file's folder and reads
    # the text as XML: a relative -o, or "&", "<" or spaces in it, silently lost the
    # brand fonts before. Absolute and escaped, always.
    folder = folder.resolve()
    fonts_dir = folder / "fonts"
    fonts_dir.mkdir(parents=True, exist_ok=True)
    for i, file in enumerate(dict.fromkeys(files)):
        link = fonts_dir / f"{i:03d}-{file.name}"
        if not link.exists():
            link.symlink_to(file.resolve())
    conf = folder / "fonts.conf"
    text = FONTS_CONF.format(fonts=xml_escape(str(fonts_dir)), cache=xml_escape(str(folder / "cache")))
    conf.write_text(text, encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}
