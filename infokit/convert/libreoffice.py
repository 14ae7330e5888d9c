"""The local LibreOffice converter.

What we measured (DESIGN.md section 6) and what follows from it here:
- a fresh LibreOffice profile costs ~0.2 s of first-start work, so we initialise one
  seed profile per LibreOffice install, cache it, and copy it into a private
  temporary profile for every converter: isolation without the start-up cost;
- two soffice processes must never share a profile, and one call silently stops
  after ~246 files, so we convert in chunks and check that every PDF exists;
- a hung soffice is killed with its whole process group (process.py);
- every profile blocks untrusted links, so a document cannot make LibreOffice fetch;
- a deck with East Asian text goes through flat ODP so Korean punctuation sits tight
  (autospace.py); every PDF gets the deck's language as /Lang and its links in the
  structure tree (pdftags.py);
- ``close()`` stops every soffice a converter started, also one in the middle of a
  call on another thread: an interrupted or terminated run leaves none behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from infokit import autospace, deck, pdftags
from infokit.convert.process import INSTALL_HINT, environment, kill_group, run_group, start_group, wait_group
from infokit.convert.protocol import DEFAULT_TIMEOUT, PdfOptions, verify_pdf
from infokit.errors import ConversionError, Problem

CHUNK = 200
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
    """INFOKIT_CACHE_DIR, else the platform's user cache folder (XDG_CACHE_HOME on Linux,
    ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows)."""
    override = os.environ.get("INFOKIT_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("infokit", appauthor=False))


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
        run_group(
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
                env=environment(self._env()),
                start_new_session=sys.platform != "win32",
            )
        except OSError:
            self._instance = None  # convert() reports the problem when it runs soffice

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        pdftags.preload()
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
            proc = start_group(cmd, self._env())
            self._calls.add(proc)
        try:
            wait_group(proc, timeout)
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
