"""Memory of a PDF batch over time: does anything grow with the pages converted?

    python bench/pdf_memory.py [--orgs 1000] [--jobs 2] [--every 0.5]

Writes ``--orgs`` organizations into one CSV, runs `infokit batch orgs.csv -j JOBS`
(PPTX + PDF) and samples the resident memory (RSS) of the main process, the render
workers and every soffice.bin every ``--every`` seconds. Prints, for each tenth of the
run, the largest RSS seen in each kind of process and how many PDFs existed by then;
then, for each soffice process (a new one starts for every call of at most 100
documents), its RSS early, midway and late in its life: does it grow with the pages
it converts?; then the peaks.

    python bench/pdf_memory.py --one-soffice 200

The control: one soffice converting that many decks in one call (at most 200: one
call silently stops after about 246), its RSS as the PDFs appear.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
LOGOS = ["contoso-health.svg", "woodgrove-bank.svg", "northwind-outfitters.png", "fabrikam.svg"]


def write_csv(folder: Path, count: int) -> Path:
    logos = ROOT / "brands" / "logos"
    path = folder / "orgs.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["organization", "industry", "colors.primary", "links.booking", "notes", "logo"])
        for i in range(count):
            out.writerow(
                [
                    f"Memory Organization {i:05d}",
                    ("healthcare", "financial", "retail", "generic")[i % 4],
                    f"#{(i * 2654435761) % 0xFFFFFF:06X}",
                    f"https://org-{i}.example/book",
                    "|".join(f"Note {n} for organization {i}." for n in range(i % 4)),
                    str(logos / LOGOS[i % 4]),
                ]
            )
    return path


@dataclass
class Sample:
    seconds: float
    pdfs: int
    rss: dict[str, int]
    """kind (main, worker, soffice) -> largest RSS of that kind in this sample"""


@dataclass
class Sampler:
    """Samples the run's process tree until stopped."""

    root: psutil.Process
    out: Path
    every: float
    samples: list[Sample] = field(default_factory=list)
    soffice: dict[int, list[int]] = field(default_factory=dict)
    """soffice.bin pid -> its RSS at every sample, in order"""
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        started = time.monotonic()
        while not self._stop.wait(self.every):
            rss = self._sample()
            pdfs = sum(1 for _ in self.out.rglob("*.pdf")) if self.out.is_dir() else 0
            self.samples.append(Sample(time.monotonic() - started, pdfs, rss))

    def _sample(self) -> dict[str, int]:
        rss: dict[str, int] = {}
        try:
            tree = [(self.root, "main")] + [(p, self._kind(p)) for p in self.root.children(recursive=True)]
        except psutil.Error:
            return rss
        for proc, kind in tree:
            try:
                size = proc.memory_info().rss
            except psutil.Error:
                continue
            if kind == "soffice":
                self.soffice.setdefault(proc.pid, []).append(size)
            if kind:
                rss[kind] = max(rss.get(kind, 0), size)
        return rss

    def _kind(self, proc: psutil.Process) -> str:
        try:
            name = proc.name()
        except psutil.Error:
            return ""
        if name == "soffice.bin":
            return "soffice"
        return "worker" if name.startswith("python") else ""

    def stop(self) -> None:
        self._stop.set()


def mb(n: int) -> str:
    return f"{n / 2**20:6.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between samples")
    parser.add_argument("--one-soffice", type=int, default=0, help="the control: N decks, one soffice call")
    args = parser.parse_args()
    if args.one_soffice:
        one_soffice(args.one_soffice, args.every)
        return
    with tempfile.TemporaryDirectory(prefix="infokit-bench-memory-") as tmp:
        work = Path(tmp)
        source, out = write_csv(work, args.orgs), work / "out"
        command = [sys.executable, "-m", "infokit", "batch", str(source), "-o", str(out), "-q"]
        proc = subprocess.Popen([*command, "-j", str(args.jobs), "--report", str(work / "r.json")])
        sampler = Sampler(psutil.Process(proc.pid), out, args.every)
        thread = threading.Thread(target=sampler.run, daemon=True)
        thread.start()
        started = time.monotonic()
        code = proc.wait()
        took = time.monotonic() - started
        sampler.stop()
        thread.join()
        pdfs = sum(1 for _ in out.rglob("*.pdf"))
        report(args, sampler, code, took, pdfs)


def one_soffice(count: int, every: float) -> None:
    with tempfile.TemporaryDirectory(prefix="infokit-bench-memory-") as tmp:
        work = Path(tmp)
        source = write_csv(work, count)
        batch = [
            sys.executable,
            "-m",
            "infokit",
            "batch",
            str(source),
            "-o",
            str(work / "decks"),
            "-f",
            "pptx",
        ]
        subprocess.run([*batch, "-q"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        decks = sorted((work / "decks").rglob("*.pptx"))
        profile = (work / "profile").as_uri()
        command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        proc = subprocess.Popen(
            [*command, "--outdir", str(work / "pdf"), *map(str, decks)], stdout=subprocess.DEVNULL
        )
        sampler = Sampler(psutil.Process(proc.pid), work / "pdf", every)
        thread = threading.Thread(target=sampler.run, daemon=True)
        thread.start()
        proc.wait()
        sampler.stop()
        thread.join()
    print(f"one soffice, {len(decks)} decks in one call")
    print("PDFs written   soffice MB")
    step = max(1, len(sampler.samples) // 10)
    for sample in sampler.samples[::step]:
        print(f"{sample.pdfs:>12}   {mb(sample.rss.get('soffice', 0))}")


def report(args: argparse.Namespace, sampler: Sampler, code: int, took: float, pdfs: int) -> None:
    print(f"organizations: {args.orgs}, jobs: {args.jobs}, exit {code}, {took:.0f} s, {pdfs} PDFs")
    print(f"soffice processes that did the work: {len(sampler.soffice)}")
    print("soffice   samples   MB at 10%   at 50%   at 90% of its life")
    for pid, sizes in sampler.soffice.items():
        if len(sizes) >= 10:
            at = [sizes[len(sizes) * k // 10] for k in (1, 5, 9)]
            print(f"{pid:>7}   {len(sizes):>7}   {mb(at[0])}    {mb(at[1])}   {mb(at[2])}")
    print("tenth   PDFs   main MB  worker MB  soffice MB   (largest RSS in that tenth)")
    samples = sampler.samples
    for tenth in range(10):
        part = samples[len(samples) * tenth // 10 : len(samples) * (tenth + 1) // 10]
        if not part:
            continue
        peak = {k: max(s.rss.get(k, 0) for s in part) for k in ("main", "worker", "soffice")}
        print(
            f"{tenth + 1:>5} {part[-1].pdfs:>6}   {mb(peak['main'])}    {mb(peak['worker'])}"
            f"      {mb(peak['soffice'])}"
        )
    for kind in ("main", "worker", "soffice"):
        print(f"peak {kind:<8}: {mb(max((s.rss.get(kind, 0) for s in samples), default=0))} MB")


if __name__ == "__main__":
    main()
