"""PPTX -> PDF (and PDF -> PNG), split by job:

- ``protocol``: the Converter protocol (warm_up, convert, close), PDF options, verify_pdf;
- ``libreoffice``: local LibreOffice workers with private profiles;
- ``unoserver``: a farm of unoserver hosts;
- ``raster``: PDF -> PNG with pdftoppm;
- ``process``: child processes in groups of their own, killed as a whole.

``converter_factory`` (here) picks one from ``--converter``; everything a caller needs
is importable from ``infokit.convert``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from infokit.convert.libreoffice import (
    CHUNK,
    LibreOffice,
    cache_dir,
    find_soffice,
    require_soffice,
    seed_profile,
)
from infokit.convert.process import INSTALL_HINT, kill_group
from infokit.convert.protocol import DEFAULT_TIMEOUT, Converter, PdfOptions, verify_pdf
from infokit.convert.raster import pdf_to_png
from infokit.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from infokit.convert.unoserver import UNOSERVER_API, UnoServer

__all__ = [
    "CHUNK",
    "DEFAULT_TIMEOUT",
    "INSTALL_HINT",
    "UNOSERVER_API",
    "Converter",
    "LibreOffice",
    "PdfOptions",
    "UnoServer",
    "cache_dir",
    "converter_factory",
    "find_soffice",
    "kill_group",
    "pdf_to_png",
    "require_soffice",
    "seed_profile",
    "verify_pdf",
]


def converter_factory(
    spec: str | None,
    timeout: float = DEFAULT_TIMEOUT,
    options: PdfOptions | None = None,
    env: dict[str, str] | None = None,
) -> tuple[Callable[[], Converter], int]:
    """A maker of converters for ``spec``, and how many can work at once.

    ``None`` or ``libreoffice``: a local LibreOffice per worker (as many as --jobs).
    ``unoserver://HOST:PORT[,HOST:PORT...]``: the servers in turn, one worker each; a
    worker replaced after a failure moves on to the next server.
    """
    pdf = options or PdfOptions()
    if spec is None or spec == "libreoffice":
        return (lambda: LibreOffice.discover(timeout=timeout, options=pdf, env=env)), 0
    if not spec.startswith("unoserver://"):
        raise InvalidInput(
            Problem(None, "--converter", f"{spec!r}: use libreoffice or unoserver://HOST:PORT[,HOST:PORT]")
        )
    from infokit.convert.unoserver import UnoServer

    servers = []
    for part in spec.removeprefix("unoserver://").split(","):
        host, _, port = part.strip().rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise InvalidInput(Problem(None, "--converter", f"{part!r} is not HOST:PORT"))
        servers.append(UnoServer(host.strip("[]"), int(port), timeout, pdf))
    turn = itertools.cycle(servers)
    return (lambda: next(turn)), len(servers)


def __getattr__(name: str) -> Any:
    """The unoserver client on first use: xmlrpc and http.client cost a local build ~10 ms."""
    if name in ("UnoServer", "UNOSERVER_API"):
        from infokit.convert import unoserver

        return getattr(unoserver, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
