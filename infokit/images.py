"""Logos: recognise them by content, refuse hostile ones, hand the renderer a good bitmap.

PNG and JPEG are embedded as they are; SVG is rasterised (resvg) to a PNG large
enough for print, because LibreOffice draws the PNG of an SVG picture anyway
(DESIGN.md section 6). Nothing here fetches or reads anything outside the logo file.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import functools
import io
import re
import signal
import struct
import subprocess
import sys
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes

from lxml import etree
from PIL import Image, ImageCms, ImageOps

from infokit import logolook, safeio, xmlerrors

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".svgz")
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
        raw = _read(path)
        if sniff(raw[:4096]) in ("png", "jpeg"):
            _load(path, path.stat().st_mtime_ns)
        elif _svg_bytes(raw) is None:
            return f"'{name or path.name}' {_what_it_is(raw)}"
        # An SVG is checked here and drawn when rendering: an up-to-date check stays cheap.
    except LogoProblem as exc:
        return exc.about(path, name)
    return None


class LogoProblem(Exception):
    """What is wrong with a logo, in words that follow its name ("is not ...")."""

    def about(self, path: Path, name: str | None = None) -> str:
        """``name``: the file as the brand file wrote it (a symlink's own name)."""
        return f"'{name or path.name}' {self}"


class NotDrawn(LogoProblem):
    """The renderer failed on a logo that passed every check; the reason is ours, short
    and plain, never the renderer's own text (a Rust panic, a traceback)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the logo could not be drawn: {reason}")

    def about(self, path: Path, name: str | None = None) -> str:
        return f"'{name or path.name}': {self}"


def logo_bitmap(path: Path) -> Bitmap:
    """The logo as a bitmap at print resolution; SVG rasterised once per process."""
    return _load(path, path.stat().st_mtime_ns)


def brand_logo(source: Path, path: Path) -> Bitmap:
    """The logo of the brand read from ``source``; a logo that cannot be drawn, or draws
    nothing anyone could see, is that brand's error (file, key ``logo``, the logo's name
    and why), in build, batch and the FAQ."""
    from infokit.errors import BrandError, Problem

    try:
        return logo_bitmap(path)
    except LogoProblem as exc:
        raise BrandError(Problem(source, "logo", exc.about(path))) from None


@functools.lru_cache(maxsize=4)  # bridges validation and rendering of one brand; a batch
def _load(path: Path, mtime_ns: int) -> Bitmap:  # worker must not hoard logos of up to 30 MB
    raw = _read(path)
    kind = sniff(raw[:4096])
    svg = None if kind in ("png", "jpeg") else _svg_bytes(raw)
    with warnings.catch_warnings(record=True) as caught:  # never Python's own warning lines
        warnings.simplefilter("always")
        if svg is not None:
            data = _rasterise_svg(svg)
        else:
            image = _open_bitmap(raw)
            # A file the decoder had to work around is embedded as a clean copy, so no later
            # reader (the FAQ page, LibreOffice) meets its fault again.
            data = _normalised(image, raw, kind)
            if caught and data is raw:
                data = _normalised(image, raw, kind, clean=True)
        seen = logolook.look(data)  # on what is drawn: an SVG's raster, a bitmap made upright sRGB
    problem = logolook.nothing_drawn(seen, vector=svg is not None)
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


def _draws_nothing(image: Image.Image) -> bool:
    if image.mode not in ("RGBA", "LA", "PA", "La") and "transparency" not in image.info:
        return False
    return image.convert("RGBA").getchannel("A").getbbox() is None


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
        # Pillow's own words name its internals ("cannot identify image file <_io.BytesIO
        # object at 0x...>"): say what they mean instead.
        damage = "it is cut short" if "runcated" in str(exc) else "its data is damaged"
        raise LogoProblem(f"cannot be decoded ({damage}); is the file complete? Export it again") from None


def bitmap_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from an image's header, without decoding its pixels; None when
    Pillow cannot read the header. Pillow's own bomb check is off here: the caller
    compares the size with its limit and names it."""
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(io.BytesIO(data)) as image:
            return int(image.width), int(image.height)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        return None
    finally:
        Image.MAX_IMAGE_PIXELS = limit


