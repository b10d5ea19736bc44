"""symtutor's own methods beyond SymPy's rules, each on a textbook example: integration by
parts with LIATE (v and the remaining integral found by the whole engine, the constant in v
chosen so that v du cancels), u = x^2 for odd rational integrands, power reduction of
sin/cos products, Bioche/Weierstrass for trig denominators, and the sub-integral cache."""
from __future__ import annotations

import sympy as sp

from symtutor.engine.integrals import explain_integral, integrate_step
from symtutor.engine.integration import manual
from symtutor.engine.integration.base import Context
from symtutor.engine.integration.parts import choose_u
from symtutor.verify import equivalent
from tests.integral_helpers import C, facts_of, steps_named, x

xr = sp.Symbol("x", real=True)


def slope_matches_at(derivation, f, points):
    """d/dx of the answer equals f at each real point (both signs of x, say)."""
    F = derivation.answer.subs(C, 0)
    slope = sp.diff(F.xreplace({x: xr}), xr)
    return all(abs(sp.N(slope.subs(xr, p) - f.subs(x, p))) < 1e-9 for p in points)


def checks_out(derivation, f):
    """Complete, verified, and d/dx of the answer is f at sampled points (independently)."""
    F = derivation.answer.subs(C, 0)
    return derivation.complete and derivation.verified and equivalent(sp.diff(F, x), f, domain=[f])


def test_liate_choice():
    assert choose_u(x**2 * sp.asin(x) ** 2, x) == (sp.asin(x) ** 2, x**2)
    assert choose_u(x * sp.cosh(x) ** 2 / sp.sinh(x) ** 2, x)[0] == x
    assert choose_u(sp.log(x), x) is None  # dv = dx: SymPy's own rule does it
    assert choose_u(x * sp.sqrt(1 + x), x) is None  # algebraic only: a substitution, not parts


def test_parts_twice_with_inverse_sine_squared():
    f = x**2 * sp.asin(x) ** 2
    d = explain_integral(f, x)
    first, second = steps_named(d, "integration_by_parts")[:2]
    facts = facts_of(first)
    assert facts["u"] == sp.asin(x) ** 2 and facts["v"] == x**3 / 3
    assert sp.simplify(facts["du"] - 2 * sp.asin(x) / sp.sqrt(1 - x**2) * sp.Symbol("dx")) == 0
    assert "inverse trigonometric" in first.text and "LIATE" in first.text
    assert facts_of(second)["u"] == sp.asin(x)  # the remaining integral: parts again
    assert checks_out(d, f)


def test_parts_chooses_the_constant_in_v():
    f = x**3 * sp.atan(x) ** 2
    d = explain_integral(f, x)
    parts = steps_named(d, "integration_by_parts")[0]
    choose = steps_named(d, "choose_constant")[0]
    v = facts_of(parts)["v"]
    assert sp.expand(v - (x**4 - 1) / 4) == 0 and sp.Symbol("x") ** 4 - 1 in v.args  # (x^4 - 1)/4, not x^4/4
    assert choose.math["c"] == sp.Rational(1, 4)
    tidy = [s for s in parts.substeps if s.rule == "tidy_integrand"][0]
    assert sp.simplify(tidy.math["h"] - (x**2 - 1) * sp.atan(x) / 2) == 0  # v du cancelled
    assert checks_out(d, f)


def test_parts_with_v_found_by_substitution():
    f = x / (sp.exp(x) + sp.exp(-x)) ** 2
    d = explain_integral(f, x)
    top = d.steps[0]
    assert top.rule == "integration_by_parts" and facts_of(top)["u"] == x
    v_step = top.substeps[0]
    assert v_step.title == "Find v" and v_step.rule == "derivative_divides"
    assert checks_out(d, f)


def test_odd_rational_integrand_substitutes_x_squared():
    f = x * (1 + x**2) ** 3 / (x**4 + 2 * x**2 + 2) ** 2
    d = explain_integral(f, x)
    step = steps_named(d, "odd_power_substitution")[0]
    u = sp.Symbol("u", real=True)
    facts = facts_of(step)
    assert facts["u"] == x**2
    new = step.math["new"]
    assert sp.simplify(new.function.subs(new.limits[0][0], u) - (u + 1) ** 3 / (2 * (u**2 + 2 * u + 2) ** 2)) == 0
    assert checks_out(d, f)
    g = 1 / (x**7 * (1 + x**2) ** 3)
    d2 = explain_integral(g, x)
    new2 = steps_named(d2, "odd_power_substitution")[0].math["new"]
    w = new2.limits[0][0]
    assert sp.simplify(new2.function - 1 / (2 * w**4 * (w + 1) ** 3)) == 0
    assert checks_out(d2, g)


