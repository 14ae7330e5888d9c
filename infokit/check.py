"""`infokit check` over many sources: every page a batch would build, checked without
building, each reported as soon as it is done.

    for page in check.pages([Path("rows.csv")]):
        print(page.as_dict())

Streaming, not collecting: only the entry in hand and the pages in flight are held, so
300,000 CSV rows check in the memory of a few (the duplicate index keeps a digest per
page). With ``jobs`` above 1 the pages render in a process pool, in order.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
from collections.abc import Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from infokit import brand as brand_mod
from infokit import build, contain, duplicates, results, sources
from infokit.build import CheckResult
from infokit.errors import InfokitError, Problem

IN_FLIGHT_PER_WORKER = 4
"""Pages handed to the pool ahead of the one printed next, per worker: enough to keep
every worker busy, few enough that memory does not follow the row count."""


@dataclass
class Checked:
    """One page of one organization: its check result, or the error that stops it."""

    source: Path
    row: int | None
    label: str
    """How people see where it is: ``rows.csv (row 3)``, plus ``(ru, a4)`` when the
    organization has several pages."""
    result: CheckResult | None = None
    error: InfokitError | None = None
    organization: str | None = None
    industry: str | None = None
    language: str | None = None
    paper: str | None = None

    def as_dict(self, strict: bool = False) -> dict[str, Any]:
        """The documented result object (infokit.results)."""
        if self.result is not None:
            return self.result.as_dict(strict=strict)
        return results.entry(
            results.Status.FAILED,
            self.source,
            row=self.row,
            organization=self.organization,
            industry=self.industry,
            language=self.language,
            paper=self.paper,
            error=self.error,
        )


@dataclass(frozen=True)
class _Page:
    """What a worker needs to check one page: picklable, small."""

    brand: brand_mod.Brand
    template: str | None


def pages(
    paths: Sequence[Path],
    base: Path | None = None,
    *,
    template: str | None = None,
    languages: Sequence[str] = (),
    jobs: int = 1,
    inputs_under: Sequence[Path] = (),
) -> Iterator[Checked]:
    """Every page a batch would build from ``paths`` (brand files, folders, CSV rows over
    ``base``; each language and paper), checked in order, each yielded when it is done.
    A page batch would refuse as a duplicate is reported as batch reports it. Raises
    InvalidInput only for a broken ``base`` file or ``template``, before anything is
    checked. ``inputs_under``: the folders input files must be in (confine.py)."""
    from infokit import templates

    templates.check_option(template)
    entries = sources.entries(paths, base, inputs_under)
    planned = _planned(entries, template, languages, tuple(inputs_under))
    return _serial(planned) if jobs <= 1 else _pooled(planned, jobs)


def _planned(
    entries: Iterator[sources.Entry],
    template: str | None,
    languages: Sequence[str],
    inputs_under: tuple[Path, ...],
) -> Iterator[tuple[Checked, _Page | None]]:
    """Each page with what is left to do for it: a page to render, or None when it is
    already decided (a source that cannot be read, a brand that does not validate, a
    duplicate). Brands validate here, in the main process, where duplicates are seen."""
    seen = duplicates.SeenPages()
    for entry in entries:
        if entry.document is None:
            assert entry.error is not None
            yield Checked(entry.source, entry.row, entry.label, error=entry.error), None
            continue
        try:
            with contain.input_errors(entry.source):
                brand = brand_mod.from_data(entry.document, inputs_under)
        except InfokitError as exc:  # named as batch names it
            named = entry.name_as_given
            yield Checked(entry.source, entry.row, entry.label, error=exc, organization=named), None
            continue
        wanted = brand.pages(languages)
        for language, paper in wanted:
            label = f"{entry.label} ({language}, {paper})" if len(wanted) > 1 else entry.label
            identity = (brand.organization, brand.industry, language, paper)
            page = Checked(entry.source, entry.row, label, None, seen.claim(entry, *identity), *identity)
            yield page, (None if page.error else _Page(brand.page(language, paper), template))


def _serial(planned: Iterator[tuple[Checked, _Page | None]]) -> Iterator[Checked]:
    for page, work in planned:
        yield _done(page, _check(work)) if work is not None else page


def _pooled(planned: Iterator[tuple[Checked, _Page | None]], jobs: int) -> Iterator[Checked]:
    """Pages rendered by ``jobs`` worker processes, yielded in order: a window of pages
    in flight, the oldest printed as soon as it is done."""
    window = jobs * IN_FLIGHT_PER_WORKER
    flight: collections.deque[tuple[Checked, cf.Future[CheckResult | InfokitError] | None, _Page | None]]
    flight = collections.deque()
    pool = _new_pool(jobs)
    try:
        for page, work in planned:
            flight.append((page, _submit(pool, work) if work is not None else None, work))
            while len(flight) >= window or (flight and _ready(flight[0][1])):
                page_done, pool = _oldest(flight, pool, jobs)
                yield page_done
        while flight:
            page_done, pool = _oldest(flight, pool, jobs)
            yield page_done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ready(future: cf.Future[CheckResult | InfokitError] | None) -> bool:
    return future is None or future.done()


def _oldest(
    flight: collections.deque[tuple[Checked, cf.Future[CheckResult | InfokitError] | None, _Page | None]],
    pool: cf.ProcessPoolExecutor,
    jobs: int,
) -> tuple[Checked, cf.ProcessPoolExecutor]:
    """The oldest page in flight, waited for. A worker killed by a library (an abort in a
    C extension) breaks the pool and every page in it: the pages still in flight are
    resubmitted to a new pool, and the one that crashes alone fails alone."""
    page, future, work = flight.popleft()
    if future is None or work is None:
        return page, pool
    try:
        return _done(page, future.result()), pool
    except BrokenProcessPool:
        pool.shutdown(wait=True, cancel_futures=True)
        alone = _new_pool(1)
        try:
            outcome = alone.submit(_check, work).result()
        except BrokenProcessPool:
            outcome = contain.InternalError(
                Problem(
                    page.source,
                    None,
                    "the renderer process crashed on this organization (a library aborted); "
                    "check its logo, fonts and template",
                    row=page.row,
                )
            )
        finally:
            alone.shutdown(wait=True, cancel_futures=True)
        pool = _new_pool(jobs)
        for i, (other, _, other_work) in enumerate(flight):
            if other_work is not None:
                flight[i] = (other, _submit(pool, other_work), other_work)
        return _done(page, outcome), pool


def _submit(pool: cf.ProcessPoolExecutor, work: _Page) -> cf.Future[CheckResult | InfokitError]:
    """The page handed to the pool; a pool already broken gives a future that says so."""
    try:
        return pool.submit(_check, work)
    except BrokenProcessPool as exc:
        broken: cf.Future[CheckResult | InfokitError] = cf.Future()
        broken.set_exception(exc)
        return broken


def _new_pool(jobs: int) -> cf.ProcessPoolExecutor:
    """Batch's render pool: its workers leave signals to this process, and start now,
    before the sources are read, as small copies of it."""
    from infokit import batch

    return batch.early_pool(jobs)


def _check(work: _Page) -> CheckResult | InfokitError:
    """Render one page in memory; its result, or the InfokitError that stops it (a
    library's failure becomes one, as in build; infokit's own bugs propagate)."""
    from infokit import batch  # its heap trim: a worker checks thousands of pages

    try:
        with contain.input_errors(work.brand.source):
            return build.check_brand(work.brand, work.template)
    except InfokitError as exc:
        return exc
    finally:
        batch.give_back_memory()


def _done(page: Checked, outcome: CheckResult | InfokitError) -> Checked:
    if isinstance(outcome, InfokitError):
        page.error = _on_row(outcome, page.source, page.row)
    else:
        outcome.row = page.row
        page.result = outcome
    return page


def _on_row(error: InfokitError, source: Path, row: int | None) -> InfokitError:
    """The error with the CSV row on each of its problems about this source that lacks
    it (a fit error names the key, the renderer knows nothing of rows)."""
    if row is None:
        return error
    error.problems = [
        replace(p, row=row) if p.row is None and p.file == source else p for p in error.problems
    ]
    return error
