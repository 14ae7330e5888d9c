"""Read a YAML file safely into plain data, remembering the line of every key.

PyYAML's safe loader builds a node tree first; we walk that tree ourselves so that
we know where each value came from, can refuse duplicate keys (PyYAML silently keeps
the last) and can stop an alias bomb (a few lines that expand to billions of nodes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from infokit import safeio
from infokit.errors import BrandError, Problem

MAX_BYTES = 1_000_000
"""A brand file is a few hundred bytes; anything near a megabyte is a mistake."""

MAX_NODES = 10_000
"""Stops alias expansion long before it costs memory or time."""

MAX_DEPTH = 20
"""A brand file nests three deep; PyYAML composes recursively and would hit Python's
recursion limit (RecursionError) a few hundred levels down."""

_PLAIN_TAGS: dict[type[yaml.Node], tuple[str, ...]] = {
    yaml.MappingNode: ("tag:yaml.org,2002:map",),
    yaml.SequenceNode: ("tag:yaml.org,2002:seq",),
}

KeyPath = tuple[str, ...]

_BOOL = "tag:yaml.org,2002:bool"
_INT_BITS = 14_000
"""About 4,200 decimal digits: Python refuses to print an int of more than 4,300."""


_Base = TypeVar("_Base", bound=type)


def _yaml12_booleans(loader: _Base) -> _Base:
    """YAML 1.2 booleans: only true and false. YAML 1.1 also reads yes/no/on/off/y/n as
    booleans, so ``payment: No`` would silently drop a question; to a person those are
    words, and here they stay text."""
    loader.yaml_implicit_resolvers = {  # type: ignore[attr-defined]
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(  # type: ignore[attr-defined]
        _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return loader


@_yaml12_booleans
class _Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 booleans, for brand files (positions kept)."""


@_yaml12_booleans
class CatalogLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.2 booleans for infokit's own catalogues, with libyaml's speed when present."""


@dataclass(frozen=True)
class Document:
    """Plain data (dicts, lists, scalars) plus the line of each key path."""

    path: Path
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    files: dict[KeyPath, Path] = field(default_factory=dict)
    """Keys that came from another file (a --base file): where each came from."""
    row: int | None = None
    """For a CSV row: its number (1 is the first row under the header)."""
    columns: tuple[str, ...] = ()
    """For a CSV row: the header, so a key missing from the row can name its column."""

    def file_of(self, key_path: KeyPath) -> Path:
        """The file ``key_path`` (or its nearest parent) was read from."""
        while key_path:
            if key_path in self.files:
                return self.files[key_path]
            key_path = key_path[:-1]
        return self.path

    def line_of(self, key_path: KeyPath) -> int | None:
        """The line of ``key_path`` or, failing that, of its nearest parent."""
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return self.lines.get(())  # a CSV row: the line where it starts

    def problem(self, key_path: KeyPath, message: str) -> Problem:
        own = self.file_of(key_path) == self.path
        if own and self.columns and key_path and key_path not in self.lines:
            message += self._column_hint(dotted(key_path))
        line, row = self.line_of(key_path), self.row if own else None
        return Problem(self.file_of(key_path), dotted(key_path), message, line, row)

    def _column_hint(self, key: str) -> str:
        """Where a key missing from a CSV row would be: its empty cell, or no column."""
        if key in self.columns:
            return f" (its cell, column {self.columns.index(key) + 1}, is empty in this row)"
        return f" (the CSV has no '{key}' column)"


def dotted(key_path: KeyPath) -> str:
    return ".".join(key_path)


def _paired(text: str) -> str:
    """JSON writes a character beyond U+FFFF as two escapes ("\\ud83d\\ude00"), and JSON
    is YAML; the loader keeps them as two lone surrogates. Join them into the character."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:  # a lone half: left as it is, for the validator to name
        return text


