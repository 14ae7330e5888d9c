"""The brand file: read, validate and freeze (DESIGN.md section 2).

Every problem names the file, the key path, the line where YAML knows it, and what
is allowed. Validation collects every problem in the file, so a person fixes them
in one pass instead of one run per typo.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from infokit import catalog, colors, confine, contacts, contract, hosts, linkkeys, safeio, visible
from infokit.errors import BrandError, Problem
from infokit.faq import spec as faq_spec
from infokit.faq.spec import NO_ANSWERS, FaqAnswers
from infokit.yamlsource import Document, KeyPath, load_yaml

INDUSTRIES = catalog.INDUSTRIES
PAPERS = ("letter", "a4")
LINK_KEYS = linkkeys.NAMES
COLOR_KEYS = ("primary", "secondary", "accent", "text", "background")
FONT_KEYS = ("heading", "body")
TOP_KEYS = (
    "organization",
    "industry",
    "language",
    "paper",
    "colors",
    "fonts",
    "logo",
    "links",
    "notes",
    "text",
    "template",
    "faq",
    "layout",
)
REQUIRED = ("organization", "industry", "colors.primary", *(f"links.{k}" for k in linkkeys.REQUIRED))

MAX_NAME = 80
MAX_NOTES = 5
MAX_NOTE = 200
MAX_LINK = linkkeys.MAX_LINK
MAX_LINK_LABEL = 60
MAX_BOOKING_LINK = linkkeys.MAX_QR_LINK

MAX_TEXT = 400
TEXT_LIMITS = {
    "document_title": 150,  # the PDF title '<organization>: <title>' holds at most 255
    "before_title": 110,
    "headline": 170,
    "links_title": 110,
    "qr_caption": 160,
    "qr_hint": 190,
    "steps_title": 100,
    **{f"step{n}_title": 350 for n in range(1, 5)},
}
"""What fits its box in every built-in design and language, measured with ordinary
prose (tests/test_limits.py keeps this true); other keys take MAX_TEXT."""

DEFAULT_FONT = "Noto Sans"
T = TypeVar("T")
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
LINK_SCHEMES = linkkeys.SCHEMES
"""The scheme the links that are not web pages must have."""
TEXT_TOKENS = tuple(f"{{{{{token}}}}}" for token in contract.brand_tokens())
"""What `text:` may say: the name, and any link as it is printed (``{{links.phone}}``)."""


@dataclass(frozen=True)
class FontSpec:
    """A family name, and the font files that provide it when it is not installed."""

    family: str
    files: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Palette:
    """Brand colours as ``RRGGBB``; the unset ones derived from primary."""

    primary: str
    secondary: str
    accent: str
    text: str
    background: str


@dataclass(frozen=True)
class Brand:
    """A validated brand file. Frozen: later steps cannot change what the user said."""

    source: Path
    organization: str
    industry: str
    language: str
    paper: str
    colors: Palette
    heading_font: FontSpec
    body_font: FontSpec
    logo: Path | None
    links: Mapping[str, str]
    notes: tuple[str, ...]
    text: Mapping[str, str]
    template: str | Path | None
    warnings: tuple[str, ...] = field(default=(), compare=False)
    faq: FaqAnswers = NO_ANSWERS
    layout: str | None = None
    """A composition (templates.LAYOUTS); None: the industry's own."""
    link_labels: Mapping[str, str] = field(default_factory=dict)
    """Printed text of links that give ``{url: ..., label: ...}``, and of phone numbers
    whose link differs from what is printed (``1-800-FLOWERS``); the URL stays in ``links``."""
    languages: tuple[str, ...] = ()
    """Every language the organization wants a page in (``language: [en, ru]``); the
    first is ``language``. Empty means just ``language``."""
    papers: tuple[str, ...] = ()
    """The paper sizes given (``paper: [letter, a4]``); empty: each language's default."""
    notes_by_language: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """``notes: {en: [...], ru: [...]}``; a language not listed there gets the industry's
    default notes. ``notes`` is then the first language's."""
    text_by_language: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    written_paths: Mapping[Path, Path] = field(default_factory=dict, compare=False)
    """Each input file as the brand file names it (beside it, symlinks not followed), by
    its resolved path: messages name what the user wrote, never a symlink's target
    (``logo.png``, not ``passwd``)."""

    def as_written(self, path: Path) -> Path:
        return self.written_paths.get(path, path)

    def name_of(self, path: Path) -> str:
        return self.as_written(path).name

    """``text: {ru: {headline: ...}}``, likewise; ``text`` is then the first language's."""

    def pages(self, languages: Sequence[str] = ()) -> list[tuple[str, str]]:
        """Each page to build as (language, paper): every language (``languages`` from the
        command line, else the brand's) on every paper given, else the language's own."""
        wanted = tuple(dict.fromkeys(languages)) or self.languages or (self.language,)
        return [(lang, paper) for lang in wanted for paper in (self.papers or (catalog.default_paper(lang),))]

    def page(self, language: str, paper: str | None = None) -> Brand:
        """The brand as one page sees it: that language's notes and text, that paper."""
        paper = paper or (self.papers[0] if self.papers else catalog.default_paper(language))
        notes = self.notes_by_language.get(language, ()) if self.notes_by_language else self.notes
        text = self.text_by_language.get(language, {}) if self.text_by_language else self.text
        return replace(self, language=language, paper=paper, notes=notes, text=text)

    def fingerprint(self) -> str:
        """A digest of everything that decides the output except file contents."""
        data = {
            "organization": self.organization,
            "industry": self.industry,
            "language": self.language,
            "paper": self.paper,
            "colors": vars(self.colors),
            "fonts": [self.heading_font.family, self.body_font.family],
            "links": dict(self.links),
            "notes": list(self.notes),
            "text": dict(self.text),
            "template": str(self.template),
            "faq": self.faq.as_data(),
            "layout": self.layout,
            "link_labels": dict(self.link_labels),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def load(path: str | Path, inputs_under: Sequence[Path] = ()) -> Brand:
    """Read and validate a brand file. Raises BrandError listing every problem.
    ``inputs_under``: folders every file it names must be in (confine.py); empty: anywhere."""
    path = Path(path)
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise BrandError(
            Problem(
                path,
                None,
                f"must be a mapping of keys (organization: ..., industry: ...), not {_kind(doc.data)}",
                1,
            )
        )
    return from_data(doc, inputs_under)


def from_data(doc: Document, inputs_under: Sequence[Path] = ()) -> Brand:
    """Validate already-parsed data (a brand file, a CSV row merged over a base)."""
    return _Validator(doc, confine.folders(inputs_under)).brand()


_ALIASES = {
    "colour": "colors",
    "colours": "colors",
    "color": "colors",
    "font": "fonts",
    "link": "links",
    "note": "notes",
    "org": "organization",
    "name": "organization",
    "lang": "language",
}
"""Words people write for a key or a value, by meaning rather than by spelling."""
_INDUSTRY_WORDS = {
    "healthcare": "health medical medicine clinic hospital dental dentist doctor pharmacy therapy care",
    "financial": "finance bank banking insurance accounting wealth investment credit tax",
    "retail": "shop store shopping ecommerce e-commerce boutique",
    "generic": "other general default education government legal",
}
_ALIASES.update({word: industry for industry, words in _INDUSTRY_WORDS.items() for word in words.split()})


def suggest(key: str, known: tuple[str, ...] | frozenset[str]) -> str:
    """`` Did you mean 'colors'?`` or an empty string.

    A word with a known meaning wins (``dental`` -> healthcare); otherwise only a close
    spelling is offered: at 0.6 similarity ``dental`` would have suggested 'retail'."""
    guess = _ALIASES.get(key.strip().lower())
    if guess not in known:
        close = difflib.get_close_matches(key.strip().lower(), list(known), n=1, cutoff=0.75)
        guess = close[0] if close else None
    return f" Did you mean '{guess}'?" if guess else ""


def _not_one_of(value: object) -> str:
    """``'dental' is not a choice`` for a word, ``is a number (5)`` for anything else."""
    return f"{value.strip()!r} is not a choice" if isinstance(value, str) else f"is {_kind(value)}"


def _kind(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a YAML boolean)"
    if isinstance(value, (int, float)):
        shown = str(value)
        return f"a number ({shown})" if len(shown) <= 40 else f"a number of {len(shown):,} digits"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class _Validator:
    """Walks the data once, collecting problems; builds the Brand if there are none."""

    def __init__(self, doc: Document, inputs_under: tuple[Path, ...] = ()) -> None:
        self.doc = doc
        self.inputs_under = inputs_under
        self.data: dict[str, Any] = doc.data
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.found_links: Mapping[str, str] = {}
        self.written_paths: dict[Path, Path] = {}

    def fail(self, key_path: KeyPath, message: str) -> None:
        self.problems.append(self.doc.problem(key_path, message))

    def label_problem(self, text: str, url: str) -> str | None:
        return label_problem(text, url, self.found_links)

    # -- the whole file ----------------------------------------------------------

    def brand(self) -> Brand:
        self.unknown_keys(self.data, (), TOP_KEYS)
        organization = self.organization()
        industry = self.choice(("industry",), INDUSTRIES, required=True)
        languages = self.choices("language", catalog.languages()) or ("en",)
        language = languages[0]
        papers = self.choices("paper", PAPERS)
        paper = papers[0] if papers else catalog.default_paper(language)
        palette = self.palette()
        heading = self.font("heading")
        body = self.font("body")
        logo = self.logo()
        links, labels = self.links()
        layout = self.layout()
        shared_notes, notes_by_language = self.per_language("notes", self.notes)
        shared_text, text_by_language = self.per_language("text", self.text)
        notes = notes_by_language.get(language, ()) if shared_notes is None else shared_notes
        text = text_by_language.get(language, {}) if shared_text is None else shared_text
        template = self.template()
        faq = faq_spec.validate(self.data.get("faq"), self, suggest, _link_problem)
        if self.problems:
            raise BrandError(self.problems)
        assert organization and industry and palette and heading and body
        return Brand(
            source=self.doc.path,
            organization=organization,
            industry=industry,
            language=language,
            paper=paper,
            colors=palette,
            heading_font=heading,
            body_font=body,
            logo=logo,
            links=links,
            notes=notes,
            text=text,
            template=template,
            warnings=tuple(self.warnings),
            faq=faq,
            languages=languages,
            papers=papers,
            notes_by_language=notes_by_language,
            text_by_language=text_by_language,
            layout=layout,
            link_labels=labels,
            written_paths=self.written_paths,
        )

    def unknown_keys(self, mapping: dict[str, Any], at: KeyPath, known: tuple[str, ...]) -> None:
        for key in mapping:
            if key not in known:
                allowed = ", ".join(known)
                hidden = visible.hidden_in_key(str(key))
                hint = suggest(key, known)
                self.fail((*at, key), f"is not a known key{hidden}.{hint} Allowed here: {allowed}.")

    def section(self, key: str, known: tuple[str, ...]) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail((key,), f"must be a mapping with keys {', '.join(known)}, not {_kind(value)}")
            return {}
        self.unknown_keys(value, (key,), known)
        return value

    # -- scalars -----------------------------------------------------------------

    def string(
        self,
        key_path: KeyPath,
        value: Any,
        *,
        max_len: int,
        tokens: tuple[str, ...] = (),
        printed: bool = True,
    ) -> str | None:
        """``printed``: the text reaches the infographic, so the build machine's fonts must
        draw it. Web-only text (faq:) is drawn by the reader's browser with its own fonts."""
        if not isinstance(value, str):
            self.fail(key_path, f"must be text, not {_kind(value)}")
            return None
        text: str = unicodedata.normalize("NFC", value.strip())
        if not text:
            self.fail(key_path, "is empty")
            return None
        if len(text) > max_len:
            self.fail(
                key_path,
                f"is {len(text)} characters long; at most {max_len} fit: shorten it by {len(text) - max_len}",
            )
            return None
        line_break = visible.line_break_in(text)
        if line_break:  # text shaping (raqm) fails on U+2028/2029; every text here is one paragraph
            self.fail(key_path, f"contains {line_break}; write it on one line")
            return None
        problem = _visibility_problem(text, printed)  # first: a name of tabs alone "has nothing visible"
        if problem:
            self.fail(key_path, problem)
            return None
        bad = _forbidden_character(text)
        if bad:
            self.fail(key_path, f"contains {bad}; remove it")
            return None
        bare = text
        for token in tokens:
            bare = bare.replace(token, "")
        if "{{" in bare or "}}" in bare:
            allowed = f"; only {', '.join(tokens)} may be used here" if tokens else ""
            self.fail(key_path, f"contains '{{{{' or '}}}}', which templates reserve for tokens{allowed}")
            return None
        return text

    def organization(self) -> str | None:
        if "organization" not in self.data:
            self.fail(("organization",), "is required: the organization's name as clients know it")
            return None
        return self.string(("organization",), self.data["organization"], max_len=MAX_NAME)

    def choice(self, key_path: KeyPath, allowed: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self.data.get(key_path[0])
        if value is None:
            if required:
                self.fail(key_path, f"is required: one of {', '.join(allowed)}")
            return None
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            hint = suggest(str(value), allowed) if isinstance(value, str) else ""
            self.fail(key_path, f"{_not_one_of(value)}; use one of {', '.join(allowed)}.{hint}")
            return None
        return str(value).strip().lower()

    # -- colours -----------------------------------------------------------------

    def palette(self) -> Palette | None:
        section = self.section("colors", COLOR_KEYS)
        parsed: dict[str, str] = {}
        for key in COLOR_KEYS:
            if key not in section:
                continue
            colour = self.colour(("colors", key), section[key])
            if colour:
                parsed[key] = colour
        if "primary" not in section:
            self.fail(("colors", "primary"), 'is required: the main brand colour, e.g. "#0F6CBD"')
        if "primary" not in parsed:
            return None
        primary = parsed["primary"]
        palette = Palette(
            primary=primary,
            secondary=parsed.get("secondary", colors.shade(primary, 0.35)),
            accent=parsed.get("accent", parsed.get("secondary", colors.tint(primary, 0.3))),
            text=parsed.get("text", "242424"),
            background=parsed.get("background", colors.WHITE),
        )
        ratio = colors.contrast(palette.text, palette.background)
        if ratio < colors.AA_NORMAL:
            self.fail(
                ("colors", "text"),
                f"has contrast {ratio:.1f}:1 with colors.background; "
                f"body text needs at least {colors.AA_NORMAL}:1 (WCAG AA)",
            )
        return palette

    def colour(self, key_path: KeyPath, value: Any) -> str | None:
        if value is None:
            self.fail(key_path, 'is empty. In YAML a # starts a comment, so quote colours: "#0F6CBD"')
            return None
        if not isinstance(value, str):
            self.fail(key_path, f'must be a colour in quotes such as "#0F6CBD" or "#06C", not {_kind(value)}')
            return None
        parsed = colors.parse_hex(value.strip())
        if parsed is None:
            self.fail(key_path, f'{value!r} is not a colour; use "#RRGGBB" or "#RGB", e.g. "#0F6CBD"')
        return parsed

    # -- fonts ---------------------------------------------------------------------

    def font(self, key: str) -> FontSpec | None:
        section = self.section("fonts", FONT_KEYS)
        value = section.get(key, DEFAULT_FONT)
        key_path = ("fonts", key)
        if isinstance(value, str):
            family = self.string(key_path, value, max_len=100)
            return FontSpec(family) if family else None
        if not isinstance(value, dict):
            self.fail(key_path, f"must be a family name or {{family: NAME, file: PATH}}, not {_kind(value)}")
            return None
        self.unknown_keys(value, key_path, ("family", "file"))
        family = self.string((*key_path, "family"), value.get("family"), max_len=100)
        files_value = value.get("file")
        if files_value is None:
            return FontSpec(family) if family else None
        names = files_value if isinstance(files_value, list) else [files_value]
        files: list[Path] = []
        for i, name in enumerate(names, start=1):
            file_key = (*key_path, "file", str(i)) if isinstance(files_value, list) else (*key_path, "file")
            if isinstance(name, str) and (kind := _font_suffix_problem(name)):
                self.fail(file_key, f"{name!r} {kind}")  # more helpful than "must be TTF or OTF"
                continue
            path = self.path(file_key, name, suffixes=(".ttf", ".otf"), what="a font file (TTF or OTF)")
            if path:
                files.append(path)
        if family and files:
            self.check_font_files(key_path, family, files, isinstance(files_value, list))
        return FontSpec(family, tuple(files)) if family else None

    def check_font_files(self, key_path: KeyPath, family: str, files: list[Path], listed: bool) -> None:
        """Each file must hold the family it is given for (its name table says so), and
        at least one must be upright: headings and body text are never italic, so with
        italic files only LibreOffice draws the page with another face (the system's, when
        the family is installed) or slants every line."""
        from infokit import fonts

        upright = False
        for i, path in enumerate(files, start=1):
            file_key = (*key_path, "file", str(i)) if listed else (*key_path, "file")
            try:
                if fonts.facts(path).collection:
                    raise fonts.FontFileProblem(fonts.IS_COLLECTION)
                names = fonts.family_names(path)
                upright = upright or not fonts.facts(path).italic
            except fonts.FontFileProblem as exc:
                self.fail(file_key, f"{self.written_paths.get(path, path).name} {exc}")
                upright = True  # said already
                continue
            if family.casefold() not in {n.casefold() for n in names}:
                holds = " / ".join(sorted(names)) or "no family name"
                self.fail(
                    file_key,
                    f"{self.written_paths.get(path, path).name} holds '{holds}', not '{family}'; "
                    f"set family: {sorted(names)[0] if names else '...'} or give the right file",
                )
        if not upright:
            italic = ", ".join(path.name for path in files)
            self.fail(
                (*key_path, "file"),
                f"{italic}: only italic faces; give the upright (Regular or Bold) file of {family}",
            )

    # -- files -------------------------------------------------------------------

    def path(self, key_path: KeyPath, value: Any, *, suffixes: tuple[str, ...], what: str) -> Path | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(key_path, f"must be the path of {what}, relative to the brand file")
            return None
        if "\x00" in value:
            self.fail(key_path, "contains a NUL character")
            return None
        path = (self.doc.file_of(key_path).parent / value.strip()).resolve()
        if confine.outside(path, self.inputs_under):  # before anything is said about the file
            self.fail(key_path, confine.refusal(value.strip(), path, self.inputs_under))
            return None
        if path.is_dir():
            self.fail(key_path, f"{value!r} is a directory; give {what}")
            return None
        if suffixes and Path(value.strip()).suffix.lower() not in suffixes:  # the name given, not a link's
            self.fail(key_path, f"{value!r} must be {what} ({', '.join(suffixes)})")
            return None
        problem = safeio.regular_file_problem(path)
        if problem == "does not exist":
            problem = f"does not exist (looked for {path})"
        if problem:  # a device, FIFO or socket, directly or through a symlink
            self.fail(key_path, f"{value!r} {problem}; give {what}")
            return None
        self.written_paths[path] = self.doc.file_of(key_path).parent / value.strip()
        return path

    def logo(self) -> Path | None:
        if self.data.get("logo") is None:
            return None
        from infokit import images  # Pillow is only needed when there is a logo

        path = self.path(
            ("logo",), self.data["logo"], suffixes=images.LOGO_SUFFIXES, what="a PNG, JPEG or SVG image"
        )
        if path is None:
            return None
        problem = images.check_logo(path, self.written_paths[path].name)
        if problem:
            self.fail(("logo",), problem)
            return None
        return path

    def template(self) -> str | Path | None:
        value = self.data.get("template")
        if value is None:
            return None
        from infokit import templates

        if isinstance(value, str) and value.strip().lower() in templates.builtin_names():
            return value.strip().lower()
        other = isinstance(value, str) and templates.other_format(value)
        if other:
            self.fail(("template",), f"{value!r} {other}")
            return None
        if isinstance(value, str) and value.strip().lower().endswith((".pptx", ".pptm", ".potx")):
            return self.path(("template",), value, suffixes=(".pptx",), what="a PowerPoint .pptx file")
        hint = suggest(value, tuple(templates.builtin_names())) if isinstance(value, str) else ""
        self.fail(
            ("template",),
            f"{_not_one_of(value)}; use a built-in template "
            f"({', '.join(templates.builtin_names())}) or the path of a .pptx file.{hint}",
        )
        return None

    # -- links, notes, text -----------------------------------------------------------

    def layout(self) -> str | None:
        from infokit import templates

        return self.choice(("layout",), templates.LAYOUTS)

    def links(self) -> tuple[dict[str, str], dict[str, str]]:
        section = self.section("links", LINK_KEYS)
        links: dict[str, str] = {}
        labels: dict[str, str] = {}
        for key in LINK_KEYS:
            if key not in section:
                continue
            value = section[key]
            if isinstance(value, dict):  # {url: ..., label: ...}: the label is what is printed
                self.unknown_keys(value, ("links", key), ("url", "label"))
                label = self.string(("links", key, "label"), value.get("label"), max_len=MAX_LINK_LABEL)
                if label:
                    labels[key] = label
                value = value.get("url")
            url = self.link(("links", key), value)
            if url:
                links[key] = link_href(url)
                if links[key] != url and key not in labels:  # 1-800-FLOWERS prints as written
                    labels[key] = link_display(url)
        for key in linkkeys.REQUIRED:
            if key not in section:
                link = linkkeys.BY_NAME[key]
                self.fail(("links", key), f"is required: the address of {link.purpose} ({link.form})")
        self.found_links = links
        for key in [k for k in labels if k in links and isinstance(section[k], dict)]:  # labels given
            problem = label_problem(labels[key], links[key], links)
            if problem:
                self.fail(("links", key, "label"), problem)
        return links, labels

    def link(self, key_path: KeyPath, value: Any) -> str | None:
        limit = linkkeys.BY_NAME[key_path[-1]].max_length
        url = self.string(key_path, value, max_len=limit)
        if url is None:
            return None
        scheme = LINK_SCHEMES.get(key_path[-1])
        if scheme and not url.lower().startswith(f"{scheme}:"):
            # links.phone and links.email are printed as a number and an address: a web
            # page there would print as one ("Call us example.com/phone").
            example = linkkeys.BY_NAME[key_path[-1]].example
            written = "" if urlsplit(url).scheme else f"; write {scheme}:{url}"
            self.fail(key_path, f"{url!r} is not a {scheme}: link{written} (e.g. {example})")
            return None
        problem = _link_problem(url)
        if problem:
            self.fail(key_path, problem)
            return None
        lookalike = link_lookalike(url)
        if lookalike:
            self.warnings.append(f"{'.'.join(key_path)}: {lookalike}")
        return url

    def choices(self, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        """One allowed value or a list of them (``language: [en, ru]``), without repeats."""
        value = self.data.get(key)
        if not isinstance(value, list):
            one = self.choice((key,), allowed)
            return (one,) if one else ()
        if not value:
            self.fail((key,), f"is an empty list; give one or more of {', '.join(allowed)}")
        found: list[str] = []
        for i, item in enumerate(value, start=1):
            if not isinstance(item, str) or item.strip().lower() not in allowed:
                hint = suggest(str(item), allowed) if isinstance(item, str) else ""
                self.fail((key, str(i)), f"{_not_one_of(item)}; use one of {', '.join(allowed)}.{hint}")
            elif item.strip().lower() in found:
                self.fail((key, str(i)), f"'{item}' is listed twice; keep one")
            else:
                found.append(item.strip().lower())
        return tuple(found)

    def per_language(self, key: str, read: Callable[[Any, KeyPath], T]) -> tuple[T | None, dict[str, T]]:
        """``key`` for every page, or per language (``notes: {en: [...], ru: [...]}``):
        (the value for every page, None) or (None, the value of each language given)."""
        value = self.data.get(key)
        languages = catalog.languages()
        if not (isinstance(value, dict) and value and all(k in languages for k in value)):
            return read(value, (key,)), {}
        return None, {lang: read(item, (key, lang)) for lang, item in value.items()}

    def notes(self, value: Any, at: KeyPath) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(
                at,
                "must be a list, one note a line starting with '- ' "
                f"(or one list per language: {{{', '.join(catalog.languages())}}})",
            )
            return ()
        if len(value) > MAX_NOTES:
            self.fail(
                at, f"has {len(value):,} notes; at most {MAX_NOTES} fit on the page: merge or drop some"
            )
            return ()
        checked = [
            self.string((*at, str(i)), note, max_len=MAX_NOTE) for i, note in enumerate(value, start=1)
        ]
        return tuple(n for n in checked if n)

    def text(self, value: Any, at: KeyPath) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(at, f"must be a mapping of string keys to text, not {_kind(value)}")
            return {}
        known = tuple(sorted(catalog.known_keys()))
        result: dict[str, str] = {}
        for key, item in value.items():
            if key not in known:
                self.fail(
                    (*at, key),
                    f"is not a template string.{suggest(key, known)} "
                    "`infokit templates --strings` lists them all.",
                )
                continue
            text = self.string(
                (*at, key),
                item,
                max_len=TEXT_LIMITS.get(key, MAX_TEXT),
                tokens=TEXT_TOKENS,
            )
            if text:
                result[key] = text
        return result


def _link_problem(url: str) -> str | None:
    """What is wrong with a link, in words a person can act on; None if it is fine."""
    hidden = visible.invisible_in_link(url)
    if hidden:
        return f"contains {hidden}, so it would not go where it shows; retype the link"
    if any(c.isspace() for c in url) and not (url[:4].lower() == "tel:" and " " in url):
        # a phone number is written with spaces (+44 20 7946 0958); its link gets '-' instead
        return f"{url!r} contains spaces; write them as %20 or remove them"
    try:
        parts = urlsplit(url)
    except ValueError:  # "https://[": an unclosed IPv6 bracket
        return f"{url!r} is malformed"
    scheme = parts.scheme.lower()
    if not scheme or ("://" not in url and scheme in ("http", "https")):
        return f"{url!r} has no scheme; {_scheme_hint(url)}" if not scheme else f"{url!r} is malformed"
    if scheme not in SAFE_SCHEMES:
        return f"the scheme '{scheme}:' is not allowed; use https://, http://, mailto: or tel:"
    if scheme in ("http", "https"):
        if "@" in parts.netloc:
            # https://user:pass@host leaks a password on paper; https://bank.example@evil.example
            # goes to evil.example while it reads as the bank. Neither belongs on a page.
            return (
                f"{url!r} has a user name or password before '@' (it goes to "
                f"{parts.hostname or 'another host'}); give the address without it"
            )
        host = parts.hostname or ""
        if not host or ("." not in host.rstrip(".") and host != "localhost"):
            return f"{url!r} has no valid host name; e.g. https://example.com/book"
        bad_host = hosts.problem(host, url)
        if bad_host:
            return bad_host
        try:
            _ = parts.port
        except ValueError:
            return f"{url!r} has an invalid port"
        return None
    parsed = contacts.parse_mailto(url, hosts.problem) if scheme == "mailto" else contacts.parse_tel(url)
    return parsed if isinstance(parsed, str) else None


def link_lookalike(url: str) -> str | None:
    """A warning for a host that reads as another, Latin one (``аррӏе.com``); None if not."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return hosts.lookalike(parts.hostname or "")
    if scheme == "mailto":
        mail = contacts.parse_mailto(url, hosts.problem)
        if isinstance(mail, contacts.Mail):
            found = (hosts.lookalike(a.rpartition("@")[2]) for a in (*mail.to, *mail.cc))
            return next((warning for warning in found if warning), None)
    return None


def label_problem(label: str, url: str, links: Mapping[str, str]) -> str | None:
    """Why printed ``label`` reads as another destination than ``url`` (labels.misleading);
    a short address on the brand's own site (``links.home``) may forward to it."""
    from infokit import labels

    home = urlsplit(links.get("home", "")).hostname
    return labels.misleading(label, url, (home,) if home else ())


def link_href(url: str) -> str:
    """What a link's click and QR code go to: the URL as written, except a phone number,
    which must dial (``tel:1-800-FLOWERS`` -> ``tel:1-800-3569377``)."""
    if urlsplit(url).scheme.lower() == "tel":
        phone = contacts.parse_tel(url)
        if isinstance(phone, contacts.Phone):
            return phone.href
    return url


def _scheme_hint(url: str) -> str:
    """Suggest an address only if it would itself be valid: ``example.com/book`` becomes
    https://example.com/book, ``//example.com/x`` https://example.com/x; a path, an anchor
    or a Windows share gets the rule, never a broken guess."""
    candidate = f"https:{url}" if url.startswith("//") else f"https://{url}"
    if _link_problem(candidate) is None:
        return f"write {candidate}"
    return "write the full address, e.g. https://example.com/book"


def _forbidden_character(text: str) -> str | None:
    """Control characters (a tab too: it prints as a gap) and bidi controls hide, space or
    reorder what a reader sees."""
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":
            name = "a tab (U+0009)" if ch == "\t" else f"the control character U+{ord(ch):04X}"
            return f"{name}, which prints as a gap or not at all"
        if ch in BIDI_CONTROLS:
            kind = "mark" if ch in "\u061c\u200e\u200f" else "override"
            return f"the bidirectional {kind} U+{ord(ch):04X}, which reorders what a reader sees"
        if category in ("Cs", "Co", "Cn"):
            return f"the unassigned or private character U+{ord(ch):04X}"
    return None


BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _visibility_problem(text: str, printed: bool = True) -> str | None:
    if not visible.has_visible(text):
        return "has nothing visible (only spaces, zero-width characters or combining marks)"
    missing = visible.undrawable(text) if printed else []
    if missing:
        shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:5])
        return f"contains {shown}, which no installed font can draw (an empty box on the page); remove it"
    return None


def link_display(url: str, label: str | None = None) -> str:
    """How a link is printed: its label, else the address without scheme, ``www.`` and
    trailing slash (nobody types them, and they make a long address longer)."""
    if label:
        return label
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("mailto", "tel"):  # the addresses or the number, never the query or ;ext=
        parsed = contacts.parse_tel(url) if scheme == "tel" else contacts.parse_mailto(url, hosts.problem)
        return parts.path if isinstance(parsed, str) else parsed.printed
    shown = url.split("://", 1)[1]
    if shown.lower().startswith("www."):
        shown = shown[4:]
    shown = shown.rstrip("/")
    if len(shown) > MAX_PRINTED:  # nobody types it from paper: its start and end say what it is
        shown = shown[: MAX_PRINTED - 31] + "…" + shown[-30:]
    return shown


MAX_PRINTED = 120
"""Printed addresses longer than this (up to 2000 characters are allowed) are shortened in the
middle with an ellipsis; the click and the QR code keep the exact address."""


TYPEABLE = 40
"""A printed address longer than this is hard to type from paper: `check` suggests a label."""


def link_warnings(brand: Brand) -> list[str]:
    """Printed addresses too long to type, with what to do about them."""
    warnings = []
    for key, url in brand.links.items():
        shown = link_display(url, brand.link_labels.get(key))
        if key in brand.link_labels or len(shown) <= TYPEABLE:
            continue
        warnings.append(
            f"links.{key}: the printed address is {len(shown)} characters, too long to type from paper; "
            f"give a short address on your own site (links.home) that forwards to it as a label: "
            f"links.{key}: {{url: {url}, label: yourdomain.com/{key}}} "
            "(the link and the QR code keep the full address)"
        )
    return warnings


def _font_suffix_problem(name: str) -> str | None:
    from infokit import fonts  # fonts loads Pillow: only for brands that give font files

    return fonts.suffix_problem(name)
