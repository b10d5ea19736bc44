"""Binomial differentials ∫ xᵐ(a + bxⁿ)ᵖ dx with rational m, n, p (Chebyshev's theorem).

The integral is elementary exactly when one of these is an integer, and each case has its
rationalising substitution (s is the denominator of p):

* (m + 1)/n:      t = (a + bxⁿ)^(1/s),            so xⁿ = (tˢ − a)/b;
* (m + 1)/n + p:  t = (a + bxⁿ)^(1/s) / x^(n/s),  so xⁿ = a/(tˢ − b).

(p an integer is a plain root of x, left to the other methods.)  With X = xⁿ written in t,
xᵐ dx = (1/n)·X^((m+1)/n − 1)·X′(t) dt and (a + bxⁿ)ᵖ = t^(sp) (case 2) or t^(sp)·Xᵖ
(case 3), so every exponent of X is an integer and the integrand in t is rational.
A polynomial times the binomial power is done term by term in one substitution when all
its terms fall in the same case.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.integration.base import NoMethod, TooSlow, eq, fresh
from symtutor.engine.integration.deadline import remaining, within


def _binomial_power(f, x):
    """(Σ cₖ·x^mₖ as [(cₖ, mₖ)], a, b, n, p) for f = P(x)·(a + bxⁿ)ᵖ, else None."""
    powers = [g for g in sp.Mul.make_args(f)
              if isinstance(g, sp.Pow) and g.base.has(x) and g.exp.is_Rational and not g.exp.is_Integer
              and g.base != x]
    if len(powers) != 1:
        return None
    power = powers[0]
    base, p = power.base, power.exp
    a, varying = sp.expand(base).as_independent(x, as_Add=True)
    b, xn = varying.as_independent(x, as_Add=False)
    bx, n = xn.as_base_exp()
    if a == 0 or bx != x or not n.is_Rational or n == 0:
        return None  # not a + b·xⁿ (n may be a fraction: a + b·x^(2/3))
    rest = sp.expand(f / power)
    monomials = []
    for term in sp.Add.make_args(rest):
        c, xs = term.as_independent(x, as_Add=False)
        if xs == 1:
            m = sp.Integer(0)
        else:
            bx, m = xs.as_base_exp()
            if bx != x or not m.is_Rational:
                return None
        monomials.append((c, m))
    return monomials, a, b, n, p


def is_square_root_of_quadratic(f, x) -> bool:
    """P(x)·(a + bx²)^(k/2): the family of the trigonometric substitutions."""
    found = _binomial_power(f, x)
    return found is not None and found[3] == 2 and found[4].q == 2


def _case(monomials, n, p):
    if all(((m + 1) / n).is_integer for _c, m in monomials):
        return 2
    if all(((m + 1) / n + p).is_integer for _c, m in monomials):
        return 3
    return None


def binomial_differential(f, x, ctx):
    """∫ P(x)·(a + bxⁿ)ᵖ dx by Chebyshev's substitution (see the module docstring)"""
    if not f.is_algebraic_expr(x):
        return None
    found = _binomial_power(f, x)
    if found is None:
        return None
    monomials, a, b, n, p = found
    case = _case(monomials, n, p)
    if case is None:
        return None
    s = p.q
    t = fresh("t", f) if case == 3 else sp.Symbol(fresh("t", f).name, positive=True)
    X = (t**s - a) / b if case == 2 else a / (t**s - b)
    dX = sp.diff(X, t)
    shift = 0 if case == 2 else p
    h = sum(c / n * X ** ((m + 1) / n + shift - 1) * t ** (s * p) * dX for c, m in monomials)
    try:
        with within(3.0):
            h = sp.cancel(h)
            if len(sp.Add.make_args(sp.expand(sp.fraction(h)[1]))) > 1:
                h = sp.factor(h, t)  # partial fractions will need the factors anyway
    except TooSlow:
        left = remaining()
        if left is not None and left <= 0:
            raise
        return None
    if not h.is_rational_function(t):
        return None
    from symtutor.engine.integration.strategy import integrate_step

    try:
        inner = integrate_step(h, t, ctx)
    except NoMethod:
        return None
    if not inner.complete:
        return None
    root = sp.Pow(a + b * x**n, sp.Rational(1, s))
    t_of_x = root if case == 2 else root * x ** (-n / s)
    if not _holds_on_the_real_line(inner.after.subs(t, t_of_x), f, x):
        return None  # the substitution covers only part of the domain: not this method
    from symtutor.engine.integration.manual import substitution_step

    M, N, P = sp.symbols("m n p")
    condition = (M + 1) / N + (0 if case == 2 else P)
    exponents = [m for _c, m in monomials]
    if len(exponents) == 1:
        m = exponents[0]
        why = ("A binomial differential {form} with {m_is}, {n_is}, {p_is}: {condition} = {value} is "
               "an integer, so by Chebyshev's theorem the substitution {t_def} makes it rational ({X_def}).")
        math = {"m_is": eq(M, m), "value": condition.subs({M: m, N: n, P: p})}
    else:
        why = ("Each term is a binomial differential {form} with {n_is}, {p_is}, and {condition} is an "
               "integer for every exponent m in {ms}, so by Chebyshev's theorem one substitution, {t_def}, "
               "makes the whole integrand rational ({X_def}).")
        math = {"ms": sp.FiniteSet(*exponents)}
    step = substitution_step(f, x, t, t_of_x, h, inner, why=why)
    form = sp.Symbol("x") ** M * (sp.Symbol("a") + sp.Symbol("b") * sp.Symbol("x") ** N) ** P
    step.math.update({**math, "form": form, "n_is": eq(N, n), "p_is": eq(P, p), "condition": condition,
                      "t_def": eq(t, t_of_x), "X_def": eq(x**n, X)})
    step.facts.insert(0, eq(x**n, X))
    step.rule = "binomial_substitution"
    step.title = "Chebyshev substitution (binomial differential)"
    return step


def _holds_on_the_real_line(F, f, x) -> bool:
    """d/dx F = f at sampled real points where f is real, of either sign of x."""
    from symtutor.verify import numerically_equal

    xr = sp.Symbol(x.name, real=True)
    f_real = f.xreplace({x: xr})
    return numerically_equal(sp.diff(F.xreplace({x: xr}), xr), f_real, domain=[f_real]) is True
