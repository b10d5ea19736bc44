"""LaTeX: a fragment (enumerate + align*) by default, a whole document when standalone."""
from __future__ import annotations

from symtutor.render import RenderOptions
from symtutor.render.notation import latex_math
from symtutor.render.outline import answer_statement, show_pair, step_equation, verdict_line
from symtutor.steps import Derivation, Step, fill_template

_PROSE = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "—": "---", "–": "--", "✓": r"$\checkmark$", "✗": r"$\times$", "≠": r"$\neq$", "≤": r"$\leq$",
    "≥": r"$\geq$", "→": r"$\to$", "·": r"$\cdot$", "′": "'", "−": "-", "∞": r"$\infty$",
}

PREAMBLE = r"""\documentclass{article}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.5cm]{geometry}
\begin{document}
"""


def prose(text: str) -> str:
    """Plain text made safe for LaTeX (special characters escaped)."""
    return "".join(_PROSE.get(ch, ch) for ch in text)


def inline(expr) -> str:
    return f"${latex_math(expr)}$"


def display(pair) -> str:
    """An ``align*`` block for an equation or (before, after) pair."""
    return "\\begin{align*}\n  " + show_pair(pair, latex_math, " &= ").replace(" = ", " &= ", 1) + "\n\\end{align*}"


def render(derivation: Derivation, options: RenderOptions) -> str:
    statement = derivation.statement if derivation.statement is not None else derivation.answer
    out = [f"\\paragraph{{{inline(statement)}}}", ""]
    if options.show_steps and derivation.steps:
        out.extend(steps_block(derivation.steps))
        for note in derivation.notes:
            out.append(f"\\noindent\\emph{{Note:}} {prose(note)}\n")
    out.append("\\noindent\\textbf{Answer:}")
    out.append(display(answer_statement(derivation)))
    out.append(f"\\noindent\\emph{{{prose(verdict_line(derivation))}}}")
    body = "\n".join(out) + "\n"
    if options.standalone:
        return PREAMBLE + body + "\\end{document}\n"
    return body


def steps_block(steps: list[Step]) -> list[str]:
    out = ["\\begin{enumerate}"]
    for step in steps:
        out.append(f"\\item \\textbf{{{prose(step.heading)}}} --- {_sentence(step)}")
        for fact in step.facts:
            out.append(display(fact))
        if step.substeps:
            out.extend(steps_block(step.substeps))
        equation = step_equation(step)
        if equation is not None:
            out.append(display(equation))
    out.append("\\end{enumerate}")
    return out


def _sentence(step: Step) -> str:
    """The step's sentence: prose escaped, placeholders as inline math."""
    return fill_template(step.text, step.math, inline, literal=prose)
