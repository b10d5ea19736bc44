"""``symtutor limit``: limits with every strategy named and every step checked."""
from __future__ import annotations

from typing import Optional

import typer

from symtutor.cli.common import (FormatOption, NoStepsOption, OutputFormat, PlotOption, StandaloneOption,
                                 TimeoutOption, solve_expression)

LIMIT_HELP = """Find the limit of EXPR as the variable tends to POINT, step by step: direct
substitution, the indeterminate form named, factoring, conjugates, standard limits,
L'Hopital's rule, growth rates, the squeeze theorem; each step checked.

POINT is a number, pi/2, oo or -oo. Without --side the limit is two-sided; when the two
one-sided limits differ the answer is "does not exist" (written nan) with both shown.
Use - to read one expression per line from standard input.

Examples:

  symtutor limit "sin(x)/x" --to 0

  symtutor limit "(1 + 1/n)^n" --wrt n --to oo

  symtutor limit "1/x" --to 0 --side right --plot right.svg --format markdown >> notes.md
"""




def limit(
    expr: str = typer.Argument(..., help="The expression, or - for stdin."),
    to: str = typer.Option(..., "--to", help="The point: a number, pi/2, oo or -oo."),
    wrt: Optional[str] = typer.Option(None, "--wrt", help="The variable that tends to the point."),
    side: Optional[str] = typer.Option(None, "--side", help="left or right for a one-sided limit."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
    plot: Optional[str] = PlotOption,
) -> None:
    from symtutor.tasks.limits import explain_limit

    def solve(text: str):
        return explain_limit(text, to, wrt, side=side)

    solve_expression(solve, expr, fmt, no_steps, timeout, standalone, plot)


def register(app: typer.Typer) -> None:
    app.command("limit", help=LIMIT_HELP)(limit)
