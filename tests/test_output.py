"""Output names: slugs that read well and are never cut mid-word."""

from __future__ import annotations

from collections.abc import Callable
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

    with output.folder_lock(tmp_path):
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
    with pytest.raises(OutputError) as caught, output.folder_lock(folder):
        pass
    assert "is not writable" in str(caught.value.problems[0])
    assert not outside.exists()  # nothing created or written through the link


def _staged(work: Path, names: dict[str, str]) -> dict[str, tuple[Path, str]]:
    work.mkdir(exist_ok=True)
    staged = {}
    for key, name in names.items():
        (work / f"staged-{key}").write_text(key, encoding="utf-8")
        staged[key] = (work / f"staged-{key}", name)
    return staged


def test_commit_moves_every_file_and_records_the_page(tmp_path: Path) -> None:
    """The one commit build and batch share: files renamed into place, the page added to
    the folder's manifest beside the pages already recorded."""
    folder = tmp_path / "org"
    folder.mkdir()
    tgt = output.Target(folder, "org-retail")
    other = output.PageRecord("Org", {"language": "ru", "paper": "a4"})
    output.commit(output.Target(folder, "org-retail-ru"), {}, tmp_path, other)
    staged = _staged(tmp_path / "work", {"pptx": "org-retail.pptx", "html": "org-faq.html"})
    page = output.PageRecord("Org", {"language": "en", "paper": "letter"})
    done = output.commit(tgt, staged, tmp_path / "work", page)
    assert done == {"pptx": folder / "org-retail.pptx", "html": folder / "org-faq.html"}
    assert (folder / "org-faq.html").read_text(encoding="utf-8") == "html"
    assert not any((tmp_path / "work").iterdir())  # moved, not copied; no manifest left behind
    manifest = output.read_manifest(folder)
    assert manifest["organization"] == "Org"
    assert manifest["pages"] == {
        "org-retail": {"language": "en", "paper": "letter"},
        "org-retail-ru": {"language": "ru", "paper": "a4"},
    }


def test_commit_moves_nothing_when_one_target_is_a_symlink(tmp_path: Path) -> None:
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "org-retail.pdf").write_text("earlier", encoding="utf-8")
    outside = tmp_path / "outside.html"
    (folder / "org-faq.html").symlink_to(outside)
    staged = _staged(tmp_path / "work", {"pdf": "org-retail.pdf", "html": "org-faq.html"})
    written: dict[str, Path] = {}
    with pytest.raises(OutputError, match="symbolic link"):
        output.commit(output.Target(folder, "org-retail"), staged, tmp_path / "work", None, written)
    assert written == {} and not outside.exists()
    assert (folder / "org-retail.pdf").read_text(encoding="utf-8") == "earlier"
    assert output.read_manifest(folder) == {}


def test_commit_tells_what_moved_before_a_rename_failed(tmp_path: Path) -> None:
    folder = tmp_path / "org"
    folder.mkdir()
    staged = _staged(tmp_path / "work", {"pptx": "org-retail.pptx", "pdf": "org-retail.pdf"})
    (tmp_path / "work" / "staged-pdf").unlink()  # the second rename fails
    written: dict[str, Path] = {}
    with pytest.raises(FileNotFoundError):
        output.commit(output.Target(folder, "org-retail"), staged, tmp_path / "work", None, written)
    assert written == {"pptx": folder / "org-retail.pptx"}


def test_batch_commits_under_the_same_folder_lock_as_build(tmp_path: Path) -> None:
    """A build and a batch writing one organization's folder take turns on its lock file,
    so neither loses the other's manifest record."""
    import contextlib
    from collections.abc import Iterator

    from infokit import batch

    from .test_batch import make_brands

    brands = make_brands(tmp_path / "brands", 2, formats_logo=False)
    real = output.folder_lock
    locked: list[Path] = []

    @contextlib.contextmanager
    def recording(folder: Path) -> Iterator[None]:
        with real(folder):
            locked.append(folder)
            yield

    out = tmp_path / "out"
    with mock.patch.object(output, "folder_lock", recording):
        report = batch.run(brands, out, formats=("pptx",), jobs=1)
    assert report.exit_code == 0
    folders = {Path(o.outputs["pptx"]).parent for o in report.outcomes}
    assert len(folders) == 2 and set(locked) == folders
    assert all((folder / output.LOCK).is_file() for folder in folders)


def test_every_file_name_fits_the_file_system_for_names_in_any_script(
    write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    """File systems count bytes: 80 four-byte letters made a 258-byte FAQ fragment name."""
    from infokit import build

    brand = write_brand(organization="𠮷" * 80, language=["en", "ko"], paper=["letter", "a4"])
    results = list(build.build_pages(brand, out_dir=tmp_path / "out", formats=("pptx", "html", "md")))
    assert results and all(not isinstance(r, Exception) for r in results), results
    names = [p.name for p in (tmp_path / "out").rglob("*")]
    assert len(names) > 10 and max(len(n.encode("utf-8")) for n in names) <= 200, max(names, key=len)


def test_a_folder_where_an_output_file_goes_is_refused_before_anything_moves(
    write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    from infokit import build

    brand = write_brand()
    out = tmp_path / "out"
    (first,) = list(build.build_pages(brand, out_dir=out, formats=("html",)))
    assert not isinstance(first, Exception), first
    folder = next(out.iterdir())
    page = next(folder.glob("*-faq.html"))
    before = {p: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    page.unlink()
    page.mkdir()  # where the page goes
    (result,) = list(build.build_pages(brand, out_dir=out, formats=("md", "html")))
    assert isinstance(result, OutputError) and "is a folder, where infokit writes a file" in str(result)
    assert not list(folder.glob("*.md"))  # nothing new beside the old files
    kept = {k: v for k, v in before.items() if k != page}
    assert {p: p.read_bytes() for p in kept} == kept
