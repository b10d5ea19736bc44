"""Markdown with $…$ math, as Jupyter, Obsidian and GitHub render it."""
from __future__ import annotations

from symtutor.render import RenderOptions
from symtutor.render.notation import latex_math
from symtutor.render.outline import answer_statement, show_pair, step_equation, verdict_line
from symtutor.steps import Derivation, Step

INDENT = "   "


def inline(expr) -> str:
    """``expr`` as inline Markdown math."""
    return f"${latex_math(expr)}$"


def render(derivation: Derivation, options: RenderOptions) -> str:
    statement = derivation.statement if derivation.statement is not None else derivation.answer
    lines = [f"### {inline(statement)}", ""]
    if options.show_steps:
        for number, step in enumerate(derivation.steps, 1):
            lines.extend(step_lines(step, number, 0))
        for note in derivation.notes:
            lines.append(f"> **Note:** {note}")
        lines.append("")
    mark = "✓" if derivation.verified else "✗"
    lines.append(f"**Answer:** {show_pair(answer_statement(derivation), inline)} {mark}")
    lines.append("")
    lines.append(f"*{verdict_line(derivation)}*")
    return "\n".join(lines) + "\n"


def step_lines(step: Step, number: int, depth: int) -> list[str]:
    pad = INDENT * depth
    body = pad + INDENT
    lines = [f"{pad}{number}. **{step.heading}** — {step.sentence(inline)}"]
    for fact in step.facts:
        lines.append(f"{body}{inline(fact)}")
    for k, sub in enumerate(step.substeps, 1):
        lines.extend(step_lines(sub, k, depth + 1))
    equation = step_equation(step)
    if equation is not None:
        lines.append(f"{body}{show_pair(equation, inline)}")
    return lines
