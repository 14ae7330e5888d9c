"""The PDF's document language (/Lang), set after LibreOffice wrote the PDF.

LibreOffice takes /Lang from its process locale, not from the document, so a Korean
page converted on an English machine says en-US, and a batch worker converts every
language. pikepdf (qpdf) rewrites the catalogue and keeps the structure tree,
MarkInfo, link annotations and the fonts as they are. For PDF/A the XMP metadata
carries the language too (dc:language); it is kept consistent with /Lang.
"""

from __future__ import annotations

import os
from pathlib import Path

from infokit.errors import ConversionError, Problem


def set_language(pdf: Path, tag: str) -> None:
    """Write ``tag`` (``ko-KR``) as the PDF's /Lang and, where there is XMP, dc:language."""
    import pikepdf  # ~65 ms: imported only once a PDF exists, never before LibreOffice starts

    tmp = pdf.with_name(f".{pdf.name}.lang")
    try:
        with pikepdf.open(pdf) as document:
            if str(document.Root.get("/Lang", "")) == tag:
                return
            document.Root.Lang = pikepdf.String(tag)
            if "/Metadata" in document.Root:
                # No "pikepdf" as the producing tool: LibreOffice made this PDF.
                with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
                    xmp["dc:language"] = [tag]
            # Same version, same object layout, a stable /ID: only the catalogue changes.
            document.save(tmp, preserve_pdfa=True)
        os.replace(tmp, pdf)
    except (pikepdf.PdfError, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise ConversionError(Problem(pdf, None, f"cannot set the PDF's language: {exc}")) from None
