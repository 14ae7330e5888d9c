"""Build one brand: load, render, save, convert, preview. The library's front door.

from infokit.build import build
result = build("brands/contoso-health.yaml", out_dir="out", formats=("pptx", "pdf"))
print(result.outputs["pdf"])
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from infokit import __version__, contain, convert, embedded, fonts, output, results, scratch
from infokit import brand as brand_mod
from infokit.colors import ContrastFix
from infokit.errors import ConversionError, InfokitError, InvalidInput, Problem
from infokit.faq import files

if TYPE_CHECKING:
    from infokit import render as render_mod

if TYPE_CHECKING:
    from infokit.faq.page import WebFile

FORMATS = ("pptx", "pdf", "png", "html", "md")
"""html: the FAQ page, its paste-ready fragment and the toolkit index; md: the FAQ in Markdown."""


@dataclass
class BuildResult:
    source: Path
    organization: str
    industry: str
    language: str
    outputs: dict[str, Path]
    warnings: list[str] = field(default_factory=list)
    contrast_fixes: list[ContrastFix] = field(default_factory=list)
    seconds: float = 0.0
    template: str | None = None
    paper: str | None = None
    notes: list[str] = field(default_factory=list)
    """What infokit adjusted to keep the page readable (page_notes): for people."""

    def as_dict(self) -> dict[str, object]:
        """The documented result object (infokit.results)."""
        return results.entry(
            results.Status.BUILT,
            self.source,
            organization=self.organization,
            industry=self.industry,
            language=self.language,
            paper=self.paper,
            template=self.template,
            outputs=self.outputs,
            warnings=self.warnings,
            contrast=self.contrast_fixes,
            seconds=self.seconds,
        )


@dataclass
class CheckResult:
    brand: brand_mod.Brand
    warnings: list[str]
    contrast_fixes: list[ContrastFix]
    template: str
    language: str | None = None
    faq_defaults: list[str] = field(default_factory=list)
    """FAQ questions still answered by infokit's general words (``faq:`` replaces them)."""

    row: int | None = None
    """For a CSV source: the row (1 is the first under the header)."""
    notes: list[str] = field(default_factory=list)
    """What infokit adjusted to keep the page readable (page_notes): for people."""

    def strict_error(self) -> InvalidInput | None:
        """The error --strict makes of the warnings, or None when there are none."""
        return strict_error(self.warnings, self.brand.source, self.row)

    def as_dict(self, strict: bool = False) -> dict[str, object]:
        """The documented result object (infokit.results); contrast notes are warnings."""
        error = self.strict_error() if strict else None
        return results.entry(
            results.Status.FAILED if error else results.Status.CHECKED,
            self.brand.source,
            row=self.row,
            error=error,
            organization=self.brand.organization,
            industry=self.brand.industry,
            language=self.language or self.brand.language,
            paper=self.brand.paper,
            template=self.template,
            warnings=self.warnings,
            contrast=self.contrast_fixes,
            faq_defaults=self.faq_defaults,
        )


def contrast_notes(fixes: list[ContrastFix], palette: brand_mod.Palette) -> list[str]:
    """One warning per brand colour that text cannot meet WCAG AA on, with what is used
    instead; each starts with the colour's key, as errors do."""
    names = {value: f"colors.{key}" for key, value in reversed(vars(palette).items())}
    grouped: dict[tuple[str, str, str], list[ContrastFix]] = {}
    for fix in fixes:
        grouped.setdefault((fix.fill, fix.wanted, fix.used), []).append(fix)
    notes = []
    for (fill, wanted, used), group in grouped.items():
        where = ", ".join(dict.fromkeys(f.where for f in group))
        key = names.get(fill, "colors")
        derived = "" if fill in names else " (derived from the brand colours)"
        notes.append(
            f"{key}: text #{wanted} on #{fill}{derived} has contrast {group[0].ratio_wanted:.1f}:1, "
            f"below WCAG AA; infokit uses #{used} ({group[0].ratio_used:.1f}:1) in {where}"
        )
    return notes


def check(path: str | Path, template: str | None = None, language: str | None = None) -> CheckResult:
    """Validate a brand file and render it in memory (no files written, no LibreOffice)."""
    with contain.input_errors(Path(path)):
        brand = brand_mod.load(path)
        return check_brand(brand.page(language) if language else brand, template)


