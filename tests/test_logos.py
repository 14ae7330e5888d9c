"""Logos as designers deliver them (issue 13): CMYK and EXIF-rotated JPEGs, palette, grey
and 16-bit PNGs come out with the right colours, the right way up, on the rendered page."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from PIL import Image

from infokit import batch, images
from infokit.results import Status

from .conftest import render_png

RED = (220, 20, 20)
BLUE = (20, 40, 220)
UPRIGHT_SIZE = (240, 120)


def two_bands(top: tuple[int, int, int] = RED, bottom: tuple[int, int, int] = BLUE) -> Image.Image:
    """The logo as it must appear: a wide image, ``top`` over ``bottom``."""
    image = Image.new("RGB", UPRIGHT_SIZE, top)
    image.paste(bottom, (0, UPRIGHT_SIZE[1] // 2, *UPRIGHT_SIZE))
    return image


def _exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif


def cmyk_jpeg(path: Path) -> None:
    two_bands().convert("CMYK").save(path, "JPEG", quality=95)


def cmyk_jpeg_rotated(path: Path) -> None:
    # Stored turned a quarter to the left, with EXIF orientation 6 ("turn right to view").
    stored = two_bands().transpose(Image.Transpose.ROTATE_90).convert("CMYK")
    stored.save(path, "JPEG", quality=95, exif=_exif(6))


def rgb_jpeg_upside_down(path: Path) -> None:
    two_bands().transpose(Image.Transpose.ROTATE_180).save(path, "JPEG", quality=95, exif=_exif(3))


def palette_png(path: Path) -> None:
    two_bands().quantize(colors=4).save(path, "PNG")


def palette_png_transparent(path: Path) -> None:
    image = two_bands().quantize(colors=4)
    image.info["transparency"] = 3  # an unused index: still a palette image with tRNS
    image.save(path, "PNG", transparency=3)


MAKERS: dict[str, Callable[[Path], None]] = {
    "cmyk.jpg": cmyk_jpeg,
    "cmyk-exif-rotated.jpg": cmyk_jpeg_rotated,
    "rgb-exif-upside-down.jpg": rgb_jpeg_upside_down,
    "palette.png": palette_png,
    "palette-transparent.png": palette_png_transparent,
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_logo_is_converted_upright_in_srgb(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    MAKERS[name](path)
    bitmap = images.logo_bitmap(path)
    with Image.open(io.BytesIO(bitmap.data)) as image:
        assert image.format == "PNG" and image.mode in ("RGB", "RGBA")
        assert image.size == UPRIGHT_SIZE
        rgb = image.convert("RGB")
        assert _close(rgb.getpixel((10, 10)), RED), rgb.getpixel((10, 10))
        assert _close(rgb.getpixel((UPRIGHT_SIZE[0] - 10, UPRIGHT_SIZE[1] - 10)), BLUE)


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    image = Image.new("I;16", (200, 100))
    image.putdata([(x * 65535) // 199 for _ in range(100) for x in range(200)])  # black to white
    path = tmp_path / "grey16.png"
    image.save(path)
    with Image.open(io.BytesIO(images.logo_bitmap(path).data)) as out:
        row = [out.convert("L").getpixel((x, 50)) for x in (0, 100, 199)]
    assert row[0] < 5 and 118 < row[1] < 138 and row[2] > 250, row  # a plain convert gives all white


def test_plain_rgb_png_is_embedded_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "rgb.png"
    two_bands().save(path)
    assert images.logo_bitmap(path).data == path.read_bytes()


TWO_BANDS_SVG = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" '
    'height="100"><title>Логотип</title><rect width="200" height="50" fill="#DC1414"/>'
    '<rect y="50" width="200" height="50" fill="#1428DC"/></svg>'
)
SVG_FORMS: dict[str, Callable[[], bytes]] = {
    "utf-8.svg": lambda: TWO_BANDS_SVG.format(encoding="UTF-8").encode("utf-8"),
    "utf-8-bom.svg": lambda: b"\xef\xbb\xbf" + TWO_BANDS_SVG.format(encoding="UTF-8").encode("utf-8"),
    "utf-16.svg": lambda: TWO_BANDS_SVG.format(encoding="UTF-16").encode("utf-16"),
    "utf-16-be-no-bom.svg": lambda: TWO_BANDS_SVG.format(encoding="UTF-16").encode("utf-16-be"),
    "utf-32.svg": lambda: TWO_BANDS_SVG.format(encoding="UTF-32").encode("utf-32"),
    "iso-8859-5-declared.svg": lambda: TWO_BANDS_SVG.format(encoding="ISO-8859-5").encode("iso-8859-5"),
    "compressed.svgz": lambda: gzip.compress(TWO_BANDS_SVG.format(encoding="UTF-8").encode("utf-8")),
    "gzip-named.svg": lambda: gzip.compress(TWO_BANDS_SVG.format(encoding="UTF-16").encode("utf-16")),
    "two-gzip-members.svgz": lambda: _in_two_gzip_members(TWO_BANDS_SVG.format(encoding="UTF-8").encode()),
}


def _in_two_gzip_members(data: bytes) -> bytes:
    """gzip allows members one after the other (``cat a.gz b.gz``); the whole is their join."""
    half = len(data) // 2
    return gzip.compress(data[:half]) + gzip.compress(data[half:])


@pytest.mark.parametrize("name", sorted(SVG_FORMS))
def test_svg_in_any_encoding_or_gzip_is_drawn(tmp_path: Path, name: str) -> None:
    """Editors write SVG as UTF-16 or gzip (.svgz): each is drawn, red above blue."""
    path = tmp_path / name
    path.write_bytes(SVG_FORMS[name]())
    assert images.check_logo(path) is None
    with Image.open(io.BytesIO(images.logo_bitmap(path).data)) as image:
        rgb = image.convert("RGB")
        assert image.size == (images.SVG_PIXELS, images.SVG_PIXELS // 2)
        assert _close(rgb.getpixel((10, 10)), RED) and _close(rgb.getpixel((10, image.height - 10)), BLUE)


@pytest.mark.e2e
def test_logo_colours_and_orientation_on_the_rendered_page(tmp_path: Path, soffice: str) -> None:
    """The PDF page shows red above blue for every kind of logo file."""
    folder = tmp_path / "brands"
    folder.mkdir()
    for i, (name, make) in enumerate(sorted(MAKERS.items())):
        make(folder / name)
        brand = {
            "organization": f"Logo Clinic {i}",
            "industry": "generic",
            "colors": {"primary": "#2E7D32"},  # green: neither the logo's red nor its blue
            "links": {"booking": f"https://logo-{i}.example/book"},
            "logo": name,
        }
        (folder / f"brand-{i}.yaml").write_text(yaml.safe_dump(brand), encoding="utf-8")
    report = batch.run([folder], tmp_path / "out", formats=("pdf",), jobs=2)
    assert report.count(Status.BUILT) == len(MAKERS), [o.reason for o in report.outcomes]
    for outcome in report.outcomes:
        png = render_png(outcome.outputs["pdf"], 50, tmp_path / f"{outcome.organization}.png")
        with Image.open(png) as page:
            red = _where(page.convert("RGB"), RED)
            blue = _where(page.convert("RGB"), BLUE)
        assert len(red) > 200 and len(blue) > 200, (outcome.organization, len(red), len(blue))
        red_y = sum(y for _, y in red) / len(red)
        blue_y = sum(y for _, y in blue) / len(blue)
        red_x = sum(x for x, _ in red) / len(red)
        blue_x = sum(x for x, _ in blue) / len(blue)
        assert red_y < blue_y, outcome.organization  # upright: red on top
        assert abs(red_x - blue_x) < 5, outcome.organization  # one above the other, not side by side


def _close(pixel: object, colour: tuple[int, int, int], tolerance: int = 24) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(int(a) - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def _where(image: Image.Image, colour: tuple[int, int, int]) -> list[tuple[int, int]]:
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    return [
        (x, y) for y in range(height) for x in range(width) if _close(pixels[x, y], colour, 40)
    ]