_OTHER_FORMATS = (
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF", "a PDF document (an Illustrator file?)"),
    (b"%!PS", "a PostScript (EPS) file"),
    (b"8BPS", "a Photoshop (PSD) file"),
    (b"\x00\x00\x01\x00", "an icon (ICO) file"),
    (b"PK\x03\x04", "a zip archive (an Office document?)"),
)


def _what_it_is(raw: bytes) -> str:
    """Words for a file that is no logo format, naming what it is when that is known."""
    if not raw.strip():
        return "is empty; export the logo again as PNG, JPEG or SVG"
    head = raw[:16]
    kind = next((name for magic, name in _OTHER_FORMATS if head.startswith(magic)), None)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = "a WebP image"
    elif head[4:8] == b"ftyp":
        kind = "an AVIF image" if head[8:12] in (b"avif", b"avis") else "a HEIC image or video"
    if kind:
        return f"is {kind}, not a PNG, JPEG or SVG (judged by its content); export the logo as PNG"
    return "is not a PNG, JPEG or SVG image (judged by its content)"


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
        raise LogoProblem(xmlerrors.plain(exc)) from None
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


def _svg_bytes(raw: bytes) -> bytes | None:
    """The SVG in ``raw`` as checked UTF-8 bytes without an XML declaration, or None when
    ``raw`` is no SVG. Takes what editors write: gzip-compressed (.svgz, or gzip bytes
    named .svg) and UTF-16 or UTF-32 text, as well as UTF-8 and declared encodings."""
    if len(raw) > MAX_SVG_BYTES:
        if _looks_like_svg(raw[:4096].decode("utf-8", "replace")):
            raise LogoProblem(f"is larger than {MAX_SVG_BYTES // 1_000_000} MB; simplify the SVG")
        return None
    if raw.startswith(b"\x1f\x8b"):
        raw = _gunzip(raw)
    text = _svg_text(raw)
    if text is None or not _looks_like_svg(text[:4096]):
        return None
    svg = _XML_DECLARATION.sub("", text, count=1).encode("utf-8")
    check_self_contained(svg)
    return svg


_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_WIDE = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def _looks_like_svg(head: str) -> bool:
    text = head.lstrip("\ufeff \t\r\n").lower()
    starts = text.startswith(("<?xml", "<svg", "<!--", "<!doctype svg"))
    return starts and "<svg" in head.lower()


def _svg_text(raw: bytes) -> str | None:
    """The text of a would-be SVG in the encoding its bytes show, or None if it is binary."""
    encoding = next((name for bom, name in _WIDE if raw.startswith(bom)), None)
    if encoding is None:
        if b"\x00" in raw[:4096]:
            return None  # binary, not text
        declared = _ENCODING.match(raw)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8-sig"
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise LogoProblem(
                f"declares the character encoding {encoding!r}, which is unknown; save it as UTF-8"
            ) from None
        if encoding.lower().replace("-", "").replace("_", "") in ("utf16", "utf32"):
            encoding = "utf-8-sig"  # declared wide but written as ASCII: lxml reads it so too
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if not _looks_like_svg(raw[:4096].decode("latin-1")):
            return None
        raise LogoProblem(
            f"is not valid {encoding.upper().removesuffix('-SIG')} text (byte {exc.start}); save it as UTF-8"
        ) from None
    return text.lstrip("\ufeff")


