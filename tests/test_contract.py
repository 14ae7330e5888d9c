"""The template contract is one table (infokit/contract.py) and one check (lint.inspect).

`infokit template check` and a build run the same inspection, so a build refuses
exactly what the check calls an error, with the same words, and warns what it warns.
A new named shape is one row in contract.SLOTS and its filler: template check,
render, the rotation rule and the README's table follow, and a row without a filler
fails when infokit is imported, not silently at build."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches
from typer.testing import CliRunner

from infokit import build, contract, fillers, templates
from infokit.cli import app

from .conftest import ROOT

GENERIC = templates.builtin_path("generic", "letter")
SLIDE = "ppt/slides/slide1.xml"


def _deck(tmp_path: Path, edit: tuple[bytes, bytes] | None = None) -> Path:
    """The generic built-in deck, the first ``old`` in slide 1 replaced by ``new``."""
    with zipfile.ZipFile(GENERIC) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    if edit:
        assert edit[0] in parts[SLIDE], edit
        parts[SLIDE] = parts[SLIDE].replace(*edit, 1)
    deck = tmp_path / "deck.pptx"
    with zipfile.ZipFile(deck, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return deck


def _picture_named_logo(tmp_path: Path) -> Path:
    prs = Presentation(str(GENERIC))
    slide = prs.slides[0]
    box = next(s for s in slide.shapes if contract.base_name(s.name) == "infokit:logo")
    box.name = "Logo backdrop"
    logo = ROOT / "brands" / "logos" / "northwind-outfitters.png"
    picture = slide.shapes.add_picture(str(logo), 0, 0, Inches(1))
    picture.name = "infokit:logo"
    deck = tmp_path / "deck.pptx"
    prs.save(str(deck))
    return deck


EDITS = {  # a defect made by one edit of slide 1, and what both commands say about it
    "misspelt-link-shape": (
        (b'name="infokit:links @', b'name="infokit:link:bil..ing @'),
        "unknown shape 'infokit:link:bil..ing' (did you mean infokit:link:billing?)",
    ),
    "unknown-shape": (
        (b'name="infokit:notes @', b'name="infokit:bdge @'),
        "unknown shape 'infokit:bdge' (did you mean infokit:logo?)",
    ),
    "misspelt-token": (
        (b"{{text.footer}}", b"{{text.foter}}"),
        "unknown token {{text.foter}} (did you mean text.footer?)",
    ),
    "misspelt-token-in-alt-text": (
        (b'name="Footer @page.12"', b'name="Footer @page.12" descr="{{organisation}}"'),
        "unknown token {{organisation}} (did you mean organization?)",
    ),
    "malformed-flow-tag": (
        (b'name="Footer @page.12"', b'name="Footer @Page 12"'),
        contract.bad_tag("Footer @Page 12"),
    ),
}
DEFECTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    **{name: (partial(_deck, edit=edit), f"slide 1: {said}") for name, (edit, said) in EDITS.items()},
    "picture-named-as-a-slot": (
        _picture_named_logo,
        "slide 1: shape 'infokit:logo' is a picture; it must be a shape or text box",
    ),
}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr


def _errors(stderr: str) -> list[str]:
    return [line.removeprefix("error: ") for line in stderr.splitlines() if line.startswith("error: ")]


@pytest.mark.parametrize("defect", DEFECTS)
def test_build_refuses_what_template_check_refuses_in_the_same_words(
    defect: str, tmp_path: Path, write_brand: Callable[..., Path]
) -> None:
    make, expected = DEFECTS[defect]
    deck = make(tmp_path)
    code, stderr = _run("template", "check", str(deck))
    assert code == 2 and _errors(stderr) == [f"{deck}: template: {expected}"], stderr
    out = tmp_path / "out"
    code, stderr = _run("build", str(write_brand()), "--template", str(deck), "-o", str(out), "-f", "pptx")
    assert code == 2, stderr
    assert f"{deck}: template: {expected}" in stderr and "Traceback" not in stderr
    assert not out.exists() or not any(out.rglob("*.pptx"))


def test_a_clean_deck_builds_and_checks_clean(tmp_path: Path, write_brand: Callable[..., Path]) -> None:
    """Control for the test above: the same deck without the defect passes both."""
    deck = _deck(tmp_path)
    assert _run("template", "check", str(deck))[0] == 0
    out = str(tmp_path / "o")
    code, stderr = _run("build", str(write_brand()), "--template", str(deck), "-o", out, "-f", "pptx")
    assert code == 0, stderr


def test_a_token_in_a_table_cell_is_accepted_by_both_and_replaced(
    tmp_path: Path, write_brand: Callable[..., Path]
) -> None:
    """template check counts tokens in every paragraph, table cells too; so does the build."""
    prs = Presentation(str(GENERIC))
    table = prs.slides[0].shapes.add_table(1, 1, Inches(1), Inches(1), Inches(3), Inches(1)).table
    table.cell(0, 0).text = "Welcome to {{organization}}"
    deck = tmp_path / "table.pptx"
    prs.save(str(deck))
    assert _run("template", "check", str(deck))[0] == 0
    brand = write_brand(organization="Table Clinic", template=str(deck))
    result = build.build(brand, tmp_path / "o", ("pptx",))
    built = Presentation(str(result.outputs["pptx"]))
    cells = [s.table.cell(0, 0).text for s in built.slides[0].shapes if s.has_table]
    assert cells == ["Welcome to Table Clinic"]


def test_build_warns_what_template_check_warns(tmp_path: Path, write_brand: Callable[..., Path]) -> None:
    """A deck with hard-coded colours and fonts and no contract marks: the same three warnings."""
    deck = ROOT / "tests" / "decks" / "font-color.pptx"
    checked = CliRunner().invoke(app, ["template", "check", str(deck), "--json"])
    warned = json.loads(checked.stdout)["warnings"]
    assert checked.exit_code == 0 and any("hard-coded colours" in w for w in warned), warned
    result = build.build(write_brand(template=str(deck)), tmp_path / "out", ("pptx",))
    from_deck = [w for w in result.warnings if w.startswith(f"{deck.name}: ")]
    assert from_deck == [f"{deck.name}: {w}" for w in warned]


# -- One row in contract.SLOTS ------------------------------------------------------------

ROW = 'Slot("infokit:badge", "shows the organization\'s name as a badge", filler="badge", rotates=False),'
FILLER = """
@_filler
def badge(ctx: Context, shape: Shape, key: str) -> Filled | None:
    shape.text_frame.text = ctx.brand.organization
    return Filled(("organization",))
