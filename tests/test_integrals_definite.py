"""Definite and improper integrals: FTC with each evaluation, symmetry, splitting at a
discontinuity, convergence and divergence, numerical values."""
from __future__ import annotations

import sympy as sp

from symtutor.engine.integrals import explain_integral

x = sp.Symbol("x")


def rules(d):
    return [s.rule for s in d.walk()]


def test_fundamental_theorem_shows_each_evaluation():
    d = explain_integral(x**2, x, lower=0, upper=1)
    ftc = [s for s in d.walk() if s.rule == "fundamental_theorem"][0]
    values = {str(f.lhs): f.rhs for f in ftc.facts}
    assert list(values.values()) == [sp.Rational(1, 3), 0]
    assert all(isinstance(f.lhs, sp.Subs) for f in ftc.facts)
    assert d.answer == sp.Rational(1, 3) and d.verified
    assert any("numerical quadrature" in c for c in d.checks)
    assert any("SymPy's integrate" in c for c in d.checks)


def test_odd_integrand_on_symmetric_interval():
    d = explain_integral(sp.sin(x), x, lower=-sp.pi, upper=sp.pi)
    assert d.answer == 0 and d.verified
    assert "odd_symmetry" in rules(d)
    assert any("signed area" in n for n in d.notes)


def test_split_at_discontinuity_divergent():
    d = explain_integral(1 / x**2, x, lower=-1, upper=1)
    assert "split_at_discontinuity" in rules(d)
    assert "diverges" in rules(d)
    assert d.answer == sp.oo
    assert any("diverges" in n for n in d.notes)


def test_split_at_discontinuity_convergent():
    f = sp.log(sp.Abs(x))
    d = explain_integral(f, x, lower=-1, upper=1)
    assert "split_at_discontinuity" in rules(d)
    assert rules(d).count("improper_integral") == 2
    assert d.answer == -2 and d.verified


def test_improper_infinite_bound_converges():
    d = explain_integral(sp.exp(-x), x, lower=0, upper=sp.oo)
    improper = [s for s in d.walk() if s.rule == "improper_integral"][0]
    assert any(isinstance(f.lhs, sp.Limit) and f.rhs == 0 for f in improper.facts)
    assert d.answer == 1 and d.verified
    assert any("converges" in n for n in d.notes)


def test_improper_infinite_bound_diverges():
    d = explain_integral(1 / x, x, lower=1, upper=sp.oo)
    assert d.answer == sp.oo and "diverges" in rules(d)


def test_reversed_bounds_change_sign():
    d = explain_integral(x, x, lower=2, upper=0)
    assert d.answer == -2 and d.steps[0].rule == "swap_bounds" and d.verified


def test_no_closed_form_gives_labelled_numerical_value():
    d = explain_integral(sp.sin(sp.sin(x)), x, lower=0, upper=1)
    assert d.steps[0].title.startswith("Numerical value")
    assert any("NUMERICAL" in n for n in d.notes)
    assert abs(float(d.answer) - 0.430606103120690604912377) < 1e-9


