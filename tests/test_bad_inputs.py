"""Every case in tests/bad_inputs/cases.yaml through `infokit build` (or `batch`): the
documented exit code, one clear message naming the file, no traceback, nothing written
outside -o (nothing at all for a build), earlier outputs untouched, within seconds and
a bounded amount of memory."""

from __future__ import annotations

import base64
import gzip
import io
import json
import os
import re
import resource
import shutil
import socket
import struct
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from infokit.cli import app

from .conftest import ROOT

CORPUS: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests" / "bad_inputs" / "cases.yaml").read_text("utf-8")
)
CASES = [c for c in CORPUS if "renders" not in c]
"""Errors; the valid hostile brands (`renders:`) are built and checked in test_faq.py."""
GOOD = {
    "organization": "Hostile Input Clinic",
    "industry": "healthcare",
    "colors": "{primary: '#0F6CBD'}",
    "links": "{booking: 'https://hostile.example/book'}",
}


def good_lines(rest: str) -> str:
    """The valid keys the case does not set itself (a key given twice is its own error)."""
    own = set(re.findall(r"^(\w+):", rest, flags=re.M))
    return "\n".join(f"{key}: {value}" for key, value in GOOD.items() if key not in own)


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as f:
        f.truncate(size)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _template_with(change: Callable[[dict[str, bytes]], None]) -> bytes:
    with zipfile.ZipFile(ROOT / "templates" / "generic-letter.pptx") as z:
        parts = {name: z.read(name) for name in z.namelist()}
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _dtd(parts: dict[str, bytes]) -> None:
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"?>", b'?><!DOCTYPE Types [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
    )


GENERATORS: dict[str, Callable[[Path], object]] = {
    "binary": lambda p: p.write_bytes(b"\x00\x01\x02PK\x03\x04\xff\xfe" * 512),
    "fifty_megabytes": lambda p: _sparse(p, 50_000_000),
    "latin1": lambda p: p.write_bytes(
        f"{good_lines('organization:')}\norganization: Café\n".encode("latin-1")
    ),
    "billion_laughs": lambda p: p.write_text(
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    ),
    "long_booking_link": lambda p: p.write_text(
        good_lines("links:") + f"\nlinks: {{booking: 'https://x.example/{'a' * 400}'}}\n"
    ),
    "long_name": lambda p: p.write_text(good_lines("organization:") + f"\norganization: {'N' * 500}\n"),
    "truncated_png": lambda p: p.write_bytes(
        (ROOT / "brands" / "logos" / "northwind-outfitters.png").read_bytes()[:2000]
    ),
    "decompression_bomb": lambda p: p.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 1, 0, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _png_chunk(b"IEND", b"")
    ),
    "macro_template": lambda p: p.write_bytes(
        _template_with(lambda parts: parts.update({"ppt/vbaProject.bin": b"x"}))
    ),
    "zip_bomb": lambda p: p.write_bytes(
        _template_with(lambda parts: parts.update({"ppt/media/big.bin": bytes(20_000_000)}))
    ),
    "dtd_template": lambda p: p.write_bytes(_template_with(_dtd)),
}


SLIDE = "ppt/slides/slide1.xml"
SLIDE_RELS = "ppt/slides/_rels/slide1.xml.rels"


def _named(name: str) -> bytes:
    """A contract shape's name attribute as the built-in templates write it: the name,
    then any flow tag (``infokit:notes @page.9``)."""
    return rb'name="' + re.escape(name.encode()) + rb'(?: @[^"]*)?"'


def _rename_shape(old: str, new: str) -> Callable[[Path], object]:
    """The template with the first shape named ``old`` (flow tag kept) renamed ``new``."""

    def change(parts: dict[str, bytes]) -> None:
        found = re.search(_named(old), parts[SLIDE])
        assert found, old
        renamed = found.group(0).replace(old.encode(), new.encode(), 1)
        parts[SLIDE] = parts[SLIDE][: found.start()] + renamed + parts[SLIDE][found.end() :]

    return lambda p: p.write_bytes(_template_with(change))


