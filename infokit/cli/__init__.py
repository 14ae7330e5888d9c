"""The command line: Typer commands (app.py), their help (help.py) and the batch's
progress display (progress.py).

Only this package imports typer and rich; the library (infokit.build, infokit.batch and
the rest) speaks in values and exceptions, so a script that imports it pays for neither
(tests/test_layers.py checks this in a fresh interpreter).
"""

from infokit.cli.app import app, main

__all__ = ["app", "main"]
