"""soffice and pdftoppm as child processes: each in a process group of its own, and the
whole group killed on a timeout, Ctrl-C or SIGTERM (the launcher may have exited while
soffice.bin, its child, still runs in the group).

Every group started here is recorded in the same uninterrupted step that starts it
(stopping.py) and killed at exit if its owner could not: a signal can land between
starting soffice and handing it to the converter that would close it.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from infokit import scratch, stopping
from infokit.errors import ConversionError, Problem

_live: dict[subprocess.Popen[bytes], int] = {}
"""Group leader -> the process that started it: a forked worker kills none of them."""
_lock = threading.Lock()

INSTALL_HINT = (
    "Install LibreOffice: on Debian/Ubuntu `sudo apt-get install libreoffice-impress`, "
    "on macOS `brew install --cask libreoffice`, on Windows from libreoffice.org; "
    "or point INFOKIT_SOFFICE at the soffice program."
)


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "SAL_USE_VCLPLUGIN": "svp", **(extra or {})}


def run_group(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> None:
    """Run soffice (or pdftoppm) in its own process group; kill the whole group on timeout."""
    wait_group(start_group(cmd, env), timeout)


def start_group(cmd: list[str], env: dict[str, str] | None, quiet: bool = False) -> subprocess.Popen[bytes]:
    """``quiet``: output to /dev/null (a long-lived soffice nobody reads), else piped."""
    output = subprocess.DEVNULL if quiet else subprocess.PIPE
    try:
        with stopping.uninterrupted():
            proc = subprocess.Popen(
                cmd,
                stdout=output,
                stderr=output,
                stdin=subprocess.DEVNULL,
                env=environment(env),
                start_new_session=sys.platform != "win32",
            )
            with _lock:
                _live[proc] = os.getpid()
    except OSError as exc:
        raise ConversionError(
            Problem(Path(cmd[0]), None, f"cannot start LibreOffice: {exc.strerror}. " + INSTALL_HINT)
        ) from None
    return proc


def wait_group(proc: subprocess.Popen[bytes], timeout: float) -> None:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise ConversionError(
            Problem(
                None,
                None,
                f"LibreOffice did not finish within {timeout:g} s "
                "and was stopped; raise --timeout if the machine is slow",
            )
        ) from None
    except BaseException:  # Ctrl-C or SIGTERM: leave no soffice behind
        kill_group(proc)
        raise
    with _lock:
        _live.pop(proc, None)
    if proc.returncode != 0:
        detail = err.decode(errors="replace").strip().splitlines()
        last = detail[-1] if detail else f"exit status {proc.returncode}"
        raise ConversionError(Problem(None, None, f"LibreOffice failed: {last}"))


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform == "win32":
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
    with _lock:
        _live.pop(proc, None)
    # Close our ends of the pipes: a grandchild that escaped the group could keep them
    # open forever, so we do not read them to the end.
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


def _kill_all() -> None:
    """At exit: every group this process started and still holds, then the folders
    they could have written into."""
    with _lock:
        left = [proc for proc, pid in _live.items() if pid == os.getpid()]
    for proc in left:
        kill_group(proc)
    scratch.remove_all()


atexit.register(_kill_all)
