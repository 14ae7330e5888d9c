"""End to end with the real LibreOffice: facts read back from the PDF and its pixels.

Nothing here is mocked. Under CI=true a missing LibreOffice fails these tests.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from typer.testing import CliRunner

from infokit import brand as brand_mod
from infokit import build, catalog, colors, fonts, output
from infokit.cli import app

from .conftest import BRANDS, EXAMPLES, pdf_fonts, pdf_text, render_png, require_tool

pytestmark = pytest.mark.e2e
ALL = BRANDS + EXAMPLES


@pytest.fixture(scope="session")
def built(
    tmp_path_factory: pytest.TempPathFactory, soffice: str, poppler: None
) -> dict[str, build.BuildResult]:
    """Every brand in brands/ and examples/, built once: PPTX, PDF and PNG. Two builds run
    at a time, each with its own LibreOffice as `infokit build` starts it: most of a
    build is waiting for LibreOffice to start and convert."""
    out = tmp_path_factory.mktemp("out")
    organizations = [brand_mod.load(p).organization for p in ALL]
    assert len(set(organizations)) == len(ALL), "two builds at once must not share a folder"
    with cf.ThreadPoolExecutor(max_workers=2) as threads:
        results = threads.map(lambda p: build.build(p, out, ("pptx", "pdf", "png")), ALL)
        return {p.name: result for p, result in zip(ALL, results, strict=True)}


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_brand_builds_to_a_one_page_pdf_with_its_words(
    path: Path, built: dict[str, build.BuildResult]
) -> None:
    result = built[path.name]
    b = brand_mod.load(path)
    assert set(result.outputs) == {"pptx", "pdf", "png"}
    with pdfplumber.open(result.outputs["pdf"]) as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text()
        width_in = pdf.pages[0].width / 72
    assert width_in == pytest.approx(8.5 if b.paper == "letter" else 8.27, abs=0.02)
    # Compared without white space: LibreOffice widens the gap between Hangul and
    # Latin punctuation, and pdftotext turns that gap into a space.
    page = pdf_text(result.outputs["pdf"])
    assert "".join(b.organization.split()) in "".join(page.split())
    # Notes wrap beside the links column, so lines interleave: every word must be there.
    words = set(page.replace(".", " ").replace(",", " ").replace("-", " ").split())
    notes = b.notes or tuple(catalog.strings(b.language, b.industry)["default_notes"])
    for note in notes:
        missing = set(note.replace(".", " ").replace(",", " ").replace("-", " ").split()) - words
        assert not missing, (note, missing)
    assert "{{" not in text


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_link_is_a_link_annotation(path: Path, built: dict[str, build.BuildResult]) -> None:
    b = brand_mod.load(path)
    with pdfplumber.open(built[path.name].outputs["pdf"]) as pdf:
        uris = {h["uri"].rstrip("/") for h in pdf.pages[0].hyperlinks}
    assert {u.rstrip("/") for u in b.links.values()} <= uris


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_brand_fonts_are_embedded_when_installed(path: Path, built: dict[str, build.BuildResult]) -> None:
    b = brand_mod.load(path)
    embedded = pdf_fonts(built[path.name].outputs["pdf"])
    assert embedded and all(f["emb"] == "yes" for f in embedded)
    names = {f["name"].replace(" ", "").lower() for f in embedded}
    for spec in (b.heading_font, b.body_font):
        if fonts.is_installed(spec.family):
            wanted = spec.family.replace(" ", "").lower()
            assert any(n.startswith(wanted) for n in names), (spec.family, names)


def _pixel(png: Path, x_in: float, y_in: float, dpi: int) -> str:
    with Image.open(png) as image:
        r, g, b = image.convert("RGB").getpixel((int(x_in * dpi), int(y_in * dpi)))
    return f"{r:02X}{g:02X}{b:02X}"


def _close(a: str, b: str, tolerance: int = 6) -> bool:
    return all(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) <= tolerance for i in (0, 2, 4))


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_rendered_page_shows_the_brand_colours(
    path: Path, built: dict[str, build.BuildResult], tmp_path: Path
) -> None:
    b = brand_mod.load(path)
    png = render_png(built[path.name].outputs["pdf"], 40, tmp_path / "page.png")
    with Image.open(png) as image:
        height_in = image.height / 40
    # The header band's right edge is primary; the footer band is secondary.
    assert _close(_pixel(png, 8.1, 0.1, 40), b.colors.primary)
    assert _close(_pixel(png, 0.1, height_in - 0.1, 40), b.colors.secondary)
    # The page background is the brand background.
    assert _close(_pixel(png, 0.15, height_in / 2, 40), b.colors.background)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_qr_code_decodes_to_the_booking_link(
    path: Path, built: dict[str, build.BuildResult], tmp_path: Path
) -> None:
    zbarimg = require_tool("zbarimg")
    png = render_png(built[path.name].outputs["pdf"], 150, tmp_path / "page.png")
    decoded = subprocess.run(
        [zbarimg, "-q", "--raw", "-Sqrcode.enable", str(png)], capture_output=True, text=True
    ).stdout.split()
    assert brand_mod.load(path).links["booking"] in decoded


def test_png_preview_is_the_page(built: dict[str, build.BuildResult]) -> None:
    png = built["contoso-health.yaml"].outputs["png"]
    with Image.open(png) as image:
        assert image.width == pytest.approx(8.5 * 150, abs=2)


def test_pdf_metadata_and_tags(built: dict[str, build.BuildResult]) -> None:
    with pdfplumber.open(built["contoso-health.yaml"].outputs["pdf"]) as pdf:
        assert pdf.metadata["Title"] == "Contoso Health: How your video visit works"
        assert pdf.metadata["Author"] == "Contoso Health"
    raw = built["contoso-health.yaml"].outputs["pdf"].read_bytes()
    assert b"/StructTreeRoot" in raw  # tagged PDF, for screen readers


def test_text_stays_inside_the_page(built: dict[str, build.BuildResult]) -> None:
    for result in built.values():
        with pdfplumber.open(result.outputs["pdf"]) as pdf:
            page = pdf.pages[0]
            for word in page.extract_words():
                assert word["x0"] >= 0 and word["x1"] <= page.width + 0.5
                assert word["top"] >= 0 and word["bottom"] <= page.height + 0.5


def test_a_failed_rebuild_leaves_earlier_outputs_untouched(
    write_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    path = write_brand()
    out = tmp_path / "out"
    first = build.build(path, out)
    before = {k: v.read_bytes() for k, v in first.outputs.items()}
    path.write_text(path.read_text().replace("#0F6CBD", "blue"))
    result = CliRunner().invoke(app, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert {k: v.read_bytes() for k, v in first.outputs.items()} == before
    assert not list(first.outputs["pdf"].parent.glob(".infokit-tmp-*"))


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


def test_missing_libreoffice_exits_3_and_keeps_the_pptx(
    write_brand: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFOKIT_SOFFICE", str(tmp_path / "no-such-soffice"))
    result = CliRunner().invoke(app, ["build", str(write_brand()), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "Install LibreOffice" in result.stderr and "apt-get install libreoffice-impress" in result.stderr
    assert list((tmp_path / "out").rglob("*.pptx")) and not list((tmp_path / "out").rglob("*.pdf"))


def test_hung_libreoffice_is_killed_with_its_process_group(
    write_brand: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "child.pid"
    # The fake soffice starts a child, like the real one does, then hangs.
    fake = _fake_soffice(tmp_path, f"sleep 300 & echo $! > {marker}\nwait")
    monkeypatch.setenv("INFOKIT_SOFFICE", str(fake))
    monkeypatch.setenv("INFOKIT_CACHE_DIR", str(tmp_path / "cache"))
    started = time.monotonic()
    result = CliRunner().invoke(
        app, ["build", str(write_brand()), "-o", str(tmp_path / "out"), "--timeout", "2"]
    )
    assert result.exit_code == 3 and "did not finish within" in result.stderr
    assert time.monotonic() - started < 30
    child = int(marker.read_text())
    time.sleep(0.2)
    assert not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]


def test_crashing_libreoffice_is_a_conversion_error(
    write_brand: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFOKIT_SOFFICE", str(_fake_soffice(tmp_path, "echo 'boom' >&2; kill -SEGV $$")))
    monkeypatch.setenv("INFOKIT_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(app, ["build", str(write_brand()), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3 and "LibreOffice" in result.stderr


def test_libreoffice_that_writes_nothing_is_caught(
    write_brand: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFOKIT_SOFFICE", str(_fake_soffice(tmp_path, "exit 0")))
    monkeypatch.setenv("INFOKIT_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(app, ["build", str(write_brand()), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3 and "wrote no PDF" in result.stderr


def test_same_slug_different_organization_does_not_overwrite(
    write_brand: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    a = build.build(write_brand(organization="A&B Clinic", name="a.yaml"), out, ("pptx",))
    b = build.build(write_brand(organization="A B Clinic", name="b.yaml"), out, ("pptx",))
    assert a.outputs["pptx"] != b.outputs["pptx"]
    assert a.outputs["pptx"].exists() and b.outputs["pptx"].exists()
    assert output.slug("A&B Clinic") == "a-b-clinic"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Contoso Health", "contoso-health"),
        ("Клиника «Северное сияние»", "клиника-северное-сияние"),
        ("우드그로브 은행", "우드그로브-은행"),
        ("../../etc/passwd", "etc-passwd"),
        ("///", None),
    ],
)
def test_slugs_are_readable_and_never_paths(name: str, expected: str | None) -> None:
    got = output.slug(name)
    assert "/" not in got and ".." not in got and got
    if expected:
        assert got == expected


def test_installed_wheel_works_from_any_directory(tmp_path: Path, soffice: str) -> None:
    """pip install . (not editable): templates and catalogues ship inside the wheel."""
    root = Path(__file__).resolve().parent.parent
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(root),
        ],
        check=True,
    )
    wheel = next(wheel_dir.glob("infokit-*.whl"))
    site = tmp_path / "site"
    shutil.unpack_archive(wheel, site, "zip")
    assert (site / "infokit" / "templates" / "generic-letter.pptx").is_file()
    assert (site / "infokit" / "catalog" / "ko.yaml").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(root / "brands" / "fabrikam.yaml", elsewhere / "b.yaml")
    shutil.copytree(root / "brands" / "logos", elsewhere / "logos")
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import infokit, sys; from infokit.cli import main; "
            "assert 'site' in infokit.__file__, infokit.__file__; "
            "sys.argv=['infokit','build','b.yaml','-f','pptx']; main()",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (
        elsewhere / "out" / "fabrikam-community-services" / "fabrikam-community-services-generic.pptx"
    ).is_file()


def test_contrast_on_a_light_primary_is_fixed_in_the_pdf(
    write_brand: Callable[..., Path], tmp_path: Path, soffice: str
) -> None:
    """White on yellow fails WCAG; the header text turns dark, in the PDF too."""
    result = build.build(write_brand(colors={"primary": "#FFD800"}), tmp_path / "out", ("pdf",))
    png = render_png(result.outputs["pdf"], 60, tmp_path / "p.png")
    with Image.open(png) as image:
        header = image.convert("RGB").crop((int(3.4 * 60), int(0.3 * 60), (8 * 60), int(1.9 * 60)))
        darkest = min(header.get_flattened_data(), key=sum)
    ink = f"{darkest[0]:02X}{darkest[1]:02X}{darkest[2]:02X}"
    assert colors.contrast(ink, "FFD800") >= 4.5


def test_preview_shows_all_four_designs_side_by_side(tmp_path: Path, soffice: str) -> None:
    result = CliRunner().invoke(app, ["preview", str(ALL[0]), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    sheet = Path(result.stdout.strip())
    assert sheet.name.endswith("-preview.png")
    with Image.open(sheet) as image:
        rgb = image.convert("RGB")
        # Four pages, each about 8.5 in at 60 dpi, with the brand's primary in each header.
        assert image.width > 4 * 8.4 * 60
        primary = brand_mod.load(ALL[0]).colors.primary
        page_width = (image.width - 5 * 24) / 4
        for i in range(4):
            x = int(24 + i * (page_width + 24) + page_width - 20)
            r, g, b = rgb.getpixel((x, 24 + 44 + 8))
            assert _close(f"{r:02X}{g:02X}{b:02X}", primary)
