"""PDF -> PNG with poppler's pdftoppm (previews)."""

from __future__ import annotations

import shutil
from pathlib import Path

from infokit.convert.process import run_group
from infokit.errors import ConversionError, Problem


def pdf_to_png(pdf: Path, png: Path, dpi: int = 150, timeout: float = 60) -> Path:
    """First page of ``pdf`` as a PNG (poppler's pdftoppm)."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise ConversionError(
            Problem(
                pdf,
                None,
                "PNG previews need pdftoppm: on Debian/Ubuntu "
                "`sudo apt-get install poppler-utils`, on macOS `brew install poppler`",
            )
        )
    prefix = png.with_suffix("")
    run_group(
        [exe, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)], timeout
    )
    if not png.is_file():
        raise ConversionError(Problem(pdf, None, "pdftoppm wrote no PNG"))
    return png
