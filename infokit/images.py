"""Logos: recognise them by content, refuse hostile ones, hand the renderer a good bitmap.

PNG and JPEG are embedded as they are; SVG is rasterised (resvg) to a PNG large
enough for print, because LibreOffice draws the PNG of an SVG picture anyway
(DESIGN.md section 6). Nothing here fetches or reads anything outside the logo file.
"""

from __future__ import annotations

import base64
import binascii
import functools
import io
import re
import struct
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes

from lxml import etree
from PIL import Image, ImageCms, ImageOps

from infokit import logolook, safeio

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
    look: logolook.Look = field(compare=False)
    """How it looks (logolook), judged once when it was decoded."""
    warnings: tuple[str, ...] = ()
    """What the decoder worked around (damaged EXIF data), in words that follow the name."""


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


def _read(path: Path) -> bytes:
    """The logo file's bytes: a regular file within the larger of the two caps."""
    try:
        return safeio.read_bytes(path, max(MAX_BITMAP_BYTES, MAX_SVG_BYTES), "logo")
    except safeio.NotReadable as exc:
        raise LogoProblem(str(exc)) from None


def check_logo(path: Path, name: str | None = None) -> str | None:
    """What is wrong with a logo file, or None. Decodes it (once: the result is cached).
    ``name``: the file as the brand names it (a symlink's own name, not its target's)."""
    try:
        kind = sniff(_read(path)[:4096])
        if kind is None:
            return f"'{name or path.name}' is not a PNG, JPEG or SVG image (judged by its content)"
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


def brand_logo(source: Path, path: Path) -> Bitmap:
    """The logo of the brand read from ``source``; a logo that cannot be drawn, or draws
    nothing anyone could see, is that brand's error (file, key ``logo``), in the FAQ too.
    (The same function as on branch messages, which names the logo in every message.)"""
    from infokit.errors import BrandError, Problem

    try:
        return logo_bitmap(path)
    except LogoProblem as exc:
        raise BrandError(Problem(source, "logo", f"{path.name} {exc}")) from None


@functools.lru_cache(maxsize=4)  # bridges validation and rendering of one brand; a batch
def _load(path: Path, mtime_ns: int) -> Bitmap:  # worker must not hoard logos of up to 30 MB
    raw = _read(path)
    kind = sniff(raw[:4096])
    with warnings.catch_warnings(record=True) as caught:  # never Python's own warning lines
        warnings.simplefilter("always")
        if kind == "svg":
            data = _rasterise_svg(path)
        else:
            image = _open_bitmap(raw)
            # A file the decoder had to work around is embedded as a clean copy, so no later
            # reader (the FAQ page, LibreOffice) meets its fault again.
            data = _normalised(image, raw, kind)
            if caught and data is raw:
                data = _normalised(image, raw, kind, clean=True)
        seen = logolook.look(data)  # on what is drawn: an SVG's raster, a bitmap made upright sRGB
    problem = logolook.nothing_drawn(seen, vector=kind == "svg")
    if problem:
        raise LogoProblem(problem)
    for w in caught:  # a deprecation is ours to fix, not the user's: it stays a Python warning
        if not issubclass(w.category, UserWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    said = (_in_our_words(str(w.message)) for w in caught if issubclass(w.category, UserWarning))
    return Bitmap(data, seen.width, seen.height, seen, tuple(dict.fromkeys(said)))


def _in_our_words(warning: str) -> str:
    """A decoder's warning about a user's file, as something the user can act on."""
    if "EXIF" in warning:
        return (
            "has damaged EXIF data, which was ignored (with any rotation it records); check that "
            "the logo is the right way up, or export it again"
        )
    detail = " ".join(warning.split())[:120]
    return f"has a fault the image decoder worked around ({detail}); export it again if it looks wrong"


def _open_bitmap(raw: bytes) -> Image.Image:
    if len(raw) > MAX_BITMAP_BYTES:
        raise LogoProblem(f"is larger than {MAX_BITMAP_BYTES // 1_000_000} MB; a logo is far smaller")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # From bytes, not the path: Pillow keeps the file open when decoding fails.
            image = Image.open(io.BytesIO(raw))
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
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        raise LogoProblem(f"cannot be decoded ({exc}); is the file complete?") from None


def _embeddable_as_is(image: Image.Image, raw: bytes, kind: str | None) -> bool:
    """Files every viewer draws alike: 8-bit RGB(A) PNG, RGB or grey JPEG, upright.
    CMYK and YCCK JPEGs, 16-bit, palette and grey PNGs are drawn wrongly (inverted,
    too dark, without transparency) by some viewers, so they are converted."""
    if image.getexif().get(_ORIENTATION, 1) != 1:
        return False
    if kind == "jpeg":
        return image.mode in ("RGB", "L")
    bit_depth, colour_type = raw[24], raw[25]  # from the PNG header (IHDR)
    return kind == "png" and bit_depth == 8 and colour_type in (2, 6) and "transparency" not in image.info


_ORIENTATION = 0x0112


def _normalised(image: Image.Image, raw: bytes, kind: str | None, clean: bool = False) -> bytes:
    """The logo as a PNG of 8-bit sRGB (with alpha when it has transparency), upright;
    ``clean``: always a new PNG, never the file as it was."""
    if not clean and _embeddable_as_is(image, raw, kind):
        return raw
    try:
        upright = ImageOps.exif_transpose(image) or image
        if upright.mode in ("CMYK", "YCbCr", "LAB"):
            rgb = _to_srgb(upright)
        elif upright.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
            # 16-bit grey: scale to 8 bits (a plain convert would clip everything to white)
            extrema = upright.getextrema()
            highest = float(extrema[1]) if isinstance(extrema, tuple) else 0.0  # type: ignore[arg-type]
            top = 65535 if upright.mode.startswith("I;16") or highest > 255 else 255
            rgb = upright.convert("I").point(lambda v: v * (255 / top)).convert("L").convert("RGB")
        else:
            transparent = upright.mode in ("RGBA", "LA", "PA", "La") or "transparency" in upright.info
            rgb = upright.convert("RGBA" if transparent else "RGB")
        buffer = io.BytesIO()
        rgb.save(buffer, format="PNG")
    except (OSError, ValueError, ImageCms.PyCMSError) as exc:
        raise LogoProblem(f"cannot be converted to RGB ({exc}); save it as an RGB PNG") from None
    return buffer.getvalue()


def _to_srgb(image: Image.Image) -> Image.Image:
    """CMYK (and YCCK, which Pillow decodes to CMYK) to sRGB: through the file's own ICC
    profile when it has one, as print software would, else Pillow's plain conversion."""
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to the plain conversion
    return image.convert("RGB")


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
    pixels = 0
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
        css = style + (el.text or "" if name == "style" else "")
        if name == "filter" or _CSS_FILTER.search(css) or el.get("filter", "").strip() not in ("", "none"):
            # Blurs and other filter effects can take minutes or abort the renderer on
            # a crafted region; a logo for print does not need them. As an element, an
            # attribute, or CSS (style="filter:blur(...)", <style>rect{filter:...}</style>).
            raise LogoProblem("uses SVG filter effects (blur, shadow); export the logo with them flattened")
        if name in ("image", "feImage"):
            pixels += _embedded_pixels(el.get("href") or el.get(_XLINK) or "")
            if pixels > MAX_PIXELS:
                raise LogoProblem(
                    f"embeds images of more than {MAX_PIXELS // 1_000_000} million pixels in all; "
                    "a logo needs far fewer"
                )


_CSS_FILTER = re.compile(r"(?<![\w-])(?:-webkit-)?(?:backdrop-)?filter\s*:\s*(?!\s*none\b)", re.I)
"""A CSS filter property with an effect (``filter: none`` draws nothing extra)."""


def _embedded_pixels(ref: str) -> int:
    """Pixels of a ``data:`` image inside an SVG, read from its header (not decoded)."""
    if not ref.startswith("data:"):
        return 0
    head, _, payload = ref.partition(",")
    if "svg" in head.lower():
        raise LogoProblem("embeds another SVG inside it; flatten it into one drawing")
    try:
        encoded = ";base64" in head.lower()
        data = base64.b64decode(payload, validate=False) if encoded else unquote_to_bytes(payload)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # only the header is read: its size counts, not its faults
            with Image.open(io.BytesIO(data)) as image:
                return int(image.width) * int(image.height)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, binascii.Error):
        raise LogoProblem("embeds an image that cannot be decoded; embed a PNG or JPEG") from None


