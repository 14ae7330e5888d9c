"""The small safe Markdown of FAQ answers: paragraphs, lists, bold, italic, links.

markdown-it-py (CommonMark) starts from its "zero" preset with raw HTML off, and only
the rules above are enabled, so anything else (headings, images, tables, raw HTML) stays
literal text and is escaped on output. The same token stream gives the HTML and, written
back with brand text escaped, the Markdown file, so the two never disagree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping

from markdown_it import MarkdownIt
from markdown_it.token import Token

from infokit import contacts

RULES = ["list", "emphasis", "link", "escape", "newline"]
PLACEHOLDER_SCHEME = "link:"
"""Default answers point at ``link:booking`` and so on: the brand's own address goes in."""


SAFE_TARGET = re.compile(r"^(https?://|mailto:|tel:|link:)", re.I)


@functools.cache
def _parser(every_link: bool = False) -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(RULES)
    # Validation sees every link (so a javascript: link is reported, not silently turned
    # into text); rendering keeps only the schemes the brand validator allows, a second
    # line of defence behind it.
    md.validateLink = (  # type: ignore[method-assign]
        (lambda url: True) if every_link else (lambda url: bool(SAFE_TARGET.match(url)))
    )
    if every_link:
        # Validation must see the link as the brand wrote it: markdown-it's normalizeLink
        # percent-encodes spaces and turns hosts to punycode, which would hide exactly what
        # links.* refuses (a zero-width space in a host, a space in an <...> destination).
        md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


UNSUPPORTED = {
    "heading_open": "a # heading",
    "blockquote_open": "a > quote",
    "fence": "a ``` code block",
    "code_block": "an indented code block",
    "hr": "a --- rule",
    "table_open": "a table",
    "html_block": "raw HTML",
    "html_inline": "raw HTML",
    "image": "an image ![...](...)",
    "code_inline": "`code`",
    "s_open": "~~strikethrough~~",
    "entity": "an HTML entity such as &amp;",
    "autolink": "a <https://...> link",
}
"""What a full CommonMark (and GFM tables and strikethrough) reader would make of an
answer that the small safe subset shows as typed text instead."""


@functools.cache
def _full_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.disable("text_join")  # keeps entities apart (text_special), to name them
    return md


def unsupported(source: str) -> list[str]:
    """The Markdown in ``source`` that the page will show as typed, in words; empty when
    everything is of the supported subset."""
    found: list[str] = []
    for token in _full_parser().parse(source):
        found.append(token.type)
        for child in token.children or ():
            if child.type == "text_special" and child.info == "entity":
                found.append("entity")
            elif child.type == "link_open" and child.info == "auto":
                found.append("autolink")
            else:
                found.append(child.type)
    return list(dict.fromkeys(UNSUPPORTED[t] for t in found if t in UNSUPPORTED))


def literal_emphasis(source: str) -> bool:
    """Did ``**`` or ``__`` stay as typed? CommonMark does not end bold between punctuation
    and a letter (``**'무료'**입니다``), common in Korean and with quotes anywhere."""
    if "\\*" in source or "\\_" in source:  # the writer escaped markers on purpose
        return False
    for token in parse(source):
        for child in token.children or ():
            if child.type == "text" and ("**" in child.content or "__" in child.content):
                return True
    return False


def parse(source: str) -> list[Token]:
    return _parser().parse(source)


def links(source: str) -> list[str]:
    """Every link target in ``source``, as written."""
    return [target for _, target in labelled_links(source)]


def labelled_links(source: str) -> list[tuple[str, str]]:
    """(printed text, target as written) of every link in ``source``."""
    found: list[tuple[str, str]] = []
    for token in _parser(every_link=True).parse(source):
        text: list[str] | None = None
        for child in token.children or ():
            if child.type == "link_open":
                text = []
                found.append(("", str(child.attrs.get("href", ""))))
            elif child.type == "link_close" and text is not None:
                found[-1] = ("".join(text), found[-1][1])
                text = None
            elif text is not None:
                text.append(child.content)
    return found


def substitute(tokens: list[Token], text: Callable[[str], str], href: Mapping[str, str]) -> list[Token]:
    """Brand values into the token stream: ``text`` rewrites every text run (tokens such as
    ``{{organization}}``), ``href`` maps ``link:KEY`` targets to addresses. Text put in
    here stays text: the renderers escape it."""
    for token in tokens:
        for child in token.children or ():
            if child.type == "text":
                child.content = text(child.content)
            elif child.type == "link_open":
                target = str(child.attrs.get("href", ""))
                if target.startswith(PLACEHOLDER_SCHEME):
                    child.attrs["href"] = href[target.removeprefix(PLACEHOLDER_SCHEME)]
                elif target[:4].lower() == "tel:":  # [Call](tel:1-800-FLOWERS) dials, as links.phone does
                    phone = contacts.parse_tel(target)
                    child.attrs["href"] = phone.href if isinstance(phone, contacts.Phone) else target
    return tokens


def to_html(tokens: list[Token]) -> str:
    md = _parser()
    html: str = md.renderer.render(tokens, md.options, {})
    return html.strip()


