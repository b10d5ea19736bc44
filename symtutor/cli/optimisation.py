"""``symtutor descend | newton | lagrange``: from derivatives to training a model."""
from __future__ import annotations

from typing import Optional

import typer

from symtutor.cli.common import (FormatOption, NoStepsOption, OutputFormat, StandaloneOption, TimeoutOption,
                                 expression_inputs, solve_and_print)

VarsOption = typer.Option(None, "--vars", help="The variables, in order, e.g. x,y (default: all, sorted).")
FromOption = typer.Option(None, "--from", help="The starting point, one number per variable, e.g. 1,1.")

DESCEND_HELP = """Gradient descent: theta <- theta - eta grad f(theta), one step per iteration (point,
gradient, step, f), the first with every number put in; a note when the rate diverges.

Examples:

  symtutor descend "x**2 + 3*y**2" --from 1,1 --rate 0.1 --iterations 5

  symtutor descend "x^2" --from 1 --rate 1.1 --iterations 4

  symtutor descend "x^2 + 10y^2" --from 1,1 --rate 0.05 --momentum 0.9
"""

NEWTON_HELP = """Newton's method. One variable: a root of f by x <- x - f(x)/f'(x). Several variables:
a stationary point by theta <- theta - H^-1 grad f. The first iteration fully substituted;
a zero derivative or a singular Hessian is reported.

Examples:

  symtutor newton "x**3 - 2*x - 5" --from 2 --iterations 4

  symtutor newton "x^2 - 2" --from 1

  symtutor newton "x**2 + 3*y**2 - x*y" --from 1,1
"""

LAGRANGE_HELP = """Lagrange multipliers: L = f - lambda g, the system grad L = 0 solved, each candidate
checked in the constraint and compared, the extremum named. The constraint is g (meaning
g = 0) or an equation; several are separated by ';'.

Examples:

  symtutor lagrange "x*y" --subject-to "x + y - 10"

  symtutor lagrange "x + y" --subject-to "x^2 + y^2 = 1"

  symtutor lagrange "x^2 + y^2 + z^2" --subject-to "x + y + z = 3" --find min
"""


def descend(
    expr: str = typer.Argument(..., help="The function f to minimise, or - for one per line on stdin."),
    start: Optional[str] = FromOption,
    rate: str = typer.Option("0.1", "--rate", help="The learning rate eta (default 0.1)."),
    iterations: int = typer.Option(5, "--iterations", "-n", help="How many iterations (1 to 100)."),
    momentum: Optional[str] = typer.Option(None, "--momentum", help="Momentum beta in [0, 1) (default none)."),
    variables: Optional[str] = VarsOption,
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.optimisation import explain_descend

    solve_and_print(lambda text: explain_descend(text, start, rate, iterations, momentum, variables),
                    expression_inputs(expr), fmt, no_steps, timeout, standalone)


def newton(
    expr: str = typer.Argument(..., help="The function, or - for one per line on stdin."),
    start: Optional[str] = FromOption,
    iterations: int = typer.Option(5, "--iterations", "-n", help="How many iterations (1 to 100)."),
    variables: Optional[str] = VarsOption,
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.optimisation import explain_newton

    solve_and_print(lambda text: explain_newton(text, start, iterations, variables),
                    expression_inputs(expr), fmt, no_steps, timeout, standalone)


def lagrange(
    expr: str = typer.Argument(..., help="The function f to optimise, or - for one per line on stdin."),
    subject_to: Optional[str] = typer.Option(None, "--subject-to", "-s",
                                             help="The constraint g (= 0) or an equation; several separated by ';'."),
    find: str = typer.Option("points", "--find", help="points (default), max or min: what the answer is."),
    variables: Optional[str] = VarsOption,
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.optimisation import explain_lagrange

    solve_and_print(lambda text: explain_lagrange(text, subject_to, variables, find),
                    expression_inputs(expr), fmt, no_steps, timeout, standalone)


def register(app: typer.Typer) -> None:
    app.command("descend", help=DESCEND_HELP)(descend)
    app.command("newton", help=NEWTON_HELP)(newton)
    app.command("lagrange", help=LAGRANGE_HELP)(lagrange)
