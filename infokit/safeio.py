"""The one way infokit reads an input file: regular files only, never more than a limit.

Brand files, CSV files, logos, font files and templates all come through here, so a
path that names a device (``/dev/zero``), a FIFO or a socket, directly or through a
symlink, is refused before a byte is read, and no input can grow memory past its cap.
The file is opened without blocking (a FIFO would otherwise wait for a writer) and
judged by ``fstat`` on the open descriptor, so what is checked is what is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotReadable(Exception):
    """Why a file cannot be read, in words that follow its path: "is a directory"."""


def read_bytes(path: Path, limit: int, what: str = "file") -> bytes:
    """The whole of ``path``, which must be a regular file of at most ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise NotReadable("does not exist") from None
    except IsADirectoryError:
        raise NotReadable(f"is a directory, not a {what}") from None
    except OSError as exc:  # a socket gives ENXIO: say what the path is
        raise NotReadable(regular_file_problem(path) or f"cannot be read: {exc.strerror}") from None
    info = os.fstat(fd)  # before fdopen, which refuses a directory with an OSError of its own
    kind = _kind(info.st_mode)
    if kind is not None:
        os.close(fd)
        if kind == "a directory":
            raise NotReadable(f"is a directory, not a {what}")
        raise NotReadable(f"is {kind}, not a regular file; give a {what}")
    with os.fdopen(fd, "rb") as file:
        if info.st_size > limit:
            raise NotReadable(f"is {info.st_size:,} bytes; a {what} is at most {limit:,}")
        try:
            data = file.read(limit + 1)  # the size can change between fstat and read
        except OSError as exc:
            raise NotReadable(f"cannot be read: {exc.strerror}") from None
    if len(data) > limit:
        raise NotReadable(f"is more than {limit:,} bytes; a {what} is at most {limit:,}")
    return data


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` is not an existing regular file (following symlinks), or None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "does not exist"
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    kind = _kind(mode)
    return None if kind is None else f"is {kind}, not a regular file"


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"
