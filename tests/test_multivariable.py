"""Gradient, Jacobian, Hessian and critical points on textbook examples: every entry
backed by its derivative step, the intermediate objects (second partials, the system,
D, the minors) asserted, and results checked against SymPy."""
import pytest
import sympy as sp

from symtutor.engine.critical import explain_critical
from symtutor.engine.multivariable import (explain_gradient, explain_hessian, explain_jacobian, partial_step)
from symtutor.errors import UnsupportedError, UsageError
from symtutor.functions import sigmoid
from symtutor.render.notation import unicode_math

x, y, z = sp.symbols("x y z")
a, b, c, d, b1, b2 = sp.symbols("a b c d b1 b2")
M = sp.ImmutableMatrix


def steps_named(derivation, rule):
    return [s for s in derivation.walk() if s.rule == rule]


# --- gradient / Jacobian / Hessian ---------------------------------------------------------


def test_gradient_entries_name_their_rule():
    d_ = explain_gradient(x**2 * y + sp.sin(y), [x, y])
    assert d_.verified, d_.checks
    (grad,) = d_.steps
    assert grad.rule == "gradient"
    fx, fy = grad.substeps
    assert fx.before == sp.Derivative(x**2 * y + sp.sin(y), x) and fx.after == 2 * x * y
    assert fy.after == x**2 + sp.cos(y)
    assert "(sum rule)" in fx.text
    assert fx.substeps == []  # compact by default
    assert d_.answer == M([2 * x * y, x**2 + sp.cos(y)])


def test_detail_expands_every_entry():
    d_ = explain_gradient(x**2 * y + sp.sin(y), [x, y], detail=True)
    fx, fy = d_.steps[0].substeps
    assert fx.substeps[0].rule == "sum_rule" and fy.substeps[0].rule == "sum_rule"
    assert {"power_rule", "trig_rule"} <= {s.rule for s in d_.walk()}
    assert d_.verified


def test_gradient_at_a_point():
    d_ = explain_gradient(x**2 * y + y**3, [x, y], at={x: 1, y: 2})
    assert d_.steps[-1].rule == "evaluate_at_point"
    assert d_.answer == M([4, 13]) and d_.verified


def test_variables_not_in_the_function_give_zero_partials():
    d_ = explain_gradient(x**2, [x, y, z])
    assert d_.answer == M([2 * x, 0, 0]) and d_.verified
    assert "does not depend on" in d_.steps[0].substeps[1].text


def test_jacobian_rows_are_component_gradients():
    d_ = explain_jacobian([x * y, x + y**2], [x, y])
    assert [s.rule for s in d_.steps] == ["jacobian_row", "jacobian_row"]
    assert d_.steps[0].after == M([[y, x]]) and d_.steps[1].after == M([[1, 2 * y]])
    assert d_.answer == M([[y, x], [1, 2 * y]]) and d_.verified


def test_jacobian_of_a_sigmoid_linear_layer():
    """J of sigma(Ax + b) is diag(sigma'(Ax + b)) A for a 2x2 symbolic A."""
    A = sp.Matrix([[a, b], [c, d]])
    pre = A * sp.Matrix([x, y]) + sp.Matrix([b1, b2])
    components = [sigmoid(pre[0]), sigmoid(pre[1])]
    d_ = explain_jacobian(components, [x, y], detail=True)
    assert d_.verified, d_.checks
    assert {"chain_rule", "sigmoid_rule"} <= {s.rule for s in d_.walk()}
    s1, s2 = (sigmoid(p) * (1 - sigmoid(p)) for p in pre)
    expected = sp.Matrix([[s1 * a, s1 * b], [s2 * c, s2 * d]])
    assert sp.simplify(d_.answer - expected) == sp.zeros(2, 2)
    assert sp.simplify(d_.answer - sp.diag(s1, s2) * A) == sp.zeros(2, 2)


def test_hessian_second_partials_and_symmetry():
    f = x**3 - 3 * x * y + y**3
    d_ = explain_hessian(f, [x, y])
    assert d_.verified, d_.checks
    rules = [s.rule for s in d_.steps]
    assert rules == ["first_partials", "hessian_row", "hessian_row", "mixed_partials"]
    assert d_.steps[0].after == M([3 * x**2 - 3 * y, 3 * y**2 - 3 * x])
    assert d_.steps[1].before == M([[sp.Derivative(3 * x**2 - 3 * y, x), sp.Derivative(3 * x**2 - 3 * y, y)]])
    assert d_.steps[1].after == M([[6 * x, -3]])
    symmetry = d_.steps[3]
    assert "Schwarz" in symmetry.text and len(symmetry.facts) == 2
    assert d_.answer == M([[6 * x, -3], [-3, 6 * y]]) == sp.hessian(f, (x, y))


def test_hessian_at_point():
    d_ = explain_hessian(x**3 - 3 * x * y + y**3, [x, y], at={x: 1, y: 2})
    assert d_.answer == M([[6, -3], [-3, 12]]) and d_.verified


