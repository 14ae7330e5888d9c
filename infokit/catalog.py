"""The strings of the built-in templates, one YAML catalogue per language.

A new language is one new file in ``infokit/catalog/`` plus a test: nothing here
names a language.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from infokit.yamlsource import CatalogLoader

CATALOG_DIR = Path(__file__).parent / "catalog"
INDUSTRIES = ("healthcare", "financial", "retail", "generic")
LIST_KEYS = frozenset({"default_notes"})


@functools.cache
def read(folder: Path, language: str) -> dict[str, Any]:
    """One language's catalogue in ``folder`` (the infographic's here, the FAQ's in
    infokit/faq/catalog/): read once per process."""
    with (folder / f"{language}.yaml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.load(f, Loader=CatalogLoader)
    return data


@functools.cache
def languages_in(folder: Path) -> tuple[str, ...]:
    """Language codes with a catalogue in ``folder``, English first."""
    return tuple(sorted((p.stem for p in folder.glob("*.yaml")), key=lambda c: (c != "en", c)))


def _raw(language: str) -> dict[str, Any]:
    return read(CATALOG_DIR, language)


def languages() -> tuple[str, ...]:
    """Language codes with an infographic catalogue, English first."""
    return languages_in(CATALOG_DIR)


def language_name(language: str) -> str:
    return str(_raw(language)["language"])


def default_paper(language: str) -> str:
    return str(_raw(language).get("paper", "letter"))


@functools.cache
def known_keys() -> frozenset[str]:
    """Every string key a brand's ``text:`` may override."""
    keys: set[str] = set()
    for code in languages():
        raw = _raw(code)
        for section in ("common", *INDUSTRIES):
            keys.update(raw.get(section) or {})
    return frozenset(keys - LIST_KEYS)


def strings(language: str, industry: str) -> dict[str, Any]:
    """The strings for one language and industry: industry over common, English beneath.

    English beneath means a key missing from a new translation still shows text
    instead of failing the build; the catalogue tests catch such gaps.
    """
    merged: dict[str, Any] = {}
    for code in dict.fromkeys(("en", language)):
        raw = _raw(code)
        merged.update(raw.get("common") or {})
        merged.update(raw.get(industry) or {})
    return merged