def _checked_svg(path: Path) -> bytes:
    svg = _read(path)
    if len(svg) > MAX_SVG_BYTES:
        raise LogoProblem(f"is larger than {MAX_SVG_BYTES // 1_000_000} MB; simplify the SVG")
    check_self_contained(svg)
    return svg


SVG_TIMEOUT = 15.0
SVG_MEMORY = 1_500_000_000
_SVG_WORKER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
sys.path.insert(0, {site!r})
import resvg_py
svg = sys.stdin.buffer.read().decode("utf-8-sig")
has_text = "<text" in svg or ":text" in svg  # system fonts are only loaded for text
png = resvg_py.svg_to_bytes(svg_string=svg, width={size}, height={size}, skip_system_fonts=not has_text)
sys.stdout.buffer.write(bytes(png))
"""


def _rasterise_svg(path: Path) -> bytes:
    """SVG -> PNG fitted in SVG_PIXELS x SVG_PIXELS, whatever its proportions.

    resvg (a Rust renderer) aborts the whole process when a crafted SVG asks it for
    more memory than exists (a pattern scaled 100,000 times), so it runs in a child
    process with a memory limit and a timeout: a hostile logo fails its own brand only.
    """
    svg = _checked_svg(path)
    import resvg_py  # where it is installed: the child skips site-packages for a fast start

    site = str(Path(resvg_py.__file__).resolve().parent.parent)
    code = _SVG_WORKER.format(memory=SVG_MEMORY, size=SVG_PIXELS, site=site)
    try:
        done = subprocess.run(
            [sys.executable, "-S", "-c", code],
            input=svg,
            capture_output=True,
            timeout=SVG_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise LogoProblem(f"takes longer than {SVG_TIMEOUT:.0f} s to draw; simplify the SVG") from None
    if done.returncode != 0 or not done.stdout:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1][:200] if lines else f"the renderer stopped (exit {done.returncode})"
        raise LogoProblem(f"is not an SVG we can draw ({reason})")
    return done.stdout


def contain(width: int, height: int, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(left, top, width, height) of an image of that pixel size fitted inside box, centred."""
    left, top, box_w, box_h = box
    scale = min(box_w / width, box_h / height)
    w, h = round(width * scale), round(height * scale)
    return left + (box_w - w) // 2, top + (box_h - h) // 2, w, h
