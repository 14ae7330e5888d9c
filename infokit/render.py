"""(Brand, Template) -> a branded python-pptx Presentation. Speaks in brand terms;
the XML work is done by theme, tokens, slots, contrast and fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pptx.presentation import Presentation
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.group import GroupShape
from pptx.slide import Slide

from infokit import (
    catalog,
    contract,
    contrast,
    fillers,
    fit,
    flow,
    fonts,
    lint,
    slots,
    templates,
    theme,
    tokens,
)
from infokit.brand import Brand, link_display
from infokit.colors import ContrastFix
from infokit.errors import FitError, Problem, TemplateError
from infokit.ooxml import Element, qn

FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
"""Document dates are pinned so the same inputs give the same bytes."""
LANGUAGE_TAGS = {"en": "en-US", "ru": "ru-RU", "ko": "ko-KR"}


@dataclass
class Rendered:
    presentation: Presentation
    template: templates.Template
    title: str
    warnings: list[str] = field(default_factory=list)
    contrast_fixes: list[ContrastFix] = field(default_factory=list)


def strings_for(brand: Brand, language: str | None = None) -> dict[str, Any]:
    """Catalogue strings for the brand, its ``text:`` overrides applied and expanded."""
    strings = catalog.strings(language or brand.language, brand.industry)
    strings.update(brand.text)
    resolve = _resolver(brand, {})
    shown = {token: resolve(token) for token in contract.brand_tokens()}
    expansions = {f"{{{{{token}}}}}": value.text for token, value in shown.items() if value is not None}
    for key, value in strings.items():
        if isinstance(value, str) and "{{" in value:
            for token, replacement in expansions.items():
                value = value.replace(token, replacement)
            strings[key] = value
    return strings


@dataclass
class _Page:
    """What the passes share about one slide while it is rendered."""

    slide: Slide
    brand: Brand
    strings: dict[str, Any]
    scheme: dict[str, str]
    typefaces: fit.Fonts
    language: str
    result: Rendered
    variable: set[Element] = field(default_factory=set)
    """Shapes whose text came from the brand or the catalogue: they are measured."""
    keys: dict[Element, list[str]] = field(default_factory=dict)
    """The brand keys each variable shape shows, for errors a person can act on."""
    fixed: set[Element] = field(default_factory=set)
    """Shapes whose text is fitted into their box as designed, never grown by a flow (a wordmark)."""
    fitted: set[Element] = field(default_factory=set)
    draw_qr: bool = True
    """False for check: the QR box is sized and painted, but no code is drawn in it."""


@dataclass(frozen=True)
class Pass:
    name: str
    run: Callable[[_Page], None]
    needs: str
    leaves: str


def render(
    brand: Brand, template: str | None = None, language: str | None = None, *, draw_qr: bool = True
) -> Rendered:
    """The branded deck. ``draw_qr=False`` (check) leaves the QR code's modules out: a
    third of a page's time, and nothing a check reports depends on them (the box keeps
    the size and colour the code would give it)."""
    try:
        return _render(brand, template, language, draw_qr)
    except TemplateError as exc:  # the template as the brand file names it, not a symlink's target
        exc.problems[:] = [replace(p, file=brand.as_written(p.file)) if p.file else p for p in exc.problems]
        raise


def _render(brand: Brand, template: str | None, language: str | None, draw_qr: bool) -> Rendered:
    language = language or brand.language
    tmpl = templates.resolve(template or brand.template, brand.industry, brand.paper, brand.layout)
    prs, finding = lint.open_checked(tmpl.path)  # refused and warned as `infokit template check` does
    strings = strings_for(brand, language)
    scheme = theme.scheme_from_palette(**vars(brand.colors))
    east_asian = fonts.EAST_ASIAN_FALLBACK if needs_east_asian(brand, language) else None
    theme.apply(
        prs,
        scheme,
        theme.ThemeFonts(brand.heading_font.family, brand.body_font.family, east_asian),
        brand.organization,
    )
    title = f"{brand.organization}: {strings['document_title']}"
    result = Rendered(prs, tmpl, title, [f"{tmpl.path.name}: {w}" for w in finding.warnings()])
    if brand.layout and not tmpl.builtin:
        result.warnings.append(
            f"layout: '{brand.layout}' applies to the built-in templates; "
            f"{tmpl.path.name} keeps its own arrangement"
        )
    typefaces = fit.Fonts(
        brand.heading_font.family,
        brand.body_font.family,
        east_asian or fonts.EAST_ASIAN_FALLBACK,
        {spec.family: spec.files for spec in (brand.heading_font, brand.body_font) if spec.files},
    )
    for slide in prs.slides:
        page = _Page(slide, brand, strings, scheme, typefaces, language, result, draw_qr=draw_qr)
        for step in PASSES:
            step.run(page)
    _set_properties(prs, brand, strings, title, language)
    return result


def needs_east_asian(brand: Brand, language: str) -> bool:
    """Korean, or Hangul and other East Asian script anywhere in the brand's own text:
    the theme's East Asian slot then names a font that has it (DESIGN.md section 3)."""
    texts = (brand.organization, *brand.notes, *brand.text.values())
    return language == "ko" or any(fonts.is_east_asian(c) for t in texts for c in t)