def _shape_xfrm(name: str, attrs: bytes = b"", ext: bytes | None = None) -> Callable[[Path], object]:
    """The template with the named shape's xfrm given ``attrs`` or its ext replaced."""

    def change(parts: dict[str, bytes]) -> None:
        xml = parts[SLIDE]
        found = re.search(_named(name), xml)
        assert found, name
        at = found.start()
        start = xml.index(b"<a:xfrm", at)
        end = xml.index(b"</a:xfrm>", start)
        xfrm = xml[start:end]
        if attrs:
            xfrm = xfrm.replace(b"<a:xfrm", b"<a:xfrm " + attrs, 1)
        if ext is not None:
            xfrm = re.sub(rb"<a:ext [^>]*/>", ext, xfrm)
        parts[SLIDE] = xml[:start] + xfrm + xml[end:]

    return lambda p: p.write_bytes(_template_with(change))


def _hyperlink(target: str) -> Callable[[Path], object]:
    def change(parts: dict[str, bytes]) -> None:
        rel = (
            f'<Relationship Id="rId99" TargetMode="External" Target="{target}" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/hyperlink"/></Relationships>'
        )
        parts[SLIDE_RELS] = parts[SLIDE_RELS].replace(b"</Relationships>", rel.encode())

    return lambda p: p.write_bytes(_template_with(change))


def _content_type_parameter(parts: dict[str, bytes]) -> None:
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"slide+xml", b"slide+xml; charset=utf-8", 1
    )


def _many_shapes(parts: dict[str, bytes]) -> None:
    shapes = "".join(
        f'<p:sp><p:nvSpPr><p:cNvPr id="{5000 + i}" name="Box {i}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{i * 100}" y="0"/><a:ext cx="1000" cy="1000"/></a:xfrm></p:spPr></p:sp>'
        for i in range(5000)
    )
    parts[SLIDE] = parts[SLIDE].replace(b"</p:spTree>", shapes.encode() + b"</p:spTree>", 1)


def _long_text_shape(parts: dict[str, bytes]) -> None:
    token = "{{links.booking}}" * 20_000  # 340,000 characters in one text box
    shape = (
        '<p:sp><p:nvSpPr><p:cNvPr id="9999" name="Long"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1000000" cy="1000000"/></a:xfrm></p:spPr>'
        f"<p:txBody><a:bodyPr/><a:p><a:r><a:t>{token}</a:t></a:r></a:p></p:txBody></p:sp>"
    )
    parts[SLIDE] = parts[SLIDE].replace(b"</p:spTree>", shape.encode() + b"</p:spTree>", 1)


def _entity_in(part: str) -> Callable[[Path], object]:
    def change(parts: dict[str, bytes]) -> None:
        parts[part] = parts[part].replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "entity">]>', 1)

    return lambda p: p.write_bytes(_template_with(change))


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _socket(p: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(p))
    sock.close()


def _link_to(target: str) -> Callable[[Path], object]:
    return lambda p: p.symlink_to(target)


def _font_table_filled(byte: int, tag: bytes | None = b"glyf") -> Callable[[Path], object]:
    """Open Sans with its glyph table (or every table) overwritten: zeros draw nothing,
    0xFF is damaged."""

    def fill(table: bytes, data: bytearray, offset: int, length: int) -> None:
        if tag in (None, table):
            data[offset : offset + length] = bytes([byte]) * length

    return _font_tables(fill)


def _font_edited(edit: Callable[[Any], None]) -> Callable[[Path], object]:
    """Open Sans changed by ``edit`` (a fontTools TTFont) and saved."""

    def make(p: Path) -> None:
        from fontTools.ttLib import TTFont

        with TTFont(ROOT / "tests" / "fonts" / "OpenSans-Regular.ttf") as font:
            edit(font)
            font.save(p)

    return make


def _cmap_to_notdef(font: Any) -> None:
    for table in font["cmap"].tables:
        table.cmap = dict.fromkeys(table.cmap, ".notdef")


def _italic(font: Any) -> None:
    font["OS/2"].fsSelection = (font["OS/2"].fsSelection | 1) & ~0x40  # italic, not regular


def _glyf_past_the_end(p: Path) -> None:
    """Open Sans whose table directory says the glyph table runs past the end of the file."""
    data = bytearray((ROOT / "tests" / "fonts" / "OpenSans-Regular.ttf").read_bytes())
    for i in range(struct.unpack(">H", data[4:6])[0]):
        entry = 12 + 16 * i
        if data[entry : entry + 4] == b"glyf":
            data[entry + 12 : entry + 16] = struct.pack(">I", len(data))
    p.write_bytes(bytes(data))


