"""Which font file draws a family, and how wide and tall text is in it.

python-pptx cannot find fonts on Linux (#796), so we ask fontconfig (in this process,
see fontconfig.py, else `fc-match`), the same resolver LibreOffice uses, and measure
with Pillow's FreeType binding. Brand font files given in the brand file are used
directly.
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import logging
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import ImageFont

from infokit import contain, fontconfig, safeio

MEASURE_PX = 1000
"""Fonts are measured at this pixel size and scaled: 1 px here = 1/1000 em."""

EAST_ASIAN_FALLBACK = "Noto Sans CJK KR"


@dataclass(frozen=True)
class Resolved:
    requested: str
    family: str
    path: Path
    postscript: str = ""

    @property
    def exact(self) -> bool:
        wanted = self.requested.casefold()
        return any(name.strip().casefold() == wanted for name in self.family.split(","))


@functools.cache
def fc_match(family: str, bold: bool = False, italic: bool = False) -> Resolved | None:
    """What fontconfig (and so LibreOffice) draws for that family; None without fontconfig."""
    return _fc_query(_pattern(family, bold, italic), family)


def _pattern(family: str, bold: bool = False, italic: bool = False) -> str:
    pattern = family.replace("-", r"\-").replace(":", r"\:")
    if bold:
        pattern += ":weight=bold"
    if italic:
        pattern += ":slant=italic"
    return pattern


def missing_in_installed(family: str, text: str) -> str | None:
    """The characters of ``text`` the installed face of ``family`` has no glyph for, as
    fontconfig knows it (no file opened: fontTools and reading the file cost a build
    about 0.15 s); None when only the file can tell (no libfontconfig)."""
    return fontconfig.uncovered(_pattern(family), text)


@functools.cache
def _fc_query(pattern: str, requested: str) -> Resolved | None:
    if (found := fontconfig.match(pattern)) is not None:
        return Resolved(requested, found.family, Path(found.file), found.postscript)
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", "%{family}\n%{file}\n%{postscriptname}", pattern],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    family_found, file, postscript = [*out.split("\n"), "", ""][:3]
    if not file:
        return None
    return Resolved(requested, family_found, Path(file.strip()), postscript.strip())


@functools.cache
def installed_families() -> tuple[str, ...]:
    """Every family fontconfig knows, for suggesting one when a name is misspelt."""
    exe = shutil.which("fc-list")
    if exe is None:
        return ()
    try:
        out = subprocess.run([exe, ":", "family"], capture_output=True, text=True, timeout=20, check=True)
    except (OSError, subprocess.SubprocessError):
        return ()
    names = {name.strip() for line in out.stdout.splitlines() for name in line.split(",")}
    return tuple(sorted(name for name in names if name))


def closest_family(family: str) -> str | None:
    """An installed family spelt like ``family`` (case, spaces and hyphens aside), if any."""
    import difflib

    def squash(name: str) -> str:
        return name.casefold().replace(" ", "").replace("-", "")

    by_squashed = {squash(name): name for name in installed_families()}
    close = difflib.get_close_matches(squash(family), list(by_squashed), n=1, cutoff=0.8)
    return by_squashed[close[0]] if close else None


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


MAX_FONT_BYTES = 50_000_000
DRAW_CHECKED = "".join(
    chr(c) for r in ((0x30, 0x7F), (0xC0, 0x180), (0x400, 0x460)) for c in range(*r) if chr(c).isalnum()
)
"""Letters and digits of the scripts our pages use (Latin, Cyrillic): each one the font
claims must draw ink, or a damaged glyph table prints invisible text. (Punctuation may
be blank on purpose: one Noto font maps '-' to an empty glyph.)"""


@dataclass(frozen=True)
class FontFacts:
    """What a brand font file holds, read once with fontTools and FreeType."""

    families: frozenset[str]
    postscript: str
    weight: int
    italic: bool
    variable: bool
    cmap: frozenset[int]
    """Code points mapped to a real glyph (not .notdef)."""
    collection: bool = False
    """The file is a collection (.ttc) and these are its first face's facts."""


