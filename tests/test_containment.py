"""Containment (issue 13): one organization's failure, whatever raises it, never stops a
batch; `build` reports a library's failure as invalid input and our own bugs as bugs."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
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
