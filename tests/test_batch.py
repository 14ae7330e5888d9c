"""infokit batch: every organization accounted for, one bad source never stops the rest."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml
from typer.testing import CliRunner

from infokit import batch, results, sources
from infokit.cli import app
from infokit.results import Status

from .conftest import ROOT, live_soffice

LOGOS = ROOT / "brands" / "logos"


def make_brands(folder: Path, count: int, *, formats_logo: bool = True) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(LOGOS, folder / "logos", dirs_exist_ok=True)
    paths = []
    for i in range(count):
        data = {
            "organization": f"Clinic {i:03d}",
            "industry": ("healthcare", "financial", "retail", "generic")[i % 4],
            "colors": {"primary": f"#{(i * 2654435761) % 0xFFFFFF:06X}", "text": "#111111"},
            "links": {"booking": f"https://clinic-{i}.example/book"},
        }
        if formats_logo:
            data["logo"] = "logos/contoso-health.svg"
        path = folder / f"brand-{i:03d}.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        paths.append(path)
    return paths


def test_thirty_with_three_broken_builds_twenty_seven(
    tmp_path: Path, soffice: str, private_tmp: Path
) -> None:
    folder = tmp_path / "brands"
    paths = make_brands(folder, 27)
    (folder / "zz-bad-yaml.yaml").write_text("organization: [unclosed\n")
    (folder / "zz-bad-colour.yaml").write_text(
        paths[0].read_text().replace("#", "#GG", 1).replace("Clinic 000", "Bad Colour Clinic")
    )
    (folder / "zz-missing-logo.yaml").write_text(
        paths[1]
        .read_text()
        .replace("logos/contoso-health.svg", "logos/nowhere.png")
        .replace("Clinic 001", "No Logo")
    )
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(
        app, ["batch", str(folder), "-o", str(tmp_path / "out"), "-j", "2", "--report", str(report_path)]
    )
    assert result.exit_code == 4, result.stderr
    report = json.loads(report_path.read_text())
    assert report["summary"] == {"built": 27, "up-to-date": 0, "failed": 3}
    failed = {
        Path(o["source"]["file"]).name: o["error"]["problems"][0]["message"]
        for o in report["organizations"]
        if o["status"] == "failed"
    }
    assert "not valid YAML" in failed["zz-bad-yaml.yaml"]
    assert "is not a colour" in failed["zz-bad-colour.yaml"]
    assert "does not exist" in failed["zz-missing-logo.yaml"]
    for entry in report["organizations"]:
        if entry["status"] == "built":
            assert Path(entry["outputs"]["pdf"]).read_bytes().startswith(b"%PDF-")
    assert "failures" in result.stderr and "zz-bad-colour.yaml" in result.stderr
    assert not list((tmp_path / "out").glob(".infokit-batch-*"))
    assert live_soffice(private_tmp) == []


def test_an_unchanged_rerun_skips_everything_and_a_change_rebuilds_one(tmp_path: Path, soffice: str) -> None:
    folder = tmp_path / "brands"
    paths = make_brands(folder, 6)
    first = batch.run([folder], tmp_path / "out", jobs=2)
    assert first.count(Status.BUILT) == 6
    stamps = {o.outputs["pdf"]: o.outputs["pdf"].stat().st_mtime_ns for o in first.outcomes}
    second = batch.run([folder], tmp_path / "out", jobs=2)
    assert second.count(Status.UP_TO_DATE) == 6
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    paths[2].write_text(paths[2].read_text().replace("https://clinic-2", "https://clinic-two"))
    third = batch.run([folder], tmp_path / "out", jobs=2)
    assert [o.status for o in third.outcomes].count(Status.BUILT) == 1
    forced = batch.run([folder], tmp_path / "out", jobs=2, formats=("pptx",), force=True)
    assert forced.count(Status.BUILT) == 6


def test_a_killed_libreoffice_worker_still_gives_every_pdf(
    tmp_path: Path, soffice: str, private_tmp: Path
) -> None:
    folder = tmp_path / "brands"
    make_brands(folder, 16)
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_one_mid_conversion() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            if any(out.glob(".infokit-batch-*/*.pdf")) and (pids := live_soffice(private_tmp)):
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])
            time.sleep(0.02)

    killer = threading.Thread(target=kill_one_mid_conversion)
    killer.start()
    report = batch.run([folder], out, jobs=2)
    killer.join()
    assert killed, "the test never caught a worker mid-conversion"
    assert report.count(Status.BUILT) == 16, [o.reason for o in report.outcomes]
    assert all(o.outputs["pdf"].read_bytes().startswith(b"%PDF-") for o in report.outcomes)
    assert live_soffice(private_tmp) == []


def test_csv_rows_over_a_base_file(tmp_path: Path) -> None:
    shutil.copytree(LOGOS, tmp_path / "shared" / "logos")
    base = tmp_path / "shared" / "defaults.yaml"
    base.write_text(
        yaml.safe_dump(
            {
                "industry": "healthcare",
                "colors": {"primary": "#0F6CBD", "secondary": "#0B3A66"},
                "logo": "logos/contoso-health.svg",
                "links": {"help": "https://help.example/virtual"},
            }
        )
    )
    csv_path = tmp_path / "orgs.csv"
    csv_path.write_text(
        "organization,industry,colors.primary,links.booking,notes\n"
        "Alpha Clinic,,#2E7D32,https://alpha.example/book,Bring your card|Join early\n"
        "Beta Bank,financial,,https://beta.example/book,\n"
        "Gamma Store,retail,blue,https://gamma.example/book,\n",
        encoding="utf-8",
    )
    entries = sources.collect([csv_path], base)
    alpha = entries[0].document
    assert alpha is not None and alpha.row == 1
    assert alpha.data["colors"] == {"primary": "#2E7D32", "secondary": "#0B3A66"}
    assert alpha.data["notes"] == ["Bring your card", "Join early"]
    assert alpha.file_of(("logo",)) == base  # relative to the base file, not the CSV
    report = batch.run([csv_path], tmp_path / "out", base=base, formats=("pptx",))
    statuses = [(o.organization, o.status) for o in report.outcomes]
    assert statuses == [("Alpha Clinic", "built"), ("Beta Bank", "built"), ("Gamma Store", "failed")]
    gamma = report.outcomes[2].error
    assert gamma is not None
    problem = gamma.problems[0]
    assert (problem.file, problem.row, problem.line, problem.key) == (csv_path, 3, 4, "colors.primary")
    assert "orgs.csv:4 (row 3): colors.primary:" in str(problem)


def test_same_organization_twice_and_names_sharing_a_slug(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    make_brands(folder, 1, formats_logo=False)
    text = (folder / "brand-000.yaml").read_text()
    (folder / "brand-001.yaml").write_text(text)  # the very same organization again
    (folder / "brand-002.yaml").write_text(text.replace("Clinic 000", "CLINIC-000"))  # same slug
    report = batch.run([folder], tmp_path / "out", formats=("pptx",))
    assert [o.status for o in report.outcomes] == [Status.BUILT, Status.FAILED, Status.BUILT]
    assert "appears twice" in report.outcomes[1].reason
    assert report.outcomes[1].as_dict()["error"]["kind"] == "brand"  # a typed error, exit 2 alone
    assert report.as_dict()["summary"] == {"built": 2, "up-to-date": 0, "failed": 1}
    assert report.outcomes[0].outputs["pptx"].parent != report.outcomes[2].outputs["pptx"].parent


def test_report_schema(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    make_brands(folder, 2, formats_logo=False)
    (folder / "broken.yaml").write_text("organization: X\n")
    report = batch.run([folder], tmp_path / "out", formats=("pptx",))
    data = report.as_dict()
    assert set(data) == {"infokit", "seconds", "interrupted", "summary", "organizations"}
    assert set(data["summary"]) == {"built", "up-to-date", "failed"}
    for entry in data["organizations"]:
        assert set(entry) == set(results.RESULT_SCHEMA["required"])
        assert set(entry["source"]) == {"file", "row"}
        assert entry["status"] in ("built", "up-to-date", "failed")
        assert (entry["error"] is None) == (entry["status"] != "failed")
        if entry["error"]:
            assert set(entry["error"]) == {"kind", "exit_code", "problems"}
            assert {"file", "line", "row", "key", "message"} <= set(entry["error"]["problems"][0])
    json.dumps(data)  # serialisable as it is


def test_ctrl_c_stops_cleanly_and_writes_the_report(tmp_path: Path, soffice: str, private_tmp: Path) -> None:
    folder = tmp_path / "brands"
    make_brands(folder, 40)
    report_path = tmp_path / "report.json"
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "infokit",
            "batch",
            str(folder),
            "-o",
            str(out),
            "-j",
            "2",
            "--report",
            str(report_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not live_soffice(private_tmp):
        time.sleep(0.05)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    report = json.loads(report_path.read_text())
    assert report["interrupted"] is True
    assert len(report["organizations"]) == 40
    for entry in report["organizations"]:
        if entry["status"] == "built":
            assert Path(entry["outputs"]["pdf"]).is_file()
    assert not list(out.glob(".infokit-batch-*"))
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]
    time.sleep(0.3)
    assert live_soffice(private_tmp) == []
