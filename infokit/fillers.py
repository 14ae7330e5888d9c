"""What fills each named shape of the template contract (contract.SLOTS).

Each slot names its filler; render calls it with the shape and the slot's link key
("" for unkeyed slots). A filler returns what render must know about the text it
put there, or None when the shape holds no text of the brand (a picture, a QR code,
a link, or nothing: removed). The XML work is slots.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pptx.shapes.autoshape import Shape
from pptx.slide import Slide

from infokit import colors, contract, contrast, images, linkkeys, logolook, slots
from infokit.brand import Brand, link_display
from infokit.errors import BrandError, Problem
from infokit.ooxml import Paint


@dataclass(frozen=True)
class Context:
    slide: Slide
    brand: Brand
    strings: Mapping[str, Any]
    scheme: Mapping[str, str]
    warnings: list[str]
    """The page's warnings: a filler adds what the user should know (a blurry logo)."""
    draw_qr: bool = True
    """False for check: the QR box is laid out and coloured, its modules left out."""


@dataclass(frozen=True)
class Filled:
    shows: tuple[str, ...]
    """The brand keys whose words the shape now shows: its text is fitted to its box,
    and a FitError names these keys."""
    grows: bool = True
    """In a flow column the box takes the height its text needs (notes, links); False:
    the text shrinks into the box as designed (a wordmark keeps the logo's place)."""


Filler = Callable[[Context, Shape, str], "Filled | None"]
FILLERS: dict[str, Filler] = {}


def _filler(fill: Filler) -> Filler:
    FILLERS[fill.__name__] = fill
    return fill


@_filler
def logo(ctx: Context, box: Shape, key: str) -> Filled | None:
    brand = ctx.brand
    if brand.logo is None:  # no logo file yet: the name, set as a wordmark, keeps the layout
        slots.place_wordmark(box, brand.organization)
        return Filled(("organization",), grows=False)
    try:
        bitmap = images.logo_bitmap(brand.logo)
    except images.LogoProblem as exc:
        message = exc.about(brand.logo, brand.name_of(brand.logo))
        raise BrandError(Problem(brand.source, "logo", message)) from None
    if logolook.hidden_on(bitmap.look, contrast.colour_behind(box._element, ctx.scheme)):
        # A white logo made for dark backgrounds, in a white box: put it on a brand colour
        # it shows on, as the FAQ page does (logolook), rather than print an empty box.
        plate = "accent1" if logolook.shows_on(bitmap.look, ctx.scheme["accent1"]) else "tx1"
        slots.paint_backdrop(box, Paint.scheme(plate))
    blurred = logolook.print_warning(bitmap.width, bitmap.height, slots.logo_area_inches(box))
    name = brand.name_of(brand.logo)
    for warning in (*bitmap.warnings, *([blurred] if blurred else [])):
        ctx.warnings.append(f"logo: '{name}' {warning}")
    slots.place_logo(ctx.slide, box, bitmap, ctx.strings["logo_alt"])
    return Filled((), grows=False)  # its emptied text is fitted too: explicit sizes, never autofit


@_filler
def qr(ctx: Context, box: Shape, key: str) -> Filled | None:
    url = ctx.brand.links.get(key)
    if not url:
        slots.remove(box)
        return None
    # Scanners want strong contrast: theme colours when they give it, else black on white.
    scheme = ctx.scheme
    if colors.contrast(scheme["dk1"], scheme["lt1"]) >= 7 and (
        colors.relative_luminance(scheme["dk1"]) < colors.relative_luminance(scheme["lt1"])
    ):
        dark, light = Paint.scheme("tx1"), Paint.scheme("bg1")
    else:
        dark, light = Paint.rgb(colors.BLACK), Paint.rgb(colors.WHITE)
    alt = ctx.strings["qr_alt"] if key == "booking" else f"QR code: {url}"
    slots.place_qr(ctx.slide, box, url, alt, dark, light, draw=ctx.draw_qr)
    return None


@_filler
def notes(ctx: Context, shape: Shape, key: str) -> Filled | None:
    slots.fill_notes(shape, ctx.brand.notes or tuple(ctx.strings.get("default_notes", ())))
    return Filled(("notes",))


@_filler
def links(ctx: Context, shape: Shape, key: str) -> Filled | None:
    brand = ctx.brand
    entries = [
        slots.LinkEntry(
            ctx.strings.get(linkkeys.label_key(k), k), url, link_display(url, brand.link_labels.get(k))
        )
        for k, url in brand.links.items()
    ]
    slots.fill_links(ctx.slide, shape, entries)
    return Filled(("links",))


@_filler
def link(ctx: Context, shape: Shape, key: str) -> Filled | None:
    url = ctx.brand.links.get(key)
    if url:
        slots.link_shape(ctx.slide, shape, url)
    else:
        slots.remove(shape)
    return None


contract.require_fillers(FILLERS)
