"""Which faces LibreOffice really put into a PDF, against the brand's fonts.

Checks before conversion (fonts.py: damaged tables, empty glyphs, web fonts, italic
files, characters the font lacks) catch what fontTools and FreeType can see. Whatever
else makes LibreOffice use another face (fontconfig skipping a file, a weight the brand
did not give, a cache gone stale), this reads the result: a PDF that embeds a face the
brand did not ask for gets a warning naming the key and the face, never silence.
"""

from __future__ import annotations

from pathlib import Path

from infokit import fonts
from infokit.brand import Brand, FontSpec

ALWAYS_ALLOWED = frozenset({"OpenSymbol"})
"""LibreOffice draws list bullets with its own OpenSymbol."""


def faces_in(pdf: Path) -> set[str]:
    """PostScript names of the fonts a PDF holds, subset tags (``ABCDEF+``) removed, as
    ``pdffonts`` lists them."""
    import pikepdf

    names = set()
    with pikepdf.open(pdf) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/BaseFont" in obj:
                if obj.get("/Subtype") == "/Type0":
                    continue  # its descendant font carries the same name
                names.add(str(obj["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def substitutions(brand: Brand, pdf: Path, east_asian: bool) -> list[str]:
    """One warning for each brand font whose faces the PDF lacks, naming what it holds
    instead. ``east_asian``: the page has East Asian text, drawn with the theme's East
    Asian font (not a brand key)."""
    found = faces_in(pdf)
    roles: dict[FontSpec, list[str]] = {}  # heading and body of one spec: one warning
    for role, spec in (("fonts.heading", brand.heading_font), ("fonts.body", brand.body_font)):
        roles.setdefault(spec, []).append(role)
    expected = {spec: _faces(spec) for spec in roles}
    allowed = set().union(*expected.values(), ALWAYS_ALLOWED)
    if east_asian:
        allowed |= _faces(FontSpec(fonts.EAST_ASIAN_FALLBACK))
    others = sorted(found - allowed)
    warnings = []
    for spec, keys in roles.items():
        faces, given = expected[spec], ", ".join(f.name for f in spec.files)
        also = f" (and {keys[1]}, the same font)" if len(keys) > 1 else ""
        if faces and not found & faces and others:
            warnings.append(
                f"{keys[0]}: the PDF has no face of '{spec.family}' ({given or 'installed'}){also}; "
                f"LibreOffice drew the text with {', '.join(others)} instead. Check the font files "
                "(a damaged or incomplete copy?)"
            )
        elif spec.files and (extra := _same_family(others, faces)):
            warnings.append(
                f"{keys[0]}: the PDF uses {', '.join(extra)} from the system besides {given}{also}; "
                f"give that face's file of '{spec.family}' too (bold text needs the bold file)"
            )
    return warnings


def _same_family(names: list[str], expected: frozenset[str]) -> list[str]:
    """Faces of the same family (``DejaVuSans-Oblique`` beside ``DejaVuSans``)."""
    stems = {name.split("-", 1)[0] for name in expected}
    return [name for name in names if name.split("-", 1)[0] in stems]


def _faces(spec: FontSpec) -> frozenset[str]:
    """PostScript names of the faces the brand asked for: its files, else what
    fontconfig resolves the family to (regular and bold)."""
    if spec.files:
        return frozenset(fonts.facts(file).postscript for file in spec.files)
    return frozenset(name for bold in (False, True) if (name := _postscript(spec.family, bold)))


def _postscript(family: str, bold: bool) -> str:
    found = fonts.fc_match(family, bold=bold)
    return found.postscript if found is not None and found.exact else ""
