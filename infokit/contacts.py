"""``tel:`` (RFC 3966) and ``mailto:`` (RFC 6068) links as people write them.

A phone number prints as written (``1-800-FLOWERS``, ``+44 20 7946 0958``,
``+1-555-0100 ext. 123``) while its link and QR code must dial: letters become keypad
digits and spaces (common in YAML, not allowed in a URI) become the visual separator
``-`` in the href. A mailto: link prints its addresses and keeps the exact URL; header
fields are limited to what a client needs (subject, body, cc, to), and an encoded line
break outside the body is refused: ``subject=Hi%0D%0ABcc:x@evil.example`` would add a
header the reader never sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

_KEYPAD = {
    letter: str(digit)
    for digit, letters in enumerate(("", "", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"))
    for letter in letters
}
_NUMBER = re.compile(r"^(\+?)([0-9A-Za-z().\- ]*)$")
_SEPARATORS = re.compile(r"[().\- ]")
_CONTEXT = re.compile(r"^(\+[0-9().\-]*[0-9][0-9().\-]*|[A-Za-z0-9.\-]+)$")
TEL_PARAMETERS = ("ext", "phone-context", "isub")
MIN_DIGITS, MAX_DIGITS = 3, 20
TEL_EXAMPLE = "e.g. tel:+1-555-0100, tel:+1-555-0100;ext=12 or tel:1-800-FLOWERS"


@dataclass(frozen=True)
class Phone:
    """A tel: link taken apart: the number as written, its parameters, in order."""

    number: str
    parameters: tuple[tuple[str, str], ...]

    @property
    def href(self) -> str:
        """The link that dials: keypad digits for letters, ``-`` for spaces."""
        number = "-".join(self.number.split())
        dialled = "".join(_KEYPAD.get(ch.upper(), ch) for ch in number)
        return "tel:" + dialled + "".join(f";{name}={'-'.join(v.split())}" for name, v in self.parameters)

    @property
    def printed(self) -> str:
        """The number as written, with its extension as people print it."""
        ext = dict(self.parameters).get("ext")
        return f"{self.number} ext. {ext}" if ext else self.number


def parse_tel(url: str) -> Phone | str:
    """The phone number of ``tel:...``, or what is wrong with it."""
    body = url.split(":", 1)[1].strip()
    not_a_number = f"{url!r} is not a phone number; {TEL_EXAMPLE}"
    number, *params = body.split(";")
    match = _NUMBER.match(number)
    if not match or not number or not (number.lstrip("+")[:1].isdigit()):
        return not_a_number
    number = " ".join(number.split())  # only spaces are left here: print one between groups
    digits = sum(ch.isalnum() for ch in number)
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        return f"{url!r} has {digits} digits; a phone number has {MIN_DIGITS} to {MAX_DIGITS}; {TEL_EXAMPLE}"
    parameters: list[tuple[str, str]] = []
    for param in params:
        name, _, value = param.strip().partition("=")
        name = name.strip().lower()
        problem = _tel_parameter_problem(name, value.strip(), [n for n, _ in parameters])
        if problem:
            return f"{url!r} {problem}"
        parameters.append((name, value.strip()))
    return Phone(number, tuple(parameters))


def _tel_parameter_problem(name: str, value: str, seen: list[str]) -> str | None:
    if name not in TEL_PARAMETERS:
        allowed = ", ".join(f";{p}=" for p in TEL_PARAMETERS)
        return f"has the parameter ';{name}', which phones do not use; allowed: {allowed}"
    if name in seen:
        return f"gives ';{name}=' twice; keep one"
    if name == "ext" and not (value and _SEPARATORS.sub("", value).isdigit()):
        return f"has the extension {value!r}; write its digits, e.g. ;ext=123"
    if name == "phone-context" and not _CONTEXT.match(value):
        return f"has phone-context={value!r}; give the country code (+1) or a domain"
    if name == "isub" and not (value and value.isascii() and value.isprintable()):
        return f"has isub={value!r}; give the ISDN subaddress"
    return None


MAIL_HEADERS = ("to", "cc", "subject", "body")
MAIL_EXAMPLE = "e.g. mailto:help@example.com or mailto:a@example.com,b@example.com?subject=Visit"
_ATOM = r"(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]|[^\x00-\x7f])+"  # RFC 5322 atext, with RFC 6532's UTF-8
_LOCAL = rf"^({_ATOM}(\.{_ATOM})*|\"[^\"\\\r\n]*\")$"
"""The part before '@': dot-separated atoms, or a quoted string (``"not@me"@example.org``);
compiled when the first address is checked (re caches it), not at start-up."""
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Mail:
    """A mailto: link taken apart: every recipient address (to and cc), decoded."""

    to: tuple[str, ...]
    cc: tuple[str, ...]

    @property
    def printed(self) -> str:
        return ", ".join(self.to or self.cc)


def parse_mailto(url: str, host_problem: Callable[[str, str], str | None]) -> Mail | str:
    """The addresses of ``mailto:...``, or what is wrong with it. ``host_problem`` checks
    each address's domain as a link's host is checked (IDNA, look-alikes)."""
    body = url.split(":", 1)[1]
    if "#" in body or _PERCENT.search(body):
        return f"{url!r} is malformed (a '#' or a '%' not followed by two hex digits); {MAIL_EXAMPLE}"
    path, _, query = body.partition("?")
    to = [unquote(a) for a in path.split(",")] if path else []
    cc: list[str] = []
    seen: set[str] = set()
    for field in query.split("&") if query else []:
        name, equals, raw = field.partition("=")
        name = unquote(name).strip().lower()
        value = unquote(raw)
        problem = _header_problem(name, equals, value, seen)
        if problem:
            return f"{url!r} {problem}"
        seen.add(name)
        if name in ("to", "cc"):
            (to if name == "to" else cc).extend(a for a in value.split(",") if a.strip())
    if not to and not cc:
        return f"{url!r} has no address; {MAIL_EXAMPLE}"
    for address in (*to, *cc):
        problem = _address_problem(address.strip(), url, host_problem)
        if problem:
            return problem
    return Mail(tuple(a.strip() for a in to), tuple(a.strip() for a in cc))


def _header_problem(name: str, equals: str, value: str, seen: set[str]) -> str | None:
    if name == "bcc":
        return "has bcc=, a hidden copy the reader would send without knowing; name it in cc= or leave it out"
    if name not in MAIL_HEADERS or not equals:
        allowed = ", ".join(f"{h}=" for h in MAIL_HEADERS)
        return f"has {name + equals!r}, which is not a header a link may set; allowed: {allowed}"
    if name in seen:
        return f"gives {name}= twice; keep one"
    breaks = any(ch in value for ch in "\r\n\x85\u2028\u2029")
    if name != "body" and (breaks or any(ord(ch) < 32 or ord(ch) == 127 for ch in value)):
        # An encoded CR LF ends the header: what follows becomes a header of its own
        return f"has a line break or control character in {name}= (it would add hidden headers); remove it"
    return None


def _address_problem(address: str, url: str, host_problem: Callable[[str, str], str | None]) -> str | None:
    local, at, domain = address.rpartition("@")
    if not at or not re.match(_LOCAL, local) or not domain or "." not in domain.strip("."):
        return f"{url!r}: {address!r} is not an email address; {MAIL_EXAMPLE}"
    return host_problem(domain, url)
