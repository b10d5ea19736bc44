"""The derivative from its definition: the routes a textbook takes, the limit engine for
the limit of the difference quotient (never L'Hopital), answers checked against diff."""
import pytest
import sympy as sp

from symtutor.engine.definition import explain_from_definition

x = sp.Symbol("x")


def derive(f, **kw):
    d = explain_from_definition(f, x, at=kw.get("at"), input_text=str(f))
    assert d.verified, d.checks
    return d


def rules(d):
    return [s.rule for s in d.walk()]


@pytest.mark.parametrize("f, route", [
    (x**2, "cancel_h"),
    (3 * x**3 - 2 * x, "cancel_h"),
    (1 / x, "cancel_h"),
    (sp.sqrt(x), "multiply_by_conjugate"),
    (sp.sin(x), "angle_addition"),
    (sp.cos(x), "angle_addition"),
    (sp.cos(2 * x), "sum_to_product"),
    (sp.exp(x), "standard_limits"),
    (sp.log(x), "logarithm_laws"),
])
def test_routes(f, route):
    d = derive(f)
    assert d.steps[0].rule == "difference_quotient"
    assert route in rules(d)
    assert "lhopital" not in rules(d)
    assert d.complete, rules(d)
    assert sp.simplify(d.answer - sp.diff(f, x)) == 0


def test_cos_2x_shows_the_product_and_the_standard_limit():
    d = derive(sp.cos(2 * x))
    h = sp.Symbol("h")
    stp = next(s for s in d.walk() if s.rule == "sum_to_product")
    assert sp.simplify(stp.after - (-2 * sp.sin(2 * x + h) * sp.sin(h) / h)) == 0
    std = next(s for s in d.walk() if s.rule == "standard_limits")
    assert sp.Eq(sp.Symbol("u"), h, evaluate=False) in std.facts


def test_at_a_point():
    d = derive(x**2, at={x: 3})
    assert d.answer == 6 and d.steps[-1].rule == "evaluate_at_point"


def test_unexplained_limit_is_an_honest_cas_step():
    d = derive(sp.atan(x))
    assert not d.complete and "cas" in rules(d)


@pytest.mark.parametrize("c, k", [(1, 1), (3, 2)])
def test_tangent_by_one_fraction_and_the_subtraction_formula(c, k):
    f = c * sp.tan(k * x)
    d = derive(f)
    h = sp.Symbol("h")
    one = next(s for s in d.walk() if s.rule == "tangent_difference")
    expected = c * sp.sin(k * h) / (h * sp.cos(k * x) * sp.cos(k * x + k * h))
    assert sp.simplify(one.after - expected) == 0
    assert sp.simplify(one.math["num"] - sp.sin(k * h)) == 0  # the subtraction formula, checked
    assert d.complete and "lhopital" not in rules(d)
    assert sp.simplify(d.answer - sp.diff(f, x)) == 0
