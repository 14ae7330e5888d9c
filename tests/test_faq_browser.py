"""The FAQ pages in a real browser (Debian's chromium through its chromedriver) with a real
accessibility checker (axe-core from npm, installed by ./tasks into .tools/).

Each page (en, ru, ko; the full page and the fragment pasted into a host page) is loaded
at 360 px and 1280 px: no sideways scrolling, every question and link there, the JSON-LD
equal to what is shown, no serious or critical axe violation. Skipped without a browser
except under CI=true, where that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from infokit import build
from infokit.faq import content

from .conftest import ROOT, require_tool

AXE = Path(os.environ.get("INFOKIT_AXE", ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"))
WIDTHS = (360, 1280)
BRANDS = {
    "en": ROOT / "brands" / "contoso-health.yaml",
    "ru": ROOT / "examples" / "ru-clinic.yaml",
    "ko": ROOT / "examples" / "ko-bank.yaml",
}
SCREENSHOTS = os.environ.get("INFOKIT_SCREENSHOTS")
"""A folder to keep the screenshots in, to look at them."""

HOST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host site</title>
<style>body{{margin:0;font:16px Georgia,serif;color:#222}} h2{{color:#8B0000;font-size:30px}}
a{{color:#006400}} p{{margin:0 0 5px}} .host{{padding:8px}}</style></head>
<body><header class="host"><h1>Host site</h1><p id="host-p">Host text <a id="host-a" href="#x">link</a></p>
<h2 id="host-h2">Host heading</h2></header>
<main class="host">{fragment}</main></body></html>
"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = require_tool("chromium")
    chromedriver = require_tool("chromedriver")
    if not AXE.is_file():
        message = f"axe-core is not installed ({AXE}); run ./tasks setup"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(arg)
    # The driver's path is given, so Selenium Manager never looks for (or downloads) one.
    browser = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    browser.set_script_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("faq-pages")
    pages = {}
    for language, path in BRANDS.items():
        result = build.build(path, out, ("html", "md"))
        host = result.outputs["html"].parent / "host.html"
        fragment = result.outputs["html-fragment"].read_text(encoding="utf-8")
        host.write_text(HOST_PAGE.format(fragment=fragment), encoding="utf-8")
        pages[language] = {**result.outputs, "host": host}
    return pages


def load(driver: Any, path: Path, width: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.get(path.as_uri())


def axe_violations(driver: Any, context: str = "document") -> list[dict[str, Any]]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = driver.execute_async_script(
        f"const done = arguments[arguments.length - 1];"
        f"axe.run({context}, {{resultTypes: ['violations']}})"
        f".then(r => done(r.violations),"
        f" e => done([{{id: 'axe-error', impact: 'critical', help: String(e)}}]));"
    )
    return [v for v in result if v.get("impact") in ("serious", "critical")]


def page_facts(driver: Any, root: str) -> dict[str, Any]:
    facts: dict[str, Any] = driver.execute_script(
        """
        const root = document.querySelector(arguments[0]);
        const qa = [...root.querySelectorAll('.ikf-qa')].map(s => ({
            q: s.querySelector('h2, h3').innerText.trim(),
            a: (s.querySelector('.ikf-answer') || s).innerText.replace(/\\s+/g, ' ').trim(),
            visible: s.getBoundingClientRect().width > 0}));
        return {
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
            qa: qa,
            hrefs: [...root.querySelectorAll('a')].map(a => a.getAttribute('href')),
            jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')]
                .map(s => s.textContent),
            scripts: document.querySelectorAll('script').length,
            resources: performance.getEntriesByType('resource').map(e => e.name),
            lang: root.closest('[lang]').getAttribute('lang'),
        };
        """,
        root,
    )
    return facts


def answer_text(driver: Any, html: str) -> str:
    """What a browser shows for the JSON-LD's answer HTML (parsed inertly, never run)."""
    text: str = driver.execute_script(
        "const d = new DOMParser().parseFromString(arguments[0], 'text/html');"
        "return d.body.textContent.replace(/\\s+/g, ' ').trim();",
        html,
    )
    return text


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", list(BRANDS))
@pytest.mark.parametrize("kind", ["html", "host"])
def test_page_in_a_browser(
    driver: Any, built: dict[str, dict[str, Path]], language: str, width: int, kind: str
) -> None:
    from infokit import brand

    b = brand.load(BRANDS[language])
    expected = content.entries(b)
    load(driver, built[language][kind], width)
    facts = page_facts(driver, ".infokit-faq")
    assert facts["scrollWidth"] <= facts["clientWidth"] == width, facts["scrollWidth"]
    assert facts["lang"] == language
    assert [qa["q"] for qa in facts["qa"]] == [e.question for e in expected]
    assert all(qa["visible"] and qa["a"] for qa in facts["qa"])
    hrefs = set(facts["hrefs"])
    assert b.links["booking"] in hrefs
    for key in ("phone", "email", "reschedule", "help", "billing"):
        if key in b.links:
            assert b.links[key] in hrefs, key
    slug = built[language]["html-fragment"].name.removesuffix("-faq-fragment.html")
    prefix = "ikf-" if kind == "html" else f"ikf-{slug}-{language}-"  # see test_fragment_ids_are_unique
    assert {f"#{prefix}{e.anchor}" for e in expected} <= hrefs
    assert facts["scripts"] == 1 and len(facts["jsonld"]) == 1
    data = json.loads(facts["jsonld"][0])
    assert [q["name"] for q in data["mainEntity"]] == [qa["q"] for qa in facts["qa"]]
    for q, qa in zip(data["mainEntity"], facts["qa"], strict=True):
        assert answer_text(driver, q["acceptedAnswer"]["text"]) == qa["a"]
    assert all(r.startswith(("file:", "data:")) for r in facts["resources"]), facts["resources"]
    violations = axe_violations(driver, "document" if kind == "html" else "'.infokit-faq'")
    assert not violations, [(v["id"], v["help"], [n["html"] for n in v["nodes"][:2]]) for v in violations]
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": min(height, 6000), "deviceScaleFactor": 1, "mobile": width < 600},
        )
        driver.save_screenshot(str(Path(SCREENSHOTS) / f"{kind}-{language}-{width}.png"))


