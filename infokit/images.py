"""Logos: recognise them by content, refuse hostile ones, hand the renderer a good bitmap.

PNG and JPEG are embedded as they are; SVG is rasterised (CairoSVG) to a PNG large
enough for print, because LibreOffice draws the PNG of an SVG picture anyway
(DESIGN.md section 6). Nothing here fetches anything.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
MAX_PIXELS = 25_000_000
"""A 5000 x 5000 logo is already far beyond print needs; bigger is a mistake or a bomb."""
MAX_SVG_BYTES = 5_000_000
PRINT_DPI = 300


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
    """What is wrong with a logo file, or None. Fast: decodes at most once."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    kind = sniff(head)
    if kind is None:
        return f"'{path.name}' is not a PNG, JPEG or SVG image (judged by its content)"
    try:
        if kind == "svg":
            _rasterise_svg(path, width=64)
        else:
            _open_bitmap(path)
    except LogoProblem as exc:
        return str(exc)
    return None


class LogoProblem(Exception):
    pass


def _open_bitmap(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            if image.width * image.height > MAX_PIXELS:
                raise LogoProblem(
                    f"is {image.width} x {image.height} pixels; a logo may have at most "
                    f"{MAX_PIXELS // 1_000_000} million (2000 pixels wide is plenty for print)"
                )
            image.load()
            return image
    except LogoProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoProblem("is too large to decode safely (a decompression bomb?)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise LogoProblem(f"cannot be decoded ({exc}); is the file complete?") from None


def _refuse_fetch(url: str, resource_type: str | None = None) -> dict[str, object]:
    if url.startswith("data:"):
        from cairosvg.url import fetch

        result: dict[str, object] = fetch(url, resource_type)
        return result
    raise LogoProblem(f"refers to an outside resource ({url[:80]}); embed it in the SVG instead")


def _rasterise_svg(path: Path, width: int) -> bytes:
    if path.stat().st_size > MAX_SVG_BYTES:
        raise LogoProblem(f"is larger than {MAX_SVG_BYTES // 1_000_000} MB; simplify the SVG")
    # Imported here: its start-up cost is not paid without an SVG logo. PNGSurface.convert
    # (unlike svg2png) passes url_fetcher through, so nothing outside the file is read.
    from cairosvg.surface import PNGSurface

    try:
        png: bytes = PNGSurface.convert(
            bytestring=path.read_bytes(),
            output_width=width,
            unsafe=False,
            url_fetcher=_refuse_fetch,
        )
    except LogoProblem:
        raise
    except Exception as exc:  # cairosvg raises many unrelated types for broken SVG
        raise LogoProblem(f"is not an SVG we can draw ({type(exc).__name__}: {exc})") from None
    return png


def logo_bitmap(path: Path, box_width_in: float, box_height_in: float) -> Bitmap:
    """The logo as a bitmap fit for a box of that size, at print resolution."""
    with path.open("rb") as f:
        kind = sniff(f.read(4096))
    if kind == "svg":
        aspect = _svg_aspect(path)
        width = round(PRINT_DPI * 2 * min(box_width_in, box_height_in * aspect))
        data = _rasterise_svg(path, width=max(width, 256))
        with Image.open(io.BytesIO(data)) as image:
            return Bitmap(data, image.width, image.height)
    image = _open_bitmap(path)
    upright = ImageOps.exif_transpose(image)
    if upright is not image:  # rotated by EXIF: store the pixels upright
        buffer = io.BytesIO()
        upright.save(buffer, format="PNG")
        return Bitmap(buffer.getvalue(), upright.width, upright.height)
    return Bitmap(path.read_bytes(), image.width, image.height)


def _svg_aspect(path: Path) -> float:
    data = _rasterise_svg(path, width=100)
    with Image.open(io.BytesIO(data)) as image:
        return float(image.width) / max(int(image.height), 1)


def contain(width: int, height: int, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(left, top, width, height) of an image of that pixel size fitted inside box, centred."""
    left, top, box_w, box_h = box
    scale = min(box_w / width, box_h / height)
    w, h = round(width * scale), round(height * scale)
    return left + (box_w - w) // 2, top + (box_h - h) // 2, w, h
