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
import ipaddress
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from infokit import reading

_HOST = re.compile(r"^(?:[\w-]+\.)+[^\W\d_]{2,}\.?$")
"""Dot-separated labels ending in a top-level domain of letters (``contoso.example``,
``bank.co.uk``); ``v1.2`` and ``e.g`` are not hosts."""
_EDGE = "\"'()[]<>{},;:!?.«»“”‘’"
_IPV6 = re.compile(r"\[[\da-fA-F:.]*:[\da-fA-F:.]*\]")
_SCHEME = re.compile(r"^(?:(?:https?|ftps?|wss?):/*|//)")
"""What marks a word as a web address, written in full (``https://``), without its slashes
(``https:evil.example``, which browsers open) or scheme-relative (``//evil.example``)."""
_PHONE = re.compile(
    r"(?<![\w+(])(?:\+|\()?\d(?:[\d\s().\-/]*\d[-.](?:[A-Z\d]+[-.])*[A-Z]{2,}[A-Z\d]*(?:[-.][A-Z\d]+)*"
    r"|[\d\s().\-/]{4,}\d)(?!(?![xX]\d|[eE][xX][tT])\w)"
)
"""Digits with the usual separators (``+1 (555) 010-0199``), or a vanity number whose
letters follow its digits after a hyphen or dot (``1-800-FLOWERS``, ``1-800-GOT-JUNK``)."""
_EXTENSION = re.compile(r"\s*,?\s*(?:ext\.?|extension|x|#)\s*(\d+)", re.IGNORECASE)
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
    """(kind, as printed, normalised value) of every address-like thing in ``label``, read
    as the eye reads it (infokit/reading.py: ``+1–555`` with an en dash is ``+1-555``)."""
    text, origin = reading.as_read(label)

    def printed(start: int, end: int) -> str:
        return label[origin[start] : origin[end - 1] + 1]

    found: list[tuple[str, str, str]] = []
    rest = list(text)  # the text left for phone numbers: an address's digits are not one
    for match in re.finditer(r"\S+", text):
        start, end = _trimmed(text, match.start(), match.end())
        address = _address(text[start:end].lower())
        if address:
            found.append((address[0], printed(start, end), address[1]))
            rest[start:end] = " " * (end - start)
    digits_left = "".join(rest)
    for match in _PHONE.finditer(digits_left):
        number = match.group().strip()
        digits = _digits(number)
        if len(digits) >= MIN_PHONE_DIGITS and not _NOT_PHONE.match(number):
            extension = _EXTENSION.match(digits_left, match.end())
            end = extension.end() if extension else match.end()
            value = digits + (f";{extension.group(1)}" if extension else "")
            found.append(("phone", printed(match.start(), end).strip(), value))
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The word in ``text[start:end]`` without the punctuation around it, keeping the
    brackets of an IPv6 address (``[::1]/book``)."""
    while start < end and text[start] in _EDGE and not _IPV6.match(text, start, end):
        start += 1
    while end > start and text[end - 1] in _EDGE and not (text[end - 1] == "]" and "[" in text[start:end]):
        end -= 1
    return start, end


def _address(word: str) -> tuple[str, str] | None:
    """(kind, value) when ``word`` (lower case) reads as an address."""
    if word.startswith("tel:") and _digits(word[4:]):
        return "phone", _digits(word[4:].split(";", 1)[0]) + _url_extension(word)  # tel:911
    mail = word.removeprefix("mailto:")
    if "@" in mail and _HOST.match(mail.rpartition("@")[2]):
        return "mail", mail
    host = _host_of(word)
    return ("host", host) if host else None


def _host_of(word: str) -> str | None:
    """The host a printed word names (``https://x.example/a``, ``//x.example``,
    ``www.x.example``, ``x.example/a``, ``10.0.0.1/a``, ``[::1]``, ``localhost:8080``).
    A bare word counts only under a real top-level domain: ``guide.pdf`` is a file name."""
    scheme = _SCHEME.match(word)
    rest = word[scheme.end() :] if scheme else word
    authority = re.split(r"[/?#\\]", rest, maxsplit=1)[0]
    if scheme:  # https://bank.example@evil.example goes to evil.example
        authority = authority.rpartition("@")[2]
    ipv6 = _IPV6.match(authority)
    literal = _literal(ipv6.group()[1:-1] if ipv6 else authority.split(":", 1)[0])
    if literal:
        return literal
    host = authority.split(":", 1)[0]
    marked = bool(scheme) or host.startswith("www.")
    host = _ascii(host.rstrip(".").removeprefix("www."))
    if not _HOST.match(host):
        return None
    return host if marked or _under_a_real_suffix(host) else None


def _literal(host: str) -> str | None:
    """An IP address (``10.0.0.1``, ``::1``) or ``localhost``: hosts with no domain name,
    compared as written (in their canonical form), never by owner."""
    if host == "localhost":
        return host
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


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
            self.hosts.add(_host_key(parts.hostname or ""))
        elif self.scheme == "mailto":
            path, _, query = body.partition("?")
            addresses = path.split(",") + [
                v for f in query.split("&") for v in f.partition("=")[2].split(",")
            ]
            self.mails = {unquote(a).strip().lower() for a in addresses if "@" in a}
            self.hosts = {_ascii(a.rpartition("@")[2]) for a in self.mails}
        elif self.scheme == "tel":
            self.phone = _digits(body.split(";", 1)[0]) + _url_extension(body)

    def names(self, kind: str, value: str, own_hosts: Iterable[str]) -> bool:
        if kind == "phone":
            return bool(self.phone) and _same_number(value, self.phone)
        if kind == "mail":
            return value in self.mails
        if self.scheme == "mailto":  # a host printed for an e-mail link: its domain
            return any(_related(value, host) for host in self.hosts)
        if self.scheme not in ("http", "https"):
            return False
        owned = {_host_key(h) for h in own_hosts}
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
    if printed == host:
        return True
    return not (_literal(printed) or _literal(host)) and _site(printed) == _site(host)


def _host_key(host: str) -> str:
    """A link's host as printed hosts are compared: ``www.`` aside, IDNA, IP addresses canonical."""
    return _literal(host.lower()) or _ascii(host.removeprefix("www."))


def _url_extension(tel: str) -> str:
    """``;12`` for ``tel:+1-555-0100;ext=12``: the extension, written as a printed one is."""
    found = re.search(r";ext=(\d+)", tel, re.IGNORECASE)
    return f";{found.group(1)}" if found else ""


def _same_number(printed: str, dialled: str) -> bool:
    """A national form (555-0100) matches its international one (+1 555 0100) by its end;
    an extension printed must be the one dialled (one not printed is the switchboard's)."""
    printed_number, _, printed_extension = printed.partition(";")
    number, _, extension = dialled.partition(";")
    if printed_extension and printed_extension != extension:
        return False
    shorter, longer = sorted((printed_number, number), key=len)
    return printed_number == number or (len(shorter) >= MIN_PHONE_DIGITS and longer.endswith(shorter))
