"""infokit build (PPTX + PDF) against a bare `soffice --convert-to pdf` of the same PPTX.

    python bench/build.py [--runs 7] [--brand brands/contoso-health.yaml]

Both are timed in this one process, alternating run by run so that machine load
drifts affect both alike; the baseline uses soffice's own default profile, warmed
up first. Prints the medians and the ratio (goal: at most 1.2), and the time
infokit spends before LibreOffice starts (goal: under about 150 ms).

infokit runs from bytecode, as after `pip install` (which compiles it): with
PYTHONDONTWRITEBYTECODE set, every run would compile ~10,000 lines first. The CPU
seconds of the PPTX-only build (infokit and its children) are printed too: on a busy
machine they move much less than wall time.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INFOKIT = [sys.executable, "-m", "infokit"]


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], cwd: Path, cpu: list[float] | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--brand", type=Path, default=ROOT / "brands" / "contoso-health.yaml")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or sys.exit("soffice not found")
    compileall.compile_dir(ROOT / "infokit", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="infokit-bench-"))
    try:
        brand = args.brand.resolve()
        subprocess.run(
            [*INFOKIT, "build", str(brand), "-o", str(work / "seed"), "-f", "pptx"],
            check=True,
            stdout=subprocess.PIPE,
        )
        pptx = next((work / "seed").rglob("*.pptx"))
        bare = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(work / "bare"), str(pptx)]
        full = [*INFOKIT, "build", str(brand), "-o", str(work / "full"), "-f", "pptx", "-f", "pdf"]
        python_only = [*INFOKIT, "build", str(brand), "-o", str(work / "py"), "-f", "pptx"]
        for cmd in (bare, full, python_only):  # warm-up: profiles, caches, page cache
            timed(cmd, work)
        results: dict[str, list[float]] = {"bare": [], "full": [], "python": [], "cpu": []}
        for _ in range(args.runs):
            results["bare"].append(timed(bare, work))
            results["full"].append(timed(full, work))
            results["python"].append(timed(python_only, work, results["cpu"]))
        median = {k: statistics.median(v) for k, v in results.items()}
        print(f"runs: {args.runs}, brand: {brand.name}")
        print(f"bare soffice --convert-to pdf : {median['bare']:.3f} s (median)")
        print(f"infokit build, pptx + pdf     : {median['full']:.3f} s (median)")
        print(f"infokit build, pptx only      : {median['python']:.3f} s (median: start-up, render, save)")
        print(f"  the same in CPU seconds     : {median['cpu']:.3f} s (median)")
        print(f"ratio infokit / bare soffice  : {median['full'] / median['bare']:.2f} (goal <= 1.20)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
