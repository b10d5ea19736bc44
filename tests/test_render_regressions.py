"""Regressions found while checking that every output renders (issue 8)."""
import re

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


def _html_with_math_protected(markdown: str) -> str:
    """CommonMark HTML of ``markdown`` with each $...$ replaced by a token first, as Jupyter does."""
    import re

    from markdown_it import MarkdownIt

    protected = re.sub(r"(?<!\\)\$[^$\n]+?(?<!\\)\$", "MATH", markdown)
    return MarkdownIt("commonmark").render(protected)


def test_markdown_prose_never_turns_into_emphasis_and_equations_get_their_own_lines():
    from symtutor.render import render
    from symtutor.steps import Derivation, Step

    y = sp.Symbol("y")
    inner = Step(rule="power_rule", title="Power rule", text="Bring down n = 2 (not a*b or x_ or $5).",
                 before=sp.Derivative(x**2, x), after=2 * x)
    step = Step(rule="sum_rule", title="Sum rule", text="Differentiate {f} term by term.", math={"f": x**2 + y},
                before=sp.Derivative(x**2 + y, x), after=2 * x, substeps=[inner], facts=[sp.Eq(y, 3)])
    derivation = Derivation(task="diff", input="x^2 + y", problem={}, statement=sp.Derivative(x**2 + y, x),
                            steps=[step], answer=2 * x, verified=True, checks=["it checks"],
                            notes=["(sigma_1**2 + (mu_1 - mu_2)**2)/(2*sigma_2**2) nats"])
    html = _html_with_math_protected(render(derivation, "markdown"))
    assert html.count("<strong>") == 4  # Sum rule, Power rule and the Note and Answer labels only
    assert "<em>" in html and html.count("<em>") == 1  # the verdict line
    assert "(sigma_1**2 + (mu_1 - mu_2)**2)/(2*sigma_2**2) nats" in html
    assert "not a*b or x_ or $5" in html
    # each equation is a paragraph of its own inside the list item, not glued to the sentence
    assert re.search(r"<li>\s*<p><strong>Sum rule</strong>.*?</p>\s*<p>MATH</p>", html, re.S)
    assert "<ol>" in html and html.count("<li>") == 2


def test_minus_a_written_sum_keeps_its_parentheses():
    """-(a/2 + b/4) must not print as -a/2 + b/4 (a different number)."""
    import sympy as sp

    from symtutor.render.notation import unicode_math

    a, b = sp.symbols("a b")
    written = sp.Mul(-1, sp.Add(a / 2, b / 4, evaluate=False), evaluate=False)
    assert unicode_math(written) == "-(a/2 + b/4)"
    assert unicode_math(sp.Mul(-1, a + b, evaluate=False)) == "-(a + b)"


def test_a_written_sum_of_numbers_keeps_its_order():
    import sympy as sp

    from symtutor.render.notation import unicode_math

    terms = sp.Add(sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 4), evaluate=False)
    assert unicode_math(terms) == "1/2 + 1/4 + 1/4"
    assert unicode_math(sp.log(sp.Rational(1, 2)) / 2) == "-ln(2)/2"
