"""CSV files of organizations, one a row: read once, header checked up front.

The file is parsed by the csv module over the whole text (never split into lines
first), so a quoted cell keeps its line breaks, U+2028 stays text, and each row's
error names the line where the row starts. The delimiter is found from the header
(comma, semicolon as Excel writes in much of Europe, or tab). A header that names an
unknown column is one error at line 1, with a suggestion, instead of one per row.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infokit import brand, safeio, visible
from infokit.errors import BrandError, InfokitError, Problem
from infokit.yamlsource import Document, KeyPath, decode_text

MAX_CSV_BYTES = 50_000_000
LIST_SEPARATOR = "|"
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class Row:
    """One organization's row: its data, or the error that stops it."""

    row: int
    document: Document | None
    error: InfokitError | None = None


def rows(path: Path) -> Iterator[Row | InfokitError]:
    """Each row of ``path``; an InfokitError alone when the whole file is unusable."""
    try:
        text = decode_text(path, safeio.read_bytes(path, MAX_CSV_BYTES, "CSV file"), "CSV")
    except safeio.NotReadable as exc:
        yield BrandError(Problem(path, None, str(exc)))
        return
    except BrandError as exc:
        yield exc
        return
    opened = unclosed_quote(text)
    if opened is not None:  # the cell would swallow every line after it: refuse the file, say where
        yield BrandError(
            Problem(
                path,
                None,
                f'a quote (") opened on line {opened} is never closed, so every line after it would be '
                'read as one cell; close it, or write a quote inside a cell as ""',
                opened,
            )
        )
        return
    text = text.rstrip("\x1a")  # DOS's end-of-file mark, which some exports still add
    excel = _EXCEL_SEPARATOR.match(text)  # Excel's "sep=;" line names the delimiter
    delimiter = excel.group(1) if excel else detect_delimiter(text)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        if excel:
            next(reader)  # read, so that line numbers stay those of the file
        header = next(reader, None)
    except csv.Error as exc:
        yield BrandError(Problem(path, None, f"the header cannot be read as CSV: {_reason(exc)}", 1))
        return
    if not header or not any(h.strip() for h in header):
        yield BrandError(Problem(path, None, "is empty; the first line names the brand keys", 1))
        return
    keys = [h.strip() for h in header]
    problems = header_problems(path, keys, delimiter)
    if problems:
        yield BrandError(problems)
        return
    yield from _rows(path, reader, keys)


_EXCEL_SEPARATOR = re.compile(r"sep=([,;\t|])\r?\n")


def _reason(exc: csv.Error) -> str:
    """The csv module's complaint in the user's words."""
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit():,} characters; shorten it"
    if "new-line character" in text:
        return "a line break inside a cell that is not in quotes; put the cell in double quotes"
    if "NUL" in text or "\\x00" in text:
        return "it holds a NUL character (is it a spreadsheet file saved under a .csv name?)"
    return "it is not valid CSV"


def _rows(path: Path, reader: Any, keys: list[str]) -> Iterator[Row | InfokitError]:
    number = 0
    end = header_end = reader.line_num
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            if not number:  # a script that wrote only the header has lost its data: say so
                message = "has a header but no rows; add one organization a line under it"
                yield BrandError(Problem(path, None, message, header_end))
            return
        except csv.Error as exc:  # e.g. a cell over the csv module's field limit
            number += 1
            end = reader.line_num
            problem = Problem(path, None, f"this row cannot be read as CSV: {_reason(exc)}", start, number)
            yield Row(number, None, BrandError(problem))
            continue
        end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        number += 1
        if len(cells) > len(keys):
            message = f"has {len(cells)} cells but the header names {len(keys)}"
            yield Row(number, None, BrandError(Problem(path, None, message, start, number)))
            continue
        named = zip(keys, cells, strict=False)
        unnamed = next((i for i, (k, c) in enumerate(named, start=1) if not k and c.strip()), None)
        if unnamed is not None:  # its value would be dropped without a word
            message = (
                f"column {unnamed} has no name in the header but holds {cells[unnamed - 1].strip()[:40]!r}; "
                "name the column after a brand key, or empty it"
            )
            yield Row(number, None, BrandError(Problem(path, None, message, start, number)))
            continue
        yield Row(number, row_document(path, number, start, keys, cells))