def check_brand(brand: brand_mod.Brand, template: str | None = None) -> CheckResult:
    """Render an already validated brand (one page of it: Brand.page) in memory and
    collect its warnings."""
    from infokit import render
    from infokit.faq import content

    rendered = render.render(brand, template=template, draw_qr=False)
    return CheckResult(
        brand,
        page_warnings(brand, rendered),
        page_contrast(brand, rendered, web=True),
        rendered.template.name,
        brand.language,
        content.default_keys(brand),
        notes=page_notes(brand, rendered, web=True),
    )


def page_warnings(brand: brand_mod.Brand, rendered: render_mod.Rendered | None) -> list[str]:
    """Every warning about one page, the same in check, build and batch: the brand's,
    the template's, fonts, text in another language than the page, addresses too long to
    type. What --strict refuses. Contrast fixes are notes, not warnings (page_notes)."""
    return [
        *brand.warnings,
        *(rendered.warnings if rendered else []),
        # No deck rendered: only web files, which the reader's browser draws.
        *font_warnings(brand, brand.language, infographic=rendered is not None),
        *language_warnings(brand, brand.language),
        *brand_mod.link_warnings(brand),
    ]


def page_notes(brand: brand_mod.Brand, rendered: render_mod.Rendered | None, web: bool) -> list[str]:
    """What infokit changed to keep the page readable: text colours it could not keep on a
    brand colour (WCAG AA), on the infographic and, when web files are built, the FAQ page.
    Printed by check and build, in results as ``contrast``; not a warning: the page is
    right, and --strict does not refuse it."""
    return contrast_notes(page_contrast(brand, rendered, web), brand.colors)


def page_contrast(
    brand: brand_mod.Brand, rendered: render_mod.Rendered | None, web: bool
) -> list[ContrastFix]:
    """The colours changed for WCAG AA on this page: the infographic's, then the FAQ page's."""
    from infokit.faq import style

    return [*(rendered.contrast_fixes if rendered else []), *(style.contrast_fixes(brand) if web else [])]


def strict_error(warnings: Sequence[str], source: Path, row: int | None = None) -> InvalidInput | None:
    """What --strict makes of warnings: one error listing them, or None when there are none."""
    if not warnings:
        return None
    keyed = [results.warning(w, source, row) for w in warnings]
    return InvalidInput([replace(p, message=f"(--strict) {p.message}") for p in keyed])


_SCRIPTS = {"ru": ("Cyrillic", "\u0400", "\u04ff"), "ko": ("Hangul", "\uac00", "\ud7a3")}


def _letters_of(text: str, language: str) -> bool:
    """Does ``text`` hold letters of ``language``'s script (Latin for English)?"""
    if language in _SCRIPTS:
        _, low, high = _SCRIPTS[language]
        return any(low <= c <= high for c in text)
    return any(c.isascii() and c.isalpha() for c in text)


def language_warnings(brand: brand_mod.Brand, language: str) -> list[str]:
    """The brand's own notes or text overrides written in another language than the page:
    a Russian page with English notes reads as a mistake to a Russian client."""
    own = {"notes": " ".join(brand.notes), "text": " ".join(brand.text.values())}

    def foreign(text: str) -> bool:
        if language in _SCRIPTS:
            return bool(text.strip()) and not _letters_of(text, language)
        # English page: Latin words are common in any language; another script is not.
        return any(_letters_of(text, other) for other in _SCRIPTS)

    return [
        f"{key}: not written in the page's language ({language}); the rest of the page is. "
        f"Translate them, or build this page in their language with --lang"
        for key, text in own.items()
        if foreign(text)
    ]


SCRIPT_SAMPLES = {
    "ru": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}
"""Letters a language's page needs from the brand fonts (Hangul comes from the East Asian slot)."""


def font_warnings(
    brand: brand_mod.Brand, language: str | None = None, *, infographic: bool = True
) -> list[str]:
    """Brand fonts that are not installed, and text they have no glyphs for: what stands in.
    ``infographic``: False when only web files are built. Then there is nothing to say:
    the visitor's browser draws the page with its own fonts (the brand's font first in
    the stack, common system fonts after it), so the build machine's fonts change nothing,
    and --strict must not refuse an html build on a server without the brand's font."""
    if not infographic:
        return []
    warnings = []
    texts: dict[str, str] = {}
    for role, spec in (("fonts.heading", brand.heading_font), ("fonts.body", brand.body_font)):
        found = None if spec.files else fonts.fc_match(spec.family)
        if found is not None and not found.exact:
            close = fonts.closest_family(spec.family)
            hint = f"did you mean '{close}'? Or give" if close else "give"
            warnings.append(
                f"{role}: '{spec.family}' is not installed; the PDF will use "
                f"'{found.family.split(',')[0]}' instead ({hint} the font file with "
                f"{{family: {spec.family}, file: PATH}})"
            )
            continue
        warnings.extend(_variable_warnings(role, spec.files))
        path = spec.files[0] if spec.files else (found.path if found else None)
        if path is None:
            continue
        texts = texts or printed_texts(brand, language or brand.language)
        warnings.extend(_coverage_warnings(role, spec.family, path, texts, not spec.files))
    return list(dict.fromkeys(warnings))


