"""Where a batch's organizations come from: brand files, folders of them, CSV rows,
each laid over an optional ``--base`` file key by key.

Every source becomes an Entry holding either a parsed Document or the error that
stopped it; nothing here raises for one bad source, so one bad file never stops
the rest of a batch.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infokit import confine, contain, csvsource
from infokit.errors import BrandError, InfokitError, Problem
from infokit.yamlsource import Document, KeyPath, load_yaml

BRAND_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Entry:
    """One organization to build, or the reason it cannot be."""

    source: Path
    row: int | None
    document: Document | None
    error: InfokitError | None = None

    @property
    def label(self) -> str:
        return f"{self.source} (row {self.row})" if self.row is not None else str(self.source)

    @property
    def name_as_given(self) -> str | None:
        """The organization's name as written, to label a brand that does not validate."""
        name = self.document.data.get("organization") if self.document is not None else None
        return " ".join(name.split()) if isinstance(name, str) and name.strip() else None


def collect(
    paths: Sequence[Path], base: Path | None = None, inputs_under: Sequence[Path] = ()
) -> list[Entry]:
    """Every organization named by ``paths``, in order: files as given, folders sorted.
    ``inputs_under`` (confine.py): a brand file found in a folder must resolve inside that
    folder or one of these; the files named on the command line are the caller's own."""
    return list(entries(paths, base, inputs_under))


def entries(
    paths: Sequence[Path], base: Path | None = None, inputs_under: Sequence[Path] = ()
) -> Iterator[Entry]:
    """``collect`` one entry at a time, for a caller that holds only the one in hand
    (check streams 300,000 CSV rows in constant memory). The ``base`` file is read now,
    so a broken one raises here, before anything is yielded."""
    base_doc = _load_base(base) if base is not None else None
    return _entries(paths, base_doc, confine.folders(inputs_under))


def _entries(paths: Sequence[Path], base_doc: Document | None, under: tuple[Path, ...]) -> Iterator[Entry]:
    for path in paths:
        for entry in _contained(path, under):
            if base_doc is not None and entry.document is not None:
                entry = Entry(entry.source, entry.row, merge(base_doc, entry.document))
            yield entry


def _contained(path: Path, under: tuple[Path, ...]) -> Iterator[Entry]:
    """The entries of one source; a failure while reading it ends that source with one
    failed entry (the ones before it stand)."""
    expanded = _expand(path, under)
    while True:
        try:
            entry = next(expanded, None)
        except Exception as exc:  # containment: one unreadable source never stops the others
            yield Entry(path, None, None, contain.as_batch_error(exc, path))
            return
        if entry is None:
            return
        yield entry


def _load_base(path: Path) -> Document:
    if path.is_dir() or path.suffix.lower() == ".csv":
        what = "a folder" if path.is_dir() else "a CSV file"
        message = f"is {what}; --base takes one YAML file of the keys every organization shares"
        raise BrandError(Problem(path, None, message))
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise BrandError(Problem(path, None, "a --base file must be a mapping of brand keys", 1))
    _check_base(doc)
    return doc


def _check_base(doc: Document) -> None:
    """Refuse a --base file with a bad key or value once, before any row: laid under
    every row, it would fail each of them with the same message. Keys the rows must
    give (organization, industry...) may be missing from it."""
    from infokit import brand

    try:
        brand.from_data(doc)
    except BrandError as exc:
        own = [p for p in exc.problems if not p.message.startswith("is required")]
        if own:
            raise BrandError(own) from None


def _expand(path: Path, under: tuple[Path, ...]) -> Iterator[Entry]:
    if path.is_dir():
        # Not only regular files: a FIFO or a link to a device named .yaml fails with its
        # reason instead of vanishing from the batch.
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in BRAND_SUFFIXES and not p.is_dir())
        if not found:
            yield Entry(path, None, None, BrandError(Problem(path, None, "has no .yaml or .yml brand files")))
        allowed = confine.folders((*under, path)) if under else ()
        for file in found:
            if confine.outside(file.resolve(), allowed):  # a symlink out of a client's folder
                refused = confine.refusal(str(file), file.resolve(), allowed)
                yield Entry(file, None, None, BrandError(Problem(file, None, refused)))
            else:
                yield _yaml_entry(file)
    elif path.suffix.lower() == ".csv":
        yield from _csv_entries(path)
    else:
        yield _yaml_entry(path)


def _yaml_entry(path: Path) -> Entry:
    try:
        doc = load_yaml(path)
    except InfokitError as exc:
        return Entry(path, None, None, exc)
    if not isinstance(doc.data, dict):
        error = BrandError(
            Problem(path, None, "must be a mapping of keys (organization: ..., industry: ...)", 1)
        )
        return Entry(path, None, None, error)
    return Entry(path, None, doc)


def _csv_entries(path: Path) -> Iterator[Entry]:
    for row in csvsource.rows(path):
        if isinstance(row, InfokitError):  # the whole file: its header, encoding or size
            yield Entry(path, None, None, row)
        else:
            yield Entry(path, row.row, row.document, row.error)


def merge(base: Document, over: Document) -> Document:
    """``over`` laid on ``base`` key by key (mappings merge, anything else replaces)."""
    files: dict[KeyPath, Path] = {}
    lines: dict[KeyPath, int] = {}

    def walk(b: Any, o: Any, at: KeyPath) -> Any:
        if isinstance(b, dict) and isinstance(o, dict):
            merged = {}
            for key in [*b, *(k for k in o if k not in b)]:
                child = (*at, key)
                if key in o:
                    merged[key] = walk(b.get(key), o[key], child) if key in b else o[key]
                    _record(over, child, lines, files, own=True)
                else:
                    merged[key] = copy.deepcopy(b[key])
                    _record(base, child, lines, files, own=False)
            return merged
        return o

    data = walk(base.data, over.data, ())
    for key_path, line in over.lines.items():
        lines.setdefault(key_path, line)
    return Document(over.path, data, lines, files, over.row, over.columns)


def _record(
    doc: Document, key_path: KeyPath, lines: dict[KeyPath, int], files: dict[KeyPath, Path], *, own: bool
) -> None:
    for path, line in doc.lines.items():
        if path[: len(key_path)] == key_path:
            lines[path] = line
            if not own:
                files[path] = doc.file_of(path)
