"""Many organizations at the speed LibreOffice allows, none lost.

    report = run([Path("brands/")], Path("out"), jobs=2)
    report.exit_code   # 0 all built or up to date, 4 some failed

1. Sources are read and each organization's output folder claimed (main process).
2. A process pool validates, checks whether the outputs are up to date, and renders
   the PPTX into a work folder beside the outputs.
3. Meanwhile one LibreOffice worker per job (its own profile) has started up; the
   rendered decks are converted in chunks, every PDF is checked, and a chunk whose
   worker crashed or hung is killed with its process group and its missing PDFs
   are retried once by a fresh worker.
4. Each organization's files are renamed into place together with its manifest.
   A failure anywhere stays with its organization, in the report.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infokit import (
    __version__,
    contain,
    convert,
    duplicates,
    embedded,
    fonts,
    output,
    results,
    scratch,
    sources,
    stopping,
    templates,
)
from infokit import brand as brand_mod
from infokit.brand import Brand
from infokit.colors import ContrastFix
from infokit.errors import (
    ConversionError,
    ExitCode,
    InfokitError,
    OutputError,
    Problem,
    Stopped,
    Terminated,
)
from infokit.faq import files
from infokit.results import Status

MAX_CHUNK = 100
"""Documents per soffice call at most: below the ~246 files one call silently stops at,
and small enough that a crash loses little work."""

IN_FLIGHT_PER_WORKER = 4
"""Render jobs handed to the pool ahead of what it has finished, per worker."""


@dataclass
class Outcome:
    """What happened to one organization: one entry of the report."""

    source: Path
    row: int | None
    organization: str | None = None
    status: Status = Status.FAILED
    outputs: dict[str, Path] = field(default_factory=dict)
    error: InfokitError | None = None
    industry: str | None = None
    language: str | None = None
    paper: str | None = None
    template: str | None = None
    warnings: list[str] = field(default_factory=list)
    contrast: list[ContrastFix] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The documented result object (infokit.results), as build and check print it.
        One organization in several languages or papers has one outcome per page."""
        return results.entry(
            self.status,
            self.source,
            row=self.row,
            organization=self.organization,
            industry=self.industry,
            language=self.language,
            paper=self.paper,
            template=self.template,
            outputs=self.outputs,
            warnings=self.warnings,
            contrast=self.contrast,
            error=self.error,
            seconds=self.seconds,
        )

    @property
    def reason(self) -> str:
        return "" if self.error is None else str(self.error.problems[0])


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float
    interrupted: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> ExitCode:
        failed = self.count(Status.FAILED) > 0 or self.interrupted
        return ExitCode.BATCH_HAD_FAILURES if failed else ExitCode.OK

    def as_dict(self) -> dict[str, Any]:
        return {
            "infokit": __version__,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "summary": {s.value: self.count(s) for s in (Status.BUILT, Status.UP_TO_DATE, Status.FAILED)},
            "organizations": [o.as_dict() for o in self.outcomes],
        }

    def write(self, path: Path) -> None:
        """Atomically, so a reader never sees half a report; OutputError when the machine
        refuses (a full disk: nothing is left behind, an earlier report stays)."""
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            error = contain.machine_error(exc, path.parent)
            raise error or OutputError(Problem(path, None, f"cannot be written: {exc.strerror}")) from None


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: the workers are stopped and ``report`` says what finished."""

    def __init__(self, report: Report, exit_code: ExitCode = ExitCode.INTERRUPTED) -> None:
        super().__init__("interrupted")
        self.report = report
        self.exit_code = exit_code


Progress = Callable[[Outcome], None]


@dataclass(frozen=True)
class Overrides:
    """What the command line sets for every organization of a batch, as in `build`."""

    template: str | None = None
    """A built-in template name or a .pptx path, instead of each brand's own."""
    languages: tuple[str, ...] = ()
    """Pages in these languages instead of each brand's own (``--lang``, repeatable)."""
    strict: bool = False
    """Every warning is an error: the organization fails instead of being built."""
    inputs_under: tuple[Path, ...] = ()
    """Folders every input file must be in (``--inputs-under``, confine.py); empty: anywhere."""