def _variable_warnings(role: str, files: tuple[Path, ...]) -> list[str]:
    """A variable font's weights come from its axes, which LibreOffice's PDF export does
    not choose from the way a static bold file is chosen."""
    variable = [f.name for f in files if fonts.facts(f).variable]
    return [
        f"{role}: {name} is a variable font; the PDF may not show the weights you expect: "
        "give static (non-variable) TTF or OTF files, one per weight"
        for name in variable
    ]


def printed_texts(brand: brand_mod.Brand, language: str) -> dict[str, str]:
    """Everything the page prints, by where it comes from: the letters of its language,
    the name, the notes, every catalogue string for its language and industry (with the
    brand's ``text:`` overrides) and the links as printed. Not only the brand's own words:
    a brand font holding a few letters draws none of the page's headings."""
    from infokit import catalog, render  # python-pptx: loaded while LibreOffice starts

    texts = {
        f"the {language} letters": SCRIPT_SAMPLES.get(language, ""),
        "the organization's name": brand.organization,
        "the notes": " ".join(brand.notes),
    }
    for key, value in render.strings_for(brand, language).items():
        if key in catalog.LIST_KEYS and brand.notes:
            continue  # the catalogue's notes are printed only when the brand gives none
        texts[f"text.{key}"] = " ".join(value) if isinstance(value, list) else str(value)
    for key, url in brand.links.items():
        texts[f"links.{key}"] = brand_mod.link_display(url, brand.link_labels.get(key))
    return texts


def _coverage_warnings(
    role: str, family: str, path: Path, texts: dict[str, str], installed: bool
) -> list[str]:
    """One warning for the characters the font has no glyph for, one for those it draws
    blank, each naming the first dozen and where they are printed."""
    every = "".join(dict.fromkeys(c for text in texts.values() for c in text if not fonts.is_east_asian(c)))
    try:  # one question for the whole page: this runs for every organization of a batch
        absent, empty = _uncovered(family, path, every, installed)
    except fonts.FontFileProblem:
        return []
    warnings = []
    if absent:
        chars, places = _located(absent, texts)
        stand_ins = dict.fromkeys(fonts.fallback_family(c) or "a fallback font" for c in chars[:12])
        warnings.append(
            f"{role}: '{family}' has no glyphs for {_first_dozen(chars)!r} in {_where(places)}; "
            f"they are drawn with {', '.join(repr(f) for f in stand_ins)} instead"
        )
    if empty:
        chars, places = _located(empty, texts)
        warnings.append(
            f"{role}: '{family}' draws nothing for {_first_dozen(chars)!r} in {_where(places)} (a damaged "
            f"glyph in {path.name}?); they would be invisible: give an intact font file"
        )
    return warnings


def _located(chars: str, texts: dict[str, str]) -> tuple[str, list[str]]:
    """``chars`` in the order the page prints them, and the places that print them."""
    wanted = set(chars)
    places = [what for what, text in texts.items() if wanted & set(text)]
    ordered = dict.fromkeys(c for what in places for c in texts[what] if c in wanted)
    return "".join(ordered), places


def _uncovered(family: str, path: Path, text: str, installed: bool) -> tuple[str, str]:
    """The characters of ``text`` the font has no glyph for, and those it draws blank.
    An installed font is fontconfig's to know (and trusted to draw what it maps); a font
    file the brand gives is opened and checked for ink."""
    from_fontconfig = fonts.missing_in_installed(family, text) if installed else None
    if from_fontconfig is not None:
        return from_fontconfig, ""
    return fonts.missing_characters(path, text), fonts.blank_characters(path, text)


def _first_dozen(chars: str) -> str:
    return chars[:12] + ("..." if len(chars) > 12 else "")


def _where(places: list[str]) -> str:
    """The first three places by name."""
    more = f" and {len(places) - 3} more" if len(places) > 3 else ""
    return ", ".join(places[:3]) + more


