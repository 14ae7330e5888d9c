"""Logos that would look wrong (infokit/logolook.py): nothing visible is an error, a logo
that vanishes on its box goes on a brand-colour plate, too few pixels for print is a
warning; decoders' warnings become ours; a symlinked logo is named as the brand wrote it.
The refused classes are also in tests/bad_inputs/cases.yaml."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pptx import Presentation

from infokit import brand, build, images, logolook, render
from infokit.errors import BrandError, TemplateError
from infokit.ooxml import qn

from .conftest import render_png

GREEN = (0x2E, 0x7D, 0x32)


def _png(size: tuple[int, int], background: tuple[int, ...], ink: tuple[int, ...] | None = None) -> bytes:
    image = Image.new("RGBA", size, background)
    if ink:
        w, h = size
        ImageDraw.Draw(image).ellipse((w // 5, h // 5, 4 * w // 5, 4 * h // 5), fill=ink)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


CLEAR, WHITE = (0, 0, 0, 0), (255, 255, 255, 255)
BLUE = (15, 108, 189, 255)


def _drawn(
    size: tuple[int, int], background: tuple[int, ...], draw: Callable[[ImageDraw.ImageDraw], object]
) -> bytes:
    image = Image.new("RGBA", size, background)
    draw(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _framed(width: int, inside: Callable[[ImageDraw.ImageDraw], object] = lambda d: None) -> bytes:
    """A blue 400 x 200 rectangle in a white frame ``width`` pixels wide."""

    def draw(d: ImageDraw.ImageDraw) -> None:
        d.rectangle((0, 0, 399, 199), outline=WHITE, width=width)
        inside(d)

    return _drawn((400, 200), BLUE, draw)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (_png((400, 200), CLEAR), "draws nothing"),
        (_png((400, 200), (15, 108, 189, 20)), "draws nothing"),  # 8% opaque: nobody sees it
        (_png((400, 200), WHITE), "plain rectangle of one colour (#FFFFFF)"),
        (_png((1, 1), (200, 0, 0, 255)), "plain rectangle"),
        (_png((4000, 100), WHITE, (0, 0, 0, 255)), "4000 x 100 pixels, 40:1 (width to height)"),
        (_png((30, 900), WHITE, (0, 0, 0, 255)), "30:1 (height to width)"),
        # What is drawn is judged, not the canvas: a 1-px line on a square transparent canvas.
        (
            _drawn((400, 400), CLEAR, lambda d: d.line((0, 200, 399, 200), fill=BLUE)),
            "draws only a 400 x 1 pixel part of its 400 x 400 canvas, 400:1 (width to height)",
        ),
        (
            _drawn((400, 400), CLEAR, lambda d: d.line((100, 0, 100, 399), fill=BLUE, width=3)),
            "draws only a 3 x 400 pixel part of its 400 x 400 canvas, 133.33:1 (height to width)",
        ),
        # The real proportion, never rounded down to the limit.
        (_png((2001, 100), WHITE, (0, 0, 0, 255)), "2001 x 100 pixels, 20.01:1"),
        # A frame around a plain rectangle leaves it a plain rectangle.
        (_framed(1), "plain rectangle of one colour (#0F6CBD)"),
        (_framed(8), "plain rectangle of one colour (#0F6CBD)"),
    ],
)
def test_a_logo_nobody_could_see_is_named(data: bytes, fragment: str) -> None:
    problem = logolook.nothing_drawn(logolook.look(data))
    assert problem is not None and fragment in problem


def test_a_ratio_just_past_the_limit_is_shown_as_it_is() -> None:
    near = logolook.Look(200_001, 10_000, (((0, 0, 0), 1),), 1, 255, (200_001, 10_000))
    problem = logolook.nothing_drawn(near)
    assert problem is not None and "200001 x 10000 pixels, 20.0001:1" in problem


@pytest.mark.parametrize(
    "data",
    [
        _png((400, 200), CLEAR, WHITE),  # white on clear: shows on a plate, so it is a logo
        _png((400, 200), WHITE, (15, 108, 189, 255)),
        _png((2000, 100), WHITE, (0, 0, 0, 255)),  # 20:1, a long wordmark: the limit
        _png((400, 200), CLEAR, (15, 108, 189, 100)),  # a 40% tint is faint, but seen
        _framed(1, lambda d: d.ellipse((150, 70, 250, 130), fill=WHITE)),  # a frame and a shape
        # A 20:1 wordmark on a taller transparent canvas: what is drawn is at the limit.
        _drawn((2000, 400), CLEAR, lambda d: d.rectangle((0, 150, 1999, 249), fill=BLUE)),
    ],
)
def test_a_logo_with_something_to_see_passes(data: bytes) -> None:
    assert logolook.nothing_drawn(logolook.look(data)) is None


def test_hidden_on_judges_the_colour_behind() -> None:
    white_on_clear = logolook.look(_png((400, 200), CLEAR, WHITE))
    assert logolook.hidden_on(white_on_clear, "FFFFFF")
    assert not logolook.hidden_on(white_on_clear, "0F6CBD")
    assert logolook.shows_on(white_on_clear, "0F6CBD")
    opaque_white_box = logolook.look(_png((400, 200), WHITE, (250, 250, 250, 255)))
    assert not logolook.hidden_on(opaque_white_box, "FFFFFF")  # it brings its own background


@pytest.mark.parametrize(
    ("size", "warned"),
    [
        ((120, 60), True),
        ((298, 149), True),
        ((300, 150), False),  # 150 pixels per inch: the limit
        ((100, 100), True),  # a square fills the box's height: 100 per inch
        ((150, 1500), False),  # tall: 1500 per inch
        ((960, 320), False),
    ],
)
def test_too_few_pixels_for_the_printed_box_is_a_warning(size: tuple[int, int], warned: bool) -> None:
    warning = logolook.print_warning(*size, (2.0, 1.0))
    assert (warning is not None) is warned
    if warning:
        assert f"is {size[0]} x {size[1]} pixels" in warning and "pixels per inch" in warning


def test_the_infographic_puts_a_vanishing_logo_on_a_plate_and_warns_of_few_pixels(
    write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "white.png").write_bytes(_png((120, 60), CLEAR, WHITE))
    rendered = render.render(brand.load(write_brand(logo="white.png")))
    (box,) = [s for s in rendered.presentation.slides[0].shapes if s.name.startswith("infokit:logo @")]
    fill = box._element.spPr.find(f"{qn('a:solidFill')}/{qn('a:schemeClr')}")
    assert fill is not None and fill.get("val") == "accent1"  # was bg1: white on white
    (warning,) = [w for w in rendered.warnings if w.startswith("logo:")]
    assert "'white.png' is 120 x 60 pixels" in warning and "60 pixels per inch" in warning


def test_a_logo_that_shows_keeps_its_box(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / "blue.png").write_bytes(_png((960, 480), CLEAR, (15, 108, 189, 255)))
    rendered = render.render(brand.load(write_brand(logo="blue.png")))
    (box,) = [s for s in rendered.presentation.slides[0].shapes if s.name.startswith("infokit:logo @")]
    assert box._element.spPr.find(f"{qn('a:solidFill')}/{qn('a:schemeClr')}").get("val") == "bg1"
    assert not [w for w in rendered.warnings if w.startswith("logo:")]


def _jpeg_with_corrupt_exif() -> bytes:
    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 200, 150), fill=(200, 0, 0))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    jpeg = out.getvalue()
    exif = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + b"\x00" * 4  # 65535 entries, 4 bytes
    return jpeg[:2] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + jpeg[2:]


def test_a_decoders_warning_becomes_ours_once(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    """Pillow's "UserWarning: Corrupt EXIF data" never reaches Python's warnings (pytest runs
    with filterwarnings=error, so a leak fails here); the page carries one warning of ours,
    and the embedded copy is a clean PNG no later reader trips over."""
    (tmp_path / "logo.jpg").write_bytes(_jpeg_with_corrupt_exif())
    loaded = brand.load(write_brand(logo="logo.jpg"))
    bitmap = images.logo_bitmap(loaded.logo or Path())
    assert bitmap.data.startswith(b"\x89PNG")
    result = build.check_brand(loaded)
    exif = [w for w in result.warnings if "EXIF" in w]
    assert exif == [
        "logo: 'logo.jpg' has damaged EXIF data, which was ignored (with any rotation it records); "
        "check that the logo is the right way up, or export it again"
    ]
    assert not any("TiffImagePlugin" in w or "UserWarning" in w for w in result.warnings)


def _link(folder: Path, name: str, target: str, data: bytes) -> None:
    """``name`` in ``folder``, a symlink to ``target`` holding ``data``."""
    (folder / target).write_bytes(data)
    (folder / name).symlink_to(folder / target)


def test_symlinked_inputs_are_named_as_the_brand_wrote_them(
    write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    _link(tmp_path, "logo.png", "notes.txt", b"not an image\n")
    with pytest.raises(BrandError) as info:
        brand.load(write_brand(logo="logo.png"))
    (problem,) = [str(p) for p in info.value.problems]
    assert "'logo.png' is not a PNG" in problem and "notes.txt" not in problem
    _link(tmp_path, "small.png", "small-target.png", _png((100, 50), CLEAR, (15, 108, 189, 255)))
    rendered = render.render(brand.load(write_brand(logo="small.png")))
    assert any(w.startswith("logo: 'small.png' is 100 x 50 pixels") for w in rendered.warnings)
    _link(tmp_path, "deck.pptx", "deck.txt", b"not a deck\n")
    with pytest.raises(TemplateError) as template_info:
        render.render(brand.load(write_brand(template="deck.pptx")))
    assert [p.file for p in template_info.value.problems] == [tmp_path / "deck.pptx"]


@pytest.mark.e2e
def test_a_white_logo_shows_on_its_plate_on_the_rendered_page(
    write_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    """The PDF page: the logo box around the white logo is the brand colour (it was white,
    and the page showed an empty white box); the logo itself is white inside it."""
    (tmp_path / "white.png").write_bytes(_png((1200, 600), CLEAR, WHITE))
    path = write_brand(logo="white.png", colors={"primary": "#2E7D32"})
    (page,) = build.build_pages(path, tmp_path / "out", ("pptx", "pdf"))
    assert isinstance(page, build.BuildResult)
    deck = Presentation(str(page.outputs["pptx"]))
    (box,) = [s for s in deck.slides[0].shapes if s.name.startswith("infokit:logo @")]
    dpi = 50
    png = render_png(page.outputs["pdf"], dpi, tmp_path / "page.png")

    def at(x_emu: int, y_emu: int) -> tuple[int, int, int]:
        with Image.open(png) as image:
            pixel = image.convert("RGB").getpixel((round(x_emu / 914400 * dpi), round(y_emu / 914400 * dpi)))
        assert isinstance(pixel, tuple)
        return (int(pixel[0]), int(pixel[1]), int(pixel[2]))

    inset = box.height // 20  # inside the box, in the padding around the logo
    centre = (box.left + box.width // 2, box.top + box.height // 2)
    corner = at(box.left + inset, box.top + inset)
    assert all(abs(a - b) <= 24 for a, b in zip(corner, GREEN, strict=True)), corner
    assert min(at(*centre)) >= 230, at(*centre)  # the white logo itself
