"""The library is usable without the command line's tools: a script that imports
infokit.build or infokit.batch loads neither typer nor rich (only infokit.cli does)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import infokit

CLI_ONLY = ("typer", "rich", "click")


def _loaded_after_importing(modules: list[str]) -> set[str]:
    """The top-level packages in sys.modules after importing ``modules`` in a fresh interpreter."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def _library_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(infokit.__path__, "infokit.")]
    return [n for n in names if not n.startswith("infokit.cli") and n != "infokit.__main__"]


def test_build_and_batch_load_no_cli_tools() -> None:
    assert not _loaded_after_importing(["infokit.build", "infokit.batch"]) & set(CLI_ONLY)


def test_no_library_module_loads_cli_tools() -> None:
    modules = _library_modules()
    assert "infokit.render" in modules and "infokit.convert.libreoffice" in modules
    assert not _loaded_after_importing(modules) & set(CLI_ONLY)


def test_the_check_sees_the_cli_tools_when_they_are_loaded() -> None:
    """Control: the same check finds typer and rich once the CLI is imported."""
    assert {"typer", "rich"} <= _loaded_after_importing(["infokit.cli"])
