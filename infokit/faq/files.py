"""The names of an organization's output files, infographic and web, in one place: the
build writes them, a batch checks them to know whether a brand is up to date."""

from __future__ import annotations

INFOGRAPHIC_FORMATS = ("pptx", "pdf", "png")
WEB_FORMATS = ("html", "md")
NO_DECK = "no deck"
"""The template digest of a build that makes only web files: the template does not matter."""


def needs_deck(formats: tuple[str, ...]) -> bool:
    return any(fmt in INFOGRAPHIC_FORMATS for fmt in formats)


def web_names(slug: str, formats: tuple[str, ...], suffix: str = "") -> dict[str, str]:
    """Output key -> file name for the web formats among ``formats``. ``suffix``: ``-ru``
    when the folder holds pages in several languages (output.page_target)."""
    names: dict[str, str] = {}
    if "html" in formats:
        names["html"] = f"{slug}-faq{suffix}.html"
        names["html-fragment"] = f"{slug}-faq-fragment{suffix}.html"
    if "md" in formats:
        names["md"] = f"{slug}-faq{suffix}.md"
    if "html" in formats:
        names["index"] = f"index{suffix}.html"  # the toolkit page: the folder's front door
    return names


def output_names(stem: str, slug: str, formats: tuple[str, ...], suffix: str = "") -> dict[str, str]:
    """Output key -> file name of everything a build with ``formats`` writes."""
    infographic = {fmt: f"{stem}.{fmt}" for fmt in INFOGRAPHIC_FORMATS if fmt in formats}
    return {**infographic, **web_names(slug, formats, suffix)}
