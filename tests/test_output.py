"""Output names: slugs that read well and are never cut mid-word."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infokit import output
from infokit.errors import OutputError

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


def test_the_output_lock_is_held_while_staging_and_kept_after(tmp_path: Path) -> None:
    import filelock

    with output._locked(tmp_path):
        other = filelock.FileLock(tmp_path / output.LOCK)  # another holder, as a second process
        with pytest.raises(filelock.Timeout):
            other.acquire(timeout=0)
    other.acquire(timeout=0)  # released: the next build takes its turn
    other.release()
    assert (tmp_path / output.LOCK).is_file() and not (tmp_path / output.LOCK).is_symlink()


def test_a_lock_file_swapped_for_a_symlink_is_refused_not_followed(tmp_path: Path) -> None:
    """refuse_links() looks first; this is the race after it: the lock opens with O_NOFOLLOW."""
    outside = tmp_path / "outside.txt"
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / output.LOCK).symlink_to(outside)
    with pytest.raises(OutputError) as caught, output._locked(folder):
        pass
    assert "is not writable" in str(caught.value.problems[0])
    assert not outside.exists()  # nothing created or written through the link
