"""fontconfig in this process: what `fc-match PATTERN` answers, without a process per query.

A build asks fontconfig four to six times (heading and body, regular and bold, a
fallback); each `fc-match` process costs about 25 ms of start-up and configuration,
in-process a query costs under a millisecond after one load of about 10 ms. The answer
is fontconfig's own (the same config, substitutions and cache as `fc-match` and
LibreOffice), so nothing here decides which face wins.

Where libfontconfig cannot be loaded (macOS or Windows without it), ``match`` returns
None and the caller runs `fc-match` as before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import threading
from collections.abc import Iterator
from typing import NamedTuple

_MATCH_RESULT_OK = 0  # FcResultMatch
_lock = threading.Lock()  # one FcConfig, not meant to be used from two threads at once


class Match(NamedTuple):
    """What `fc-match -f '%{family}\\n%{file}\\n%{postscriptname}'` prints."""

    family: str
    file: str
    postscript: str


class _Library:
    def __init__(self, lib: ctypes.CDLL) -> None:
        lib.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
        lib.FcInitLoadConfigAndFonts.argtypes = []
        lib.FcNameParse.restype = ctypes.c_void_p
        lib.FcNameParse.argtypes = [ctypes.c_char_p]
        lib.FcConfigSubstitute.restype = ctypes.c_int
        lib.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
        lib.FcDefaultSubstitute.restype = None
        lib.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
        lib.FcFontMatch.restype = ctypes.c_void_p
        lib.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        getters = (("FcPatternGetString", ctypes.c_char_p), ("FcPatternGetCharSet", ctypes.c_void_p))
        for getter, value in getters:
            function = getattr(lib, getter)  # (pattern, object name, index, out value) -> FcResult
            function.restype = ctypes.c_int
            function.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(value)]
        lib.FcPatternDestroy.restype = None
        lib.FcPatternDestroy.argtypes = [ctypes.c_void_p]
        lib.FcCharSetHasChar.restype = ctypes.c_int
        lib.FcCharSetHasChar.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        self.lib = lib
        # Reads FONTCONFIG_FILE and the font cache as `fc-match` does when it starts.
        self.config = lib.FcInitLoadConfigAndFonts()

    def strings(self, pattern: int, element: bytes) -> list[str]:
        values = []
        for index in range(16):
            value = ctypes.c_char_p()
            if self.lib.FcPatternGetString(pattern, element, index, ctypes.byref(value)) != _MATCH_RESULT_OK:
                break
            if value.value is not None:
                values.append(value.value.decode("utf-8", "replace"))
        return values

    def _found(self, pattern_text: str) -> int | None:
        """The matched pattern (the caller destroys it), or None."""
        lib = self.lib
        pattern = lib.FcNameParse(pattern_text.encode("utf-8"))
        if not pattern:
            return None
        try:
            lib.FcConfigSubstitute(self.config, pattern, 0)  # FcMatchPattern
            lib.FcDefaultSubstitute(pattern)
            result = ctypes.c_int()
            found: int | None = lib.FcFontMatch(self.config, pattern, ctypes.byref(result))
        finally:
            lib.FcPatternDestroy(pattern)
        return found or None

    def match(self, pattern_text: str) -> Match | None:
        found = self._found(pattern_text)
        if found is None:
            return None
        try:
            families, files = self.strings(found, b"family"), self.strings(found, b"file")
            postscript = self.strings(found, b"postscriptname")
        finally:
            self.lib.FcPatternDestroy(found)
        return Match(",".join(families), files[0], postscript[0] if postscript else "") if files else None

    def uncovered(self, pattern_text: str, text: str) -> str | None:
        found = self._found(pattern_text)
        if found is None:
            return None
        try:
            charset = ctypes.c_void_p()
            if self.lib.FcPatternGetCharSet(found, b"charset", 0, ctypes.byref(charset)) != _MATCH_RESULT_OK:
                return None
            chars = dict.fromkeys(c for c in text if not c.isspace())
            return "".join(c for c in chars if not self.lib.FcCharSetHasChar(charset, ord(c)))
        finally:
            self.lib.FcPatternDestroy(found)


_NAMES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")
"""Tried first: ctypes.util.find_library runs ldconfig, a process of its own."""


def _candidates() -> Iterator[str]:
    yield from _NAMES
    if (found := ctypes.util.find_library("fontconfig")) is not None:
        yield found


@functools.cache
def _library() -> _Library | None:
    for name in _candidates():
        try:
            library = _Library(ctypes.CDLL(name))
        except (OSError, AttributeError):  # not here, or too old for one of the calls
            continue
        return library if library.config else None
    return None


def uncovered(pattern: str, text: str) -> str | None:
    """The characters of ``text`` (not spaces) that the face fontconfig picks for
    ``pattern`` has no glyph for, from fontconfig's own cache of each font's character
    set (what decides LibreOffice's fallback): no font file is opened. None when
    libfontconfig is not available here."""
    with _lock:
        library = _library()
        return library.uncovered(pattern, text) if library is not None else None


def match(pattern: str) -> Match | None:
    """The family names (joined by commas), file and PostScript name of the face fontconfig picks for
    ``pattern`` (fc-match syntax: ``Noto Sans:weight=bold``); None when libfontconfig
    is not available here or matches nothing."""
    with _lock:
        library = _library()
        return library.match(pattern) if library is not None else None
