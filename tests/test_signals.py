"""SIGTERM (what `timeout`, systemd and CI runners send) stops a run as Ctrl-C does.

Real `infokit` processes and a real signal. Other people may run LibreOffice on the
same machine, so every check is scoped to this run: the processes it started (its
process tree, seen while it ran) and its own temporary folder (TMPDIR), where its
private LibreOffice profiles live.

A signal can land at any moment, so the runs below are stopped at a spread of delays
(from Python's start-up to the middle of conversion) as well as once LibreOffice is
known to run: a folder made just before its cleanup was set up stayed behind in about
1 run in 11 before.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
import yaml

from infokit import scratch, stopping
from infokit.errors import ExitCode, Terminated

from .conftest import LOGO
from .test_batch import make_brands

pytestmark = pytest.mark.e2e


FONTS = Path(__file__).resolve().parent / "fonts"


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


def watch_for(proc: subprocess.Popen[bytes], seconds: float) -> list[psutil.Process]:
    """Every process seen in the run's tree during ``seconds`` (fewer if it ends)."""
    me, seen = psutil.Process(proc.pid), {}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            seen.update({p.pid: p for p in me.children(recursive=True)})
        except psutil.Error:
            break
        time.sleep(0.01)
    return list(seen.values())


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


def assert_nothing_left(
    proc: subprocess.Popen[bytes], seen: list[psutil.Process], tmp: Path, out: Path
) -> str:
    """What every stopped run leaves: no process, no temporary folder, no staging."""
    _, err = proc.communicate(timeout=60)
    stderr = err.decode()
    # -SIGTERM: the signal came before infokit set its handler (Python still starting).
    assert proc.returncode in (0, 143, -signal.SIGTERM), stderr
    assert "Traceback" not in stderr
    assert not survivors(seen, tmp)
    assert not list(tmp.iterdir()), [p.name for p in tmp.iterdir()]
    assert not list(out.rglob(".infokit-*")), list(out.rglob("*"))  # staging, work folders
    return stderr


DELAYS = (0.05, 0.3, 0.6, 1.0, 1.5, 2.2, 3.0)


@pytest.mark.parametrize("delay", DELAYS)
def test_sigterm_at_any_moment_of_a_build_leaves_nothing(delay: float, tmp_path: Path, soffice: str) -> None:
    # Korean (a spare LibreOffice for the flat-ODP pass), a logo and brand font files
    # (a private font folder): every kind of temporary folder a build makes.
    for file in FONTS.glob("*.ttf"):
        shutil.copy(file, tmp_path / file.name)
    brand = tmp_path / "brand.yaml"
    data = {
        "organization": "Signal Clinic",
        "industry": "healthcare",
        "language": "ko",
        "colors": {"primary": "#0F6CBD"},
        "fonts": {"heading": {"family": "Open Sans", "file": "OpenSans-Bold.ttf"}},
        "logo": str(LOGO),
        "links": {"booking": "https://signal.example/book"},
    }
    brand.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    proc = start(["build", str(brand), "-o", str(out)], tmp)
    seen = watch_for(proc, delay)
    proc.send_signal(signal.SIGTERM)
    assert_nothing_left(proc, seen, tmp, out)
    # Nothing half-written: a PDF is there only whole, renamed into place before the
    # signal (a build that had finished its outputs and was cleaning up, say).
    for pdf in out.rglob("*.pdf"):
        pdf_bytes = pdf.read_bytes()
        assert pdf_bytes.startswith(b"%PDF-") and b"%%EOF" in pdf_bytes[-1024:], pdf


@pytest.mark.parametrize("delay", DELAYS)
def test_sigterm_at_any_moment_of_a_batch_leaves_nothing(delay: float, tmp_path: Path, soffice: str) -> None:
    folder, tmp, out, report = tmp_path / "brands", tmp_path / "tmp", tmp_path / "out", tmp_path / "r.json"
    make_brands(folder, 6)
    proc = start(["batch", str(folder), "-o", str(out), "-j", "2", "--report", str(report)], tmp)
    seen = watch_for(proc, delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # the whole group, as `timeout` and systemd do
    assert_nothing_left(proc, seen, tmp, out)
    if report.exists():  # the signal came after the batch had started
        data = json.loads(report.read_text())
        assert data["interrupted"] is (proc.returncode == 143)
        for entry in data["organizations"]:
            assert entry["status"] == "built" or entry["error"]["kind"] == "interrupted", entry


def test_a_signal_inside_an_uninterrupted_step_waits_for_its_end() -> None:
    """The step that makes a folder and records it is never cut in two; the signal is
    raised as soon as it ends, and the folder is known to the cleanup by then."""
    before = {s: signal.getsignal(s) for s in stopping.CODES}
    stopping.install()
    try:
        made: list[Path] = []
        with pytest.raises(Terminated) as stopped, stopping.uninterrupted():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # the handler has run by now, and held the signal
            made.append(scratch.folder("infokit-test-"))
        assert stopped.value.exit_code == ExitCode.TERMINATED
        assert len(made) == 1 and made[0].is_dir()
        scratch.remove_all()
        assert not made[0].exists()
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
