"""Every limit strategy on a textbook example: the strategy names, the intermediate
expressions, and the answer checked independently (SymPy's limit and values near the point)."""
import sympy as sp
import pytest

from symtutor.engine.limits import explain_limit
from symtutor.verify import equivalent

x, n, t = sp.symbols("x n t")
oo = sp.oo


def rules(d):
    return [s.rule for s in d.walk()]


def top_rules(d):
    return [s.rule for s in d.steps]


def explained(f, a, direction="+-", var=x):
    d = explain_limit(f, var, a, direction)
    assert d.verified, d.checks
    assert d.complete, rules(d)
    reference = sp.limit(f.subs(var, sp.Symbol(var.name, real=True)), sp.Symbol(var.name, real=True), a,
                         dir=direction if direction != "+-" or a in (oo, -oo) else "+-")
    assert d.answer == reference or equivalent(d.answer, reference)
    return d


def step(d, rule):
    return next(s for s in d.walk() if s.rule == rule)


def test_direct_substitution_not_lhopital():
    """(x+1)/(x+2) at 0 is 1/2 by substitution; blind L'Hopital would say 1."""
    d = explained((x + 1) / (x + 2), 0)
    assert d.answer == sp.Rational(1, 2)
    assert top_rules(d) == ["direct_substitution"]
    assert "lhopital" not in rules(d) and "identify_form" not in rules(d)
    s = d.steps[0]
    assert s.before == sp.Limit((x + 1) / (x + 2), x, 0, dir="+-") and s.after == sp.Rational(1, 2)
    assert str(s.facts[0].lhs) == "(0 + 1)/(0 + 2)"


def test_factor_and_cancel():
    d = explained((x**2 - 1) / (x - 1), 1)
    assert top_rules(d) == ["identify_form", "factor", "cancel_common_factor", "direct_substitution"]
    assert "0/0" in d.steps[0].text
    assert sp.simplify(step(d, "cancel_common_factor").after - (x + 1)) == 0
    assert d.answer == 2


def test_conjugate():
    d = explained((1 - sp.sqrt(sp.cos(x))) / x**2, 0, "+")
    conj = step(d, "multiply_by_conjugate")
    assert conj.math["c"] == 1 + sp.sqrt(sp.cos(x))
    assert sp.simplify(sp.numer(sp.together(conj.after)) - (1 - sp.cos(x))) == 0 or \
        (1 - sp.cos(x)) in sp.Mul.make_args(sp.factor(conj.after)) or "cos" in str(conj.after)
    assert "standard_limits" in rules(d)
    assert d.answer == sp.Rational(1, 4)


def test_conjugate_at_infinity():
    d = explained(sp.sqrt(x**2 + x) - x, oo)
    assert "oo-oo" not in d.steps[0].text and "infinity minus infinity" in d.steps[0].text
    assert "multiply_by_conjugate" in rules(d) and "divide_by_dominant_power" in rules(d)
    assert d.answer == sp.Rational(1, 2)


def test_common_denominator():
    d = explained(x / (x - 1) - 1 / sp.log(x), 1, "+")
    assert "common_denominator" in rules(d)
    assert d.answer == sp.Rational(1, 2)


def test_standard_limit_with_explicit_u():
    d = explained(sp.sin(3 * x) / x, 0)
    s = step(d, "standard_limits")
    u = sp.Symbol("u")
    assert sp.Eq(u, 3 * x, evaluate=False) in s.facts
    assert sp.Eq(sp.Limit(sp.sin(u) / u, u, 0, dir="+-"), 1, evaluate=False) in s.facts
    assert "lhopital" not in rules(d)
    assert d.answer == 3


@pytest.mark.parametrize("f, a, value", [
    ((sp.exp(x) - 1) / x, 0, 1),
    (sp.log(1 + x) / x, 0, 1),
    ((1 - sp.cos(x)) / x**2, 0, sp.Rational(1, 2)),
    ((2**x - 1) / x, 0, sp.log(2)),
    (sp.tan(x) / x, 0, 1),
])
def test_standard_limits(f, a, value):
    d = explained(f, a)
    assert "standard_limits" in rules(d) and "lhopital" not in rules(d)
    assert d.answer == value


def test_e_limit():
    d = explained((1 + 1 / n) ** n, oo, var=n)
    s = step(d, "standard_limits")
    assert sp.Eq(sp.Symbol("u"), 1 / n, evaluate=False) in s.facts
    assert d.answer == sp.E


def test_lhopital_checks_the_form_each_time():
    d = explained((x - sp.sin(x)) / x**3, 0)
    first = step(d, "lhopital")
    assert [s.title for s in first.substeps] == ["Derivative of the numerator", "Derivative of the denominator"]
    assert first.substeps[0].after == 1 - sp.cos(x) and first.substeps[1].after == 3 * x**2
    assert first.after == sp.Limit(first.after.args[0], x, 0, dir="+-")
    order = top_rules(d)
    assert order[0] == "identify_form" and order[1] == "lhopital" and order[2] == "identify_form"
    assert d.answer == sp.Rational(1, 6)