@pytest.mark.parametrize("language", list(BRANDS))
def test_the_fragment_leaves_the_host_page_alone(
    driver: Any, built: dict[str, dict[str, Path]], tmp_path: Path, language: str
) -> None:
    bare = tmp_path / "bare.html"
    bare.write_text(HOST_PAGE.format(fragment=""), encoding="utf-8")
    script = """return ['host-p', 'host-a', 'host-h2'].map(id => {
        const s = getComputedStyle(document.getElementById(id));
        return [s.color, s.fontFamily, s.fontSize, s.lineHeight, s.margin, s.textDecorationLine, s.boxSizing];
    }).concat([[getComputedStyle(document.body).fontFamily, getComputedStyle(document.body).margin]]);"""
    load(driver, bare, 1280)
    alone = driver.execute_script(script)
    load(driver, built[language]["host"], 1280)
    assert driver.execute_script(script) == alone


@pytest.mark.parametrize("language", list(BRANDS))
def test_toolkit_index_in_a_browser(driver: Any, built: dict[str, dict[str, Path]], language: str) -> None:
    for width in WIDTHS:
        load(driver, built[language]["index"], width)
        facts = page_facts(driver, ".infokit-faq")
        assert facts["scrollWidth"] <= facts["clientWidth"] == width
        assert facts["scripts"] == 0
        hrefs = facts["hrefs"]
        folder = built[language]["index"].parent
        local = [h for h in hrefs if "://" not in h and ":" not in h]
        assert local and all((folder / h).is_file() for h in local)
        assert sum("microsoft.com/" in h for h in hrefs) == 5
        assert not axe_violations(driver)


