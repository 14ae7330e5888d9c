"""How a link's value is checked, printed and followed: look-alike hosts (IDNA, UTS #39),
tel: as RFC 3966 and people write it, mailto: as RFC 6068 allows, and input files kept
under --inputs-under. The refused classes are also in tests/bad_inputs/cases.yaml."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from typer.testing import CliRunner

from infokit import brand, build, hosts
from infokit.cli import app
from infokit.errors import BrandError

from .conftest import PNG_LOGO, ROOT, pdf_text, render_png, require_tool


def problems(path: Path, inputs_under: tuple[Path, ...] = ()) -> list[str]:
    with pytest.raises(BrandError) as info:
        brand.load(path, inputs_under)
    return [str(p) for p in info.value.problems]


# -- hosts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://пример.рф/запись",  # Cyrillic under a Cyrillic domain
        "https://예시.한국",  # Hangul
        "https://bücher.de",  # Latin with a diacritic
        "https://ドメイン名例.jp",  # Han and Katakana: a Japanese mix UTS #39 allows
        "https://abcカタカナ.jp",  # Latin with Katakana: allowed too
        "https://xn--e1afmkfd.xn--p1ai",  # пример.рф written as punycode
        "https://r3---sn-4g5e.googlevideo.com",  # ASCII labels IDNA 2008 would refuse
        "https://ελληνικά.gr",
    ],
)
def test_real_international_hosts_build_and_print_as_written(
    url: str, write_brand: Callable[..., Path]
) -> None:
    loaded = brand.load(write_brand(links={"booking": "https://x.example/b", "home": url}))
    assert loaded.links["home"] == url
    assert brand.link_display(url) == url.split("://", 1)[1]
    assert not loaded.warnings


@pytest.mark.parametrize(
    ("url", "punycode", "odd"),
    [
        ("https://аpple.com", "xn--pple-43d.com", "U+0430 CYRILLIC SMALL LETTER A"),
        ("https://xn--pple-43d.com/login", "xn--pple-43d.com", "U+0430 CYRILLIC SMALL LETTER A"),
        ("https://paypal.εxample.com", "paypal.xn--xample-hye.com", "U+03B5 GREEK SMALL LETTER EPSILON"),
        ("https://bаnk.example/b", "xn--bnk-6cd.example", "U+0430 CYRILLIC SMALL LETTER A"),
        ("https://приmer.рф", "xn--mer-2dd8ag.xn--p1ai", "U+006D LATIN SMALL LETTER M"),
    ],
)
def test_a_host_mixing_scripts_is_refused_showing_punycode_and_the_odd_letters(
    url: str, punycode: str, odd: str
) -> None:
    problem = brand._link_problem(url)
    assert problem and "look-alike host" in problem and punycode in problem and odd in problem


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://xn--zz.com", "Invalid A-label"),
        ("https://ex\u200dample.com", "invisible"),
        ("https://bücher--.de", "not a valid international domain name"),
        ("https://" + "ü" * 70 + ".de", "not a valid international domain name"),
        ("https://a_b.example", "no valid host name"),
    ],
)
def test_invalid_idna_is_refused(url: str, reason: str) -> None:
    problem = brand._link_problem(url)
    assert problem and reason in problem


def test_a_latin_look_alike_in_another_script_is_a_warning(write_brand: Callable[..., Path]) -> None:
    loaded = brand.load(write_brand(links={"booking": "https://аррӏе.com/book"}))
    (warning,) = loaded.warnings
    assert warning.startswith("links.booking:") and "Cyrillic" in warning and "xn--80ak6aa92e.com" in warning
    assert hosts.lookalike("пример.рф") is None  # Cyrillic under .рф reads as what it is
    assert hosts.lookalike("пример.com") is None  # п and м look like no Latin letter


@pytest.mark.parametrize(
    ("host", "script", "reading"),
    [("ροκο.com", "Greek", "poĸo"), ("аррӏе.com", "Cyrillic", "appie"), ("ѕсоре.com", "Cyrillic", "scope")],
)
def test_a_whole_script_look_alike_is_a_warning_in_any_script(host: str, script: str, reading: str) -> None:
    """Every script whose letters confusables.txt gives Latin look-alikes (Greek κ looks like
    the Latin kra ĸ, which is no ASCII letter), not a list of scripts."""
    warning = hosts.lookalike(host)
    assert warning is not None and f"in {script} letters" in warning and f"reads as '{reading}'" in warning


def test_the_faq_follows_the_same_host_rules(write_brand: Callable[..., Path]) -> None:
    path = write_brand(faq={"payment": "Pay at [our site](https://аpple.com/pay)."})
    assert any("faq.payment" in p and "look-alike host" in p for p in problems(path))


def test_email_domains_follow_the_same_host_rules() -> None:
    problem = brand._link_problem("mailto:help@аpple.com")
    assert problem and "xn--pple-43d.com" in problem
    assert brand._link_problem("mailto:помощь@пример.рф") is None


# -- tel: ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "printed", "href"),
    [
        ("tel:+1-555-0100", "+1-555-0100", "tel:+1-555-0100"),
        ("tel:+1-555-0100;ext=123", "+1-555-0100 ext. 123", "tel:+1-555-0100;ext=123"),
        ("tel:+44 20 7946 0958", "+44 20 7946 0958", "tel:+44-20-7946-0958"),
        ("tel:1-800-FLOWERS", "1-800-FLOWERS", "tel:1-800-3569377"),
        ("tel:1-800-flowers", "1-800-flowers", "tel:1-800-3569377"),
        ("tel:555-0100;phone-context=+1", "555-0100", "tel:555-0100;phone-context=+1"),
        ("tel:7042;phone-context=example.com", "7042", "tel:7042;phone-context=example.com"),
        ("tel:+1 (555) 0100", "+1 (555) 0100", "tel:+1-(555)-0100"),
    ],
)
def test_phone_numbers_print_as_written_and_dial(
    url: str, printed: str, href: str, write_brand: Callable[..., Path]
) -> None:
    assert brand._link_problem(url) is None
    loaded = brand.load(write_brand(links={"booking": "https://x.example/b", "phone": url}))
    assert loaded.links["phone"] == href  # what the click and the QR code dial
    assert brand.link_display(loaded.links["phone"], loaded.link_labels.get("phone")) == printed


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("tel:call-us", "is not a phone number"),
        ("tel:FLOWERS", "is not a phone number"),
        ("tel:12", "has 2 digits"),
        ("tel:+1-555-0100?x=1", "is not a phone number"),
        ("tel:+1-555-0100;foo=bar", "the parameter ';foo'"),
        ("tel:+1-555-0100;ext=abc", "has the extension 'abc'"),
        ("tel:+1-555-0100;ext=1;ext=2", "twice"),
        ("tel:555-0100;phone-context=<x>", "phone-context"),
        ("tel:+1\t555 0100", "is not a phone number"),
    ],
)
def test_what_is_not_a_phone_number_is_refused(url: str, fragment: str) -> None:
    problem = brand._link_problem(url)
    assert problem and fragment in problem


# -- mailto: ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        ("mailto:a@x.example,b@x.example", "a@x.example, b@x.example"),
        ("mailto:a@x.example?subject=Visit%20booking&cc=c@x.example", "a@x.example"),
        ("mailto:?to=a@x.example&subject=Hi", "a@x.example"),
        ("mailto:%22not%40me%22@x.example", '"not@me"@x.example'),
        ("mailto:a@x.example?body=Line%201%0D%0ALine%202", "a@x.example"),
        ("mailto:caf%C3%A9@x.example", "café@x.example"),
    ],
)
def test_mailto_prints_the_addresses_and_keeps_the_exact_url(
    url: str, printed: str, write_brand: Callable[..., Path]
) -> None:
    loaded = brand.load(write_brand(links={"booking": "https://x.example/b", "email": url}))
    assert loaded.links["email"] == url
    assert brand.link_display(url) == printed


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mailto:a@x.example?subject=Hi%0D%0ABcc:spy@evil.example", "line break or control character"),
        ("mailto:a@x.example?cc=b@x.example%0ABcc:spy@evil.example", "line break or control character"),
        ("mailto:a@x.example?bcc=spy@evil.example", "hidden copy"),
        ("mailto:a@x.example?from=b@x.example", "not a header a link may set"),
        ("mailto:a@x.example?junk", "not a header a link may set"),
        ("mailto:a@x.example?subject=a&subject=b", "twice"),
        ("mailto:a@x.example?subject=%ZZ", "malformed"),
        ("mailto:a@x.example,nobody", "'nobody' is not an email address"),
        ("mailto:", "has no address"),
        ("mailto:a@x.example#frag", "malformed"),
    ],
)
def test_mailto_injection_and_junk_are_refused(url: str, fragment: str) -> None:
    problem = brand._link_problem(url)
    assert problem and fragment in problem


# -- --inputs-under --------------------------------------------------------------------------


@pytest.fixture
def shared(tmp_path: Path) -> tuple[Path, Path]:
    """A client's folder with its brand file, and a private file beside it."""
    client = tmp_path / "clients" / "acme"
    client.mkdir(parents=True)
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.png").write_bytes(PNG_LOGO.read_bytes())
    (client / "logo.png").write_bytes(PNG_LOGO.read_bytes())
    return client, tmp_path / "private" / "secret.png"


