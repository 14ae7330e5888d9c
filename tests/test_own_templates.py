"""Bring your own template: real decks saved by PowerPoint, and `infokit template check`."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from typer.testing import CliRunner

from infokit import build, catalog, templates, theme
from infokit.cli import app

from .conftest import ROOT

DECKS = sorted((ROOT / "tests" / "decks").glob("*.pptx"))
WITHOUT_SLIDES = {"mst-slide-layouts.pptx", "prs-slide-masters.pptx"}  # masters and layouts only
WITH_SLIDES = [d for d in DECKS if d.name not in WITHOUT_SLIDES]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("industry", catalog.INDUSTRIES)
def test_builtin_templates_check_clean(industry: str) -> None:
    code, stdout, _ = run("template", "check", str(templates.builtin_path(industry, "letter")), "--json")
    data = json.loads(stdout)
    assert code == 0 and data["ok"] and not data["unknown"]
    assert not data["hard_coded_colours"] and not data["hard_coded_fonts"]
    assert {"infokit:logo", "infokit:qr:booking", "infokit:notes", "infokit:links"} <= set(data["shapes"])
    assert data["tokens"]["organization"] >= 1


def test_misspelt_tokens_and_shapes_are_named_with_a_suggestion(tmp_path: Path) -> None:
    with zipfile.ZipFile(templates.builtin_path("generic", "letter")) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    slide = "ppt/slides/slide1.xml"
    parts[slide] = parts[slide].replace(b"{{organization}}", b"{{organisation}}", 1)
    parts[slide] = parts[slide].replace(b'name="infokit:notes @', b'name="infokit:note @', 1)
    parts[slide] = parts[slide].replace(b'name="Footer @page.12"', b'name="Footer @Page 12"', 1)
    deck = tmp_path / "misspelt.pptx"
    with zipfile.ZipFile(deck, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    code, _, stderr = run("template", "check", str(deck))
    assert code == 2
    assert "unknown token {{organisation}} (did you mean organization?)" in stderr
    assert "unknown shape 'infokit:note' (did you mean infokit:notes?)" in stderr
    assert "shape 'Footer @Page 12': a flow tag is ' @COLUMN.BLOCK'" in stderr


def test_template_check_lists_the_flow_columns() -> None:
    code, stdout, _ = run("template", "check", str(templates.builtin_path("healthcare", "letter")), "--json")
    flows = json.loads(stdout)["flows"]
    assert code == 0 and "Step 1 text @page.3" in flows and "infokit:notes @page.9" in flows


@pytest.mark.parametrize("deck", WITH_SLIDES, ids=lambda p: p.name)
def test_real_powerpoint_decks_build_with_the_brand_theme(
    deck: Path, write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    code, _, stderr = run("template", "check", str(deck))
    assert code == 0, stderr
    assert "only the theme (colours and fonts) will follow the brand" in stderr
    brand = write_brand(template=str(deck), colors={"primary": "#8E192E"})
    result = build.build(brand, tmp_path / "out", ("pptx",))
    assert any("no infokit:* shapes" in w for w in result.warnings)
    prs = Presentation(str(result.outputs["pptx"]))
    assert theme.read_scheme(prs)["accent1"] == "8E192E"
    for part in prs.part.package.iter_parts():
        for rel in part.rels.values():
            assert not rel.is_external or rel.reltype == RT.HYPERLINK, (part.partname, rel.reltype)


@pytest.mark.parametrize("name", ["shp-groupshape.pptx", "shp-embedded-pptx.pptx"])
def test_real_decks_convert_to_pdf(
    name: str, write_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    brand = write_brand(template=str(ROOT / "tests" / "decks" / name))
    code, _, stderr = run("build", str(brand), "-o", str(tmp_path / "out"))
    assert code == 0, stderr
    assert next((tmp_path / "out").rglob("*.pdf")).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("name", sorted(WITHOUT_SLIDES))
def test_a_deck_without_slides_is_a_clear_error(
    name: str, tmp_path: Path, write_brand: Callable[..., Path]
) -> None:
    deck = ROOT / "tests" / "decks" / name
    code, _, stderr = run("template", "check", str(deck))
    assert code == 2 and "has no slides" in stderr and "Traceback" not in stderr
    code, _, stderr = run("build", str(write_brand(template=str(deck))), "-o", str(tmp_path / "o"))
    assert code == 2 and "has no slides" in stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.pptx"))


def test_a_deck_infokit_built_is_a_template(tmp_path: Path) -> None:
    """A designer may start from a built deck: template check accepts it, and building with
    it replaces the logo picture and the QR code instead of adding second ones."""
    from pptx import Presentation
    from typer.testing import CliRunner

    from infokit.cli import app

    runner = CliRunner()
    built = runner.invoke(
        app, ["build", str(ROOT / "brands" / "contoso-health.yaml"), "-o", str(tmp_path / "a"), "-f", "pptx"]
    )
    deck = Path(built.stdout.strip())
    checked = runner.invoke(app, ["template", "check", str(deck)])
    assert checked.exit_code == 0, checked.stderr
    again = runner.invoke(
        app,
        [
            "build",
            str(ROOT / "brands" / "fabrikam.yaml"),
            "-o",
            str(tmp_path / "b"),
            "-f",
            "pptx",
            "--template",
            str(deck),
        ],
    )
    assert again.exit_code == 0, again.stderr
    names = [s.name.split(" @")[0] for s in Presentation(again.stdout.strip()).slides[0].shapes]
    assert names.count("infokit:logo:image") == 1 and names.count("infokit:qr:code") == 1
