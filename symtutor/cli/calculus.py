"""``symtutor diff``: derivatives with every rule named."""
from __future__ import annotations

from typing import Optional

import typer

from symtutor.cli.common import (FormatOption, NoStepsOption, OutputFormat, PlotOption, StandaloneOption,
                                 TimeoutOption, solve_expression)

DIFF_HELP = """Differentiate EXPR step by step: every rule named, every step checked.

Input is friendly: x^2 or x**2, 2x, e^x, ln(x), sqrt(x), |x|, sigmoid(x). Use - to read
one expression per line from standard input.

Examples:

  symtutor diff "sin(x^2)"

  symtutor diff "x^2 y + y^3" --wrt y --order 2

  symtutor diff "x^3 - 3x" --at x=2 --plot tangent.png

  symtutor diff "x^2" --from-definition --format markdown >> notes.md
"""


def diff(
    expr: str = typer.Argument(..., help="The function to differentiate, or - for stdin."),
    wrt: Optional[str] = typer.Option(None, "--wrt", help="Differentiate with respect to this variable."),
    order: int = typer.Option(1, "--order", "-n", help="Order of the derivative."),
    at: Optional[str] = typer.Option(None, "--at", help="Evaluate at a point, e.g. x=2."),
    from_definition: bool = typer.Option(False, "--from-definition",
                                         help="Derive from the limit of the difference quotient."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
    plot: Optional[str] = PlotOption,
) -> None:
    from symtutor.tasks.calculus import explain_diff

    def solve(text: str):
        return explain_diff(text, wrt, order=order, at=at, from_definition=from_definition)

    solve_expression(solve, expr, fmt, no_steps, timeout, standalone, plot)


def register(app: typer.Typer) -> None:
    app.command("diff", help=DIFF_HELP)(diff)
