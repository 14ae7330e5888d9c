"""The page's colours and fonts from the brand, readable by WCAG AA.

The same rules as the infographic (infokit/colors.py): text on a brand fill becomes the
brand's dark or light text colour when the fill's own pairing falls short, and a brand
colour used for text on the page background is shaded just enough to reach 4.5:1.
"""

from __future__ import annotations

from dataclasses import dataclass

from infokit import colors
from infokit.brand import Brand, FontSpec

GENERIC_SANS = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif")
"""Safe fallbacks after the brand's own font: what each platform has."""
HANGUL = ("Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic")


@dataclass(frozen=True)
class Style:
    """CSS-ready values (``#RRGGBB``, font stacks)."""

    background: str
    text: str
    muted: str
    link: str
    band: str
    band_text: str
    accent: str
    rule: str
    heading_font: str
    body_font: str


def style(brand: Brand, language: str) -> Style:
    p = brand.colors
    text_choices = (p.background, p.text)
    band_text = colors.readable_on(p.primary, text_choices, colors.AA_NORMAL)
    return Style(
        background=_css(p.background),
        text=_css(_text(brand)),
        muted=_css(
            colors.darken_until(colors.mix(p.text, p.background, 0.25), p.background, colors.AA_NORMAL)
        ),
        link=_css(colors.darken_until(p.primary, p.background, colors.AA_NORMAL)),
        band=_css(p.primary),
        band_text=_css(band_text),
        # The accent only draws rules and markers, never text: 3:1 for graphics (WCAG 1.4.11).
        accent=_css(colors.darken_until(p.accent, p.background, colors.AA_LARGE)),
        rule=_css(colors.mix(p.text, p.background, 0.8)),
        heading_font=font_stack(brand.heading_font, language),
        body_font=font_stack(brand.body_font, language),
    )


def _text(brand: Brand) -> str:
    p = brand.colors
    return colors.darken_until(p.text, p.background, colors.AA_NORMAL)


def contrast_fixes(brand: Brand) -> list[colors.ContrastFix]:
    """The page's colours that differ from the brand's to reach WCAG AA, in the terms the
    infographic reports its own (results.contrast_dicts, build.contrast_notes)."""
    p = brand.colors
    s = style(brand, brand.language)
    pairs = (
        ("FAQ page text", p.text, p.background, s.text),
        ("FAQ page links", p.primary, p.background, s.link),
        ("FAQ page heading band", p.background, p.primary, s.band_text),
    )
    fixes = []
    for where, wanted, fill, used_css in pairs:
        used = used_css.removeprefix("#")
        if used.upper() != wanted.upper():
            fixes.append(
                colors.ContrastFix(
                    where, wanted, fill, used, colors.contrast(wanted, fill), colors.contrast(used, fill)
                )
            )
    return fixes


def _css(hex6: str) -> str:
    return f"#{hex6}"


def font_stack(font: FontSpec, language: str) -> str:
    """A CSS font-family list: the brand's family first, Hangul fonts for Korean, then
    fonts every platform has. Each name is a CSS string with every character that could
    end it (or the style element) escaped."""
    families = [font.family, *(HANGUL if language == "ko" else ()), *GENERIC_SANS]
    names = [f for f in dict.fromkeys(families) if f not in ("system-ui", "-apple-system", "sans-serif")]
    quoted = ", ".join(css_string(name) for name in names)
    return f"{quoted}, system-ui, -apple-system, sans-serif"


def css_string(value: str) -> str:
    """``"Name"`` with everything but letters, digits and spaces as CSS escapes (``\\3C ``)."""
    out = []
    for ch in value:
        out.append(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):X} ")
    return '"' + "".join(out) + '"'
