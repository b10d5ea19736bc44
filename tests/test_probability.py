"""Expectation, variance and Bayes on textbook examples: the written-out terms, the
intermediate values and the answers, each checked independently."""
import sympy as sp
import pytest

from symtutor.engine.distributions import continuous_from_pdf, finite_from_table, named_distribution
from symtutor.engine.probability import explain_bayes, explain_expectation, explain_variance
from symtutor.errors import UsageError
from symtutor.steps import CAS_RULE

R = sp.Rational
X = sp.Symbol("X")


def rules(derivation):
    return [s.rule for s in derivation.walk()]


def step(derivation, rule):
    return next(s for s in derivation.walk() if s.rule == rule)


def test_dice_game_expectation_is_minus_100_over_3():
    die = named_distribution("DiscreteUniform", [1, 6])
    x = die.var
    g = sp.Piecewise((300, x <= 2), (-200, True))
    d = explain_expectation(die, g, X)
    assert d.verified, d.checks
    assert d.answer == R(-100, 3)
    assert rules(d) == ["distribution_table", "evaluate_g", "expectation_sum", "add_terms"]
    assert [f.rhs for f in step(d, "distribution_table").facts] == [R(1, 6)] * 6
    assert [f.rhs for f in step(d, "evaluate_g").facts] == [300, 300, -200, -200, -200, -200]
    weighted = step(d, "expectation_sum")
    assert [t.args for t in weighted.before.args] == [(300, R(1, 6))] * 2 + [(-200, R(1, 6))] * 4
    assert list(weighted.after.args) == [50, 50] + [R(-100, 3)] * 4
    # independent check: win 300 with probability 1/3, lose 200 with probability 2/3
    assert 300 * R(1, 3) - 200 * R(2, 3) == R(-100, 3)


def test_table_expectation_term_by_term():
    d = explain_expectation(finite_from_table({1: R(1, 3), 2: R(1, 3), 3: R(1, 3)}), sp.Symbol("x", real=True), X)
    assert d.verified and d.answer == 2
    assert rules(d) == ["check_distribution", "expectation_sum", "add_terms"]
    assert step(d, "check_distribution").after == 1
    assert list(step(d, "expectation_sum").after.args) == [R(1, 3), R(2, 3), 1]


def test_binomial_mean_and_variance():
    b = named_distribution("Binomial", [10, R(1, 2)])
    mean = explain_expectation(b, b.var, X)
    assert mean.verified and mean.answer == 5
    assert len(step(mean, "distribution_table").facts) == 11
    assert step(mean, "distribution_table").facts[5].rhs == R(63, 256)   # C(10,5)/2^10
    var = explain_variance(b, X)
    assert var.verified and var.answer == R(5, 2)
    assert any("Binomial variance formula" in c for c in var.checks)
    second = step(var, "second_moment")
    assert second.math["EX2"].rhs == R(55, 2)
    shortcut = step(var, "variance_shortcut")
    assert shortcut.after == R(5, 2)
    assert step(var, "standard_deviation").math["sd"].rhs == sp.sqrt(10) / 2


def test_variance_from_the_definition():
    d = explain_variance(finite_from_table({0: R(1, 4), 1: R(1, 2), 2: R(1, 4)}), X, definition=True)
    assert d.verified and d.answer == R(1, 2)
    assert "variance_definition" in rules(d)
    values = [f.rhs for f in step(d, "evaluate_g").facts]
    assert values == [1, 0, 1]           # (x - 1)² at x = 0, 1, 2


def test_density_expectation_checks_the_pdf_first():
    x = sp.Symbol("x")
    f = continuous_from_pdf(2 * x, x, 0, 1)
    d = explain_expectation(f, f.var, X)
    assert d.verified and d.answer == R(2, 3)
    assert rules(d)[0] == "check_density"
    integral = [s for s in d.steps if s.before is not None][-1]
    assert integral.before == sp.Integral(2 * f.var**2, (f.var, 0, 1))
    assert sp.integrate(2 * x * x, (x, 0, 1)) == d.answer


def test_exponential_mean_by_integration_by_parts():
    """With a numeric rate the integral engine explains ∫ x·2e^(-2x) dx by parts."""
    e2 = named_distribution("Exponential", [2])
    d = explain_expectation(e2, e2.var, X)
    assert d.verified and d.answer == R(1, 2)
    assert "integration_by_parts" in rules(d), rules(d)