def to_text(tokens: list[Token]) -> str:
    """The words a reader sees, paragraphs and list items on their own lines."""
    lines: list[str] = []
    for token in tokens:
        if token.type == "inline":
            lines.append("".join(_inline_text(c) for c in token.children or ()))
    return "\n".join(lines)


def _inline_text(token: Token) -> str:
    if token.type == "text":
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return ""


# -- Markdown written back ---------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>&~|!#])")  # '#' too: "Press #" ends an ATX heading
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def escape(text: str) -> str:
    """Brand text that Markdown will show as it is, never as markup or HTML."""
    text = _ESCAPE.sub(r"\\\1", text)
    return "\n".join(_LINE_START.sub(_escape_block_marker, line) for line in text.split("\n"))


def _escape_block_marker(match: re.Match[str]) -> str:
    """``# x`` or ``1. x`` at a line start would become a heading or a list."""
    space, marker = match.group(1), match.group(2)
    return f"{space}{marker[:-1]}\\{marker[-1]}"


def to_markdown(tokens: list[Token]) -> str:
    """CommonMark for ``tokens``: the writer of the parser's own subset."""
    out: list[str] = []
    prefixes: list[str] = []  # the indentation of each open list item
    markers: list[str] = []  # each open list's bullet (-, *) or number delimiter (., ))
    closed = ""  # the marker of a list that has just closed: the next list must differ
    pending_marker = ""
    lead = ""  # markers of items that open with a list (`- 1. x`): written on its first line

    def first_line(indent: str) -> str:
        nonlocal lead
        indent, lead = indent[: len(indent) - len(lead)] + lead, ""
        return indent

    loose = _loose_lists(tokens)
    looseness: list[bool] = []
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            looseness.append(i in loose)
            if pending_marker:  # the item starts with this list: its marker shares the line
                prefixes.append(" " * len(pending_marker))
                lead += pending_marker
                pending_marker = ""
            if out and out[-1] != "" and not markers:  # a blank line would loosen an enclosing list
                out.append("")
            # Two lists in a row are one list in CommonMark unless their markers differ
            # (`* a` then `+ b`): alternate the marker so they stay two.
            # Bullets also alternate by depth, so a line of markers ("- * -") is never a
            # thematic break.
            bullets = ("-", "*") if len(markers) % 2 == 0 else ("*", "-")
            first, other = bullets if token.type == "bullet_list_open" else (".", ")")
            markers.append(other if closed == first else first)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            closed = markers.pop()
            looseness.pop()
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if not markers or (after and after.type == "paragraph_open" and not after.hidden):
                out.append("")  # a paragraph after a nested list must not read as part of it
            elif after and after.type.endswith("_list_open") and not looseness[-1]:
                while out and out[-1] == "":  # a blank line here would loosen the enclosing item
                    out.pop()
            continue
        elif token.type == "list_item_open":
            marker = f"{markers[-1]} " if markers[-1] in "-*" else f"{token.info or '1'}{markers[-1]} "
            pending_marker = marker
        elif token.type == "list_item_close":
            if pending_marker:  # an empty item ("-" alone): its marker, and nothing was indented
                out.append(first_line("".join(prefixes)) + pending_marker.rstrip())
                pending_marker = ""
            else:
                prefixes.pop()
            following = tokens[i + 1].type if i + 1 < len(tokens) else ""
            if looseness[-1] and out[-1] != "" and following == "list_item_open":
                out.append("")  # items of a loose list stand apart, whatever ends them
        elif token.type == "inline":
            indent = "".join(prefixes)
            body = _inline_markdown(token.children or [], indent + (" " * len(pending_marker)))
            if pending_marker:
                out.append(first_line(indent) + pending_marker + body)
                prefixes.append(" " * len(pending_marker))
                pending_marker = ""
            else:
                out.append(indent + body)
        elif token.type == "paragraph_close" and not token.hidden:
            out.append("")
        closed = ""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _loose_lists(tokens: list[Token]) -> set[int]:
    """Indices of the lists whose items are paragraphs (blank lines between items):
    markdown-it hides the paragraphs of tight lists."""
    loose, open_lists = set(), []
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            open_lists.append(i)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            open_lists.pop()
        elif token.type == "paragraph_open" and open_lists and not token.hidden:
            opener = tokens[open_lists[-1]]
            if token.level == opener.level + 2:
                loose.add(open_lists[-1])
    return loose


def _inline_markdown(children: list[Token], indent: str) -> str:
    parts: list[str] = []
    links: list[str] = []
    for child in children:
        if child.type == "text":
            parts.append(escape(child.content))
        elif child.type == "softbreak":
            parts.append("\n" + indent)
        elif child.type == "hardbreak":
            parts.append("\\\n" + indent)
        elif child.type in ("em_open", "em_close"):
            parts.append("*")
        elif child.type in ("strong_open", "strong_close"):
            parts.append("**")
        elif child.type == "link_open":
            parts.append("[")
            links.append(str(child.attrs.get("href", "")))
        elif child.type == "link_close":
            target = links.pop().replace("<", "%3C").replace(">", "%3E")
            parts.append(f"](<{target}>)")
    return "".join(parts)