@functools.cache
def _font_info(path: Path) -> FontFacts:
    from fontTools.ttLib import TTFont, TTLibError  # only when a brand gives font files

    try:
        data = safeio.read_bytes(path, MAX_FONT_BYTES, "font file")
    except safeio.NotReadable as exc:
        raise FontFileProblem(str(exc)) from None
    _check_signature(data[:4])
    try:
        with _quiet_fonttools(), TTFont(io.BytesIO(data), lazy=True, fontNumber=0) as font:
            _check_tables(font, font.reader.sfntVersion.encode("latin-1"), len(data))
            facts = _facts(font, collection=data[:4] == COLLECTION)
    except FontFileProblem:
        raise
    except Exception as exc:  # fontTools raises TTLibError, struct.error, KeyError, ... on bad data
        if isinstance(exc, TTLibError) or contain.raised_in_library(exc):
            raise FontFileProblem(f"is damaged: its font tables cannot be read; {INTACT}") from None
        raise
    if not facts.cmap:  # fontconfig skips such a file: LibreOffice would use another face
        raise FontFileProblem("maps no character to a glyph (a damaged cmap table?); give an intact file")
    _check_draws(data, facts.cmap)
    return facts


INTACT = "give an intact .ttf or .otf file"
OUTLINES = {b"\x00\x01\x00\x00": ("glyf",), b"true": ("glyf",), b"OTTO": ("CFF ", "CFF2")}
"""What each sfnt signature promises to hold: TrueType outlines, or CFF (PostScript) ones.
FreeType trusts the signature, so a mismatch fails later as "SFNT font table missing"."""
REQUIRED_TABLES = ("cmap", "head", "hhea", "hmtx", "maxp", "name")
COLLECTION = b"ttcf"
IS_COLLECTION = "is a TrueType collection (.ttc) of several faces; give one .ttf or .otf face"
"""We read the first face of a collection (installed fonts often are one), but a brand
gives one face per file: which face of a collection LibreOffice uses is not ours to
choose (build warned "no face of ..." after check had passed)."""
WEB_FONTS = {b"wOFF": "WOFF", b"wOF2": "WOFF2"}
BY_SUFFIX = {
    ".ttc": IS_COLLECTION,
    ".otc": IS_COLLECTION,
    **{
        f".{kind.lower()}": f"is a {kind} web font, not TTF or OTF; give the .ttf or .otf file"
        for kind in WEB_FONTS.values()
    },
}


def suffix_problem(name: str) -> str | None:
    """What a font file named like that is, when its name says it is no single TTF/OTF face."""
    return BY_SUFFIX.get(Path(name.strip()).suffix.lower())


