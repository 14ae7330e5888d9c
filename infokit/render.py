"""(Brand, Template) -> a branded python-pptx Presentation. Speaks in brand terms;
the XML work is done by theme, tokens, slots, contrast and fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from pptx.presentation import Presentation
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.group import GroupShape
from pptx.slide import Slide

from infokit import catalog, colors, contrast, fit, fonts, images, slots, templates, theme, tokens
from infokit.brand import LINK_KEYS, Brand, link_display
from infokit.colors import ContrastFix
from infokit.errors import BrandError, Problem, TemplateError
from infokit.package import open_template

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
"""Document dates are pinned so the same inputs give the same bytes."""
LANGUAGE_TAGS = {"en": "en-US", "ru": "ru-RU", "ko": "ko-KR"}
CONTRACT_NAMES = ("infokit:logo", "infokit:qr:", "infokit:notes", "infokit:links", "infokit:link:")


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
    expansions = {"{{organization}}": brand.organization, "{{links.booking}}": brand.links.get("booking", "")}
    for key, value in strings.items():
        if isinstance(value, str) and "{{" in value:
            for token, replacement in expansions.items():
                value = value.replace(token, replacement)
            strings[key] = value
    return strings


def render(brand: Brand, template: str | None = None, language: str | None = None) -> Rendered:
    language = language or brand.language
    tmpl = templates.resolve(template or brand.template, brand.industry, brand.paper)
    prs = open_template(tmpl.path)
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
    result = Rendered(prs, tmpl, title)
    typefaces = fit.Fonts(
        brand.heading_font.family,
        brand.body_font.family,
        east_asian or fonts.EAST_ASIAN_FALLBACK,
        {spec.family: spec.files for spec in (brand.heading_font, brand.body_font) if spec.files},
    )
    for slide in prs.slides:
        _render_slide(slide, brand, strings, scheme, typefaces, language, result)
    _set_properties(prs, brand, strings, title, language)
    return result


def needs_east_asian(brand: Brand, language: str) -> bool:
    """Korean, or Hangul and other East Asian script anywhere in the brand's own text:
    the theme's East Asian slot then names a font that has it (DESIGN.md section 3)."""
    texts = (brand.organization, *brand.notes, *brand.text.values())
    return language == "ko" or any(fonts.is_east_asian(c) for t in texts for c in t)


def _render_slide(
    slide: Slide,
    brand: Brand,
    strings: dict[str, Any],
    scheme: dict[str, str],
    typefaces: fit.Fonts,
    language: str,
    result: Rendered,
) -> None:
    variable = _replace_tokens(slide, brand, strings, result)
    found = _fill_slots(slide, brand, strings, scheme)
    if not found and not result.template.builtin:
        result.warnings.append(
            f"{result.template.path.name}: no infokit:* shapes; only the theme and tokens follow "
            "the brand (see `infokit template check`)"
        )
    _tag_language(slide, LANGUAGE_TAGS.get(language, language))
    earlier: list[etree._Element] = []
    for sp in slide.shapes._spTree.iter(f"{{{P}}}sp"):
        name = _name(sp)
        result.contrast_fixes += contrast.fix_shape(sp, earlier, scheme, name)
        earlier.append(sp)
    to_fit = [
        (sp, _name(sp), f"{result.template.name}: {_name(sp)}")
        for sp in slide.shapes._spTree.iter(f"{{{P}}}sp")
        if sp in variable or _name(sp).startswith(("infokit:notes", "infokit:links", "infokit:logo"))
    ]
    fit.fit_group(to_fit, typefaces)
    leftover = [
        t for p in slide.shapes._spTree.iter(f"{{{A}}}t") if p.text for t in tokens.find_tokens(p.text)
    ]
    if leftover:
        raise TemplateError(
            Problem(result.template.path, None, f"tokens left unreplaced: {', '.join(sorted(set(leftover)))}")
        )


def _resolver(brand: Brand, strings: dict[str, Any]) -> tokens.Resolver:
    def resolve(token: str) -> tokens.Value | None:
        if token == "organization":
            return tokens.Value(brand.organization)
        if token.startswith("links."):
            key = token.removeprefix("links.")
            if key not in LINK_KEYS:
                return None
            url = brand.links.get(key)
            return tokens.Value(link_display(url), url) if url else tokens.Value("")
        if token.startswith("text."):
            value = strings.get(token.removeprefix("text."))
            return tokens.Value(value) if isinstance(value, str) else None
        return None

    return resolve


