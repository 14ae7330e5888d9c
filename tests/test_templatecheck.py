"""Template problems name the slide they are on and are reported once (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from infokit import package
from infokit.errors import TemplateError

from .conftest import ROOT


def deck_with_forty_slides(tmp_path: Path, address: str) -> Path:
    prs = Presentation(str(ROOT / "templates" / "generic-letter.pptx"))
    layout = prs.slides[0].slide_layout
    for number in range(2, 41):
        slide = prs.slides.add_slide(layout)
        box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(1))
        run = box.text_frame.paragraphs[0].add_run()
        run.text = f"slide {number}"
        if number == 40:
            run.hyperlink.address = address
    path = tmp_path / "forty.pptx"
    prs.save(str(path))
    return path


def test_a_bad_link_on_slide_40_is_named_once(tmp_path: Path) -> None:
    path = deck_with_forty_slides(tmp_path, "javascript:alert(1)")
    with pytest.raises(TemplateError) as caught:
        package.open_template(path)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 1, messages
    assert messages[0].startswith("slide 40: a hyperlink 'javascript:alert(1)' is not allowed")
    assert caught.value.problems[0].file == path


def test_good_links_on_forty_slides_open(tmp_path: Path) -> None:
    path = deck_with_forty_slides(tmp_path, "https://example.com/help")
    assert len(package.open_template(path).slides) == 40
