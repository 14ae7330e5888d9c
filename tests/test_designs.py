"""The four designs in the three languages, and the worst case of text that must fit.

All decks are rendered two at a time, then converted by two LibreOffice instances, then
checked in the PDF: words, scripts, the QR code, and word boxes that neither overlap nor leave the page.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from infokit import brand as brand_mod
from infokit import catalog

from .conftest import LOGO, convert_decks, pdf_text, render_decks, render_png, require_tool

pytestmark = pytest.mark.e2e
LANGUAGES = catalog.languages()
COMBOS = list(itertools.product(catalog.INDUSTRIES, LANGUAGES))
LONG_NAME = "The Northern Lakes Regional Health and Community Wellbeing Cooperative Trust"[:80]
LONG_NOTES = {
    "en": "Please have your documents, your questions and a quiet, well-lit room ready before you join, "
    "and check that your camera, microphone and speakers work with the Microsoft Teams test call.",
    "ru": "Пожалуйста, подготовьте документы, вопросы и тихую светлую комнату до начала встречи "
    "и заранее проверьте камеру, микрофон и динамики с помощью тестового звонка в Microsoft Teams.",
    "ko": "상담 전에 서류와 질문 목록을 준비하시고 조용하고 밝은 방을 찾아 주세요. "
    "Microsoft Teams 테스트 통화로 카메라, 마이크, 스피커가 잘 작동하는지 미리 확인해 주세요. "
    "문제가 있으면 고객센터로 연락해 주세요.",
}
# The words each industry uses for its client and its staff (DESIGN.md section 1).
OWN_WORDS = {
    ("healthcare", "en"): ("care provider",),
    ("financial", "en"): ("advisor",),
    ("retail", "en"): ("store associate",),
    ("generic", "en"): ("staff member",),
    ("healthcare", "ru"): ("врач",),
    ("financial", "ru"): ("консультант",),
    ("retail", "ru"): ("консультант", "магазин"),  # stems: Russian inflects them
    ("generic", "ru"): ("Сотрудник",),
    ("healthcare", "ko"): ("의료진",),
    ("financial", "ko"): ("상담사",),
    ("retail", "ko"): ("매장 직원",),
    ("generic", "ko"): ("담당 직원",),
}


def _brand(industry: str, language: str, long: bool) -> brand_mod.Brand:
    base = brand_mod.Brand(
        source=LOGO.parent.parent / "x.yaml",
        organization=LONG_NAME
        if long
        else {"en": "Alpine Ski House", "ru": "Альпийский дом", "ko": "알파인 하우스"}[language],
        industry=industry,
        language=language,
        paper="letter" if language == "en" else "a4",
        colors=brand_mod.Palette("0F6CBD", "0B3A66", "F7630C", "242424", "FFFFFF"),
        heading_font=brand_mod.FontSpec("Noto Sans"),
        body_font=brand_mod.FontSpec("Noto Sans"),
        logo=LOGO,
        links={"booking": f"https://alpine.example/{industry}/{language}/book"},
        notes=(LONG_NOTES[language][:200],) * 5 if long else (),
        text={},
        template=None,
    )
    if long:
        base = dataclasses.replace(
            base,
            links={
                "booking": f"https://alpine.example/{industry}/{language}/book",
                "reschedule": "https://alpine.example/appointments/reschedule-or-cancel",
                "billing": "https://alpine.example/billing/payments",
                "help": "https://alpine.example/help/virtual-appointments",
                "home": "https://alpine.example",
                "phone": "tel:+1-555-0100",
                "email": "mailto:appointments@alpine.example",
            },
        )
    return base


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> dict[tuple[str, str, bool], Path]:
    work = tmp_path_factory.mktemp("designs")
    brands = {(i, lang, long): _brand(i, lang, long) for i, lang in COMBOS for long in (False, True)}
    return convert_decks(render_decks(brands, work), work)


@pytest.mark.parametrize(("industry", "language"), COMBOS)
def test_each_design_in_each_language_reads_in_its_own_words(
    industry: str, language: str, pdfs: dict[tuple[str, str, bool], Path]
) -> None:
    pdf = pdfs[(industry, language, False)]
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1
    text = pdf_text(pdf)
    flat = "".join(text.split())
    b = _brand(industry, language, False)
    assert "".join(b.organization.split()) in flat
    for words in OWN_WORDS[(industry, language)]:
        assert "".join(words.split()) in flat, words
    for note in catalog.strings(language, industry)["default_notes"]:
        assert "".join(note.split())[:12] in flat, note
    body = text.replace(b.organization, "")
    if language == "ru":
        assert len(re.findall(r"[А-Яа-яЁё]", body)) > 300
    if language == "ko":
        assert len(re.findall(r"[\uac00-\ud7af]", body)) > 200


@pytest.mark.parametrize(("industry", "language"), COMBOS)
def test_qr_decodes_from_a_150_dpi_rendering(
    industry: str, language: str, pdfs: dict[tuple[str, str, bool], Path], tmp_path: Path
) -> None:
    zbarimg = require_tool("zbarimg")
    png = render_png(pdfs[(industry, language, False)], 150, tmp_path / "p.png")
    decoded = subprocess.run([zbarimg, "-q", "--raw", str(png)], capture_output=True, text=True).stdout
    assert f"https://alpine.example/{industry}/{language}/book" in decoded.split()


def _overlaps(words: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for a, b in itertools.combinations(words, 2):
        width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
        height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
        if width > 1.0 and height > 1.0:
            smaller = min(
                (a["x1"] - a["x0"]) * (a["bottom"] - a["top"]), (b["x1"] - b["x0"]) * (b["bottom"] - b["top"])
            )
            if width * height > 0.2 * smaller:
                found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize(("industry", "language"), COMBOS)
@pytest.mark.parametrize("long", [False, True], ids=["short", "long"])
def test_no_text_overlaps_or_leaves_the_page(
    industry: str, language: str, long: bool, pdfs: dict[tuple[str, str, bool], Path]
) -> None:
    with pdfplumber.open(pdfs[(industry, language, long)]) as doc:
        page = doc.pages[0]
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
        assert words
        for word in words:
            assert word["x0"] >= 0 and word["x1"] <= page.width, word["text"]
            assert word["top"] >= 0 and word["bottom"] <= page.height, word["text"]
        assert _overlaps(words) == []


def test_long_text_is_all_there(pdfs: dict[tuple[str, str, bool], Path]) -> None:
    """Shrinking must not drop anything: every note word and every link survives."""
    for language in LANGUAGES:
        pdf = pdfs[("healthcare", language, True)]
        flat = "".join(pdf_text(pdf).split())
        assert "".join(LONG_NAME.split()) in flat
        assert "".join(LONG_NOTES[language][:200].split())[:60] in flat
        with pdfplumber.open(pdf) as doc:
            uris = {h["uri"] for h in doc.pages[0].hyperlinks}
        assert "mailto:appointments@alpine.example" in uris and "tel:+1-555-0100" in uris