def _font_tables(change: Callable[[bytes, bytearray, int, int], None]) -> Callable[[Path], object]:
    """Open Sans with ``change(tag, data, offset, length)`` applied to each table."""

    def make(p: Path) -> None:
        data = bytearray((ROOT / "tests" / "fonts" / "OpenSans-Regular.ttf").read_bytes())
        for i in range(struct.unpack(">H", data[4:6])[0]):
            tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            change(tag, data, offset, length)
        p.write_bytes(bytes(data))

    return make


def _font_collection(p: Path) -> None:
    from fontTools.ttLib import TTCollection, TTFont

    collection = TTCollection()
    collection.fonts = [TTFont(ROOT / "tests" / "fonts" / f"OpenSans-{w}.ttf") for w in ("Regular", "Bold")]
    collection.save(p)


def _font_subset(text: str) -> Callable[[Path], object]:
    """Open Sans holding glyphs for ``text`` only, as a web designer's subset export."""

    def make(p: Path) -> None:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        with TTFont(ROOT / "tests" / "fonts" / "OpenSans-Regular.ttf") as font:
            subsetter = subset.Subsetter(subset.Options())
            subsetter.populate(text=text)
            subsetter.subset(font)
            font.save(p)

    return make


def _woff(p: Path) -> None:
    from fontTools.ttLib import TTFont

    with TTFont(ROOT / "tests" / "fonts" / "OpenSans-Regular.ttf") as font:
        font.flavor = "woff"
        font.save(p)


def _svg_with_image(width: int, height: int) -> Callable[[Path], object]:
    """An SVG embedding a PNG header of that size (its pixels count, not its bytes)."""

    def make(p: Path) -> None:
        png = (
            b"\x89PNG\r\n\x1a\n"
            + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 100))
            + _png_chunk(b"IEND", b"")
        )
        data = base64.b64encode(png).decode()
        p.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            f'<image width="10" height="10" href="data:image/png;base64,{data}"/></svg>'
        )

    return make


def _deep_yaml(p: Path) -> None:
    p.write_text(good_lines("notes:") + "\nnotes: " + "[" * 5000 + "]" * 5000 + "\n")


def _huge_cell_csv(p: Path) -> None:
    p.write_text(
        "organization,industry,colors.primary,links.booking,notes\n"
        f"Huge Cell Clinic,healthcare,#2E7D32,https://h.example/b,{'x' * 200_000}\n"
    )


GENERATORS.update(
    {
        "fifo": _fifo,
        "socket": _socket,
        "dev_zero": _link_to("/dev/zero"),
        "dev_urandom": _link_to("/dev/urandom"),
        "passwd_link": _link_to("/etc/passwd"),  # a file any machine has, outside every case folder
        "deep_yaml": _deep_yaml,
        "utf16": lambda p: p.write_text(good_lines(""), encoding="utf-16"),
        "utf16_no_bom": lambda p: p.write_bytes(good_lines("").encode("utf-16-le")),
        "utf32": lambda p: p.write_text(good_lines(""), encoding="utf-32"),
        "utf16_csv": lambda p: p.write_text("organization,industry\nA,retail\n", encoding="utf-16"),
        "cp1252_csv": lambda p: p.write_bytes("organization,industry\nCafé Ünïon,retail\n".encode("cp1252")),
        "huge_cell_csv": _huge_cell_csv,
        "entity_in_slide": _entity_in(SLIDE),
        "entity_in_rels": _entity_in(SLIDE_RELS),
        "entity_in_theme": _entity_in("ppt/theme/theme1.xml"),
        "hyperlink_file": _hyperlink("file:///etc/passwd"),
        "hyperlink_javascript": _hyperlink("javascript:alert(1)"),
        "hyperlink_zero_width": _hyperlink("https://bank.example/\u200blogin"),
        "qr_zero_size": _shape_xfrm("infokit:qr:booking", ext=b'<a:ext cx="0" cy="1051560"/>'),
        "logo_negative_size": _shape_xfrm("infokit:logo", ext=b'<a:ext cx="-5" cy="-5"/>'),
        "qr_rotated": _shape_xfrm("infokit:qr:booking", attrs=b'rot="2700000"'),
        "logo_rotated": _shape_xfrm("infokit:logo", attrs=b'rot="5400000"'),
        "duplicate_logo": _rename_shape("infokit:notes", "infokit:logo"),
        "misspelt_link_shape": _rename_shape("infokit:links", "infokit:link:bil..ing"),
        "unknown_shape": _rename_shape("infokit:notes", "infokit:bdge"),
        "duplicate_qr": _rename_shape("infokit:links", "infokit:qr:booking"),
        "content_type_parameter": lambda p: p.write_bytes(_template_with(_content_type_parameter)),
        "five_thousand_shapes": lambda p: p.write_bytes(_template_with(_many_shapes)),
        "long_text_shape": lambda p: p.write_bytes(_template_with(_long_text_shape)),
        "font_zero_glyphs": _font_table_filled(0),
        "font_damaged_glyphs": _font_table_filled(0xFF),
        "woff_named_ttf": _woff,
        "woff2_named_ttf": lambda p: p.write_bytes(b"wOF2\x00\x01\x00\x00" + bytes(2000)),
        "font_cmap_to_notdef": _font_edited(_cmap_to_notdef),
        "font_italic_only": _font_edited(_italic),
        "font_glyf_past_the_end": _glyf_past_the_end,
        "font_collection": _font_collection,
        "font_subset_testorg": _font_subset("TestOrg"),
        "font_tables_zeroed": _font_table_filled(0, tag=None),
        "font_otto_header": lambda p: p.write_bytes(
            b"OTTO" + (ROOT / "tests" / "fonts" / "OpenSans-Regular.ttf").read_bytes()[4:]
        ),
        "font_without_name": _font_edited(lambda font: font.__delitem__("name")),
        "svg_big_embedded_image": _svg_with_image(6000, 6000),
        "svg_many_embedded_images": lambda p: p.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            + "".join(
                f'<image width="1" height="1" href="data:image/png;base64,{_png_b64(3000, 1000)}"/>'
                for _ in range(10)
            )
            + "</svg>"
        ),
    }
)


