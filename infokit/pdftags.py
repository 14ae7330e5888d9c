"""What infokit adds to LibreOffice's tagged PDF: the page's language, and the link
annotations in the structure tree.

- LibreOffice takes /Lang from its process locale, not from the document, so a Korean
  page converted on an English machine says en-US, and a batch worker converts every
  language. The deck's own tag is written instead; for PDF/A the XMP metadata says
  the same (dc:language).
- LibreOffice 7.4 leaves link annotations outside the structure tree (no
  /StructParent), so a screen reader's list of links and PDF/UA checkers miss them.
  Each gets a Link element holding an object reference to it, and its address as
  /Contents (the annotation's text alternative) when it has none.

pikepdf (qpdf) rewrites only those objects and keeps the structure tree, MarkInfo,
fonts and PDF/A identification as they are.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from infokit.errors import ConversionError, Problem

if TYPE_CHECKING:
    import pikepdf


def preload() -> None:
    """Import pikepdf on a thread while LibreOffice converts: the ~65 ms then cost
    nothing, as the caller only waits for soffice meanwhile."""
    threading.Thread(target=importlib.import_module, args=("pikepdf",), name="preload-pikepdf").start()


def finish(pdf: Path, language: str | None) -> None:
    """Set /Lang to ``language`` (``ko-KR``; None leaves it) and tag the links, in place."""
    import pikepdf  # ~65 ms: imported once a PDF exists, never before LibreOffice starts

    tmp = pdf.with_name(f".{pdf.name}.tags")
    try:
        with pikepdf.open(pdf) as document:
            if language is not None:
                _set_language(document, language)
            # A structure tree shaped unlike LibreOffice's: its links stay as they are.
            with contextlib.suppress(AttributeError, KeyError, TypeError, ValueError):
                _tag_links(document)
            document.save(tmp, preserve_pdfa=True)
        os.replace(tmp, pdf)
    except (pikepdf.PdfError, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise ConversionError(Problem(pdf, None, f"cannot finish the PDF's tags: {exc}")) from None


def _set_language(document: pikepdf.Pdf, tag: str) -> None:
    import pikepdf

    document.Root.Lang = pikepdf.String(tag)
    if "/Metadata" in document.Root:
        # No "pikepdf" as the producing tool: LibreOffice made this PDF.
        with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:language"] = [tag]


def _tag_links(document: pikepdf.Pdf) -> None:
    import pikepdf

    tree = document.Root.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree or "/Nums" not in tree.ParentTree:
        return  # untagged, or a parent tree shape LibreOffice does not write: leave it
    top = _top_element(tree)
    if top is None:
        return  # an empty tree (a deck with nothing LibreOffice tags): no place for links
    nums = tree.ParentTree.Nums
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    next_key = max(int(tree.get("/ParentTreeNextKey", 0)), max(keys, default=-1) + 1)
    if not isinstance(top.get("/K"), pikepdf.Array):
        top.K = pikepdf.Array([top.K] if "/K" in top else [])
    for page in document.pages:
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            if annot.get("/Subtype") != "/Link" or "/StructParent" in annot or not annot.is_indirect:
                continue
            reference = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot, Pg=page.obj)
            link = document.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=top, Pg=page.obj, K=[reference]
                )
            )
            top.K.append(link)
            annot.StructParent = next_key
            nums.append(next_key)
            nums.append(link)
            action = annot.get("/A")
            uri = action.get("/URI") if isinstance(action, pikepdf.Dictionary) else None
            if "/Contents" not in annot and uri is not None:
                annot.Contents = pikepdf.String(str(uri))
            next_key += 1
    tree.ParentTreeNextKey = next_key


def _top_element(tree: pikepdf.Object) -> pikepdf.Dictionary | None:
    """The element LibreOffice puts everything in (its first child of the root)."""
    import pikepdf

    kids = tree.get("/K")
    top = kids[0] if isinstance(kids, pikepdf.Array) and len(kids) else kids
    return top if isinstance(top, pikepdf.Dictionary) and "/S" in top else None
