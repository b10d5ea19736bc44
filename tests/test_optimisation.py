"""Gradient descent, Newton's method and Lagrange multipliers on textbook examples."""
import json

import pytest
import sympy as sp

from symtutor.engine.optimisation import explain_descend, explain_lagrange, explain_newton
from symtutor.errors import UnsupportedError, UsageError
from tests.cli_helpers import run, status

x, y = sp.symbols("x y")


def facts_of(step) -> dict:
    return {sp.sstr(f.lhs): f.rhs for f in step.facts if isinstance(f, sp.Equality)}


def close(a, b, tol=1e-12) -> bool:
    return abs(float(a) - float(b)) < tol


def test_two_gradient_descent_iterations_by_hand():
    """f = x² + 3y², θ₀ = (1, 1), η = 0.1: ∇f = (2x, 6y); θ₁ = (1 − 0.2, 1 − 0.6) = (0.8, 0.4);
    ∇f(θ₁) = (1.6, 2.4); θ₂ = (0.8 − 0.16, 0.4 − 0.24) = (0.64, 0.16)."""
    d = explain_descend(x**2 + 3 * y**2, [x, y], [1, 1], rate=sp.Float(0.1), iterations=2)
    assert d.verified, d.checks
    rules = [s.rule for s in d.steps]
    assert rules == ["gradient", "update_rule", "gd_iteration", "gd_iteration", "gd_result"]
    assert list(d.steps[0].after) == [2 * x, 6 * y]
    first, second = d.steps[2], d.steps[3]
    f1 = facts_of(first)
    assert list(f1["theta_0"]) == [1, 1] and list(f1["grad_f_theta_0"]) == [2, 6]
    assert [close(v, w) for v, w in zip(f1["eta_grad_f_theta_0"], [0.2, 0.6])] == [True, True]
    assert f1["f_theta_0"] == 4
    # the first update is written with the numbers put in: 1 - 0.1·2
    assert sp.sstr(first.before[0]).replace(" ", "").startswith("1-0.1")
    assert all(close(a, b) for a, b in zip(first.after, [0.8, 0.4]))
    assert first.substeps[0].rule == "evaluate_gradient"
    f2 = facts_of(second)
    assert all(close(a, b) for a, b in zip(f2["grad_f_theta_1"], [1.6, 2.4]))
    assert close(f2["f_theta_1"], 1.12)
    assert all(close(a, b) for a, b in zip(second.after, [0.64, 0.16]))
    assert all(close(a, b) for a, b in zip(d.answer, [0.64, 0.16]))
    assert any("recomputed independently" in c for c in d.checks)
    assert any("2/6 = 1/3" in n and "converge" in n for n in d.notes)


def test_descent_exact_with_a_fraction_rate():
    d = explain_descend(x**2, [x], [3], rate=sp.Rational(1, 4), iterations=2)
    assert d.verified and d.answer == sp.Rational(3, 4)


def test_descent_divergence_is_noted():
    d = explain_descend(x**2, [x], [1], rate=sp.Float(1.5), iterations=4)
    assert d.verified and close(d.answer, 16)
    assert any("diverg" in n for n in d.notes)


def test_descent_blow_up_stops():
    d = explain_descend(x**2, [x], [1], rate=sp.Integer(10**7), iterations=5)
    assert any("blew up" in n for n in d.notes)


def test_momentum_iterations():
    """v₁ = −0.1·2 = −0.2, x₁ = 0.8; v₂ = 0.5(−0.2) − 0.1·1.6 = −0.26, x₂ = 0.54."""
    d = explain_descend(x**2, [x], [1], rate=sp.Float(0.1), iterations=2, momentum=sp.Float(0.5))
    assert d.verified, d.checks
    assert close(d.steps[2].after, 0.8) and close(d.steps[3].after, 0.54)
    assert close(facts_of(d.steps[3])["v_2"], -0.26)


def test_newton_square_root_of_two():
    """x² − 2 from 1: 3/2, 17/12, 577/408, … (1.5, 1.41667, 1.414216)."""
    d = explain_newton(x**2 - 2, [x], [1], iterations=3)
    assert d.verified, d.checks
    iterations = [s for s in d.steps if s.rule == "newton_iteration"]
    assert [s.after for s in iterations] == [sp.Rational(3, 2), sp.Rational(17, 12), sp.Rational(577, 408)]
    assert close(iterations[1].after, 1.41667, 1e-5)
    first = iterations[0]
    assert [s.rule for s in first.substeps] == ["evaluate_f", "evaluate_derivative"]
    assert first.substeps[0].after == -1 and first.substeps[1].after == 2
    assert close(d.answer, 2**0.5, 1e-5)


