"""The template contract in one place (DESIGN.md section 3): token grammar, the named
shapes infokit fills, and the flow tags that let a page follow its content.

render.py and `infokit template check` (lint.py) both read it, so a name the linter
accepts is a name a build understands.

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
from dataclasses import dataclass

from infokit.linkkeys import NAMES as LINK_KEYS
from infokit.tokens import TOKEN, find_tokens

__all__ = ["LINK_KEYS", "TOKEN", "FlowTag", "find_tokens"]
SHAPE_NAMES = ("infokit:logo", "infokit:notes", "infokit:links")
SHAPE_PREFIXES = ("infokit:qr:", "infokit:link:")
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


GENERATED_SHAPES = ("infokit:logo:image", "infokit:qr:code")
"""Shapes infokit itself adds into the slots when it builds. A built deck used as a
template carries them; the next build removes them and makes them anew."""


def is_generated(name: str) -> bool:
    return base_name(name) in GENERATED_SHAPES


def is_contract_shape(name: str) -> bool:
    base = base_name(name)
    return not is_generated(base) and (base in SHAPE_NAMES or base.startswith(SHAPE_PREFIXES))


def shape_known(name: str) -> bool:
    base = base_name(name)
    if base in SHAPE_NAMES or is_generated(base):
        return True
    for prefix in SHAPE_PREFIXES:
        if base.startswith(prefix):
            return base.removeprefix(prefix) in LINK_KEYS
    return False


def known_shapes() -> list[str]:
    return [*SHAPE_NAMES, *(p + k for p in SHAPE_PREFIXES for k in LINK_KEYS)]


def suggest(name: str, known: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean X?)`` or an empty string."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""