def _client_brand(client: Path, logo: str) -> Path:
    path = client / "brand.yaml"
    path.write_text(
        "organization: Acme\nindustry: retail\ncolors: {primary: '#0F6CBD'}\n"
        f"links: {{booking: 'https://acme.example/b'}}\nlogo: {logo}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("logo", ["../../private/secret.png", "ABSOLUTE", "escape.png"])
def test_inputs_under_refuses_a_file_outside_the_folders(shared: tuple[Path, Path], logo: str) -> None:
    client, secret = shared
    (client / "escape.png").symlink_to(secret)  # a symlink inside, resolving outside
    path = _client_brand(client, str(secret) if logo == "ABSOLUTE" else logo)
    (problem,) = problems(path, (client.parent,))
    assert str(path) in problem and "logo:" in problem and "outside the folders" in problem
    assert str(client.parent) in problem and "--inputs-under" in problem
    assert brand.load(path).logo == secret  # without confinement: as today


def test_inputs_under_allows_what_is_inside(shared: tuple[Path, Path]) -> None:
    client, _ = shared
    path = _client_brand(client, "logo.png")
    assert brand.load(path, (client,)).logo == client / "logo.png"
    assert brand.load(path, (client / "..",)).logo == client / "logo.png"


def test_inputs_under_on_the_command_line_and_in_the_environment(
    shared: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, secret = shared
    _client_brand(client, "../../private/secret.png")
    (client / "other.yaml").symlink_to(secret)  # a brand file that is not the client's
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(client), "--inputs-under", str(client)])
    assert result.exit_code == 2 and result.stderr.count("outside the folders") == 2, result.stderr
    monkeypatch.setenv("INFOKIT_INPUTS_UNDER", f"{client}:{secret.parent}")
    result = runner.invoke(app, ["check", str(client / "brand.yaml")])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["check", str(client / "brand.yaml"), "--inputs-under", str(secret)])
    assert result.exit_code == 2 and "is not a folder" in result.stderr


