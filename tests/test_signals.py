"""SIGTERM (what `timeout`, systemd and CI runners send) stops a run as Ctrl-C does.

Real `infokit` processes and a real signal. Other people may run LibreOffice on the
same machine, so every check is scoped to this run: the processes it started (its
process tree, seen while it ran) and its own temporary folder (TMPDIR), where its
private LibreOffice profiles live.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from infokit.errors import ExitCode

from .test_batch import make_brands

pytestmark = pytest.mark.e2e


def start(args: list[str], tmp: Path) -> subprocess.Popen[bytes]:
    tmp.mkdir()
    return subprocess.Popen(
        [sys.executable, "-m", "infokit", *args],
        env={**os.environ, "TMPDIR": str(tmp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_for_libreoffice(proc: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """The run's process tree once a soffice.bin of its own is running."""
    me = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        tree = me.children(recursive=True)
        if any(_name(p) == "soffice.bin" for p in tree):
            time.sleep(0.5)  # well into its start-up or conversion
            return [*tree, *me.children(recursive=True)]
        assert proc.poll() is None, proc.communicate()[1].decode()
        time.sleep(0.02)
    raise AssertionError("LibreOffice never started")


def _name(proc: psutil.Process) -> str:
    try:
        return str(proc.name())
    except psutil.Error:
        return ""


def survivors(seen: list[psutil.Process], tmp: Path) -> list[str]:
    """Processes of this run still alive: seen in its tree, or naming its TMPDIR."""
    alive = [f"{p.pid} {_name(p)}" for p in seen if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    for p in psutil.process_iter(["cmdline"]):
        if str(tmp) in " ".join(p.info["cmdline"] or []):
            alive.append(f"{p.pid} {' '.join(p.info['cmdline'])}")
    return alive


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, ExitCode.TERMINATED), (signal.SIGINT, ExitCode.INTERRUPTED)]
)
def test_a_signal_stops_a_build_and_its_libreoffice(
    signum: int, code: ExitCode, write_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    # Korean: two LibreOffice instances (the spare for the flat-ODP pass) to stop.
    brand, tmp, out = write_brand(language="ko", with_logo=True), tmp_path / "tmp", tmp_path / "out"
    proc = start(["build", str(brand), "-o", str(out)], tmp)
    seen = wait_for_libreoffice(proc)
    proc.send_signal(signum)  # to the command only, as `timeout` does first
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == int(code) == {int(signal.SIGTERM): 143, int(signal.SIGINT): 130}[signum], (
        stderr.decode()
    )
    assert "Traceback" not in stderr.decode()
    assert not survivors(seen, tmp)
    assert not list(tmp.iterdir())  # private profiles and font folders removed
    assert not list(out.rglob(".infokit-tmp-*"))  # no staging left
    assert not list(out.rglob("*.pdf"))  # nothing half-written


def test_sigterm_stops_a_batch_writes_the_report_and_exits_143(tmp_path: Path, soffice: str) -> None:
    folder, tmp, out, report = tmp_path / "brands", tmp_path / "tmp", tmp_path / "out", tmp_path / "r.json"
    make_brands(folder, 12)
    proc = start(["batch", str(folder), "-o", str(out), "-j", "2", "--report", str(report)], tmp)
    seen = wait_for_libreoffice(proc)
    os.killpg(proc.pid, signal.SIGTERM)  # the whole group, as `timeout` and systemd do
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr.decode()
    assert "Traceback" not in stderr.decode()
    assert not survivors(seen, tmp)
    assert not list(tmp.iterdir())
    assert not list(out.glob(".infokit-batch-*"))
    data = json.loads(report.read_text())
    assert data["interrupted"] is True and len(data["organizations"]) == 12
    for entry in data["organizations"]:
        assert entry["status"] in ("built", "failed")
        if entry["status"] == "built":
            assert Path(entry["outputs"]["pdf"]).is_file()
        else:  # the pages it did not reach say so, as a typed error
            assert entry["error"]["kind"] == "interrupted", entry["error"]
