"""The .pptx as a package (a zip of XML parts): open templates safely, save deterministically.

Templates come from anywhere, so before python-pptx parses one we check the zip
(size, entry count, compression ratio, macros) and afterwards drop every external
relationship but hyperlinks: LibreOffice would fetch linked images over the network
and draw linked local files into the PDF (DESIGN.md section 6).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as PresentationT

from infokit import safeio, templatecheck
from infokit.errors import Problem, TemplateError

MAX_TEMPLATE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 300_000_000
MAX_ENTRIES = 5_000
MAX_RATIO = 200
"""XML compresses about 10:1; a part at 200:1 or more is a zip bomb."""
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
ALLOWED_EXTERNAL = frozenset({RT.HYPERLINK})


def open_template(path: Path) -> PresentationT:
    data = _read(path)
    _check_zip_once(path, data)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception:  # python-pptx raises KeyError, ValueError, lxml errors...
        # ... in its own words ("no relationship of type 'http://schemas...'"); the checks
        # above name most damage exactly, this is what is left.
        raise TemplateError(
            Problem(
                path,
                "template",
                "cannot be read as a PowerPoint deck (its structure is damaged); open it in PowerPoint "
                "and save it again as .pptx",
            )
        ) from None
    strip_external_links(prs)
    if not len(prs.slides):
        raise TemplateError(
            Problem(
                path,
                "template",
                (
                    "has no slides; a template is a deck with the infographic on its first slide "
                    "(masters and layouts alone give nothing to fill)"
                ),
            )
        )
    return prs


def _read(path: Path) -> bytes:
    try:
        return safeio.read_bytes(path, MAX_TEMPLATE_BYTES, "template")
    except safeio.NotReadable as exc:
        raise TemplateError(Problem(path, "template", str(exc))) from None


_PASSED: dict[tuple[Path, bytes], None] = {}
"""Templates whose zip passed _check_zip, by path and content digest: a check of
thousands of CSV rows opens the same four templates thousands of times, and checking
every part of one costs more than opening it (5 of a page's 40 ms, measured)."""
_PASSED_MAX = 64


def _check_zip_once(path: Path, data: bytes) -> None:
    """_check_zip, skipped for the very bytes already checked at this path."""
    key = (path, hashlib.sha256(data).digest())
    if key in _PASSED:
        return
    _check_zip(path, data)
    if len(_PASSED) >= _PASSED_MAX:
        _PASSED.pop(next(iter(_PASSED)))
    _PASSED[key] = None


def _check_zip(path: Path, data: bytes) -> None:
    def bad(message: str) -> TemplateError:
        return TemplateError(Problem(path, "template", message))

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise bad("is not a .pptx file (not a zip package); save it from PowerPoint as .pptx")
    try:
        _check_zip_parts(path, data, bad)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError) as exc:
        raise bad(f"is a damaged zip package ({exc}); save it again from PowerPoint") from None


def _check_zip_parts(path: Path, data: bytes, bad: Callable[[str], TemplateError]) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        if len(infos) > MAX_ENTRIES:
            raise bad(
                f"has {len(infos):,} parts; a template may have at most {MAX_ENTRIES:,}: "
                "save a copy that holds only the infographic"
            )
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED_BYTES:
            raise bad(
                f"unpacks to {total:,} bytes; a template may unpack to at most {MAX_UNPACKED_BYTES:,} "
                "(a zip bomb?): remove large media, or compress the pictures"
            )
        for info in infos:
            if (
                info.compress_size
                and info.file_size / info.compress_size > MAX_RATIO
                and info.file_size > 1_000_000
            ):
                raise bad(
                    f"part {info.filename} compresses {info.file_size // info.compress_size}:1; over "
                    f"{MAX_RATIO}:1 is refused as a zip bomb: save the deck again from PowerPoint"
                )
            if "vbaproject" in info.filename.lower():
                raise bad("contains macros (a vbaProject part); save it as a macro-free .pptx")
        names = set(z.namelist())
        if len(names) < len(infos):  # zipfile reads the last of two same-named entries, others the first
            twice = next(n for n in names if z.namelist().count(n) > 1)
            raise bad(f"holds two parts named {twice!r} (a damaged or crafted file); save it again")
        if "[Content_Types].xml" not in names:
            raise bad("is a zip file but not a PowerPoint package (no [Content_Types].xml)")
        other = next((what for part, what in _OTHER_OFFICE if part in names), None)
        if other and "ppt/presentation.xml" not in names:
            raise bad(f"is {other}, not a PowerPoint deck; give a .pptx saved from PowerPoint")
        content_types = z.read("[Content_Types].xml")
        if b"macroEnabled" in content_types:
            raise bad("is macro-enabled (.pptm); save it as a macro-free .pptx")
        if b"<!DOCTYPE" in content_types or b"<!ENTITY" in content_types:
            raise bad("declares XML entities (a DTD); a PowerPoint file never does")
        templatecheck.check_parts(path, z)


_OTHER_OFFICE = (
    ("word/document.xml", "a Word document"),
    ("xl/workbook.xml", "an Excel workbook"),
    ("visio/document.xml", "a Visio drawing"),
)


def strip_external_links(prs: PresentationT) -> int:
    """Drop every external relationship except hyperlinks; returns how many went."""
    removed = 0
    for part in prs.part.package.iter_parts():
        rels = part.rels
        for rid, rel in list(rels.items()):
            if rel.is_external and rel.reltype not in ALLOWED_EXTERNAL:
                rels.pop(rid)
                removed += 1
    return removed


def to_bytes(prs: PresentationT) -> bytes:
    """The deck as .pptx bytes; the same deck always gives the same bytes.

    python-pptx stamps each zip entry with the current time; we repack with a fixed one.
    """
    raw = io.BytesIO()
    prs.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename), compresslevel=6)
    return out.getvalue()
