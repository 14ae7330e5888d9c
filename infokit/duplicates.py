"""The same page of one organization given twice in a run: batch builds the first and
fails the others, and check reports what batch would. One rule and one message for both.

A page is (organization, industry, language, paper): batch gives each organization its
own folder and each (industry, language, paper) of it its own file names there, so two
entries with the same four values would write the same files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from infokit.errors import BrandError, Problem
from infokit.sources import Entry


class SeenPages:
    """Pages already met in this run. Holds a 16-byte digest and where the page was first
    met, not the brand: 300,000 CSV rows cost tens of MB here, not the rows themselves."""

    def __init__(self) -> None:
        self._first: dict[bytes, tuple[Path, int | None]] = {}

    def claim(
        self, entry: Entry, organization: str, industry: str, language: str, paper: str
    ) -> BrandError | None:
        """None for a page met for the first time; for a repeat, the error that names the
        page (its language and paper), the row and line it is on, and where it was first."""
        key = "\0".join((organization, industry, language, paper)).encode()
        digest = hashlib.blake2b(key, digest_size=16).digest()
        first = self._first.get(digest)
        if first is None:
            self._first[digest] = (entry.source, entry.row)
            return None
        where = f"{first[0]} (row {first[1]})" if first[1] is not None else str(first[0])
        line = entry.document.lines.get(("organization",)) if entry.document is not None else None
        return BrandError(
            Problem(
                entry.source,
                "organization",
                f"'{organization}' ({language}, {paper}) appears twice; the first, in {where}, "
                "is the one a batch builds",
                line,
                entry.row,
            )
        )
