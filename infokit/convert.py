"""PPTX -> PDF (and PDF -> PNG): the Converter protocol and its LibreOffice implementation.

What we measured (DESIGN.md section 6) and what follows from it here:
- a fresh LibreOffice profile costs ~0.2 s of first-start work, so we initialise one
  seed profile per LibreOffice install, cache it, and copy it into a private
  temporary profile for every converter: isolation without the start-up cost;
- two soffice processes must never share a profile, and one call silently stops
  after ~246 files, so we convert in chunks and check that every PDF exists;
- a hung soffice is killed with its whole process group;
- every profile blocks untrusted links, so a document cannot make LibreOffice fetch;
- a deck with East Asian text goes through flat ODP so Korean punctuation sits tight
  (autospace.py); every PDF gets the deck's language as /Lang and its links in the
  structure tree (pdftags.py);
- ``close()`` stops every soffice a converter started, also one in the middle of a
  call on another thread: an interrupted or terminated run leaves none behind.
"""

from __future__ import annotations

import hashlib
import http.client
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import xmlrpc.client
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from infokit import autospace, deck, pdftags
from infokit.errors import ConversionError, InvalidInput, Problem

CHUNK = 200
DEFAULT_TIMEOUT = 120.0
INSTALL_HINT = (
    "Install LibreOffice: on Debian/Ubuntu `sudo apt-get install libreoffice-impress`, "
    "on macOS `brew install --cask libreoffice`, on Windows from libreoffice.org; "
    "or point INFOKIT_SOFFICE at the soffice program."
)
_CANDIDATES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/opt/libreoffice/program/soffice",
    "/usr/lib/libreoffice/program/soffice",
)
# Written into every profile: never follow untrusted links, never run macros, no
# first-start dialogs, no lock files, no backups, no spell-checking work.
_SETTINGS = (
    ("Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("Common/Misc", "FirstRun", "false"),
    ("Common/Misc", "UseLocking", "false"),
    ("Common/Misc", "ShowTipOfTheDay", "false"),
    ("Common/Save/Document", "CreateBackup", "false"),
    ("Linguistic/General", "IsAutomaticSpellChecking", "false"),
)
_PROFILE_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    + "".join(
        f'<item oor:path="/org.openoffice.Office.{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in _SETTINGS
    )
    + "</oor:items>\n"
)


@dataclass(frozen=True)
class PdfOptions:
    """What goes into LibreOffice's PDF export filter."""

    tagged: bool = True
    pdf_a: bool = False

    def filter(self) -> str:
        options = self._options()
        return "pdf:impress_pdf_Export:" + json.dumps(options, separators=(",", ":"))

    def _options(self) -> dict[str, dict[str, str]]:
        options: dict[str, dict[str, str]] = {
            "UseTaggedPDF": {"type": "boolean", "value": str(self.tagged).lower()},
            "ExportNotesPages": {"type": "boolean", "value": "false"},
            "ExportBookmarks": {"type": "boolean", "value": "true"},
            # Logos are flat colour: lossless keeps their edges clean (300 dpi is kept).
            "UseLosslessCompression": {"type": "boolean", "value": "true"},
        }
        if self.pdf_a:
            options["SelectPdfVersion"] = {"type": "long", "value": "2"}  # PDF/A-2b
        return options

    def filter_data(self) -> list[str]:
        """The same options as unoserver's ``Name=value`` strings."""
        return [f"{name}={spec['value']}" for name, spec in self._options().items()]


class Converter(Protocol):
    """Turns PPTX files into PDFs in ``out_dir`` (same stem); raises ConversionError.

    Each PDF has the deck's language as /Lang; a deck with East Asian text has no
    Asian/Latin gap before Latin punctuation."""

    def warm_up(self) -> None:
        """Get ready to convert while the caller still renders (may do nothing)."""

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]: ...

    def close(self) -> None:
        """Stop everything this converter started; safe to call from another thread."""


def find_soffice() -> Path | None:
    """INFOKIT_SOFFICE, then PATH, then the usual install places."""
    override = os.environ.get("INFOKIT_SOFFICE")
    if override:
        return Path(override) if Path(override).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def require_soffice() -> Path:
    soffice = find_soffice()
    if soffice is None:
        where = os.environ.get("INFOKIT_SOFFICE")
        what = f"INFOKIT_SOFFICE={where} is not a file. " if where else "LibreOffice was not found. "
        raise ConversionError(Problem(None, None, what + INSTALL_HINT))
    return soffice