@dataclass(frozen=True)
class _Job:
    """What a pool worker needs to render one page of one organization."""

    index: int
    brand: Brand
    """Validated, as this page sees it (Brand.page): its language, paper, notes and text."""
    folder: Path
    stem: str
    language_suffix: str
    work: Path
    formats: tuple[str, ...]
    force: bool
    pdf_a: bool
    overrides: Overrides = Overrides()


@dataclass
class _Rendered:
    index: int
    organization: str | None = None
    industry: str | None = None
    language: str | None = None
    paper: str | None = None
    template: str | None = None
    status: Status = Status.FAILED
    pptx: Path | None = None
    digest: str = ""
    warnings: list[str] = field(default_factory=list)
    contrast: list[ContrastFix] = field(default_factory=list)
    error: InfokitError | None = None
    seconds: float = 0.0
    web: dict[str, tuple[Path, str]] = field(default_factory=dict)
    """FAQ and index files rendered into the work folder: key -> (path, final name)."""
    held: tuple[str, ...] = ()
    """Formats the folder held for this page before the build (faq.files.held)."""


def run(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    base: Path | None = None,
    formats: Sequence[str] = ("pptx", "pdf"),
    jobs: int | None = None,
    force: bool = False,
    timeout: float = convert.DEFAULT_TIMEOUT,
    converter: str | None = None,
    progress: Progress | None = None,
    pdf_a: bool = False,
    on_start: Callable[[int], None] | None = None,
    overrides: Overrides = Overrides(),
) -> Report:
    """Build every organization in ``paths``; never raises for one organization's failure.

    ``converter``: ``None`` for local LibreOffice workers, or ``unoserver://HOST:PORT,...``
    (see convert.converter_factory). ``on_start`` hears how many organizations the
    sources hold before the first is built; ``progress`` hears each one as it ends.
    Raises InvalidInput only for a bad ``base`` file, template override or converter spec, before anything
    is built.
    """
    started = time.perf_counter()
    jobs = max(1, jobs or os.cpu_count() or 1)
    wanted = tuple(dict.fromkeys(formats))
    pool = early_pool(jobs)
    work: Path | None = None
    pipeline: _Pipeline | None = None
    outcomes: list[Outcome] = []
    # One try from the pool's start: a signal at any moment stops the pool, the
    # converters and removes the work folder (scratch.py records it as it is made).
    try:
        templates.check_option(overrides.template)
        entries = sources.collect(paths, base, overrides.inputs_under)
        out_dir.mkdir(parents=True, exist_ok=True)
        work = scratch.folder(".infokit-batch-", out_dir)
        outcomes, pending = _plan(entries, out_dir, work, wanted, force, pdf_a, overrides)
        if on_start is not None:
            on_start(len(outcomes))
        # Brand font files reach the local LibreOffice workers through one private
        # fontconfig (unoserver hosts need them installed).
        fonts_of = (f for job in pending for f in (*job.brand.heading_font.files, *job.brand.body_font.files))
        font_files = list(dict.fromkeys(fonts_of))
        env = fonts.private_fontconfig(font_files, work / "fontconfig") if font_files else None
        make_converter, capacity = convert.converter_factory(
            converter, timeout, convert.PdfOptions(pdf_a=pdf_a), env
        )
        for outcome in outcomes:
            if outcome.error is not None and progress:
                progress(outcome)
        pipeline = _Pipeline(outcomes, make_converter, jobs, capacity or jobs, wanted, progress)
        pipeline.pool = pool
        pipeline.start_converters(needed="pdf" in wanted or "png" in wanted, expected=len(pending))
        pipeline.render_all(pending)
        pipeline.finish()
    except (KeyboardInterrupt, Terminated) as stop:
        for outcome in outcomes:
            if outcome.status == Status.FAILED and outcome.error is None:
                outcome.error = Stopped(Problem(outcome.source, None, "interrupted before it finished"))
        code = stop.exit_code if isinstance(stop, Terminated) else ExitCode.INTERRUPTED
        report = Report(outcomes, time.perf_counter() - started, interrupted=True)
        raise Interrupted(report, code) from None
    finally:
        with stopping.uninterrupted():
            if pipeline is not None:
                pipeline.stop()
            else:
                pool.shutdown(cancel_futures=True)
            if work is not None:
                scratch.remove(work)
    return Report(outcomes, time.perf_counter() - started)


