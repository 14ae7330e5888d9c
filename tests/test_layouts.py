"""Pages that flow with real content: every composition x language x content case.

Cases: short (one note, the booking link only), Bookings (a real-shaped Microsoft
Bookings address and the support article on joining), maximum (80-character name,
five 200-character notes, all seven links). All 36 decks are rendered two at a time
and converted by two LibreOffice instances; each PDF is checked for one page, no overlapping words, no
character under 7 pt, no filled panel over 40% empty at the bottom, and a QR code
that decodes to the exact booking address.
"""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pptx import Presentation

from infokit import brand as brand_mod
from infokit import catalog, contract, templates

from .conftest import LOGO, convert_decks, render_decks, render_png, require_tool
from .test_designs import LONG_NOTES, _overlaps

pytestmark = pytest.mark.e2e
LANGUAGES = catalog.languages()
CASES = ("short", "bookings", "maximum")
MATRIX = list(itertools.product(templates.LAYOUTS, LANGUAGES, CASES))
BOOKINGS = "https://outlook.office365.com/book/ContosoHealthVirtualVisits@contosohealth.onmicrosoft.com/"
SUPPORT = (
    "https://support.microsoft.com/en-us/office/"
    "join-a-bookings-appointment-as-an-attendee-in-microsoft-teams-8e2b6f1c-4b0a"
)
NAME_80 = "The Northern Lakes Regional Health and Community Wellbeing Cooperative Trust Inc."[:80]
EMU_PER_PT = 12700
SHORT_NOTE = {
    "en": "Join five minutes early.",
    "ru": "Подключитесь за пять минут до начала.",
    "ko": "5분 일찍 접속해 주세요.",
}


def case_brand(layout: str, language: str, case: str) -> brand_mod.Brand:
    names = {"en": "Alpine Ski House", "ru": "Альпийский дом", "ko": "알파인 하우스"}
    links: dict[str, str] = {"booking": BOOKINGS}
    notes: tuple[str, ...] = (SHORT_NOTE[language],)
    name = names[language]
    if case == "bookings":
        links = {"booking": BOOKINGS, "help": SUPPORT}
        notes = ()
    elif case == "maximum":
        name = NAME_80
        notes = (LONG_NOTES[language][:200],) * 5
        links = {
            "booking": BOOKINGS,
            "reschedule": "https://outlook.office365.com/book/ContosoHealthVirtualVisits@contosohealth.onmicrosoft.com/manage",
            "billing": "https://contosohealth.example/patients/billing-and-insurance/payments",
            "help": SUPPORT,
            "home": "https://www.contosohealth.example/",
            "phone": "tel:+1-555-0100",
            "email": "mailto:virtual-appointments@contosohealth.example",
        }
    return brand_mod.Brand(
        source=LOGO.parent.parent / "x.yaml",
        organization=name,
        industry="generic",
        language=language,
        paper="letter" if language == "en" else "a4",
        colors=brand_mod.Palette("0F6CBD", "0B3A66", "F7630C", "242424", "FFFFFF"),
        heading_font=brand_mod.FontSpec("Noto Sans"),
        body_font=brand_mod.FontSpec("Noto Sans"),
        logo=LOGO if case != "maximum" else None,  # the maximum case also sets its long name as a wordmark
        links=links,
        notes=notes,
        text={},
        template=None,
        layout=layout,
    )


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Path]:
    brands = {key: case_brand(*key) for key in MATRIX}
    return render_decks(brands, tmp_path_factory.mktemp("layouts"))


@pytest.fixture(scope="module")
def pdfs(decks: dict[tuple[str, str, str], Path], soffice: str) -> dict[tuple[str, str, str], Path]:
    return convert_decks(decks, next(iter(decks.values())).parent)


