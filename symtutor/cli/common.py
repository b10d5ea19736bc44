"""What every solving command shares: output options, bounded work, printing."""
from __future__ import annotations

import os
import shutil
import sys
from enum import Enum
from typing import Callable, Optional

import typer

from symtutor.errors import ExitStatus, SymtutorError


class OutputFormat(str, Enum):
    terminal = "terminal"
    text = "text"
    markdown = "markdown"
    latex = "latex"
    json = "json"


FormatOption = typer.Option(None, "--format", "-f", help="Output format (default: terminal on a TTY, text when piped).")
NoStepsOption = typer.Option(False, "--no-steps", help="Print the answer only.")
TimeoutOption = typer.Option(None, "--timeout", min=0.01, help="Time limit in seconds (default 10, or $SYMTUTOR_TIMEOUT).")
StandaloneOption = typer.Option(False, "--standalone", help="With --format latex: a complete, compilable document.")
PlotOption = typer.Option(None, "--plot", metavar="FILE",
                          help="Also draw the problem to FILE.png or FILE.svg (needs matplotlib: symtutor[plot]).")


def resolve_format(fmt: Optional[OutputFormat]) -> str:
    """The explicit format, else Rich on a terminal and plain text when piped."""
    if fmt is not None:
        return fmt.value
    return "terminal" if sys.stdout.isatty() else "text"


def output_width() -> int:
    """The terminal's width (or $COLUMNS), 88 when unknown."""
    return max(40, shutil.get_terminal_size((88, 24)).columns)


def render_options(fmt: str, no_steps: bool, standalone: bool = False):
    from symtutor.render import RenderOptions

    color = fmt == "terminal" and "NO_COLOR" not in os.environ
    return RenderOptions(width=output_width(), color=color, show_steps=not no_steps, standalone=standalone)


def solve_and_print(solve: Callable[[str], object], inputs: list[str], fmt: Optional[OutputFormat],
                    no_steps: bool, timeout: Optional[float], standalone: bool = False) -> None:
    """Run ``solve`` on each input under the time limit, render, print; exit with the worst status.

    ``solve`` returns a Derivation; parsing, solving, verifying and rendering all happen in
    the bounded worker, so a slow printer cannot hang the command either.
    """
    from symtutor.budget import Budget, run_bounded
    from symtutor.render import render

    fmt_name = resolve_format(fmt)
    # Several problems with --standalone make one document, not several glued together.
    one_document = standalone and fmt_name == "latex" and len(inputs) > 1
    options = render_options(fmt_name, no_steps, standalone and not one_document)
    try:
        budget = Budget.from_env(timeout)
    except SymtutorError as exc:
        report_error(exc)
        raise typer.Exit(int(exc.exit_status)) from None
    worst = ExitStatus.SUCCESS
    if one_document:
        from symtutor.render.latex_format import PREAMBLE

        sys.stdout.write(PREAMBLE + "\n")
    for text in inputs:
        try:
            output = run_bounded(lambda: _solve_rendered(solve, text, fmt_name, options, render), budget=budget)
        except SymtutorError as exc:
            report_error(exc, context=text if len(inputs) > 1 else None)
            worst = max(worst, exc.exit_status)
            continue
        sys.stdout.write(output)
        if len(inputs) > 1 and fmt_name != "json":
            sys.stdout.write("\n")
        sys.stdout.flush()
    if one_document:
        from symtutor.render.latex_format import END

        sys.stdout.write(END)
    if worst:
        raise typer.Exit(int(worst))


def solve_expression(solve: Callable[[str], object], expr: str, fmt: Optional[OutputFormat], no_steps: bool,
                     timeout: Optional[float], standalone: bool = False, plot: Optional[str] = None) -> None:
    """EXPR (or ``-``: one per line of stdin) through ``solve``, with ``--plot`` when asked."""
    from symtutor.plotting import plotted

    inputs = expression_inputs(expr)
    solve_and_print(plotted(solve, plot, inputs), inputs, fmt, no_steps, timeout, standalone)


def _solve_rendered(solve, text, fmt_name, options, render) -> str:
    derivation = solve(text)
    return render(derivation, fmt_name, options)


def expression_inputs(expr: str) -> list[str]:
    """The expression itself, or one expression per non-empty line of stdin for ``-``."""
    if expr.strip() != "-":
        return [expr.strip()]
    lines = [line.strip() for line in sys.stdin.read().splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines:
        raise SymtutorError("no expression on standard input")
    return lines


def report_error(exc: SymtutorError, context: str | None = None) -> None:
    """One line on stderr: ``symtutor: error: …``."""
    prefix = f"symtutor: error: {context!r}: " if context else "symtutor: error: "
    message = exc.message.replace("\n", " ")
    sys.stderr.write(prefix + message + "\n")