def cache_dir() -> Path:
    base = os.environ.get("INFOKIT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return (root / "infokit") if not os.environ.get("INFOKIT_CACHE_DIR") else root


def _write_settings(profile: Path) -> None:
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")


def seed_profile(soffice: Path, timeout: float) -> Path | None:
    """A LibreOffice profile initialised once per install and reused as a seed.

    None when it cannot be made (read-only home, say): callers then start fresh.
    """
    stat = soffice.resolve().stat()
    key = hashlib.sha256(f"{soffice.resolve()}:{stat.st_mtime_ns}:{_PROFILE_SETTINGS}".encode()).hexdigest()[
        :16
    ]
    seed = cache_dir() / f"libreoffice-profile-{key}"
    if (seed / "user" / "registrymodifications.xcu").is_file():
        return seed
    try:
        seed.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".profile-", dir=seed.parent))
    except OSError:
        return None
    try:
        _write_settings(building)
        _run(
            [str(soffice), _profile_arg(building), "--headless", "--norestore", "--terminate_after_init"],
            timeout,
        )
        _write_settings(building)  # first start rewrites the file; keep our settings on top
        try:
            os.replace(building, seed)
        except OSError:  # another process made it first
            shutil.rmtree(building, ignore_errors=True)
        return seed
    except (OSError, ConversionError):
        shutil.rmtree(building, ignore_errors=True)
        return None
    except BaseException:  # interrupted: no half-made seed left in the cache
        shutil.rmtree(building, ignore_errors=True)
        raise


_FLAGS = ("--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault")


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "SAL_USE_VCLPLUGIN": "svp", **(extra or {})}


def _profile_arg(profile: Path) -> str:
    return "-env:UserInstallation=" + profile.resolve().as_uri()


