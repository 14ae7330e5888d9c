"""`infokit template check`: what a .pptx offers the template contract, and what it breaks.

Lists the tokens and named shapes found, the unknown or misspelt ones (with the
closest known name), and the hard-coded colours and fonts that will not follow a
brand. Reads the deck through the same safe opener a build uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pptx.presentation import Presentation as PresentationT

from infokit import contract, tokens
from infokit.errors import Problem, TemplateError
from infokit.ooxml import Element, qn
from infokit.package import open_template


@dataclass
class Finding:
    tokens: Counter[str] = field(default_factory=Counter)
    shapes: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    """Shapes with a flow tag (``Step 1 text @page.3``): re-stacked to fit their content."""
    errors: dict[str, str] = field(default_factory=dict)
    """What a build refuses (misspelt or unknown tokens and shape names, malformed flow
    tags), each with the first place it is found: reported once however often it repeats."""
    colours: Counter[str] = field(default_factory=Counter)
    fonts: Counter[str] = field(default_factory=Counter)

    @property
    def unknown(self) -> list[str]:
        """The errors, each after its place (``slide 2: unknown shape 'infokit:bdge' ...``)."""
        return [f"{where}: {message}" for message, where in self.errors.items()]

    def error(self, where: str, message: str) -> None:
        self.errors.setdefault(message, where)

    def problems(self, path: Path) -> list[Problem]:
        """The errors as `template check` prints them and a build raises them."""
        return [Problem(path, "template", text) for text in self.unknown]

    @property
    def follows_contract(self) -> bool:
        return bool(self.tokens or self.shapes)

    def warnings(self) -> list[str]:
        notes = []
        if not self.follows_contract:
            notes.append(
                "no tokens and no infokit:* shapes: only the theme (colours and fonts) will follow the brand"
            )
        if self.colours:
            notes.append(
                f"{sum(self.colours.values())} hard-coded colours will not follow the brand: "
                + ", ".join(f"#{c} x{n}" for c, n in self.colours.most_common(8))
            )
        if self.fonts:
            notes.append(
                "hard-coded fonts will not follow the brand: "
                + ", ".join(f"{f} x{n}" for f, n in self.fonts.most_common(8))
            )
        return notes


def check(path: Path) -> Finding:
    """Inspect the deck at ``path``, opened through the same safe opener a build uses."""
    return inspect(open_template(path))


def open_checked(path: Path) -> tuple[PresentationT, Finding]:
    """The deck, opened for a build: TemplateError for what `template check` calls an error."""
    prs = open_template(path)
    finding = inspect(prs)
    if finding.errors:
        raise TemplateError(finding.problems(path))
    return prs, finding


def inspect(prs: PresentationT) -> Finding:
    """Inspect every slide, layout and master of an open deck. A build calls this too
    (render.render), so it refuses what `template check` calls an error and warns what
    it warns."""
    finding = Finding()
    for where, part in _parts(prs):
        root = part._element
        for p in root.iter(qn("a:p")):
            _tokens(finding, where, tokens.find_tokens(tokens.paragraph_text(p)))
        for c_nv_pr in root.iter(qn("p:cNvPr")):
            _tokens(finding, where, tokens.find_tokens(c_nv_pr.get("descr", "")))  # alt text
            _shape(finding, where, c_nv_pr)
        for colour in root.iter(qn("a:srgbClr")):
            finding.colours[str(colour.get("val", "")).upper()] += 1
        for latin in root.iter(qn("a:latin")):
            typeface = str(latin.get("typeface", ""))
            if typeface and not typeface.startswith("+"):
                finding.fonts[typeface] += 1
    return finding


def _parts(prs: PresentationT) -> Iterator[tuple[str, Any]]:
    """Each part that holds shapes, with where a person finds it in PowerPoint."""
    for number, slide in enumerate(prs.slides, start=1):
        yield f"slide {number}", slide.part
    for number, master in enumerate(prs.slide_masters, start=1):
        yield f"slide master {number}", master.part
        for layout in master.slide_layouts:
            yield f"slide layout '{layout.name}'", layout.part


def _tokens(finding: Finding, where: str, found: list[str]) -> None:
    for token in found:
        finding.tokens[token] += 1
        if contract.parse_token(token) is None:
            suggestion = contract.suggest(token, contract.known_tokens())
            finding.error(where, f"unknown token {{{{{token}}}}}{suggestion}")


_KINDS = {
    "p:pic": "picture",
    "p:grpSp": "group",
    "p:graphicFrame": "table, chart or diagram",
    "p:cxnSp": "line",
}
"""What python-pptx calls them otherwise; render can fill only a shape or text box (p:sp)."""


def _shape(finding: Finding, where: str, c_nv_pr: Element) -> None:
    name = c_nv_pr.get("name", "")
    bad_tag = contract.bad_tag(name)
    if bad_tag:
        finding.error(where, bad_tag)
    elif contract.flow_tag(name):
        finding.flows.append(name)
    base = contract.base_name(name)
    if not base.lower().startswith("infokit"):
        return
    if not contract.shape_known(name):
        finding.error(where, f"unknown shape '{base}'{contract.suggest(base, contract.known_shapes())}")
        return
    finding.shapes.append(base)
    shape = c_nv_pr.getparent().getparent() if c_nv_pr.getparent() is not None else None
    kind = next((what for tag, what in _KINDS.items() if shape is not None and shape.tag == qn(tag)), None)
    if kind and not contract.is_generated(name):  # infokit adds its logo as a picture itself
        finding.error(where, f"shape '{base}' is a {kind}; it must be a shape or text box")
