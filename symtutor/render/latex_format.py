"""LaTeX: a fragment (enumerate + align*) by default, a whole document when standalone.

Every fragment typesets in MathJax as well as in LaTeX (tests/test_mathjax.py checks it),
and the standalone document compiles with pdflatex from a basic TeX installation
(amsmath, amssymb, geometry only).  Prose is escaped and kept to characters pdflatex's
default UTF-8 input understands: mathematical Unicode in prose becomes inline math.
"""
from __future__ import annotations

import unicodedata

import sympy as sp

from symtutor.render import RenderOptions
from symtutor.render.notation import latex_math
from symtutor.render.outline import answer_statement, step_equation, verdict_line
from symtutor.steps import Derivation, Step, fill_template

_GREEK_PROSE = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}

_PROSE = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    # OT1 text fonts print | < > as other glyphs: use the named characters
    "|": r"\textbar{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "—": "---", "–": "--", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\ldots{}", "′": "'", "−": "-",
    "✓": r"$\checkmark$", "✗": r"$\times$", "≠": r"$\neq$", "≤": r"$\leq$", "≥": r"$\geq$", "≈": r"$\approx$",
    "→": r"$\to$", "←": r"$\leftarrow$", "⇒": r"$\Rightarrow$", "⇔": r"$\Leftrightarrow$", "↦": r"$\mapsto$",
    "·": r"$\cdot$", "×": r"$\times$", "÷": r"$\div$", "±": r"$\pm$", "∓": r"$\mp$", "∞": r"$\infty$",
    "∂": r"$\partial$", "∫": r"$\int$", "∑": r"$\sum$", "∏": r"$\prod$", "√": r"$\surd$", "∇": r"$\nabla$",
    "∈": r"$\in$", "∉": r"$\notin$", "⊂": r"$\subset$", "⊆": r"$\subseteq$", "∪": r"$\cup$", "∩": r"$\cap$",
    "∅": r"$\emptyset$", "∀": r"$\forall$", "∃": r"$\exists$", "¬": r"$\neg$", "∧": r"$\wedge$", "∨": r"$\vee$",
    "°": r"$^\circ$", "²": r"$^2$", "³": r"$^3$", "¹": r"$^1$", "⁻": r"$^-$", "ⁿ": r"$^n$", "⁺": r"$^+$",
    "₀": r"$_0$", "₁": r"$_1$", "₂": r"$_2$", "₃": r"$_3$", "ᵀ": r"$^T$", "∘": r"$\circ$", "⊤": r"$^T$",
    "\u00a0": "~",
    **{ch: f"$\\{name}$" for ch, name in _GREEK_PROSE.items()},
}

# Just enough for a derivation on paper: AMS maths and sensible margins.  Nothing beyond
# texlive-latex-base is needed.  \allowdisplaybreaks lets long chains of steps span pages.
PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.5cm]{geometry}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\begin{document}
"""
END = "\\end{document}\n"


def document(body: str) -> str:
    """``body`` (one or more fragments) as a complete, compilable document."""
    return PREAMBLE + "\n" + body.rstrip("\n") + "\n\n" + END


def prose(text: str) -> str:
    """Plain text made safe for LaTeX (special characters escaped, Unicode maths as inline math)."""
    return "".join(_prose_char(ch) for ch in text)


def _prose_char(ch: str) -> str:
    if ch in _PROSE:
        return _PROSE[ch]
    if ord(ch) < 128 or unicodedata.category(ch).startswith("L") and ord(ch) < 0x250:
        return ch  # ASCII, and Latin letters (é, ß, ł) that the UTF-8 input encoding knows
    plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return prose(plain) if plain else "?"


def inline(expr) -> str:
    return f"${latex_math(expr)}$"


def aligned(pair) -> str:
    """The body of an ``align*`` row: ``lhs &= rhs`` for an equation or (before, after) pair.

    The alignment mark goes beside the top-level equals sign, never inside the left side
    (``P(X = 5) = 1/32`` keeps its inner ``=``), and a pair with more than two parts
    aligns on the first equals sign only.
    """
    if isinstance(pair, tuple):
        parts = [latex_math(p) for p in pair]
        return parts[0] + " &= " + " = ".join(parts[1:]) if len(parts) > 1 else parts[0]
    if isinstance(pair, sp.Equality):
        return f"{latex_math(pair.lhs)} &= {latex_math(pair.rhs)}"
    return latex_math(pair)


def display(pair) -> str:
    """An ``align*`` block for an equation or (before, after) pair."""
    return "\\begin{align*}\n  " + aligned(pair) + "\n\\end{align*}"


def render(derivation: Derivation, options: RenderOptions) -> str:
    statement = derivation.statement if derivation.statement is not None else derivation.answer
    out = [f"\\paragraph{{{inline(statement)}}}\\mbox{{}}", ""]
    if options.show_steps and derivation.steps:
        out.extend(steps_block(derivation.steps))
        for note in derivation.notes:
            out.append(f"\\noindent\\emph{{Note:}} {prose(note)}\n")
    out.append("\\noindent\\textbf{Answer:}")
    out.append(display(answer_statement(derivation)))
    out.append(f"\\noindent\\emph{{{prose(verdict_line(derivation))}}}")
    body = "\n".join(out) + "\n"
    if options.standalone:
        return document(body)
    return body


# LaTeX's enumerate nests at most four deep; steps below the fourth level are listed in
# the fourth-level list with their dotted numbers (4.1, 4.1.2) instead of nesting further.
MAX_LIST_DEPTH = 4


def steps_block(steps: list[Step], depth: int = 1) -> list[str]:
    out = ["\\begin{enumerate}"]
    for number, step in enumerate(steps, 1):
        if depth < MAX_LIST_DEPTH:
            out.extend(_step_item(step, "\\item"))
            if step.substeps:
                out.extend(steps_block(step.substeps, depth + 1))
            out.extend(_step_equation(step))
        else:
            out.extend(_flat_items(step, f"{number}"))
    out.append("\\end{enumerate}")
    return out


def _step_item(step: Step, item: str) -> list[str]:
    lines = [f"{item} \\textbf{{{prose(step.heading)}}} --- {_sentence(step)}"]
    lines.extend(display(fact) for fact in step.facts)
    return lines


def _step_equation(step: Step) -> list[str]:
    equation = step_equation(step)
    return [display(equation)] if equation is not None else []


def _flat_items(step: Step, label: str) -> list[str]:
    """``step`` and everything below it as items of one list, labelled 2, 2.1, 2.1.1, ..."""
    lines = _step_item(step, f"\\item[{label}.]")
    for k, sub in enumerate(step.substeps, 1):
        lines.extend(_flat_items(sub, f"{label}.{k}"))
    if step.substeps and step_equation(step) is not None:
        lines.append(f"\\item[] \\emph{{{prose('Together (step ' + label + '):')}}}")
    lines.extend(_step_equation(step))
    return lines


def _sentence(step: Step) -> str:
    """The step's sentence: prose escaped, placeholders as inline math."""
    return fill_template(step.text, step.math, inline, literal=prose)
