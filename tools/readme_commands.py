"""The README's command reference, generated from the Typer app (the sqlite-utils way).

README.md calls ``command_table()`` from a cog block; ``cog -r -I . README.md`` writes it
and ``./tasks test`` runs ``cog --check -I . README.md``, so the table cannot drift from
the commands, their usage or their help.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer.main
from rich.text import Text

from infokit.cli import app

# Typer vendors its own Click (typer._click, private), so commands and contexts are
# reached through the objects get_command gives, never through an import of Click.
Command = Any
Context = Any


def commands() -> Iterator[tuple[str, Command, Context]]:
    """Every command as ``infokit NAME`` (subcommands of a group included), in the app's order."""
    root = typer.main.get_command(app)
    yield from _walk(root, root.context_class(root, info_name="infokit"))


def _walk(group: Command, ctx: Context) -> Iterator[tuple[str, Command, Context]]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        sub_ctx = command.context_class(command, info_name=name, parent=ctx)
        if hasattr(command, "list_commands"):  # a group: its own commands
            yield from _walk(command, sub_ctx)
        else:
            yield str(sub_ctx.command_path), command, sub_ctx


def _cell(text: str, code: bool = False) -> str:
    """One table cell: rich markup gone, on one line, pipes and (outside code) tags escaped."""
    plain = " ".join(Text.from_markup(text).plain.split()).replace("|", "\\|")
    return f"`{plain}`" if code else plain.replace("<", "&lt;").replace(">", "&gt;")


def _options(command: Command) -> str:
    names = [
        max(p.opts, key=len)  # the long name: it says what the option is
        for p in command.params
        if p.param_type_name == "option" and not p.hidden and "--help" not in p.opts
    ]
    return ", ".join(f"`{n}`" for n in names)


def command_table() -> str:
    """A Markdown table: each command's usage, its one-line help and its options."""
    rows = ["| command | what it does | options |", "| --- | --- | --- |"]
    for path, command, ctx in commands():
        usage = " ".join([path, *command.collect_usage_pieces(ctx)])
        help_line = _cell(command.get_short_help_str(limit=200))
        rows.append(f"| {_cell(usage, code=True)} | {help_line} | {_options(command)} |")
    rows.append("| `infokit --version` | Show the version and exit. | |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(command_table(), end="")