SVG_RECT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
)


def _svgz_bomb(p: Path) -> None:
    """200 MB of SVG in 200 kB of gzip: unpacking must stop at the 5 MB cap."""
    p.write_bytes(gzip.compress(b'<svg xmlns="http://www.w3.org/2000/svg">' + b" " * 200_000_000 + b"</svg>"))


def _svg_deep(p: Path) -> None:
    p.write_text('<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 300 + "</g>" * 300 + "</svg>")


def _transparent_png(p: Path) -> None:
    from PIL import Image

    Image.new("RGBA", (40, 20), (255, 0, 0, 0)).save(p)


def _broken_part(part: str) -> Callable[[Path], object]:
    """The template with one XML part cut short."""

    def change(parts: dict[str, bytes]) -> None:
        parts[part] = parts[part][:-20]

    return lambda p: p.write_bytes(_template_with(change))


def _deep_part(part: str, end: bytes) -> Callable[[Path], object]:
    """The template with 300 nested elements inside one part (libxml2 stops at 256)."""

    def change(parts: dict[str, bytes]) -> None:
        parts[part] = parts[part].replace(end, b"<a:x>" * 300 + b"</a:x>" * 300 + end, 1)

    return lambda p: p.write_bytes(_template_with(change))


def _template_picture(data: bytes) -> Callable[[Path], object]:
    """The template with a picture (of any pixel size) related to slide 1."""

    def change(parts: dict[str, bytes]) -> None:
        parts["ppt/media/image9.png"] = data
        rel = (
            '<Relationship Id="rId77" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/image" Target="../media/image9.png"/></Relationships>'
        )
        parts[SLIDE_RELS] = parts[SLIDE_RELS].replace(b"</Relationships>", rel.encode())

    return lambda p: p.write_bytes(_template_with(change))


def _png_header(width: int, height: int) -> bytes:
    """A 1-bit PNG claiming that size, with a tiny compressed body (a decompression bomb)."""
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _png_chunk(b"IEND", b"")
    )


def _parts_changed(change: Callable[[dict[str, bytes]], None]) -> Callable[[Path], object]:
    return lambda p: p.write_bytes(_template_with(change))


def _without(part: str) -> Callable[[Path], object]:
    def change(parts: dict[str, bytes]) -> None:
        del parts[part]

    return _parts_changed(change)


def _replaced(part: str, old: bytes, new: bytes) -> Callable[[Path], object]:
    def change(parts: dict[str, bytes]) -> None:
        assert old in parts[part], old
        parts[part] = parts[part].replace(old, new)

    return _parts_changed(change)


