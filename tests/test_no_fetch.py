"""A template's externally linked image must never be fetched, neither by infokit nor by
LibreOffice. The target is served on 127.0.0.1 by the test, which counts requests."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import yaml

from infokit import build

from .conftest import ROOT

pytestmark = pytest.mark.e2e
PNG = (ROOT / "brands" / "logos" / "northwind-outfitters.png").read_bytes()


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Counter.hits = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    httpd.timeout = 1
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/tracker.png"
    finally:
        httpd.shutdown()
        httpd.server_close()


def hostile_template(url: str, target: Path) -> Path:
    """The generic template plus a picture whose image is linked from ``url``."""
    with zipfile.ZipFile(ROOT / "templates" / "generic-letter.pptx") as z:
        parts = {name: z.read(name) for name in z.namelist()}
    rels = "ppt/slides/_rels/slide1.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdRemote" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="' + url.encode() + b'" TargetMode="External"/></Relationships>',
    )
    picture = (
        b'<p:pic><p:nvPicPr><p:cNvPr id="900" name="Remote picture"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        b'<p:blipFill><a:blip r:link="rIdRemote"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        b'<p:spPr><a:xfrm><a:off x="100000" y="100000"/><a:ext cx="900000" cy="900000"/></a:xfrm>'
        b'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )
    slide = "ppt/slides/slide1.xml"
    parts[slide] = parts[slide].replace(b"</p:spTree>", picture + b"</p:spTree>")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return target


def test_libreoffice_alone_would_fetch_it(server: str, tmp_path: Path, soffice: str) -> None:
    """The control: without infokit's defences the request happens, so the next test can fail."""
    deck = hostile_template(server, tmp_path / "hostile.pptx")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert _Counter.hits, "LibreOffice did not fetch the linked image; the control is void"


def test_a_build_fetches_nothing(server: str, tmp_path: Path, soffice: str) -> None:
    hostile_template(server, tmp_path / "hostile.pptx")
    shutil.copy(ROOT / "brands" / "logos" / "fabrikam.svg", tmp_path / "logo.svg")
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        yaml.safe_dump(
            {
                "organization": "No Fetch Clinic",
                "industry": "generic",
                "colors": {"primary": "#0F6CBD"},
                "logo": "logo.svg",
                "links": {"booking": "https://no-fetch.example/book"},
                "template": "hostile.pptx",
            }
        )
    )
    result = build.build(brand, tmp_path / "out", ("pptx", "pdf"))
    assert result.outputs["pdf"].read_bytes().startswith(b"%PDF-")
    assert _Counter.hits == []
    with zipfile.ZipFile(result.outputs["pptx"]) as z:
        rels = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
    assert "127.0.0.1" not in rels