@contextlib.contextmanager
def _quiet_fonttools() -> Iterator[None]:
    """fontTools logs what it repairs in a damaged file ("'name' table stringOffset
    incorrect") on the user's terminal; our own message says what matters."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _check_signature(head: bytes) -> None:
    """By signature, before fontTools: it cannot open WOFF2 without brotli (and says so
    on the terminal), and names no problem in words a user knows."""
    if head in WEB_FONTS:
        raise FontFileProblem(BY_SUFFIX[f".{WEB_FONTS[head].lower()}"])
    if head not in OUTLINES and head != COLLECTION:
        raise FontFileProblem(f"is not a TTF or OTF font (it does not start as one); {INTACT}")


def _check_tables(font: Any, signature: bytes, size: int) -> None:
    """Every table inside the file: fontconfig and LibreOffice skip a truncated file
    silently and draw the page with another face."""
    tables = font.reader.tables
    for tag, entry in tables.items():
        if entry.offset + entry.length > size:
            raise FontFileProblem(f"is truncated: its '{tag.strip()}' table runs past the end of the file")
    missing = [tag for tag in REQUIRED_TABLES if tag not in tables]
    if missing:
        raise FontFileProblem(f"is damaged: it has no '{missing[0]}' table; {INTACT}")
    outlines = OUTLINES[signature]
    if not any(tag in tables for tag in outlines):
        kind = "CFF (PostScript)" if signature == b"OTTO" else "TrueType"
        held = "TrueType" if "glyf" in tables else "no"
        raise FontFileProblem(
            f"is damaged: its header says it holds {kind} outlines, but it has {held} outlines "
            f"(no '{outlines[0].strip()}' table); {INTACT}"
        )


def _facts(font: Any, collection: bool) -> FontFacts:
    names = frozenset(
        str(record.toUnicode()).strip()
        for record in font["name"].names
        if record.nameID in (1, 16, 21) and record.toUnicode().strip()
    )
    postscript = str(font["name"].getDebugName(6) or "")
    os2 = font.get("OS/2")
    weight = int(os2.usWeightClass) if os2 is not None else 400
    # fsSelection bit 0 (italic) or 9 (oblique). Not head.macStyle: reading 'head' makes
    # fontTools log about odd timestamps on the user's terminal.
    italic = bool(os2 is not None and os2.fsSelection & 0x201)
    order = font.getGlyphOrder()
    notdef = order[0] if order else ".notdef"
    cmap = frozenset(c for c, glyph in (font.getBestCmap() or {}).items() if glyph not in (notdef, ".notdef"))
    return FontFacts(names, postscript, weight, italic, "fvar" in font, cmap, collection)


def _check_draws(data: bytes, cmap: frozenset[int]) -> None:
    """FreeType (which LibreOffice uses too) must draw visible ink for every letter of
    DRAW_CHECKED the font claims to have: a corrupt glyph table otherwise prints
    invisible text, or the file is skipped and another face is used."""
    try:
        face = ImageFont.truetype(io.BytesIO(data), 32)
    except Exception:  # FreeType errors arrive as OSError or ValueError
        raise FontFileProblem(
            f"is damaged: FreeType, which draws the PDF, cannot open it; {INTACT}"
        ) from None
    blank, broken = [], []
    for char in (c for c in DRAW_CHECKED if ord(c) in cmap):
        try:
            if not face.getmask(char).getbbox():
                blank.append(char)
        except Exception:  # "invalid outline" and the like: a damaged glyph
            broken.append(char)
    if broken:
        chars = _shown(broken)
        raise FontFileProblem(f"has glyphs FreeType cannot draw (damaged outlines) for {chars!r}; {INTACT}")
    if blank:
        chars = _shown(blank)
        raise FontFileProblem(f"draws nothing for {chars!r} (a damaged glyph table?); give an intact file")


def _shown(chars: list[str]) -> str:
    return "".join(chars[:12]) + ("..." if len(chars) > 12 else "")


def family_names(path: Path) -> frozenset[str]:
    return _font_info(path).families


def facts(path: Path) -> FontFacts:
    return _font_info(path)


def is_bold_file(path: Path) -> bool:
    return _font_info(path).weight >= 600


def blank_characters(path: Path, text: str) -> str:
    """Letters and digits of ``text`` beyond DRAW_CHECKED (checked with the file) that
    the font claims but draws no ink for: a damaged glyph prints an invisible letter."""
    cmap = _font_info(path).cmap
    claimed = [c for c in dict.fromkeys(text) if c.isalnum() and ord(c) in cmap and c not in DRAW_CHECKED]
    blank = []
    for char in claimed:
        try:
            drawn = _ink_face(path).getmask(char).getbbox()
        except Exception:  # "invalid outline" and the like
            drawn = None
        if not drawn:
            blank.append(char)
    return "".join(blank)


@functools.cache
def _ink_face(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), 32)


def missing_characters(path: Path, text: str) -> str:
    """The characters of ``text`` (not spaces) that the font file has no glyph for."""
    cmap = _font_info(path).cmap
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
    text = FONTS_CONF.format(fonts=_xml_text(fonts_dir), cache=_xml_text(folder / "cache"))
    conf.write_text(text, encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def _xml_text(path: Path) -> str:
    """A path as XML character data (html.escape: xml.sax.saxutils pulls in urllib)."""
    return html.escape(str(path), quote=False)