def test_messy_three_variable_hessian_finishes():
    f = sp.exp(x * y * z) * sp.sin(x + y**2) / (1 + z**2) + sp.log(1 + x**2 * y**2)
    d_ = explain_hessian(f, [x, y, z])
    assert d_.verified
    assert d_.answer.shape == (3, 3)


def test_partial_step_keeps_cas_substeps_even_when_compact():
    f = sp.Function("g")(x) * y
    step = partial_step(sp.besselj(0, x) * y, x)
    assert step.substeps and not step.complete
    del f


def test_variable_limits():
    with pytest.raises(UsageError, match="no variables"):
        explain_gradient(sp.Integer(3), [])
    with pytest.raises(UsageError, match="at most 10"):
        explain_gradient(x, sp.symbols("v0:11"))


# --- critical points --------------------------------------------------------------------------


def test_critical_minimum_and_saddle():
    d_ = explain_critical(x**3 - 3 * x + y**2, [x, y])
    assert d_.verified, d_.checks
    assert d_.answer == {sp.Tuple(1, 0): "local minimum", sp.Tuple(-1, 0): "saddle point"}
    solve = steps_named(d_, "solve_gradient")[0]
    assert solve.math["system"] == sp.Tuple(sp.Eq(3 * x**2 - 3, 0), sp.Eq(2 * y, 0))
    first = solve.substeps[0]
    assert first.rule == "solve_equation" and first.math["factored"].lhs == sp.factor(3 * x**2 - 3)
    tests = steps_named(d_, "discriminant_test")
    assert [t.after for t in tests] == [12, -12]
    assert unicode_math(tests[0].before) == "6·2 - 0²"
    assert "positive definite" in tests[0].text and "saddle" in tests[1].text
    assert d_.steps[2].after == M([[6 * x, 0], [0, 2]])


def test_critical_maximum():
    d_ = explain_critical(-x**2 - y**2 + 2 * x, [x, y])
    assert d_.answer == {sp.Tuple(1, 0): "local maximum"} and d_.verified
    (test,) = steps_named(d_, "discriminant_test")
    assert test.after == 4 and test.math["fxx"] == -2 and "negative definite" in test.text


def test_critical_inconclusive():
    d_ = explain_critical(x**4 + y**4, [x, y])
    assert d_.answer == {sp.Tuple(0, 0): "inconclusive"} and d_.verified
    (test,) = steps_named(d_, "discriminant_test")
    assert test.after == 0 and "inconclusive" in test.text


def test_critical_coupled_system_uses_substitution():
    d_ = explain_critical(x**3 - 3 * x * y + y**3, [x, y])
    assert d_.answer == {sp.Tuple(0, 0): "saddle point", sp.Tuple(1, 1): "local minimum"}
    assert steps_named(d_, "substitution") and d_.verified


def test_critical_zero_product_cases():
    d_ = explain_critical(x * y * (x + y - 3), [x, y])
    assert steps_named(d_, "zero_product")
    assert d_.answer[sp.Tuple(1, 1)] == "local minimum"
    assert sum(v == "saddle point" for v in d_.answer.values()) == 3 and d_.verified


def test_critical_one_variable_uses_second_derivative():
    d_ = explain_critical(x**3 - 3 * x, [x])
    assert d_.answer == {1: "local minimum", -1: "local maximum"} and d_.verified
    tests = steps_named(d_, "second_derivative_test")
    assert [t.math["value"] for t in tests] == [6, -6]
    assert "concave up" in tests[0].text


def test_critical_three_variables_principal_minors():
    d_ = explain_critical(x**2 + y**2 + z**2 - x * y, [x, y, z])
    assert d_.answer == {sp.Tuple(0, 0, 0): "local minimum"} and d_.verified
    (test,) = steps_named(d_, "principal_minors_test")
    values = [f.rhs for f in test.facts[1::2]]
    assert values == [2, 3, 6] and "Sylvester" in test.text


def test_critical_three_variables_saddle_and_eigenvalue_fallback():
    d_ = explain_critical(x**2 - y**2 + z**2, [x, y, z])
    assert d_.answer == {sp.Tuple(0, 0, 0): "saddle point"}
    d2 = explain_critical(x**2 + y**2 + z**4, [x, y, z])
    assert d2.answer == {sp.Tuple(0, 0, 0): "inconclusive"}
    assert steps_named(d2, "eigenvalue_test") and d2.verified


def test_no_critical_points():
    d_ = explain_critical(x + y, [x, y])
    assert d_.answer == {} and d_.verified
    assert "no critical points" in steps_named(d_, "solve_gradient")[0].text


def test_no_closed_form_is_unsupported():
    with pytest.raises(UnsupportedError, match="no closed-form"):
        explain_critical(x * sp.sin(x) + y**2 + sp.exp(x), [x, y])