def early_pool(jobs: int) -> cf.ProcessPoolExecutor:
    """The render pool, its workers started before the sources are read.

    Forked workers start as copies of this process: forked after 20,000 CSV rows were
    parsed, each worker carried them (375 MB resident, measured) and touched them as
    Python counted references. Started first, they copy a small process."""
    pool = cf.ProcessPoolExecutor(max_workers=jobs, initializer=leave_signals)
    pool.submit(int).result()  # under fork, the first task starts every worker
    return pool


def _plan(
    entries: list[sources.Entry],
    out_dir: Path,
    work: Path,
    formats: tuple[str, ...],
    force: bool,
    pdf_a: bool,
    overrides: Overrides,
) -> tuple[list[Outcome], list[_Job]]:
    """One outcome per page to build (an organization in three languages is three), and
    the jobs that build them. Brands are validated here, once: a brand that does not
    validate is one failed outcome. An output folder per organization, never shared by
    two; the same page of the same organization twice is built once."""
    valid: list[tuple[sources.Entry, Brand | None, InfokitError | None]] = []
    for entry in entries:
        if entry.document is None:
            valid.append((entry, None, entry.error))
            continue
        try:
            valid.append((entry, brand_mod.from_data(entry.document, overrides.inputs_under), None))
        except Exception as exc:  # the containment boundary: one bad brand never stops the batch
            valid.append((entry, None, contain.as_batch_error(exc, entry.source)))
    pages_of: dict[str, list[tuple[str, str]]] = {}
    for _, brand, _ in valid:
        if brand is not None:
            pages_of.setdefault(brand.organization, []).extend(brand.pages(overrides.languages))
    claimed: dict[Path, str] = {}
    seen = duplicates.SeenPages()
    outcomes: list[Outcome] = []
    jobs: list[_Job] = []
    for entry, brand, error in valid:
        if brand is None:
            outcomes.append(Outcome(entry.source, entry.row, entry.name_as_given, error=error))
            continue
        base = output.target(out_dir, brand.organization, brand.industry, claimed)
        claimed[base.folder] = brand.organization
        naming = output.PageNaming.of(pages_of[brand.organization])
        for language, paper in brand.pages(overrides.languages):
            outcome = Outcome(
                entry.source,
                entry.row,
                brand.organization,
                industry=brand.industry,
                language=language,
                paper=paper,
            )
            outcomes.append(outcome)
            outcome.error = seen.claim(entry, brand.organization, brand.industry, language, paper)
            if outcome.error is not None:
                continue
            target = output.page_target(base, language, paper, naming)
            job = _Job(
                len(outcomes) - 1,
                brand.page(language, paper),
                target.folder,
                target.stem,
                target.language_suffix,
                work,
                formats,
                force,
                pdf_a,
                overrides,
            )
            jobs.append(job)
    return outcomes, jobs


def _render_job(job: _Job) -> _Rendered:
    """In a pool worker: skip the page when up to date, else render its PPTX and web files."""
    from infokit import build

    started = time.perf_counter()
    result = _Rendered(job.index)
    brand, wanted = job.brand, job.overrides
    try:
        result.organization, result.industry = brand.organization, brand.industry
        result.language, result.paper = brand.language, brand.paper
        deck = files.needs_deck(job.formats)
        template_digest = files.NO_DECK
        if deck:
            template = templates.resolve(
                wanted.template or brand.template, brand.industry, brand.paper, brand.layout
            )
            template_digest, result.template = template.digest(), template.name
        result.digest = build.inputs_digest(
            brand, template_digest, job.formats, None, job.pdf_a, wanted.strict
        )
        names = files.output_names(job.stem, job.folder.name, job.formats, job.language_suffix)
        done = all((job.folder / name).is_file() for name in names.values())
        recorded = output.page_record(job.folder, job.stem)
        if not job.force and done and recorded.get("inputs") == result.digest:
            result.status = Status.UP_TO_DATE
            kept = recorded.get("warnings")  # what the build that wrote the page warned about
            result.warnings = [str(w) for w in kept] if isinstance(kept, list) else []
            return result
        from infokit import package, render  # python-pptx only when something is rendered

        rendered = None
        if deck:  # not for the FAQ alone
            rendered = render.render(brand, template=wanted.template)
        web = bool(set(job.formats) & set(files.WEB_FORMATS))
        result.warnings = build.page_warnings(brand, rendered)
        result.contrast = build.page_contrast(brand, rendered, web)
        if wanted.strict and (error := build.strict_error(result.warnings, brand.source)):
            raise error
        if rendered is not None:
            result.pptx = job.work / f"{job.index:06d}.pptx"
            result.pptx.write_bytes(package.to_bytes(rendered.presentation))
        result.held = files.held(job.folder, job.stem, job.folder.name, job.language_suffix)
        result.web = _render_web(job, result.held)
        result.status = Status.BUILT
    except Exception as exc:  # the containment boundary: any failure stays with this organization
        result.error = contain.as_batch_error(exc, brand.source, job.work.parent)
    finally:
        result.seconds = time.perf_counter() - started
        give_back_memory()
    return result


