"""The web files of one organization: the FAQ page, its paste-ready fragment, the FAQ in
Markdown and the toolkit index. Pure functions of the brand (and of which infographic
files sit beside them): the same inputs give the same bytes.

Untrusted text stays text: Jinja2 escapes every value; answers are HTML only as
markdown-it wrote them (raw HTML off); the JSON-LD is JSON with ``<``, ``>`` and ``&``
escaped so no brand text can close its script element.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from infokit.brand import Brand
from infokit.faq import catalog, content, markdown, style
from infokit.faq.files import INFOGRAPHIC_FORMATS, web_names

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

TEMPLATES = Path(__file__).parent / "templates"
LOGO_BOX = (672, 192)
"""The largest logo the pages need: the CSS box (at most 14rem by 4rem) at 3 device pixels
per CSS pixel, sharp on any screen. The logo is in the page and in the index: each copy
should stay small."""
LOGO_BYTES = 48_000
"""Above this, a detailed logo is stored with a 256-colour palette (alpha kept)."""

STAFF_RESOURCES = (
    (
        "resource_virtual_appointments",
        "https://learn.microsoft.com/{locale}/microsoft-365/frontline/virtual-appointments",
    ),
    (
        "resource_virtual_appointments_app",
        "https://learn.microsoft.com/{locale}/microsoft-365/frontline/virtual-appointments-app",
    ),
    ("resource_bookings", "https://learn.microsoft.com/{locale}/microsoft-365/bookings/bookings-overview"),
)
CLIENT_RESOURCES = (
    (
        "resource_join_meeting",
        "https://support.microsoft.com/{locale}/office/join-a-meeting-in-microsoft-teams-1613bb53-f3fa-431e-85a9-d6a91e3468c9",
    ),
    (
        "resource_join_without_account",
        "https://support.microsoft.com/{locale}/office/join-a-meeting-without-a-teams-account-c6efc38f-4e03-4e79-b28f-e65a4c039508",
    ),
)
"""Microsoft's public articles; ``{locale}`` is the language's segment (en-us, ru-ru, ko-kr)."""


@dataclass(frozen=True)
class WebFile:
    key: str
    """The output's name in results and reports: html, html-fragment, md, index."""
    name: str
    data: bytes


@dataclass(frozen=True)
class Beside:
    """Infographic files written into the same folder: format -> file name."""

    files: Mapping[str, str]
    other_papers: tuple[tuple[str, str, str], ...] = ()
    """(format, file name, paper) of the same language's pages on other papers: the
    index lists them too (files.other_papers)."""


def beside(
    stem: str, formats: tuple[str, ...], other_papers: tuple[tuple[str, str, str], ...] = ()
) -> Beside:
    """The infographic files a build with ``formats`` writes as ``<stem>.<format>``."""
    return Beside({fmt: f"{stem}.{fmt}" for fmt in INFOGRAPHIC_FORMATS if fmt in formats}, other_papers)


def render(
    brand: Brand,
    slug: str,
    formats: tuple[str, ...],
    beside: Beside,
    language: str | None = None,
    suffix: str = "",
    held: tuple[str, ...] = (),
) -> list[WebFile]:
    """The web files a build with ``formats`` writes. ``held``: the formats the folder
    already holds for this page (files.held); the index lists their files too, and
    ``beside`` should name the infographic files of both."""
    language = language or brand.language
    names = web_names(slug, formats, suffix)
    if not names:
        return []
    listed = web_names(slug, (*formats, *held), suffix)
    entries = content.entries(brand, language)
    scope = css_scope(slug, language)
    context = _context(brand, language, entries, beside, scope)
    files = []
    if "html" in names:
        files.append(
            WebFile(
                "html", names["html"], _env().get_template("page.html.j2").render(h=1, **context).encode()
            )
        )
        fragment = _env().get_template("fragment.html.j2").render(h=2, **_fragment_context(context, slug))
        files.append(WebFile("html-fragment", names["html-fragment"], fragment.encode()))
    if "md" in names:
        files.append(WebFile("md", names["md"], _markdown_page(brand, language, entries).encode()))
    if "index" in names:
        built: dict[str, str] = dict(beside.files)
        built.update((key, listed[key]) for key in ("html", "html-fragment", "md") if key in listed)
        index = _index(brand, language, built, beside.other_papers, scope)
        files.append(WebFile("index", names["index"], index.encode()))
    return files


