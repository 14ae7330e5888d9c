"""Facts the converters need from a finished PPTX, read from its zip without python-pptx.

The converters see only files (a batch hands them decks rendered in other processes,
a unoserver farm sends bytes), so what the PDF needs beyond LibreOffice's own export
is read back from the deck: its language (docProps/core.xml, written by render) and
whether its slides hold East Asian text.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from infokit import fonts

_DC = "{http://purl.org/dc/elements/1.1/}"
_SLIDE = re.compile(r"ppt/slides/slide\d+\.xml")
_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class DeckFacts:
    language: str | None
    """The deck's language tag (``ko-KR``), or None when it names none or a malformed one."""
    east_asian: bool
    """Its slides hold Hangul (or other East Asian) text."""


def facts(pptx: Path) -> DeckFacts:
    """Both facts from one read of the zip; a deck that cannot be read gives neither
    (LibreOffice then reports the problem in its own words)."""
    try:
        with zipfile.ZipFile(pptx) as deck:
            names = deck.namelist()
            language = _language(deck.read("docProps/core.xml")) if "docProps/core.xml" in names else None
            east_asian = any(
                _has_east_asian(deck.read(name).decode("utf-8", "replace"))
                for name in names
                if _SLIDE.fullmatch(name)
            )
    except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return DeckFacts(None, False)
    return DeckFacts(language, east_asian)


def _language(core: bytes) -> str | None:
    element = ElementTree.fromstring(core).find(f"{_DC}language")
    tag = (element.text or "").strip() if element is not None else ""
    return tag if _TAG.fullmatch(tag) else None


_FROM_HANGUL_JAMO_UP = re.compile("[\u1100-\U0010ffff]")


def _has_east_asian(xml: str) -> bool:
    # Markup is ASCII, so any East Asian character in the part is slide text. The regex
    # skips the rest in C: a Python loop over every character of a slide cost ~30 ms.
    return any(fonts.is_east_asian(m.group()) for m in _FROM_HANGUL_JAMO_UP.finditer(xml))
