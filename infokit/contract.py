"""The template contract in one place (DESIGN.md section 3): which tokens exist, the
named shapes infokit fills, and the flow tags that let a page follow its content.

render.py, `infokit template check` (lint.py), templatecheck.py, brand.py (what a
``text:`` override may say) and the README's shape table (cog) all read it, and a
build runs the same check as `template check` (lint.inspect), so a name the check
accepts is a name a build fills, and a name it refuses is refused by the build too.

A new named shape is one row in ``SLOTS`` plus its filler, a function of that name in
infokit/fillers.py (importing fillers fails if a row names none); the README's table
is regenerated with ``cog -r -I . README.md``.

Flow tags are written at the end of a shape's name in PowerPoint's Selection Pane:

``Step 1 text @page.3``   the shape belongs to block 3 of the column ``page``
``Timeline rail @page``    a rail: it spans the blocks its ends lie in

Blocks of a column are stacked top to bottom in number order between the column's
designed top and bottom. In each block, the lowest text box with variable content in
each side-by-side part takes the height its text needs; shapes below it move with
it, shapes around it (panels, cards) stretch with it, the others stay. Text boxes of
one block whose names differ only in their numbers (``Step 1 text``, ``Step 2 text``)
keep one height, so cards in a row stay alike. The room left over goes to the gaps
between blocks, in proportion to their designed size; when the column is too full,
gaps close to half and then the text shrinks, never below 7 pt.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from infokit import catalog
from infokit.linkkeys import NAMES as LINK_KEYS

# -- Tokens -------------------------------------------------------------------------

TOKEN = re.compile(r"\{\{\s*([A-Za-z0-9_.:-]*)\s*\}\}")
"""How a token is written in text: ``{{organization}}``, spaces inside allowed."""


def find_tokens(text: str) -> list[str]:
    return [m.group(1) for m in TOKEN.finditer(text)]


@dataclass(frozen=True)
class Token:
    kind: Literal["organization", "links", "text"]
    key: str
    """The link key (``links.KEY``) or catalogue key (``text.KEY``); empty for organization."""


def parse_token(token: str) -> Token | None:
    """The token the contract knows by that name, or None: ``organization``,
    ``links.KEY`` for every key of infokit/linkkeys.py, ``text.KEY`` for every string
    of the catalogue."""
    if token == "organization":
        return Token("organization", "")
    kind, dot, key = token.partition(".")
    if dot and kind == "links" and key in LINK_KEYS:
        return Token("links", key)
    if dot and kind == "text" and key in catalog.known_keys():
        return Token("text", key)
    return None


def brand_tokens() -> tuple[str, ...]:
    """The tokens a brand's own words and the catalogue's strings may hold: every token
    but ``text.*`` (a string made of strings could loop)."""
    return ("organization", *(f"links.{key}" for key in LINK_KEYS))


def known_tokens() -> list[str]:
    return [*brand_tokens(), *(f"text.{key}" for key in sorted(catalog.known_keys()))]


def token_grammar() -> str:
    """The known tokens in a few words, for a message."""
    return (
        f"organization, links.<{'|'.join(LINK_KEYS)}>, and {len(catalog.known_keys())} text.* keys "
        "(`infokit templates --strings`)"
    )


# -- Named shapes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One kind of named shape a template may hold."""

    name: str
    """The Selection Pane name; ending in ':' it is a prefix followed by a link key."""
    purpose: str
    """What infokit does with it, in the words of the README's table."""
    filler: str
    """The function in infokit/fillers.py that fills it."""
    rotates: bool = True
    """False: a rotated box is refused (a picture or code placed in it would not turn)."""
    makes: str | None = None
    """The shape infokit adds into it. A built deck used as a template carries it; the
    next build removes it and makes it anew."""

    @property
    def keyed(self) -> bool:
        return self.name.endswith(":")

    @property
    def shown(self) -> str:
        return f"{self.name}KEY" if self.keyed else self.name


