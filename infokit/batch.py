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
import shutil
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infokit import __version__, contain, convert, fonts, output, sources
from infokit.errors import ConversionError, ExitCode, InfokitError, Problem

MAX_CHUNK = 100
"""Documents per soffice call at most: below the ~246 files one call silently stops at,
and small enough that a crash loses little work."""

BUILT, UP_TO_DATE, FAILED = "built", "up-to-date", "failed"

IN_FLIGHT_PER_WORKER = 4
"""Render jobs handed to the pool ahead of what it has finished, per worker."""


@dataclass
class Outcome:
    """What happened to one organization: one entry of the report."""

    source: Path
    row: int | None
    organization: str | None = None
    status: str = FAILED
    outputs: dict[str, Path] = field(default_factory=dict)
    error: InfokitError | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": {"file": str(self.source), "row": self.row},
            "organization": self.organization,
            "status": self.status,
            "outputs": {k: str(v) for k, v in self.outputs.items()},
            "error": None if self.error is None else self.error.as_dict(),
            "warnings": self.warnings,
            "seconds": round(self.seconds, 3),
        }

    @property
    def reason(self) -> str:
        return "" if self.error is None else str(self.error.problems[0])


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> ExitCode:
        failed = self.count(FAILED) > 0 or self.interrupted
        return ExitCode.BATCH_HAD_FAILURES if failed else ExitCode.OK

    def as_dict(self) -> dict[str, Any]:
        return {
            "infokit": __version__,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "summary": {s: self.count(s) for s in (BUILT, UP_TO_DATE, FAILED)},
            "organizations": [o.as_dict() for o in self.outcomes],
        }

    def write(self, path: Path) -> None:
        """Atomically, so a reader never sees half a report."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)


class Interrupted(Exception):
    """Ctrl-C: the workers are stopped and ``report`` says what finished."""

    def __init__(self, report: Report) -> None:
        super().__init__("interrupted")
        self.report = report


Progress = Callable[[Outcome], None]


@dataclass(frozen=True)
class _Job:
    """What a pool worker needs to validate and render one organization."""

    index: int
    document: Any  # yamlsource.Document (picklable plain data)
    folder: Path
    stem: str
    work: Path
    formats: tuple[str, ...]
    force: bool
    pdf_a: bool


@dataclass
class _Rendered:
    index: int
    organization: str | None = None
    status: str = FAILED
    pptx: Path | None = None
    digest: str = ""
    warnings: list[str] = field(default_factory=list)
    error: InfokitError | None = None
    seconds: float = 0.0


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
) -> Report:
    """Build every organization in ``paths``; never raises for one organization's failure.

    ``converter``: ``None`` for local LibreOffice workers, or ``unoserver://HOST:PORT,...``
    (see convert.converter_factory). Raises InvalidInput only for a bad ``base`` file or
    converter spec, before anything is built.
    """
    started = time.perf_counter()
    jobs = max(1, jobs or os.cpu_count() or 1)
    wanted = tuple(dict.fromkeys(formats))
    pool = _early_pool(jobs)
    try:
        entries = sources.collect(paths, base)
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    outcomes = [Outcome(e.source, e.row, error=e.error) for e in entries]
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".infokit-batch-", dir=out_dir))
    pending = _claim_folders(entries, outcomes, out_dir, work, wanted, force, pdf_a)
    # Brand font files reach the local LibreOffice workers through one private
    # fontconfig (unoserver hosts need them installed).
    font_files = [f for job in pending for f in sources.font_files(job.document)]
    env = fonts.private_fontconfig(font_files, work / "fontconfig") if font_files else None
    try:
        make_converter, capacity = convert.converter_factory(
            converter, timeout, convert.PdfOptions(pdf_a=pdf_a), env
        )
    except InfokitError:
        shutil.rmtree(work, ignore_errors=True)
        pool.shutdown(cancel_futures=True)
        raise
    for outcome in outcomes:
        if outcome.error is not None and progress:
            progress(outcome)
    pipeline = _Pipeline(outcomes, make_converter, jobs, capacity or jobs, wanted, progress)
    pipeline.pool = pool
    try:
        pipeline.start_converters(needed="pdf" in wanted or "png" in wanted, expected=len(pending))
        pipeline.render_all(pending)
        pipeline.finish()
    except KeyboardInterrupt:
        for outcome in outcomes:
            if outcome.status == FAILED and outcome.error is None:
                outcome.error = InfokitError(Problem(outcome.source, None, "interrupted before it finished"))
        raise Interrupted(Report(outcomes, time.perf_counter() - started, interrupted=True)) from None
    finally:
        pipeline.stop()
        shutil.rmtree(work, ignore_errors=True)
    return Report(outcomes, time.perf_counter() - started)


def _early_pool(jobs: int) -> cf.ProcessPoolExecutor:
    """The render pool, its workers started before the sources are read.

    Forked workers start as copies of this process: forked after 20,000 CSV rows were
    parsed, each worker carried them (375 MB resident, measured) and touched them as
    Python counted references. Started first, they copy a small process."""
    pool = cf.ProcessPoolExecutor(max_workers=jobs)
    pool.submit(int).result()  # under fork, the first task starts every worker
    return pool


def _claim_folders(
    entries: list[sources.Entry],
    outcomes: list[Outcome],
    out_dir: Path,
    work: Path,
    formats: tuple[str, ...],
    force: bool,
    pdf_a: bool,
) -> list[_Job]:
    """An output folder per organization; two organizations never share one."""
    claimed: dict[Path, str] = {}
    jobs: list[_Job] = []
    for index, (entry, outcome) in enumerate(zip(entries, outcomes, strict=True)):
        if entry.document is None:
            continue
        raw = entry.document.data.get("organization")
        name = unicodedata.normalize("NFC", raw.strip()) if isinstance(raw, str) else f"organization-{index}"
        industry = str(entry.document.data.get("industry") or "generic").strip().lower()
        target = output.target(out_dir, name, industry, claimed)
        if target.folder in claimed and claimed[target.folder] == name:
            outcome.organization = name
            outcome.error = InfokitError(
                Problem(
                    entry.source,
                    "organization",
                    (f"'{name}' appears twice in this batch; the first one is built"),
                )
            )
            continue
        claimed[target.folder] = name
        outcome.organization = name
        jobs.append(_Job(index, entry.document, target.folder, target.stem, work, formats, force, pdf_a))
    return jobs


def _render_job(job: _Job) -> _Rendered:
    """In a pool worker: validate, skip when up to date, else render the PPTX."""
    from infokit import brand as brand_mod
    from infokit import build, templates

    started = time.perf_counter()
    result = _Rendered(job.index)
    try:
        brand = brand_mod.from_data(job.document)
        result.organization = brand.organization
        template = templates.resolve(brand.template, brand.industry, brand.paper)
        result.digest = build.inputs_digest(brand, template.digest(), job.formats, None, job.pdf_a)
        manifest = output.read_manifest(job.folder)
        done = all((job.folder / f"{job.stem}.{fmt}").is_file() for fmt in job.formats)
        if not job.force and done and manifest.get("inputs") == result.digest:
            result.status = UP_TO_DATE
            return result
        from infokit import package, render  # python-pptx only when something is rendered

        rendered = render.render(brand)
        result.warnings = [*brand.warnings, *rendered.warnings, *build.font_warnings(brand)]
        result.pptx = job.work / f"{job.index:06d}.pptx"
        result.pptx.write_bytes(package.to_bytes(rendered.presentation))
        result.status = BUILT
    except Exception as exc:  # the containment boundary: any failure stays with this organization
        result.error = contain.as_batch_error(exc, job.document.path)
    finally:
        result.seconds = time.perf_counter() - started
        _give_back_memory()
    return result


def _give_back_memory() -> None:
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
        self.converting = False
        self.chunk = 1
        self.batch: list[int] = []
        self.threads = cf.ThreadPoolExecutor(max_workers=converters, thread_name_prefix="convert")
        self.conversions: list[cf.Future[None]] = []
        self.pool: cf.ProcessPoolExecutor | None = None
        self.start_error: ConversionError | None = None

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
            warm_up = getattr(office, "warm_up", None)
            if warm_up is not None:
                warm_up()  # LibreOffice initialises while the pool renders
            self.idle.append(office)
            self.live.append(office)

    def _take_converter(self, avoid: convert.Converter | None = None) -> convert.Converter:
        """An idle converter, else a new one; never one equal to ``avoid`` (the one that
        just failed: a retry goes to another server) while there are others to try."""
        with self.lock:
            for office in reversed(self.idle):
                if office != avoid:
                    self.idle.remove(office)
                    return office
        office = self.make_converter()
        for _ in range(self.converters):
            if office != avoid:
                break
            office = self.make_converter()
        with self.lock:
            self.live.append(office)
        return office

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
            self.pool = cf.ProcessPoolExecutor(max_workers=min(self.jobs, len(jobs)))
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
            self.pool = cf.ProcessPoolExecutor(max_workers=1)
            try:
                result = self.pool.submit(_render_job, job).result()
            except BrokenProcessPool:
                result = _Rendered(job.index)
                result.error = contain.InternalError(
                    Problem(
                        job.document.path,
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
        outcome.warnings = result.warnings
        outcome.seconds = result.seconds
        if result.status == UP_TO_DATE:
            outcome.status = UP_TO_DATE
            job = self.jobs_by_index[result.index]
            outcome.outputs = {fmt: job.folder / f"{job.stem}.{fmt}" for fmt in self.formats}
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
                if self.outcomes[index].status == FAILED and self.outcomes[index].error is None:
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
        deck = self._pptx(index)
        try:
            output.refuse_links(output.Target(job.folder, job.stem))
            job.folder.mkdir(parents=True, exist_ok=True)
            for fmt in self.formats:
                final = job.folder / f"{job.stem}.{fmt}"
                os.replace(deck.with_suffix(f".{fmt}"), final)
                outcome.outputs[fmt] = final
            manifest = {
                "organization": outcome.organization,
                "infokit": __version__,
                "inputs": self.rendered[index].digest,
                "formats": list(self.formats),
            }
            tmp = deck.with_suffix(".json")
            tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, job.folder / output.MANIFEST)
        except InfokitError as exc:
            self._fail(index, exc)
            return
        except OSError as exc:
            self._fail(index, InfokitError(Problem(job.folder, None, f"cannot be written: {exc.strerror}")))
            return
        outcome.status = BUILT
        self._report(outcome)

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
            live, self.live, self.idle = list(self.live), [], []
        for office in live:
            office.close()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.threads.shutdown(wait=False, cancel_futures=True)