def _replace_tokens(
    slide: Slide, brand: Brand, strings: dict[str, Any], result: Rendered
) -> set[etree._Element]:
    """Replace tokens in every shape; returns the shape elements that changed.

    The elements themselves, not their id(): lxml makes a new proxy object on each
    access, so an id can be reused by another element once a proxy is collected.
    """
    resolve = _resolver(brand, strings)
    changed: set[etree._Element] = set()
    unknown: set[str] = set()
    for c_nv_pr in slide.shapes._spTree.iter(f"{{{P}}}cNvPr"):
        descr = c_nv_pr.get("descr", "")
        if "{{" in descr:  # alt text may use tokens too: a pictogram says what its step says
            c_nv_pr.set("descr", tokens.replace_in_text(descr, resolve, unknown))
    for sp in slide.shapes._spTree.iter(f"{{{P}}}sp"):
        for p in list(sp.iter(f"{{{A}}}p")):
            if "{{" not in tokens.paragraph_text(p):
                continue
            unknown.update(tokens.replace_in_paragraph(p, resolve, lambda url: slots.link_rid(slide, url)))
            changed.add(sp)
    if unknown:
        known = sorted(f"text.{k}" for k in catalog.known_keys())
        raise TemplateError(
            Problem(
                result.template.path,
                None,
                (
                    f"unknown tokens {', '.join('{{' + u + '}}' for u in sorted(unknown))}; known: "
                    f"organization, links.<{'|'.join(LINK_KEYS)}>, and {len(known)} text.* keys "
                    "(`infokit templates --strings`)"
                ),
            )
        )
    return changed


def _all_shapes(shapes: Any) -> Iterator[BaseShape]:
    for shape in shapes:
        yield shape
        if isinstance(shape, GroupShape):
            yield from _all_shapes(shape.shapes)


def _fill_slots(slide: Slide, brand: Brand, strings: dict[str, Any], scheme: dict[str, str]) -> bool:
    found = False
    for shape in list(_all_shapes(slide.shapes)):
        name = shape.name
        if not name.startswith(CONTRACT_NAMES):
            continue
        if not isinstance(shape, Shape):
            raise TemplateError(
                Problem(None, name, f"must be a shape or text box, not a {type(shape).__name__}")
            )
        found = True
        if name == "infokit:logo":
            _logo(slide, shape, brand, strings)
        elif name.startswith("infokit:qr:"):
            _qr(slide, shape, brand, strings, scheme)
        elif name == "infokit:notes" and shape.has_text_frame:
            slots.fill_notes(shape, brand.notes or tuple(strings.get("default_notes", ())))
        elif name == "infokit:links" and shape.has_text_frame:
            entries = [
                slots.LinkEntry(strings.get(f"link_{k}", k), url, link_display(url))
                for k, url in brand.links.items()
            ]
            slots.fill_links(slide, shape, entries)
        elif name.startswith("infokit:link:"):
            url = brand.links.get(name.removeprefix("infokit:link:"))
            if url:
                slots.link_shape(slide, shape, url)
            else:
                slots.remove(shape)
    return found


def _logo(slide: Slide, box: Shape, brand: Brand, strings: dict[str, Any]) -> None:
    if brand.logo is None:  # no logo file yet: the name, set as a wordmark, keeps the layout
        slots.place_wordmark(box, brand.organization)
        return
    try:
        bitmap = images.logo_bitmap(brand.logo)
    except images.LogoProblem as exc:
        raise BrandError(Problem(brand.source, "logo", f"{brand.logo.name} {exc}")) from None
    slots.place_logo(slide, box, bitmap, strings["logo_alt"])


def _qr(slide: Slide, box: Shape, brand: Brand, strings: dict[str, Any], scheme: dict[str, str]) -> None:
    key = box.name.removeprefix("infokit:qr:")
    url = brand.links.get(key)
    if not url:
        slots.remove(box)
        return
    # Scanners want strong contrast: theme colours when they give it, else black on white.
    if colors.contrast(scheme["dk1"], scheme["lt1"]) >= 7 and (
        colors.relative_luminance(scheme["dk1"]) < colors.relative_luminance(scheme["lt1"])
    ):
        dark, light = '<a:schemeClr val="tx1"/>', '<a:schemeClr val="bg1"/>'
    else:
        dark, light = f'<a:srgbClr val="{colors.BLACK}"/>', f'<a:srgbClr val="{colors.WHITE}"/>'
    alt = strings["qr_alt"] if key == "booking" else f"QR code: {url}"
    slots.place_qr(slide, box, url, alt, dark, light)


def _name(sp: etree._Element) -> str:
    c_nv_pr = sp.find(f".//{{{P}}}cNvPr")
    return "" if c_nv_pr is None else str(c_nv_pr.get("name", ""))


def _tag_language(slide: Slide, tag: str) -> None:
    """Spell-checking in PowerPoint and the PDF's language follow the run language."""
    for tag_name in ("rPr", "endParaRPr"):
        for rpr in slide.shapes._spTree.iter(f"{{{A}}}{tag_name}"):
            rpr.set("lang", tag)


def _set_properties(
    prs: Presentation, brand: Brand, strings: dict[str, Any], title: str, language: str
) -> None:
    props = prs.core_properties
    props.title = title
    props.author = brand.organization
    props.subject = str(strings["headline"])
    props.keywords = "virtual appointment, Microsoft Teams, Bookings"
    props.language = LANGUAGE_TAGS.get(language, language)
    # The deck's default text language: PowerPoint's proofing and the PDF's /Lang follow it.
    tag = LANGUAGE_TAGS.get(language, language)
    holders = [prs.part._element, *(m.part._element for m in prs.slide_masters)]
    for holder in holders:
        for defaults in holder.iter(f"{{{A}}}defRPr"):
            defaults.set("lang", tag)
    props.last_modified_by = "infokit"
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
