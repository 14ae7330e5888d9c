"""`infokit template check`: what a .pptx offers the template contract, and what it breaks.

Lists the tokens and named shapes found, the unknown or misspelt ones (with the
closest known name), and the hard-coded colours and fonts that will not follow a
brand. Reads the deck through the same safe opener a build uses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from infokit import catalog, contract, tokens
from infokit.linkkeys import NAMES as LINK_KEYS
from infokit.ooxml import qn
from infokit.package import open_template


@dataclass
class Finding:
    tokens: Counter[str] = field(default_factory=Counter)
    shapes: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    """Shapes with a flow tag (``Step 1 text @page.3``): re-stacked to fit their content."""
    unknown: list[str] = field(default_factory=list)
    """Misspelt or unknown tokens and shape names: a build would fail or ignore them."""
    colours: Counter[str] = field(default_factory=Counter)
    fonts: Counter[str] = field(default_factory=Counter)

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


def known_token(token: str) -> bool:
    if token == "organization":
        return True
    if token.startswith("links."):
        return token.removeprefix("links.") in LINK_KEYS
    return token.startswith("text.") and token.removeprefix("text.") in catalog.known_keys()


def _all_tokens() -> list[str]:
    return ["organization", *(f"links.{k}" for k in LINK_KEYS), *(f"text.{k}" for k in catalog.known_keys())]


def _shape_known(name: str) -> bool:
    return contract.shape_known(name)


def _suggest(name: str, known: list[str]) -> str:
    return contract.suggest(name, known)


def check(path: Path) -> Finding:
    """Inspect every slide, layout and master of the deck at ``path``."""
    prs = open_template(path)
    finding = Finding()
    parts = [
        *(s.part for s in prs.slides),
        *(m.part for m in prs.slide_masters),
        *(layout.part for m in prs.slide_masters for layout in m.slide_layouts),
    ]
    known_shapes = contract.known_shapes()
    for part in parts:
        root = part._element
        for p in root.iter(qn("a:p")):
            for token in tokens.find_tokens(tokens.paragraph_text(p)):
                finding.tokens[token] += 1
                if not known_token(token):
                    finding.unknown.append(f"token {{{{{token}}}}}{_suggest(token, _all_tokens())}")
        for c_nv_pr in root.iter(qn("p:cNvPr")):
            name = c_nv_pr.get("name", "")
            bad_tag = contract.bad_tag(name)
            if bad_tag:
                finding.unknown.append(bad_tag)
            elif contract.flow_tag(name):
                finding.flows.append(name)
            base = contract.base_name(name)
            if base.lower().startswith("infokit"):
                if _shape_known(name):
                    finding.shapes.append(base)
                else:
                    finding.unknown.append(f"shape '{base}'{_suggest(base, known_shapes)}")
        for colour in root.iter(qn("a:srgbClr")):
            finding.colours[str(colour.get("val", "")).upper()] += 1
        for latin in root.iter(qn("a:latin")):
            typeface = str(latin.get("typeface", ""))
            if typeface and not typeface.startswith("+"):
                finding.fonts[typeface] += 1
    finding.unknown = list(dict.fromkeys(finding.unknown))
    return finding
