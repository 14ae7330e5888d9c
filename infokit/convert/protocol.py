"""What every converter is: the Converter protocol, the PDF export options, the check
that a PDF was really written."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from infokit import contain
from infokit.errors import ConversionError, Problem

DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class PdfOptions:
    """What goes into LibreOffice's PDF export filter."""

    tagged: bool = True
    pdf_a: bool = False

    def filter(self) -> str:
        options = self._options()
        return "pdf:impress_pdf_Export:" + json.dumps(options, separators=(",", ":"))

    def _options(self) -> dict[str, dict[str, str]]:
        options: dict[str, dict[str, str]] = {
            "UseTaggedPDF": {"type": "boolean", "value": str(self.tagged).lower()},
            "ExportNotesPages": {"type": "boolean", "value": "false"},
            "ExportBookmarks": {"type": "boolean", "value": "true"},
            # Logos are flat colour: lossless keeps their edges clean (300 dpi is kept).
            "UseLosslessCompression": {"type": "boolean", "value": "true"},
        }
        if self.pdf_a:
            options["SelectPdfVersion"] = {"type": "long", "value": "2"}  # PDF/A-2b
        return options

    def filter_data(self) -> list[str]:
        """The same options as unoserver's ``Name=value`` strings."""
        return [f"{name}={spec['value']}" for name, spec in self._options().items()]


class Converter(Protocol):
    """Turns PPTX files into PDFs in ``out_dir`` (same stem); raises ConversionError.

    Each PDF has the deck's language as /Lang; a deck with East Asian text has no
    Asian/Latin gap before Latin punctuation."""

    def warm_up(self) -> None:
        """Get ready to convert while the caller still renders (may do nothing)."""

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]: ...

    def close(self) -> None:
        """Stop everything this converter started; safe to call from another thread."""


def verify_pdf(pdf: Path, source: Path) -> Path:
    try:
        with pdf.open("rb") as f:
            head = f.read(5)
            f.seek(max(0, pdf.stat().st_size - 1024))
            tail = f.read()
    except OSError:
        if (full := contain.out_of_space(pdf)) is not None:
            raise full from None
        raise ConversionError(Problem(source, None, "LibreOffice wrote no PDF for it")) from None
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise ConversionError(Problem(source, None, "LibreOffice wrote a damaged PDF"))
    return pdf