def _tokens_pass(page: _Page) -> None:
    page.variable |= _replace_tokens(page)


def _slots_pass(page: _Page) -> None:
    for shape in list(_all_shapes(page.slide.shapes)):
        if contract.is_generated(shape.name):  # a built deck as template: its logo and QR are remade
            slots.remove(shape)
    _fill_slots(page)
    leftover = [
        t for p in page.slide.shapes._spTree.iter(qn("a:t")) if p.text for t in tokens.find_tokens(p.text)
    ]
    if leftover:
        raise TemplateError(
            Problem(
                page.result.template.path, None, f"tokens left unreplaced: {', '.join(sorted(set(leftover)))}"
            )
        )


def _layout_pass(page: _Page) -> None:
    for column in flow.columns(page.slide.shapes._spTree, page.variable, page.typefaces):
        try:
            flow.lay_out(column)
        except flow.ColumnFull as full:
            raise FitError(overflow_problem(page, full.overflow)) from None
        page.fitted.update(side.driver.el for block in column.blocks for side in block.sides)


def _fit_pass(page: _Page) -> None:
    to_fit = [
        (sp, _name(sp), f"{page.result.template.name}: {_name(sp)}")
        for sp in page.slide.shapes._spTree.iter(qn("p:sp"))
        if sp not in page.fitted and (sp in page.variable or sp in page.fixed)
    ]
    try:
        fit.fit_group(to_fit, page.typefaces)
    except FitError as exc:
        keys = _brand_keys(page, exc.shape) if exc.shape is not None else []
        if not keys:
            raise  # the template's own words: its message names the shape
        raise FitError(_too_long(page, keys, exc.too_big)) from None


def _contrast_pass(page: _Page) -> None:
    shapes = [(sp, _base(sp)) for sp in page.slide.shapes._spTree.iter(qn("p:sp"))]
    page.result.contrast_fixes += contrast.fix_slide(shapes, page.scheme)


def _language_pass(page: _Page) -> None:
    _tag_language(page.slide, LANGUAGE_TAGS.get(page.language, page.language))


PASSES = (
    Pass(
        "tokens",
        _tokens_pass,
        needs="the template's slide, the brand and its strings",
        leaves="no {{token}} in text or alt text; the shapes whose text changed, with their brand keys",
    ),
    Pass(
        "slots",
        _slots_pass,
        needs="tokens replaced",
        leaves="logo or wordmark, QR code, notes and links in their named shapes; no token left anywhere",
    ),
    Pass(
        "layout",
        _layout_pass,
        needs="every text final (tokens and slots done)",
        leaves="flow columns re-stacked, their text sized (7 pt floor) and broken; or a FitError naming "
        "the brand key to cut",
    ),
    Pass(
        "fit",
        _fit_pass,
        needs="final positions (layout done)",
        leaves="every other variable text sized to its box, never below 7 pt; explicit sizes, no autofit",
    ),
    Pass(
        "contrast",
        _contrast_pass,
        needs="final sizes and positions (fit done): large text is judged by its final size",
        leaves="every run at WCAG AA on its backdrop; a band's runs switched together",
    ),
    Pass(
        "language",
        _language_pass,
        needs="every run in place (no pass adds runs after it)",
        leaves="each run tagged with the page language (proofing, the PDF's text language)",
    ),
)
"""Render, in order. Each pass says what it needs and what it leaves; the deck's
properties (title, language, dates) are set once after the slides."""


ORDINALS = ("1st", "2nd", "3rd", "4th", "5th")


