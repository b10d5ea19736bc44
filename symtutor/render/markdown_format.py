"""Markdown with $…$ math, as Jupyter, Obsidian and GitHub render it.

Math is inline ``$…$`` with no space inside the delimiters (GitHub, Obsidian and pandoc
need that); every fragment typesets in MathJax (tests/test_mathjax.py).  Prose is
escaped so that a ``*`` or ``_`` in a sentence (``2*log(2)``, ``sigma_1**2``) or a
dollar sign never starts emphasis or math.
"""
from __future__ import annotations

import re

from symtutor.render import RenderOptions
from symtutor.render.notation import latex_math
from symtutor.render.outline import answer_statement, show_pair, step_equation, verdict_line
from symtutor.steps import Derivation, Step, fill_template

# \ * ` $ always; _ unless inside a word (snake_case stays readable); < before a tag-like
# letter, / or !; [ ] so that no text becomes a link.
_SPECIAL = re.compile(r"[\\*`$\[\]]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])")


def prose(text: str) -> str:
    """Plain text made safe for Markdown: characters that would start markup escaped."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def inline(expr) -> str:
    """``expr`` as inline Markdown math."""
    return f"${latex_math(expr)}$"


def render(derivation: Derivation, options: RenderOptions) -> str:
    statement = derivation.statement if derivation.statement is not None else derivation.answer
    lines = [f"### {inline(statement)}", ""]
    if options.show_steps:
        for number, step in enumerate(derivation.steps, 1):
            lines.extend(step_lines(step, number, ""))
            lines.append("")
        for note in derivation.notes:
            lines.extend([f"> **Note:** {prose(note)}", ""])
    mark = "✓" if derivation.verified else "✗"
    lines.append(f"**Answer:** {show_pair(answer_statement(derivation), inline)} {mark}")
    lines.append("")
    lines.append(f"*{prose(verdict_line(derivation))}*")
    return "\n".join(lines) + "\n"


def step_lines(step: Step, number: int, pad: str) -> list[str]:
    """A numbered list item; its equations are paragraphs of the item (a blank line before
    each, indented to the item's text) so that every renderer shows them on lines of their own."""
    label = f"{number}. "
    body = pad + " " * len(label)
    sentence = fill_template(step.text, step.math, inline, literal=prose)
    lines = [f"{pad}{label}**{prose(step.heading)}** — {sentence}"]
    for fact in step.facts:
        lines.extend(["", f"{body}{inline(fact)}"])
    for k, sub in enumerate(step.substeps, 1):
        lines.append("")
        lines.extend(step_lines(sub, k, body))
    equation = step_equation(step)
    if equation is not None:
        lines.extend(["", f"{body}{show_pair(equation, inline)}"])
    return lines
