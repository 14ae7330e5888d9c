"""Containment (issue 13): one organization's failure, whatever raises it, never stops a
batch; `build` reports a library's failure as invalid input and our own bugs as bugs."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from infokit import batch, build, contain, slots
from infokit.cli import app
from infokit.results import Status

from .test_batch import make_brands

EXPLODING = "https://clinic-2.example/book"


def _explode_for_one(real: Any) -> Any:
    def place_qr(slide: Any, box: Any, url: str, *args: Any, **kwargs: Any) -> None:
        if url == EXPLODING:
            # What an unexpected library failure looks like from inside the render.
            raise OverflowError("Python int too large to convert to C long")
        real(slide, box, url, *args, **kwargs)

    return place_qr


@pytest.fixture
def forked_pool() -> None:
    """The render pool must inherit the patched function (fork start method)."""
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patch reaches pool workers only when they are forked")


def test_an_exception_inside_one_render_fails_only_that_organization(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked_pool: None
) -> None:
    make_brands(tmp_path / "brands", 5, formats_logo=False)
    monkeypatch.setattr(slots, "place_qr", _explode_for_one(slots.place_qr))
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(
        app,
        ["batch", str(tmp_path / "brands"), "-o", str(tmp_path / "out"), "-f", "pptx", "--jobs", "2",
         "--report", str(report_path)],
    )
    assert result.exit_code == 4, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(report_path.read_text("utf-8"))
    by_name = {o["organization"]: o for o in report["organizations"]}
    assert report["summary"] == {"built": 4, "up-to-date": 0, "failed": 1}
    failed = by_name["Clinic 002"]
    assert failed["status"] == "failed"
    problem = failed["error"]["problems"][0]
    assert "OverflowError: Python int too large" in problem["message"]
    assert problem["file"].endswith("brand-002.yaml")
    for name, outcome in by_name.items():
        if name != "Clinic 002":
            assert Path(outcome["outputs"]["pptx"]).read_bytes().startswith(b"PK")


def test_a_render_worker_that_dies_fails_only_its_organization(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked_pool: None
) -> None:
    """A C library that aborts takes its process with it: the organizations that were in
    flight are rendered again one at a time, and only the one that kills its worker fails."""
    make_brands(tmp_path / "brands", 4, formats_logo=False)
    real = slots.place_qr

    def place_qr(slide: Any, box: Any, url: str, *args: Any, **kwargs: Any) -> None:
        if url == EXPLODING:
            os.kill(os.getpid(), signal.SIGKILL)
        real(slide, box, url, *args, **kwargs)

    monkeypatch.setattr(slots, "place_qr", place_qr)
    report = batch.run([tmp_path / "brands"], tmp_path / "out", formats=("pptx",), jobs=2)
    statuses = {o.organization: o.status for o in report.outcomes}
    assert statuses == {
        "Clinic 000": "built",
        "Clinic 001": "built",
        "Clinic 002": "failed",
        "Clinic 003": "built",
    }
    failed = next(o for o in report.outcomes if o.status is Status.FAILED)
    assert failed.error is not None and "renderer process crashed" in failed.reason


def test_build_reports_a_library_failure_as_invalid_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        yaml.safe_dump(
            {
                "organization": "Clinic 002",
                "industry": "healthcare",
                "colors": {"primary": "#0F6CBD"},
                "links": {"booking": EXPLODING},
            }
        ),
        encoding="utf-8",
    )
    import segno

    real_make = segno.make

    def too_much_data(url: str, **kwargs: Any) -> Any:
        return real_make(url * 100, **kwargs)  # segno itself raises DataOverflowError

    monkeypatch.setattr(segno, "make", too_much_data)
    result = CliRunner().invoke(app, ["build", str(brand), "-o", str(tmp_path / "out"), "-f", "pptx"])
    assert result.exit_code == 2, result.stderr
    assert str(brand) in result.stderr
    assert "a library failed on it" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pptx"))


def test_build_shows_our_own_bugs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception raised by infokit's own code is not dressed up as the input's fault."""
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        "organization: Bug Clinic\nindustry: retail\ncolors: {primary: '#000000'}\n"
        "links: {booking: 'https://b.example/b'}\n",
        encoding="utf-8",
    )

    def buggy(*args: Any, **kwargs: Any) -> Any:
        return dict[str, int]()["missing"]  # a KeyError raised in a test module standing in for ours

    monkeypatch.setattr(build, "font_warnings", buggy)
    monkeypatch.setattr(contain, "_OWN_PACKAGE", "tests")  # this test module stands in for infokit
    with pytest.raises(KeyError):
        build.build(brand, tmp_path / "out", ("pptx",))