_BARE_CR = re.compile(r"\r(?!\n)")


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time, for csv.reader. Over
    io.StringIO the reader held a second copy of the whole file at four bytes a
    character (192 MB for a 48 MB CSV, measured); slices cost one line each. A file
    with lines ending in a bare CR (classic Mac) still goes through StringIO, which
    splits there as csv expects."""
    if _BARE_CR.search(text):
        yield from io.StringIO(text, newline="")
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def unclosed_quote(text: str) -> int | None:
    """The line of a quoted cell that never ends, or None. A quote opens a cell only at
    its start; inside, "" is a quote and a lone " ends it (RFC 4180, as Excel writes)."""
    line, opened, quoted, at_cell_start, i = 1, 0, False, True, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if text[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif ch == '"' and at_cell_start:
            quoted, opened = True, line
        at_cell_start = not quoted and ch in ",;\t\n"
        if ch == "\n":
            line += 1
        i += 1
    return opened if quoted else None


def detect_delimiter(text: str) -> str:
    """The delimiter of the header line: whichever of comma, semicolon and tab it holds
    most often outside quotes (a comma when it holds none)."""
    header, inside = [], False
    for ch in text:
        if ch == '"':
            inside = not inside
        elif ch in "\r\n" and not inside:
            break
        elif not inside:
            header.append(ch)
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@functools.cache
def columns() -> dict[str, bool]:
    """Every CSV column, from the one list of brand keys (spec.brand_keys) and their JSON
    Schema: dotted name -> whether the cell may be ``false`` (``faq.who``: drop the
    question). A key that is a mapping gives a column per sub-key (``fonts.heading.file``,
    ``faq.payment``, ``text.headline``); lists of mappings (``faq.extra``) have none."""
    from infokit import spec  # spec imports brand; this module is imported by brand's callers

    found: dict[str, bool] = {}
    for key in spec.brand_keys():
        found.update(_columns(key.path, key.schema))
    return found


def _columns(path: str, schema: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    alternatives = schema.get("oneOf") or schema.get("anyOf") or [schema]
    plain = false_allowed = False
    for alternative in alternatives:
        if alternative.get("type") == "object":
            for name, sub in (alternative.get("properties") or {}).items():
                if not (sub.get("type") == "array" and sub.get("items", {}).get("type") == "object"):
                    yield from _columns(f"{path}.{name}", sub)
            values = alternative.get("additionalProperties")
            for name in (alternative.get("propertyNames") or {}).get("enum") or ():
                if isinstance(values, dict):
                    yield from _columns(f"{path}.{name}", values)
        elif alternative.get("const") is False:
            false_allowed = True
        else:
            plain = True
    if plain:
        yield path, false_allowed


def header_problems(path: Path, keys: list[str], delimiter: str) -> list[Problem]:
    """Every unknown or repeated column, each naming line 1."""
    known = columns()
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for column, key in enumerate(keys, start=1):
        if not key:
            continue
        if key in seen:
            problems.append(Problem(path, key, f"column {column} repeats column {seen[key]}; keep one", 1))
            continue
        seen[key] = column
        message = _column_problem(key, known)
        if message:
            problems.append(Problem(path, key, f"column {column}{visible.hidden_in_key(key)} {message}", 1))
    if problems and len(keys) == 1 and any(d in keys[0] for d in DELIMITERS if d != delimiter):
        problems.append(Problem(path, None, "the header has one column; is the delimiter unusual?", 1))
    if problems:
        allowed = ", ".join(f"{d!r} ({_DELIMITER_NAMES[d]})" for d in DELIMITERS)
        problems.append(
            Problem(path, None, f"no row was built; the delimiter found is {delimiter!r} (of {allowed})", 1)
        )
    return problems


def _column_problem(key: str, known: dict[str, bool]) -> str | None:
    if key in known:
        return None
    head, _, rest = key.partition(".")
    subs = tuple(c.partition(".")[2] for c in known if c.partition(".")[0] == head)
    if not subs:
        hint = brand.suggest(key, tuple(known))
        return f"is not a brand key.{hint} Columns are brand keys in dotted form (colors.primary)."
    if subs == ("",):
        return f"is not a brand key: '{head}' takes no sub-keys"
    named = tuple(s for s in subs if s)
    if not rest:
        return f"names a section; give one of its keys, e.g. '{head}.{named[0]}'"
    shown = named if len(named) <= 20 else tuple(s for s in named if "." not in s)
    return f"is not a brand key.{brand.suggest(rest, named)} Allowed after '{head}.': {', '.join(shown)}."


def row_document(path: Path, row: int, line: int, keys: list[str], cells: list[str]) -> Document:
    """A CSV row as brand data: dotted headers become nested keys, empty cells are unset."""
    data: dict[str, Any] = {}
    lines: dict[KeyPath, int] = {}
    for key, cell in zip(keys, cells, strict=False):
        value = cell.strip()
        if not key or not value:
            continue
        key_path = tuple(part.strip() for part in key.split("."))
        parsed: Any = value
        if key_path[0] == "notes":
            parsed = [n.strip() for n in value.split(LIST_SEPARATOR) if n.strip()]
        elif value == "false" and columns().get(key):
            parsed = False  # faq.who: false drops the question, as in a brand file
        holder = data
        for part in key_path[:-1]:
            child = holder.setdefault(part, {})
            holder = child if isinstance(child, dict) else {}
        holder[key_path[-1]] = parsed
        for depth in range(1, len(key_path) + 1):
            lines[key_path[:depth]] = line
    lines[()] = line  # a key missing from the row is reported at the row's line
    return Document(path, data, lines, row=row, columns=tuple(keys))
