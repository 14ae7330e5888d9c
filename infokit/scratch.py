"""Every temporary folder infokit makes, removed whatever happens.

Profiles, font folders, staging and work folders are made here, each recorded in the
same uninterrupted step that creates it (stopping.py), and removed by their owner as
before. Whatever an owner could not remove (a signal that landed inside its cleanup,
a LibreOffice that was still writing when the folder was removed) is removed again
when the process exits, after the child processes are stopped (process.py).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

from infokit import stopping

_made: dict[Path, int] = {}
"""Folder -> the process that made it: a forked worker never removes its parent's."""
_lock = threading.Lock()


def folder(prefix: str, parent: Path | None = None) -> Path:
    """A new private folder (``tempfile.mkdtemp``), recorded for removal at exit."""
    with stopping.uninterrupted():
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        with _lock:
            _made[path] = os.getpid()
    return path


def remove(path: Path) -> None:
    """Remove a folder made by ``folder``; a second pass catches files a dying child
    wrote while the first pass ran."""
    with stopping.uninterrupted():
        for _ in range(3):
            shutil.rmtree(path, ignore_errors=True)
            if not os.path.lexists(path):
                break
        with _lock:
            _made.pop(path, None)


def remove_all() -> None:
    """Every folder this process made and still holds."""
    with _lock:
        mine = [path for path, pid in _made.items() if pid == os.getpid()]
    for path in mine:
        remove(path)


atexit.register(remove_all)