def test_raised_in_library_looks_at_the_innermost_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contain, "_OWN_PACKAGE", "tests")  # this test module stands in for infokit
    try:
        json.loads("{")
    except ValueError as exc:
        assert contain.raised_in_library(exc)  # raised inside json's decoder
    try:
        dict[str, int]()["x"]
    except KeyError as exc:
        assert not contain.raised_in_library(exc)  # raised in "our" frame


# -- the machine's fault: a full disk, a quota, a read-only or failing device -------------

BRAND = Path(__file__).resolve().parent.parent / "brands" / "contoso-health.yaml"


def _build_with_file_size_limit(out: Path, limit: int, *formats: str) -> subprocess.CompletedProcess[str]:
    """infokit build in a child whose files cannot grow past ``limit`` bytes: every write
    past it fails with EFBIG, as writes on a full disk fail with ENOSPC."""

    def limit_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error from write(), not a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    fmt = [arg for f in formats for arg in ("-f", f)]
    return subprocess.run(
        [sys.executable, "-m", "infokit", "build", str(BRAND), "-o", str(out), *fmt],
        capture_output=True,
        text=True,
        preexec_fn=limit_files,
        check=False,
    )


def test_a_write_the_machine_refuses_is_one_plain_error_and_keeps_earlier_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = subprocess.run(
        [sys.executable, "-m", "infokit", "build", str(BRAND), "-o", str(out), "-f", "pptx", "-f", "md"],
        capture_output=True,
        check=True,
    )
    assert first.returncode == 0
    earlier = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert any(p.suffix == ".pptx" for p in earlier)
    done = _build_with_file_size_limit(out, 4_000, "pptx", "md", "html")  # a deck is ~100 kB
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
    assert line == f"error: {out}: cannot be written: a file would be larger than the file system allows"
    assert {p: p.read_bytes() for p in earlier} == earlier
    assert not [p for p in out.rglob(".infokit-tmp-*")]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "no space is left on the device"),
        (errno.EDQUOT, "the disk quota is used up"),
        (errno.EROFS, "the file system is read-only"),
        (errno.EIO, "input/output error"),
    ],
)
def test_machine_errors_name_the_folder_the_user_chose(tmp_path: Path, code: int, words: str) -> None:
    staged = tmp_path / "out" / "contoso" / ".infokit-tmp-x1y2" / "contoso.pptx"
    error = contain.machine_error(OSError(code, os.strerror(code), str(staged)))
    assert error is not None and error.exit_code == 1 and error.kind == "output"
    (problem,) = error.problems
    assert problem.file == tmp_path / "out" / "contoso" and words in problem.message
    unnamed = contain.machine_error(OSError(code, os.strerror(code)), tmp_path / "out")
    assert unnamed is not None and unnamed.problems[0].file == tmp_path / "out"
    assert contain.machine_error(OSError(errno.ENOENT, "gone", str(staged))) is None
    assert isinstance(contain.as_batch_error(OSError(code, "x"), tmp_path / "b.yaml"), type(error))


def test_a_copy_that_fills_the_disk_is_the_machines_fault(tmp_path: Path) -> None:
    """shutil.copytree (a LibreOffice profile into TMPDIR) reports a list of failures, not
    an OSError with an errno: still an output error naming the folder, never a library's."""
    import shutil

    target = tmp_path / "tmp" / "infokit-lo-x" / "p" / "user" / "buildid"
    failure = shutil.Error([("/seed/user/buildid", str(target), "[Errno 28] No space left on device")])
    error = contain.as_batch_error(failure, tmp_path / "b.yaml")
    assert error.kind == "output" and error.exit_code == 1
    assert error.problems[0].file == tmp_path / "tmp" and "no space is left" in error.problems[0].message
    other = shutil.Error([("/a", "/b", "[Errno 2] No such file or directory")])
    assert contain.as_batch_error(other, tmp_path / "b.yaml").kind != "output"
