"""libxml2's parse errors in plain words.

lxml passes libxml2's messages on as they are ("Excessive depth in document: 256, use
XML_PARSE_HUGE option, line 2, column 771 (<string>, line 2)"): parser internals and
options a user cannot set. Every XML parse error infokit reports (template parts, SVG
logos) goes through ``plain`` and becomes one sentence: where, and what is wrong.
"""

from __future__ import annotations

import re

_REASONS: tuple[tuple[str, str], ...] = (
    # (a fragment of libxml2's message, what it means to someone who made the file)
    ("Excessive depth", "its elements are nested more than 256 deep"),
    ("Text node too long", "a text in it is longer than 10 million characters"),
    ("XML_PARSE_HUGE", "a name or value in it is longer than 10 million characters"),
    ("Huge input", "a name or value in it is longer than 10 million characters"),
    ("Opening and ending tag mismatch", "a tag is closed by the wrong end tag"),
    ("Premature end of data", "it ends before its tags are closed (is the file complete?)"),
    ("EndTag", "it ends before its tags are closed (is the file complete?)"),
    ("Document is empty", "it is empty"),
    ("Start tag expected", "it does not start with an XML tag"),
    ("Extra content at the end", "it has content after its last closing tag"),
    ("redefined", "an element has the same attribute twice"),
    ("not defined", "it uses an undeclared name (an entity or a namespace prefix)"),
    ("Char value", "it holds a control character XML does not allow"),
    ("not allowed", "it holds a character XML does not allow"),
    ("encoding", "its bytes do not match its declared character encoding"),
    ("UTF-8", "its bytes do not match its declared character encoding"),
    ("Unsupported", "it declares a character encoding that is not supported"),
    ("AttValue", "an attribute value is not quoted or not closed"),
    ("attribute", "an attribute is written wrongly"),
    ("Couldn't find end of Start Tag", "a tag is not closed with '>'"),
    ("expected '>'", "a tag is not closed with '>'"),
)


def plain(exc: SyntaxError) -> str:
    """``is not well-formed XML (line 2, column 7: a tag is not closed with '>')``:
    words that follow a file or part name; libxml2's own text is left out."""
    message = str(getattr(exc, "msg", "") or exc)
    reason = next((why for fragment, why in _REASONS if fragment in message), "its markup is broken there")
    where = _position(exc, message)
    return f"is not well-formed XML ({where}{reason})"


def _position(exc: SyntaxError, message: str) -> str:
    found = re.search(r"line (\d+), column (\d+)", message)
    if found:
        return f"line {found.group(1)}, column {found.group(2)}: "
    line = getattr(exc, "lineno", None)
    return f"line {line}: " if isinstance(line, int) and line > 0 else ""
