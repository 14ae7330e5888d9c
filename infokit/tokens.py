"""``{{token}}`` replacement in DrawingML paragraphs, across any split into runs.

PowerPoint splits text into runs wherever it likes (spell-check, an edit in the
middle of a word), so a token may span several runs. We replace at paragraph level:
the replacement takes the formatting of the run where the token starts, and the
parts of other runs the token covered are removed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

from infokit import ooxml
from infokit.contract import TOKEN as TOKEN  # the grammar is the contract's; text work is here
from infokit.contract import find_tokens as find_tokens
from infokit.ooxml import Element, qn


@dataclass(frozen=True)
class Value:
    text: str
    link: str | None = None
    """When set, the replaced text becomes a hyperlink to this address."""


Resolver = Callable[[str], Value | None]
LinkRid = Callable[[str], str]


def replace_in_text(text: str, resolve: Resolver, unknown: set[str]) -> str:
    """Tokens in a plain string (alt text): replaced by their text; unknown ones collected."""

    def one(match: re.Match[str]) -> str:
        value = resolve(match.group(1))
        if value is None:
            unknown.add(match.group(1))
            return match.group(0)
        return value.text

    return TOKEN.sub(one, text)


def paragraph_text(p: Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("a:t")))


def replace_in_paragraph(p: Element, resolve: Resolver, link_rid: LinkRid) -> list[str]:
    """Replace every token in paragraph ``p``; returns the tokens ``resolve`` did not know.

    A paragraph left empty by its replacements is removed (a link the brand does not
    give leaves no empty line), unless it is the only paragraph of its text body.
    """
    runs = p.findall(qn("a:r"))
    texts = [_run_text(r) for r in runs]
    joined = "".join(texts)
    matches = list(TOKEN.finditer(joined))
    if not matches:
        return []
    unknown: list[str] = []
    starts = _run_starts(texts)
    # Last token first, so earlier offsets stay valid.
    for match in reversed(matches):
        value = resolve(match.group(1))
        if value is None:
            unknown.append(match.group(1))
            continue
        _splice(runs, texts, starts, match.start(), match.end(), value, link_rid)
    _drop_emptied_runs(p)
    if not paragraph_text(p).strip() and _siblings(p) > 1:
        p.getparent().remove(p)
    return list(reversed(unknown))


def _run_text(run: Element) -> str:
    t = run.find(qn("a:t"))
    return "" if t is None or t.text is None else t.text


def _set_run_text(run: Element, text: str) -> None:
    t = run.find(qn("a:t"))
    if t is None:
        t = ooxml.sub(run, "a:t")
    t.text = text


def _run_starts(texts: list[str]) -> list[int]:
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text)
    return starts


def _locate(starts: list[int], texts: list[str], offset: int, *, end: bool) -> int:
    """Index of the run holding character ``offset`` (for an end offset, the run it closes)."""
    for i in range(len(texts)):
        lo, hi = starts[i], starts[i] + len(texts[i])
        if (lo < offset <= hi) if end else (lo <= offset < hi):
            return i
    raise ValueError(offset)


def _splice(
    runs: list[Element],
    texts: list[str],
    starts: list[int],
    start: int,
    end: int,
    value: Value,
    link_rid: LinkRid,
) -> None:
    first = _locate(starts, texts, start, end=False)
    last = _locate(starts, texts, end, end=True)
    head = texts[first][: start - starts[first]]
    tail = texts[last][end - starts[last] :]
    replacement = " ".join(value.text.split()) if "\n" in value.text else value.text
    for i in range(first + 1, last + 1):
        texts[i] = ""
        _set_run_text(runs[i], "")
    if value.link is None:
        texts[first] = head + replacement + (tail if first == last else "")
        _set_run_text(runs[first], texts[first])
        if first != last:
            texts[last] = tail
            _set_run_text(runs[last], tail)
        return
    # A link: the replacement gets a run of its own so only it is clickable.
    texts[first] = head
    _set_run_text(runs[first], head)
    link_run = copy.deepcopy(runs[first])
    _set_run_text(link_run, replacement)
    add_hyperlink(link_run, link_rid(value.link))
    runs[first].addnext(link_run)
    if first == last:
        tail_run = copy.deepcopy(runs[first])
        _set_run_text(tail_run, tail)
        link_run.addnext(tail_run)
    else:
        texts[last] = tail
        _set_run_text(runs[last], tail)


def add_hyperlink(run: Element, rid: str) -> None:
    """Make a run a click-through link (an ``a:hlinkClick`` in its properties)."""
    ooxml.add_hyperlink(run, rid)


def _drop_emptied_runs(p: Element) -> None:
    """Remove empty runs, keeping one when all are empty so the formatting survives."""
    runs = p.findall(qn("a:r"))
    keep = [r for r in runs if _run_text(r)] or runs[:1]
    for run in runs:
        if not any(run is k for k in keep):
            p.remove(run)


def _siblings(p: Element) -> int:
    parent = p.getparent()
    return 0 if parent is None else len(parent.findall(qn("a:p")))
