"""The one OOXML layer: who imports lxml, and the helpers on tiny in-memory decks."""

from __future__ import annotations

import ast
from pathlib import Path

from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.shapes.autoshape import Shape
from pptx.util import Inches

from infokit import ooxml, slots
from infokit.ooxml import Paint, qn

PACKAGE = Path(ooxml.__file__).parent
XML_MODULES = {"ooxml.py", "images.py"}
"""The OOXML layer itself, and images.py, whose job is SVG."""


def _imports_lxml(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "lxml" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "lxml":
            return True
    return False


def _spells_namespaces(path: Path) -> bool:
    return any(
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and "schemas.openxmlformats.org" in node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    )


def test_only_the_xml_modules_import_lxml() -> None:
    importers = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if _imports_lxml(p)}
    assert importers == XML_MODULES


def test_only_the_ooxml_layer_spells_namespace_uris() -> None:
    spellers = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if _spells_namespaces(p)}
    assert spellers == {"ooxml.py"}


def test_the_import_check_sees_an_lxml_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from lxml import etree\n", encoding="utf-8")
    assert _imports_lxml(module)
    module.write_text("import lxml.etree as etree\n", encoding="utf-8")
    assert _imports_lxml(module)
    module.write_text("import json\n", encoding="utf-8")
    assert not _imports_lxml(module)


def _text_box() -> Shape:
    """A one-shape deck in memory: python-pptx's own element classes, as in a real build."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box: Shape = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(1))
    box.text_frame.text = "Contoso"
    return box


def test_run_colour_replaces_any_fill_with_a_theme_or_rgb_paint() -> None:
    box = _text_box()
    run = box.text_frame.paragraphs[0].runs[0]._r
    ooxml.set_run_colour(run, Paint.rgb("ff0000"))
    ooxml.set_run_colour(run, Paint.scheme("tx1"))
    fills = run.findall(f"{qn('a:rPr')}/{qn('a:solidFill')}")
    assert len(fills) == 1
    assert [(ooxml.localname(c), c.get("val")) for c in fills[0]] == [("schemeClr", "tx1")]


def test_hyperlink_is_one_fresh_hlinkclick_in_schema_order() -> None:
    box = _text_box()
    run = box.text_frame.paragraphs[0].runs[0]._r
    ooxml.set_run_colour(run, Paint.rgb("112233"))
    ooxml.add_hyperlink(run, "rId7")
    ooxml.add_hyperlink(run, "rId8")
    rpr = run.find(qn("a:rPr"))
    assert [ooxml.localname(c) for c in rpr] == ["solidFill", "hlinkClick"]
    assert rpr.find(qn("a:hlinkClick")).get(qn("r:id")) == "rId8"


def test_wordmark_has_one_centred_paragraph_property() -> None:
    box = _text_box()
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT  # the template's own pPr must not be doubled
    slots.place_wordmark(box, "Tailspin Toys")
    p = box.text_frame._txBody.find(qn("a:p"))
    assert len(p.findall(qn("a:pPr"))) == 1
    assert p.find(qn("a:pPr")).get("algn") == "ctr"
    assert box.text_frame.text == "Tailspin Toys"
    body_pr = box.text_frame._txBody.find(qn("a:bodyPr"))
    assert body_pr.get("anchor") == "ctr" and body_pr.get("wrap") == "square"


def test_no_autofit_replaces_the_autofit_choice() -> None:
    box = _text_box()
    body_pr = box.text_frame._txBody.find(qn("a:bodyPr"))
    ooxml.sub(body_pr, "a:normAutofit")
    ooxml.no_autofit(body_pr)
    assert [ooxml.localname(c) for c in body_pr] == ["noAutofit"]


def test_parse_refuses_entities() -> None:
    evil = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "boom">]><r>&e;</r>'
    root = ooxml.parse(evil)
    assert "boom" not in (root.text or "")
