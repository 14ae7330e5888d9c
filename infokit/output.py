"""Where outputs go and how they get there: slugs, staging, atomic commit, locking.

Layout: ``OUT/<slug>/<slug>-<industry>.{pptx,pdf,png}``. Everything is written into
a staging folder beside the outputs and renamed into place at the end, so a failed
build leaves earlier outputs exactly as they were and never a half-written file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from infokit import safeio, scratch
from infokit.errors import OutputError, Problem

MANIFEST = ".infokit.json"
MAX_SLUG = 60
MAX_SLUG_BYTES = 120
"""In UTF-8: with the longest suffix infokit adds (industry, language, paper,
-faq-fragment.html, a collision hash, a temporary suffix) a name stays far under 255."""


def slug(name: str) -> str:
    """A readable, stable folder name: letters of any script kept, lower-cased, hyphens.

    Cyrillic and Hangul stay as they are (every current file system and browser
    handles them, and a transliteration would be unreadable to the people who
    typed the name). Never empty, never a path: only letters, digits and hyphens.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[^\w]+|_+", "-", text).strip("-")
    text = _cut(text, MAX_SLUG, len)
    # File systems count bytes (255 for a name): a slug of 60 four-byte letters plus
    # "-healthcare-ko-letter-faq-fragment.html" would not fit.
    text = _cut(text, MAX_SLUG_BYTES, lambda t: len(t.encode("utf-8")))
    return text.rstrip("-") or "organization-" + _short_hash(name)


def _cut(text: str, limit: int, size: Callable[[str], int]) -> str:
    """``text`` within ``limit`` (as ``size`` counts), cut at a word boundary unless one
    word fills it all."""
    if size(text) <= limit:
        return text
    fits = len(text)
    while fits and size(text[:fits]) > limit:
        fits -= 1
    cut = text[: fits + 1].rfind("-")
    return text[:cut] if cut > 0 else text[:fits]