def build(
    path: str | Path,
    out_dir: str | Path = "out",
    formats: Sequence[str] = ("pptx", "pdf"),
    *,
    template: str | None = None,
    language: str | None = None,
    converter: convert.Converter | None = None,
    timeout: float = convert.DEFAULT_TIMEOUT,
    strict: bool = False,
    pdf_a: bool = False,
) -> BuildResult:
    """Build one page of a brand file into ``out_dir``: its first language, or
    ``language``; see the README for the layout. ``build_pages`` builds every page.

    On a conversion failure the new PPTX (when asked for) is still written, earlier
    PDF and PNG outputs are left as they were, and ConversionError is raised.
    """
    languages = (language,) if language else ()
    first = next(
        build_pages(
            path,
            out_dir,
            formats,
            template=template,
            languages=languages,
            only_first=True,
            converter=converter,
            timeout=timeout,
            strict=strict,
            pdf_a=pdf_a,
        )
    )
    if isinstance(first, InfokitError):
        raise first
    return first


def build_pages(
    path: str | Path,
    out_dir: str | Path = "out",
    formats: Sequence[str] = ("pptx", "pdf"),
    *,
    template: str | None = None,
    languages: Sequence[str] = (),
    converter: convert.Converter | None = None,
    timeout: float = convert.DEFAULT_TIMEOUT,
    strict: bool = False,
    pdf_a: bool = False,
    only_first: bool = False,
    inputs_under: Sequence[Path] = (),
) -> Iterator[BuildResult | InfokitError]:
    """Build every page of a brand file: each language it lists (or ``languages``) on
    each paper it lists, one after another, each giving its result or its error (a page
    that fails does not stop the next). Raises InvalidInput when the brand file itself
    cannot be read. When the organization gets several languages or papers, each page's
    file names say which (``<slug>-<industry>-ru.pdf``, ``...-a4.pdf``). ``inputs_under``:
    the folders every file the brand file names must be in (confine.py); empty: anywhere."""
    wanted = tuple(dict.fromkeys(formats))
    for fmt in wanted:
        if fmt not in FORMATS:
            raise InvalidInput(
                Problem(None, "--format", f"'{fmt}' is not a format; use {', '.join(FORMATS)}")
            )
    with contain.input_errors(Path(path)):
        brand = brand_mod.load(path, inputs_under)
    pages = brand.pages(languages)[:1] if only_first else brand.pages(languages)
    naming = output.PageNaming.of(pages)
    for language, paper in pages:
        try:
            with contain.machine_errors(Path(out_dir)):
                page = _build_page(
                    brand.page(language, paper),
                    Path(out_dir),
                    wanted,
                    naming,
                    template,
                    converter,
                    timeout,
                    strict,
                    pdf_a,
                )
            yield page
        except InfokitError as exc:
            exc.page = {
                "organization": brand.organization,
                "industry": brand.industry,
                "language": language,
                "paper": paper,
            }
            yield exc


