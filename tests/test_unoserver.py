"""The unoserver backend against two real unoserver instances on 127.0.0.1."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infokit import batch, convert
from infokit.cli import app
from infokit.errors import ConversionError, InvalidInput
from infokit.results import Status

from .conftest import require_tool
from .test_batch import make_brands

pytestmark = pytest.mark.e2e
SYSTEM_PYTHON = "/usr/bin/python3"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def uno_python() -> str:
    """Debian's Python, which has LibreOffice's `uno` module (python3-uno)."""
    ok = (
        Path(SYSTEM_PYTHON).is_file()
        and subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    )
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail("python3-uno is not installed; under CI=true the unoserver tests must run")
        pytest.skip("python3-uno is not installed")
    return SYSTEM_PYTHON


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[str, Path]]]:
    soffice = require_tool("soffice")
    python = uno_python()
    work = tmp_path_factory.mktemp("unoserver")
    # unoserver is pure Python: put just that package on Debian Python's path.
    spec = importlib.util.find_spec("unoserver")
    assert spec is not None and spec.origin is not None
    (work / "lib").mkdir()
    package = Path(spec.origin).parent
    (work / "lib" / "unoserver").symlink_to(package)
    for meta in package.parent.glob("unoserver-*.dist-info"):  # it reads its own version
        (work / "lib" / meta.name).symlink_to(meta)
    procs: list[subprocess.Popen[bytes]] = []
    found: list[tuple[str, Path]] = []
    for n in range(2):
        port, uno_port = free_port(), free_port()
        log = work / f"server{n}.log"
        # Its --logfile option re-runs sys.argv, which breaks under `python -m`: redirect instead.
        with log.open("wb") as log_file:
            procs.append(
                subprocess.Popen(
                    [
                        python,
                        "-m",
                        "unoserver.server",
                        "--executable",
                        soffice,
                        "--interface",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--uno-interface",
                        "127.0.0.1",
                        "--uno-port",
                        str(uno_port),
                        "--user-installation",
                        str(work / f"profile{n}"),
                    ],
                    env={**os.environ, "PYTHONPATH": str(work / "lib")},
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=log_file,
                )
            )
        found.append((f"127.0.0.1:{port}", log))
    try:
        deadline = time.monotonic() + 90
        for address, _ in found:
            host, port_text = address.split(":")
            while True:
                try:
                    convert.UnoServer(host, int(port_text), timeout=5).check()
                    break
                except ConversionError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)
        yield found
    finally:
        stop_all(procs)


def stop_all(procs: list[subprocess.Popen[bytes]], grace: float = 1.0) -> None:
    """Every server's process group is told to stop at once, then waited for against one
    deadline: they shut down side by side, not one after the other.

    unoserver 3 does not exit on SIGTERM while its soffice runs (measured: it used the
    whole 20 s grace every time, and 5 s as well), so the grace is one second and the group
    is then killed; the profiles are throwaway temp folders."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_a_batch_spreads_over_two_unoserver_instances(
    servers: list[tuple[str, Path]], tmp_path: Path
) -> None:
    folder = tmp_path / "brands"
    make_brands(folder, 8)
    spec = "unoserver://" + ",".join(address for address, _ in servers)
    report = batch.run([folder], tmp_path / "out", converter=spec)
    assert report.count(Status.BUILT) == 8, [o.reason for o in report.outcomes]
    for outcome in report.outcomes:
        assert outcome.outputs["pdf"].read_bytes().startswith(b"%PDF-")
    # Both servers did some of the work.
    for _, log in servers:
        assert "Exporting to" in log.read_text(errors="replace"), log.read_text(errors="replace")[-2000:]


def test_a_dead_server_is_replaced_by_the_next_one(servers: list[tuple[str, Path]], tmp_path: Path) -> None:
    folder = tmp_path / "brands"
    make_brands(folder, 4)
    dead = f"127.0.0.1:{free_port()}"  # nothing listens here
    spec = f"unoserver://{dead},{servers[0][0]}"
    report = batch.run([folder], tmp_path / "out", converter=spec, timeout=10)
    assert report.count(Status.BUILT) == 4, [o.reason for o in report.outcomes]


def test_build_uses_the_same_converter(servers: list[tuple[str, Path]], tmp_path: Path) -> None:
    brand = make_brands(tmp_path / "b", 1)[0]
    result = CliRunner().invoke(
        app, ["build", str(brand), "-o", str(tmp_path / "out"), "--converter", f"unoserver://{servers[1][0]}"]
    )
    assert result.exit_code == 0, result.stderr
    assert next((tmp_path / "out").rglob("*.pdf")).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    "spec", ["ftp://x:1", "unoserver://nohost", "unoserver://h:99999", "unoserver://:80"]
)
def test_bad_converter_specs_are_invalid_input(spec: str) -> None:
    with pytest.raises(InvalidInput):
        convert.converter_factory(spec)


def test_nothing_listening_is_a_conversion_error(tmp_path: Path) -> None:
    deck = tmp_path / "x.pptx"
    deck.write_bytes(b"PK")
    with pytest.raises(ConversionError, match="failed"):
        convert.UnoServer("127.0.0.1", free_port(), timeout=5).convert([deck], tmp_path)
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_korean_on_unoserver_is_tight_and_tagged(servers: list[tuple[str, Path]], tmp_path: Path) -> None:
    """The flat-ODP route and /Lang work on a farm too: two requests per Korean deck."""
    from .test_conversion import gaps, lang, raw_text, tight_marks, write

    brand = write(tmp_path / "b", "ko")
    result = CliRunner().invoke(
        app, ["build", str(brand), "-o", str(tmp_path / "out"), "--converter", f"unoserver://{servers[0][0]}"]
    )
    assert result.exit_code == 0, result.stderr
    pdf = next((tmp_path / "out").rglob("*.pdf"))
    text = raw_text(pdf)
    assert not gaps(text) and tight_marks(text) == set(".,!?)")
    assert lang(pdf) == "ko-KR"