def _gunzip(raw: bytes) -> bytes:
    """A gzip-compressed SVG unpacked, never past MAX_SVG_BYTES however it was packed
    (gzip files may hold several members one after the other: all are read)."""
    data = b""
    rest = raw
    while rest:
        unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            data += unpacker.decompress(rest, MAX_SVG_BYTES + 1 - len(data))
        except zlib.error:
            raise LogoProblem("is gzip-compressed but damaged; save the SVG again") from None
        if len(data) > MAX_SVG_BYTES or unpacker.unconsumed_tail:
            raise LogoProblem(
                f"unpacks to more than {MAX_SVG_BYTES // 1_000_000} MB; an SVG logo is at most "
                f"{MAX_SVG_BYTES // 1_000_000} MB unpacked: simplify it"
            )
        if not unpacker.eof:
            raise LogoProblem("is gzip-compressed but cut short (is the file complete?)")
        rest = unpacker.unused_data.lstrip(b"\x00")  # gzip pads with zeros on some tapes
    return data


SVG_TIMEOUT = 15.0
SVG_MEMORY = 1_500_000_000
_REASON = "infokit-reason:"
_SVG_WORKER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
sys.path.insert(0, {site!r})
import resvg_py
svg = sys.stdin.buffer.read().decode("utf-8")
has_text = "<text" in svg or ":text" in svg  # system fonts are only loaded for text
try:
    png = resvg_py.svg_to_bytes(svg_string=svg, width={size}, height={size}, skip_system_fonts=not has_text)
except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException (a BaseException)
    sys.stderr.write("\\n{reason}" + type(exc).__name__ + ":" + " ".join(str(exc).split())[:300] + "\\n")
    sys.exit(3)
sys.stdout.buffer.write(bytes(png))
"""


def _rasterise_svg(svg: bytes) -> bytes:
    """SVG -> PNG fitted in SVG_PIXELS x SVG_PIXELS, whatever its proportions.

    resvg (a Rust renderer) aborts the whole process when a crafted SVG asks it for
    more memory than exists (a pattern scaled 100,000 times), so it runs in a child
    process with a memory limit and a timeout: a hostile logo fails its own brand only.
    """
    import resvg_py  # where it is installed: the child skips site-packages for a fast start

    site = str(Path(resvg_py.__file__).resolve().parent.parent)
    code = _SVG_WORKER.format(memory=SVG_MEMORY, size=SVG_PIXELS, site=site, reason=_REASON)
    try:
        done = subprocess.run(
            [sys.executable, "-S", "-c", code],
            input=svg,
            capture_output=True,
            timeout=SVG_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise NotDrawn(f"it takes longer than {SVG_TIMEOUT:.0f} s; simplify the SVG") from None
    if done.returncode != 0 or not done.stdout:
        raise NotDrawn(_draw_failure(done.returncode, done.stderr.decode("utf-8", "replace")))
    return done.stdout


_EXPORT = "simplify the SVG, or export the logo as a PNG"


def _draw_failure(returncode: int, stderr: str) -> str:
    """Why the renderer stopped, in our words: its own (a Rust panic with source paths,
    an allocator's abort) would mean nothing to the person who made the logo."""
    reported = [line.removeprefix(_REASON) for line in stderr.splitlines() if line.startswith(_REASON)]
    kind, _, detail = reported[-1].partition(":") if reported else ("", "", "")
    if returncode == -signal.SIGSEGV:  # resvg recurses per nested element: a stack overflow
        return f"it nests elements too deeply (or is too complex) for the renderer; {_EXPORT}"
    if kind == "MemoryError" or returncode < 0 or "memory allocation" in stderr:
        return f"it needs more than {SVG_MEMORY / 1e9:.1f} GB of memory to draw; {_EXPORT}"
    if kind == "ValueError" and "size" in detail:
        return "it has no size (its width, height or viewBox is 0 or negative); give it a size"
    if kind == "PanicException":
        return f"the SVG renderer (resvg) failed on something in it; {_EXPORT}"
    return f"the SVG renderer refused it; {_EXPORT}"


def contain(width: int, height: int, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(left, top, width, height) of an image of that pixel size fitted inside box, centred."""
    left, top, box_w, box_h = box
    scale = min(box_w / width, box_h / height)
    w, h = round(width * scale), round(height * scale)
    return left + (box_w - w) // 2, top + (box_h - h) // 2, w, h
