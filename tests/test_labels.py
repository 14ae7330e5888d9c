"""Printed text that reads as an address must name the link's own destination: labels of
links.* and the text of Markdown links in FAQ answers (infokit/labels.py). The refused
classes are also in tests/bad_inputs/cases.yaml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from infokit import brand, labels

from .test_links import problems


@pytest.mark.parametrize(
    ("label", "url"),
    [
        ("Book online", "https://contoso.example/book"),  # words
        ("Call us", "tel:+1-555-010-0199"),
        ("contoso.example/book", "https://contoso.example/book"),  # the same address, no https://
        ("https://www.contoso.example/book/", "https://contoso.example/book"),  # www. aside
        ("contoso.example", "https://book.contoso.example/x"),  # a host above: one owner
        ("Book at bücher.example", "https://xn--bcher-kva.example/"),  # IDNA either way
        ("(555) 010-0199", "tel:+1-555-010-0199"),  # national form of the number
        ("1-800-FLOWERS", "tel:1-800-3569377"),  # letters as keypad digits
        ("0800 123 4567", "tel:+44-800-123-4567"),  # a trunk zero in the national form
        ("+44 (0) 20 7946 0958", "tel:+44-20-7946-0958"),
        ("0044 20 7946 0958", "tel:+44-20-7946-0958"),
        ("Care@Contoso.example", "mailto:care@contoso.example"),
        ("Write to care@contoso.example", "mailto:care@contoso.example?cc=desk@contoso.example"),
        ("Open 9.00-17.00, v1.2", "https://contoso.example"),  # numbers that are no address
        ("Since 2024-11-25", "https://contoso.example"),  # a date is not a phone number
        ("Download guide.pdf", "https://contoso.example/guide.pdf"),  # a file name, not a host
        ("contoso.co.uk", "https://book.contoso.co.uk/"),
        ("+1\u2013555\u20130100", "tel:+1-555-0100"),  # an en dash reads as a hyphen
        ("+1 555 0100 ext. 12", "tel:+1-555-0100;ext=12"),  # the extension dialled
        ("+1 555 0100", "tel:+1-555-0100;ext=12"),  # the switchboard's number
        ("1-800-FLOWERS", "tel:1-800-FLOWERS"),
        ("tel:911", "tel:911"),  # a short number written as a tel: address
        ("//contoso.example/book", "https://contoso.example/book"),
        ("contoso\u00b7example", "https://contoso.example/book"),  # a middle dot reads as '.'
        ("10.0.0.1/book", "https://10.0.0.1/x"),  # IP literals compared as written
        ("[::1]/book", "https://[::1]/"),
        ("localhost:8080/book", "http://localhost:8080/"),
        ("Open 24/7, CALL NOW", "https://contoso.example"),  # capitals after a space: words
        ("Since 2024 BOOK online", "https://contoso.example"),
        ("Mon\u2013Fri 9.00\u201317.00, col\u00b7legi", "https://contoso.example"),
    ],
)
def test_words_and_the_links_own_address_are_fine(label: str, url: str) -> None:
    assert labels.misleading(label, url) is None


@pytest.mark.parametrize(
    ("label", "url", "fragment"),
    [
        ("https://bank.example/book", "https://evil.example/book", "the link goes to evil.example"),
        ("bank.example", "https://bank.example.evil.example/", "reads as a web address"),
        ("co.uk", "https://evil.co.uk/", "reads as a web address"),  # a public suffix owns nothing
        ("bank.github.io", "https://evil.github.io/", "reads as a web address"),  # two owners
        ("bank.com/pay", "https://evil.example/pay", "reads as a web address"),
        ("www.bank.example/pay", "https://evil.example", "reads as a web address"),
        ("help@bank.example", "mailto:care@contoso.example", "reads as an e-mail address"),
        ("help@bank.example", "https://contoso.example", "reads as an e-mail address"),
        ("(555) 010-0198", "tel:+1-555-010-0199", "reads as a phone number"),
        ("0800 123 4568", "tel:+44-800-123-4567", "reads as a phone number"),
        ("Call +1 555 010 0199", "https://contoso.example/book", "reads as a phone number"),
        ("bank.example", "tel:+1-555-010-0199", "the phone number +1-555-010-0199"),
        ("+1-555-0100 ext. 13", "tel:+1-555-0100;ext=12", "reads as a phone number"),
        ("1-800-FLOWERZ", "tel:1-800-FLOWERS", "reads as a phone number"),
        ("1-800-FLOWERS", "https://contoso.example/", "reads as a phone number"),
        ("tel:911", "https://contoso.example/", "reads as a phone number"),
        ("//evil.com/book", "https://contoso.example/", "reads as a web address"),
        ("https:evil.com", "https://contoso.example/", "reads as a web address"),
        ("10.0.0.1/book", "https://contoso.example/", "reads as a web address"),
        ("10.0.0.1/pay", "https://192.168.0.1/pay", "reads as a web address"),  # never by owner
        ("[::1]/book", "https://contoso.example/", "reads as a web address"),
        ("localhost:8080/book", "https://contoso.example/", "reads as a web address"),
        ("http://192.168.1.1", "https://contoso.example/", "reads as a web address"),  # not a phone
        ("ceo\uff20other.example", "mailto:ceo@contoso.example", "reads as an e-mail address"),
    ],
)
def test_an_address_naming_another_destination_is_named(label: str, url: str, fragment: str) -> None:
    problem = labels.misleading(label, url)
    assert problem is not None and fragment in problem


def test_a_short_address_on_the_brands_own_site_may_forward() -> None:
    """The README's advice for long Bookings addresses: print yourdomain.com/book."""
    long_url = "https://outlook.office365.com/book/Contoso@contoso.onmicrosoft.com/"
    assert labels.misleading("contoso.example/book", long_url, ("contoso.example",)) is None
    assert labels.misleading("contoso.example/book", long_url) is not None


