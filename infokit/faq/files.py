"""The names of an organization's output files, infographic and web, in one place: the
build writes them, a batch checks them to know whether a brand is up to date."""

from __future__ import annotations

from pathlib import Path

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


def held(folder: Path, stem: str, slug: str, suffix: str = "") -> tuple[str, ...]:
    """The formats the folder already holds for one page: those its manifest records for
    the page whose file is still there. The index and the FAQ page link these too, so a
    build with ``-f pdf`` after one with ``-f html`` does not leave the PDF unlinked."""
    from infokit import output

    recorded = output.page_record(folder, stem).get("formats")
    if not isinstance(recorded, list):
        return ()
    found = []
    for fmt in recorded:
        if fmt in INFOGRAPHIC_FORMATS or fmt in WEB_FORMATS:
            name = output_names(stem, slug, (fmt,), suffix)[fmt]
            if (folder / name).is_file():
                found.append(str(fmt))
    return tuple(found)


def web_to_write(formats: tuple[str, ...], held: tuple[str, ...]) -> tuple[str, ...]:
    """The formats whose web files a build writes: the web formats asked for, and html
    (page, fragment, index) whenever the folder holds it, since those pages link every
    file the folder holds for the page and must follow any change."""
    wanted = [fmt for fmt in formats if fmt in WEB_FORMATS]
    if "html" in held and "html" not in wanted:
        wanted.append("html")
    return tuple(wanted)


def recorded(formats: tuple[str, ...], held: tuple[str, ...]) -> list[str]:
    """What the manifest records as the page's formats after a build: all it holds."""
    return list(dict.fromkeys((*formats, *held)))


def other_papers(folder: Path, stem: str, language: str) -> tuple[tuple[str, str, str], ...]:
    """(format, file name, paper) of the infographic files of the folder's other pages in
    ``language`` (the same organization on another paper): they share the language's
    index, which lists them all."""
    from infokit import output

    pages = output.read_manifest(folder).get("pages")
    found = []
    for other, record in sorted(pages.items()) if isinstance(pages, dict) else ():
        if other == stem or not isinstance(record, dict) or record.get("language") != language:
            continue
        formats = record.get("formats")
        for fmt in formats if isinstance(formats, list) else ():
            name = f"{other}.{fmt}"
            if fmt in INFOGRAPHIC_FORMATS and (folder / name).is_file():
                found.append((str(fmt), name, str(record.get("paper", ""))))
    return tuple(found)
