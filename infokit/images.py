"""Logos: recognise them by content, refuse hostile ones, hand the renderer a good bitmap.

PNG and JPEG are embedded as they are; SVG is rasterised (resvg) to a PNG large
enough for print, because LibreOffice draws the PNG of an SVG picture anyway
(DESIGN.md section 6). Nothing here fetches or reads anything outside the logo file.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image, ImageOps

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
MAX_PIXELS = 25_000_000
"""A 5000 x 5000 logo is already far beyond print needs; bigger is a mistake or a bomb."""
MAX_SVG_BYTES = 5_000_000
MAX_BITMAP_BYTES = 30_000_000
SVG_PIXELS = 1800
"""Long side of a rasterised SVG logo: a 2.2 inch logo box at over 600 dpi."""


@dataclass(frozen=True)
class Bitmap:
    data: bytes
    width: int
    height: int


def sniff(head: bytes) -> str | None:
    """'png', 'jpeg', 'svg' or None, from the first bytes of a file."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head.lower():
        return "svg"
    return None


def check_logo(path: Path) -> str | None:
    """What is wrong with a logo file, or None. Decodes it (once: the result is cached)."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    kind = sniff(head)
    if kind is None:
        return f"'{path.name}' is not a PNG, JPEG or SVG image (judged by its content)"
    try:
        if kind == "svg":  # checked here, drawn when rendering: an up-to-date check stays cheap
            _checked_svg(path)
        else:
            _load(path, path.stat().st_mtime_ns)
    except LogoProblem as exc:
        return str(exc)
    return None


class LogoProblem(Exception):
    pass


def logo_bitmap(path: Path) -> Bitmap:
    """The logo as a bitmap at print resolution; SVG rasterised once per process."""
    return _load(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)  # bridges validation and rendering of one brand; a batch
def _load(path: Path, mtime_ns: int) -> Bitmap:  # worker must not hoard logos of up to 30 MB
    with path.open("rb") as f:
        kind = sniff(f.read(4096))
    if kind == "svg":
        data = _rasterise_svg(path)
    else:
        image = _open_bitmap(path)
        upright = ImageOps.exif_transpose(image)
        if upright is image:
            return Bitmap(path.read_bytes(), image.width, image.height)
        buffer = io.BytesIO()  # rotated by EXIF: store the pixels upright
        upright.save(buffer, format="PNG")
        data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as image:
        return Bitmap(data, image.width, image.height)


def _open_bitmap(path: Path) -> Image.Image:
    if path.stat().st_size > MAX_BITMAP_BYTES:
        raise LogoProblem(f"is larger than {MAX_BITMAP_BYTES // 1_000_000} MB; a logo is far smaller")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # From bytes, not the path: Pillow keeps the file open when decoding fails.
            image = Image.open(io.BytesIO(path.read_bytes()))
            if image.width * image.height > MAX_PIXELS:
                raise LogoProblem(
                    f"is {image.width} x {image.height} pixels; a logo may have at most "
                    f"{MAX_PIXELS // 1_000_000} million (2000 pixels wide is plenty for print)"
                )
            image.load()
            return image
    except LogoProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        size = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = f" ({int(size.group(1)):,} pixels)" if size else ""
        raise LogoProblem(
            f"is too large to decode safely{pixels}; a logo may have at most "
            f"{MAX_PIXELS // 1_000_000} million pixels"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise LogoProblem(f"cannot be decoded ({exc}); is the file complete?") from None


_XLINK = "{http://www.w3.org/1999/xlink}href"
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?(?!#|data:)", re.I)


def check_self_contained(svg: bytes) -> None:
    """Refuse an SVG that could make a renderer read or fetch anything outside it.

    No DTD or entities, no scripts, and every reference either ``#fragment`` or a
    ``data:`` URI. A logo never needs more, and this holds whatever the renderer does.
    """
    if b"<!DOCTYPE" in svg.upper() or b"<!ENTITY" in svg.upper():
        raise LogoProblem("declares a DTD or XML entities; save the SVG without them")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(svg, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise LogoProblem(f"is not well-formed SVG ({exc})") from None
    if etree.QName(root).localname != "svg":
        raise LogoProblem("is XML but not SVG (its root element is not <svg>)")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        if name == "script" or any(a.lower().startswith("on") for a in el.attrib):
            raise LogoProblem("contains a script; a logo must be a plain drawing")
        for attr in ("href", _XLINK, "src"):
            ref = (el.get(attr) or "").strip()
            if ref and not ref.startswith(("#", "data:")):
                raise LogoProblem(f"refers to an outside file or address ({ref[:80]}); embed it instead")
        if name == "style" and el.text and (_OUTSIDE_URL.search(el.text) or "@import" in el.text):
            raise LogoProblem("its style sheet refers to outside files; embed them instead")
        style = el.get("style") or ""
        if _OUTSIDE_URL.search(style):
            raise LogoProblem("a style refers to an outside file; embed it instead")


def _checked_svg(path: Path) -> bytes:
    if path.stat().st_size > MAX_SVG_BYTES:
        raise LogoProblem(f"is larger than {MAX_SVG_BYTES // 1_000_000} MB; simplify the SVG")
    svg = path.read_bytes()
    check_self_contained(svg)
    return svg


def _rasterise_svg(path: Path) -> bytes:
    """SVG -> PNG, SVG_PIXELS on its long side (resvg: a Rust renderer that imports in a
    millisecond, where CairoSVG's cffi start-up took half a second of every build)."""
    svg = _checked_svg(path)
    import resvg_py

    try:
        text = svg.decode("utf-8-sig")
        has_text = b"<text" in svg or b":text" in svg  # system fonts are only loaded for text
        png = bytes(resvg_py.svg_to_bytes(svg_string=text, width=SVG_PIXELS, skip_system_fonts=not has_text))
        with Image.open(io.BytesIO(png)) as image:
            if image.height <= SVG_PIXELS * 1.5:
                return png
        # A tall logo: render it by height instead, so it stays within print size.
        return bytes(
            resvg_py.svg_to_bytes(svg_string=text, height=SVG_PIXELS, skip_system_fonts=not has_text)
        )
    except LogoProblem:
        raise
    except Exception as exc:  # the binding raises plain exceptions for broken SVG
        raise LogoProblem(f"is not an SVG we can draw ({exc})") from None


def contain(width: int, height: int, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(left, top, width, height) of an image of that pixel size fitted inside box, centred."""
    left, top, box_w, box_h = box
    scale = min(box_w / width, box_h / height)
    w, h = round(width * scale), round(height * scale)
    return left + (box_w - w) // 2, top + (box_h - h) // 2, w, h
