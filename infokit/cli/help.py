"""Conventional ``--help`` for infokit's Typer commands.

Typer 0.2x prints each parameter's Python type in help (``<bool>``, ``<list[Path]>``,
``<str>``) and wraps required arguments in braces (``{brands}...``), with no setting to
turn either off. A shell user expects what ``ls --help`` shows: a metavar where a value
is wanted (``FOLDER``, ``[en|ru|ko]``), nothing after a flag, ``BRAND.yaml...`` in the
usage line. The two classes below give every infokit command that; tests/test_cli.py
fails if a Typer upgrade brings the placeholders back.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class _PlainArgument(TyperArgument):
    """An argument shown by its metavar alone: the type column stays empty."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = self.metavar or (self.name or "ARG").upper()
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return [name if self.required else f"[{name}]"]


def _conventional(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperArgument) and not isinstance(param, _PlainArgument):
            param.__class__ = _PlainArgument  # same state, conventional display
            if param.metavar is None:
                param.metavar = (param.name or "ARG").upper()
        elif isinstance(param, TyperOption) and param.metavar is None:
            # A flag takes no value, so it shows none; any other option shows its name.
            param.metavar = "" if param.is_flag else (param.name or "VALUE").upper()
    return params


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _conventional(super().get_params(ctx))


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _conventional(super().get_params(ctx))
