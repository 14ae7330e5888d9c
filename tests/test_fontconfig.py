"""infokit.fontconfig answers what `fc-match` answers, in this process."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from infokit import fontconfig, fonts

PATTERNS = [
    "Noto Sans",
    "Noto Sans:weight=bold",
    "Noto Sans Display:weight=bold",
    "Noto Sans:slant=italic",
    "Noto Sans CJK KR",
    "Arial",  # an alias: fontconfig substitutes a metric-compatible family
    "Segoe UI",  # not installed: fontconfig's default sans
    r"Noto Sans\-Display",  # fonts.fc_match escapes hyphens and colons this way
    "No Such Family Anywhere",
]


def _fc_match(pattern: str) -> tuple[str, str, str]:
    exe = shutil.which("fc-match")
    assert exe is not None, "fc-match (fontconfig) is part of the set-up"
    command = [exe, "-f", "%{family}\n%{file}\n%{postscriptname}", pattern]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    family, file, postscript = out.stdout.split("\n")
    return family, file, postscript


@pytest.mark.parametrize("pattern", PATTERNS)
def test_match_is_what_fc_match_answers(pattern: str) -> None:
    assert fontconfig.match(pattern) == _fc_match(pattern)


def test_fonts_resolve_without_a_process_per_query(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _fc_match("Noto Sans:weight=bold")

    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("fc-match was run although libfontconfig is loaded")

    fonts._fc_query.cache_clear()
    monkeypatch.setattr(subprocess, "run", no_process)
    found = fonts.fc_match("Noto Sans", bold=True)
    fonts._fc_query.cache_clear()
    assert found is not None and (found.family, str(found.path), found.postscript) == expected


def test_without_the_library_fc_match_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts._fc_query.cache_clear()
    monkeypatch.setattr(fontconfig, "match", lambda pattern: None)
    found = fonts.fc_match("Noto Sans", bold=True)
    fonts._fc_query.cache_clear()
    expected = _fc_match("Noto Sans:weight=bold")
    assert found is not None and (found.family, str(found.path), found.postscript) == expected


SAMPLE = "Hello Привет Γειά 안녕 مرحبا שלום ₹€ ﬁ 😀 ✓ №"


@pytest.mark.parametrize("family", ["Noto Sans", "DejaVu Sans", "Liberation Sans", "Noto Serif"])
def test_coverage_from_fontconfig_is_what_the_font_file_maps(family: str) -> None:
    """Installed fonts are checked through fontconfig's character sets (no file opened);
    they must say what the font's own cmap says."""
    found = fonts.fc_match(family)
    assert found is not None and found.exact
    from_file = fonts.missing_characters(found.path, SAMPLE)
    assert fonts.missing_in_installed(family, SAMPLE) == from_file
    assert from_file  # the sample holds letters no one of these fonts has
