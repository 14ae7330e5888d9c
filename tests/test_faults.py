"""Faults around the outputs, and the brand loader fuzzed with any YAML."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from infokit import brand
from infokit.cli import app
from infokit.errors import InfokitError


def test_a_file_where_the_output_folder_should_be(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "test-clinic").write_text("a file, not a folder")
    result = CliRunner().invoke(app, ["build", str(write_brand()), "-o", str(out), "-f", "pptx"])
    assert result.exit_code == 1 and "is a file; the output folder must be a directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "test-clinic").read_text() == "a file, not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere; see the read-only mount note")
def test_an_output_folder_that_is_not_writable(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    result = CliRunner().invoke(app, ["build", str(write_brand()), "-o", str(out), "-f", "pptx"])
    assert result.exit_code == 1 and "cannot be created" in result.stderr


def test_an_output_path_under_a_file(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    """What root meets too: the output folder cannot be made at all."""
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    result = CliRunner().invoke(app, ["build", str(write_brand()), "-o", str(blocker / "out"), "-f", "pptx"])
    assert result.exit_code == 1 and "cannot be created" in result.stderr and "Traceback" not in result.stderr


def test_two_processes_building_one_brand_at_once(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    path = write_brand()
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "infokit", "build", str(path), "-o", str(out), "-f", "pptx"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [r[1] for r in results]
    files = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert files == [".infokit.json", ".infokit.lock", "test-clinic-healthcare.pptx"]
    import zipfile

    with zipfile.ZipFile(out / "test-clinic" / "test-clinic-healthcare.pptx") as z:
        assert z.testzip() is None


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from([*brand.TOP_KEYS, "colour", "x"]), yaml_values, max_size=8))
def test_any_yaml_nesting_loads_or_gives_brand_errors(tmp_path: Path, data: dict[str, object]) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        brand.load(path)
    except InfokitError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
