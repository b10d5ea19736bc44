"""``symtutor gradient | jacobian | hessian | critical``: multivariable calculus with steps."""
from __future__ import annotations

from typing import Optional

import typer

from symtutor.cli.common import (FormatOption, NoStepsOption, OutputFormat, PlotOption, StandaloneOption,
                                 TimeoutOption, expression_inputs, solve_and_print, solve_expression)

VarsOption = typer.Option(None, "--vars", help="The variables, in order, e.g. x,y,z (default: all, sorted).")
AtOption = typer.Option(None, "--at", help="Evaluate at a point, e.g. x=1,y=2.")
DetailOption = typer.Option(False, "--detail", help="Expand every entry's derivative sub-steps.")

GRADIENT_HELP = """The gradient of a function of several variables: each partial derivative explained.

Examples:

  symtutor gradient "x**2*y + sin(y)"

  symtutor gradient "x^2 y + y^3" --at x=1,y=2

  symtutor gradient "exp(x*y*z)" --vars x,y,z --detail
"""

JACOBIAN_HELP = """The Jacobian matrix of a vector function [f1, f2, ...]: row i holds the partials of f_i.

Examples:

  symtutor jacobian "[x*y, x + y**2]" --vars x,y

  symtutor jacobian "[sigmoid(a*x + b*y), sigmoid(c*x + d*y)]" --vars x,y

  symtutor jacobian "[r*cos(t), r*sin(t)]" --vars r,t --at r=1,t=0
"""

HESSIAN_HELP = """The Hessian matrix of second partial derivatives, with the symmetry of mixed partials.

Examples:

  symtutor hessian "x**3 - 3*x*y + y**3"

  symtutor hessian "x^2 y + y z^2" --at x=1,y=1,z=1

  symtutor hessian "log(1 + exp(w*x))" --vars w,x --format markdown
"""

CRITICAL_HELP = """Critical points: solve grad f = 0, then classify each by the second-derivative test.

Examples:

  symtutor critical "x**3 - 3*x + y**2" --plot saddle.png

  symtutor critical "x^4 + y^4 - 4x y"

  symtutor critical "x^2 + y^2 + z^2 - x y" --format json
"""


def partials_command(explain_name: str, argument_help: str):
    """A command for gradient, jacobian or hessian: they take the same options and differ
    only in the task function they call."""

    def command(
        expr: str = typer.Argument(..., help=argument_help),
        variables: Optional[str] = VarsOption,
        at: Optional[str] = AtOption,
        detail: bool = DetailOption,
        fmt: Optional[OutputFormat] = FormatOption,
        no_steps: bool = NoStepsOption,
        timeout: Optional[float] = TimeoutOption,
        standalone: bool = StandaloneOption,
    ) -> None:
        from symtutor.tasks import multivariable

        explain = getattr(multivariable, explain_name)
        solve_and_print(lambda text: explain(text, variables, at=at, detail=detail),
                        expression_inputs(expr), fmt, no_steps, timeout, standalone)

    return command


gradient = partials_command("explain_gradient", "The function, or - for one per line on stdin.")
jacobian = partials_command("explain_jacobian", "The vector function [f1, f2, ...], or - for stdin.")
hessian = partials_command("explain_hessian", "The function, or - for one per line on stdin.")


def critical(
    expr: str = typer.Argument(..., help="The function, or - for one per line on stdin."),
    variables: Optional[str] = VarsOption,
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
    plot: Optional[str] = PlotOption,
) -> None:
    from symtutor.tasks.multivariable import explain_critical

    solve_expression(lambda text: explain_critical(text, variables), expr, fmt, no_steps, timeout, standalone, plot)


def register(app: typer.Typer) -> None:
    app.command("gradient", help=GRADIENT_HELP)(gradient)
    app.command("jacobian", help=JACOBIAN_HELP)(jacobian)
    app.command("hessian", help=HESSIAN_HELP)(hessian)
    app.command("critical", help=CRITICAL_HELP)(critical)
