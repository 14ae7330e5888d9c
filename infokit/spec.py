"""Every brand-file key in one declarative list: path, whether required, what is allowed,
the default, and its JSON Schema.

The validator (brand.py) knows the same keys, the README's key table shows these rows,
``infokit init``'s starter mentions every key and ``infokit schema`` prints the JSON
Schema built here; tests/test_spec.py checks all four against this list, so a new key
is added here first and the tests say what else must follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from infokit import brand, catalog, faq, linkkeys, templates
from infokit.faq import spec as faq_spec


@dataclass(frozen=True)
class Key:
    path: str
    allowed: str
    """What the README says is allowed (Markdown)."""
    default: str = ""
    required: bool = False
    schema: dict[str, Any] = field(default_factory=dict)


_COLOUR = {"type": "string", "pattern": "^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$"}


def _link(max_length: int, pattern: str) -> dict[str, Any]:
    """An address, or ``{url: ADDRESS, label: TEXT}`` (the label is what is printed)."""
    address = {"type": "string", "pattern": pattern, "maxLength": max_length}
    labelled = {
        "type": "object",
        "required": ["url"],
        "additionalProperties": False,
        "properties": {
            "url": address,
            "label": {"type": "string", "minLength": 1, "maxLength": brand.MAX_LINK_LABEL},
        },
    }
    return {"oneOf": [address, labelled]}


_FONT = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "required": ["family"],
            "additionalProperties": False,
            "properties": {
                "family": {"type": "string", "minLength": 1},
                "file": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            },
        },
    ]
}


def _link_keys() -> tuple[Key, ...]:
    """One row per key of linkkeys.LINKS, in its order; the first also says how any link
    may be written."""
    rows = []
    for i, link in enumerate(linkkeys.LINKS):
        if link.scheme:
            allowed = f"a `{link.scheme}:` link, e.g. `{link.example}`"
        elif i == 0:
            allowed = f"`https://`, `http://`, `mailto:` or `tel:`; at most {link.max_length} characters"
        else:
            allowed = f"a link, as above (at most {link.max_length} characters)"
        if link.qr:
            allowed += " (it becomes the QR code)"
        if i == 0:
            allowed += (
                ". Any link may also be `{url: ADDRESS, label: TEXT}`: the label (at most "
                f"{brand.MAX_LINK_LABEL} characters, e.g. a short address on your own site, `links.home`, "
                "that forwards to it) is printed, the click and the QR code keep the exact address; a label "
                "that reads as another address (a host, e-mail address or phone number the link does not "
                "go to) is refused, as is such text in an FAQ answer's Markdown link"
            )
        pattern = f"^{link.scheme}:" if link.scheme else "^(https?://|mailto:|tel:)"
        rows.append(
            Key(
                f"links.{link.name}",
                f"{link.purpose}: {allowed}",
                "" if link.required else "not shown",
                required=link.required,
                schema=_link(link.max_length, pattern),
            )
        )
    return tuple(rows)


def brand_keys() -> tuple[Key, ...]:
    languages = catalog.languages()
    return (
        Key(
            "organization",
            f"the name your clients know, 1 to {brand.MAX_NAME} characters, no control characters",
            required=True,
            schema={"type": "string", "minLength": 1, "maxLength": brand.MAX_NAME},
        ),
        Key(
            "industry",
            ", ".join(f"`{i}`" for i in brand.INDUSTRIES),
            required=True,
            schema=_choice(brand.INDUSTRIES),
        ),
        Key(
            "layout",
            ", ".join(f"`{name}`" for name in templates.LAYOUTS)
            + ": the composition of the page (`infokit preview` shows all four); a `template:` of your own "
            "keeps its own arrangement",
            "the industry's own: "
            + ", ".join(f"{industry} `{name}`" for industry, name in templates.DEFAULT_LAYOUT.items()),
            schema=_choice(templates.LAYOUTS),
        ),
        Key(
            "language",
            ", ".join(f"`{c}`" for c in languages) + ", or a list of them (`[en, ru, ko]`): a page in "
            "each, see [Several languages](#several-languages)",
            "`en`",
            schema=_one_or_list(list(languages)),
        ),
        Key(
            "paper",
            ", ".join(f"`{p}`" for p in brand.PAPERS)
            + ", or both as a list (`[letter, a4]`): a page on each",
            "`letter` for en, `a4` for ru and ko",
            schema=_one_or_list(list(brand.PAPERS)),
        ),
        Key(
            "colors.primary",
            '`"#RRGGBB"` or `"#RGB"`, any case, **in quotes** (a bare `#` starts a YAML comment)',
            required=True,
            schema=_COLOUR,
        ),
        Key("colors.secondary", "a colour", "primary, 35% darker", schema=_COLOUR),
        Key("colors.accent", "a colour", "secondary if given, else primary 30% lighter", schema=_COLOUR),
        Key(
            "colors.text",
            "a colour with at least 4.5:1 contrast on `background`",
            "`#242424`",
            schema=_COLOUR,
        ),
        Key("colors.background", "a colour", "`#FFFFFF`", schema=_COLOUR),
        Key(
            "fonts.heading",
            "a family name, or `{family: NAME, file: PATH}` (TTF or OTF; `file` may be a list)",
            f"`{brand.DEFAULT_FONT}`",
            schema=_FONT,
        ),
        Key("fonts.body", "as `fonts.heading`", f"`{brand.DEFAULT_FONT}`", schema=_FONT),
        Key(
            "logo",
            "a PNG, JPEG or SVG file (judged by content), at most 25 megapixels; CMYK, 16-bit, palette, "
            "grey and EXIF-rotated images are converted to upright sRGB; SVG may be gzip-compressed (.svgz) "
            "and UTF-8, UTF-16 or UTF-32, and may not refer to outside files or use filter effects. A logo "
            "nobody could see is refused (all but transparent, one plain colour, wider or taller than "
            "20:1); one that vanishes on its box (white on white) is put on a brand-colour plate; under "
            "150 pixels per inch in the logo box is a warning",
            "the name, set as a wordmark",
            schema={"type": "string", "minLength": 1},
        ),
        *_link_keys(),
        Key(
            "notes",
            f"a list of up to {brand.MAX_NOTES} notes, each at most {brand.MAX_NOTE} characters; "
            "or one list per language (`{en: [...], ru: [...]}`)",
            "the industry's own three notes",
            schema=_per_language(
                {
                    "type": "array",
                    "maxItems": brand.MAX_NOTES,
                    "items": {"type": "string", "minLength": 1, "maxLength": brand.MAX_NOTE},
                }
            ),
        ),
        Key(
            "text",
            "a mapping of template string keys (`infokit templates --strings`) to your words, on one line, "
            "at most 400 characters each, less where the design has less room (`infokit templates "
            "--strings` and [the limits](#limits)); `{{organization}}` and any link as printed "
            "(`{{links.phone}}`) may be used inside; or one such mapping per language "
            "(`{ru: {headline: ...}}`)",
            "the catalogue's words",
            schema=_per_language(
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        key: {"type": "string", "maxLength": brand.TEXT_LIMITS.get(key, brand.MAX_TEXT)}
                        for key in sorted(catalog.known_keys())
                    },
                }
            ),
        ),
        Key(
            "template",
            "a built-in name or the path of a `.pptx` (a `.ppt`, `.key` or `.odp` must be saved as `.pptx` "
            "first)",
            "the industry's template",
            schema={"type": "string", "minLength": 1},
        ),
        Key(
            "faq",
            "the brand's own FAQ answers: "
            + ", ".join(f"`{k}`" for k in faq.QUESTION_KEYS)
            + f" each take an answer (small Markdown, at most {faq_spec.MAX_ANSWER} characters) or `false` "
            f"to drop the question; `extra` is a list of up to {faq_spec.MAX_EXTRA} `{{question, answer}}`; "
            "see [The FAQ page and the toolkit](#the-faq-page-and-the-toolkit)",
            "infokit's answers in the industry's words",
            schema=_faq_schema(),
        ),
    )


def _choice(values: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """One of ``values``: listed for an editor to offer, in any case and with spaces
    around it as the validator accepts (``paper: A4``)."""
    any_case = "|".join("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in v) for v in values)
    return {"anyOf": [{"enum": list(values)}, {"type": "string", "pattern": rf"^\s*({any_case})\s*$"}]}


def _one_or_list(values: list[str]) -> dict[str, Any]:
    return {
        "anyOf": [
            _choice(values),
            {"type": "array", "minItems": 1, "items": _choice(values)},
        ]
    }


def _per_language(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` for every page, or a mapping of language codes to it."""
    per_language = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"enum": list(catalog.languages())},
        "additionalProperties": schema,
    }
    return {"anyOf": [schema, per_language]}


