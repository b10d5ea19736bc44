"""Renderers: a ``Derivation`` in, text out.  They format; they never compute.

Each format lives in its own module and is imported only when asked for, so that
start-up pays for Rich only when the terminal renderer is used.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from symtutor.steps import Derivation

FORMATS = ("terminal", "text", "markdown", "latex", "json")


@dataclass(frozen=True)
class RenderOptions:
    """How to lay out the output: width in columns, colour, steps or answer only."""

    width: int = 88
    color: bool = True
    show_steps: bool = True
    standalone: bool = False


def render(derivation: Derivation, fmt: str = "text", options: RenderOptions | None = None) -> str:
    """``derivation`` written in format ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = import_module(f"symtutor.render.{fmt}_format")
    return module.render(derivation, options or RenderOptions())
