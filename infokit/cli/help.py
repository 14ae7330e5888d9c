"""Conventional ``--help`` for infokit's Typer commands.

Typer 0.2x prints each parameter's Python type in help (``<bool>``, ``<list[Path]>``,
``<str>``) and wraps required arguments in braces (``{brands}...``), with no setting to
turn either off. A shell user expects what ``ls --help`` shows: a metavar where a value
is wanted (``FOLDER``, ``[en|ru|ko]``), nothing after a flag, ``BRAND.yaml...`` in the
usage line. The two classes below give every infokit command that; tests/test_cli.py
fails if a Typer upgrade brings the placeholders back.
"""

from __future__ import annotations

import copy
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


def _untyped(param_type: Any) -> Any:
    """Typer before 0.29 prints an argument's type from ``type.get_metavar`` (``<path>``):
    a copy of the type (click shares instances such as STRING) that shows nothing."""
    if getattr(param_type, "_infokit_untyped", False):
        return param_type
    quiet = copy.copy(param_type)
    base = type(param_type)
    quiet.__class__ = type(base.__name__, (base,), {"_infokit_untyped": True, "get_metavar": _no_metavar})
    return quiet


def _no_metavar(self: Any, *args: Any, **kwargs: Any) -> str:
    return ""


def _conventional(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperArgument) and not isinstance(param, _PlainArgument):
            param.__class__ = _PlainArgument  # same state, conventional display
            param.type = _untyped(param.type)
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