@functools.cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name: brand text is never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


@functools.cache
def _css_env() -> jinja2.Environment:
    # CSS is not HTML: HTML escaping would corrupt it. Its values are hex colours and
    # font names that style.css_string escaped for CSS.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False)


def _fill(text: str, brand: Brand) -> str:
    return text.replace("{{organization}}", brand.organization)


def _strings(brand: Brand, language: str) -> dict[str, str]:
    return {key: _fill(value, brand) for key, value in catalog.page(language, brand.industry).items()}


def css_scope(slug: str, language: str) -> str:
    """A class of this organization's page in this language: the stylesheet's brand
    colours apply under it only, so two fragments pasted into one page (two
    organizations, or two languages) keep their own colours. Hex digits, safe in CSS."""
    return "ikf-s" + hashlib.sha256(f"{slug}\0{language}".encode()).hexdigest()[:10]


def _context(
    brand: Brand, language: str, entries: list[content.Entry], beside: Beside, scope: str
) -> dict[str, object]:
    t = _strings(brand, language)
    s = style.style(brand, language)
    png = beside.files.get("png")
    return {
        "lang": language,
        "t": t,
        "title": f"{brand.organization}: {t['title']}",
        "description": t["description"],
        "organization": brand.organization,
        "booking": brand.links["booking"],
        "entries": entries,
        "prefix": "ikf-",
        "logo": logo_data_uri(brand.source, brand.logo) if brand.logo else None,
        "logo_plate": logo_plate(brand.source, brand.logo, s) if brand.logo else "",
        "wordmark": brand.logo is not None and is_wordmark(brand.source, brand.logo),
        "png": png,
        "pdf": beside.files.get("pdf"),
        "scope": scope,
        "css": _css_env().get_template("faq.css.j2").render(s=s, scope=scope),
        "background": s.background,
        "json_ld": json_ld(entries, language, f"{brand.organization}: {t['title']}"),
        "comment": f"{brand.organization}: {t['title']} (infokit)".replace("--", "- -"),
    }


def _fragment_context(context: dict[str, object], slug: str) -> dict[str, object]:
    """The fragment is pasted into someone else's page, far from the files beside it: no
    relative link or image (the logo, the PNG, the PDF), and ids that cannot collide with
    another organization's or language's fragment on the same page."""
    return {
        **context,
        "logo": None,
        "wordmark": False,
        "png": None,
        "pdf": None,
        "prefix": f"ikf-{slug}-{context['lang']}-",
    }


