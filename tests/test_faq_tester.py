"""The classes of problems a tester found in the FAQ outputs (issue 9, second round): one
test per class, each written to fail before its fix. Browser checks of the fragment in a
hostile host page are in test_faq_browser.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from infokit import brand
from infokit.errors import BrandError
from infokit.faq import QUESTION_KEYS, content, markdown, page

from .conftest import MINIMAL


def problems_of(path: Path) -> list[tuple[str | None, str]]:
    with pytest.raises(BrandError) as caught:
        brand.load(path)
    return [(p.key, p.message) for p in caught.value.problems]


# -- 10: yes/no/on/off are words (YAML 1.2 booleans) ----------------------------------


def raw_brand(faq_yaml: str) -> str:
    return (
        f"organization: {MINIMAL['organization']}\nindustry: healthcare\n"
        "colors: {primary: '#0F6CBD'}\nlinks: {booking: 'https://test-clinic.example/book'}\n" + faq_yaml
    )


@pytest.mark.parametrize("word", ["No", "no", "Yes", "yes", "on", "Off", "y", "N"])
def test_yaml_yes_no_words_are_text(write_brand: Callable[..., Path], word: str) -> None:
    path = write_brand(
        raw=raw_brand(
            f"faq:\n  payment: {word}\n  extra:\n    - question: Is it free?\n      answer: {word}\n"
        )
    )
    loaded = brand.load(path)
    assert loaded.faq.answers["payment"] == word
    assert loaded.faq.extra == (("Is it free?", word),)


@pytest.mark.parametrize("false", ["false", "False", "FALSE"])
def test_only_true_and_false_are_booleans(write_brand: Callable[..., Path], false: str) -> None:
    loaded = brand.load(write_brand(raw=raw_brand(f"faq:\n  who: {false}\n")))
    assert loaded.faq.answers["who"] is None
    keys = problems_of(write_brand(raw=raw_brand("faq:\n  who: true\n")))
    assert ("faq.who", "is true; write the answer, or false to drop the question") in keys


# -- 5 and 11: links checked as written, suggestions only when valid -------------------


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("[click](https://exa\u200bmple.com)", "would not go where it shows"),
        ("[x](<https://a.example/with space>)", "contains spaces"),
        ("[x](<https://a.example/with\u00a0nbsp>)", "contains"),
    ],
)
def test_answer_links_are_checked_as_written(
    write_brand: Callable[..., Path], answer: str, message: str
) -> None:
    found = problems_of(write_brand(faq={"payment": answer}))
    assert any(key == "faq.payment" and message in text for key, text in found), found


@pytest.mark.parametrize(
    ("link", "shown", "suggestion"),
    [
        ("/relative/path", "/relative/path", None),
        ("#ikf-q-payment", "#ikf-q-payment", None),
        ("//evil.example/x", "//evil.example/x", "https://evil.example/x"),
        ("\\\\\\\\evil.example\\\\x", "evil.example", None),
        ("contoso.example/pay", "contoso.example/pay", "https://contoso.example/pay"),
    ],
)
def test_link_suggestions_are_valid_and_show_the_link_as_written(
    write_brand: Callable[..., Path], link: str, shown: str, suggestion: str | None
) -> None:
    found = problems_of(write_brand(faq={"payment": f"[x]({link})"}))
    message = next(text for key, text in found if key == "faq.payment")
    assert shown in message and "%5C" not in message, message
    suggested = re.findall(r"write (\S+://\S*)", message)
    assert suggested == ([suggestion] if suggestion else []), message
    for url in suggested:
        assert brand._link_problem(url) is None


# -- 6: web-only text is not held to the build machine's fonts ------------------------

NO_FONT_DRAWS = "\U0001f4de"  # the telephone receiver emoji: no font here has it


def test_faq_text_may_use_characters_the_build_fonts_lack(write_brand: Callable[..., Path]) -> None:
    from infokit import visible

    assert visible.undrawable(NO_FONT_DRAWS), "the test needs a character no installed font draws"
    loaded = brand.load(
        write_brand(
            faq={
                "what": f"{NO_FONT_DRAWS} Call us",
                "extra": [{"question": f"{NO_FONT_DRAWS} Why?", "answer": f"Because {NO_FONT_DRAWS}"}],
            }
        )
    )
    assert loaded.faq.answers["what"] == f"{NO_FONT_DRAWS} Call us"
    # Text that reaches the infographic is still checked.
    found = problems_of(write_brand(organization=f"{NO_FONT_DRAWS} Clinic"))
    assert any(key == "organization" and "no installed font can draw" in text for key, text in found)


# -- 7: an empty FAQ is an error ------------------------------------------------------


@pytest.mark.parametrize("extra", [{}, {"extra": []}])
def test_an_faq_without_questions_is_refused(write_brand: Callable[..., Path], extra: dict[str, Any]) -> None:
    faq = {key: False for key in QUESTION_KEYS} | extra
    found = problems_of(write_brand(faq=faq))
    assert any(key == "faq" and "drops all nine questions" in text for key, text in found), found


def test_one_question_left_is_enough(write_brand: Callable[..., Path]) -> None:
    faq: dict[str, Any] = {key: False for key in QUESTION_KEYS}
    loaded = brand.load(write_brand(faq=faq | {"extra": [{"question": "Q?", "answer": "A."}]}))
    assert [e.key for e in content.entries(loaded)] == ["extra.0"]


# -- 4 and 15: the fragment pasted into a website ---------------------------------------


def fragment_of(b: brand.Brand, slug: str, language: str) -> str:
    formats = ("pptx", "pdf", "png", "html")
    files = page.render(b, slug, formats, page.beside(f"{slug}-x", formats), language=language)
    return next(f.data.decode() for f in files if f.key == "html-fragment")


def test_the_fragment_has_no_relative_link_or_image(write_brand: Callable[..., Path]) -> None:
    b = brand.load(write_brand(with_logo=True))
    tree = lxml_html.fromstring(fragment_of(b, "test-clinic", "en"))
    targets = tree.xpath("//@href | //@src")
    assert targets
    for target in targets:
        assert target.startswith("#") or re.match(r"^(https?:|mailto:|tel:|data:)", target), target
    full = next(
        f.data.decode()
        for f in page.render(b, "s", ("pdf", "png", "html"), page.beside("s-x", ("pdf", "png", "html")))
        if f.key == "html"
    )
    assert 'href="s-x.pdf"' in full and 'src="s-x.png"' in full  # the page beside the files keeps them


def test_fragment_ids_are_unique_per_language_and_organization(write_brand: Callable[..., Path]) -> None:
    b = brand.load(write_brand(language=["en", "ru"]))
    other = brand.load(write_brand(name="other.yaml", organization="Other Clinic"))
    pasted = fragment_of(b, "test-clinic", "en") + fragment_of(b, "test-clinic", "ru")
    pasted += fragment_of(other, "other-clinic", "en")
    tree = lxml_html.fromstring(f"<div>{pasted}</div>")
    ids = tree.xpath("//@id")
    assert len(ids) > 30 and len(ids) == len(set(ids))
    for href in tree.xpath("//a/@href"):  # every anchor still lands on its own question
        if href.startswith("#"):
            assert href[1:] in ids, href


# -- 8: the Markdown file says what the HTML says ----------------------------------------


def commonmark_html(source: str) -> str:
    """What any CommonMark site makes of the .md file (raw HTML off, as the page has it)."""
    from markdown_it import MarkdownIt

    html: str = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).render(source)
    return html.strip()


QUESTION_TEXT = st.text(
    alphabet=st.sampled_from([*"ab #*_-+=>!`~|[]()<>&\\.1)", "ё", "한"]), min_size=1, max_size=30
).filter(lambda t: t.strip())


@settings(max_examples=200, deadline=None)
@given(QUESTION_TEXT)
def test_a_question_heading_reads_back_as_written(question: str) -> None:
    question = " ".join(question.split())
    html = commonmark_html(f"## {markdown.escape(question)}")
    assert html.startswith("<h2>"), html
    from lxml import html as parse_html

    assert parse_html.fromstring(html).text_content() == question


def test_the_markdown_file_keeps_press_hash_and_both_lists(write_brand: Callable[..., Path]) -> None:
    path = write_brand(faq={"extra": [{"question": "Press #", "answer": "* one\n* two\n+ three"}]})
    files = page.render(brand.load(path), "s", ("html", "md"), page.beside("s-x", ("html", "md")))
    md = next(f.data.decode() for f in files if f.key == "md")
    html = commonmark_html(md)
    assert "<h2>Press #</h2>" in html
    own = html.split("<h2>Press #</h2>")[1]
    assert own.count("<ul>") == 2 and "<li>three</li>" in own
    entry = content.entries(brand.load(path))[-1]
    assert entry.html.count("<ul>") == 2
    assert commonmark_html(entry.markdown) == entry.html


WORDS = ["word", "**bold**", "*it*", "_u_", "[l](https://a.example/x_y)", "#", "1.", "-", "&amp;", "\\"]
LINE = st.one_of(
    st.sampled_from(["", "", "- ", "* ", "+ ", "1. ", "2) ", "  - ", "   1. ", "    ", "> ", "# "]).flatmap(
        lambda start: st.builds(
            lambda words: start + words,
            st.lists(
                st.sampled_from(WORDS),
                max_size=4,
            ).map(" ".join),
        )
    )
)


CHARACTERS = st.lists(
    st.sampled_from([*"ab \n-+#>1.)[]()`<>&\\!~|=:", "https://x.example/", "    ", "\n\n"]), max_size=40
).map("".join)
"""Block structure character by character. Emphasis markers come whole, from WORDS: the
writer does not reproduce emphasis nested flush against itself (`**-*a**`) exactly."""


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(LINE, min_size=1, max_size=8).map("\n".join), CHARACTERS))
def test_any_answer_in_markdown_reads_back_as_its_html(source: str) -> None:
    tokens = markdown.parse(source)
    # Spaces before a line break are not drawn; markdown-it keeps them after a lone "\".
    shown = re.sub(r" +\n", "\n", markdown.to_html(tokens))
    assert re.sub(r" +\n", "\n", commonmark_html(markdown.to_markdown(tokens))) == shown


# -- 3: the index and the page show what the folder holds --------------------------------


def local_links(document: Path) -> set[str]:
    tree = lxml_html.fromstring(document.read_text(encoding="utf-8"))
    return {t for t in tree.xpath("//a/@href | //img/@src") if ":" not in t and not t.startswith("#")}


def test_index_and_page_follow_the_folder_across_builds(
    write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    from infokit import build

    path, out = write_brand(), tmp_path / "out"
    first = build.build(path, out, ("html", "md"))
    folder = first.outputs["index"].parent
    md = first.outputs["md"].name
    build.build(path, out, ("html",))  # the .md from before stays listed
    assert md in local_links(folder / "index.html")
    later = build.build(path, out, ("pptx",))  # the page's html is rewritten to list the PPTX
    assert later.outputs["pptx"].name in local_links(folder / "index.html")
    assert md in local_links(folder / "index.html")
    for link in local_links(folder / "index.html"):
        assert (folder / link).is_file(), link
    (folder / md).unlink()  # a file removed by hand is no longer listed
    build.build(path, out, ("html",))
    assert md not in local_links(folder / "index.html")
    assert later.outputs["pptx"].name in local_links(folder / "index.html")


def test_batch_index_follows_the_folder_in_every_language(tmp_path: Path) -> None:
    from infokit import batch

    data = dict(MINIMAL) | {"language": ["en", "ru"]}
    path = tmp_path / "brands" / "clinic.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    batch.run([path], out, formats=("html", "md"), jobs=1)
    batch.run([path], out, formats=("html",), jobs=1, force=True)
    folder = next(p for p in out.iterdir() if p.is_dir())
    indexes = sorted(p.name for p in folder.glob("index*.html"))
    assert indexes == ["index-en.html", "index-ru.html"], indexes
    for index in indexes:
        links = local_links(folder / index)
        assert any(link.endswith(".md") for link in links), (index, links)
        assert all((folder / link).is_file() for link in links)


@pytest.mark.e2e
def test_page_shows_an_infographic_built_earlier(
    write_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    from infokit import build

    path, out = write_brand(), tmp_path / "out"
    built = build.build(path, out, ("pdf", "png"))
    page_file = build.build(path, out, ("html",)).outputs["html"]
    assert {built.outputs["png"].name, built.outputs["pdf"].name} <= local_links(page_file)
    figure = lxml_html.fromstring(page_file.read_bytes()).xpath("//figure/img/@src")
    assert figure == [built.outputs["png"].name]
    other = tmp_path / "other"
    build.build(path, other, ("html",))
    pdf = build.build(path, other, ("pdf",)).outputs["pdf"]
    assert pdf.name in local_links(pdf.parent / "index.html")
    assert pdf.name in local_links(pdf.parent / page_file.name)


# -- 13 and 14: what the build says matches what it built ---------------------------------


def test_the_page_colour_changes_are_reported(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from infokit.cli import app

    path = write_brand(colors={"primary": "#FFFF00"})
    result = CliRunner().invoke(app, ["build", str(path), "-o", str(tmp_path / "o"), "-f", "html", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    links = [c for c in data["contrast"] if "FAQ page links" in c["where"]]
    assert links and links[0]["text"] == "#FFFF00" and links[0]["used"] == "#737300"
    check = CliRunner().invoke(app, ["check", str(path)])
    assert "note:" in check.stderr and "FAQ page links" in check.stderr
    # A colour infokit adjusted is a note, as on the infographic: --strict does not refuse it.
    strict = CliRunner().invoke(
        app, ["build", str(path), "-o", str(tmp_path / "s"), "-f", "html", "--strict"]
    )
    assert strict.exit_code == 0 and "note:" in strict.stderr and "FAQ page links" in strict.stderr
    # A page built without web files says nothing of the FAQ page's colours.
    fine = CliRunner().invoke(app, ["build", str(path), "-o", str(tmp_path / "p"), "-f", "pptx", "--json"])
    assert "FAQ page" not in fine.stdout


def test_an_html_build_says_nothing_of_the_pdf(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    from infokit import build, fonts

    assert not fonts.is_installed("Open Sans"), "the test needs a font that is not installed"
    path = write_brand(fonts={"heading": "Open Sans", "body": "Open Sans"})
    web = build.build(path, tmp_path / "web", ("html", "md"))
    assert not [w for w in web.warnings if "fonts." in w or "PDF" in w], web.warnings
    deck = build.build(path, tmp_path / "deck", ("pptx",))
    assert any(w.startswith("fonts.heading: 'Open Sans' is not installed") for w in deck.warnings)


# -- 12: CSV columns come from the one list of brand keys -------------------------------


def test_csv_faq_columns(tmp_path: Path) -> None:
    from infokit import csvsource, spec

    path = tmp_path / "orgs.csv"
    path.write_text(
        "organization,industry,colors.primary,links.booking,faq.who,faq.payment\n"
        "Alpha,healthcare,#2E7D32,https://a.example/b,false,Free of **charge**.\n"
        'Beta,retail,#2E7D32,https://b.example/b,,"Two lines:\n\n- card\n- cash"\n',
        encoding="utf-8",
    )
    rows = [r for r in csvsource.rows(path) if isinstance(r, csvsource.Row)]
    assert len(rows) == 2 and all(r.document for r in rows)
    alpha, beta = (brand.from_data(r.document) for r in rows if r.document)
    assert alpha.faq.answers == {"who": None, "payment": "Free of **charge**."}
    assert "who" not in beta.faq.answers and "<li>cash</li>" in content.entries(beta)[3].html
    # Every key of the spec is a column or a section of columns; nothing is listed apart.
    known = csvsource.columns()
    for key in spec.brand_keys():
        assert key.path in known or any(c.startswith(key.path + ".") for c in known), key.path
    assert {f"faq.{k}" for k in QUESTION_KEYS} <= set(known)


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("faq.paymnet", "Did you mean 'payment'?"),
        ("faq", "names a section; give one of its keys, e.g. 'faq.what'"),
        ("faq.extra", "Allowed after 'faq.': what,"),
        ("organization.name", "'organization' takes no sub-keys"),
        ("colour.primary", "Did you mean"),
    ],
)
def test_csv_header_problems_name_the_column(tmp_path: Path, column: str, message: str) -> None:
    from infokit import csvsource

    path = tmp_path / "orgs.csv"
    path.write_text(f"organization,{column}\nAlpha,x\n", encoding="utf-8")
    (error,) = list(csvsource.rows(path))
    assert isinstance(error, BrandError)
    found = [p for p in error.problems if p.key == column and p.line == 1]
    assert found and message in found[0].message, error.problems


# -- 9: Markdown the FAQ does not support is named, not silently shown as typed -----------


@pytest.mark.parametrize(
    ("answer", "named"),
    [
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a table"),
        ("# Opening hours\n\nNine to five.", "a # heading"),
        ("```\ncode\n```", "a ``` code block"),
        ("> We are here for you.", "a > quote"),
        ("![map](https://x.example/map.png)", "an image"),
        ("Fish &amp; chips", "an HTML entity"),
        ("Call <b>now</b>", "raw HTML"),
        ("Press `Join`", "`code`"),
        ("~~old~~ new", "strikethrough"),
        ("See <https://x.example/help>", "a <https://...> link"),
    ],
)
def test_unsupported_markdown_is_a_warning_naming_the_key(
    write_brand: Callable[..., Path], answer: str, named: str
) -> None:
    loaded = brand.load(write_brand(faq={"extra": [{"question": "Q?", "answer": answer}]}))
    found = [w for w in loaded.warnings if w.startswith("faq.extra.1.answer: ")]
    assert found and named in found[0] and "shows as typed" in found[0], loaded.warnings


def test_supported_markdown_warns_of_nothing(write_brand: Callable[..., Path]) -> None:
    answer = "Pay **online** or *by phone*: [billing](https://x.example/b).\n\n- card\n- cash\n\n1. a\n2. b"
    assert not brand.load(write_brand(faq={"payment": answer})).warnings


def test_bold_ending_between_punctuation_and_a_letter_is_named(
    write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from infokit.cli import app

    path = write_brand(faq={"payment": "상담은 **'무료'**입니다."})
    loaded = brand.load(path)
    assert any(w.startswith("faq.payment: '**' shows as typed") for w in loaded.warnings)
    assert not brand.load(write_brand(name="good.yaml", faq={"payment": "상담은 '**무료**'입니다."})).warnings
    assert CliRunner().invoke(app, ["check", str(path)]).exit_code == 0
    strict = CliRunner().invoke(app, ["check", "--strict", str(path)])
    said = " ".join(strict.stderr.split())  # rich wraps lines at the terminal's width
    assert strict.exit_code == 2 and "faq.payment: (--strict) '**' shows as typed" in said, said


# -- 15: a detailed logo stays small in the page and the index ---------------------------


def test_a_detailed_logo_is_embedded_small(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    import base64
    import io
    import random

    from PIL import Image

    rng = random.Random(9)
    Image.frombytes("RGB", (1600, 1000), rng.randbytes(1600 * 1000 * 3)).save(tmp_path / "detailed.png")
    path = write_brand(logo="detailed.png")
    rendered = page.render(brand.load(path), "s", ("html",), page.beside("s", ("html",)))
    files = {f.key: f.data for f in rendered}
    for key in ("html", "index"):
        (uri,) = re.findall(rb'class="ikf-logo" src="data:image/png;base64,([^"]+)"', files[key])
        data = base64.b64decode(uri)
        assert len(data) < 120_000, (key, len(data))
        with Image.open(io.BytesIO(data)) as shown:
            assert shown.size == (307, 192)  # 3 device pixels for each CSS pixel of the 4rem-high box
    assert len(files["html"]) < 200_000


# -- also noticed: a white logo on a transparent background vanishes on a white page --------


@pytest.mark.parametrize(
    ("ink", "opaque", "plate"),
    [
        ((255, 255, 255), False, "ikf-plate-band"),  # white on transparent: on the brand colour
        ((15, 108, 189), False, None),  # a coloured logo shows as it is
        ((255, 255, 255), True, None),  # an opaque logo brings its own background
    ],
)
def test_a_logo_that_would_vanish_gets_a_plate(
    write_brand: Callable[..., Path],
    tmp_path: Path,
    ink: tuple[int, int, int],
    opaque: bool,
    plate: str | None,
) -> None:
    from PIL import Image, ImageDraw

    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 255) if opaque else (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((20, 20, 380, 180), fill=(*ink, 255))
    logo.save(tmp_path / "logo.png")
    loaded = brand.load(write_brand(logo="logo.png"))
    for file in page.render(loaded, "s", ("html",), page.beside("s", ("html",))):
        if file.key in ("html", "index"):
            (img,) = lxml_html.fromstring(file.data).xpath('//img[contains(@class, "ikf-logo")]')
            classes = img.get("class").split()
            assert [c for c in classes if c.startswith("ikf-plate")] == ([plate] if plate else []), classes
            if plate:
                assert f".{plate}{{" in file.data.decode() or f".{plate} {{" in file.data.decode()


def test_the_index_lists_the_pages_of_every_paper(write_brand: Callable[..., Path], tmp_path: Path) -> None:
    from infokit import build

    path = write_brand(paper=["letter", "a4"])
    pages = build.build_pages(path, tmp_path / "out", ("pptx", "html"))
    results = [r for r in pages if isinstance(r, build.BuildResult)]
    assert len(results) == 2
    folder = results[0].outputs["index"].parent
    index = lxml_html.fromstring((folder / "index.html").read_bytes())
    listed = {a.get("href"): a.text_content() for a in index.xpath("//a[contains(@href, '.pptx')]")}
    assert sorted(listed) == sorted(r.outputs["pptx"].name for r in results)
    label = "Infographic (PowerPoint, editable)"
    assert sorted(listed.values()) == [f"{label} (A4)", f"{label} (Letter)"]


# -- also noticed: a logo that spells the name, and the name printed again beside it -------


@pytest.mark.parametrize(("size", "wordmark"), [((600, 200), True), ((240, 240), False)])
def test_a_wordmark_logo_is_not_followed_by_the_name_again(
    write_brand: Callable[..., Path], tmp_path: Path, size: tuple[int, int], wordmark: bool
) -> None:
    from PIL import Image, ImageDraw

    logo = Image.new("RGBA", (size[0] + 40, size[1] + 40), (0, 0, 0, 0))  # transparent margins
    ImageDraw.Draw(logo).rectangle((20, 20, 20 + size[0], 20 + size[1]), fill=(15, 108, 189, 255))
    logo.save(tmp_path / "logo.png")
    loaded = brand.load(write_brand(logo="logo.png"))
    for file in page.render(loaded, "s", ("html",), page.beside("s", ("html",))):
        tree = lxml_html.fromstring(file.data)
        names = tree.xpath('//p[@class="ikf-org"]')
        if file.key == "html-fragment":  # no logo in a fragment: the name is always printed
            assert [p.text_content() for p in names] == [loaded.organization]
            continue
        (img,) = tree.xpath('//img[contains(@class, "ikf-logo")]')
        assert img.get("alt") == (loaded.organization if wordmark else f"{loaded.organization} logo")
        assert [p.text_content() for p in names] == ([] if wordmark else [loaded.organization])
