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
  call on another thread, and removes its profile: an interrupted or terminated run
  leaves neither behind. A closed converter makes no new profile and starts no new
  soffice, whatever thread asks (profile and process are made under the converter's
  lock, and recorded for removal at exit in the same step: scratch.py, process.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from infokit import autospace, contain, deck, pdftags, scratch, stopping
from infokit.convert.process import INSTALL_HINT, kill_group, run_group, start_group, wait_group
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
        building = scratch.folder(".profile-", seed.parent)
    except OSError:
        return None
    try:
        _write_settings(building)
        # soffice's own temporary files (lu*) go into the folder too, not the user's TMPDIR.
        run_group(
            [str(soffice), _profile_arg(building), "--headless", "--norestore", "--terminate_after_init"],
            timeout,
            _temporary_files(building / "tmp"),
        )
        shutil.rmtree(building / "tmp", ignore_errors=True)
        _write_settings(building)  # first start rewrites the file; keep our settings on top
        with contextlib.suppress(OSError):  # another process made it first
            os.replace(building, seed)
        return seed
    except (OSError, ConversionError):
        return None
    finally:  # also when interrupted: no half-made seed left in the cache
        scratch.remove(building)


def _temporary_files(folder: Path) -> dict[str, str]:
    folder.mkdir(exist_ok=True)
    return {"TMPDIR": str(folder), "TMP": str(folder), "TEMP": str(folder)}


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
        """This converter's private profile, made on first use from the seed. Under the
        lock: close() on another thread waits for a copy in progress (about 250 kB)
        rather than removing the folder while it is being filled."""
        seed = seed_profile(self.soffice, self.timeout) if self._profile is None else None
        with self._lock:
            self._refuse_if_closed()
            if self._profile is None:
                private = scratch.folder("infokit-lo-")
                self._profile = private / "p"
                if seed is not None:
                    shutil.copytree(seed, self._profile, symlinks=True)
                else:
                    _write_settings(self._profile)
            return self._profile

    def _refuse_if_closed(self) -> None:
        if self._closed:
            raise ConversionError(Problem(None, None, "the conversion was stopped"))

    def _command(self, *arguments: str) -> list[str]:
        return [str(self.soffice), _profile_arg(self.profile()), *_FLAGS, *arguments]

    def _env(self) -> dict[str, str]:
        """soffice's own temporary files go beside the profile: a killed soffice cannot
        clean up after itself, and close() removes the folder with the profile."""
        return {**(self.env or {}), **_temporary_files(self.profile().parent / "tmp")}

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
            cmd, env = self._command(), self._env()
            with stopping.uninterrupted(), self._lock:  # close() either sees it or stops it first
                self._refuse_if_closed()
                self._instance = start_group(cmd, env, quiet=True)
        except (OSError, ConversionError):
            pass  # closed, or soffice cannot start: convert() reports it when it runs soffice

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
        flat_dir = scratch.folder("flat-", self.profile().parent)
        try:
            self._export(chunk, flat_dir, autospace.FLAT_FILTER)
            flats = [flat_dir / f"{s.stem}.fodp" for s in chunk]
            ready = [autospace.turn_off_in_file(f) for f in flats if f.is_file()]
            if ready:  # a deck with no flat file gets no PDF: verify_pdf names it
                second._export(ready, out_dir, self.options.filter())
        finally:
            scratch.remove(flat_dir)
            second.close()
            with self._lock:
                if self._spare is second:
                    self._spare = None

    def _take_spare(self) -> LibreOffice:
        with self._lock:
            self._refuse_if_closed()
            if self._spare is None:
                self._spare = LibreOffice(self.soffice, self.timeout, self.options, self.env)
            spare = self._spare
        spare.warm_up()
        return spare

    def _call(self, cmd: list[str], timeout: float) -> None:
        """One soffice run, known to close() while it lasts."""
        env = self._env()
        with stopping.uninterrupted(), self._lock:
            self._refuse_if_closed()
            proc = start_group(cmd, env)
            self._calls.add(proc)
        try:
            wait_group(proc, timeout)
        except ConversionError:
            # soffice names only the path it could not write: a full temporary folder is
            # the machine's problem, said as such (its profile and files live there).
            if self._profile is not None and (full := contain.out_of_space(self._profile.parent)) is not None:
                raise full from None
            raise
        finally:
            with self._lock:
                self._calls.discard(proc)

    def close(self) -> None:
        """Whole, even when a signal arrives meanwhile: processes first, then the
        profile they were writing into. The profile is kept as the record that this
        converter is done: profile() refuses from now on."""
        with stopping.uninterrupted():
            with self._lock:
                self._closed = True
                spare, self._spare = self._spare, None
            if spare is not None:
                spare.close()
            with self._lock:
                running = [p for p in (self._instance, *self._calls) if p is not None]
                self._instance = None
                self._calls.clear()
                profile = self._profile
            # Always the whole group: the launcher may have exited while soffice.bin,
            # its child, still runs in the same group.
            for proc in running:
                kill_group(proc)
            if profile is not None:
                scratch.remove(profile.parent)