def _panels(deck: Path) -> list[tuple[str, float, float, float, float, float]]:
    """Filled panels and cards that hold text: (name, left, top, right, bottom, drawn) in points,
    where ``drawn`` is the lowest edge of a pictogram or circle inside it (content too)."""
    slide = Presentation(str(deck)).slides[0]
    boxes = []
    for shape in slide.shapes:
        left, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
        right, bottom = left + shape.width / EMU_PER_PT, top + shape.height / EMU_PER_PT
        boxes.append((contract.base_name(shape.name), left, top, right, bottom, shape.has_text_frame))
    found = []
    for name, left, top, right, bottom, _ in boxes:
        if name.endswith((" panel", " card")) and name != "QR card":
            drawn = [
                b
                for n, x0, t, x1, b, _ in boxes
                if n != name
                and ("pictogram" in n or "circle" in n)
                and left <= x0
                and x1 <= right
                and top <= t
                and b <= bottom
            ]
            found.append((name, left, top, right, bottom, max(drawn, default=top)))
    return found


@pytest.mark.parametrize(("layout", "language", "case"), MATRIX)
def test_page_is_one_readable_page(
    layout: str,
    language: str,
    case: str,
    pdfs: dict[tuple[str, str, str], Path],
    decks: dict[tuple[str, str, str], Path],
) -> None:
    with pdfplumber.open(pdfs[(layout, language, case)]) as doc:
        assert len(doc.pages) == 1
        page = doc.pages[0]
        words = page.extract_words()
        assert _overlaps(words) == []
        for word in words:
            assert word["x0"] >= 0 and word["x1"] <= page.width, word["text"]
            assert word["top"] >= 0 and word["bottom"] <= page.height, word["text"]
        sizes = [c["size"] for c in page.chars if c["text"].strip()]
        assert min(sizes) >= 7 - 0.05, f"smallest character {min(sizes):.2f} pt"
        panels = _panels(decks[(layout, language, case)])
        assert panels
        for name, left, top, right, bottom, drawn in panels:
            inside = [w for w in words if left <= w["x0"] and w["x1"] <= right and top <= w["top"] <= bottom]
            assert inside, name
            empty = (bottom - max(drawn, *(w["bottom"] for w in inside))) / (bottom - top)
            assert empty <= 0.40, f"{name} is {empty:.0%} empty at the bottom"


@pytest.mark.parametrize(("layout", "language", "case"), MATRIX)
def test_qr_code_is_the_exact_booking_address(
    layout: str, language: str, case: str, pdfs: dict[tuple[str, str, str], Path], tmp_path: Path
) -> None:
    zbarimg = require_tool("zbarimg")
    png = render_png(pdfs[(layout, language, case)], 150, tmp_path / "p.png")
    decoded = subprocess.run([zbarimg, "-q", "--raw", str(png)], capture_output=True, text=True).stdout
    assert BOOKINGS in decoded.split()


def test_printed_addresses_wrap_at_url_boundaries(pdfs: dict[tuple[str, str, str], Path]) -> None:
    """The Bookings address is printed whole, without scheme or trailing slash, its lines
    broken only after '/' or before '.', '@', '?', '&', '-', '_'; the link is the exact URL."""
    shown = BOOKINGS.removeprefix("https://").rstrip("/")
    for layout, language in itertools.product(templates.LAYOUTS, LANGUAGES):
        with pdfplumber.open(pdfs[(layout, language, "bookings")]) as doc:
            page = doc.pages[0]
            uris = {h["uri"] for h in page.hyperlinks}
            words = page.extract_words()
        assert BOOKINGS in uris and SUPPORT in uris
        assert not any("https://" in w["text"] for w in words)
        pieces = _address_lines(words, shown)
        assert "".join(pieces) == shown, (layout, language, pieces)
        assert len(pieces) > 1 or layout == "cards"  # the narrow columns must wrap it
        for before, after in itertools.pairwise(pieces):
            assert before.endswith("/") or after[0] in ".@?&-_", (layout, language, before, after)


def _address_lines(words: list[dict[str, Any]], shown: str) -> list[str]:
    """The lines of a left-aligned address: the words under its first one, in order."""
    first = next(w for w in words if len(w["text"]) > 8 and shown.startswith(w["text"]))
    column = sorted(
        (w for w in words if abs(w["x0"] - first["x0"]) < 2 and w["top"] >= first["top"]),
        key=lambda w: w["top"],
    )
    pieces: list[str] = []
    for word in column:
        if not shown.startswith("".join(pieces) + word["text"]):
            break
        pieces.append(word["text"])
    return pieces
