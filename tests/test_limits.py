"""The documented maximums are true (issue 13): every value at its maximum renders in
every built-in design and language, measured with ordinary prose."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from infokit import brand, catalog, errors, render
from infokit.yamlsource import Document

from .conftest import ROOT

BASE: dict[str, Any] = {
    "organization": "Max Clinic",
    "colors": {"primary": "#0F6CBD"},
    "links": {"booking": "https://m.example/b"},
}


PROSE = "Please have your documents, questions and a quiet room ready before you join. "
NAME = "The Northern Lakes Regional Health and Community Wellbeing Cooperative Trust of Springfield "


def wide(length: int, words: str = PROSE) -> str:
    """Ordinary words, exactly ``length`` characters."""
    return (words * (length // len(words) + 1))[:length].rstrip().ljust(length, "s")


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        holder = data
        for part in path[:-1]:
            holder = holder.setdefault(part, {})
        holder[path[-1]] = value

    return change


AT_MAXIMUM: dict[str, Callable[[dict[str, Any]], None]] = {
    "organization": _set(("organization",), wide(brand.MAX_NAME, NAME)),
    "notes": _set(("notes",), [wide(brand.MAX_NOTE)] * brand.MAX_NOTES),
    **{
        f"text.{key}": _set(("text", key), wide(brand.TEXT_LIMITS.get(key, brand.MAX_TEXT)))
        for key in sorted(catalog.known_keys())
    },
}


@pytest.mark.parametrize("value", sorted(AT_MAXIMUM))
def test_a_value_at_its_maximum_renders_everywhere(value: str, tmp_path: Path) -> None:
    for industry in catalog.INDUSTRIES:
        for language in catalog.languages():
            data = copy.deepcopy(BASE) | {"industry": industry, "language": language}
            AT_MAXIMUM[value](data)
            loaded = brand.from_data(Document(tmp_path / "max.yaml", data))
            render.render(loaded)  # raises FitError when it does not fit


def test_one_character_more_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE) | {"industry": "retail", "text": {"headline": wide(171)}}
    with pytest.raises(errors.BrandError, match="at most 170 fit"):
        brand.from_data(Document(tmp_path / "max.yaml", data))


def test_the_readme_lists_the_text_limits() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Limits") : readme.index("## What you get")]
    flat = re.sub(r"\s+", " ", section)
    assert f"`organization` {brand.MAX_NAME} characters" in flat
    assert f"each of {brand.MAX_NOTES} notes {brand.MAX_NOTE}" in flat
    for key, limit in brand.TEXT_LIMITS.items():
        if re.fullmatch(r"step[2-4]_\w+", key):
            continue  # written once as "`step1_title` to `step4_title` 220"
        after = flat[flat.index(f"`{key}`") :]
        number = re.search(r"` (\d+)", re.sub(r"`step1_(\w+)` to `step4_\1`", "`steps`", after))
        assert number and int(number.group(1)) == limit, key
