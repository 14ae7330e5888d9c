"""Text a reader can see: names that draw something, characters some font draws,
links without hidden characters.

A name of zero-width spaces and lone combining marks passes every length check and
prints nothing; an emoji no installed font has prints as an empty box in the PDF;
a zero-width space inside a link sends the reader somewhere else than it shows.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata

_INVISIBLE_CATEGORIES = ("Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc")
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5")
"""Letters and symbols that are blank by design (Hangul fillers, the blank braille
pattern, Khmer and Mongolian invisible vowels): they pass for text and print nothing."""


def has_visible(text: str) -> bool:
    """True when some character of ``text`` draws ink (not only spaces, zero-width
    characters, tabs, blank fillers or combining marks without a base)."""
    return any(
        unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in BLANK_LETTERS for ch in text
    )


def invisible_in_link(url: str) -> str | None:
    """The first format character (zero-width, bidi control, soft hyphen) in ``url``."""
    for ch in url:
        if unicodedata.category(ch) == "Cf":
            name = unicodedata.name(ch, "format character").lower()
            return f"the invisible {name} U+{ord(ch):04X}"
    return None


def hidden_in_key(key: str) -> str:
    """`` (it holds the invisible zero width no-break space U+FEFF)`` when a key that is
    not known holds a character no one sees (a BOM pasted from Excel, a control
    character): without it, ``notes: is not a known key`` reads as nonsense."""
    for ch in key:
        if unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") or ch in BLANK_LETTERS:
            name = unicodedata.name(ch, "control character").lower()
            return f" (it holds the invisible {name} U+{ord(ch):04X}; delete it)"
    return ""


def line_break_in(text: str) -> str | None:
    for ch in text:
        if unicodedata.category(ch) in ("Zl", "Zp") or ch in "\n\r\v\f\x85":
            return f"a line break (U+{ord(ch):04X})"
    return None


def undrawable(text: str) -> list[str]:
    """Characters of ``text`` that no installed font draws: each would print as a box."""
    return [ch for ch in dict.fromkeys(text) if not _drawable(ch)]


def _drawable(ch: str) -> bool:
    from infokit import fonts  # Pillow only when a name goes beyond the common scripts

    code = ord(ch)
    if code < 0x0530 or fonts.is_east_asian(ch):
        return True  # Latin, Greek, Cyrillic; Hangul and CJK: the fonts infokit requires
    if unicodedata.category(ch) in _INVISIBLE_CATEGORIES:
        return True  # drawn with their base character, or not at all by design
    return _fontconfig_covers(code)


@functools.cache
def _fontconfig_covers(code: int) -> bool:
    exe = shutil.which("fc-list")
    if exe is None:
        return True  # no fontconfig (macOS): nothing to ask; LibreOffice uses its own fallback
    try:
        out = subprocess.run(
            [exe, f":charset={code:x}", "family"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(out.strip())
