"""One error hierarchy. The CLI catches only InfokitError; anything else is a bug."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """The documented exit codes (README, "Exit codes")."""

    OK = 0
    UNEXPECTED = 1
    INVALID_INPUT = 2
    CONVERSION_FAILED = 3
    BATCH_HAD_FAILURES = 4
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT)."""
    TERMINATED = 143
    """SIGTERM, what `timeout`, systemd and CI runners send (128 + SIGTERM)."""


class Terminated(BaseException):
    """SIGTERM or Ctrl-C, raised in the main thread by the command's signal handler.

    A BaseException like KeyboardInterrupt, so it unwinds through the same cleanup
    (LibreOffice's process groups, staging folders, private profiles); not a
    KeyboardInterrupt, which click turns into "Aborted!" and exit 1."""

    def __init__(self, exit_code: ExitCode = ExitCode.TERMINATED) -> None:
        super().__init__(exit_code.name.lower())
        self.exit_code = exit_code


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is allowed instead."""

    file: Path | None
    key: str | None
    message: str
    line: int | None = None
    row: int | None = None
    """For a CSV source: the row number (1 is the first row under the header)."""

    def __post_init__(self) -> None:
        # Messages quote what the user wrote ('dental' is not a choice); a value of
        # 200,000 characters would fill the terminal and the report. Every message passes
        # here, so none can echo more than a glimpse of any one value.
        object.__setattr__(self, "message", _QUOTED.sub(_glimpse, self.message))
        if self.key is not None and len(self.key) > MAX_SHOWN:
            object.__setattr__(self, "key", _glimpse_of(self.key))

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            if self.row is not None:
                where += f" (row {self.row})"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": None if self.file is None else str(self.file),
            "line": self.line,
            "row": self.row,
            "key": self.key,
            "message": self.message,
        }


MAX_SHOWN = 200
"""Characters of one quoted value a message shows; longer ones are cut in the middle."""
_QUOTED = re.compile(rf"(?<![^\s(\[{{:=])'([^'\n]{{{MAX_SHOWN + 1},}})'")
"""A quoted value: its opening quote starts a word (a closing quote follows a letter),
so the prose between two short quoted values is never taken for one."""


def _glimpse_of(text: str) -> str:
    return f"{text[:100]}…{text[-30:]} ({len(text):,} characters)"


def _glimpse(match: re.Match[str]) -> str:
    return f"'{_glimpse_of(match.group(1))}'"


class InfokitError(Exception):
    """Base of every error infokit reports to a user."""

    exit_code: ExitCode = ExitCode.UNEXPECTED
    kind: str = "error"

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = Problem(None, None, problems)
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        self.outputs: dict[str, Path] = {}
        """Files written before the failure (a PPTX whose PDF conversion failed, say)."""
        self.page: dict[str, str] = {}
        """Which page failed, when the brand could be read: organization, industry,
        language and paper (results.entry takes them as they are)."""
        super().__init__("\n".join(str(p) for p in problems))

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "exit_code": int(self.exit_code),
            "problems": [p.as_dict() for p in self.problems],
        }


class InvalidInput(InfokitError):
    exit_code = ExitCode.INVALID_INPUT
    kind = "invalid_input"


class BrandError(InvalidInput):
    """The brand file cannot be read or does not validate."""

    kind = "brand"


class TemplateError(InvalidInput):
    """The template cannot be used: not a deck, hostile, or breaking the contract."""

    kind = "template"


class FitError(InvalidInput):
    """A text cannot fit its box even at the smallest size we allow."""

    shape: object = None
    """The shape element whose text does not fit, when one does not (render maps it to the
    brand key whose words it shows)."""
    too_big: float = 1.0
    """How many times the room the text needs at the floor, as a ratio of its box."""

    kind = "fit"


class OutputError(InfokitError):
    """The output cannot be written where asked."""

    exit_code = ExitCode.UNEXPECTED
    kind = "output"


class ConversionError(InfokitError):
    """LibreOffice is missing, failed or timed out."""

    exit_code = ExitCode.CONVERSION_FAILED
    kind = "conversion"


class Stopped(InfokitError):
    """A page the batch did not finish because the batch was interrupted (Ctrl-C, SIGTERM)."""

    exit_code = ExitCode.INTERRUPTED
    kind = "interrupted"
