"""Where input files may come from: ``--inputs-under`` (INFOKIT_INPUTS_UNDER).

A partner building brand files its clients wrote must not let one of them name
``logo: /etc/ssl/private/key.png`` or ``../../other-client/logo.png`` and find that file
in its outputs. With confinement on, every file a brand file names (logo, font files,
template) and every brand file found in a folder must resolve, after symlinks, inside
one of the given folders. Off by default: a person building their own brand may keep
a logo anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

FLAG = "--inputs-under"
ENV = "INFOKIT_INPUTS_UNDER"
"""The default folders for scripts and shared set-ups, separated like PATH."""


def folders(given: Sequence[Path]) -> tuple[Path, ...]:
    """The folders as real paths (a symlinked folder is its target), without repeats."""
    return tuple(dict.fromkeys(Path(folder).resolve() for folder in given))


def outside(path: Path, under: Sequence[Path]) -> bool:
    """True when confinement is on and ``path`` (already resolved) is in none of ``under``."""
    return bool(under) and not any(path.is_relative_to(folder) for folder in under)


def refusal(written: str, path: Path, under: Sequence[Path]) -> str:
    """The message for a path outside the allowed folders, naming them."""
    via = "" if written == str(path) else f" (it resolves to {path})"
    listed = ", ".join(str(folder) for folder in under)
    return f"{written!r} is outside the folders inputs may come from{via}; allowed: {listed} ({FLAG}, {ENV})"