JSON_IN_HTML = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def json_ld(entries: list[content.Entry], language: str, name: str) -> str:
    """schema.org FAQPage of exactly the visible questions and answers, safe inside
    ``<script>``: no ``<``, ``>`` or ``&`` survives unescaped, so ``</script>`` in a
    brand's text cannot end the element."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": name,
        "inLanguage": language,
        "mainEntity": [
            {"@type": "Question", "name": e.question, "acceptedAnswer": {"@type": "Answer", "text": e.html}}
            for e in entries
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def logo_data_uri(source: Path, path: Path) -> str:
    """The logo inside the page (no file to lose, no request): a PNG that fits LOGO_BOX,
    from the same decoded bitmap the infographic uses."""
    from PIL import Image

    from infokit import images

    bitmap = images.brand_logo(source, path)
    with Image.open(io.BytesIO(bitmap.data)) as image:
        image.thumbnail(LOGO_BOX)
        data = _png(image)
        if len(data) > LOGO_BYTES:
            # A photo-like logo: a palette costs nothing visible at this size.
            rgba = image.convert("RGBA")
            data = min(data, _png(rgba.quantize(256, method=Image.Quantize.FASTOCTREE)), key=len)
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


WORDMARK_RATIO = 2.0
"""A logo whose drawn part is at least this many times wider than tall carries the
organization's name (every example brand's is 2.9 to 3.6); a symbol is about square."""


def is_wordmark(source: Path, path: Path) -> bool:
    """Whether the logo spells the name: then the header shows it alone, its alt text the
    name, instead of the name printed a second time beside it. Judged on the drawn part
    logolook measured when the logo was loaded: no second decode."""
    from infokit import images

    width, height = images.brand_logo(source, path).look.drawn
    return width >= WORDMARK_RATIO * height


def logo_plate(source: Path, path: Path, s: style.Style) -> str:
    """A class that puts the logo on a plate of a brand colour when it would vanish on
    the page (a white logo on a transparent background on a white page); else "".
    The judgement is the infographic's own (logolook)."""
    from infokit import images, logolook

    seen = images.brand_logo(source, path).look
    if not logolook.hidden_on(seen, s.background.removeprefix("#")):
        return ""
    # The brand colour when the logo shows on it (3:1, as for graphics), else the text colour.
    return "ikf-plate-band" if logolook.shows_on(seen, s.band.removeprefix("#")) else "ikf-plate-text"


def _png(image: PILImage) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _markdown_page(brand: Brand, language: str, entries: list[content.Entry]) -> str:
    t = _strings(brand, language)
    target = brand.links["booking"].replace("<", "%3C").replace(">", "%3E")
    parts = [
        f"# {markdown.escape(brand.organization)}: {markdown.escape(t['heading'])}",
        markdown.escape(t["intro"]),
        f"[{markdown.escape(t['book'])}](<{target}>)",
    ]
    for entry in entries:
        parts.append(f"## {markdown.escape(' '.join(entry.question.split()))}")  # a heading is one line
        parts.append(entry.markdown.strip())
    return "\n\n".join(parts) + "\n"


def _paper_name(paper: str) -> str:
    return paper.upper() if paper.startswith("a") else paper.capitalize()  # A4, Letter


def _index(
    brand: Brand,
    language: str,
    built: Mapping[str, str],
    other_papers: tuple[tuple[str, str, str], ...],
    scope: str,
) -> str:
    t = _strings(brand, language)
    s = style.style(brand, language)
    labels = {
        "html": t["file_html"],
        "html-fragment": t["file_fragment"],
        "md": t["file_md"],
        "pptx": t["file_pptx"],
        "pdf": t["file_pdf"],
        "png": t["file_png"],
    }
    files = []
    for key, label in labels.items():
        found = [(name, paper) for fmt, name, paper in other_papers if fmt == key]
        if key in built:
            found.insert(0, (built[key], brand.paper))
        for name, paper in found:
            # Several papers in one language: say which file is which.
            files.append((f"{label} ({_paper_name(paper)})" if len(found) > 1 else label, name))
    locale = catalog.locale(language)
    resources = [
        (t["staff"], "ikf-staff", [(t[k], url.format(locale=locale)) for k, url in STAFF_RESOURCES]),
        (t["clients"], "ikf-clients", [(t[k], url.format(locale=locale)) for k, url in CLIENT_RESOURCES]),
    ]
    return (
        _env()
        .get_template("index.html.j2")
        .render(
            lang=language,
            t=t,
            title=f"{brand.organization}: {t['index_title']}",
            description=t["index_intro"],
            intro=t["index_intro"],
            organization=brand.organization,
            booking=brand.links["booking"],
            logo=logo_data_uri(brand.source, brand.logo) if brand.logo else None,
            logo_plate=logo_plate(brand.source, brand.logo, s) if brand.logo else "",
            wordmark=brand.logo is not None and is_wordmark(brand.source, brand.logo),
            scope=scope,
            css=_css_env().get_template("faq.css.j2").render(s=s, scope=scope),
            background=s.background,
            files=files,
            resources=resources,
        )
    )
