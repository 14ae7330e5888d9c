"""Korean punctuation without LibreOffice's Asian/Latin gap.

LibreOffice counts ASCII punctuation as Latin script and, with "autospace" on (its
default, and nothing in DrawingML turns it off), widens every switch between Hangul
and Latin: "합니다." prints as "합니다 .". No profile setting changes it. Its flat ODP
export writes the switch as one document-wide default,
``style:text-autospace="ideograph-alpha"``; a deck with East Asian text therefore goes
PPTX -> FODP -> (that default set to none) -> PDF. The PPTX is never touched: PowerPoint
does not add the gap.
"""

from __future__ import annotations

from pathlib import Path

FLAT_FILTER = "fodp"
_ON = b'style:text-autospace="ideograph-alpha"'
_OFF = b'style:text-autospace="none"'


def turn_off(flat: bytes) -> bytes:
    """The flat ODP with autospace off wherever it is set."""
    return flat.replace(_ON, _OFF)


def turn_off_in_file(flat: Path) -> Path:
    flat.write_bytes(turn_off(flat.read_bytes()))
    return flat