def test_small_odd_rational_keeps_partial_fractions():
    d = explain_integral((x**2 + 1) / (x**3 - x), x)
    assert not steps_named(d, "odd_power_substitution") and steps_named(d, "partial_fractions")


def test_power_reduction_of_even_sine_cosine_powers():
    f = sp.sin(x) ** 6 * sp.cos(x) ** 6
    d = explain_integral(f, x)
    step = d.steps[0]
    assert step.rule == "linearise_trig_powers"
    L = step.math["L"]
    assert not any(isinstance(p.base, (sp.sin, sp.cos)) for p in L.atoms(sp.Pow))  # no powers left
    assert sp.simplify(sp.expand_trig(L - f)) == 0 or equivalent(L, f)
    assert {a.args[0] for a in L.atoms(sp.cos)} == {4 * x, 8 * x, 12 * x}  # sin(x)^6 cos(x)^6 = sin(2x)^6/64
    assert checks_out(d, f)


def test_power_reduction_before_cyclic_parts_with_exponential():
    f = sp.cos(x / 3) ** 3 * sp.exp(-x / 2)
    d = explain_integral(f, x)
    step = d.steps[0]
    assert step.rule == "linearise_trig_powers"
    assert sp.expand(step.math["L"] - (3 * sp.cos(x / 3) / 4 + sp.cos(x) / 4)) == 0
    assert len(steps_named(d, "cyclic_integration_by_parts")) == 2
    assert checks_out(d, f)


def test_trig_denominator_goes_to_weierstrass_first():
    f = (2 + 3 * sp.sin(x)) / ((1 - sp.cos(x)) * sp.sin(x))
    d = explain_integral(f, x)
    step = d.steps[0]
    assert step.rule == "weierstrass_substitution"
    assert facts_of(step)["t"] == sp.tan(x / 2)
    new = step.math["new"]
    t = new.limits[0][0]
    assert sp.simplify(new.function - (t**2 + 3 * t + 1) / t**3) == 0  # rational in t
    assert steps_named(d, "partial_fractions")
    assert checks_out(d, f)


def test_repeated_sub_integrals_come_from_the_cache():
    ctx = Context()
    f = xr * sp.exp(xr)
    first = integrate_step(f, xr, ctx)
    assert (f, xr) in ctx.solved
    second = integrate_step(f, xr, ctx)
    assert second is not first and second.after == first.after and second.rule == first.rule
    second.title = "changed"
    assert integrate_step(f, xr, ctx).title != "changed"  # a copy, not the cached tree


def test_constant_multiple_shows_the_integral_sympy_actually_integrates():
    u = sp.Symbol("u", real=True)
    rule = manual.manual_rule(u / (u**2 + 1), u, 5.0)
    step = manual.translate(rule, Context())
    assert step.rule == "constant_multiple"
    inner = step.substeps[0]
    assert inner.before == sp.Integral(2 * u / (u**2 + 1), u)
    assert equivalent(inner.before, inner.after)


def test_complete_the_square_then_trig_substitution():
    f = (x**2 + x + 1) ** sp.Rational(-3, 2)
    d = explain_integral(f, x)
    step = d.steps[0]
    assert step.rule == "complete_the_square"
    assert sp.expand(step.math["completed"] - (x**2 + x + 1)) == 0
    assert step.math["completed"].has(sp.Pow(x + sp.Rational(1, 2), 2, evaluate=False))
    new = step.math["new"]
    u = new.limits[0][0]
    assert sp.simplify(new.function - (u**2 + sp.Rational(3, 4)) ** sp.Rational(-3, 2)) == 0
    assert steps_named(d, "trig_substitution")
    assert checks_out(d, f)


def test_parts_with_dv_dx_and_a_nonlinear_inverse_argument():
    f = sp.atan(sp.sqrt(x))
    d = explain_integral(f, x)
    parts = d.steps[0]
    assert parts.rule == "integration_by_parts"
    facts = facts_of(parts)
    assert facts["u"] == f and facts["v"] == x + 1  # v = x + 1 makes v du = 1/(2 sqrt(x))
    tidy = [s for s in parts.substeps if s.rule == "tidy_integrand"][0]
    assert sp.simplify(tidy.math["h"] - 1 / (2 * sp.sqrt(x))) == 0
    assert checks_out(d, f)


def test_hyperbolic_table_and_identity_then_parts():
    d = explain_integral(1 / sp.cosh(3 * x + 1) ** 2, x)
    assert d.steps[0].rule == "hyperbolic_rule" and d.steps[0].after == sp.tanh(3 * x + 1) / 3
    f = x * sp.coth(x) ** 2
    d = explain_integral(f, x)
    parts = d.steps[0]
    assert parts.rule == "integration_by_parts" and facts_of(parts)["u"] == x
    identity = steps_named(d, "hyperbolic_identity")[0]
    assert sp.Eq(sp.coth(sp.Symbol("x")) ** 2, 1 + sp.csch(sp.Symbol("x")) ** 2, evaluate=False) in identity.facts
    assert sp.simplify(facts_of(parts)["v"] - (x - sp.coth(x))) == 0
    assert not d.answer.has(sp.exp)  # stays hyperbolic, as a textbook writes it
    assert checks_out(d, f)


