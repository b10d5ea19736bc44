"""Every derivative rule on a textbook example: the rule named, the intermediate
expressions shown, and the answer checked independently against sympy.diff."""
import sympy as sp
import pytest

from symtutor.engine.derivatives import derive, explain_derivative
from symtutor.functions import sigmoid
from symtutor.verify import equivalent

x, y = sp.symbols("x y")


def rules(step):
    return [s.rule for s in step.walk()]


def explained(f, **kw):
    d = explain_derivative(f, kw.pop("var", x), **kw)
    assert d.verified, d.checks
    return d


@pytest.mark.parametrize("f, rule, result", [
    (sp.Integer(7), "constant_rule", 0),
    (x, "identity_rule", 1),
    (x**5, "power_rule", 5 * x**4),
    (x**-2, "power_rule", -2 * x**-3),
    (sp.sqrt(x), "power_rule", 1 / (2 * sp.sqrt(x))),
    (x ** sp.Rational(2, 3), "power_rule", sp.Rational(2, 3) * x ** sp.Rational(-1, 3)),
    (2**x, "exponential_rule", 2**x * sp.log(2)),
    (sp.exp(x), "exp_rule", sp.exp(x)),
    (sp.log(x), "log_rule", 1 / x),
    (sp.sin(x), "trig_rule", sp.cos(x)),
    (sp.cos(x), "trig_rule", -sp.sin(x)),
    (sp.tan(x), "trig_rule", sp.sec(x) ** 2),
    (sp.cot(x), "trig_rule", -sp.csc(x) ** 2),
    (sp.sec(x), "trig_rule", sp.sec(x) * sp.tan(x)),
    (sp.csc(x), "trig_rule", -sp.csc(x) * sp.cot(x)),
    (sp.asin(x), "inverse_trig_rule", 1 / sp.sqrt(1 - x**2)),
    (sp.acos(x), "inverse_trig_rule", -1 / sp.sqrt(1 - x**2)),
    (sp.atan(x), "inverse_trig_rule", 1 / (1 + x**2)),
    (sp.sinh(x), "hyperbolic_rule", sp.cosh(x)),
    (sp.cosh(x), "hyperbolic_rule", sp.sinh(x)),
    (sp.tanh(x), "hyperbolic_rule", 1 - sp.tanh(x) ** 2),
    (sp.asinh(x), "inverse_hyperbolic_rule", 1 / sp.sqrt(x**2 + 1)),
    (sp.acosh(x), "inverse_hyperbolic_rule", 1 / sp.sqrt(x**2 - 1)),
    (sp.atanh(x), "inverse_hyperbolic_rule", 1 / (1 - x**2)),
    (sp.Abs(x), "abs_rule", sp.sign(x)),
    (sigmoid(x), "sigmoid_rule", sigmoid(x) * (1 - sigmoid(x))),
])
def test_single_rule(f, rule, result):
    step = derive(f, x)
    assert step.rule == rule
    assert step.before == sp.Derivative(f, x)
    assert equivalent(step.after, result, domain=[f])
    xr = sp.Symbol("x", real=True)
    reference = sp.diff(f.subs(x, xr), xr).subs(xr, x)
    assert equivalent(explained(f).answer, reference, domain=[f])


def test_chain_rule_shows_outer_and_inner_derivatives():
    step = derive(sp.sin(x**2), x)
    assert step.rule == "chain_rule"
    outer, inner = step.substeps
    u = sp.Symbol("u")
    assert outer.before == sp.Derivative(sp.sin(u), u) and outer.after == sp.cos(u)
    assert inner.rule == "power_rule" and inner.after == 2 * x
    assert step.math["u_def"] == sp.Eq(u, x**2)
    assert sp.simplify(step.after - 2 * x * sp.cos(x**2)) == 0


def test_chain_rule_any_depth():
    d = explained(sp.exp(sp.sin(x**3)))
    assert rules(d.steps[0])[:3] == ["chain_rule", "exp_rule", "chain_rule"]
    assert sp.simplify(d.answer - 3 * x**2 * sp.cos(x**3) * sp.exp(sp.sin(x**3))) == 0


def test_sum_and_constant_multiple():
    step = derive(3 * x**2 - 5 * x + 2, x)
    assert step.rule == "sum_rule"
    assert {s.rule for s in step.substeps} == {"constant_multiple_rule", "constant_rule"}
    assert sp.expand(step.after.doit()) == 6 * x - 5


def test_product_rule_three_factors():
    f = x * sp.sin(x) * sp.exp(x)
    step = derive(f, x)
    assert step.rule == "product_rule" and len(step.substeps) == 3
    assert sp.simplify(step.after - sp.diff(f, x)) == 0


def test_quotient_rule_names_u_and_v():
    step = derive(sp.sin(x) / x**2, x)
    assert step.rule == "quotient_rule"
    assert step.math["u"].rhs == sp.sin(x) and step.math["v"].rhs == x**2
    assert [s.after for s in step.substeps] == [sp.cos(x), 2 * x]


def test_exponential_base_a_with_chain():
    d = explained(3 ** (x**2))
    assert d.steps[0].rule == "chain_rule"
    assert "exponential_rule" in rules(d.steps[0])


def test_general_power_by_logarithmic_differentiation():
    d = explained(x**x)
    step = d.steps[0]
    assert step.rule == "logarithmic_differentiation"
    assert step.substeps[0].before == sp.Derivative(x * sp.log(x), x)
    assert sp.simplify(d.answer - x**x * (sp.log(x) + 1)) == 0


def test_log_base_b_is_constant_multiple_of_ln():
    d = explained(sp.log(x, 2))
    assert d.steps[0].rule == "constant_multiple_rule"
    assert sp.simplify(d.answer - 1 / (x * sp.log(2))) == 0


def test_sigmoid_of_a_linear_layer():
    w, b = sp.symbols("w b")
    d = explained(sp.log(sigmoid(w * x + b)), var=w)
    assert "sigmoid_rule" in rules(d.steps[0])
    assert equivalent(d.answer, x * (1 - sigmoid(w * x + b)))


def test_partial_derivative_treats_other_symbols_as_constants():
    d = explained(x**2 * y + sp.sin(y), var=y)
    assert equivalent(d.answer, x**2 + sp.cos(y))
    assert any(s.rule == "constant_multiple_rule" and s.math["c"] == x**2 for s in d.walk())


def test_higher_order_each_from_the_previous():
    d = explained(x**4, order=3)
    assert [s.rule for s in d.steps] == ["higher_derivative"] * 3
    assert [s.after for s in d.steps] == [4 * x**3, 12 * x**2, 24 * x]
    assert d.answer == 24 * x


def test_evaluate_at_point():
    d = explained(x**3 - 3 * x, at={x: 2})
    assert d.steps[-1].rule == "evaluate_at_point"
    assert d.answer == 9


def test_simplify_step_shows_raw_and_simplified():
    d = explained(sp.sin(x**2))
    last = d.steps[-1]
    assert last.rule == "simplify"
    assert last.before != last.after and last.after == 2 * x * sp.cos(x**2)


def test_unexplained_function_is_an_honest_cas_step():
    d = explained(sp.erf(x))
    assert d.steps[0].rule == "cas"
    assert d.complete is False and d.verified is True


def test_wrong_step_is_caught_by_verification():
    from symtutor.verify import failing_steps

    step = derive(sp.sin(x**2), x)
    step.substeps[1].after = x  # corrupt the inner derivative
    assert failing_steps([step]) == [step.substeps[1]]
