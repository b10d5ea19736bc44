"""Entropy, cross-entropy and KL divergence: terms written out, conventions stated,
answers checked against direct computation, sympy.stats and closed forms."""
import sympy as sp
import pytest

from symtutor.engine.distributions import finite_from_table, named_distribution
from symtutor.engine.information import explain_cross_entropy, explain_entropy, explain_kl
from symtutor.engine.probability_symbols import expand_logb
from symtutor.errors import UsageError

R = sp.Rational


def listed(*probs):
    return finite_from_table({i: p for i, p in enumerate(probs, 1)}, listed=True)


def rules(d):
    return [s.rule for s in d.walk()]


def step(d, rule):
    return next(s for s in d.walk() if s.rule == rule)


def test_fair_coin_is_one_bit():
    d = explain_entropy(listed(R(1, 2), R(1, 2)), 2)
    assert d.verified and d.answer == 1
    assert list(step(d, "entropy_sum").after.args) == [R(1, 2), R(1, 2)]
    assert "bits" in d.notes[0]


def test_fair_die_is_log2_6():
    d = explain_entropy(listed(*[R(1, 6)] * 6), 2)
    assert d.verified
    assert sp.simplify(expand_logb(d.answer) - sp.log(6) / sp.log(2)) == 0
    assert sp.simplify(sp.sympify(sp.sstr(d.answer)) - sp.log(6) / sp.log(2)) == 0


def test_three_outcomes_in_bits_term_by_term():
    d = explain_entropy(listed(R(1, 2), R(1, 4), R(1, 4)), 2)
    assert d.answer == R(3, 2)
    assert list(step(d, "entropy_sum").after.args) == [R(1, 2)] * 3
    assert rules(d) == ["check_distribution", "entropy_sum", "add_terms"]


def test_zero_probability_is_explained():
    d = explain_entropy(listed(R(1, 2), 0, R(1, 2)), 2)
    assert d.verified and d.answer == 1
    zero = step(d, "zero_probability_terms")
    assert "0 log 0 = 0" in zero.text
    assert zero.facts[0].rhs == 0 and zero.facts[0].lhs.doit() == 0


def test_base_10_hartleys_and_nats():
    d = explain_entropy(listed(*[R(1, 10)] * 10), 10)
    assert d.answer == 1 and "hartleys" in d.notes[0]
    n = explain_entropy(listed(R(1, 2), R(1, 2)))
    assert n.answer == sp.log(2) and "nats" in n.notes[0]


def test_bernoulli_entropy_symbolic():
    p = sp.Symbol("p")
    d = explain_entropy(named_distribution("Bernoulli", [p]), 2)
    assert d.verified
    from symtutor.verify import equivalent
    assert equivalent(expand_logb(d.answer), (-p * sp.log(p) - (1 - p) * sp.log(1 - p)) / sp.log(2),
                      domain=[sp.sqrt(p), sp.sqrt(1 - p)])


def test_normal_differential_entropy():
    mu, sigma = sp.symbols("mu sigma")
    d = explain_entropy(named_distribution("Normal", [mu, sigma]))
    assert d.verified
    s = sp.Symbol("sigma", positive=True)
    assert sp.simplify(d.answer.subs(sigma, s) - sp.log(2 * sp.pi * sp.E * s**2) / 2) == 0
    assert "expand_log" in rules(d) and "linearity_of_expectation" in rules(d)
    assert "table_of_moments" in rules(d) and "cas" not in rules(d)  # E[(X − μ)²] = σ², not a bare integral


def test_exponential_differential_entropy():
    lam = sp.Symbol("lambda")
    d = explain_entropy(named_distribution("Exponential", [lam]))
    assert d.verified
    assert sp.simplify(d.answer - (1 - sp.log(lam))).subs(lam, 3) == 0


def test_cross_entropy_one_hot_keeps_decimals():
    d = explain_cross_entropy(listed(1, 0, 0), listed(sp.Float("0.7"), sp.Float("0.2"), sp.Float("0.1")))
    assert d.verified
    assert isinstance(d.answer, sp.Float)
    assert float(d.answer) == pytest.approx(-__import__("math").log(0.7))
    assert "zero_probability_terms" in rules(d)


def test_cross_entropy_infinite_when_q_is_zero():
    d = explain_cross_entropy(listed(R(1, 2), R(1, 2)), listed(1, 0))
    assert d.answer == sp.oo and d.verified
    assert "infinite" in step(d, "infinite_term").text


def test_kl_between_two_bernoullis():
    d = explain_kl(named_distribution("Bernoulli", [R(1, 2)]), named_distribution("Bernoulli", [R(3, 4)]))
    expected = R(1, 2) * sp.log(R(2, 3)) + R(1, 2) * sp.log(2)
    assert d.verified and sp.simplify(d.answer - expected) == 0
    identity = step(d, "kl_identity")
    assert sp.simplify(identity.after - expected) == 0
    assert any("not symmetric" in n for n in d.notes)
    reverse = R(3, 4) * sp.log(R(3, 2)) + R(1, 4) * sp.log(R(1, 2))
    assert sp.sstr(sp.N(reverse, 6)) in " ".join(d.notes) or "0.130812" in " ".join(d.notes)


def test_kl_lists_example():
    d = explain_kl(listed(R(1, 2), R(1, 2)), listed(R(3, 4), R(1, 4)))
    assert d.verified and sp.simplify(d.answer - (sp.log(2) - sp.log(3) / 2)) == 0
    assert rules(d) == ["kl_sum", "add_terms", "kl_identity"]


def test_kl_infinite_and_support_not_covered():
    d = explain_kl(listed(R(1, 2), R(1, 2)), listed(1, 0))
    assert d.answer == sp.oo
    u = explain_kl(named_distribution("Uniform", [0, 2]), named_distribution("Uniform", [0, 1]))
    assert u.answer == sp.oo and "support_not_covered" in rules(u)


def test_kl_two_normals_closed_form():
    d = explain_kl(named_distribution("Normal", [0, 1]), named_distribution("Normal", [1, 2]))
    formula = sp.log(2) + (1 + 1) / sp.Integer(8) - R(1, 2)
    assert d.verified and sp.simplify(d.answer - formula) == 0
    assert "normal_kl_formula" in rules(d)


def test_mismatched_supports():
    with pytest.raises(UsageError, match="mismatched supports: p has 3 probabilities but q has 2"):
        explain_kl(listed(R(1, 3), R(1, 3), R(1, 3)), listed(R(1, 2), R(1, 2)))
    with pytest.raises(UsageError, match="mismatched supports"):
        explain_cross_entropy(listed(R(1, 2), R(1, 2)), named_distribution("Normal", [0, 1]))
