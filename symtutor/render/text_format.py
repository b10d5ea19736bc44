"""Plain Unicode text: numbered steps, nested sub-steps, wrapped to the width."""
from __future__ import annotations

import textwrap

from symtutor.render import RenderOptions
from symtutor.render.notation import unicode_math
from symtutor.render.outline import answer_statement, show_pair, step_equation, verdict_line
from symtutor.steps import Derivation, Step

INDENT = "   "


def render(derivation: Derivation, options: RenderOptions) -> str:
    lines = [unicode_math(derivation.statement if derivation.statement is not None else derivation.answer), ""]
    if options.show_steps:
        for number, step in enumerate(derivation.steps, 1):
            lines.extend(step_lines(step, str(number), 0, options.width))
        for note in derivation.notes:
            lines.extend(_wrap(f"Note: {note}", "", "      ", options.width))
        lines.append("")
    lines.extend(_wrap("Answer: " + show_pair(answer_statement(derivation), unicode_math), "", "        ",
                       options.width))
    lines.extend(_wrap(verdict_line(derivation), "", "  ", options.width))
    return "\n".join(lines) + "\n"


def step_lines(step: Step, number: str, depth: int, width: int) -> list[str]:
    """The lines for one step and its sub-steps."""
    pad = INDENT * depth
    label = f"{number}. " if "." not in number else f"{number} "
    head = f"{label}{step.heading} — {step.sentence(unicode_math)}"
    body_pad = pad + " " * len(label)
    lines = _wrap(head, pad, body_pad, width)
    for fact in step.facts:
        lines.extend(_wrap(unicode_math(fact), body_pad, body_pad + INDENT, width))
    for k, sub in enumerate(step.substeps, 1):
        lines.extend(step_lines(sub, f"{number}.{k}", depth + 1, width))
    equation = step_equation(step)
    if equation is not None:
        lines.extend(_wrap(show_pair(equation, unicode_math), body_pad, body_pad + INDENT, width))
    return lines


def _wrap(text: str, first: str, rest: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=max(width, 40), initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first]