SLOTS = (
    Slot(
        "infokit:logo",
        "fits the logo inside it, aspect kept, centred; the shape stays as its backdrop; without a "
        "logo it shows the organization's name as a wordmark",
        filler="logo",
        rotates=False,
        makes="infokit:logo:image",
    ),
    Slot(
        "infokit:qr:",
        "a QR code of `links.KEY` (usually `booking`), centred in it",
        filler="qr",
        rotates=False,
        makes="infokit:qr:code",
    ),
    Slot("infokit:notes", "its first paragraph is the style of every note", filler="notes"),
    Slot(
        "infokit:links",
        "one entry per link the brand gives: first paragraph styles the label, second the address",
        filler="links",
    ),
    Slot(
        "infokit:link:",
        "its text and click go to `links.KEY`; removed when the brand has no such link",
        filler="link",
    ),
)
GENERATED_SHAPES = tuple(slot.makes for slot in SLOTS if slot.makes)

# -- Flow tags ------------------------------------------------------------------------

FLOW_TAG = re.compile(r"\s+@([a-z][a-z0-9-]*)(?:\.(\d{1,3}))?\s*$")
LOOKS_LIKE_TAG = re.compile(r"\s@")


@dataclass(frozen=True)
class FlowTag:
    column: str
    block: int | None
    """None for a rail."""


def flow_tag(name: str) -> FlowTag | None:
    match = FLOW_TAG.search(name)
    if match is None:
        return None
    return FlowTag(match.group(1), int(match.group(2)) if match.group(2) else None)


def base_name(name: str) -> str:
    """The name without its flow tag: ``infokit:notes @page.7`` is ``infokit:notes``."""
    return FLOW_TAG.sub("", name).strip()


def with_tag_of(name: str, other: str) -> str:
    """``name`` carrying the flow tag of ``other``: a shape infokit adds moves with its box."""
    match = FLOW_TAG.search(other)
    return name + match.group(0) if match else name


def bad_tag(name: str) -> str | None:
    """What is wrong with something that looks like a flow tag but is not one."""
    if FLOW_TAG.search(name) or not LOOKS_LIKE_TAG.search(name):
        return None
    return (
        f"shape '{name}': a flow tag is ' @COLUMN.BLOCK' (e.g. 'Step 1 text @page.3') or ' @COLUMN' "
        "for a rail, at the end of the name: lower-case letters, digits and '-', then a block number"
    )


def is_generated(name: str) -> bool:
    return base_name(name) in GENERATED_SHAPES


def slot_for(name: str) -> tuple[Slot, str] | None:
    """The slot a shape's name (flow tag or not) asks for, and its link key ("" for
    unkeyed slots); None for any other name, generated shapes included."""
    base = base_name(name)
    for slot in SLOTS:
        if base == slot.name and not slot.keyed:
            return slot, ""
        if slot.keyed and base.startswith(slot.name) and base.removeprefix(slot.name) in LINK_KEYS:
            return slot, base.removeprefix(slot.name)
    return None


def slot_of(name: str) -> Slot | None:
    """The slot a shape fills or was made in (``infokit:qr:code`` -> ``infokit:qr:``)."""
    base = base_name(name)
    found = slot_for(base)
    return found[0] if found else next((slot for slot in SLOTS if slot.makes == base), None)


def shape_known(name: str) -> bool:
    return slot_for(name) is not None or is_generated(name)


def known_shapes() -> list[str]:
    return [slot.name + key for slot in SLOTS for key in (LINK_KEYS if slot.keyed else ("",))]


def readme_table() -> str:
    """The README's table of named shapes (a cog block there calls this)."""
    rows = ["| shape name | what infokit does with it |", "| --- | --- |"]
    rows += [f"| `{slot.shown}` | {slot.purpose} |" for slot in SLOTS]
    return "\n".join(rows) + "\n"


def require_fillers(fillers: Collection[str]) -> None:
    """Every slot names a filler that exists: a row without one fails at import, not
    silently at build."""
    missing = [slot for slot in SLOTS if slot.filler not in fillers]
    if missing:
        raise ImportError(
            "infokit/contract.py: "
            + "; ".join(f"the slot {s.shown} names the filler {s.filler!r}" for s in missing)
            + ", which infokit/fillers.py does not define"
        )


def suggest(name: str, known: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean X?)`` or an empty string."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""