def _build_page(
    brand: brand_mod.Brand,
    out_dir: Path,
    wanted: tuple[str, ...],
    naming: output.PageNaming,
    template: str | None,
    converter: convert.Converter | None,
    timeout: float,
    strict: bool,
    pdf_a: bool,
) -> BuildResult:
    """One page: ``brand`` as that page's language and paper see it (Brand.page)."""
    started = time.perf_counter()
    converting = "pdf" in wanted or "png" in wanted
    # LibreOffice starts now: importing python-pptx and rendering happen while it
    # initialises, which is most of a build's time. It sees the brand's font files
    # through a fontconfig of its own.
    font_files = brand_font_files(brand)
    options = convert.PdfOptions(pdf_a=pdf_a)
    east_asian = _east_asian(brand, brand.language)
    fonts_dir = scratch.folder("infokit-fonts-") if font_files else None
    started_here: convert.LibreOffice | None = None
    try:
        env = fonts.private_fontconfig(font_files, fonts_dir) if fonts_dir else None
        if converting and converter is None:
            started_here = _start_libreoffice(timeout, env, options, east_asian)
        from infokit import package, render

        # Only the FAQ wanted (html, md): no deck, so nothing of the infographic can fail it.
        deck_wanted = files.needs_deck(wanted)
        with contain.input_errors(brand.source):
            rendered = render.render(brand, template=template) if deck_wanted else None
            web_wanted = bool(set(wanted) & set(files.WEB_FORMATS))
            if web_wanted and brand.logo is not None:  # an SVG is drawn now, not once its folder is made
                from infokit import images

                images.brand_logo(brand.source, brand.logo)
            warnings = page_warnings(brand, rendered)
            pptx_bytes = package.to_bytes(rendered.presentation) if rendered else None
        if strict and (error := strict_error(warnings, brand.source)):
            raise error
        base = output.target(out_dir, brand.organization, brand.industry)
        target = output.page_target(base, brand.language, brand.paper, naming)
        template_digest = rendered.template.digest() if rendered else files.NO_DECK
        held = files.held(target.folder, target.stem, target.folder.name, target.language_suffix)
        manifest: dict[str, object] = {
            "organization": brand.organization,
            "infokit": __version__,
            "language": brand.language,
            "paper": brand.paper,
            "inputs": inputs_digest(brand, template_digest, wanted, None, pdf_a),
            "formats": files.recorded(wanted, held),
            "pdf_a": pdf_a,
            "warnings": warnings,
        }
        web_names = files.web_names(target.folder.name, wanted, target.language_suffix).values()
        with output.staging(target, web_names) as stage:
            pptx = stage.add("pptx", pptx_bytes) if pptx_bytes else None
            try:
                if converting:
                    conv = (
                        converter
                        or started_here
                        or convert.LibreOffice.discover(timeout=timeout, options=options)
                    )
                    assert pptx is not None
                    conv.convert([pptx], stage.dir)
                    stage.add("pdf")
                    faces = embedded.substitutions(brand, stage.path("pdf"), east_asian)
                    warnings.extend(faces)  # the manifest's list too
                    if strict and (error := strict_error(faces, brand.source)):
                        raise error
                if "png" in wanted:
                    convert.pdf_to_png(stage.path("pdf"), stage.add("png"))
                web = _web_files(brand, target, wanted, held)
                for file in web:
                    stage.add(file.key, file.data, name=file.name)
            except ConversionError as exc:
                if "pptx" in wanted:
                    exc.outputs = stage.commit(("pptx",), manifest=None)  # the CLI says so, as a note
                raise
            outputs = stage.commit((*wanted, *(f.key for f in web)), manifest)
    finally:
        if started_here is not None:
            started_here.close()
        if fonts_dir is not None:
            scratch.remove(fonts_dir)
    return BuildResult(
        brand.source,
        brand.organization,
        brand.industry,
        brand.language,
        outputs,
        warnings,
        page_contrast(brand, rendered, web_wanted),
        time.perf_counter() - started,
        rendered.template.name if rendered else None,
        brand.paper,
        page_notes(brand, rendered, web_wanted),
    )


def _web_files(
    brand: brand_mod.Brand, target: output.Target, wanted: tuple[str, ...], held: tuple[str, ...]
) -> list[WebFile]:
    """The FAQ page, fragment, Markdown and toolkit index when html or md is wanted, or
    when the folder holds the page's html (it links what this build adds)."""
    web = files.web_to_write(wanted, held)
    if not web:
        return []
    from infokit.faq import page

    others = files.other_papers(target.folder, target.stem, brand.language)
    beside = page.beside(target.stem, (*wanted, *held), others)
    return page.render(brand, target.folder.name, web, beside, None, target.language_suffix, held)


def inputs_digest(
    brand: brand_mod.Brand,
    template_digest: str,
    formats: Sequence[str],
    language: str | None = None,
    pdf_a: bool = False,
    strict: bool = False,
) -> str:
    """Everything that decides a brand's outputs; a batch skips a brand whose digest
    matches the one recorded with its outputs. --strict counts too: outputs built with
    warnings are not up to date for a strict run, which must look at them again."""
    h = hashlib.sha256()
    parts = (
        __version__,
        brand.fingerprint(),
        template_digest,
        ",".join(sorted(formats)),
        language or brand.language,
        f"pdf_a={pdf_a}",
        *(("strict",) if strict else ()),
    )
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    for file in (brand.logo, *brand.heading_font.files, *brand.body_font.files):
        if file is not None:
            h.update(hashlib.sha256(file.read_bytes()).digest())
    return h.hexdigest()


def brand_font_files(brand: brand_mod.Brand) -> list[Path]:
    return [*brand.heading_font.files, *brand.body_font.files]


def _east_asian(brand: brand_mod.Brand, language: str | None) -> bool:
    """Whether the page will hold East Asian text: a hint for LibreOffice's start-up
    (infokit.convert decides from the deck itself)."""
    texts = (brand.organization, *brand.notes, *brand.text.values())
    return (language or brand.language) == "ko" or any(fonts.is_east_asian(c) for t in texts for c in t)


def _start_libreoffice(
    timeout: float, env: dict[str, str] | None, options: convert.PdfOptions, east_asian: bool
) -> convert.LibreOffice | None:
    """A LibreOffice already starting up; None when it cannot be found (reported later,
    after the PPTX is written)."""
    try:
        office = convert.LibreOffice.discover(timeout=timeout, options=options, env=env)
    except ConversionError:
        return None
    office.warm_up(east_asian)
    return office