def _render_web(job: _Job, held: tuple[str, ...]) -> dict[str, tuple[Path, str]]:
    """The FAQ page, fragment, Markdown and index into the work folder (html or md wanted,
    or the folder holds the page's html: it links what this build adds)."""
    formats = files.web_to_write(job.formats, held)
    if not formats:
        return {}
    from infokit.faq import page

    web = {}
    others = files.other_papers(job.folder, job.stem, job.brand.language)
    beside = page.beside(job.stem, (*job.formats, *held), others)
    for file in page.render(job.brand, job.folder.name, formats, beside, None, job.language_suffix, held):
        staged = job.work / f"{job.index:06d}-{file.key}"
        staged.write_bytes(file.data)
        web[file.key] = (staged, file.name)
    return web


def leave_signals() -> None:
    """In a pool worker: SIGTERM or Ctrl-C sent to the whole group (``timeout`` and a
    terminal do) is the main process's to handle; it stops the pool in order instead
    of breaking it."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def give_back_memory() -> None:
    """Return freed heap to the system after each render. python-pptx, lxml and Pillow
    free what they use, but glibc keeps the fragmented heap: a worker's resident size
    grew by about 46 kB a deck (measured over 400), which at 20,000 organizations
    is hundreds of MB. malloc_trim brings it back to the baseline."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _load_libc() -> Any:
    if sys.platform != "linux":
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # musl and others: no malloc_trim
        return None


_LIBC = _load_libc()


