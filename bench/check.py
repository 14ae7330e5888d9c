"""`infokit check --json` on CSV files of valid rows: rows a second, the time to the first
result line, and peak resident memory.

    python bench/check.py [--rows 200 2000] [--jobs 1 2] [--tree PATH]

``--tree`` runs the infokit package found in another checkout (its folder holding
``infokit/``), e.g. an export of the branch point, to compare before and after with the
same interpreter and libraries. The rows are those of bench/batch.py: four industries and
logos, a colour each, a few notes.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
LOGOS = ["contoso-health.svg", "woodgrove-bank.svg", "northwind-outfitters.png", "fabrikam.svg"]
INDUSTRIES = ("healthcare", "financial", "retail", "generic")


def make_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            ["organization", "industry", "colors.primary", "colors.text", "logo", "links.booking", "notes"]
        )
        for i in range(rows):
            out.writerow(
                [
                    f"Benchmark Organization {i:06d}",
                    INDUSTRIES[i % 4],
                    f"#{(i * 2654435761) % 0xFFFFFF:06X}",
                    "#111111",
                    f"logos/{LOGOS[i % 4]}",
                    f"https://org-{i}.example/book",
                    "|".join(f"Note {n} for organization {i}." for n in range(i % 4)),
                ]
            )


class Peak:
    """The largest resident size of the process, of any one child, and of all together."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.main = self.child = self.total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                main = self.process.memory_info().rss
                children = [c.memory_info().rss for c in self.process.children(recursive=True)]
            except psutil.Error:
                children, main = [], 0
            self.main = max(self.main, main)
            self.child = max([self.child, *children])
            self.total = max(self.total, main + sum(children))
            time.sleep(0.05)


def run_check(csv_path: Path, jobs: int, tree: Path | None) -> tuple[float, float, int, Peak]:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    command = [sys.executable, "-m", "infokit", "check", "--json", str(csv_path)]
    if tree is None:  # an older checkout may not know -j: it checks in one process
        command += ["-j", str(jobs)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=csv_path.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    peak = Peak(proc.pid)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    to_first = time.perf_counter() - started
    lines = 1 + sum(1 for _ in proc.stdout) if first else 0
    proc.wait()
    seconds = time.perf_counter() - started
    peak.stop()
    return seconds, to_first, lines, peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--tree", type=Path, help="a checkout whose infokit/ to run instead of this one")
    args = parser.parse_args()
    if args.tree is not None:
        args.jobs = [1]
    work = Path(tempfile.mkdtemp(prefix="infokit-bench-check-"))
    try:
        shutil.copytree(ROOT / "brands" / "logos", work / "logos")
        print(f"infokit from {args.tree or ROOT}")
        print(
            f"{'rows':>7} {'jobs':>4} {'seconds':>8} {'rows/s':>7} {'first line':>10} "
            f"{'main MB':>8} {'worker MB':>9} {'all MB':>7}"
        )
        for rows in args.rows:
            csv_path = work / f"rows{rows}.csv"
            make_csv(csv_path, rows)
            for jobs in args.jobs:
                seconds, first, lines, peak = run_check(csv_path, jobs, args.tree)
                assert lines == rows, f"{lines} result lines for {rows} rows"
                print(
                    f"{rows:>7} {jobs:>4} {seconds:>8.1f} {rows / seconds:>7.1f} {first:>9.2f}s "
                    f"{peak.main / 2**20:>8.0f} {peak.child / 2**20:>9.0f} {peak.total / 2**20:>7.0f}",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
