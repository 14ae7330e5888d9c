"""What `build`, `check` and `batch` say about one organization: one shape for all three.

Scripts read it as JSON (``--json`` prints one object per organization per line; the
batch report lists the same objects), so it is documented in the README and checked
against ``RESULT_SCHEMA`` by the tests. Warnings are structured like errors (file,
line, row, key, message), colours are ``#RRGGBB`` and numbers are rounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from infokit.colors import ContrastFix
from infokit.errors import InfokitError, Problem


class Status(str, Enum):
    BUILT = "built"
    UP_TO_DATE = "up-to-date"
    CHECKED = "checked"
    FAILED = "failed"


_KEYED = re.compile(r"^([a-z_]+(?:\.[A-Za-z0-9_]+)*): (.+)$", re.S)


def warning(text: str | Problem, source: Path | None, row: int | None = None) -> Problem:
    """A warning as a Problem: ``"fonts.heading: 'X' is not installed"`` names its key."""
    if isinstance(text, Problem):
        return text
    keyed = _KEYED.match(text)
    if keyed:
        return Problem(source, keyed.group(1), keyed.group(2), row=row)
    return Problem(source, None, text, row=row)


def contrast_dicts(fixes: Iterable[ContrastFix]) -> list[dict[str, Any]]:
    """One entry per (text colour, fill, replacement), listing every place it applies."""
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for fix in fixes:
        entry = grouped.setdefault(
            (fix.wanted, fix.fill, fix.used),
            {
                "text": f"#{fix.wanted.upper()}",
                "fill": f"#{fix.fill.upper()}",
                "used": f"#{fix.used.upper()}",
                "ratio": round(fix.ratio_wanted, 2),
                "ratio_used": round(fix.ratio_used, 2),
                "where": [],
            },
        )
        if fix.where not in entry["where"]:
            entry["where"].append(fix.where)
    return list(grouped.values())


def entry(
    status: Status,
    source: Path,
    *,
    row: int | None = None,
    organization: str | None = None,
    industry: str | None = None,
    language: str | None = None,
    paper: str | None = None,
    template: str | None = None,
    outputs: Mapping[str, Path] | None = None,
    warnings: Iterable[str | Problem] = (),
    contrast: Iterable[ContrastFix] = (),
    error: InfokitError | None = None,
    seconds: float = 0.0,
    faq_defaults: Iterable[str] = (),
) -> dict[str, Any]:
    """The JSON object for one organization (see RESULT_SCHEMA and the README)."""
    return {
        "ok": status is not Status.FAILED,
        "status": status.value,
        "source": {"file": str(source), "row": row},
        "organization": organization,
        "industry": industry,
        "language": language,
        "paper": paper,
        "template": template,
        "outputs": {fmt: str(path) for fmt, path in (outputs or {}).items()},
        "warnings": [warning(w, source, row).as_dict() for w in dict.fromkeys(warnings)],
        "contrast": contrast_dicts(contrast),
        "faq_defaults": list(faq_defaults),
        "error": None if error is None else error.as_dict(),
        "seconds": round(seconds, 3),
    }


_PROBLEM = {
    "type": "object",
    "required": ["file", "line", "row", "key", "message"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": ["string", "null"]},
        "line": {"type": ["integer", "null"]},
        "row": {"type": ["integer", "null"]},
        "key": {"type": ["string", "null"]},
        "message": {"type": "string"},
    },
}
_COLOUR = {"type": "string", "pattern": "^#[0-9A-F]{6}$"}
_TEXT_OR_NULL = {"type": ["string", "null"]}

RESULT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "infokit result for one organization (build, check and batch --json; batch report entries)",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "ok",
        "status",
        "source",
        "organization",
        "industry",
        "language",
        "paper",
        "template",
        "outputs",
        "warnings",
        "contrast",
        "faq_defaults",
        "error",
        "seconds",
    ],
    "properties": {
        "ok": {"type": "boolean"},
        "status": {"enum": [s.value for s in Status]},
        "source": {
            "type": "object",
            "required": ["file", "row"],
            "additionalProperties": False,
            "properties": {"file": {"type": "string"}, "row": {"type": ["integer", "null"]}},
        },
        "organization": _TEXT_OR_NULL,
        "industry": _TEXT_OR_NULL,
        "language": _TEXT_OR_NULL,
        "paper": _TEXT_OR_NULL,
        "template": _TEXT_OR_NULL,
        "outputs": {"type": "object", "additionalProperties": {"type": "string"}},
        "warnings": {"type": "array", "items": _PROBLEM},
        "contrast": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text", "fill", "used", "ratio", "ratio_used", "where"],
                "properties": {
                    "text": _COLOUR,
                    "fill": _COLOUR,
                    "used": _COLOUR,
                    "ratio": {"type": "number"},
                    "ratio_used": {"type": "number"},
                    "where": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "faq_defaults": {"type": "array", "items": {"type": "string"}},
        "error": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["kind", "exit_code", "problems"],
                    "additionalProperties": False,
                    "properties": {
                        "kind": {"type": "string"},
                        "exit_code": {"type": "integer"},
                        "problems": {"type": "array", "items": _PROBLEM},
                    },
                },
            ]
        },
        "seconds": {"type": "number"},
    },
}
