from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infokit import brand
from infokit.errors import BrandError

from .conftest import BRANDS, EXAMPLES, PNG_LOGO


def problems(path: Path) -> list[str]:
    with pytest.raises(BrandError) as info:
        brand.load(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("path", BRANDS + EXAMPLES, ids=lambda p: p.name)
def test_every_shipped_brand_file_validates(path: Path) -> None:
    loaded = brand.load(path)
    assert loaded.organization and loaded.links["booking"].startswith("https://")


def test_minimal_brand_gets_defaults(write_brand: Callable[..., Path]) -> None:
    b = brand.load(write_brand())
    assert b.language == "en" and b.paper == "letter"
    assert b.colors.primary == "0F6CBD" and b.colors.background == "FFFFFF"
    assert b.heading_font.family == brand.DEFAULT_FONT
    assert b.notes == () and b.logo is None


def test_paper_follows_language_unless_given(write_brand: Callable[..., Path]) -> None:
    assert brand.load(write_brand(language="ru")).paper == "a4"
    assert brand.load(write_brand(language="ru", paper="letter")).paper == "letter"


def test_paths_are_relative_to_the_brand_file_not_the_cwd(
    tmp_path: Path, write_brand: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "x.png").write_bytes(PNG_LOGO.read_bytes())
    path = write_brand(logo="logos/x.png")
    monkeypatch.chdir("/")
    assert brand.load(path).logo == (tmp_path / "logos" / "x.png").resolve()


def test_all_problems_are_reported_at_once_with_lines(write_brand: Callable[..., Path]) -> None:
    path = write_brand(
        raw=(
            "organization: X\n"
            "industry: bank\n"
            "colour:\n  primary: '#000'\n"
            "links:\n  booking: ftp://x.example\n"
        )
    )
    found = problems(path)
    assert any(":2: industry:" in p and "healthcare, financial, retail, generic" in p for p in found)
    assert any(":3: colour:" in p and "Did you mean 'colors'?" in p for p in found)
    assert any(":6: links.booking:" in p and "'ftp:' is not allowed" in p for p in found)
    assert any("colors.primary: is required" in p for p in found)


def test_unquoted_colour_explains_yaml_comments(write_brand: Callable[..., Path]) -> None:
    path = write_brand(
        raw="organization: X\nindustry: retail\ncolors:\n  primary: #0F6CBD\n"
        "links: {booking: 'https://x.example'}\n"
    )
    assert any("# starts a comment" in p for p in problems(path))


def test_duplicate_keys_are_an_error(write_brand: Callable[..., Path]) -> None:
    path = write_brand(raw="organization: A\norganization: B\n")
    assert "is given twice (first on line 1)" in problems(path)[0]


def test_alias_bomb_is_stopped(write_brand: Callable[..., Path]) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 10)}]")
    path = write_brand(raw="\n".join(lines) + "\n")
    assert "expands to more than" in problems(path)[0]


def test_text_overrides_must_be_known_keys(write_brand: Callable[..., Path]) -> None:
    path = write_brand(text={"headlin": "Hi"})
    assert "Did you mean 'headline'?" in problems(path)[0]


@pytest.mark.parametrize(
    "url",
    [
        "https://contoso.example/book",
        "http://localhost:8080/x",
        "https://例え.jp/予約",
        "mailto:care@contoso.example",
        "tel:+1-555-0100",
        "https://x.example/a?b=c&d=e#f",
    ],
)
def test_good_links(url: str, write_brand: Callable[..., Path]) -> None:
    assert brand.load(write_brand(links={"booking": url})).links["booking"] == url


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("javascript:alert(1)", "'javascript:' is not allowed"),
        ("data:text/html,hi", "'data:' is not allowed"),
        ("file:///etc/passwd", "'file:' is not allowed"),
        ("ftp://x.example", "'ftp:' is not allowed"),
        ("contoso.example/book", "no scheme"),
        ("https://contoso example/book", "contains spaces"),
        ("https://", "no valid host"),
        ("https:contoso.example", "malformed"),
        ("mailto:nobody", "not an email address"),
        ("tel:call-me", "not a phone number"),
        ("https://x.example/" + "a" * 400, "at most 300 fit"),
    ],
)
def test_bad_links(url: str, fragment: str, write_brand: Callable[..., Path]) -> None:
    assert any(fragment in p for p in problems(write_brand(links={"booking": url})))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_link_text_either_validates_or_gives_a_message(text: str) -> None:
    problem = brand._link_problem(text) if text.strip() else "empty"
    if problem is None:
        assert text.split(":", 1)[0].lower() in brand.SAFE_SCHEMES


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="#0123456789abcdefABCDEFGgxz ", max_size=9))
def test_colour_validation_matches_the_documented_forms(text: str) -> None:
    import re

    ok = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", text.strip()) is not None
    v = brand._Validator.__new__(brand._Validator)
    v.problems, v.doc = [], type("D", (), {"problem": lambda self, k, m: m})()
    assert (v.colour(("colors", "primary"), text) is not None) == ok
