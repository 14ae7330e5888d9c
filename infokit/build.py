"""Build one brand: load, render, save, convert, preview. The library's front door.

from infokit.build import build
result = build("brands/contoso-health.yaml", out_dir="out", formats=("pptx", "pdf"))
print(result.outputs["pdf"])
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from infokit import __version__, convert, fonts, output
from infokit import brand as brand_mod
from infokit.colors import ContrastFix
from infokit.errors import ConversionError, InvalidInput, Problem

FORMATS = ("pptx", "pdf", "png")


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

    def as_dict(self) -> dict[str, object]:
        return {
            "source": str(self.source),
            "organization": self.organization,
            "industry": self.industry,
            "language": self.language,
            "outputs": {k: str(v) for k, v in self.outputs.items()},
            "warnings": self.warnings,
            "contrast_fixes": [vars(f) for f in self.contrast_fixes],
            "seconds": round(self.seconds, 3),
        }


@dataclass
class CheckResult:
    brand: brand_mod.Brand
    warnings: list[str]
    contrast_fixes: list[ContrastFix]
    template: str

    def contrast_notes(self) -> list[str]:
        return contrast_notes(self.contrast_fixes, self.brand.colors)


def contrast_notes(fixes: list[ContrastFix], palette: brand_mod.Palette) -> list[str]:
    """One line per brand colour that text cannot meet WCAG AA on, with what is used instead."""
    names = {value: f"colors.{key}" for key, value in reversed(vars(palette).items())}
    grouped: dict[tuple[str, str, str], list[ContrastFix]] = {}
    for fix in fixes:
        grouped.setdefault((fix.fill, fix.wanted, fix.used), []).append(fix)
    notes = []
    for (fill, wanted, used), group in grouped.items():
        where = ", ".join(dict.fromkeys(f.where for f in group))
        fill_name = names.get(fill, "a derived colour")
        notes.append(
            f"contrast: text #{wanted} on {fill_name} #{fill} is {group[0].ratio_wanted:.1f}:1, "
            f"below WCAG AA; infokit uses #{used} ({group[0].ratio_used:.1f}:1) in {where}"
        )
    return notes


def check(path: str | Path, template: str | None = None, language: str | None = None) -> CheckResult:
    """Validate a brand and render it in memory (no files written, no LibreOffice)."""
    from infokit import render

    brand = brand_mod.load(path)
    rendered = render.render(brand, template=template, language=language)
    warnings = [*brand.warnings, *rendered.warnings, *font_warnings(brand, language)]
    return CheckResult(brand, warnings, rendered.contrast_fixes, rendered.template.name)


SCRIPT_SAMPLES = {
    "ru": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}
"""Letters a language's page needs from the brand fonts (Hangul comes from the East Asian slot)."""


def font_warnings(brand: brand_mod.Brand, language: str | None = None) -> list[str]:
    """Brand fonts that are not installed, and text they have no glyphs for: what stands in."""
    warnings = []
    for role, spec in (("fonts.heading", brand.heading_font), ("fonts.body", brand.body_font)):
        found = None if spec.files else fonts.fc_match(spec.family)
        if found is not None and not found.exact:
            warnings.append(
                f"{role}: '{spec.family}' is not installed; the PDF will use "
                f"'{found.family.split(',')[0]}' instead (give the font file with "
                f"{{family: {spec.family}, file: PATH}})"
            )
            continue
        path = spec.files[0] if spec.files else (found.path if found else None)
        if path is None:
            continue
        warnings.extend(_coverage_warnings(role, spec.family, path, brand, language or brand.language))
    return list(dict.fromkeys(warnings))


