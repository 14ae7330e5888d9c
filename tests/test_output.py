"""Output names: slugs that read well and are never cut mid-word."""

from __future__ import annotations

from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from infokit import output

WORD = st.text(alphabet=st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=14)


@given(st.lists(WORD, min_size=1, max_size=12))
def test_a_slug_ends_at_a_word_boundary(words: list[str]) -> None:
    name = " ".join(words)
    got = output.slug(name)
    with mock.patch.object(output, "MAX_SLUG", 10**6):
        whole = output.slug(name)
    assert len(got) <= output.MAX_SLUG and whole.startswith(got)
    boundary_within_limit = "-" in whole[: output.MAX_SLUG + 1]
    if len(got) < len(whole) and boundary_within_limit:
        assert whole[len(got)] == "-", (got, whole)


def test_long_names_keep_whole_words() -> None:
    name = "The Very Long Name of a Regional Healthcare Cooperative of Northern Counties and Islands"
    assert output.slug(name) == "the-very-long-name-of-a-regional-healthcare-cooperative-of"
    assert output.slug("A" * 90) == "a" * output.MAX_SLUG
