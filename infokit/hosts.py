"""Host names in links and e-mail addresses: valid IDNA, and no look-alikes.

``https://аpple.com`` with a Cyrillic ``а`` prints like apple.com and goes elsewhere.
Browsers show such hosts as punycode (``xn--...``); on paper and in a QR code nobody
sees that, so we refuse them, in the spirit of UTS #39's "highly restrictive" level:

- a label (the text between dots) may use one script, or the mixes UTS #39 allows
  (Latin with Han and Kana, Han with Bopomofo, Han with Hangul), plus common
  characters (digits, hyphen);
- labels that are not plain ASCII must be valid IDNA 2008 after UTS #46 mapping
  (the ``idna`` package: what registries accept and browsers resolve);
- a label wholly in another script whose every letter looks like a Latin one
  (``аррӏе.com``, all Cyrillic) under a Latin top-level domain is a warning: it may be
  a real name, but it reads as a different, Latin address.

Scripts come from fontTools.unicodedata (Unicode's Scripts and ScriptExtensions data,
already a dependency for fonts); look-alikes from Unicode's confusables.txt via
confusable_homoglyphs, loaded only when a host has non-ASCII letters.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

_LDH = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
"""An ASCII label as DNS and browsers take it (IDNA's stricter rules would refuse real
hosts such as ``r3---sn-4g5e.googlevideo.com``, so plain ASCII labels are left to this)."""

_NO_SCRIPT = frozenset({"Zyyy", "Zinh", "Zzzz"})  # Common, Inherited, Unknown
_ALLOWED_MIXES = (
    frozenset({"Latn", "Hani", "Hira", "Kana"}),  # Japanese
    frozenset({"Latn", "Hani", "Bopo"}),  # Chinese with Bopomofo
    frozenset({"Latn", "Hani", "Hang"}),  # Korean
)
"""UTS #39 section 5.2, "highly restrictive": the only mixes of scripts allowed in a label."""


def problem(host: str, shown: str) -> str | None:
    """What is wrong with ``host`` (as written in ``shown``, the link or address), or None."""
    if _plain_ascii(host):
        return _ascii_problem(host, shown)
    import idna  # only for international names: most hosts never need it

    try:
        ascii_host, labels = _labels(host)
    except idna.IDNAError as exc:
        return f"{shown!r} has a host name that is not a valid international domain name ({exc})"
    for label in labels:
        mixed = _mixed_scripts(label)
        if mixed:
            return (
                f"{shown!r} has a look-alike host (it is really {ascii_host}): {label!r} "
                f"mixes {mixed}; type the address again in one script"
            )
    return None


def _plain_ascii(host: str) -> bool:
    """ASCII without punycode labels: the usual host, checked without IDNA's tables."""
    return host.isascii() and not any(label.lower().startswith("xn--") for label in host.split("."))


def _labels(host: str) -> tuple[str, list[str]]:
    """``host`` as IDNA 2008 + UTS #46 give it (``xn--pple-43d.com``), and each of its
    labels in Unicode (``аpple``, ``com``). Raises idna.IDNAError when it is not valid."""
    import idna

    ascii_host = idna.encode(host, uts46=True, transitional=False).decode("ascii")
    labels = ascii_host.rstrip(".").split(".")
    return ascii_host, [idna.decode(label) if label.startswith("xn--") else label for label in labels]


def _ascii_problem(host: str, shown: str) -> str | None:
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if len(host) > 253 or not all(_LDH.match(label) for label in labels):
        return f"{shown!r} has no valid host name; e.g. https://example.com/book"
    return None


def _scripts(ch: str) -> frozenset[str]:
    from fontTools import unicodedata as ucd

    return frozenset(ucd.script_extension(ch)) - _NO_SCRIPT


def _script_name(ch: str) -> str:
    """``Cyrillic`` for ``а``: the script a character is mostly used in."""
    from fontTools import unicodedata as ucd

    return str(ucd.script_name(ucd.script(ch)))


def _mixed_scripts(label: str) -> str | None:
    """``Cyrillic and Latin letters; not Latin: 'а' (U+0430 CYRILLIC SMALL LETTER A)`` when
    ``label`` mixes scripts UTS #39 does not allow together; None for one script or an allowed mix."""
    sets = [s for s in map(_scripts, label) if s]
    if not sets or frozenset.intersection(*sets):
        return None
    if any(all(s & mix for s in sets) for mix in _ALLOWED_MIXES):
        return None
    counts = Counter(_script_name(ch) for ch in label if _scripts(ch))
    expected = counts.most_common(1)[0][0]
    odd = [ch for ch in dict.fromkeys(label) if _scripts(ch) and _script_name(ch) != expected]
    listed = ", ".join(f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in odd[:5])
    return f"{' and '.join(counts)} letters; not {expected}: {listed}"


def lookalike(host: str) -> str | None:
    """A warning when a label is wholly in a non-Latin script yet reads as a Latin word
    under a Latin top-level domain (``аррӏе.com`` reads as apple.com); None otherwise."""
    if _plain_ascii(host):
        return None
    import idna

    try:
        ascii_host, labels = _labels(host)
    except idna.IDNAError:
        return None  # problem() reports it
    if not labels[-1].isascii():
        return None  # пример.рф: a Cyrillic name under a Cyrillic domain reads as what it is
    for label in labels[:-1]:
        reads_as = _latin_reading(label)
        if reads_as:
            return (
                f"the host {host!r} is written in {_script_name(label[0])} letters that look like "
                f"Latin ones ({label!r} reads as '{reads_as}'; it is really {ascii_host}); "
                "check that it is the address you mean"
            )
    return None


def _latin_reading(label: str) -> str | None:
    """The Latin word ``label`` looks like, when every letter of it has a Latin look-alike
    and none of it is Latin already; else None. Any script counts, as confusables.txt
    says: Greek ``ροκο`` reads as ``poĸo`` (its kappa looks like the Latin kra)."""
    letters = [ch for ch in label if _scripts(ch)]
    if not letters or any("Latn" in _scripts(ch) for ch in letters):
        return None
    reading = [ch if not _scripts(ch) else _latin_lookalike(ch) for ch in label]
    return "".join(r for r in reading if r) if all(reading) else None


@functools.cache
def _latin_lookalike(ch: str) -> str | None:
    """The ASCII letter or digit ``ch`` looks like, else a Latin letter it looks like (``ĸ``
    for Greek ``κ``), else None."""
    from confusable_homoglyphs import confusables  # type: ignore[import-untyped]  # no stubs

    found = confusables.is_confusable(ch, preferred_aliases=["latin"]) or []
    candidates = [unicodedata.normalize("NFC", h["c"]) for entry in found for h in entry["homoglyphs"]]
    ascii_ones = [c for c in candidates if c.isascii() and c.isalnum()]
    latin_ones = [c for c in candidates if len(c) == 1 and c.isalpha() and "Latn" in _scripts(c)]
    best = ascii_ones or latin_ones
    return str(best[0]).lower() if best else None
