"""Regressions found while checking that every output renders (issue 8)."""
import sympy as sp
import pytest

from symtutor.render.notation import latex_math, unicode_math

x = sp.Symbol("x")


@pytest.mark.parametrize("expr, text, tex", [
    (1 / x, "1/x", r"\frac{1}{x}"),
    (x**-2, "1/x²", r"\frac{1}{x^{2}}"),
    (1 / (x + 1), "1/(x + 1)", r"\frac{1}{x + 1}"),
    (sp.Limit(1 / x, x, 0, "+"), "lim_{x→0⁺} 1/x", r"\lim_{x \to 0^+} \frac{1}{x}"),
])
def test_reciprocals_print_as_fractions(expr, text, tex):
    """A power x**-1 is not a product "written" in the order x, -1 (it printed as x·(-1))."""
    assert unicode_math(expr) == text
    assert latex_math(expr) == tex
