"""The FAQ's strings, one YAML file per language in ``infokit/faq/catalog/`` (apart from
the infographic's catalogues, so the two are translated and edited independently).

A language here must also have an infographic catalogue: the brand's ``language`` is
validated against those.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infokit import catalog
from infokit.faq import QUESTION_KEYS

CATALOG_DIR = Path(__file__).parent / "catalog"


@dataclass(frozen=True)
class Question:
    key: str
    question: str
    answer: str
    """Markdown with {{organization}}, {{phone}}, {{email}} and link:KEY targets."""
    more: tuple[tuple[str, str], ...]
    """(link key, sentence): added to the answer when the brand gives that link."""


def raw(language: str) -> dict[str, Any]:
    return catalog.read(CATALOG_DIR, language)


def languages() -> tuple[str, ...]:
    return catalog.languages_in(CATALOG_DIR)


def locale(language: str) -> str:
    """Microsoft's locale segment for the language (``ko-kr``)."""
    return str(raw(language)["locale"])


def page(language: str, industry: str) -> dict[str, str]:
    """The page's own strings (an industry may reword some), English beneath a
    translation's gaps."""
    merged: dict[str, str] = {}
    for code in dict.fromkeys(("en", language)):
        merged.update(raw(code)["page"])
        merged.update((raw(code).get(industry) or {}).get("page") or {})
    return merged


def questions(language: str, industry: str) -> list[Question]:
    """The nine questions in the industry's words, in page order."""
    merged: dict[str, dict[str, Any]] = {}
    for code in dict.fromkeys(("en", language)):
        for section in ("common", industry):
            for key, entry in (raw(code).get(section) or {}).items():
                if key in QUESTION_KEYS:
                    merged[key] = {**merged.get(key, {}), **entry}
    return [
        Question(
            key,
            str(merged[key]["question"]).strip(),
            str(merged[key]["answer"]).strip(),
            tuple((str(k), str(v)) for k, v in (merged[key].get("more") or {}).items()),
        )
        for key in QUESTION_KEYS
    ]
