"""SIGTERM and Ctrl-C stop a run, never in the middle of a step that must be whole.

The command's handler raises ``Terminated`` in the main thread, at whatever line it
has reached. Between creating a temporary folder or a LibreOffice process and
recording it for cleanup there is a moment when an exception would leave it behind
(about 1 run in 11 left a profile folder in TMPDIR). Those steps run
``uninterrupted()``: a signal that arrives meanwhile is held and raised as soon as the
step is done, when everything it made is known to the cleanup.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from infokit.errors import ExitCode, Terminated

CODES = {signal.SIGTERM: ExitCode.TERMINATED, signal.SIGINT: ExitCode.INTERRUPTED}
_held: list[ExitCode] = []
_depth = 0


def install() -> None:
    """Make SIGTERM (exit 143) and Ctrl-C (exit 130) raise ``Terminated``."""
    for signum in CODES:
        signal.signal(signum, _stop)


def _stop(signum: int, frame: object) -> None:
    # Once: a second signal must not cut short the cleanup the first one started.
    for other in CODES:
        signal.signal(other, signal.SIG_IGN)
    code = CODES[signal.Signals(signum)]
    if _depth:
        _held.append(code)
        return
    raise Terminated(code)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold a stop signal until the block is done (main thread only: Python runs signal
    handlers there; other threads are stopped through their converters' close())."""
    global _depth
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not _depth and _held:
            raise Terminated(_held.pop())