def test_weierstrass_with_irrational_coefficients_reaches_a_plain_arctangent():
    # 1/(2 + sqrt(2) cos x): t = tan(x/2) gives a quadratic with sqrt(2) in its coefficients.
    f = 1 / (2 + sp.sqrt(2) * sp.cos(x))
    d = explain_integral(f, x)
    assert d.steps[0].rule == "weierstrass_substitution"
    arctan = steps_named(d, "arctan_rule")
    assert arctan and not steps_named(d, "cas")
    assert not any(isinstance(p, sp.Pow) and p.exp == sp.Rational(1, 2) and p.base.has(sp.sqrt(2))
                   for p in d.answer.atoms(sp.Pow))  # nested roots are undone
    assert checks_out(d, f)


def test_rationalising_an_even_root_of_an_odd_integrand():
    # x^3 sqrt(x^2 + 4) dx ... and sqrt(x^2 - 9)/x: u = sqrt(x^2 - 9) holds for x < -3 and x > 3 alike.
    f = sp.sqrt(x**2 - 9) / x
    d = explain_integral(f, x)
    step = d.steps[0]
    assert step.rule == "rationalising_substitution"
    u = step.math["new"].limits[0][0]
    assert sp.simplify(step.math["new"].function - u**2 / (u**2 + 9)) == 0
    assert checks_out(d, f)
    assert slope_matches_at(d, f, (-5, -3.5, 4, 7))  # both halves of the domain


def test_a_sign_factor_comes_outside_like_a_constant():
    f = sp.acos(sp.sqrt(1 - x**2)) / sp.sqrt(1 - x**2)
    d = explain_integral(f, x)
    outer = d.steps[0]
    assert outer.rule == "piecewise_constant_factor"
    s = outer.math["s"]
    assert {s.subs(x, -sp.Rational(1, 2)), s.subs(x, sp.Rational(1, 2))} == {-1, 1}
    assert outer.substeps[0].rule == "derivative_divides"
    assert checks_out(d, f)
    assert slope_matches_at(d, f, (-0.9, -0.2, 0.3, 0.8))


def test_binomial_differential_by_chebyshevs_third_substitution():
    # x^-2 (2 + x^3)^(-5/3): (m + 1)/n + p = -1/3 - 5/3 = -2, so t = (2 + x^3)^(1/3)/x, x^3 = 2/(t^3 - 1).
    f = 1 / (x**2 * (2 + x**3) ** sp.Rational(5, 3))
    d = explain_integral(f, x)
    step = d.steps[0]
    assert step.rule == "binomial_substitution"
    t = step.math["new"].limits[0][0]
    assert sp.simplify(step.math["t_def"].rhs - (2 + x**3) ** sp.Rational(1, 3) / x) == 0
    assert step.math["value"] == -2
    assert sp.simplify(step.math["X_def"].rhs - 2 / (t**3 - 1)) == 0
    h = step.math["new"].function
    assert sp.simplify(h - (1 - t**3) / (4 * t**3)) == 0  # (1/3)·X^(-3)·t^(-5)·X'(t), worked by hand
    assert checks_out(d, f)
    assert slope_matches_at(d, f, (-1.1, -0.4, 0.5, 2.0))  # either sign of x, where the cube root is real


def test_square_roots_of_quadratics_keep_the_trigonometric_substitution():
    d = explain_integral(1 / (x**4 * sp.sqrt(1 + x**2)), x)
    assert not steps_named(d, "binomial_substitution")
    assert checks_out(d, 1 / (x**4 * sp.sqrt(1 + x**2)))


def test_binomial_differential_with_a_polynomial_factor_and_a_cube_root():
    # (x^3 + 1)·x^3·(1 + x^3)^(-1/3)... written as a polynomial times the binomial power:
    # every term has (m + 1)/3 - 1/3 an integer, so one substitution t = (1 + x^3)^(1/3)/x serves all.
    f = (x**3 - 1) * (1 + x**3) ** sp.Rational(-1, 3)
    d = explain_integral(f, x)
    step = d.steps[0]
    assert step.rule == "binomial_substitution"
    assert sp.simplify(step.math["t_def"].rhs - (1 + x**3) ** sp.Rational(1, 3) / x) == 0
    assert step.math["new"].function.is_rational_function(step.math["new"].limits[0][0])
    assert checks_out(d, f)
    assert slope_matches_at(d, f, (-0.8, -0.3, 0.5, 2.0))  # either sign of x, where the cube root is real