# -- end to end ------------------------------------------------------------------------------


def test_vanity_phone_and_several_addresses_in_the_pdf(
    write_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    """The page prints what people wrote; its link annotations and QR code dial and mail."""
    mail = "mailto:shop@flowers.example,help@flowers.example?subject=Visit%20booking&cc=desk@flowers.example"
    path = write_brand(
        organization="Vanity Flowers",
        industry="retail",
        links={
            "booking": "tel:1-800-FLOWERS",
            "phone": "tel:+44 20 7946 0958;ext=12",
            "email": mail,
            "home": "https://пример.рф",
        },
    )
    (page,) = build.build_pages(path, tmp_path / "out", ("pptx", "pdf"))
    assert isinstance(page, build.BuildResult)
    pdf = page.outputs["pdf"]
    text = " ".join(pdf_text(pdf).split())
    for printed in (
        "1-800-FLOWERS",
        "+44 20 7946 0958 ext. 12",
        "shop@flowers.example, help@flowers.example",
    ):
        assert printed in text
    assert "?subject" not in text and "3569377" not in text
    with pdfplumber.open(pdf) as doc:
        uris = {h["uri"].rstrip("/") for h in doc.pages[0].hyperlinks}
    assert {"tel:1-800-3569377", "tel:+44-20-7946-0958;ext=12", mail, "https://xn--e1afmkfd.xn--p1ai"} <= uris
    zbarimg = require_tool("zbarimg")
    png = render_png(pdf, 150, tmp_path / "page.png")
    decoded = subprocess.run(
        [zbarimg, "-q", "--raw", "-Sqrcode.enable", str(png)], capture_output=True, text=True
    ).stdout.split()
    assert decoded == ["tel:1-800-3569377"]


def test_the_readme_documents_inputs_under() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "--inputs-under" in readme and "INFOKIT_INPUTS_UNDER" in readme


def test_a_vanity_number_in_an_faq_answer_dials_too(write_brand: Callable[..., Path]) -> None:
    from infokit.faq import content

    path = write_brand(faq={"booking": "Or call [1-800-FLOWERS](tel:1-800-FLOWERS)."})
    (entry,) = [e for e in content.entries(brand.load(path)) if e.key == "booking"]
    assert 'href="tel:1-800-3569377"' in entry.html and ">1-800-FLOWERS</a>" in entry.html