def _too_long(page: _Page, keys: list[str], too_big: float) -> Problem:
    """One box's brand text does not fit at the floor: the key and how much to cut."""
    brand = page.brand
    key = keys[0]
    text = brand.organization if key == "organization" else brand.text.get(key.removeprefix("text."), "")
    floor = f"even at {fit.MIN_PT:g} pt (the smallest size print can carry)"
    if too_big <= 1.0:  # tall enough: a word is wider than the box, and words are never split
        longest = max(text.split(), key=len, default=text)
        return Problem(
            brand.source,
            key,
            f"a word in it ({longest[:30]!r}, {len(longest)} characters) is wider than its box {floor}; "
            "shorten that word or put spaces in it.",
        )
    cut = max(5, round(len(text) * (1 - 1 / too_big) * 1.2)) if text else 0
    what = f"Shorten it ({len(text)} characters) by about {cut} characters." if text else "Shorten it."
    return Problem(
        brand.source, key, f"does not fit its box {floor}: it needs about {too_big - 1:.0%} more room. {what}"
    )


def overflow_problem(page: _Page, overflow: flow.Overflow) -> Problem:
    """The column cannot fit at 7 pt: name the brand's text that takes most room, and what to cut."""
    brand = page.brand
    over = overflow.needed_pt / max(overflow.room_pt, 1.0) - 1
    lead = f"does not fit on the page even at {fit.MIN_PT:g} pt (the smallest size print can carry): "
    lead += f"the page needs about {over:.0%} more room than it has. "
    given = [(el, _brand_keys(page, el)) for el in overflow.drivers]
    given = [(el, keys) for el, keys in given if keys]
    if not given:
        return Problem(brand.source, None, lead + "Shorten the brand's text (notes, links, text:).")
    # The brand's own words that take the most height at the floor: notes, links, or its text:.
    weight: dict[str, float] = {}
    for el, shows in given:
        kind = shows[0] if shows in (["notes"], ["links"]) else "text"
        weight[kind] = weight.get(kind, 0.0) + fit.shape_text(el, page.typefaces).needed_height(0.0)
    heaviest = max(weight, key=lambda k: weight[k])
    own_text = [k for _, shows in given for k in shows if k not in ("notes", "links")]
    keys = [heaviest] if heaviest != "text" else own_text
    if keys == ["notes"]:
        longest = max(range(len(brand.notes)), key=lambda i: len(brand.notes[i]))
        cut = max(10, round(over * sum(len(n) for n in brand.notes)))
        return Problem(
            brand.source,
            f"notes.{longest + 1}",  # positions count from 1 in messages
            lead + f"Shorten the notes by about {cut} characters, starting with the "
            f"{ORDINALS[longest]} note ({len(brand.notes[longest])} characters), or leave one out.",
        )
    if keys == ["links"]:
        shown = {k: link_display(u, brand.link_labels.get(k)) for k, u in brand.links.items()}
        longest_key = max(shown, key=lambda k: len(shown[k]))
        return Problem(
            brand.source,
            f"links.{longest_key}",
            lead + f"Give it a short label ({{url: ..., label: yourdomain.com/{longest_key}}}) or leave a "
            "link out.",
        )
    key = max(keys, key=lambda k: len(brand.text.get(k.removeprefix("text."), brand.organization)))
    length = len(brand.text.get(key.removeprefix("text."), brand.organization))
    cut = max(10, round(over * length * 2))
    return Problem(brand.source, key, lead + f"Shorten it ({length} characters) by about {cut} characters.")


def _brand_keys(page: _Page, el: Element) -> list[str]:
    """The keys of the brand file whose words a shape shows (not the catalogue's own)."""
    keys = []
    for token in page.keys.get(el, []):
        own = token == "organization" or token.removeprefix("text.") in page.brand.text
        if (token == "notes" and page.brand.notes) or token == "links" or own:
            keys.append(token)
    return keys


def _resolver(brand: Brand, strings: dict[str, Any]) -> tokens.Resolver:
    """What each token of the contract (contract.parse_token) says for this brand."""

    def resolve(token: str) -> tokens.Value | None:
        parsed = contract.parse_token(token)
        if parsed is None:
            return None
        if parsed.kind == "organization":
            return tokens.Value(brand.organization)
        if parsed.kind == "links":  # as the page prints it: its label, or the address without https://
            url = brand.links.get(parsed.key)
            if not url:
                return tokens.Value("")
            return tokens.Value(link_display(url, brand.link_labels.get(parsed.key)), url)
        value = strings.get(parsed.key)
        return tokens.Value(value) if isinstance(value, str) else None

    return resolve


