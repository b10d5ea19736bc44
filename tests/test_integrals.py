"""Integrals with steps: every rule kind on a textbook example (rule names and the
intermediate expressions), checked independently by differentiation and by SymPy."""
from __future__ import annotations

import sympy as sp

from symtutor.engine.integrals import explain_integral
from symtutor.engine.integration import manual
from symtutor.engine.integration.base import Context
from symtutor.verify import equivalent
from tests.integral_helpers import C, facts_of, steps_named, x


def differentiates_back(derivation, f):
    F = derivation.answer.subs(C, 0)
    xr = sp.Symbol("x", real=True)
    return sp.simplify(sp.diff(F.subs(x, xr), xr) - f.subs(x, xr)) == 0 or equivalent(sp.diff(F, x), f)


def test_parts_textbook_x_exp_x():
    f = x * sp.exp(x)
    d = explain_integral(f, x)
    parts = steps_named(d, "integration_by_parts")[0]
    facts = facts_of(parts)
    assert facts["u"] == x
    assert sp.simplify(facts["dv"] - sp.exp(x) * sp.Symbol("dx")) == 0
    assert sp.simplify(facts["du"] - sp.Symbol("dx")) == 0
    assert facts["v"] == sp.exp(x)
    assert "LIATE" in parts.text and "algebraic" in parts.text
    assert [s.title for s in parts.substeps] == ["Find v", "The remaining integral"]
    assert parts.substeps[1].before == sp.Integral(sp.exp(x), x)
    assert sp.expand(d.answer - ((x - 1) * sp.exp(x) + C)) == 0
    assert d.steps[-1].rule == "constant_of_integration"
    assert d.verified and d.complete
    assert differentiates_back(d, f)


def test_u_substitution_shows_u_du_inner_integral_and_back_substitution():
    f = 2 * x * sp.cos(x**2)
    d = explain_integral(f, x)
    sub = [s for s in d.walk() if s.rule in ("derivative_divides", "u_substitution")][0]
    u = sp.Symbol("u")
    facts = facts_of(sub)
    assert facts["u"] == x**2
    assert sp.simplify(facts["du"] - 2 * x * sp.Symbol("dx")) == 0
    assert list(sub.math["new"].variables) == [u]
    assert sub.substeps[0].after.has(sp.sin(u))
    back = sub.substeps[-1]
    assert back.rule == "back_substitution" and back.after == sp.sin(x**2) / 2  # after taking out 2
    assert sp.simplify(d.answer - sp.sin(x**2) - C) == 0
    assert d.verified and d.complete


def test_cyclic_parts_solves_for_the_integral():
    f = sp.exp(x) * sp.sin(x)
    d = explain_integral(f, x)
    cyc = steps_named(d, "cyclic_integration_by_parts")[0]
    assert len(steps_named(d, "integration_by_parts")) == 2
    equation = cyc.facts[0]
    assert equation.lhs == sp.Integral(f, x) and equation.rhs.has(sp.Integral(f, x))
    assert cyc.math["one_minus_c"] == 2
    assert differentiates_back(d, f) and d.verified


def test_partial_fractions_linear_factors_with_coefficient_equations():
    f = (x**2 + 1) / (x**3 - x)
    d = explain_integral(f, x)
    pf = steps_named(d, "partial_fractions")[0]
    A, B, D = sp.symbols("A B D")
    eqs = [e for e in pf.facts if isinstance(e, sp.Eq)]
    assert any(e.lhs == A + B + D and e.rhs == 1 for e in eqs)  # coefficient of x^2
    assert any(e.lhs == -B and e.rhs == 1 for e in eqs)  # constant term
    assert sp.simplify(pf.after - (1 / (x + 1) + 1 / (x - 1) - 1 / x)) == 0
    assert len(steps_named(d, "log_rule")) == 3
    assert differentiates_back(d, f) and d.verified and d.complete


