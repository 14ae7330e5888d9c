from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infokit import colors, theme

hex6 = st.integers(0, 0xFFFFFF).map(lambda n: f"{n:06X}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#0F6CBD", "0F6CBD"),
        ("#0f6cbd", "0F6CBD"),
        ("#06C", "0066CC"),
        ("#abc", "AABBCC"),
        ("blue", None),
        ("#12345", None),
        ("#GGGGGG", None),
        ("#0F6CBD00", None),
        ("0F6CBD", None),
        ("#", None),
        ("", None),
    ],
)
def test_parse_hex(text: str, expected: str | None) -> None:
    assert colors.parse_hex(text) == expected


@given(hex6)
def test_parse_accepts_every_colour_in_both_cases(value: str) -> None:
    assert colors.parse_hex("#" + value) == value
    assert colors.parse_hex("#" + value.lower()) == value


def test_contrast_known_values() -> None:
    assert colors.contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert colors.contrast("FFFFFF", "FFFFFF") == pytest.approx(1.0)
    # WCAG's own example: #767676 on white is just AA.
    assert colors.contrast("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)


@given(hex6, hex6)
def test_contrast_is_symmetric_and_bounded(a: str, b: str) -> None:
    assert colors.contrast(a, b) == pytest.approx(colors.contrast(b, a))
    assert 1.0 <= colors.contrast(a, b) <= 21.0


@given(hex6, st.sampled_from([3.0, 4.5, 7.0]))
def test_readable_on_meets_the_minimum_when_black_or_white_can(fill: str, minimum: float) -> None:
    best = colors.readable_on(fill, (), minimum)
    assert colors.contrast(best, fill) >= min(
        minimum, max(colors.contrast("000000", fill), colors.contrast("FFFFFF", fill))
    )


@given(hex6, hex6, hex6)
def test_derived_link_colours_are_readable_on_the_background(
    primary: str, secondary: str, background: str
) -> None:
    text = colors.readable_on(background, (), 4.5)
    scheme = theme.scheme_from_palette(primary, secondary, primary, text, background)
    assert colors.contrast(scheme["hlink"], background) >= 4.5
    assert colors.contrast(scheme["dk2"], background) >= 4.5