def _faq_schema() -> dict[str, Any]:
    answer = {"type": "string", "minLength": 1, "maxLength": faq_spec.MAX_ANSWER}
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            **{key: {"oneOf": [answer, {"const": False}]} for key in faq.QUESTION_KEYS},
            "extra": {
                "type": "array",
                "maxItems": faq_spec.MAX_EXTRA,
                "items": {
                    "type": "object",
                    "required": ["question", "answer"],
                    "additionalProperties": False,
                    "properties": {
                        "question": {"type": "string", "minLength": 1, "maxLength": faq_spec.MAX_QUESTION},
                        "answer": answer,
                    },
                },
            },
        },
    }


def readme_rows() -> list[str]:
    """The README's key table rows, in order."""
    rows = []
    for k in brand_keys():
        cells = (f"`{k.path}`", "yes" if k.required else "no", k.allowed, k.default)
        rows.append("|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|")
    return rows


def readme_table() -> str:
    """The README's key table, header included (a cog block there calls this)."""
    header = ["| key | required | allowed values | default |", "| --- | --- | --- | --- |"]
    return "\n".join([*header, *readme_rows()]) + "\n"


def json_schema() -> dict[str, Any]:
    """The brand file's JSON Schema (draft 2020-12), for editors and scripts."""
    root: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://infokit.example/brand.schema.json",
        "title": "infokit brand file",
        "description": "One organization's brand for infokit (see the README, 'The brand file').",
        "type": "object",
        "additionalProperties": False,
        "required": [],
        "properties": {},
    }
    for key in brand_keys():
        node = root
        *parents, leaf = key.path.split(".")
        for parent in parents:
            section = node["properties"].setdefault(
                parent, {"type": "object", "additionalProperties": False, "required": [], "properties": {}}
            )
            if key.required and parent not in node["required"]:
                node["required"].append(parent)
            node = section
        node["properties"][leaf] = {"description": _plain(key.allowed), **key.schema}
        if key.required:
            node["required"].append(leaf)
    return root


def _plain(markdown: str) -> str:
    """README wording for an editor's tooltip: no Markdown, links as their text."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1 (see the README)", markdown)
    return text.replace("`", "").replace("**", "")