def test_partial_fractions_repeated_irreducible_quadratic_and_division():
    f = 1 / (x * (x**2 + 1) ** 2)
    d = explain_integral(f, x)
    pf = steps_named(d, "partial_fractions")[0]
    assert sp.simplify(pf.after - sp.apart(f, x)) == 0
    assert differentiates_back(d, f) and d.verified
    g = x**3 / (x**2 + 1)
    d2 = explain_integral(g, x)
    division = steps_named(d2, "polynomial_division")[0]
    assert sp.simplify(division.after - (x - x / (x**2 + 1))) == 0
    assert differentiates_back(d2, g) and d2.verified


def test_reduction_formula_for_repeated_quadratic():
    f = 1 / (x**2 + 1) ** 2
    d = explain_integral(f, x)
    assert steps_named(d, "reduction_formula") or steps_named(d, "trig_substitution")
    assert differentiates_back(d, f) and d.verified


def test_weierstrass_substitution():
    f = 1 / (2 + sp.cos(x))
    d = explain_integral(f, x)
    w = steps_named(d, "weierstrass_substitution")[0]
    t = sp.Symbol("t")
    facts = facts_of(w)
    assert facts["t"] == sp.tan(x / 2)
    assert facts["cos(x)"] == (1 - t**2) / (1 + t**2)
    assert w.math["new"].function.is_rational_function(t)
    assert differentiates_back(d, f) and d.verified and d.complete


def test_bioche_substitution_u_equals_cos():
    from symtutor.engine.integration.trig import trig_rational

    xr = sp.Symbol("x", real=True)
    bio = trig_rational(sp.sin(xr) / (1 + sp.cos(xr) ** 2), xr, Context())
    assert bio.rule == "trig_substitution_bioche" and facts_of(bio)["u"] == sp.cos(xr)
    assert equivalent(sp.diff(bio.after, xr), sp.sin(xr) / (1 + sp.cos(xr) ** 2))


def test_product_to_sum():
    f = sp.sin(x) * sp.sin(x / 4)
    d = explain_integral(f, x)
    p2s = steps_named(d, "product_to_sum")[0]
    assert sp.simplify(p2s.facts[0].rhs - (sp.cos(3 * x / 4) - sp.cos(5 * x / 4)) / 2) == 0
    assert differentiates_back(d, f) and d.verified


def test_reduction_formula_for_cos_power():
    f = sp.cos(x) ** 4
    d = explain_integral(f, x)
    reductions = steps_named(d, "reduction_formula")
    assert [r.math["n"] for r in reductions] == [4, 2]
    assert reductions[0].substeps[0].before == sp.Integral(sp.cos(x) ** 2, x)
    assert differentiates_back(d, f) and d.verified and d.complete


def test_reduction_formulas_sec_cubed_and_power_times_exp():
    d = explain_integral(sp.sec(x) ** 3, x)
    red = steps_named(d, "reduction_formula")[0]
    assert red.math["n"] == 3 and red.substeps[0].before == sp.Integral(sp.sec(x), x)
    assert differentiates_back(d, sp.sec(x) ** 3) and d.verified
    f = x**3 * sp.exp(x)
    d2 = explain_integral(f, x)
    assert [s.math["n"] for s in steps_named(d2, "reduction_formula")] == [3, 2]
    assert sp.expand(d2.answer - C - (x**3 - 3 * x**2 + 6 * x - 6) * sp.exp(x)) == 0


def test_rationalising_substitution():
    from symtutor.engine.integration.substitution import rationalising_substitution

    xr = sp.Symbol("x", real=True)
    f = 1 / (1 + sp.sqrt(xr))
    step = rationalising_substitution(f, xr, Context())
    assert step.rule == "rationalising_substitution"
    u = step.facts[0].lhs
    assert step.facts[0].rhs == sp.sqrt(xr)
    assert step.math["new"].function.is_rational_function(u)
    assert equivalent(sp.diff(step.after, xr), f)


