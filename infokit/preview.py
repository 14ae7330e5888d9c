"""One brand in all four layouts (compositions), side by side on one PNG, in its own
colours, words and pictograms: a contact sheet for choosing ``layout:``.

The four decks are converted in one LibreOffice call (one start-up for four pages).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from infokit import brand as brand_mod
from infokit import contain, convert, fonts, output, scratch, templates

DPI = 60
GAP = 24
LABEL_HEIGHT = 44


def preview(
    path: str | Path,
    out_dir: str | Path = "out",
    *,
    language: str | None = None,
    timeout: float = convert.DEFAULT_TIMEOUT,
) -> Path:
    """Write ``OUT/<slug>/<slug>-preview.png`` and return its path."""
    from infokit import package, render

    brand = brand_mod.load(path)
    office = convert.LibreOffice.discover(timeout=timeout)
    office.warm_up()
    work = scratch.folder("infokit-preview-")
    try:
        decks = []
        for layout in templates.LAYOUTS:
            variant = dataclasses.replace(brand, layout=layout)
            deck = work / f"{layout}.pptx"
            deck.write_bytes(package.to_bytes(render.render(variant, language=language).presentation))
            decks.append(deck)
        pdfs = office.convert(decks, work)
        pages = [convert.pdf_to_png(pdf, pdf.with_suffix(".png"), dpi=DPI) for pdf in pdfs]
        sheet = contact_sheet(pages, list(templates.LAYOUTS))
        target = output.target(Path(out_dir), brand.organization, "preview")
        with contain.machine_errors(Path(out_dir)), output.staging(target) as stage:
            sheet.save(stage.add("png"), format="PNG", optimize=True)
            return stage.commit(("png",), manifest=None)["png"]
    finally:
        office.close()
        scratch.remove(work)


def contact_sheet(pages: list[Path], labels: list[str]) -> Image.Image:
    images = [Image.open(p).convert("RGB") for p in pages]
    try:
        width = sum(i.width for i in images) + GAP * (len(images) + 1)
        height = max(i.height for i in images) + LABEL_HEIGHT + 2 * GAP
        sheet = Image.new("RGB", (width, height), "#F3F3F3")
        draw = ImageDraw.Draw(sheet)
        font = _label_font()
        x = GAP
        for image, label in zip(images, labels, strict=True):
            draw.text((x, GAP), label.capitalize(), fill="#242424", font=font)
            sheet.paste(image, (x, GAP + LABEL_HEIGHT))
            draw.rectangle(
                (x - 1, GAP + LABEL_HEIGHT - 1, x + image.width, GAP + LABEL_HEIGHT + image.height),
                outline="#C8C8C8",
            )
            x += image.width + GAP
        return sheet
    finally:
        for image in images:
            image.close()


def _label_font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    found = fonts.fc_match("Noto Sans", bold=True) or fonts.fc_match("DejaVu Sans", bold=True)
    if found is None:
        return ImageFont.load_default()
    try:
        return ImageFont.truetype(str(found.path), 26)
    except OSError:  # a label in the default bitmap font is still a label
        return ImageFont.load_default()