def _duplicate_entry(p: Path) -> None:
    """A zip with slide 1 twice: readers disagree on which one counts."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate
        data = _template_with(lambda parts: None)
        out = io.BytesIO(data)
        with zipfile.ZipFile(out, "a") as z:
            z.writestr(SLIDE, b'<?xml version="1.0"?><x/>')
    p.write_bytes(out.getvalue())


def _word_document(p: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="x"/>')
        z.writestr("word/document.xml", b"<w/>")
    p.write_bytes(out.getvalue())


def _saved(p: Path, kind: str) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), (200, 0, 0)).save(p, kind)


def _many_yaml(section: str, line: Callable[[int], str], count: int) -> Callable[[Path], object]:
    return lambda p: p.write_text(
        good_lines(f"{section}:") + f"\n{section}:\n" + "".join(line(i) for i in range(count))
    )


GENERATORS.update(
    {
        "svg_utf16_broken": lambda p: p.write_bytes(SVG_RECT.replace("</svg>", "").encode("utf-16")),
        "svg_unknown_encoding": lambda p: p.write_bytes(
            b'<?xml version="1.0" encoding="x-klingon"?>' + SVG_RECT.encode()
        ),
        "svg_bad_utf8": lambda p: p.write_bytes(
            SVG_RECT.replace("<rect", "<!-- \udcff --><rect").encode("utf-8", "surrogateescape")
        ),
        "svgz_bomb": _svgz_bomb,
        "svgz_truncated": lambda p: p.write_bytes(gzip.compress(SVG_RECT.encode() * 50)[:60]),
        "svgz_damaged": lambda p: p.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 64),
        "svgz_script": lambda p: p.write_bytes(
            gzip.compress(SVG_RECT.replace("<rect", "<script>alert(1)</script><rect").encode())
        ),
        "svg_deep": _svg_deep,
        "transparent_png": _transparent_png,
        "broken_theme": _broken_part("ppt/theme/theme1.xml"),
        "broken_layout": _broken_part("ppt/slideLayouts/slideLayout7.xml"),
        "broken_master": _broken_part("ppt/slideMasters/slideMaster1.xml"),
        "broken_core_properties": _broken_part("docProps/core.xml"),
        "broken_slide_rels": _broken_part(SLIDE_RELS),
        "deep_slide": _deep_part(SLIDE, b"</p:spTree>"),
        "deep_theme": _deep_part("ppt/theme/theme1.xml", b"</a:theme>"),
        "template_picture_bomb": _template_picture(_png_header(30000, 30000)),
        "template_picture_26_megapixels": _template_picture(_png_header(6000, 5000)),
        "template_picture_undecodable": _template_picture(b"\x89PNG\r\n\x1a\n" + bytes(100)),
        "fifty_thousand_text_keys": _many_yaml("text", lambda i: f"  k{i}: v\n", 50_000),
        "ten_thousand_notes": _many_yaml("notes", lambda i: f"  - n{i}\n", 10_001),
        "gif_named_png": lambda p: _saved(p, "GIF"),
        "webp_named_png": lambda p: _saved(p, "WEBP"),
        "tiff_named_jpg": lambda p: _saved(p, "TIFF"),
        "png_bad_header_crc": lambda p: p.write_bytes(_png_header(40, 20)[:29] + bytes(8)),
        "template_without_its_slide": _without(SLIDE),
        "template_without_presentation_rels": _without("ppt/_rels/presentation.xml.rels"),
        "template_slide_of_another_kind": _parts_changed(
            lambda parts: parts.update(
                {SLIDE: parts[SLIDE].replace(b"<p:sld ", b"<p:notes ").replace(b"</p:sld>", b"</p:notes>")}
            )
        ),
        "template_theme_without_colours": _replaced("ppt/theme/theme1.xml", b"clrScheme", b"clrSchemX"),
        "template_position_not_a_number": _replaced(SLIDE, b'<a:off x="', b'<a:off x="1e3'),
        "template_rotation_not_a_number": _replaced(SLIDE, b"<a:xfrm", b'<a:xfrm rot="ninety"'),
        "template_slide_size_zero": _replaced(
            "ppt/presentation.xml", b'<p:sldSz cx="7772400" cy="10058400"', b'<p:sldSz cx="0" cy="0"'
        ),
        "template_relationship_out_of_the_package": _replaced(
            SLIDE_RELS,
            b"</Relationships>",
            b'<Relationship Id="rId55" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/image" Target="../../../../etc/passwd"/></Relationships>',
        ),
        "template_duplicate_entry": _duplicate_entry,
        "template_word_document": _word_document,
        "industry_of_200000_characters": lambda p: p.write_text(
            f"{good_lines('industry:')}\nindustry: {'h' * 200_000}\n"
        ),
        "key_of_2000_characters": lambda p: p.write_text(f"{good_lines('')}\n{'k' * 2000}: x\n"),
        "number_of_5000_digits": lambda p: p.write_text(f"{good_lines('paper:')}\npaper: {'9' * 5000}\n"),
        "hex_number_of_5000_digits": lambda p: p.write_text(
            f"{good_lines('paper:')}\npaper: 0x{'f' * 5000}\n"
        ),
    }
)


def _png_b64(width: int, height: int) -> str:
    png = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _png_chunk(b"IEND", b"")
    )
    return base64.b64encode(png).decode()


def materialise(case: dict[str, Any], folder: Path) -> Path:
    brand = folder / "brand.yaml"
    if "brand" in case:
        text = case["brand"]
        brand.write_text(text.replace("GOOD", good_lines(text)), encoding="utf-8")
    for name, content in (case.get("files") or {}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            GENERATORS[content["generate"]](target)
        else:
            target.write_text(content, encoding="utf-8")
    return brand


LEAKS = ("XML_PARSE_HUGE", "(<string>, line", "panicked", "PanicException", "RUST_BACKTRACE", "lxml")


def test_the_corpus_is_large_enough_and_names_are_unique() -> None:
    assert len(CASES) >= 40
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case: dict[str, Any], tmp_path: Path) -> None:
    brand = materialise(case, tmp_path)
    out = tmp_path / "out"
    earlier = out / "earlier.txt"
    out.mkdir()
    earlier.write_text("an earlier output")
    outside = tmp_path / "outside"  # where symlinks under -o point: must stay empty
    outside.mkdir()
    links = []
    for name, kind in (case.get("out_links") or {}).items():
        link = out / name
        link.parent.mkdir(parents=True, exist_ok=True)
        target = outside / name.replace("/", "-")
        if kind == "dir":
            target.mkdir()
        link.symlink_to(target)
        links.append(link)
    command = case.get("command", "build")
    sources = [str(tmp_path / s) for s in case.get("sources", [])] or [str(brand)]
    args = [command, *sources, "-o", str(out)]
    report = tmp_path / "report.json"
    if command == "batch":
        args += ["-f", "pptx", "--report", str(report), "--jobs", "1"]
    args += [str(a).replace("{tmp}", str(tmp_path)) for a in case.get("args", [])]  # the last one counts
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    result = CliRunner().invoke(app, args)
    seconds = time.monotonic() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before) / 1024
    assert result.exit_code == case["exit"], result.stderr
    flat = re.sub(r"[\s│]+", " ", result.stderr)  # usage errors come in a wrapped panel
    assert case["message"] in result.stderr or case["message"] in flat, result.stderr
    for leak in LEAKS:  # parser and renderer internals never reach the user
        assert leak not in result.stderr, leak
    for absent in case.get("absent", []):
        assert absent not in result.stderr, absent
    if "times" in case:  # a problem shared by many rows is reported once
        assert flat.count(case["message"]) == case["times"], result.stderr
    if case.get("names_file", True):
        assert str(tmp_path) in result.stderr  # the message names the file
    assert ("Traceback" not in result.stderr and not isinstance(result.exception, Exception)) or (
        isinstance(result.exception, SystemExit)
    )
    if command == "batch" and case["exit"] == 4:
        entries = json.loads(report.read_text("utf-8"))["organizations"]
        failed = [e for e in entries if e["status"] == "failed"]
        assert failed and all(e["error"]["problems"] for e in failed)
        assert sum(e["status"] == "built" for e in entries) == case.get("built", 0), entries
    else:
        expected = {"earlier.txt", *(str(link.relative_to(out)) for link in links)}
        expected |= {str(link.parent.relative_to(out)) for link in links if link.parent != out}
        assert {str(p.relative_to(out)) for p in out.rglob("*")} == expected  # nothing written
    assert list(outside.rglob("*")) == [p for p in outside.iterdir() if p.is_dir()]  # nothing through links
    assert earlier.read_text() == "an earlier output"
    assert seconds < 20, seconds
    assert grown_mb < 500, grown_mb
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_the_readme_states_the_limits_the_code_enforces() -> None:
    from infokit import csvsource, fonts, images, package, templatecheck, yamlsource

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Untrusted input") : readme.index("## From Python")]
    mb = 1_000_000
    for phrase, value in (
        (f"brand file {yamlsource.MAX_BYTES // mb} MB", yamlsource.MAX_BYTES),
        (f"CSV\n  {csvsource.MAX_CSV_BYTES // mb} MB", csvsource.MAX_CSV_BYTES),
        (f"bitmap logo {images.MAX_BITMAP_BYTES // mb} MB", images.MAX_BITMAP_BYTES),
        (f"SVG logo {images.MAX_SVG_BYTES // mb} MB", images.MAX_SVG_BYTES),
        (f"font file {fonts.MAX_FONT_BYTES // mb} MB", fonts.MAX_FONT_BYTES),
        (f"template {package.MAX_TEMPLATE_BYTES // mb} MB", package.MAX_TEMPLATE_BYTES),
    ):
        assert value % mb == 0 and phrase in section, phrase
    assert f"deeper than\n  {yamlsource.MAX_DEPTH} levels" in section
    assert f"at most {templatecheck.MAX_SHAPES} shapes" in section
    assert f"{templatecheck.MAX_SHAPE_TEXT:,} characters of text" in section
    assert f"{images.MAX_PIXELS // mb} megapixels in\n  all" in section
    assert f"{images.SVG_PIXELS} x {images.SVG_PIXELS} pixels" in section
    count = re.search(r"holds (\d+) broken and hostile inputs", section)
    assert count and int(count.group(1)) == len(CASES)


def test_no_message_echoes_a_long_value_whole() -> None:
    """Problem cuts any quoted value over errors.MAX_SHOWN characters, and only quoted
    values: the prose between two short quoted values is kept."""
    from infokit.errors import MAX_SHOWN, Problem

    long = "x" * 5000
    cut = Problem(None, "industry", f"'{long}' is not a choice; use 'generic'").message
    assert len(cut) < MAX_SHOWN + 100 and cut.endswith("(5,000 characters)' is not a choice; use 'generic'")
    prose = "did you mean 'a'? " + "word " * 100 + "or 'b'"
    assert Problem(None, None, prose).message == prose


def _drawn_png(
    size: tuple[int, int], background: tuple[int, ...], draw: Callable[[Any], object]
) -> Callable[[Path], None]:
    """A PNG of ``background`` with ``draw(ImageDraw)`` drawn on it."""

    def write(p: Path) -> None:
        from PIL import Image, ImageDraw

        image = Image.new("RGBA", size, background)
        draw(ImageDraw.Draw(image))
        image.save(p)

    return write


def _rgba_png(width: int, height: int, pixel: tuple[int, int, int, int]) -> Callable[[Path], None]:
    """A PNG of one RGBA colour (Pillow, so each case is a real, well-formed file)."""
    return _drawn_png((width, height), pixel, lambda draw: None)


BLUE = (15, 108, 189, 255)
GENERATORS.update(
    {
        "svg_nested_254_deep": lambda p: p.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
            + "<g>" * 254 + '<rect width="100" height="100" fill="#0F6CBD"/>' + "</g>" * 254 + "</svg>\n"
        ),
        "line_on_clear_png": _drawn_png(
            (400, 400), (0, 0, 0, 0), lambda d: d.line((0, 200, 399, 200), fill=BLUE)
        ),
        "wordmark_2001_by_100_png": _drawn_png(
            (2001, 100), BLUE, lambda d: d.ellipse((400, 20, 1600, 80), fill="white")
        ),
        "framed_rectangle_png": _drawn_png(
            (400, 200), BLUE, lambda d: d.rectangle((0, 0, 399, 199), outline="white")
        ),
        "transparent_png": _rgba_png(400, 200, (0, 0, 0, 0)),
        "faint_png": _rgba_png(400, 200, (15, 108, 189, 12)),  # 5% opaque: nobody sees it
        "white_png": _rgba_png(400, 200, (255, 255, 255, 255)),
        "one_pixel_png": _rgba_png(1, 1, (15, 108, 189, 255)),
        "strip_png": _rgba_png(20000, 1, (15, 108, 189, 255)),
    }
)
