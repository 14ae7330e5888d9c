"""The README's pictures of the four layouts: docs/designs/<layout>.png.

    ./tasks pictures            # rebuild them (LibreOffice and pdftoppm)

Each is an example brand on its industry's own layout, rendered to PDF by infokit and
to PNG by pdftoppm. docs/designs/inputs.sha256 records a digest of everything that
decides them (the brands, their logos, the templates, the catalogues, the code that lays
out and renders the page); tests/test_docs.py fails when that digest is no longer the
current one, so the pictures never show an older design than the one users get.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "designs"
DIGEST = OUT / "inputs.sha256"
PICTURES = {
    "timeline": "brands/contoso-health.yaml",
    "grid": "brands/woodgrove-bank.yaml",
    "cards": "brands/northwind-outfitters.yaml",
    "path": "brands/fabrikam.yaml",
}
DPI = 40
RENDERING = (
    "render.py",
    "flow.py",
    "fit.py",
    "slots.py",
    "logolook.py",
    "contrast.py",
    "theme.py",
    "tokens.py",
)
"""The modules that decide how a page looks (infokit/)."""


def inputs() -> list[Path]:
    """Every file whose change can change a picture, in a stable order."""
    files = [ROOT / p for p in PICTURES.values()]
    files += sorted((ROOT / "brands" / "logos").glob("*"))
    files += sorted((ROOT / "templates").glob("*.pptx"))
    files += sorted((ROOT / "infokit" / "catalog").glob("*.yaml"))
    files += [ROOT / "infokit" / name for name in RENDERING]
    return [f for f in files if f.is_file()]


def digest() -> str:
    h = hashlib.sha256()
    for file in inputs():
        h.update(file.relative_to(ROOT).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(file.read_bytes()).digest())
    return h.hexdigest()


def build() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for layout, brand in PICTURES.items():
            built = subprocess.run(
                [sys.executable, "-m", "infokit", "build", str(ROOT / brand), "-o", work, "-f", "pdf"],
                capture_output=True,
                text=True,
                check=True,
            )
            pdf = Path(built.stdout.strip().splitlines()[-1])
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(pdf), str(OUT / layout)], check=True
            )
    DIGEST.write_text(digest() + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
    print("\n".join(str(OUT / f"{layout}.png") for layout in PICTURES))