def test_exponential_mean_symbolic_rate():
    """E[X] = 1/λ for a symbolic rate, by integration by parts with u = x, dv = e^(-λx) dx."""
    lam = sp.Symbol("lambda")
    e = named_distribution("Exponential", [lam])
    d = explain_expectation(e, e.var, X)
    assert d.verified and d.complete
    assert sp.simplify(d.answer - 1 / lam) == 0
    r = rules(d)
    assert "integration_by_parts" in r and CAS_RULE not in r, r


def test_linearity_of_expectation():
    lam = sp.Symbol("lambda")
    e = named_distribution("Exponential", [lam])
    d = explain_expectation(e, 3 * e.var + 2, X)
    assert d.verified
    assert sp.simplify(d.answer - (3 / lam + 2)) == 0
    assert rules(d)[0] == "linearity_of_expectation"


def test_poisson_variance_is_lambda():
    lam = sp.Symbol("lambda")
    d = explain_variance(named_distribution("Poisson", [lam]), X)
    assert d.verified and sp.simplify(d.answer - lam) == 0
    assert "expectation_series" in rules(d)


def test_normal_variance_symbolic():
    mu, sigma = sp.symbols("mu sigma")
    d = explain_variance(named_distribution("Normal", [mu, sigma]), X)
    assert d.verified and d.answer == sigma**2


def test_the_table_of_moments_never_answers_the_question_asked():
    # Var X and E[X²] are what the learner asked for: derived (or an honest cas step), never
    # read from the table of the family's moments, which would be circular.
    normal = named_distribution("Normal", [1, 2])
    poisson = named_distribution("Poisson", [3])
    for d in (explain_variance(normal, X), explain_expectation(normal, normal.var**2, X),
              explain_expectation(poisson, poisson.var, X)):
        assert d.verified and "table_of_moments" not in rules(d)
    assert explain_expectation(poisson, poisson.var, X).answer == 3


def test_poisson_mean_by_the_exponential_series():
    from symtutor.verify import equivalent

    lam = sp.Symbol("lambda")
    poisson = named_distribution("Poisson", [lam])
    d = explain_expectation(poisson, poisson.var, X)
    assert d.verified and d.complete and equivalent(d.answer, lam)
    assert [s.rule for s in d.steps] == ["expectation_series", "cancel_k", "shift_index", "exponential_series"]
    shifted = step(d, "shift_index").after
    assert equivalent(shifted.doit(), lam)  # λe^(−λ)·Σ λʲ/j! = λ, summed independently


def test_disease_test_posterior():
    d = explain_bayes(sp.Float("0.01"), sp.Float("0.95"), sp.Float("0.05"))
    assert d.verified
    assert isinstance(d.answer, sp.Float) and abs(float(d.answer) - 0.0095 / 0.059) < 1e-12
    assert round(float(d.answer), 3) == 0.161
    assert rules(d) == ["complement", "total_probability", "add_terms", "bayes_theorem"]
    assert float(step(d, "add_terms").after) == pytest.approx(0.059)


def test_bayes_exact():
    d = explain_bayes(R(1, 100), R(95, 100), R(5, 100))
    assert d.verified and d.answer == R(19, 118)


@pytest.mark.parametrize("table, message", [
    ({1: R(1, 2), 2: R(-1, 4), 3: R(3, 4)}, "negative"),
    ({1: R(1, 2), 2: R(3, 4)}, "1/4 more than 1"),
    ({1: sp.Float("0.5"), 2: sp.Float("0.4")}, "0.1 less than 1"),
    ({1: R(3, 2), 2: R(-1, 2)}, "more than 1"),
])
def test_table_validation(table, message):
    with pytest.raises(UsageError, match=message):
        finite_from_table(table)


def test_pdf_must_integrate_to_one():
    x = sp.Symbol("x")
    with pytest.raises(UsageError, match="integrates to 3/2 over"):
        continuous_from_pdf(3 * x, x, 0, 1)
    with pytest.raises(UsageError, match="negative"):
        continuous_from_pdf(6 * x - 2, x, 0, 1)


@pytest.mark.parametrize("name, args, message", [
    ("Binomial", [10, R(3, 2)], "not a probability"),
    ("Normal", [0, -1], "must be positive"),
    ("Poisson", [1, 2], "takes 1 parameter"),
    ("Cauchy", [0, 1], "unknown distribution"),
])
def test_parameter_validation(name, args, message):
    with pytest.raises(UsageError, match=message):
        named_distribution(name, args)