def test_a_label_naming_another_host_is_refused_naming_file_and_key(
    write_brand: Callable[..., Path],
) -> None:
    path = write_brand(
        links={
            "booking": {"url": "https://evil.example/book", "label": "https://bank.example/book"},
            "billing": {"url": "https://contoso.example/pay", "label": "Pay online"},
        }
    )
    (problem,) = problems(path)
    assert str(path.name) in problem and "links.booking.label" in problem
    assert "bank.example/book" in problem and "evil.example" in problem


def test_a_markdown_link_whose_text_is_another_address_is_refused(write_brand: Callable[..., Path]) -> None:
    answer = (
        "Pay at [https://bank.example/pay](https://evil.example/pay) or [our page](https://evil.example/x)."
    )
    (problem,) = problems(write_brand(faq={"payment": answer}))
    assert "faq.payment" in problem and "bank.example/pay" in problem and "evil.example" in problem


def test_a_markdown_link_printing_its_own_address_builds(write_brand: Callable[..., Path]) -> None:
    answer = "Pay at [contoso.example/pay](https://contoso.example/pay)."
    assert brand.load(write_brand(faq={"payment": answer})).faq.answers["payment"] == answer


DASHES = "\u2010\u2011\u2013\u2014\u2212\ufe63\uff0d"
"""Hyphen, non-breaking hyphen, en and em dash, minus sign, small and full-width hyphen-minus."""
FULL_STOPS = "\u00b7\u2027\ufe12\u3002\u2024\ufe52\uff0e\uff61\u30fb"
"""Middle dot, hyphenation point, vertical and ideographic full stops, one dot leader, small,
full-width and half-width full stops, katakana middle dot."""


@pytest.mark.parametrize("dash", DASHES)
@pytest.mark.parametrize("url", ["https://contoso.example/book", "tel:+1-555-0100"])
def test_a_phone_number_written_with_any_dash_is_read(dash: str, url: str) -> None:
    label = dash.join(("+1", "555", "0199"))
    problem = labels.misleading(label, url)
    assert problem is not None and f"prints {label!r}, which reads as a phone number" in problem
    assert labels.misleading(dash.join(("+1", "555", "0100")), "tel:+1-555-0100") is None


@pytest.mark.parametrize("dot", FULL_STOPS)
def test_a_host_written_with_any_full_stop_look_alike_is_read(dot: str) -> None:
    problem = labels.misleading(f"evil{dot}com/book", "https://contoso.example/book")
    assert problem is not None and f"prints 'evil{dot}com/book', which reads as a web address" in problem


def test_full_stop_look_alikes_come_from_the_confusables_data() -> None:
    """Not a hand list: confusables.txt's dots, without digits that look like one."""
    from infokit import reading

    stops = reading._full_stops()
    assert set("\u2024\u2027\u00b7\u3002") <= stops
    assert "\u0660" not in stops  # ARABIC-INDIC DIGIT ZERO stays a digit
    assert reading.as_read("+\uff11\u2013555")[0] == "+1-555"  # NFKC, then the dash
