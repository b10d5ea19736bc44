"""``symtutor integrate``: integrals with every method named and every step checked."""
from __future__ import annotations

from typing import Optional

import typer

from symtutor.cli.common import (FormatOption, NoStepsOption, OutputFormat, PlotOption, StandaloneOption,
                                 TimeoutOption, solve_expression)

INTEGRATE_HELP = """Integrate EXPR step by step: substitution, parts, partial fractions, trig
substitutions and more, each named and checked by differentiating the answer.

Without bounds the answer is an antiderivative + C; with --from and --to it is a number
(oo for infinity: improper integrals become limits). Use - to read one expression per line
from standard input.

Examples:

  symtutor integrate "x*exp(x)"

  symtutor integrate "sin(x)" --from -pi --to pi --plot area.svg

  symtutor integrate "exp(-x)" --from 0 --to oo --format markdown >> notes.md
"""


def integrate(
    expr: str = typer.Argument(..., help="The integrand, or - for stdin."),
    wrt: Optional[str] = typer.Option(None, "--wrt", help="Integrate with respect to this variable."),
    lower: Optional[str] = typer.Option(None, "--from", help="Lower bound (a number, pi, -oo, ...)."),
    upper: Optional[str] = typer.Option(None, "--to", help="Upper bound (a number, pi, oo, ...)."),
    all_methods: bool = typer.Option(False, "--all-methods", help="Show every method that works, not just the clearest."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
    plot: Optional[str] = PlotOption,
) -> None:
    from symtutor.tasks.integrals import explain_integral

    def solve(text: str):
        return explain_integral(text, wrt, lower=lower, upper=upper, all_methods=all_methods)

    solve_expression(solve, expr, fmt, no_steps, timeout, standalone, plot)


def register(app: typer.Typer) -> None:
    app.command("integrate", help=INTEGRATE_HELP)(integrate)