def load_yaml(path: Path) -> Document:
    """Read ``path``; every failure is a BrandError naming the file and line."""
    text = _read_text(path)
    _check_depth(path, text)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise BrandError(_syntax_problem(path, exc)) from None
        except yaml.YAMLError as exc:
            raise BrandError(Problem(path, None, f"not valid YAML: {exc}")) from None
        if node is None:
            raise BrandError(Problem(path, None, "the file is empty; see `infokit init`"))
        walker = _Walker(path, loader)
        data = walker.value(node, ())
        return Document(path, data, walker.lines)
    finally:
        loader.dispose()


def _read_text(path: Path) -> str:
    try:
        raw = safeio.read_bytes(path, MAX_BYTES, "brand file")
    except safeio.NotReadable as exc:
        message = "no such file" if str(exc) == "does not exist" else str(exc)
        if path.is_dir():  # build takes files; a folder of brand files is batch's
            message += f"; to build every brand file in it: infokit batch {path}"
        raise BrandError(Problem(path, None, message)) from None
    return decode_text(path, raw, "YAML")


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode_text(path: Path, raw: bytes, kind: str) -> str:
    """UTF-8 text (with or without a BOM); UTF-16 and UTF-32 files are named as such."""
    wide = next((name for bom, name in _WIDE_BOMS if raw.startswith(bom)), None)
    if wide is None and len(raw) >= 4 and raw[:4].count(0) in (2, 3) and raw[0] in (0, *range(32, 127)):
        # No BOM, but ASCII text with NULs between the letters: UTF-16 or UTF-32.
        wide = "UTF-32" if raw[:4].count(0) == 3 else "UTF-16"
    if wide is not None:
        raise BrandError(Problem(path, None, f"is {wide} text; save it as UTF-8"))
    if b"\x00" in raw:
        raise BrandError(Problem(path, None, f"is a binary file, not {kind} text"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BrandError(
            Problem(path, None, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
        ) from None


def _check_depth(path: Path, text: str) -> None:
    """Refuse deep nesting and too many values from the event stream (the parser is
    iterative, and stops at the first event over a limit) before the recursive composer
    sees it. Aliases are counted where they are expanded, by the _Walker."""
    open_collections: list[list[int]] = []  # [is a mapping, children so far] per level
    top_key: str | None = None  # the top-level key being read, to say where a limit is passed
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionEndEvent):
                open_collections.pop()
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                continue
            nodes += 1
            line = event.start_mark.line + 1 if event.start_mark else None
            if open_collections:
                parent = open_collections[-1]
                if len(open_collections) == 1 and parent[0] and parent[1] % 2 == 0:
                    top_key = str(getattr(event, "value", "")) or None
                parent[1] += 1
            if nodes > MAX_NODES:
                raise BrandError(Problem(path, top_key, _too_many(top_key), line))
            if isinstance(event, yaml.CollectionStartEvent):
                open_collections.append([isinstance(event, yaml.MappingStartEvent), 0])
                if len(open_collections) > MAX_DEPTH:
                    message = (
                        f"nests deeper than {MAX_DEPTH} levels; a brand file nests 3 or 4 deep: "
                        "move the inner values up"
                    )
                    raise BrandError(Problem(path, top_key, message, line))
    except yaml.MarkedYAMLError as exc:
        raise BrandError(_syntax_problem(path, exc)) from None
    except yaml.YAMLError as exc:
        raise BrandError(Problem(path, None, f"not valid YAML: {exc}")) from None


def _too_many(top_key: str | None) -> str:
    advice = {
        "text": "text: holds only the template strings you change",
        "notes": "notes: holds a few short notes",
        "faq": "faq: holds the answers you change and a few extra questions",
    }.get(top_key or "", "keep only what the infographic uses")
    return (
        f"holds more than {MAX_NODES:,} keys, list items and values; a brand file needs a few dozen "
        f"({advice})"
    )


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = None if mark is None else mark.line + 1
    what = exc.problem or "syntax error"
    if "'\\t'" in what or "\\t" in what:
        what = "a tab character; YAML is indented with spaces only"
    elif "could not find expected ':'" in what:  # PyYAML also says so of keys over 1024 characters
        what = "a key without ':' after it (or a key longer than 1,024 characters)"
    elif "expected a single document" in str(exc):
        what = "more than one YAML document (---); a brand file holds one"
    return Problem(path, None, f"not valid YAML: {what}", line)


_TAG_VALUES = {"float": "a number", "int": "a whole number", "timestamp": "a date", "bool": "true or false"}


def _tag_reason(node: yaml.Node) -> str:
    """Why a tagged value cannot be built, in words (not the constructor's exception)."""
    name = node.tag.removeprefix("tag:yaml.org,2002:")
    if name in _TAG_VALUES:
        return f"{str(node.value)[:40]!r} is not {_TAG_VALUES[name]}"
    if name == "binary":
        return "its value is not base64 data"
    return "a brand file uses only plain YAML values, no custom tags"


class _Walker:
    """Turns composed nodes into plain data, counting nodes to stop alias bombs."""

    def __init__(self, path: Path, loader: _Loader) -> None:
        self.path = path
        self.loader = loader
        self.lines: dict[KeyPath, int] = {}
        self.count = 0

    def value(self, node: yaml.Node, key_path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise BrandError(
                Problem(
                    self.path,
                    dotted(key_path) or None,
                    f"expands to more than {MAX_NODES:,} values through YAML aliases (*name); "
                    "write the values out where they are used",
                    node.start_mark.line + 1,
                )
            )
        line = node.start_mark.line + 1
        plain = _PLAIN_TAGS.get(type(node))
        if plain is not None and node.tag not in plain:
            raise BrandError(self.tag_problem(node, key_path, "is not supported here"))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, key_path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value, start=1):  # positions count from 1: notes.3 is the third
                at = (*key_path, str(i))
                self.lines[at] = item.start_mark.line + 1
                items.append(self.value(item, at))
            return items
        try:
            value = self.loader.construct_object(node, deep=True)
            if isinstance(value, int) and value.bit_length() > _INT_BITS:
                # 0x... with 5,000 digits reads (hex has no cap) but cannot be printed.
                raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")
            return _paired(value) if isinstance(value, str) else value
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            # A tag the safe loader knows but cannot build (!!float xyz, a bad
            # !!timestamp) or does not know at all (!local, %TAG prefixes).
            if "digits" in str(exc):  # Python's cap on int() (CVE-2020-10735), tagged or not
                digits = len(str(node.value))
                message = f"is a number of {digits:,} digits, too long to read; if it is text, quote it"
                raise BrandError(Problem(self.path, dotted(key_path) or None, message, line)) from None
            reason = f"cannot be read ({_tag_reason(node)})"
            raise BrandError(self.tag_problem(node, key_path, reason, line)) from None

    def tag_problem(self, node: yaml.Node, key_path: KeyPath, what: str, line: int | None = None) -> Problem:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return Problem(
            self.path,
            dotted(key_path) or None,
            f"the YAML tag {tag} {what}; remove the tag and write plain text",
            line or node.start_mark.line + 1,
        )

    def mapping(self, node: yaml.MappingNode, key_path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise BrandError(
                    Problem(self.path, dotted(key_path) or None, "'<<' merge keys are not supported", line)
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise BrandError(
                    Problem(self.path, dotted(key_path) or None, "a key must be plain text", line)
                )
            key = str(key_node.value)
            child = (*key_path, key)
            if key in result:
                first = self.lines.get(child)
                raise BrandError(
                    Problem(
                        self.path,
                        dotted(child),
                        f"is given twice (first on line {first}); keep one",
                        line,
                    )
                )
            self.lines[child] = line
            result[key] = self.value(value_node, child)
        return result
