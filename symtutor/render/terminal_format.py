"""Rich output for a terminal: the plain-text outline with colour and hanging indents."""
from __future__ import annotations

import io

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from symtutor.render import RenderOptions
from symtutor.render.notation import unicode_math
from symtutor.render.outline import answer_statement, show_pair, step_equation, verdict_line
from symtutor.steps import CAS_RULE, Derivation, Step


def render(derivation: Derivation, options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=options.width, force_terminal=options.color,
                      no_color=not options.color, highlight=False, markup=False, emoji=False,
                      color_system="standard" if options.color else None)
    statement = derivation.statement if derivation.statement is not None else derivation.answer
    console.print(Text(unicode_math(statement), style="bold"))
    console.print()
    if options.show_steps:
        console.print(steps_table(derivation.steps, ""))
        for note in derivation.notes:
            console.print(Text("Note: ", style="bold") + Text(note))
        console.print()
    console.print(_hanging(Text("Answer: ", style="bold green"),
                           Text(show_pair(answer_statement(derivation), unicode_math), style="bold")))
    console.print(Text(verdict_line(derivation), style="green" if derivation.verified else "red"))
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _hanging(label: Text, body) -> Table:
    """``label`` in a fixed column, ``body`` wrapping beside it (a hanging indent)."""
    grid = Table.grid(padding=0)
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(label, body)
    return grid


def steps_table(steps: list[Step], prefix: str) -> Table:
    """A numbered grid of steps; sub-steps nest inside their parent's cell."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    for k, step in enumerate(steps, 1):
        number = f"{prefix}{k}" if prefix else f"{k}."
        grid.add_row(number, _step_body(step, f"{prefix}{k}."))
    return grid


def _step_body(step: Step, prefix: str) -> Group:
    heading_style = "bold yellow" if step.rule == CAS_RULE else "bold cyan"
    parts = [Text(step.heading, style=heading_style) + Text(" — " + step.sentence(unicode_math))]
    parts.extend(Text(unicode_math(fact), style="dim") for fact in step.facts)
    if step.substeps:
        parts.append(steps_table(step.substeps, prefix))
    equation = step_equation(step)
    if equation is not None:
        parts.append(Text(show_pair(equation, unicode_math)))
    return Group(*parts)
