"""symtutor's own integration by parts, for products SymPy's rules do not finish.

The textbook recipe: choose u by LIATE (a logarithm or an inverse trigonometric function
first, else a polynomial), dv the rest; find v with the whole engine (so v may itself need a
substitution or partial fractions), then integrate v·du with the whole engine again.  When
du has a polynomial denominator and v is a polynomial, the constant of integration in v is
chosen so that v·du cancels (for x³·atan(x)², v = (x⁴ − 1)/4 instead of x⁴/4), as
textbooks do.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.integration.base import I, NoMethod, derivative, TooSlow, attempt, eq, minus, times
from symtutor.engine.integration.deadline import remaining, within
from symtutor.steps import Step

V_SECONDS = 3.0
_INVERSE = (sp.log, sp.asin, sp.acos, sp.atan, sp.acot, sp.asinh, sp.acosh, sp.atanh)
_TRANSCENDENTAL = (sp.exp, sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.sinh, sp.cosh, sp.tanh, sp.coth,
                   sp.sech, sp.csch)


def _is_inverse_factor(g, x) -> bool:
    """log(x)^n, asin(x)^n, atan(x)^n, ... (n a positive integer): the L and I of LIATE."""
    base, e = g.as_base_exp()
    return isinstance(base, _INVERSE) and base.args[0].has(x) and e.is_Integer and e > 0 \
        and base.args[0].is_algebraic_expr(x)


def _linear(arg, x) -> bool:
    return arg.is_polynomial(x) and sp.degree(arg, x) <= 1


def _is_polynomial_factor(g, x) -> bool:
    return g.has(x) and g.is_polynomial(x)


def choose_u(f, x):
    """(u, dv) by LIATE, or None when f is not a product parts is meant for."""
    _c, rest = f.as_independent(x, as_Add=False)
    factors = sp.Mul.make_args(rest)
    inverse = [g for g in factors if _is_inverse_factor(g, x)]
    if inverse:
        u = sp.Mul(*inverse)
        dv = sp.Mul(*[g for g in factors if g not in inverse]) * _c
        if not dv.is_algebraic_expr(x):
            return None
        if dv == _c and len(inverse) == 1 and inverse[0].as_base_exp()[1] == 1 \
                and _linear(inverse[0].as_base_exp()[0].args[0], x):
            return None  # ∫ ln x dx and friends: SymPy's rules already do it (dv = dx)
        if len(inverse) == 1:
            inner = inverse[0].as_base_exp()[0]
            ratio = sp.cancel(dv / sp.diff(inner, x))
            if not ratio.has(x):
                return None  # asin(x)^2/sqrt(1 - x^2): the derivative is there, a substitution
        return u, dv
    poly = [g for g in factors if _is_polynomial_factor(g, x)]
    other = [g for g in factors if g not in poly]
    if not poly or not other:
        return None
    dv = sp.Mul(*other)
    if dv.is_algebraic_expr(x) or not dv.has(*_TRANSCENDENTAL):
        return None
    return sp.Mul(*poly), dv * _c


def sympy_is_weak_here(f, x) -> bool:
    """Products where SymPy's parts rule gives up or wanders (so ours goes first): a power of
    an inverse function as u, or a dv that needs a substitution of its own (a sum inside a
    power or a reciprocal hyperbolic function)."""
    chosen = choose_u(f, x)
    if chosen is None:
        return False
    u, dv = chosen
    if any(_is_inverse_factor(g, x) and g.as_base_exp()[1] > 1 for g in sp.Mul.make_args(u)):
        return True
    if not dv.has(x) and not _linear(u.as_base_exp()[0].args[0], x):
        return True  # ∫ acos(sqrt(x/(1 + x))) dx: dv = dx, and du is algebraic
    if any(_is_inverse_factor(g, x) for g in sp.Mul.make_args(u)) and dv.is_rational_function(x) \
            and sp.fraction(sp.together(dv))[1].has(x):
        return True  # v by partial fractions, then v du rational times the inverse function
    if dv.has(sp.coth, sp.tanh, sp.sech, sp.csch):
        return True
    return any(isinstance(p.base, sp.Add) and p.base.has(*_TRANSCENDENTAL) for p in dv.atoms(sp.Pow))


def _cancelling_constant(v, du, x):
    """The constant c for which (v − c)·du has a smaller denominator, or 0."""
    if not v.is_polynomial(x):
        return sp.S.Zero
    _n, den = sp.fraction(sp.together(du))
    den = sp.Mul(*[g for g in sp.Mul.make_args(den) if g.is_polynomial(x) and g.has(x)])
    if den == 1 or not den.is_polynomial(x) or sp.degree(den, x) < 1:
        return sp.S.Zero
    r = sp.rem(sp.expand(v), sp.expand(den), x)
    if r != 0 and not r.has(x):
        return r
    return sp.S.Zero


def _tidy(expr, x):
    """The simplest of a few equivalent forms of v du (simplify only when roots are nested,
    and only a form that agrees with v du wherever that is real)."""
    from symtutor.engine.integration.strategy import same_real_function

    candidates = [sp.expand(expr)]
    tidiers = [sp.cancel, lambda e: sp.expand(sp.cancel(e)), lambda e: sp.factor_terms(sp.factor(e))]
    if any(isinstance(p.base, sp.Add) and p.base.has(sp.Pow) and not p.exp.is_Integer for p in expr.atoms(sp.Pow)):
        tidiers.append(sp.simplify)
    for tidy in tidiers:
        value = attempt(tidy, expr, seconds=1.0)
        if value is not None and not value.has(sp.Integral) and same_real_function(expr, value, x):
            candidates.append(value)
    return min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))


def integration_by_parts(f, x, ctx):
    """∫ u dv = u·v − ∫ v du, with u chosen by LIATE and v found by the engine"""
    from symtutor.engine.integration.manual import _parts_facts, parts_reason
    from symtutor.engine.integration.strategy import integrate_step

    if ctx.depth > ctx.max_depth - 2:
        return None
    chosen = choose_u(f, x)
    if chosen is None:
        return None
    u, dv = chosen
    try:
        with within(V_SECONDS):
            v_step = integrate_step(dv, x, ctx)
    except TooSlow:
        left = remaining()
        if left is not None and left <= 0:
            raise
        return None
    except NoMethod:
        return None
    if not v_step.complete:
        return None
    v = v_step.after
    du = derivative(u, x)
    c = _cancelling_constant(sp.expand(v), du, x)
    v_step.title = "Find v"
    v_step.text = "v is an antiderivative of dv: " + v_step.text[:1].lower() + v_step.text[1:]
    steps = [v_step]
    if c != 0:
        v_better = sp.together(sp.expand(v - c))
        steps.append(Step(rule="choose_constant", title="Choose the constant in v",
                          text="Any antiderivative will do for v: adding the constant {minus_c} gives {v_new}, "
                               "and then v du cancels.",
                          before=v, after=sp.Add(v_better, c, evaluate=False),
                          math={"v_new": eq(sp.Symbol("v"), v_better), "c": c, "minus_c": -c}))
        v = v_better
    facts, du = _parts_facts(u, dv, v, x)
    written = times(v, du)
    integrand = _tidy(v * du, x)
    second = integrate_step(integrand, x, ctx)
    if integrand != written:
        second = Step(rule="tidy_integrand", title="Tidy the integrand", text="Simplify {g} to {h}.",
                      before=I(written, x), after=second.after, substeps=[second],
                      math={"g": written, "h": integrand})
    second.title = "The remaining integral"
    steps.append(second)
    U, Vs = sp.Symbol("u"), sp.Symbol("v")
    formula = eq(I(U, Vs), minus(U * Vs, I(Vs, U)))
    facts.append(eq(I(f, x), minus(times(u, v), I(written, x))))
    return Step(rule="integration_by_parts", title="Integration by parts",
                text=parts_reason(u, dv, x) + " Then {formula}.",
                before=I(f, x), after=minus(times(u, v), second.after),
                substeps=steps, facts=facts, math={"formula": formula})


__all__ = ["integration_by_parts", "choose_u", "sympy_is_weak_here"]
