"""The keys under ``links:`` in a brand file, declared once.

A new link key is one row in ``LINKS``; everything else follows from this table:

- the validator's keys, the required one, schemes and lengths (brand.py);
- the README's key table, the JSON Schema and ``infokit init``'s starter (spec.py,
  starter.py; the README table is regenerated with ``cog -r -I . README.md``);
- the template contract: ``{{links.KEY}}``, ``infokit:link:KEY``, ``infokit:qr:KEY``
  and what ``text:`` may say (contract.py, read by render, lint and brand);
- the page's list of links (the ``links`` filler, fillers.py).

Only the printed label lives elsewhere, because translators own it: ``link_KEY`` in
the ``common`` section of every catalogue in infokit/catalog/ (tests/test_catalog.py
names any language that lacks it). The FAQ may add a sentence for a link
(``more:`` in infokit/faq/catalog/), but need not.

No imports from infokit: brand.py, spec.py and contract.py all read this module.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LINK = 2000
MAX_QR_LINK = 300
"""Longer and the QR code needs so many modules that print cannot carry them."""


@dataclass(frozen=True)
class LinkKey:
    name: str
    purpose: str
    """What the link is for, in the words of the README and the JSON Schema."""
    example: str
    """A value the starter file shows and messages quote."""
    scheme: str | None = None
    """The one scheme the link must have (``tel``), or None for any safe link. Links
    printed as a number or an address must not be web pages ("Call us example.com")."""
    required: bool = False
    qr: bool = False
    """The built-in designs print it as a QR code, so its address must stay short."""

    @property
    def max_length(self) -> int:
        return MAX_QR_LINK if self.qr else MAX_LINK

    @property
    def form(self) -> str:
        """How its address begins, for a message: ``https://...``, ``tel:...``."""
        return f"{self.scheme}:..." if self.scheme else "https://..."


# In the order the page lists them (render's infokit:links) and the README shows them.
LINKS = (
    LinkKey("booking", "your booking page", "https://example.com/book", required=True, qr=True),
    LinkKey("reschedule", "how to cancel or reschedule", "https://example.com/cancel"),
    LinkKey("billing", "billing and payments", "https://example.com/billing"),
    LinkKey("help", "help with joining a video appointment", "https://example.com/help"),
    LinkKey("home", "your website", "https://example.com"),
    LinkKey("phone", "a number to call", "tel:+1-555-0100", scheme="tel"),
    LinkKey("email", "an address to write to", "mailto:care@example.com", scheme="mailto"),
)
BY_NAME = {key.name: key for key in LINKS}
NAMES = tuple(BY_NAME)
REQUIRED = tuple(key.name for key in LINKS if key.required)
SCHEMES = {key.name: key.scheme for key in LINKS if key.scheme}


def label_key(name: str) -> str:
    """The catalogue string that labels the link on the page: ``link_booking``."""
    return f"link_{name}"
