"""Printed text that reads as an address must name where its link goes.

``{url: https://evil.example/book, label: https://bank.example/book}`` would print
bank.example while the click and the QR code open evil.example; so would the Markdown
``[bank.example/pay](https://evil.example/pay)`` in an FAQ answer. A reader trusts the
printed address, so every address-like thing in a label (a web address or host name, an
e-mail address, a phone number) must name the link's own destination:

- a host: one in the link's registrable domain (``contoso.example`` for
  ``book.contoso.example``: one owner; the Public Suffix List says where a domain
  starts), ``www.`` aside; or one in the domain of the brand's ``links.home``, the
  organization's own site, for a short address that forwards (the README's advice for
  long Bookings addresses). A bare word is a host only under a real top-level domain
  (``guide.pdf`` is a file name);
- an e-mail address: one the mailto: link writes to;
- a phone number: the number the tel: link dials (letters as keypad digits; a national
  form matches its international one by its last digits).

Words ("Book online", "Call us") are never addresses and are always fine.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

_HOST = re.compile(r"^(?:[\w-]+\.)+[^\W\d_]{2,}\.?$")
"""Dot-separated labels ending in a top-level domain of letters (``contoso.example``,
``bank.co.uk``); ``v1.2`` and ``e.g`` are not hosts."""
_EDGE = "\"'()[]<>{},;:!?.«»“”‘’"
_PHONE = re.compile(r"(?<![\w+(])(?:\+|\()?\d[\d\s().\-/]{4,}\d(?!\w)")
_NOT_PHONE = re.compile(
    r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{1,2}[.:]\d{2}\s*-\s*\d{1,2}[.:]\d{2})$"
)
"""Dates (2024-11-25, 25.11.2024) and opening hours (9.00-17.00) have enough digits too."""
MIN_PHONE_DIGITS = 7
"""Fewer digits read as a count, a price or a room number, not a phone number."""
_KEYPAD = str.maketrans(
    {
        letter: str(digit)
        for digit, letters in enumerate(("", "", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"))
        for letter in letters
    }
)


def misleading(label: str, url: str, own_hosts: Iterable[str] = ()) -> str | None:
    """Why ``label`` reads as a different destination than ``url``, or None.

    ``own_hosts``: hosts the brand's own site has (``links.home``), where a printed
    short address may forward from."""
    target = _Destination(url)
    for kind, shown, value in _addresses(label):
        if not target.names(kind, value, own_hosts):
            forwards = " (a short address that forwards must be on your own site, links.home)"
            return (
                f"prints {shown!r}, which reads as {_KIND[kind]}, but the link goes to {target.describe()}; "
                'print words ("Book online") or the link\'s own address'
                + (forwards if kind == "host" and target.scheme in ("http", "https") else "")
            )
    return None


_KIND = {"host": "a web address", "mail": "an e-mail address", "phone": "a phone number"}


def _addresses(label: str) -> list[tuple[str, str, str]]:
    """(kind, as printed, normalised value) of every address-like thing in ``label``."""
    found: list[tuple[str, str, str]] = []
    for word in label.split():
        word = word.strip(_EDGE)
        lowered = word.lower().removeprefix("mailto:")
        if "@" in lowered and _HOST.match(lowered.rpartition("@")[2]):
            found.append(("mail", word, lowered))
            continue
        host = _host_of(lowered)
        if host:
            found.append(("host", word, host))
    for match in _PHONE.finditer(label):
        digits = _digits(match.group())
        if len(digits) >= MIN_PHONE_DIGITS and not _NOT_PHONE.match(match.group().strip()):
            found.append(("phone", match.group().strip(), digits))
    return found


def _host_of(word: str) -> str | None:
    """The host a printed word names (``https://x.example/a``, ``www.x.example``, ``x.example/a``).
    A bare word counts only under a real top-level domain: ``guide.pdf`` is a file name."""
    try:
        host = (urlsplit(word).hostname or "") if "://" in word else re.split(r"[/?#:]", word, maxsplit=1)[0]
    except ValueError:  # "https://[x": no host anyone could type
        return None
    marked = "://" in word or host.lower().startswith("www.")
    host = _ascii(host.rstrip(".").removeprefix("www."))
    if not _HOST.match(host):
        return None
    return host if marked or _under_a_real_suffix(host) else None


RESERVED = ("example", "test", "invalid", "localhost")
"""Top-level names reserved for examples and tests (RFC 2606, 6761): not in the Public
Suffix List, yet printed as addresses in every manual."""


@functools.cache
def _suffixes() -> Any:
    """The Public Suffix List (publicsuffixlist bundles it), loaded when a label first has a
    dotted word: about 0.1 s, never at start-up."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def _under_a_real_suffix(host: str) -> bool:
    return (
        host.rpartition(".")[2] in RESERVED
        or _suffixes().publicsuffix(host, accept_unknown=False) is not None
    )


def _site(host: str) -> str:
    """The registrable domain (``contoso.co.uk`` for ``book.contoso.co.uk``): one owner."""
    site: str | None = _suffixes().privatesuffix(host)
    return site or host


def _ascii(host: str) -> str:
    """``bücher.example`` and ``xn--bcher-kva.example`` are one host."""
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return host.lower()


def _digits(text: str) -> str:
    """The digits dialled, letters as keypad digits; an optional trunk zero (``+44 (0) 20``)
    and leading zeros (``0800``, ``0044``) do not tell numbers apart, so they are dropped."""
    text = text.replace("(0)", "")
    return "".join(ch for ch in text.upper().translate(_KEYPAD) if ch.isdigit()).lstrip("0")


class _Destination:
    """Where a link goes, in the terms a printed address is compared in."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.url = url
        self.scheme = parts.scheme.lower()
        body = url.split(":", 1)[1] if ":" in url else ""
        self.hosts: set[str] = set()
        self.mails: set[str] = set()
        self.phone = ""
        if self.scheme in ("http", "https"):
            self.hosts.add(_ascii((parts.hostname or "").removeprefix("www.")))
        elif self.scheme == "mailto":
            path, _, query = body.partition("?")
            addresses = path.split(",") + [
                v for f in query.split("&") for v in f.partition("=")[2].split(",")
            ]
            self.mails = {unquote(a).strip().lower() for a in addresses if "@" in a}
            self.hosts = {_ascii(a.rpartition("@")[2]) for a in self.mails}
        elif self.scheme == "tel":
            self.phone = _digits(body.split(";", 1)[0])

    def names(self, kind: str, value: str, own_hosts: Iterable[str]) -> bool:
        if kind == "phone":
            return bool(self.phone) and _same_number(value, self.phone)
        if kind == "mail":
            return value in self.mails
        if self.scheme == "mailto":  # a host printed for an e-mail link: its domain
            return any(_related(value, host) for host in self.hosts)
        if self.scheme not in ("http", "https"):
            return False
        owned = {_ascii(h.removeprefix("www.")) for h in own_hosts}
        return any(_related(value, host) for host in self.hosts | owned)

    def describe(self) -> str:
        if self.scheme == "tel":
            return f"the phone number {self.url.split(':', 1)[1]}"
        if self.scheme == "mailto":
            return ", ".join(sorted(self.mails)) or self.url
        return next(iter(self.hosts), self.url)


def _related(printed: str, host: str) -> bool:
    """The same registrable domain (one owner controls both): ``contoso.example`` and
    ``book.contoso.example``, never ``a.github.io`` and ``b.github.io``."""
    return printed == host or _site(printed) == _site(host)


def _same_number(printed: str, dialled: str) -> bool:
    """A national form (555-0100) matches its international one (+1 555 0100) by its end."""
    shorter, longer = sorted((printed, dialled), key=len)
    return len(shorter) >= MIN_PHONE_DIGITS and longer.endswith(shorter)
