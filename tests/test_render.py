"""Every output format on one derivation: exact text on a fixed width, JSON by schema."""
import json
import sys

import sympy as sp
import pytest

from symtutor.engine.derivatives import explain_derivative
from symtutor.render import RenderOptions, render
from symtutor.render.notation import latex_math, sympy_string, unicode_math

x = sp.Symbol("x")

EXPECTED_TEXT = """\
d/dx sin(x²)

1. Chain rule — sin(x²) is an outer function sin(u) of an inner function u = x²;
   put u = x² back at the end.
   d/dx sin(u) = cos(u)·du/dx
   1.1 Trigonometric derivative — Outer function: the derivative of sine is
       cosine.
       d/du sin(u) = cos(u)
   1.2 Power rule — Inner function: bring the exponent n = 2 down and lower it
       by one.
       d/dx x^n = n·x^(n - 1)
       d/dx x² = 2x
   d/dx sin(x²) = cos(x²)·2x
2. Simplify — Collect and simplify the result.
   cos(x²)·2x = 2x·cos(x²)

Answer: d/dx sin(x²) = 2x·cos(x²)
✓ Verified: answer agrees with SymPy's diff; all 4 steps check out.
"""


@pytest.fixture(scope="module")
def chain():
    return explain_derivative(sp.sin(x**2), x, input_text="sin(x**2)")


def test_text_exact(chain):
    assert render(chain, "text", RenderOptions(width=80)) == EXPECTED_TEXT


def test_terminal_without_colour_has_the_same_outline(chain):
    out = render(chain, "terminal", RenderOptions(width=80, color=False))
    assert out.strip() == EXPECTED_TEXT.strip()
    assert "\x1b[" not in out


def test_terminal_with_colour_styles_rule_names(chain):
    out = render(chain, "terminal", RenderOptions(width=80, color=True))
    assert "\x1b[" in out and "Chain rule" in out


def test_answer_only(chain):
    out = render(chain, "text", RenderOptions(width=80, show_steps=False))
    assert out.splitlines()[2] == "Answer: d/dx sin(x²) = 2x·cos(x²)"
    assert "Chain rule" not in out


def test_markdown_uses_dollar_math(chain):
    out = render(chain, "markdown")
    assert out.startswith("### $\\frac{d}{d x} \\sin{\\left(x^{2} \\right)}$\n")
    assert "1. **Chain rule** — $\\sin{\\left(x^{2} \\right)}$ is an outer function" in out
    assert "   1. **Trigonometric derivative**" in out
    assert ("**Answer:** $\\frac{d}{d x} \\sin{\\left(x^{2} \\right)} = "
            "2 x \\cos{\\left(x^{2} \\right)}$ ✓") in out


def test_latex_fragment_and_standalone(chain):
    fragment = render(chain, "latex")
    assert fragment.count("\\begin{enumerate}") == fragment.count("\\end{enumerate}") == 2
    assert fragment.count("\\begin{align*}") == fragment.count("\\end{align*}")
    assert "\\documentclass" not in fragment
    document = render(chain, "latex", RenderOptions(standalone=True))
    assert document.startswith("\\documentclass") and document.rstrip().endswith("\\end{document}")


def test_json_schema_and_round_trip(chain):
    data = json.loads(render(chain, "json"))
    assert set(data) >= {"task", "input", "problem", "answer", "answer_latex", "verified", "complete", "steps"}
    assert data["task"] == "diff" and data["verified"] is True and data["complete"] is True
    assert sp.sympify(data["answer"]) == 2 * x * sp.cos(x**2)
    step = data["steps"][0]
    assert set(step) >= {"rule", "text", "before", "after", "substeps"}
    assert step["rule"] == "chain_rule"
    assert sp.sympify(step["before"]) == sp.Derivative(sp.sin(x**2), x)
    assert sp.simplify(sp.sympify(step["after"]) - 2 * x * sp.cos(x**2)) == 0
    assert [s["rule"] for s in step["substeps"]] == ["trig_rule", "power_rule"]


@pytest.mark.parametrize("expr, text", [
    (x**2, "x²"),
    (2 * x * sp.cos(x**2), "2x·cos(x²)"),
    (sp.exp(-x), "e^(-x)"),
    (1 / (2 * sp.sqrt(x)), "1/(2√x)"),
    (sp.Abs(x - 1), "|x - 1|"),
    (sp.log(x), "ln(x)"),
    (sp.asin(x), "arcsin(x)"),
    (sp.pi / 2, "π/2"),
    (sp.oo, "∞"),
    (sp.Matrix([[1, 2], [3, 4]]), "[[1, 2], [3, 4]]"),
    (sp.Integral(x * sp.exp(x), x), "∫ x·e^x dx"),
    (sp.Limit(sp.sin(x) / x, x, 0, "+-"), "lim_{x→0} sin(x)/x"),
])
def test_unicode_notation(expr, text):
    assert unicode_math(expr) == text


def test_huge_integers_are_abbreviated_not_fatal():
    big = sp.Integer(9) ** 5000  # more digits than Python's int-to-str limit
    assert "digits" in unicode_math(big)
    assert "digits" in latex_math(big)
    text = sympy_string(big)  # exact: JSON keeps every digit
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        assert sp.sympify(text) == big
    finally:
        sys.set_int_max_str_digits(limit)


def test_rich_markup_characters_are_printed_literally():
    out = render(explain_derivative(sp.Symbol("x") ** 2, x), "terminal", RenderOptions(color=False))
    assert "d/dx x² = 2x" in out
    assert unicode_math(sp.Matrix([[1]])) == "[[1]]"


def test_column_vectors_print_on_one_line_as_transposed_tuples():
    assert unicode_math(sp.Matrix([-1, 1])) == "(-1, 1)ᵀ"
    assert unicode_math(sp.Matrix([[1, 2], [3, 4]])) == "[[1, 2], [3, 4]]"  # matrices keep the input syntax
    assert unicode_math(sp.Matrix([[1, 2]])) == "[[1, 2]]"  # a row stays a row
    assert "bmatrix" in latex_math(sp.Matrix([-1, 1]))  # LaTeX shows a real column


def test_statements_read_as_words_for_people_and_stay_sympy_in_json():
    from symtutor.engine.critical import critical_points
    from symtutor.engine.eigen import eigenvectors

    x, y = sp.symbols("x y")
    assert unicode_math(critical_points(x**2 + y**2)) == "critical points of x² + y²"
    assert latex_math(eigenvectors(sp.Matrix([[2, 1], [1, 2]]))).startswith(r"\text{eigenvectors of } ")
    assert sympy_string(critical_points(x**2 + y**2)) == "critical_points(x**2 + y**2)"