def test_lhopital_repeated():
    d = explained(x**3 * sp.exp(-x), oo) if False else explained(sp.exp(x) / x**2, oo)
    assert d.answer == oo


def test_zero_times_infinity_becomes_quotient():
    d = explained(x * sp.log(x), 0, "+")
    assert top_rules(d)[:2] == ["identify_form", "rewrite_as_quotient"]
    assert "0 times infinity" in d.steps[0].text
    assert "lhopital" in rules(d)
    assert d.answer == 0


def test_powers_through_exp_log():
    d = explained(x**x, 0, "+")
    assert "exp_log" in rules(d) and "continuity_of_exp" in rules(d)
    assert "0 to the power 0" in d.steps[0].text
    assert d.answer == 1


def test_growth_rates():
    d = explained(sp.log(x) / x, oo)
    assert top_rules(d) == ["identify_form", "growth_rates"]
    assert d.answer == 0


def test_dominant_power():
    d = explained((3 * x**2 + 2 * x) / (5 * x**2 - 1), oo)
    s = step(d, "divide_by_dominant_power")
    assert s.math["p"] == x**2
    assert d.answer == sp.Rational(3, 5)


def test_squeeze():
    d = explained(x * sp.sin(1 / x), 0)
    s = step(d, "squeeze_theorem")
    assert s.facts == [sp.Le(sp.Abs(x * sp.sin(1 / x)), sp.Abs(x), evaluate=False)] or "Abs" in str(s.facts[0])
    assert d.answer == 0


def test_limit_of_a_part():
    d = explained(1 + (1 + 1 / x) ** x, oo)
    assert top_rules(d)[0] == "limit_of_part"
    assert d.answer == 1 + sp.E


def test_does_not_exist_two_sided():
    d = explain_limit(1 / x, x, 0, "+-")
    assert d.answer is sp.nan and d.verified, d.checks
    last = d.steps[-1]
    assert last.rule == "does_not_exist"
    assert sp.Eq(sp.Limit(1 / x, x, 0, dir="-"), -oo, evaluate=False) in last.facts
    assert sp.Eq(sp.Limit(1 / x, x, 0, dir="+"), oo, evaluate=False) in last.facts
    assert any("does not exist" in note for note in d.notes)


def test_does_not_exist_finite_sides():
    d = explain_limit(sp.Abs(x) / x, x, 0, "+-")
    assert d.answer is sp.nan and d.verified, d.checks


def test_infinite_limits_one_sided():
    right = explained(1 / x, 0, "+")
    left = explained(1 / x, 0, "-")
    assert right.answer == oo and left.answer == -oo
    assert top_rules(right) == ["limit_laws"]


def test_infinite_limit_two_sided():
    d = explained(1 / x**2, 0)
    assert d.answer == oo


def test_series_resort_named():
    from symtutor.engine.limit import growth
    from symtutor.engine.limit.problem import Problem
    from symtutor.engine.limit.solver import Solver
    from symtutor.engine.limit.strategies import install

    solver = Solver()
    install(solver)
    steps, value = growth.series_expansion(solver, (sp.exp(x) - 1 - x) / x**2, Problem.make(x, 0, "+"), 0, frozenset())
    assert steps[0].rule == "series_expansion" and value == sp.Rational(1, 2)
    assert any("O(" in str(f.rhs) or "t**2" in str(f.rhs) for f in steps[0].facts)


def test_numbers_overrule_a_wrong_reference(monkeypatch):
    """Where SymPy's limit disagrees, the numerical evidence decides."""
    import symtutor.engine.limit.check as check

    monkeypatch.setattr(check, "reference_limit", lambda *a, **k: sp.Integer(7))
    d = explain_limit(sp.sin(x) / x, x, 0, "+-")
    assert d.answer == 1 and d.verified and any("instead" in c for c in d.checks)


def test_wrong_answer_is_not_verified(monkeypatch):
    from symtutor.engine.limit import solver as solver_module

    original = solver_module.Solver.solve

    def lying(self, g, P, depth=0, used=frozenset()):
        steps, value = original(self, g, P, depth, used)
        return steps, (value + 1 if depth == 0 and value.is_finite else value)

    monkeypatch.setattr(solver_module.Solver, "solve", lying)
    d = explain_limit((x**2 - 1) / (x - 1), x, 1, "+-")
    assert d.answer == 3 and not d.verified


def test_other_symbols_refused():
    from symtutor.errors import UnsupportedError

    with pytest.raises(UnsupportedError):
        explain_limit(sp.Symbol("a") * x, x, 0)
