"""Every language says everything English says: a new language is one file plus this test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from infokit import catalog, linkkeys
from infokit.yamlsource import CatalogLoader


def raw(language: str) -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = yaml.load(
        (catalog.CATALOG_DIR / f"{language}.yaml").read_text("utf-8"), Loader=CatalogLoader
    )
    return data


@pytest.mark.parametrize("language", [c for c in catalog.languages() if c != "en"])
@pytest.mark.parametrize("industry", catalog.INDUSTRIES)
def test_each_language_translates_every_string_of_each_industry(language: str, industry: str) -> None:
    english = raw("en")
    own = raw(language)
    wanted = {**english["common"], **(english.get(industry) or {})}
    have = {**own["common"], **(own.get(industry) or {})}
    assert set(wanted) <= set(have), set(wanted) - set(have)
    # An English industry word must not leak into a translation through the fallback.
    strings = catalog.strings(language, industry)
    for key, value in strings.items():
        if isinstance(value, str) and key not in ("logo_alt", "qr_alt"):
            assert value != english.get(industry, {}).get(key, None) or key.startswith("link_"), key


def test_language_names_and_paper() -> None:
    assert catalog.languages()[0] == "en"
    assert {catalog.default_paper(c) for c in catalog.languages()} <= {"letter", "a4"}
    for code in catalog.languages():
        assert catalog.language_name(code)


def test_default_notes_fit_the_brand_limits() -> None:
    for code in catalog.languages():
        for industry in catalog.INDUSTRIES:
            notes = catalog.strings(code, industry)["default_notes"]
            assert 1 <= len(notes) <= 5 and all(len(n) <= 200 for n in notes)


def test_no_emergency_number_is_tied_to_a_language() -> None:
    """A Russian page for a clinic abroad must not send patients to 112: the language of a
    page says nothing about its country, so emergency advice names no number."""
    import re

    from infokit import catalog

    for language in catalog.languages():
        for industry in catalog.INDUSTRIES:
            footer = str(catalog.strings(language, industry).get("footer", ""))
            assert not re.search(r"\b(112|103|119|911|999)\b", footer), (language, industry, footer)


def test_catalogues_read_yes_and_no_as_words() -> None:
    """A translator's `No` or `on` is text (YAML 1.2), as in brand files."""
    data = yaml.load("a: No\nb: on\nc: true\nd: Yes\n", Loader=CatalogLoader)
    assert data == {"a": "No", "b": "on", "c": True, "d": "Yes"}


@pytest.mark.parametrize("folder", [catalog.CATALOG_DIR, catalog.CATALOG_DIR.parent / "faq" / "catalog"])
def test_every_catalogue_value_is_text(folder: Path) -> None:
    def leaves(value: object) -> list[object]:
        if isinstance(value, dict):
            return [leaf for v in value.values() for leaf in leaves(v)]
        if isinstance(value, list):
            return [leaf for v in value for leaf in leaves(v)]
        return [value]

    for language in catalog.languages_in(folder):
        assert all(isinstance(leaf, str) for leaf in leaves(catalog.read(folder, language))), language


def test_every_link_key_has_its_label_in_every_catalogue() -> None:
    """A new row in linkkeys.LINKS needs one more thing: the label the page prints, in the
    ``common`` section of each language's catalogue. This names what is missing, and any
    label left behind by a key that is gone."""
    wanted = {linkkeys.label_key(name) for name in linkkeys.NAMES}
    problems = []
    for language in catalog.languages():
        common = set(raw(language)["common"])
        problems += [f"{language}.yaml common: add {key}" for key in sorted(wanted - common)]
        labels = {key for key in common if key.startswith("link_")}
        problems += [f"{language}.yaml common: {key} is no link key" for key in sorted(labels - wanted)]
    assert not problems, problems