"""

PROBE = """
import json, sys, types
from pathlib import Path
import infokit

def patched(name, old, new):
    source = Path(infokit.__file__).with_name(name + ".py").read_text(encoding="utf-8")
    assert old in source, (name, old)
    module = types.ModuleType("infokit." + name)
    module.__file__ = name + ".py"
    sys.modules["infokit." + name] = module
    exec(compile(source.replace(old, new, 1), name + ".py", "exec"), module.__dict__)
    setattr(infokit, name, module)

row, filler, deck, rotated, brand_file = sys.argv[1:]
patched("contract", "\\n)\\nGENERATED_SHAPES", "\\n    " + row + "\\n)\\nGENERATED_SHAPES")  # the last row
check = "\\ncontract.require_fillers(FILLERS)"
try:
    patched("fillers", check, filler + check)
except ImportError as exc:
    print(json.dumps({"import_error": str(exc)}))
    sys.exit(0)

from infokit import brand, contract, errors, lint, render
finding = lint.check(Path(deck))
try:
    lint.check(Path(rotated))
    refused = ""
except errors.TemplateError as exc:
    refused = str(exc)
try:
    built = render.render(brand.load(Path(brand_file)), template=deck)
    shown = [s.text_frame.text for s in built.presentation.slides[0].shapes
             if contract.base_name(s.name) == "infokit:badge"]
except errors.TemplateError as exc:
    shown = [str(exc)]
print(json.dumps({
    "errors": finding.unknown,
    "shapes": [s for s in finding.shapes if s == "infokit:badge"],
    "rendered": shown,
    "rotated": refused,
    "readme": [r for r in contract.readme_table().splitlines() if "infokit:badge" in r],
}))
"""


def _probe(row: str, filler: str, tmp_path: Path, write_brand: Callable[..., Path]) -> dict[str, object]:
    deck = _deck(tmp_path, (b'name="Footer @page.12"', b'name="infokit:badge @page.12"'))
    prs = Presentation(str(deck))
    next(s for s in prs.slides[0].shapes if s.name.startswith("infokit:badge")).rotation = 30
    rotated = tmp_path / "rotated.pptx"
    prs.save(str(rotated))
    brand = write_brand(organization="Badge Clinic")
    args = [row, filler, str(deck), str(rotated), str(brand)]
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_one_new_row_reaches_template_check_render_rotation_and_readme(
    tmp_path: Path, write_brand: Callable[..., Path]
) -> None:
    assert _probe(ROW, FILLER, tmp_path, write_brand) == {
        "errors": [],
        "shapes": ["infokit:badge"],
        "rendered": ["Badge Clinic"],
        "rotated": (
            f"{tmp_path / 'rotated.pptx'}: template: slide 1: the shape 'infokit:badge' is rotated by "
            "30 degrees; infokit:badge boxes must not be rotated (what infokit places in them would not turn "
            "with them)"
        ),
        "readme": ["| `infokit:badge` | shows the organization's name as a badge |"],
    }


def test_without_the_row_the_shape_is_refused(tmp_path: Path, write_brand: Callable[..., Path]) -> None:
    """Control: the same deck without the row is an error for template check and for render."""
    found = _probe("", "", tmp_path, write_brand)
    message = "slide 1: unknown shape 'infokit:badge' (did you mean infokit:logo?)"
    assert found["errors"] == [message] and found["rotated"] == "", found
    assert found["rendered"] == [f"{tmp_path / 'deck.pptx'}: template: {message}"]


def test_a_row_without_a_filler_fails_at_import(tmp_path: Path, write_brand: Callable[..., Path]) -> None:
    found = _probe(ROW, "", tmp_path, write_brand)
    assert found == {
        "import_error": "infokit/contract.py: the slot infokit:badge names the filler 'badge', which "
        "infokit/fillers.py does not define"
    }


def test_every_slot_has_its_filler_and_every_filler_a_slot() -> None:
    assert {slot.filler for slot in contract.SLOTS} == set(fillers.FILLERS)