def _replace_tokens(page: _Page) -> set[Element]:
    """Replace tokens in every shape; returns the shape elements that changed.

    The elements themselves, not their id(): lxml makes a new proxy object on each
    access, so an id can be reused by another element once a proxy is collected.
    """
    slide, result = page.slide, page.result
    resolve = _resolver(page.brand, page.strings)
    changed: set[Element] = set()
    unknown: set[str] = set()
    for c_nv_pr in slide.shapes._spTree.iter(qn("p:cNvPr")):
        descr = c_nv_pr.get("descr", "")
        if "{{" in descr:  # alt text may use tokens too: a pictogram says what its step says
            c_nv_pr.set("descr", tokens.replace_in_text(descr, resolve, unknown))
    # Every paragraph, as lint.inspect reads them: table cells hold tokens too.
    for p in list(slide.shapes._spTree.iter(qn("a:p"))):
        text = tokens.paragraph_text(p)
        if "{{" not in text:
            continue
        unknown.update(tokens.replace_in_paragraph(p, resolve, lambda url: slots.link_rid(slide, url)))
        sp = next(p.iterancestors(qn("p:sp")), None)
        if sp is not None:  # a table cell (no p:sp) keeps its designed size: its row grows
            page.keys.setdefault(sp, []).extend(tokens.find_tokens(text))
            changed.add(sp)
    if unknown:  # a catalogue string this language and industry lack (lint knows all of them)
        listed = ", ".join("{{" + u + "}}" for u in sorted(unknown))
        raise TemplateError(
            Problem(result.template.path, None, f"unknown tokens {listed}; known: {contract.token_grammar()}")
        )
    return changed


def _all_shapes(shapes: Any) -> Iterator[BaseShape]:
    for shape in shapes:
        yield shape
        if isinstance(shape, GroupShape):
            yield from _all_shapes(shape.shapes)


def _fill_slots(page: _Page) -> None:
    """Each named shape filled by its slot's filler (contract.SLOTS, fillers.py)."""
    context = fillers.Context(
        page.slide, page.brand, page.strings, page.scheme, page.result.warnings, page.draw_qr
    )
    for shape in list(_all_shapes(page.slide.shapes)):
        found = contract.slot_for(shape.name)
        if found is None:
            continue
        slot, key = found
        assert isinstance(shape, Shape), "lint.inspect refuses a named shape that is not a shape"
        filled = fillers.FILLERS[slot.filler](context, shape, key)
        if filled is not None:
            page.keys[shape._element] = list(filled.shows)
            (page.variable if filled.grows else page.fixed).add(shape._element)


def _name(sp: Element) -> str:
    c_nv_pr = sp.find(f".//{qn('p:cNvPr')}")
    return "" if c_nv_pr is None else str(c_nv_pr.get("name", ""))


def _base(sp: Element) -> str:
    """The shape's name without its flow tag, as errors and contrast notes show it."""
    return contract.base_name(_name(sp))


def _tag_language(slide: Slide, tag: str) -> None:
    """Spell-checking in PowerPoint and the PDF's language follow the run language."""
    for tag_name in ("rPr", "endParaRPr"):
        for rpr in slide.shapes._spTree.iter(qn(f"a:{tag_name}")):
            rpr.set("lang", tag)


def _set_properties(
    prs: Presentation, brand: Brand, strings: dict[str, Any], title: str, language: str
) -> None:
    props = prs.core_properties
    props.title = title
    props.author = brand.organization
    props.subject = str(strings["headline"])[:255]  # the core properties hold at most 255
    props.keywords = "virtual appointment, Microsoft Teams, Bookings"
    props.language = LANGUAGE_TAGS.get(language, language)
    # The deck's default text language: PowerPoint's proofing and the PDF's /Lang follow it.
    tag = LANGUAGE_TAGS.get(language, language)
    holders = [prs.part._element, *(m.part._element for m in prs.slide_masters)]
    for holder in holders:
        for defaults in holder.iter(qn("a:defRPr")):
            defaults.set("lang", tag)
    props.last_modified_by = "infokit"
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