def test_hostile_brand_runs_no_script(driver: Any, tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "brands" / "contoso-health.yaml").read_text(encoding="utf-8"))
    data["logo"] = str(ROOT / "brands" / "logos" / "contoso-health.svg")
    data["organization"] = '</script><script>window.pwned=1</script><img src=x onerror=window.pwned=2> & "q"'
    data["notes"] = ["<svg onload=window.pwned=3>"]
    data["fonts"] = {"heading": "x</style><script>window.pwned=4</script>", "body": "Noto Sans"}
    data["faq"] = {
        "what": '<img src=x onerror="window.pwned=5"> **bold** & "quotes" \'single\'',
        "extra": [
            {"question": "<script>window.pwned=6</script>?", "answer": "[a](https://x.example/?q=</script>)"}
        ],
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build.build(path, tmp_path / "out", ("html",))
    shutil.copy(result.outputs["html-fragment"], tmp_path / "fragment.html")
    for key in ("html", "index"):
        load(driver, result.outputs[key], 1280)
        assert driver.execute_script("return window.pwned === undefined")
        assert driver.execute_script(
            "return [...document.querySelectorAll('*')]"
            ".every(e => ![...e.attributes].some(a => /^on/i.test(a.name)))"
        )
        # The name as text: the logo's alt text (a wordmark logo stands alone), or beside it.
        shown = driver.execute_script(
            "return document.body.innerText + '|' + [...document.images].map(i => i.alt).join('|')"
        )
        assert data["organization"] in shown
    load(driver, tmp_path / "fragment.html", 1280)
    assert driver.execute_script("return window.pwned === undefined")
    questions = driver.execute_script(
        "return [...document.querySelectorAll('.ikf-qa h3')].map(h => h.innerText)"
    )
    assert questions[-1] == "<script>window.pwned=6</script>?"


def test_axe_finds_what_it_should(driver: Any, tmp_path: Path) -> None:
    """The checker is really running: a page with known serious problems fails it."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body><main><p style="color:#ccc;background:#fff">'
        'faint</p><img src="data:image/png;base64,iVBORw0KGgo="><a href="#"></a></main></body></html>',
        encoding="utf-8",
    )
    load(driver, bad, 1280)
    found = {v["id"] for v in axe_violations(driver)}
    assert {"color-contrast", "image-alt", "html-has-lang", "link-name"} <= found, found


@pytest.mark.e2e
def test_page_shows_the_infographic_png(driver: Any, soffice: str, tmp_path: Path) -> None:
    result = build.build(BRANDS["en"], tmp_path, ("pdf", "png", "html"))
    load(driver, result.outputs["html"], 1280)
    image = driver.execute_script(
        "const i = document.querySelector('.ikf-figure img');"
        "return {src: i.getAttribute('src'), alt: i.alt, width: i.naturalWidth, complete: i.complete};"
    )
    assert image["src"] == result.outputs["png"].name and image["width"] > 1000
    assert image["alt"].startswith("How a virtual appointment with Contoso Health works")
    pdf_link = driver.execute_script(
        "return document.querySelector('.ikf-figure figcaption a').getAttribute('href')"
    )
    assert pdf_link == result.outputs["pdf"].name
    facts = page_facts(driver, ".infokit-faq")
    assert facts["scrollWidth"] <= facts["clientWidth"]
    assert not axe_violations(driver)
    index = result.outputs["index"].read_text(encoding="utf-8")
    for key in ("pdf", "png", "html", "html-fragment"):
        assert f'href="{result.outputs[key].name}"' in index


@pytest.mark.parametrize("language", list(BRANDS))
def test_page_prints_every_question_and_its_links(
    driver: Any, built: dict[str, dict[str, Path]], tmp_path: Path, language: str
) -> None:
    """Printed (Chromium's own print to PDF), the page keeps every question, and the
    addresses of its links are written out, since paper cannot be clicked."""
    import base64
    import subprocess

    from infokit import brand

    load(driver, built[language]["html"], 1280)
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {})["data"]))
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    b = brand.load(BRANDS[language])
    for entry in content.entries(b):
        assert " ".join(entry.question.split()) in text
    assert b.links["booking"] in text.replace(" ", "")


# -- the fragment in a hostile host theme; printing -------------------------------------

HOSTILE_THEME = """
*{box-sizing:content-box} html{color:#777}
body{text-transform:uppercase;letter-spacing:.1em;font-style:italic;
 -webkit-text-fill-color:#999;text-shadow:1px 1px #f00;text-align:right;line-height:3;cursor:wait}
p{color:#444} header{position:sticky;top:0} nav ul{display:flex;list-style:none}
h2{text-transform:uppercase;letter-spacing:.2em} li::before{content:"\\2192"}
section{padding:3em;background:#eee}
h2::after,p::after{content:" #"} div{float:left;margin:2em;background:#fcc} a{background:#ff0;color:#f0f}
ul{list-style:square inside} img{border-radius:50%} h3{font-size:40px;font-weight:100}
#content p{color:#888;margin:3em} #content div{padding:9px} .entry a{text-decoration:none}
strong,b{font-weight:400} em{font-style:normal} li{display:inline}
"""
HOSTILE_HOST = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hostile host</title><style>{theme}</style></head>
<body><div id="content"><article class="entry">{fragment}</article></div></body></html>
"""
STYLE_FACTS = """
const props = ['color', 'background-color', 'background-image', 'position', 'top', 'display', 'float',
  'list-style-type', 'list-style-position', 'text-transform', 'letter-spacing', 'word-spacing',
  'font-family', 'font-size', 'font-style', 'font-weight', 'line-height', 'text-align', 'text-indent',
  'text-shadow', 'text-decoration-line', 'visibility', 'box-sizing', '-webkit-text-fill-color', 'cursor',
  'margin-top', 'margin-bottom', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border-top-width', 'border-bottom-width', 'border-radius'];
const root = document.querySelector('.infokit-faq');
const sig = e => {
  const path = [];
  for (let n = e; n !== root; n = n.parentElement) {
    const same = [...n.parentElement.children]
      .filter(c => c.tagName === n.tagName && c.className === n.className);
    path.unshift(n.tagName + '.' + n.className + '#' + same.indexOf(n));
  }
  return path.join('/');
};
const facts = {};
for (const e of [root, ...root.querySelectorAll('*')]) {
  const s = getComputedStyle(e);
  const f = {};
  for (const p of props) f[p] = s.getPropertyValue(p);
  if (e === root) { delete f['margin-top']; delete f['margin-bottom']; }
  f.before = getComputedStyle(e, '::before').content;
  f.after = getComputedStyle(e, '::after').content;
  facts[sig(e)] = f;
}
return facts;
"""


def _luminance(css_colour: str) -> float:
    r, g, b = (int(float(v)) / 255 for v in re.findall(r"[\d.]+", css_colour)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _is_heading_path(signature: str) -> bool:
    # The fragment's headings are one level below the page's (under the host's own h1).
    return bool(re.search(r"(^|/)H\d\.", signature))


@pytest.mark.parametrize("language", list(BRANDS))
def test_a_hostile_host_theme_does_not_reach_into_the_fragment(
    driver: Any, built: dict[str, dict[str, Path]], tmp_path: Path, language: str
) -> None:
    fragment = built[language]["html-fragment"].read_text(encoding="utf-8")
    alone = tmp_path / "alone.html"
    alone.write_text(HOSTILE_HOST.format(theme="body{margin:0}", fragment=fragment), encoding="utf-8")
    hostile = tmp_path / "hostile.html"
    hostile.write_text(HOSTILE_HOST.format(theme=HOSTILE_THEME, fragment=fragment), encoding="utf-8")
    load(driver, hostile, 1280)
    inside = driver.execute_script(STYLE_FACTS)
    load(driver, alone, 1280)
    assert driver.execute_script(STYLE_FACTS) == inside
    # ...and what the fragment shows is what the full page shows (headings aside: the
    # fragment's are a level lower, so they are sized as such).
    load(driver, built[language]["html"], 1280)
    page = driver.execute_script(STYLE_FACTS)
    shared = [k for k in inside if k in page and not _is_heading_path(k)]
    assert len(shared) > 20
    assert {k: inside[k] for k in shared} == {k: page[k] for k in shared}
    # The band's text stays readable on the brand colour.
    load(driver, hostile, 1280)
    band = driver.execute_script(
        "const band = document.querySelector('.ikf-band');"
        "return [getComputedStyle(band).backgroundColor,"
        " ...[...band.querySelectorAll('h2, p')].map(e => getComputedStyle(e).color)];"
    )
    assert all(contrast(band[0], colour) >= 4.5 for colour in band[1:]), band


def test_a_dark_brand_prints_dark_on_white(driver: Any, tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "brands" / "contoso-health.yaml").read_text(encoding="utf-8"))
    data.pop("logo", None)
    data["colors"] = {"primary": "#FFCC00", "background": "#111111", "text": "#F0F0F0"}
    path = tmp_path / "dark.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build.build(path, tmp_path / "out", ("html",))
    host = tmp_path / "host.html"
    fragment = result.outputs["html-fragment"].read_text(encoding="utf-8")
    host.write_text(HOSTILE_HOST.format(theme="", fragment=fragment), encoding="utf-8")
    for page in (result.outputs["html"], host, result.outputs["index"]):
        load(driver, page, 1280)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            found = driver.execute_script(
                "return [...document.querySelectorAll('.infokit-faq, .infokit-faq *')]"
                ".filter(e => e.offsetParent !== null || e.matches('.infokit-faq'))"
                ".map(e => { const s = getComputedStyle(e);"
                " return [e.tagName + '.' + e.className, s.color, s.backgroundColor,"
                " s.getPropertyValue('-webkit-text-fill-color')]; })"
            )
        finally:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        assert found
        for name, colour, background, fill in found:
            assert contrast(colour, "rgb(255, 255, 255)") >= 4.5, (page.name, name, colour)
            assert contrast(fill, "rgb(255, 255, 255)") >= 4.5, (page.name, name, fill)
            transparent = background == "rgba(0, 0, 0, 0)"
            white = contrast(background, "rgb(255, 255, 255)") < 1.1
            assert transparent or white, (page.name, name, background)


def test_fragments_of_two_organizations_keep_their_own_colours(
    driver: Any, built: dict[str, dict[str, Path]], tmp_path: Path
) -> None:
    from infokit import brand

    fragments = [built[language]["html-fragment"].read_text(encoding="utf-8") for language in ("en", "ko")]
    host = tmp_path / "two.html"
    host.write_text(HOSTILE_HOST.format(theme="", fragment="".join(fragments)), encoding="utf-8")
    load(driver, host, 1280)
    bands = driver.execute_script(
        "return [...document.querySelectorAll('.ikf-band')].map(b => getComputedStyle(b).backgroundColor)"
    )
    wanted = []
    for language in ("en", "ko"):
        primary = brand.load(BRANDS[language]).colors.primary
        wanted.append("rgb({}, {}, {})".format(*(int(primary[i : i + 2], 16) for i in (0, 2, 4))))
    assert wanted[0] != wanted[1], "the test needs two brands of different colours"
    assert bands == wanted
    ids = driver.execute_script("return [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))
