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
import errno
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from infokit.errors import ExitCode, InfokitError, InvalidInput, OutputError, Problem

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


_MACHINE = {
    errno.ENOSPC: "no space is left on the device; free some and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EROFS: "the file system is read-only; choose another output folder with -o",
    errno.EIO: "the device reported an input/output error; check the disk",
    errno.EFBIG: "a file would be larger than the file system allows",
    errno.ENAMETOOLONG: "a name in the path is longer than the file system allows; choose a shorter -o",
}
"""Write failures the machine causes, not the input: a full disk fails every page alike."""


def machine_error(exc: BaseException, where: Path | None = None) -> OutputError | None:
    """A full disk, used-up quota, read-only or failing device while writing, as an
    output error (exit 1) naming the folder the user chose, never the input's fault.
    ``where``: the output folder, for errors that carry no file name (a failed write)."""
    code, filename = _errno_of(exc)
    if code not in _MACHINE:
        return None
    folder = _shown_folder(filename) or where
    return OutputError(Problem(folder, None, f"cannot be written: {_MACHINE[code]}"))


def _errno_of(exc: BaseException) -> tuple[int | None, object]:
    """The errno and file of an OSError; of a shutil.Error (a copy's list of
    (source, destination, reason) failures), the first reason's errno and destination."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        for failure in exc.args[0]:
            if isinstance(failure, tuple) and len(failure) == 3:
                found = re.search(r"\[Errno (\d+)\]", str(failure[2]))
                if found:
                    return int(found.group(1)), failure[1]
        return None, None
    if isinstance(exc, OSError):
        return exc.errno, exc.filename
    return None, None


LOW_SPACE = 4_000_000
"""Bytes free below which a file that was not written is put down to a full disk."""


def out_of_space(path: Path) -> OutputError | None:
    """The full-disk error for ``path`` when its file system is (nearly) full: LibreOffice
    writes no PDF and says nothing else when its write fails."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return None
    if free >= LOW_SPACE:
        return None
    return machine_error(OSError(errno.ENOSPC, "No space left on device", str(path)))


def _shown_folder(filename: object) -> Path | None:
    """The folder a user would recognise: not infokit's own staging or work folder inside it."""
    if not isinstance(filename, (str, Path)):
        return None
    folder = Path(filename).parent
    for place in (folder, *folder.parents):  # above infokit's own staging, work or temp folder
        if place.name.startswith((".infokit-", "infokit-")):
            return place.parent
    return folder


@contextlib.contextmanager
def machine_errors(where: Path) -> Iterator[None]:
    """Around everything `build` writes into ``where``: a full disk is one plain
    message, exit 1."""
    try:
        yield
    except OSError as exc:
        if (error := machine_error(exc, where)) is not None:
            raise error from exc
        raise


def as_batch_error(exc: BaseException, source: Path | None, out_dir: Path | None = None) -> InfokitError:
    """Any exception as the error of one organization in a batch; ``out_dir`` names
    where a full disk struck."""
    if isinstance(exc, InfokitError):
        return exc
    if (machine := machine_error(exc, out_dir)) is not None:
        return machine
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