def _short_hash(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Target:
    """The folder and base name for one organization's outputs."""

    folder: Path
    stem: str
    language_suffix: str = ""
    """``-ru`` when the page's language is part of its file names (see ``page_target``)."""

    def path(self, fmt: str) -> Path:
        return self.folder / f"{self.stem}.{fmt}"


def target(out_dir: Path, organization: str, industry: str, claimed: dict[Path, str] | None = None) -> Target:
    """``out_dir/<slug>``; a second organization whose name gives the same slug gets
    ``<slug>-<hash>`` so it never overwrites the first. ``claimed`` holds the folders
    already given out in this run (a batch), with their organizations."""
    base = slug(organization)
    folder = out_dir / base
    owner = (claimed or {}).get(folder) or read_manifest(folder).get("organization")
    if owner is not None and owner != organization:
        base = f"{base}-{_short_hash(organization)}"
        folder = out_dir / base
    return Target(folder, f"{base}-{industry}")


@dataclass(frozen=True)
class PageNaming:
    """Whether a run's page names carry the language and the paper: the language when it
    builds pages in several languages for one organization, the paper when it builds one
    language on several papers."""

    name_language: bool = False
    name_paper: bool = False

    @classmethod
    def of(cls, pages: Iterable[tuple[str, str]]) -> PageNaming:
        """For (language, paper) pages of one organization."""
        papers: dict[str, set[str]] = {}
        for language, paper in pages:
            papers.setdefault(language, set()).add(paper)
        return cls(len(papers) > 1, any(len(p) > 1 for p in papers.values()))


def page_target(base: Target, language: str, paper: str, naming: PageNaming = PageNaming()) -> Target:
    """One page's file names: ``<slug>-<industry>[-<language>][-<paper>]``.

    The language (or paper) is in the names when this run builds several languages (or
    papers) of the organization, and also when the folder already holds another page
    under the name this one would take (from an earlier run): the names of a page never
    change once written, and no page ever replaces a sibling."""
    manifest = read_manifest(base.folder)  # once: every name below is judged against it
    existing = _recorded_stem(manifest, base, language, paper)
    if existing is not None:  # this page was written before: it keeps its names
        tail = existing[len(base.stem) :]
        return Target(base.folder, existing, f"-{language}" if tail.startswith(f"-{language}") else "")
    name_language, name_paper = naming.name_language, naming.name_paper
    while True:
        suffix = (f"-{language}" if name_language else "") + (f"-{paper}" if name_paper else "")
        recorded = _record_in(manifest, base.stem + suffix)
        if not name_language and recorded.get("language") not in (None, language):
            name_language = True  # another language's page has this name: say ours
        elif not name_paper and recorded.get("paper") not in (None, paper):
            name_paper = True  # the same language on another paper: say which paper
        else:
            return Target(base.folder, base.stem + suffix, f"-{language}" if name_language else "")


def _recorded_stem(manifest: dict[str, object], base: Target, language: str, paper: str) -> str | None:
    """The stem under which the folder's manifest records this organization's page in
    ``language`` on ``paper``, if it does."""
    pages = manifest.get("pages")
    if not isinstance(pages, dict):
        return None
    for stem, record in sorted(pages.items()):
        if (
            isinstance(record, dict)
            and record.get("language") == language
            and record.get("paper") == paper
            and str(stem).startswith(base.stem)
        ):
            return str(stem)
    return None


MAX_MANIFEST_BYTES = 1_000_000


def read_manifest(folder: Path) -> dict[str, object]:
    """The folder's manifest: ``organization``, ``infokit`` and ``pages``: for each page's
    stem, its ``language``, ``paper``, ``inputs`` digest and ``formats``."""
    try:
        data = json.loads(safeio.read_bytes(folder / MANIFEST, MAX_MANIFEST_BYTES, "manifest"))
    except (safeio.NotReadable, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def page_record(folder: Path, stem: str) -> dict[str, object]:
    """What the manifest records of one page; {} when nothing is. A manifest from before
    pages were recorded one by one describes the folder's only page."""
    return _record_in(read_manifest(folder), stem)


def _record_in(manifest: dict[str, object], stem: str) -> dict[str, object]:
    pages = manifest.get("pages")
    if isinstance(pages, dict):
        record = pages.get(stem)
        return record if isinstance(record, dict) else {}
    return manifest if "inputs" in manifest else {}


def _record_page(folder: Path, stem: str, organization: str, record: dict[str, object], work: Path) -> None:
    """Add or replace one page's record in the folder's manifest, keeping the others';
    written in ``work`` (same file system) and renamed into place, never half-written."""
    from infokit import __version__

    manifest = read_manifest(folder)
    pages = manifest.get("pages")
    pages = dict(pages) if isinstance(pages, dict) else {}
    pages[stem] = record
    data = {"organization": organization, "infokit": __version__, "pages": pages}
    tmp = work / f"{MANIFEST}.{stem}.tmp"
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


@dataclass
class Staging:
    """Files written here appear in the target folder only on ``commit``."""

    target: Target
    dir: Path
    files: dict[str, Path] = field(default_factory=dict)

    def path(self, fmt: str) -> Path:
        return self.dir / f"{self.target.stem}.{fmt}"

    def add(self, fmt: str, data: bytes | None = None, name: str | None = None) -> Path:
        """Register ``fmt`` for commit; with ``data``, write it now. ``name``: a file name
        other than ``<stem>.<fmt>`` (the FAQ's ``<slug>-faq.html``, ``index.html``)."""
        path = self.dir / name if name else self.path(fmt)
        if data is not None:
            path.write_bytes(data)
        self.files[fmt] = path
        return path

    def commit(self, formats: tuple[str, ...], manifest: dict[str, object] | None) -> dict[str, Path]:
        """Rename the staged files into place; returns their final paths. ``manifest``:
        the page's record (with its ``organization``), added to the folder's manifest."""
        staged = {
            fmt: (path, path.name)
            for fmt in formats
            if (path := self.files.get(fmt)) is not None and path.is_file()
        }
        page = None
        if manifest is not None:
            record = {k: v for k, v in manifest.items() if k not in ("organization", "infokit")}
            page = PageRecord(str(manifest["organization"]), record)
        return commit(self.target, staged, self.dir, page)


@dataclass(frozen=True)
class PageRecord:
    """What the folder's manifest keeps of one page (see ``read_manifest``)."""

    organization: str
    record: dict[str, object]


def commit(
    tgt: Target,
    staged: Mapping[str, tuple[Path, str]],
    work: Path,
    page: PageRecord | None,
    written: dict[str, Path] | None = None,
) -> dict[str, Path]:
    """The one way outputs reach their folder, for build and batch alike.

    ``staged``: key -> (file in ``work``, its name in ``tgt.folder``). Every final path is
    checked first, so a symbolic link stops the commit before anything moves (never half
    a set); then each file is renamed into place (same file system: atomic), and the page
    is recorded in the folder's manifest. Returns key -> final path; ``written`` gets each
    one as it moves, so a caller can say what did when a later rename fails."""
    moves = {key: (path, tgt.folder / name) for key, (path, name) in staged.items()}
    for _, final in moves.values():
        refuse_link(final)
    done: dict[str, Path] = {} if written is None else written
    for key, (path, final) in moves.items():
        os.replace(path, final)
        done[key] = final
    if page is not None:
        _record_page(tgt.folder, tgt.stem, page.organization, page.record, work)
    return done


@contextlib.contextmanager
def staging(tgt: Target, names: Iterable[str] = ()) -> Iterator[Staging]:
    """A staging folder inside the target folder (same file system, so renames are atomic),
    held under a lock so two processes building one brand take turns. ``names``: the other
    files the build will write there (the FAQ's), checked with the rest before anything."""
    refuse_links(tgt, names)
    try:
        tgt.folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(
            Problem(tgt.folder, None, "is a file; the output folder must be a directory")
        ) from None
    except OSError as exc:
        raise OutputError(Problem(tgt.folder, None, f"cannot be created: {exc.strerror}")) from None
    with folder_lock(tgt.folder):
        try:
            tmp = scratch.folder(".infokit-tmp-", tgt.folder)
        except OSError as exc:
            raise OutputError(Problem(tgt.folder, None, f"is not writable: {exc.strerror}")) from None
        try:
            yield Staging(tgt, tmp)
        finally:
            scratch.remove(tmp)


OUTPUT_FORMATS = ("pptx", "pdf", "png")


def refuse_link(path: Path) -> None:
    """One file about to be replaced: never a symbolic link, nor a folder or anything
    else that is not a regular file (the FAQ page and index are named by the build, not
    by the infographic's stem, so refuse_links cannot list them)."""
    if path.is_symlink():
        message = "is a symbolic link; infokit never writes through one. Remove it"
        raise OutputError(Problem(path, None, message))
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file"
        message = f"is {what}, where infokit writes a file; remove or rename it"
        raise OutputError(Problem(path, None, message))


def refuse_links(tgt: Target, names: Iterable[str] = ()) -> None:
    """Nothing is written through a symlink inside the output folder: not the
    organization's folder, its lock file, its manifest, nor any output file.
    (A symlink there could point anywhere; replacing or following it is never right.)"""
    if tgt.folder.is_symlink():
        raise OutputError(
            Problem(tgt.folder, None, "is a symbolic link; infokit never writes through one. Remove it")
        )
    files = [tgt.folder / LOCK, tgt.folder / MANIFEST, *(tgt.path(f) for f in OUTPUT_FORMATS)]
    for path in [*files, *(tgt.folder / name for name in names)]:
        refuse_link(path)


LOCK = ".infokit.lock"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Two processes writing one organization's folder take turns, a build and a batch
    alike, so neither loses the other's manifest record (on Windows too: filelock).

    filelock (>= 3.20.1) opens the lock file with O_NOFOLLOW where the platform has it,
    so a lock file swapped for a symlink after refuse_links() looked is refused, never
    followed; the file stays after release, as unlinking a held lock breaks exclusion.
    """
    import filelock  # here, not at the top: it brings logging and decimal (~5-15 ms) that
    # `check`, `--help` and a batch's render workers never need

    lock = filelock.FileLock(folder / LOCK, mode=0o644)
    try:
        lock.acquire()
    except OSError as exc:
        raise OutputError(Problem(folder, None, f"is not writable: {exc.strerror}")) from None
    try:
        yield
    finally:
        lock.release()
