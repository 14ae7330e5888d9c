"""Token replacement across any split of a paragraph into runs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from infokit import ooxml, tokens

A = ooxml.A
VALUES = {
    "organization": tokens.Value("Contoso Health"),
    "text.headline": tokens.Value("Ваш визит — 비대면 진료"),
    "links.home": tokens.Value("contoso.example", "https://contoso.example"),
    "links.billing": tokens.Value(""),
}


def paragraph(pieces: list[str]) -> etree._Element:
    """A paragraph with one run per piece (the first bold), plus a sibling paragraph."""
    # python-pptx's element classes, as in a real deck: the links use their methods.
    body = ooxml.new("a:txBody")
    p = etree.SubElement(body, f"{{{A}}}p")
    for i, text in enumerate(pieces):
        run = etree.SubElement(p, f"{{{A}}}r")
        etree.SubElement(run, f"{{{A}}}rPr", sz=str(1000 + i), **({"b": "1"} if i == 0 else {}))
        etree.SubElement(run, f"{{{A}}}t").text = text
    etree.SubElement(
        etree.SubElement(etree.SubElement(body, f"{{{A}}}p"), f"{{{A}}}r"), f"{{{A}}}t"
    ).text = "x"
    return p


def replace(pieces: list[str]) -> tuple[etree._Element, list[str]]:
    p = paragraph(pieces)
    unknown = tokens.replace_in_paragraph(p, VALUES.get, lambda url: "rId99")
    return p, unknown


def test_token_split_across_three_runs_keeps_first_run_formatting() -> None:
    p, unknown = replace(["Welcome to {{orga", "niz", "ation}}!"])
    assert unknown == []
    assert tokens.paragraph_text(p) == "Welcome to Contoso Health!"
    first = p.find(f"{{{A}}}r")
    assert first.find(f"{{{A}}}rPr").get("b") == "1"
    assert "Contoso Health" in first.find(f"{{{A}}}t").text


def test_link_token_becomes_its_own_hyperlinked_run() -> None:
    p, _ = replace(["Visit {{links.", "home}} today"])
    runs = p.findall(f"{{{A}}}r")
    linked = [r for r in runs if r.find(f"{{{A}}}rPr/{{{A}}}hlinkClick") is not None]
    assert [r.find(f"{{{A}}}t").text for r in linked] == ["contoso.example"]
    assert tokens.paragraph_text(p) == "Visit contoso.example today"


def test_unknown_tokens_are_reported_and_left_alone() -> None:
    p, unknown = replace(["{{text.nope}} and {{organization}}"])
    assert unknown == ["text.nope"]
    assert tokens.paragraph_text(p) == "{{text.nope}} and Contoso Health"


def test_paragraph_emptied_by_a_missing_link_is_removed() -> None:
    p, _ = replace(["{{links.billing}}"])
    assert p.getparent() is None


def test_text_without_tokens_is_untouched() -> None:
    p, unknown = replace(["plain ", "text {with} braces"])
    assert unknown == [] and tokens.paragraph_text(p) == "plain text {with} braces"


TEMPLATE_TEXTS = st.lists(
    st.one_of(
        st.text(
            alphabet=st.characters(blacklist_characters="{}", blacklist_categories=("Cs", "Cc")), max_size=12
        ),
        st.sampled_from(["{{organization}}", "{{text.headline}}", "{{links.home}}", "{{ organization }}"]),
    ),
    min_size=1,
    max_size=6,
).map("".join)


@st.composite
def split_text(draw: st.DrawFn) -> tuple[str, list[str]]:
    text = draw(TEMPLATE_TEXTS)
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=6))) if len(text) > 1 else []
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(text[last:cut])
        last = cut
    pieces.append(text[last:])
    return text, pieces


def expected(text: str) -> str:
    return tokens.TOKEN.sub(lambda m: VALUES[m.group(1)].text, text)


@settings(max_examples=300, deadline=None)
@given(split_text())
def test_any_split_gives_the_same_text_as_replacing_the_joined_string(case: tuple[str, list[str]]) -> None:
    text, pieces = case
    p = paragraph(pieces)
    tokens.replace_in_paragraph(p, VALUES.get, lambda url: "rId1")
    result = tokens.paragraph_text(p) if p.getparent() is not None else ""
    assert result == expected(text) or (not expected(text).strip() and p.getparent() is None)
