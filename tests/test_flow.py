"""Layout at render time, in memory: flow, the 7 pt floor, link labels and wrapping,
contrast judged last and by band, balanced headings, and the errors a person can act on."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from infokit import brand, colors, contract, fit, render, templates
from infokit.cli import app
from infokit.errors import BrandError, FitError

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
BOOKINGS = "https://outlook.office365.com/book/ContosoHealthVirtualVisits@contosohealth.onmicrosoft.com/"
EMU_PER_PT = 12700
SQUEEZE = 0.45
FONTS = fit.Fonts("Noto Sans", "Noto Sans", "Noto Sans CJK KR")


def shapes(r: render.Rendered) -> dict[str, etree._Element]:
    tree = r.presentation.slides[0].shapes._spTree
    return {
        contract.base_name(str(c.get("name"))): c.getparent().getparent() for c in tree.iter(f"{{{P}}}cNvPr")
    }


def box(sp: etree._Element) -> tuple[int, int, int, int]:
    off, ext = sp.find(f".//{{{A}}}off"), sp.find(f".//{{{A}}}ext")
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


def sizes(sp: etree._Element) -> list[float]:
    return [int(s) / 100 for s in sp.xpath(".//a:rPr/@sz")]


def text_of(el: etree._Element) -> str:
    """The text of an element (python-pptx's oxml classes make itertext() unreliable)."""
    return "".join(t.text or "" for t in el.iter(f"{{{A}}}t"))


def text_runs(sp: etree._Element) -> list[etree._Element]:
    return [r for r in sp.iter(f"{{{A}}}r") if text_of(r).strip()]


def run_colour(run: etree._Element) -> str:
    fill = run.find(f"{{{A}}}rPr/{{{A}}}solidFill")
    return etree.tostring(fill[0]).decode() if fill is not None else "inherited"


@pytest.mark.parametrize("layout", templates.LAYOUTS)
def test_panels_take_the_height_of_their_notes(layout: str, write_brand: Callable[..., Path]) -> None:
    one = shapes(render.render(brand.load(write_brand(layout=layout, notes=["Join early."]))))
    five = shapes(
        render.render(brand.load(write_brand(layout=layout, notes=["Bring your card and a list. " * 4] * 5)))
    )
    assert box(one["Before panel"])[3] < box(five["Before panel"])[3]
    # Text boxes hug their text: the notes box is no taller than its measured text needs.
    for r in (one, five):
        m = fit.measured_lines(r["infokit:notes"], FONTS)
        assert m["text_height"] <= m["box_height"] <= m["text_height"] / fit.SAFETY + 1


def test_text_keeps_its_design_size_when_there_is_room(write_brand: Callable[..., Path]) -> None:
    r = shapes(render.render(brand.load(write_brand(notes=["Join early."]))))
    assert max(sizes(r["infokit:notes"])) == 11 and max(sizes(r["Header"])) == 27


def test_full_pages_shrink_to_the_floor_not_below(write_brand: Callable[..., Path]) -> None:
    notes = ["Please have your documents, your questions and a quiet, well-lit room ready. " * 3][:1] * 5
    r = render.render(
        brand.load(
            write_brand(
                organization="The Northern Lakes Regional Health and Community Wellbeing Cooperative Trust",
                notes=[n[:200] for n in notes],
                links={"booking": BOOKINGS, "help": BOOKINGS + "help", "billing": BOOKINGS + "billing"},
            )
        )
    )
    everything = [s for sp in shapes(r).values() for s in sizes(sp)]
    assert min(everything) >= fit.MIN_PT
    assert max(sizes(shapes(r)["infokit:notes"])) < 11  # it did have to shrink


@pytest.mark.parametrize("culprit", ["notes", "steps"])
def test_content_that_cannot_fit_names_the_key_to_cut(
    culprit: str, write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    """A designer's deck with less room (squeezed to 45% of the height): past what fits at 7 pt,
    the error names the brand key that takes the most room, and never says '55%'."""
    import zipfile

    deck = tmp_path / "short-page.pptx"
    with (
        zipfile.ZipFile(templates.builtin_path("healthcare", "letter")) as src,
        zipfile.ZipFile(deck, "w") as z,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "ppt/slides/slide1.xml":
                root = etree.fromstring(data)
                for xfrm in root.iter(f"{{{A}}}xfrm"):  # the same design squeezed into less height
                    off, ext = xfrm.find(f"{{{A}}}off"), xfrm.find(f"{{{A}}}ext")
                    off.set("y", str(int(int(off.get("y")) * SQUEEZE)))
                    ext.set("cy", str(int(int(ext.get("cy")) * SQUEEZE)))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(item, data)
    long = ("Please have your documents and your questions ready before you join the call. " * 6)[:400]
    if culprit == "notes":
        path = write_brand(template=str(deck), notes=[long[:200]] * 4 + [long[:150]])
    else:
        path = write_brand(template=str(deck), text={f"step{i}_body": long for i in range(1, 5)})
    with pytest.raises(FitError) as info:
        render.render(brand.load(path))
    problem = info.value.problems[0]
    message = str(problem)
    assert problem.file == path
    assert "7 pt" in message and "55%" not in message and "more room" in message
    if culprit == "notes":
        assert problem.key == "notes.1" and "1st note (200 characters)" in message
    else:
        assert problem.key == "text.step1_body" and "Shorten it (400 characters)" in message


def test_addresses_wrap_at_url_boundaries_not_by_shrinking(write_brand: Callable[..., Path]) -> None:
    r = render.render(brand.load(write_brand(links={"booking": BOOKINGS})))
    links = shapes(r)["infokit:links"]
    lines: list[str] = [""]
    for el in links.iter(f"{{{A}}}r", f"{{{A}}}br"):
        if el.tag == f"{{{A}}}br":
            lines.append("")
        elif el.find(f"{{{A}}}rPr/{{{A}}}hlinkClick") is not None:
            lines[-1] += text_of(el)
    address = [line for line in lines if line]
    assert "".join(address) == BOOKINGS.removeprefix("https://").rstrip("/")
    assert len(address) > 1
    for before, after in itertools.pairwise(address):
        assert before.endswith("/") or after[0] in ".@?&-_"
    assert min(sizes(links)) == 9.0  # the address keeps its designed size
    # Every piece of the address clicks through to the exact URL.
    rels = r.presentation.slides[0].part.rels
    targets = {rels[rid].target_ref for rid in links.xpath(".//a:hlinkClick/@r:id")}
    assert targets == {BOOKINGS}


def test_a_link_label_is_printed_and_the_url_stays_exact(write_brand: Callable[..., Path]) -> None:
    path = write_brand(
        links={"booking": {"url": BOOKINGS, "label": "contoso.com/book"}, "home": "https://contoso.com"}
    )
    b = brand.load(path)
    assert b.links["booking"] == BOOKINGS and b.link_labels == {"booking": "contoso.com/book"}
    r = render.render(b)
    s = shapes(r)
    assert "contoso.com/book" in text_of(s["infokit:links"])
    assert "office365" not in text_of(s["infokit:links"])
    assert s["infokit:qr:code"].xpath(".//p:cNvPr/@descr")[0] == "QR code: contoso.com/book"  # as printed


def test_link_labels_are_validated(write_brand: Callable[..., Path]) -> None:
    with pytest.raises(BrandError) as info:
        brand.load(write_brand(links={"booking": {"url": BOOKINGS, "label": "x" * 61, "lable": "y"}}))
    text = " ".join(str(p) for p in info.value.problems)
    assert "links.booking.label: is 61 characters long; at most 60 fit" in text
    assert "links.booking.lable: is not a known key. Did you mean 'label'?" in text


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://www.contoso.example/", "contoso.example"),
        ("http://contoso.example/book/", "contoso.example/book"),
        ("mailto:care@contoso.example", "care@contoso.example"),
        ("tel:+1-555-0100", "+1-555-0100"),
    ],
)
def test_scheme_www_and_trailing_slash_are_never_printed(url: str, shown: str) -> None:
    assert brand.link_display(url) == shown


@pytest.mark.parametrize("layout", templates.LAYOUTS)
def test_every_link_at_its_documented_length_builds(layout: str) -> None:
    """A 300-character booking link and a 2000-character one beside the maximum content: the
    printed address is shortened in the middle, the click target stays exact, no text under 7 pt."""
    import dataclasses

    from .test_layouts import case_brand

    b = case_brand(layout, "ru", "maximum")
    longest = "https://contoso.example/" + "/".join(["segment"] * 250)[: brand.MAX_LINK - 24]
    booking = ("https://outlook.office365.com/book/" + "A" * 300)[: brand.MAX_BOOKING_LINK]
    r = render.render(dataclasses.replace(b, links={**b.links, "reschedule": longest, "booking": booking}))
    assert len(longest) == brand.MAX_LINK
    everything = [size for sp in shapes(r).values() for size in sizes(sp)]
    assert min(everything) >= fit.MIN_PT
    printed = text_of(shapes(r)["infokit:links"])
    assert "contoso.example/segment/segment" in printed and "\u2026" in printed
    targets = {rel.target_ref for rel in r.presentation.slides[0].part.rels.values() if rel.is_external}
    assert longest in targets and booking in targets


def test_check_warns_about_an_address_too_long_to_type(write_brand: Callable[..., Path]) -> None:
    code, stdout, _ = _run("check", str(write_brand(links={"booking": BOOKINGS})), "--json")
    warnings = json.loads(stdout)["warnings"]  # structured like errors: file, line, row, key, message
    assert code == 0
    assert any(
        w["key"] == "links.booking"
        and w["message"].startswith("the printed address is 83 characters")
        and "label" in w["message"]
        for w in warnings
    )
    labelled = write_brand(links={"booking": {"url": BOOKINGS, "label": "contoso.example/book"}})
    assert not any(
        w["key"] == "links.booking" for w in json.loads(_run("check", str(labelled), "--json")[1])["warnings"]
    )


def test_layout_key_picks_the_composition_and_suggests_on_typos(write_brand: Callable[..., Path]) -> None:
    r = render.render(brand.load(write_brand(layout="cards")))
    assert r.template.path == templates.builtin_path("healthcare", "letter", "cards")
    assert {"Step 1 card", "Step 4 card"} <= set(shapes(r))
    with pytest.raises(BrandError) as info:
        brand.load(write_brand(layout="grdi"))
    expected = "layout: 'grdi' is not a choice; use one of timeline, cards, grid, path. Did you mean 'grid'?"
    assert expected in str(info.value.problems[0])


def test_the_four_compositions_differ() -> None:
    """Not one grid recoloured: the step text boxes sit in different places."""
    seen = set()
    for layout in templates.LAYOUTS:
        r = render.render(_brand_for(layout))
        seen.add(tuple(box(shapes(r)[f"Step {i} text"])[:2] for i in range(1, 5)))
    assert len(seen) == 4


def _brand_for(layout: str) -> brand.Brand:
    from .test_layouts import case_brand

    return case_brand(layout, "en", "short")


def test_steps_are_evenly_spaced_whatever_their_line_counts(write_brand: Callable[..., Path]) -> None:
    text = {"step2_body": "Short.", "step3_body": "A much longer body. " * 8}
    s = shapes(render.render(brand.load(write_brand(text=text))))
    tops = [box(s[f"Step {i} text"])[1] for i in range(1, 5)]
    bottoms = [box(s[f"Step {i} text"])[1] + box(s[f"Step {i} text"])[3] for i in range(1, 5)]
    circles = [box(s[f"Step {i} circle"]) for i in range(1, 5)]
    gaps = [tops[i + 1] - max(bottoms[i], circles[i][1] + circles[i][3]) for i in range(3)]
    assert max(gaps) - min(gaps) <= 2 * EMU_PER_PT  # even to within 2 pt
    rail = box(s["Timeline rail"])
    assert rail[1] <= circles[0][1] + circles[0][3] and rail[1] + rail[3] >= circles[3][1]


def test_headings_break_without_a_lone_last_word(write_brand: Callable[..., Path]) -> None:
    """Russian "Онлайн-приём у врача шаг за шагом" must not end with "шагом" alone."""
    r = render.render(brand.load(write_brand(language="ru")))
    header = shapes(r)["Header"]
    headline = header.findall(f"{{{P}}}txBody/{{{A}}}p")[1]
    lines = [""]
    for el in headline:
        if el.tag == f"{{{A}}}br":
            lines.append("")
        elif el.tag == f"{{{A}}}r":
            lines[-1] += text_of(el)
    measured = fit.shape_text(header, FONTS).paragraphs()[1].lines(fit.shape_text(header, FONTS).width, 1.0)
    assert len(measured) == len(lines)
    assert len(lines) > 1 and len(lines[-1].split()) >= 2, lines


def test_balanced_break_keeps_the_line_count() -> None:
    metrics = FONTS.metrics("Noto Sans", True)
    run = fit._Run("Онлайн-приём у врача шаг за шагом", 27, metrics, None)
    para = fit._Paragraph([run], 0, 0, 0, 1, 27)
    greedy = para.lines(330, 1.0)
    balanced = fit._balanced(para, 330, greedy)
    text = [run.text[line[0].start : line[-1].end].strip() for line in balanced]
    assert len(balanced) == len(greedy) == 2
    assert len(text[-1].split()) >= 2


def test_header_text_switches_together_on_a_mid_tone_primary(write_brand: Callable[..., Path]) -> None:
    """#00968A: white passes for the 27 pt headline but not for the 13 pt name; all three go dark."""
    r = render.render(brand.load(write_brand(colors={"primary": "#00968A"})))
    runs = text_runs(shapes(r)["Header"])
    assert len({run_colour(run) for run in runs}) == 1
    assert any(f.where == "Header" for f in r.contrast_fixes)


def test_contrast_is_judged_after_fitting_the_shrunk_wordmark(write_brand: Callable[..., Path]) -> None:
    """A 76-character name without a logo is set as a wordmark and shrunk below 14 pt bold:
    primary #3B8AD9 on white (3.6:1) passed as large text before fitting, fails after."""
    name = "The Northern Lakes Regional Health and Community Wellbeing Cooperative Trust"
    assert len(name) == 76
    r = render.render(brand.load(write_brand(organization=name, colors={"primary": "#3B8AD9"})))
    wordmark = shapes(r)["infokit:logo"]
    assert max(sizes(wordmark)) < 14
    fill = wordmark.find(f".//{{{A}}}r/{{{A}}}rPr/{{{A}}}solidFill")[0]
    assert fill.get("val") != "accent1"  # switched from the brand colour
    assert any(f.where == "infokit:logo" and f.ratio_used >= colors.AA_NORMAL for f in r.contrast_fixes)


def test_render_is_a_visible_list_of_passes() -> None:
    names = [p.name for p in render.PASSES]
    assert names == ["tokens", "slots", "layout", "fit", "contrast", "language"]
    assert names.index("contrast") > names.index("fit") > names.index("layout")
    assert all(p.needs and p.leaves for p in render.PASSES)


def test_build_prints_and_reports_the_contrast_note(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    path = write_brand(colors={"primary": "#FFD800"})
    check_note = [line for line in _run("check", str(path))[2].splitlines() if "has contrast" in line]
    assert check_note and all(line.startswith("note:") for line in check_note)
    assert json.loads(_run("check", str(path), "--json")[1])["contrast"]
    code, stdout, stderr = _run("build", str(path), "-o", str(tmp_path / "o"), "-f", "pptx", "--json")
    assert code == 0
    result = json.loads(stdout)
    assert result["contrast"] and all(c["fill"].startswith("#") for c in result["contrast"])
    # check looks at everything a build can make (the FAQ page too): a build of both prints the same
    code, _, stderr = _run("build", str(path), "-o", str(tmp_path / "o"), "-f", "pptx", "-f", "html")
    assert check_note and check_note[0] in stderr


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("layout", templates.LAYOUTS)
def test_what_a_panel_holds_stays_inside_it(layout: str) -> None:
    """A card or panel shrinks to its text, never past the QR code or title it holds."""
    s = shapes(render.render(_brand_for(layout)))
    for outer, inner in (("QR card", "infokit:qr:code"), ("Before panel", "Before title")):
        ox, oy, ow, oh = box(s[outer])
        ix, iy, iw, ih = box(s[inner])
        assert ox <= ix and ix + iw <= ox + ow, (outer, inner)
        assert oy <= iy and iy + ih <= oy + oh, (outer, inner)


def test_layout_with_a_template_of_ones_own_is_a_warning(write_brand: Callable[..., Path]) -> None:
    deck = str(templates.builtin_path("generic", "letter"))
    r = render.render(brand.load(write_brand(template=deck, layout="grid")))
    assert any(w.startswith("layout: 'grid' applies to the built-in templates") for w in r.warnings)