@dataclass(eq=False)  # each is a worker with its own profile: identity, not value, equality
class LibreOffice:
    """A LibreOffice converter with a private profile, reused for every call it makes."""

    soffice: Path
    timeout: float = DEFAULT_TIMEOUT
    options: PdfOptions = field(default_factory=PdfOptions)
    env: dict[str, str] | None = None
    _profile: Path | None = None
    _instance: subprocess.Popen[bytes] | None = None
    _calls: set[subprocess.Popen[bytes]] = field(default_factory=set)
    _closed: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _spare: LibreOffice | None = None

    @classmethod
    def discover(
        cls,
        timeout: float = DEFAULT_TIMEOUT,
        options: PdfOptions | None = None,
        env: dict[str, str] | None = None,
    ) -> LibreOffice:
        return cls(require_soffice(), timeout, options or PdfOptions(), env)

    def profile(self) -> Path:
        if self._profile is None:
            private = Path(tempfile.mkdtemp(prefix="infokit-lo-"))
            self._profile = private / "p"  # set first: close() removes it even if the copy is cut short
            seed = seed_profile(self.soffice, self.timeout)
            if seed is not None:
                shutil.copytree(seed, private / "p", symlinks=True)
            else:
                _write_settings(private / "p")
        return self._profile

    def _command(self, *arguments: str) -> list[str]:
        return [str(self.soffice), _profile_arg(self.profile()), *_FLAGS, *arguments]

    def _env(self) -> dict[str, str]:
        """soffice's own temporary files go beside the profile: a killed soffice cannot
        clean up after itself, and close() removes the folder with the profile."""
        tmp = self.profile().parent / "tmp"
        tmp.mkdir(exist_ok=True)
        return {**(self.env or {}), "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp)}

    def warm_up(self, east_asian: bool = False) -> None:
        """Start LibreOffice now, so it initialises while the caller renders.

        A later ``--convert-to`` with the same profile hands its request to this
        instance over LibreOffice's own IPC pipe (it skips the ~0.9 s start-up),
        and the instance exits when the request is done. If it is not ready yet,
        the later call simply becomes the instance itself: nothing is lost.

        ``east_asian``: the caller expects a deck with East Asian text, whose second
        pass (FODP -> PDF) would pay a whole start-up after the first instance has
        exited; a spare instance with a profile of its own starts now for it.
        """
        if east_asian and not self._closed:
            self._take_spare()
        if self._instance is not None or self._closed:
            return
        try:
            self._instance = subprocess.Popen(
                self._command(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
                env=_environment(self._env()),
                start_new_session=sys.platform != "win32",
            )
        except OSError:
            self._instance = None  # convert() reports the problem when it runs soffice

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        found = {source: deck.facts(source) for source in sources}
        plain = [s for s in sources if not found[s].east_asian]
        tight = [s for s in sources if found[s].east_asian]
        for start in range(0, len(plain), CHUNK):
            self._export(plain[start : start + CHUNK], out_dir, self.options.filter())
        for start in range(0, len(tight), CHUNK):
            self._export_tight(tight[start : start + CHUNK], out_dir)
        results = [verify_pdf(out_dir / f"{s.stem}.pdf", s) for s in sources]
        for source, pdf in zip(sources, results, strict=True):
            pdftags.finish(pdf, found[source].language)
        return results

    def _export(self, chunk: Sequence[Path], out_dir: Path, target: str) -> None:
        cmd = self._command("--convert-to", target, "--outdir", str(out_dir), *[str(s) for s in chunk])
        # The timeout is per document; a chunk gets a few seconds more per extra document.
        self._call(cmd, self.timeout + 5 * (len(chunk) - 1))

    def _export_tight(self, chunk: Sequence[Path], out_dir: Path) -> None:
        """PPTX -> flat ODP -> autospace off -> PDF, a chunk at a time.

        Two soffice calls; this converter's instance exits after the first, so the
        second goes to a spare instance that starts up while the first one works
        (build starts it even earlier, see warm_up)."""
        second = self._take_spare()
        flat_dir = Path(tempfile.mkdtemp(prefix="flat-", dir=self.profile().parent))
        try:
            self._export(chunk, flat_dir, autospace.FLAT_FILTER)
            flats = [flat_dir / f"{s.stem}.fodp" for s in chunk]
            ready = [autospace.turn_off_in_file(f) for f in flats if f.is_file()]
            if ready:  # a deck with no flat file gets no PDF: verify_pdf names it
                second._export(ready, out_dir, self.options.filter())
        finally:
            shutil.rmtree(flat_dir, ignore_errors=True)
            second.close()
            with self._lock:
                if self._spare is second:
                    self._spare = None

    def _take_spare(self) -> LibreOffice:
        with self._lock:
            if self._closed:
                raise ConversionError(Problem(None, None, "the conversion was stopped"))
            if self._spare is None:
                self._spare = LibreOffice(self.soffice, self.timeout, self.options, self.env)
            spare = self._spare
        spare.warm_up()
        return spare

    def _call(self, cmd: list[str], timeout: float) -> None:
        """One soffice run, known to close() while it lasts."""
        with self._lock:
            if self._closed:
                raise ConversionError(Problem(None, None, "the conversion was stopped"))
            proc = _start(cmd, self._env())
            self._calls.add(proc)
        try:
            _wait(proc, timeout)
        finally:
            with self._lock:
                self._calls.discard(proc)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.close()
        with self._lock:
            running = [p for p in (self._instance, *self._calls) if p is not None]
            self._instance = None
            self._calls.clear()
        # Always the whole group: the launcher may have exited while soffice.bin,
        # its child, still runs in the same group.
        for proc in running:
            kill_group(proc)
        if self._profile is not None:
            shutil.rmtree(self._profile.parent, ignore_errors=True)
            self._profile = None


def verify_pdf(pdf: Path, source: Path) -> Path:
    try:
        with pdf.open("rb") as f:
            head = f.read(5)
            f.seek(max(0, pdf.stat().st_size - 1024))
            tail = f.read()
    except OSError:
        raise ConversionError(Problem(source, None, "LibreOffice wrote no PDF for it")) from None
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise ConversionError(Problem(source, None, "LibreOffice wrote a damaged PDF"))
    return pdf


def _run(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> None:
    """Run soffice (or pdftoppm) in its own process group; kill the whole group on timeout."""
    _wait(_start(cmd, env), timeout)


def _start(cmd: list[str], env: dict[str, str] | None) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=_environment(env),
            start_new_session=sys.platform != "win32",
        )
    except OSError as exc:
        raise ConversionError(
            Problem(Path(cmd[0]), None, f"cannot start LibreOffice: {exc.strerror}. " + INSTALL_HINT)
        ) from None


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> None:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise ConversionError(
            Problem(
                None,
                None,
                f"LibreOffice did not finish within {timeout:.0f} s "
                "and was stopped; raise --timeout if the machine is slow",
            )
        ) from None
    except BaseException:  # Ctrl-C or SIGTERM: leave no soffice behind
        kill_group(proc)
        raise
    if proc.returncode != 0:
        detail = err.decode(errors="replace").strip().splitlines()
        last = detail[-1] if detail else f"exit status {proc.returncode}"
        raise ConversionError(Problem(None, None, f"LibreOffice failed: {last}"))


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform == "win32":
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
    # Close our ends of the pipes: a grandchild that escaped the group could keep them
    # open forever, so we do not read them to the end.
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


def pdf_to_png(pdf: Path, png: Path, dpi: int = 150, timeout: float = 60) -> Path:
    """First page of ``pdf`` as a PNG (poppler's pdftoppm)."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise ConversionError(
            Problem(
                pdf,
                None,
                "PNG previews need pdftoppm: on Debian/Ubuntu "
                "`sudo apt-get install poppler-utils`, on macOS `brew install poppler`",
            )
        )
    prefix = png.with_suffix("")
    _run([exe, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)], timeout)
    if not png.is_file():
        raise ConversionError(Problem(pdf, None, "pdftoppm wrote no PNG"))
    return png


# -- unoserver: LibreOffice's own conversion server, for conversion farms -------------

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
    servers = []
    for part in spec.removeprefix("unoserver://").split(","):
        host, _, port = part.strip().rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise InvalidInput(Problem(None, "--converter", f"{part!r} is not HOST:PORT"))
        servers.append(UnoServer(host.strip("[]"), int(port), timeout, pdf))
    turn = itertools.cycle(servers)
    return (lambda: next(turn)), len(servers)
