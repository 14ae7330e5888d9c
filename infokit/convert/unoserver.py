"""unoserver: LibreOffice's own conversion server, for conversion farms."""

from __future__ import annotations

import http.client
import os
import xmlrpc.client
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infokit import autospace, deck, pdftags
from infokit.convert.protocol import DEFAULT_TIMEOUT, PdfOptions, verify_pdf
from infokit.errors import ConversionError, Problem

UNOSERVER_API = "3"


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


@dataclass
class UnoServer:
    """Converts on a running unoserver (its XML-RPC API 3), sending the deck's bytes, so
    the server may be on another host. One conversion at a time per server."""

    host: str
    port: int
    timeout: float = DEFAULT_TIMEOUT
    options: PdfOptions = field(default_factory=PdfOptions)

    @property
    def address(self) -> str:
        return f"unoserver://{self.host}:{self.port}"

    def _proxy(self) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://{self.host}:{self.port}", allow_none=True, transport=_TimeoutTransport(self.timeout)
        )

    def warm_up(self) -> None:
        pass  # the server is already running

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        results = []
        with self._proxy() as proxy:
            for source in sources:
                facts = deck.facts(source)
                data = self._call(proxy, source, source.read_bytes(), facts.east_asian)
                target = out_dir / f"{source.stem}.pdf"
                tmp = target.with_suffix(".pdf.part")
                tmp.write_bytes(data)
                os.replace(tmp, target)
                results.append(verify_pdf(target, source))
                pdftags.finish(target, facts.language)
        return results

    def _call(self, proxy: xmlrpc.client.ServerProxy, source: Path, data: bytes, east_asian: bool) -> bytes:
        """The PDF's bytes; East Asian decks go through flat ODP first (autospace.py)."""
        try:
            if east_asian:
                flat = self._convert(proxy, data, autospace.FLAT_FILTER, None, [])
                data = autospace.turn_off(flat)
            return self._convert(proxy, data, "pdf", "impress_pdf_Export", self.options.filter_data())
        except (OSError, xmlrpc.client.Error, http.client.HTTPException) as exc:
            raise ConversionError(Problem(source, None, f"{self.address} failed: {exc}")) from None

    @staticmethod
    def _convert(
        proxy: xmlrpc.client.ServerProxy, data: bytes, to: str, filter_name: str | None, options: list[str]
    ) -> bytes:
        # API 3: convert(inpath, indata, outpath, convert_to, filtername, filter_options,
        # update_index, infiltername, password)
        result = proxy.convert(
            None, xmlrpc.client.Binary(data), None, to, filter_name, options, False, None, None
        )
        return result.data if isinstance(result, xmlrpc.client.Binary) else b""

    def check(self) -> None:
        """Raise ConversionError unless the server answers with the API we speak."""
        try:
            with self._proxy() as proxy:
                info = proxy.info()
        except (OSError, xmlrpc.client.Error, http.client.HTTPException) as exc:
            raise ConversionError(
                Problem(None, "--converter", f"{self.address} does not answer: {exc}")
            ) from None
        api = info.get("api") if isinstance(info, dict) else "?"
        if api != UNOSERVER_API:
            raise ConversionError(
                Problem(
                    None,
                    "--converter",
                    (
                        f"{self.address} speaks unoserver API {api}; "
                        f"infokit needs API {UNOSERVER_API} (unoserver 3)"
                    ),
                )
            )

    def close(self) -> None:
        pass
