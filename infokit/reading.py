"""Printed text as a reader's eye takes it, before looking for addresses in it.

``+1–555–0199`` (en dashes) is read as the phone number +1-555-0199, ``evil·com``
(a middle dot) and ``evil︒com`` as evil.com, ``ceo＠other.example`` (a full-width at
sign) as an e-mail address. So the text is compared in a normal form:

- NFKC: full-width, small and compatibility forms become the plain characters;
- every dash (Unicode category Pd) and minus sign becomes ``-``;
- every character that looks like a full stop becomes ``.``: Unicode's confusables of
  ``.`` and of the middle dot (a dot between letters reads as one), and the ideographic
  full stop, which UTS #46 itself maps to a dot in host names.

``as_read`` keeps, for each character of the normal form, where it came from, so a
message can quote what is printed, not its normal form.
"""

from __future__ import annotations

import functools
import unicodedata

MINUS_SIGNS = "\u2212\u2796\u02d7\u2043"
"""MINUS SIGN, HEAVY MINUS SIGN, MODIFIER LETTER MINUS SIGN, HYPHEN BULLET: read as a
hyphen, yet not in category Pd."""


def as_read(text: str) -> tuple[str, list[int]]:
    """``text`` in its normal form, and for each of its characters the index in ``text``
    of the character it comes from."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for read in _read(ch):
            out.append(read)
            origin.append(index)
    return "".join(out), origin


@functools.cache
def _read(ch: str) -> str:
    if ch.isascii():
        return ch
    return "".join(_one(c) for c in unicodedata.normalize("NFKC", ch))


def _one(ch: str) -> str:
    if unicodedata.category(ch) == "Pd" or ch in MINUS_SIGNS:
        return "-"
    return "." if ch in _full_stops() else ch


@functools.cache
def _full_stops() -> frozenset[str]:
    """Characters that look like a full stop, from confusables.txt (already used for hosts:
    confusable_homoglyphs), loaded when printed text first has a non-ASCII character.
    Digits that look like a dot (Arabic-Indic zero) stay digits."""
    from confusable_homoglyphs import confusables  # type: ignore[import-untyped]  # no stubs

    found = {"\u3002", "\u00b7"}  # IDEOGRAPHIC FULL STOP, MIDDLE DOT
    for dot in (".", "\u00b7"):
        for entry in confusables.is_confusable(dot, greedy=True) or []:
            found.update(h["c"].strip("\u200e\u200f") for h in entry["homoglyphs"])
    return frozenset(c for c in found if len(c) == 1 and unicodedata.category(c) != "Nd")