class _Pipeline:
    """Rendering in a process pool feeding LibreOffice workers in threads."""

    def __init__(
        self,
        outcomes: list[Outcome],
        make_converter: Callable[[], convert.Converter],
        jobs: int,
        converters: int,
        formats: tuple[str, ...],
        progress: Progress | None,
    ) -> None:
        self.outcomes = outcomes
        self.make_converter = make_converter
        self.jobs = jobs
        self.converters = converters
        self.formats = formats
        self.progress = progress
        self.jobs_by_index: dict[int, _Job] = {}
        self.rendered: dict[int, _Rendered] = {}
        self.idle: list[convert.Converter] = []
        self.live: list[convert.Converter] = []
        self.lock = threading.Lock()
        self.manifest_lock = threading.Lock()
        self.converting = False
        self.chunk = 1
        self.batch: list[int] = []
        self.threads = cf.ThreadPoolExecutor(max_workers=converters, thread_name_prefix="convert")
        self.conversions: list[cf.Future[None]] = []
        self.pool: cf.ProcessPoolExecutor | None = None
        self.start_error: ConversionError | None = None
        self.stopped = False

    # -- converters -------------------------------------------------------------

    def start_converters(self, needed: bool, expected: int) -> None:
        self.converting = needed
        if not needed or expected == 0:
            return
        workers = min(self.converters, expected)
        self.chunk = max(1, min(MAX_CHUNK, -(-expected // workers)))
        for _ in range(workers):
            try:
                office = self.make_converter()
            except ConversionError as exc:  # no LibreOffice: every PDF fails with this reason
                self.start_error = exc
                return
            office.warm_up()  # LibreOffice initialises while the pool renders
            self.idle.append(office)
            self.live.append(office)

    def _take_converter(self, avoid: convert.Converter | None = None) -> convert.Converter:
        """An idle converter, else a new one; never one equal to ``avoid`` (the one that
        just failed: a retry goes to another server) while there are others to try."""
        with self.lock:
            self._check_running()
            for office in reversed(self.idle):
                if office is not avoid:
                    self.idle.remove(office)
                    return office
        office = self.make_converter()
        for _ in range(self.converters):
            if office is not avoid:
                break
            office = self.make_converter()
        with self.lock:
            if self.stopped:
                office.close()
            self._check_running()
            self.live.append(office)
        return office

    def _check_running(self) -> None:
        """After stop(), a conversion thread still running starts no new LibreOffice."""
        if self.stopped:
            raise ConversionError(Problem(None, None, "the batch was stopped"))

    def _give_back(self, office: convert.Converter) -> None:
        with self.lock:
            self.idle.append(office)

    def _discard(self, office: convert.Converter) -> None:
        office.close()
        with self.lock:
            if office in self.live:
                self.live.remove(office)

    # -- rendering ------------------------------------------------------------------

    def render_all(self, jobs: list[_Job]) -> None:
        self.jobs_by_index = {j.index: j for j in jobs}
        if not jobs:
            return
        if self.pool is None:
            workers = min(self.jobs, len(jobs))
            self.pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=leave_signals)
        # A window of jobs in flight, not all at once: 20,000 submitted futures (each
        # holding its job) cost the main process memory in proportion to the batch.
        waiting = iter(jobs)
        window = self.jobs * IN_FLIGHT_PER_WORKER
        futures: dict[cf.Future[_Rendered], _Job] = {}
        crashed: list[_Job] = []
        while True:
            while len(futures) < window and (job := next(waiting, None)) is not None:
                try:
                    futures[self.pool.submit(_render_job, job)] = job
                except BrokenProcessPool:
                    crashed.append(job)
            if not futures:
                break
            done, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
            for future in done:
                job = futures.pop(future)
                try:
                    self._rendered(future.result())
                except BrokenProcessPool:  # a library crashed a worker: which job did is unknown
                    crashed.append(job)
        self._render_alone(sorted(crashed, key=lambda j: j.index))
        self._flush()

    def _render_alone(self, jobs: list[_Job]) -> None:
        """After a worker crash, each unfinished job again in a pool of one, so a crash
        (an abort inside a C library) fails only the organization that causes it."""
        for job in jobs:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = cf.ProcessPoolExecutor(max_workers=1, initializer=leave_signals)
            try:
                result = self.pool.submit(_render_job, job).result()
            except BrokenProcessPool:
                result = _Rendered(job.index)
                result.error = contain.InternalError(
                    Problem(
                        job.brand.source,
                        None,
                        "the renderer process crashed on this organization (a library aborted); "
                        "check its logo, fonts and template",
                    )
                )
            self._rendered(result)

    def _rendered(self, result: _Rendered) -> None:
        self.rendered[result.index] = result
        outcome = self.outcomes[result.index]
        outcome.organization = result.organization or outcome.organization
        outcome.industry, outcome.language = result.industry, result.language
        outcome.paper, outcome.template = result.paper, result.template
        outcome.warnings, outcome.contrast = result.warnings, result.contrast
        outcome.seconds = result.seconds
        if result.status == Status.UP_TO_DATE:
            outcome.status = Status.UP_TO_DATE
            job = self.jobs_by_index[result.index]
            names = files.output_names(job.stem, job.folder.name, self.formats, job.language_suffix)
            outcome.outputs = {key: job.folder / name for key, name in names.items()}
            self._report(outcome)
        elif result.error is not None:
            outcome.error = result.error
            self._report(outcome)
        elif not self.converting:
            self._commit(result.index)
        else:
            self.batch.append(result.index)
            if len(self.batch) >= self.chunk:
                self._flush()

    def _flush(self) -> None:
        if self.batch:
            chunk, self.batch = self.batch, []
            self.conversions.append(self.threads.submit(self._convert_chunk, chunk, retry=True))

    # -- conversion -------------------------------------------------------------------

    def _convert_chunk(self, indexes: list[int], retry: bool, avoid: convert.Converter | None = None) -> None:
        try:
            self._convert_chunk_unguarded(indexes, retry, avoid)
        except Exception as exc:  # the containment boundary of a conversion thread
            for index in indexes:
                if self.outcomes[index].status == Status.FAILED and self.outcomes[index].error is None:
                    self._fail(index, contain.as_batch_error(exc, self.outcomes[index].source))

    def _convert_chunk_unguarded(
        self, indexes: list[int], retry: bool, avoid: convert.Converter | None = None
    ) -> None:
        if self.start_error is not None:
            for index in indexes:
                self._fail(index, self.start_error)
            return
        decks = [self._pptx(i) for i in indexes]
        started = time.perf_counter()
        office = self._take_converter(avoid)
        call_error: ConversionError | None = None
        try:
            office.convert(decks, decks[0].parent)
        except ConversionError as exc:
            call_error = exc
        missing: list[int] = []
        for index, deck in zip(indexes, decks, strict=True):
            try:
                convert.verify_pdf(deck.with_suffix(".pdf"), deck)
            except ConversionError as exc:
                missing.append(index)
                if not retry:
                    self._fail(index, call_error or exc)
                continue
            self.outcomes[index].seconds += (time.perf_counter() - started) / len(indexes)
            self._finish(index)
        if call_error is not None or missing:
            self._discard(office)  # a crashed or hung worker is replaced, never reused
        else:
            self._give_back(office)
        if missing and retry:
            self._convert_chunk(missing, retry=False, avoid=office)

    def _pptx(self, index: int) -> Path:
        pptx = self.rendered[index].pptx
        assert pptx is not None
        return pptx

    def _finish(self, index: int) -> None:
        if "png" in self.formats:
            pdf = self._pptx(index).with_suffix(".pdf")
            try:
                convert.pdf_to_png(pdf, pdf.with_suffix(".png"))
            except ConversionError as exc:
                self._fail(index, exc)
                return
        self._commit(index)

    def _fail(self, index: int, error: InfokitError) -> None:
        outcome = self.outcomes[index]
        outcome.error = error
        self._report(outcome)

    def _commit(self, index: int) -> None:
        job = self.jobs_by_index[index]
        outcome = self.outcomes[index]
        deck = self.rendered[index].pptx  # None when only the FAQ is built
        try:
            self._check_faces(job, outcome, deck)
            web_names = [name for _, name in self.rendered[index].web.values()]
            target = output.Target(job.folder, job.stem)
            output.refuse_links(target, web_names)  # before anything moves
            job.folder.mkdir(parents=True, exist_ok=True)
            staged = {
                fmt: (deck.with_suffix(f".{fmt}"), f"{job.stem}.{fmt}")
                for fmt in self.formats
                if fmt in files.INFOGRAPHIC_FORMATS and deck is not None
            }
            staged.update(self.rendered[index].web)
            record: dict[str, object] = {
                "language": job.brand.language,
                "paper": job.brand.paper,
                "inputs": self.rendered[index].digest,
                "formats": files.recorded(self.formats, self.rendered[index].held),
                "pdf_a": job.pdf_a,
                "warnings": outcome.warnings,
            }
            page = output.PageRecord(job.brand.organization, record)
            # Pages of one organization share its folder's manifest: threads here take
            # turns, and so do other infokit processes writing the same folder.
            with self.manifest_lock, output.folder_lock(job.folder):
                output.commit(target, staged, job.work, page, written=outcome.outputs)
        except InfokitError as exc:
            self._fail(index, exc)
            return
        except OSError as exc:
            self._fail(index, OutputError(Problem(job.folder, None, f"cannot be written: {exc.strerror}")))
            return
        outcome.status = Status.BUILT
        self._report(outcome)

    def _check_faces(self, job: _Job, outcome: Outcome, deck: Path | None) -> None:
        """A PDF that embeds a face the brand did not ask for says so (embedded.py)."""
        if deck is None or "pdf" not in self.formats:
            return
        from infokit import build

        east_asian = build._east_asian(job.brand, job.brand.language)
        faces = embedded.substitutions(job.brand, deck.with_suffix(".pdf"), east_asian)
        outcome.warnings.extend(faces)
        if job.overrides.strict and (error := build.strict_error(faces, job.brand.source)):
            raise error

    def _report(self, outcome: Outcome) -> None:
        if self.progress is not None:
            with self.lock:
                self.progress(outcome)

    def finish(self) -> None:
        self._flush()
        for future in self.conversions:
            future.result()

    def stop(self) -> None:
        """Kill every LibreOffice this batch started and stop the pools; safe to repeat."""
        with self.lock:
            self.stopped = True
            live, self.live, self.idle = list(self.live), [], []
        for office in live:
            office.close()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.threads.shutdown(wait=False, cancel_futures=True)
