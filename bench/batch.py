"""infokit batch against what LibreOffice alone can do, in one run on this machine.

    python bench/batch.py [--orgs 100] [--jobs 2] [--single 20]

1. two soffice processes, each with its own profile, converting the same PPTX files
   (half each, in parallel): the fastest LibreOffice allows here;
2. one `soffice --convert-to` per file (timed on --single files and scaled to all);
3. `infokit batch` from brand files to PPTX + PDF, with --jobs workers.

Prints the ratios (goals: batch / two-process <= 1.15, one-per-file / batch >= 8) and
the peak memory of every process infokit ran (goal: none above 500 MB).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
INFOKIT = [sys.executable, "-m", "infokit"]


def make_brands(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "brands" / "logos", folder / "logos")
    logos = ["contoso-health.svg", "woodgrove-bank.svg", "northwind-outfitters.png", "fabrikam.svg"]
    for i in range(count):
        data = {
            "organization": f"Benchmark Organization {i:04d}",
            "industry": ("healthcare", "financial", "retail", "generic")[i % 4],
            "colors": {"primary": f"#{(i * 2654435761) % 0xFFFFFF:06X}", "text": "#111111"},
            "fonts": {"heading": "Noto Sans", "body": "Noto Sans"},
            "logo": f"logos/{logos[i % 4]}",
            "links": {"booking": f"https://org-{i}.example/book", "home": f"https://org-{i}.example"},
            "notes": [f"Note {n} for organization {i}." for n in range(i % 4)],
        }
        (folder / f"org-{i:04d}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


class PeakMemory:
    """Samples the resident memory of every descendant process while it runs."""

    def __init__(self) -> None:
        self.peak: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for proc in me.children(recursive=True):
                try:
                    name = proc.name()
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[name] = max(self.peak.get(name, 0), rss)
            time.sleep(0.05)


def soffice_convert(soffice: str, profile: Path, files: list[Path], out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--single", type=int, default=20, help="files timed one soffice call each")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or sys.exit("soffice not found")
    work = Path(tempfile.mkdtemp(prefix="infokit-bench-batch-"))
    try:
        brands = work / "brands"
        make_brands(brands, args.orgs)
        # The same PPTX files for the LibreOffice-only baselines.
        subprocess.run(
            [
                *INFOKIT,
                "batch",
                str(brands),
                "-o",
                str(work / "decks"),
                "-f",
                "pptx",
                "-q",
                "-j",
                str(args.jobs),
            ],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        decks = sorted((work / "decks").rglob("*.pptx"))
        for n in (1, 2):  # warm both profiles first (first start writes the profile)
            soffice_convert(soffice, work / f"profile{n}", decks[:1], work / "warm").wait()

        started = time.perf_counter()
        halves = [decks[0::2], decks[1::2]]

        def convert_half(n: int) -> None:
            # At most 200 files a call: one call silently stops after about 246.
            for start in range(0, len(halves[n]), 200):
                soffice_convert(
                    soffice, work / f"profile{n + 1}", halves[n][start : start + 200], work / "two"
                ).wait()

        workers = [threading.Thread(target=convert_half, args=(n,)) for n in (0, 1)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        two = time.perf_counter() - started
        assert len(list((work / "two").glob("*.pdf"))) == len(decks), "the two-process baseline lost files"

        started = time.perf_counter()
        for deck in decks[: args.single]:
            soffice_convert(soffice, work / "profile1", [deck], work / "single").wait()
        single = (time.perf_counter() - started) / min(args.single, len(decks)) * len(decks)

        def infokit_batch() -> float:
            started = time.perf_counter()
            subprocess.run(
                [*INFOKIT, "batch", str(brands), "-o", str(work / "out"), "-q", "-j", str(args.jobs)],
                check=True,
                stderr=subprocess.DEVNULL,
            )
            return time.perf_counter() - started

        with PeakMemory() as memory:
            batch = infokit_batch()
        assert len(list((work / "out").rglob("*.pdf"))) == args.orgs
        rerun = infokit_batch()  # everything up to date now

        print(f"organizations: {args.orgs}, jobs: {args.jobs}")
        print(f"two soffice processes, own profiles : {two:7.2f} s  ({two / args.orgs:.3f} s a file)")
        print(f"one soffice call per file (scaled)  : {single:7.2f} s  (timed on {args.single} files)")
        print(f"infokit batch, brand -> PPTX + PDF   : {batch:7.2f} s  ({batch / args.orgs:.3f} s an org)")
        print(f"infokit batch again, all up to date  : {rerun:7.2f} s")
        print(f"ratio batch / two-process            : {batch / two:.2f} (goal <= 1.15)")
        print(f"ratio one-per-file / batch           : {single / batch:.1f} (goal >= 8)")
        print(f"ratio re-run / first run             : {rerun / batch:.3f} (goal < 0.1)")
        for name, rss in sorted(memory.peak.items(), key=lambda kv: -kv[1]):
            print(f"peak memory {name:<22}: {rss / 2**20:6.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