def test_trig_substitution_and_standard_forms():
    f = 1 / (x**2 * sp.sqrt(4 - x**2))
    d = explain_integral(f, x)
    assert steps_named(d, "trig_substitution") or steps_named(d, "derivative_divides") or \
        steps_named(d, "u_substitution")
    assert differentiates_back(d, f) and d.verified
    d2 = explain_integral(1 / (x**2 + 4), x)
    arctan = steps_named(d2, "arctan_rule")[0]
    assert arctan.after == sp.atan(x / 2) / 2
    d3 = explain_integral(1 / sp.sqrt(1 - x**2), x)
    assert steps_named(d3, "arcsin_rule") and sp.simplify(d3.answer - C - sp.asin(x)) == 0


def test_power_rule_including_n_minus_one():
    d = explain_integral(x**3, x)
    assert d.steps[0].rule == "power_rule" and d.steps[0].after == x**4 / 4
    d2 = explain_integral(1 / x, x)
    assert d2.steps[0].rule == "log_rule" and d2.steps[0].after == sp.log(sp.Abs(x))


def test_exp_trig_hyperbolic_constant_multiple_and_sum():
    f = 3 * sp.exp(x) + sp.cos(x) + sp.sinh(x)
    d = explain_integral(f, x)
    rules = {s.rule for s in d.walk()}
    assert {"sum_rule", "exp_rule", "trig_rule", "hyperbolic_rule", "constant_multiple"} <= rules
    assert sp.simplify(d.answer - C - (3 * sp.exp(x) + sp.sin(x) + sp.cosh(x))) == 0
    d2 = explain_integral(sp.exp(3 * x), x)
    assert d2.steps[0].rule == "linear_substitution" and d2.steps[0].math["a"] == 3


def test_rewrites_are_labelled_by_what_they_do():
    d = explain_integral(sp.sin(x) ** 2, x)
    assert steps_named(d, "trig_identity") or steps_named(d, "reduction_formula")
    assert not steps_named(d, "rewrite")
    d2 = explain_integral((x + 1) ** 2 * x, x)
    assert steps_named(d2, "expand_integrand")


def test_alternative_rule_picks_one_and_all_methods_shows_all():
    xr = sp.Symbol("x", real=True)
    f = sp.sin(xr) * sp.cos(xr)
    first = manual.mi.URule(f, xr, sp.Dummy("u"), sp.sin(xr), manual.mi.PowerRule(sp.Dummy("u"), sp.Dummy("u"),
                                                                                  sp.Dummy("u"), 1))
    u = sp.Dummy("u")
    first = manual.mi.URule(f, xr, u, sp.sin(xr), manual.mi.PowerRule(u, u, u, 1))
    u2 = sp.Dummy("u")
    second = manual.mi.URule(f, xr, u2, sp.cos(xr),
                             manual.mi.ConstantTimesRule(-u2, u2, -1, u2, manual.mi.PowerRule(u2, u2, u2, 1)))
    alt = manual.mi.AlternativeRule(f, xr, [first, second])
    one = manual.translate(alt, Context())
    assert one.rule == "u_substitution" and "Other methods also work" in one.text
    both = manual.translate(alt, Context(all_methods=True))
    assert both.rule == "several_methods" and len(both.substeps) == 2
    for method in both.substeps:
        assert equivalent(sp.diff(method.after, xr), f)


def test_unknown_rule_class_degrades_to_cas_step():
    from dataclasses import dataclass

    @dataclass
    class BrandNewRule(manual.mi.AtomicRule):
        def eval(self):
            return sp.sin(self.variable)

    step = manual.translate(BrandNewRule(sp.cos(x), x), Context())
    assert step.rule == "cas" and step.after == sp.sin(x)


def test_verify_compares_antiderivatives_up_to_a_constant():
    assert equivalent(sp.Integral(x * sp.exp(x), x), (x - 1) * sp.exp(x) + C)
    assert equivalent(sp.Integral(x * sp.exp(x), x), (x - 1) * sp.exp(x) + 7)
    assert not equivalent(sp.Integral(x * sp.exp(x), x), x * sp.exp(x))
