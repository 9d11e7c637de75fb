"""Typer 0.7 (pinned: spaCy 3.4 needs typer<0.8) with Click 8.2+ (pinned: huggingface_hub needs click>=8.4).

Click 8.2 added a `ctx` parameter to Parameter.make_metavar and ParamType.get_metavar; Typer 0.7 still calls
them without it, so `--help` of any command with an argument or a valued option crashes. And Typer 0.7
passes flag_value=None to every option, which Click 8.2+ reads as "a flag": `--amount 3200` took no value.
This gives make_metavar an optional ctx (the current Click context) and passes flag_value only to flags.
Applied by the command line (bot/cli.py); listed with the other overrides in bot/runtime/overrides.py.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import click
import typer.core


def _context(ctx: click.Context | None) -> click.Context | None:
    return ctx if ctx is not None else click.get_current_context(silent=True)


def _argument_metavar(self: typer.core.TyperArgument, ctx: click.Context | None = None) -> str:
    # typer.core.TyperArgument.make_metavar, with the context passed on: the name is shown, as Typer does.
    if self.metavar is not None:
        return self.metavar
    var = (self.name or "").upper()
    if not self.required:
        var = f"[{var}]"
    # Click's own get_metavar implementations accept no context (its types say one is always there).
    type_var = self.type.get_metavar(self, _context(ctx))  # type: ignore[arg-type]
    if type_var:
        var += f":{type_var}"
    if self.nargs != 1:
        var += "..."
    return var


def _with_optional_context(make_metavar: Callable[..., str]) -> Callable[..., str]:
    def wrapper(self: click.Parameter, ctx: click.Context | None = None) -> str:
        return make_metavar(self, _context(ctx))

    wrapper.typer_compat = True  # type: ignore[attr-defined]  # the mark apply() looks for
    return wrapper


def _flag_init(init: Callable[..., None]) -> Callable[..., None]:
    from click._utils import UNSET

    def wrapper(self: typer.core.TyperOption, **kwargs: Any) -> None:
        # Typer 0.7 passes flag_value=None for every option. Click 8.2+ reads anything but its UNSET sentinel
        # as "this is a flag", and no longer derives a boolean flag's value from its default.
        if kwargs.get("is_flag") and kwargs.get("flag_value") is None:
            kwargs["flag_value"] = not kwargs.get("default")
        init(self, **kwargs)
        if not kwargs.get("is_flag") and kwargs.get("flag_value") is None:
            self.flag_value = UNSET
            self.is_flag, self._flag_needs_value = self._infer_flag_kind(kwargs.get("is_flag"), UNSET)

    return wrapper


def apply() -> None:
    """Idempotent; does nothing with a Click that Typer 0.7 supports."""
    if "ctx" not in inspect.signature(click.Parameter.make_metavar).parameters:
        return  # Click < 8.2
    if getattr(click.Option.make_metavar, "typer_compat", False) or not hasattr(click.Option, "_infer_flag_kind"):
        return
    # Typer's rich help calls make_metavar() on Click's own options (--help) as well as on Typer's.
    # Replacing these methods is the point of this module, hence the method-assign ignores.
    click.Option.make_metavar = _with_optional_context(click.Option.make_metavar)  # type: ignore[method-assign]
    click.Argument.make_metavar = _with_optional_context(click.Argument.make_metavar)  # type: ignore[method-assign]
    typer.core.TyperArgument.make_metavar = _argument_metavar  # type: ignore[method-assign]
    typer.core.TyperOption.__init__ = _flag_init(typer.core.TyperOption.__init__)  # type: ignore[method-assign]
