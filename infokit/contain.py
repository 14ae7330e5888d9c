"""Containment: an exception nobody expected, turned into an error about one input.

Libraries that parse what users give us (Pillow, fontTools, lxml, python-pptx, PyYAML,
resvg, raqm through Pillow, csv, zipfile) raise their own exceptions for inputs they
cannot handle. Those are the input's fault: `build` reports them as invalid input
(exit 2) naming the file, and a batch records them against one organization and goes
on. An exception raised by infokit's own code is a bug: `build` lets it show its
traceback, and a batch still records it (as an internal error) rather than stopping.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from infokit.errors import ExitCode, InfokitError, InvalidInput, Problem

_OWN_PACKAGE = "infokit"


class InternalError(InfokitError):
    """A bug in infokit, caught at a batch's containment boundary."""

    exit_code = ExitCode.UNEXPECTED
    kind = "internal"


def raised_in_library(exc: BaseException) -> bool:
    """True when the innermost Python frame that raised ``exc`` is not infokit's own."""
    tb: TracebackType | None = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return False
    module = str(last.tb_frame.f_globals.get("__name__", ""))
    return module.split(".")[0] != _OWN_PACKAGE


def describe(exc: BaseException) -> str:
    """``ValueError: text`` in one line, short enough for a report."""
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def as_input_error(exc: BaseException, source: Path | None) -> InvalidInput:
    if isinstance(exc, MemoryError):
        message = "needs more memory than is available to process; simplify the inputs it names"
    elif isinstance(exc, RecursionError):
        message = "is nested too deeply to process"
    else:
        message = f"could not be processed: a library failed on it ({describe(exc)})"
    return InvalidInput(Problem(source, None, message))


def as_batch_error(exc: BaseException, source: Path | None) -> InfokitError:
    """Any exception as the error of one organization in a batch."""
    if isinstance(exc, InfokitError):
        return exc
    if raised_in_library(exc) or isinstance(exc, (MemoryError, RecursionError)):
        return as_input_error(exc, source)
    return InternalError(
        Problem(source, None, f"infokit failed unexpectedly ({describe(exc)}); please report this bug")
    )


@contextlib.contextmanager
def input_errors(source: Path | None) -> Iterator[None]:
    """Around the work on one input in `build`: library failures become InvalidInput;
    exceptions from infokit's own code propagate unchanged (a bug shows its traceback)."""
    try:
        yield
    except InfokitError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise as_input_error(exc, source) from exc
    except Exception as exc:
        if raised_in_library(exc):
            raise as_input_error(exc, source) from exc
        raise
