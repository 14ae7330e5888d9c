"""What tight Korean punctuation costs: the flat-ODP route against a plain conversion.

    python bench/korean.py [--runs 5] [--orgs 20]

Korean decks go PPTX -> FODP -> PDF (two LibreOffice passes, autospace.py). The
baseline is the same infokit with that route switched off (a one-line patch in the
child process, nothing in infokit itself), timed in this one process and alternating
run by run so that load drifts affect both alike:

1. `infokit build` of examples/ko-bank.yaml (PPTX + PDF), median of --runs;
2. `infokit batch` of --orgs Korean brand files with -j 2, median of --runs;
3. the same batch of English brands, to show the route costs nothing for them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The baseline: no deck counts as East Asian, so each converts directly, and build starts
# no spare LibreOffice.
PLAIN = (
    "import infokit.deck as d, infokit.build as b; "
    "d._has_east_asian = lambda xml: False; b._east_asian = lambda brand, language: False; "
)
RUN = "import sys; from infokit.cli import main; sys.argv[0] = 'infokit'; main()"


def infokit(*args: str, plain: bool) -> list[str]:
    return [sys.executable, "-c", (PLAIN if plain else "") + RUN, *args]


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def make_brands(folder: Path, count: int, language: str) -> Path:
    folder.mkdir(parents=True)
    base = yaml.safe_load((ROOT / "examples" / "ko-bank.yaml").read_text(encoding="utf-8"))
    base["logo"] = str((ROOT / "brands" / "logos" / "woodgrove-bank.svg").resolve())
    for i in range(count):
        name = base["organization"] if language == "ko" else "Woodgrove Bank"
        data = dict(base, organization=f"{name} {i:03d}", language=language)
        if language != "ko":
            data.pop("notes")
        (folder / f"org-{i:03d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--orgs", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="infokit-bench-ko-"))
    try:
        brand = str(ROOT / "examples" / "ko-bank.yaml")
        ko = str(make_brands(work / "ko", args.orgs, "ko"))
        en = str(make_brands(work / "en", args.orgs, "en"))
        cases = {
            "build ko": lambda plain, n: infokit("build", brand, "-o", f"b{n}", plain=plain),
            f"batch ko x{args.orgs}": lambda plain, n: infokit(
                "batch", ko, "-o", f"k{n}", "-j", "2", "--force", "-q", plain=plain
            ),
            f"batch en x{args.orgs}": lambda plain, n: infokit(
                "batch", en, "-o", f"e{n}", "-j", "2", "--force", "-q", plain=plain
            ),
        }
        print(f"runs: {args.runs} (medians, seconds)")
        for name, make in cases.items():
            timed(make(False, 0), work)  # warm-up: seed profile, page cache
            fixed, plain = [], []
            for n in range(args.runs):
                plain.append(timed(make(True, n), work))
                fixed.append(timed(make(False, n), work))
            a, b = statistics.median(fixed), statistics.median(plain)
            per_doc = (a - b) / (1 if name.startswith("build") else args.orgs)
            print(
                f"{name:14s}: tight {a:6.2f}  plain {b:6.2f}  ratio {a / b:4.2f}  "
                f"cost per document {per_doc:+.3f} s"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