def test_newton_cubic_wallis():
    d = explain_newton(x**3 - 2 * x - 5, [x], [2], iterations=4)
    assert d.verified and close(d.answer, 2.0945514815423265, 1e-12)
    assert any("Converged" in n for n in d.notes)


def test_newton_zero_derivative_is_an_error():
    with pytest.raises(UnsupportedError, match="horizontal tangent"):
        explain_newton(x**2 + 1, [x], [0])


def test_newton_optimisation_quadratic_lands_in_one_step():
    d = explain_newton(x**2 + 3 * y**2 - x * y, [x, y], [1, 1], iterations=5)
    assert d.verified, d.checks
    its = [s for s in d.steps if s.rule == "newton_iteration"]
    assert len(its) == 1 and list(d.answer) == [0, 0]
    assert list(facts_of(its[0])["H_theta_0"]) == [2, -1, -1, 6]


def test_newton_singular_hessian():
    with pytest.raises(UnsupportedError, match="singular"):
        explain_newton(x**3 + y**2, [x, y], [0, 1])


def test_lagrange_xy_on_a_line():
    """L = xy − λ(x + y − 10): y = λ, x = λ, x + y = 10 → x = y = λ = 5, f = 25, a maximum."""
    d = explain_lagrange(x * y, [x + y - 10], [x, y])
    assert d.verified, d.checks
    assert d.answer == sp.FiniteSet(sp.Tuple(5, 5))
    candidate = next(s for s in d.steps if s.rule == "candidate")
    assert candidate.math["mult"] == sp.Eq(sp.Symbol("lambda"), 5, evaluate=False)
    assert candidate.math["value"] == 25
    assert candidate.substeps[0].rule == "constraint_check"
    compare = d.steps[-1]
    assert "local maximum" in compare.text
    assert explain_lagrange(x * y, [x + y - 10], [x, y], find="max").answer == 25


def test_lagrange_circle_names_max_and_min():
    d = explain_lagrange(x + y, [x**2 + y**2 - 1], [x, y])
    assert d.verified
    assert len(d.answer) == 2
    assert explain_lagrange(x + y, [x**2 + y**2 - 1], [x, y], find="min").answer == -sp.sqrt(2)


@pytest.mark.parametrize("kwargs, message", [
    ({"iterations": 0}, "iterations"),
    ({"rate": -1}, "rate"),
    ({"momentum": 1}, "momentum"),
])
def test_descent_bad_options(kwargs, message):
    args = {"rate": sp.Float(0.1), "iterations": 2, **kwargs}
    with pytest.raises(UsageError, match=message):
        explain_descend(x**2, [x], [1], **{k: sp.sympify(v) if k != "iterations" else v for k, v in args.items()})


# --- CLI --------------------------------------------------------------------------------


def test_cli_descend_json():
    result = run("descend", "x**2 + 3*y**2", "--from", "1,1", "--rate", "0.1", "--iterations", "5", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verified"] is True
    answer = sp.sympify(data["answer"])
    assert all(close(a, b, 1e-9) for a, b in zip(answer, [0.32768, 0.01024]))
    assert sum(1 for s in data["steps"] if s["rule"] == "gd_iteration") == 5


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "terminal"])
def test_cli_newton_all_formats(fmt):
    result = run("newton", "x**3 - 2*x - 5", "--from", "2", "--iterations", "4", "-f", fmt)
    assert result.exit_code == 0, result.output
    assert "2.0945" in result.output


def test_cli_newton_optimisation_and_lagrange_json():
    result = run("newton", "x**2 + 3*y**2 - x*y", "--from", "1,1", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.output)["verified"] is True
    result = run("lagrange", "x*y", "--subject-to", "x + y - 10", "-f", "json")
    data = json.loads(result.output)
    assert data["verified"] is True and sp.sympify(data["answer"]) == sp.FiniteSet(sp.Tuple(5, 5))


@pytest.mark.parametrize("args", [
    ["descend", "x^2 + y^2", "--from", "1"],
    ["descend", "x^2", "--from", "1", "--rate", "-0.5"],
    ["descend", "x^2"],
    ["newton", "x^2 - 2", "--from", "a"],
    ["lagrange", "x*y"],
    ["lagrange", "x*y", "--subject-to", "x + y - 10; x - y"],
])
def test_cli_errors_exit_2(args):
    result = run(*args)
    assert status(result) == 2, result.output