def _coverage_warnings(
    role: str, family: str, path: Path, brand: brand_mod.Brand, language: str
) -> list[str]:
    texts = {
        f"the {language} letters": SCRIPT_SAMPLES.get(language, ""),
        "the organization's name": brand.organization,
        "the notes": "".join(brand.notes),
    }
    warnings = []
    for what, text in texts.items():
        try:
            missing = fonts.missing_characters(path, "".join(c for c in text if not fonts.is_east_asian(c)))
        except fonts.FontFileProblem:
            return []
        if missing:
            stand_in = fonts.fallback_family(missing[0]) or "a fallback font"
            warnings.append(
                f"{role}: '{family}' has no glyphs for {missing[:12]!r} in {what}; "
                f"they are drawn with '{stand_in}' instead"
            )
    return warnings


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
    """Build one brand file into ``out_dir``; see the README for the layout.

    On a conversion failure the new PPTX (when asked for) is still written, earlier
    PDF and PNG outputs are left as they were, and ConversionError is raised.
    """
    started = time.perf_counter()
    wanted = tuple(dict.fromkeys(formats))
    for fmt in wanted:
        if fmt not in FORMATS:
            raise InvalidInput(
                Problem(None, "--format", f"'{fmt}' is not a format; use {', '.join(FORMATS)}")
            )
    converting = "pdf" in wanted or "png" in wanted
    brand = brand_mod.load(path)
    # LibreOffice starts now: importing python-pptx and rendering happen while it
    # initialises, which is most of a build's time. It sees the brand's font files
    # through a fontconfig of its own.
    font_files = brand_font_files(brand)
    fonts_dir = Path(tempfile.mkdtemp(prefix="infokit-fonts-")) if font_files else None
    env = fonts.private_fontconfig(font_files, fonts_dir) if fonts_dir else None
    options = convert.PdfOptions(pdf_a=pdf_a)
    east_asian = _east_asian(brand, language)
    started_here = (
        _start_libreoffice(timeout, env, options, east_asian) if converting and converter is None else None
    )
    try:
        from infokit import package, render

        rendered = render.render(brand, template=template, language=language)
        warnings = [*brand.warnings, *rendered.warnings, *font_warnings(brand, language)]
        if strict and warnings:
            raise InvalidInput([Problem(brand.source, None, f"(--strict) {w}") for w in warnings])
        pptx_bytes = package.to_bytes(rendered.presentation)
        target = output.target(Path(out_dir), brand.organization, brand.industry)
        manifest: dict[str, object] = {
            "organization": brand.organization,
            "infokit": __version__,
            "inputs": inputs_digest(brand, rendered.template.digest(), wanted, language, pdf_a),
            "formats": list(wanted),
            "pdf_a": pdf_a,
        }
        with output.staging(target) as stage:
            pptx = stage.add("pptx", pptx_bytes)
            try:
                if converting:
                    conv = (
                        converter
                        or started_here
                        or convert.LibreOffice.discover(timeout=timeout, options=options)
                    )
                    conv.convert([pptx], stage.dir)
                    stage.add("pdf")
                if "png" in wanted:
                    convert.pdf_to_png(stage.path("pdf"), stage.add("png"))
            except ConversionError as exc:
                if "pptx" in wanted:
                    written = stage.commit(("pptx",), manifest=None)
                    exc.problems.append(Problem(None, None, f"the PPTX was written: {written['pptx']}"))
                raise
            outputs = stage.commit(wanted, manifest)
    finally:
        if started_here is not None:
            started_here.close()
        if fonts_dir is not None:
            shutil.rmtree(fonts_dir, ignore_errors=True)
    return BuildResult(
        brand.source,
        brand.organization,
        brand.industry,
        language or brand.language,
        outputs,
        warnings,
        rendered.contrast_fixes,
        time.perf_counter() - started,
    )


def inputs_digest(
    brand: brand_mod.Brand,
    template_digest: str,
    formats: Sequence[str],
    language: str | None = None,
    pdf_a: bool = False,
) -> str:
    """Everything that decides a brand's outputs; a batch skips a brand whose digest
    matches the one recorded with its outputs."""
    h = hashlib.sha256()
    parts = (
        __version__,
        brand.fingerprint(),
        template_digest,
        ",".join(sorted(formats)),
        language or brand.language,
        f"pdf_a={pdf_a}",
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
