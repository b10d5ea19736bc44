"""Trigonometric integrals SymPy's rules miss.

* product-to-sum: sin(ax)·sin(bx), sin·cos, cos·cos;
* rational functions of sin and cos: Bioche's rules choose u = cos x, u = sin x or
  u = tan x when the integrand has the matching symmetry, otherwise the Weierstrass
  substitution t = tan(x/2) turns any of them into a rational function of t;
* reduction formulas for ∫ secⁿ x dx and ∫ xⁿ·e^(ax) dx.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.integration.base import I, NoMethod, attempt, differential, eq, fresh, minus, plus, times
from symtutor.steps import Step

TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)


def to_sin_cos(f):
    """tan, cot, sec, csc written with sin and cos."""
    return f.replace(sp.tan, lambda a: sp.sin(a) / sp.cos(a)).replace(sp.cot, lambda a: sp.cos(a) / sp.sin(a)) \
        .replace(sp.sec, lambda a: 1 / sp.cos(a)).replace(sp.csc, lambda a: 1 / sp.sin(a))


def _args(f):
    return {a.args[0] for a in f.atoms(*TRIG)}


# --- product to sum ----------------------------------------------------------------------

_PRODUCT_TO_SUM = {
    (sp.sin, sp.sin): lambda a, b: (sp.cos(a - b) - sp.cos(a + b)) / 2,
    (sp.cos, sp.cos): lambda a, b: (sp.cos(a - b) + sp.cos(a + b)) / 2,
    (sp.sin, sp.cos): lambda a, b: (sp.sin(a + b) + sp.sin(a - b)) / 2,
    (sp.cos, sp.sin): lambda a, b: (sp.sin(a + b) - sp.sin(a - b)) / 2,
}


def product_to_sum(f, x, ctx):
    """sin(a)·sin(b) -> (cos(a−b) − cos(a+b))/2, and the sin·cos, cos·cos cousins"""
    c, rest = f.as_independent(x, as_Add=False)
    factors = sp.Mul.make_args(rest)
    if len(factors) != 2 or not all(isinstance(g, (sp.sin, sp.cos)) for g in factors):
        return None
    p, q = factors
    a, b = p.args[0], q.args[0]
    if a == b or not (sp.Poly(a, x).degree() == 1 if a.is_polynomial(x) else False) or not b.is_polynomial(x):
        return None
    g = sp.expand(c * _PRODUCT_TO_SUM[(p.func, q.func)](a, b))
    from symtutor.engine.integration.strategy import integrate_step

    sub = integrate_step(g, x, ctx)
    return Step(rule="product_to_sum", title="Product-to-sum identity",
                text="A product of sines and cosines of different angles: use the product-to-sum identity, {f} = {g}.",
                before=I(f, x), after=sub.after, substeps=[sub], facts=[eq(f, g)], math={"f": f, "g": g})


# --- rational functions of sin and cos ---------------------------------------------------


def trig_rational(f, x, ctx):
    """∫ R(sin x, cos x) dx: Bioche's substitution, else Weierstrass t = tan(x/2)"""
    if not f.atoms(*TRIG):
        return None
    g = to_sin_cos(f)
    args = _args(g)
    if args != {x}:
        if not all(a.is_polynomial(x) and sp.degree(a, x) == 1 and (a / x).is_Rational for a in args):
            return None
        expanded = sp.expand_trig(g)
        if _args(expanded) != {x}:
            return None
        g = expanded
    S, Cc = sp.Dummy("s"), sp.Dummy("c")
    R = g.xreplace({sp.sin(x): S, sp.cos(x): Cc})
    if R.has(x) or not R.is_rational_function(S, Cc):
        return None
    from symtutor.engine.integration.strategy import integrate_step

    for name in ("cos", "sin", "tan", "weierstrass"):
        found = _bioche(name, R, S, Cc, x, f)
        if found is None:
            continue
        u, gx, h, why, facts = found
        if not h.is_rational_function(u) or h.has(x):
            continue
        try:
            inner = integrate_step(h, u, ctx)
        except NoMethod:
            continue
        from symtutor.engine.integration.manual import substitution_step

        step = substitution_step(f, x, u, gx, h, inner, why=why)
        step.rule = "weierstrass_substitution" if name == "weierstrass" else "trig_substitution_bioche"
        step.title = "Weierstrass substitution" if name == "weierstrass" else f"Substitution u = {name} x"
        step.facts.extend(facts)
        if g != f:
            step.facts.insert(0, eq(f, g))
        return step
    return None


def _collected(h, t):
    """A rational function of t written as a teacher would: numerator and denominator
    collected in powers of t, the denominator's leading coefficient positive."""
    if h is None:
        return None
    num, den = sp.fraction(h)
    if not (num.is_polynomial(t) and den.is_polynomial(t)) or sp.Poly(den, t).LC().is_Rational:
        return h
    if sp.Poly(den, t).LC().is_negative:
        num, den = -num, -den
    tidy = lambda p: sp.collect(sp.expand(p), t, evaluate=True)  # noqa: E731
    return sp.Mul(tidy(num), sp.Pow(tidy(den), -1))


def _bioche(name, R, S, Cc, x, f):
    cancel = lambda e: attempt(sp.cancel, e, seconds=2.0)  # noqa: E731
    if name == "cos":
        test = cancel(R.xreplace({S: -S}) + R)
        if test != 0:
            return None
        u = fresh("u", f)
        h = cancel((-R / S).xreplace({S: sp.sqrt(1 - u**2), Cc: u}))
        why = ("The integrand changes sign when sin x does (Bioche's rule), so sin x dx = -du with u = cos x "
               "and sin^2 x = 1 - u^2.")
        return u, sp.cos(x), h, why, [eq(sp.sin(x) ** 2, 1 - u**2)]
    if name == "sin":
        test = cancel(R.xreplace({Cc: -Cc}) + R)
        if test != 0:
            return None
        u = fresh("u", f)
        h = cancel((R / Cc).xreplace({Cc: sp.sqrt(1 - u**2), S: u}))
        why = ("The integrand changes sign when cos x does (Bioche's rule), so cos x dx = du with u = sin x "
               "and cos^2 x = 1 - u^2.")
        return u, sp.sin(x), h, why, [eq(sp.cos(x) ** 2, 1 - u**2)]
    if name == "tan":
        test = cancel(R.xreplace({S: -S, Cc: -Cc}, simultaneous=True) - R) if False else \
            cancel(R.subs({S: -S, Cc: -Cc}, simultaneous=True) - R)
        if test != 0:
            return None
        u = fresh("u", f)
        h = cancel((R.subs(S, u * Cc) / (1 + u**2)).subs(Cc, 1 / sp.sqrt(1 + u**2)))
        why = ("The integrand is unchanged when sin x and cos x both change sign (Bioche's rule), so it is a "
               "function of tan x: with u = tan x, dx = du/(1 + u^2) and cos^2 x = 1/(1 + u^2).")
        return u, sp.tan(x), h, why, [eq(sp.cos(x) ** 2, 1 / (1 + u**2))]
    t = fresh("t", f)
    h = _collected(cancel((R.subs({S: 2 * t / (1 + t**2), Cc: (1 - t**2) / (1 + t**2)}, simultaneous=True)
                           * 2 / (1 + t**2))), t)
    why = ("A rational function of sin x and cos x: the Weierstrass substitution t = tan(x/2) makes it a "
           "rational function of t.")
    facts = [eq(sp.sin(x), 2 * t / (1 + t**2)), eq(sp.cos(x), (1 - t**2) / (1 + t**2)),
             eq(differential(x), times(2 / (1 + t**2), differential(t)))]
    return t, sp.tan(x / 2), h, why, facts


# --- reduction formulas ------------------------------------------------------------------


_N = sp.Symbol("n")
_X = sp.Symbol("x")
# function -> (first term of the formula in n and x, sign of the remaining integral's factor,
#              lowest power handled by the table, how the formula is obtained)
_REDUCTIONS = {
    sp.sin: (lambda n, t: -sp.sin(t) ** (n - 1) * sp.cos(t) / n, lambda n: sp.Rational(n - 1, n), 2,
             "integration by parts with u = sin^(n-1) x and cos^2 = 1 - sin^2"),
    sp.cos: (lambda n, t: sp.cos(t) ** (n - 1) * sp.sin(t) / n, lambda n: sp.Rational(n - 1, n), 2,
             "integration by parts with u = cos^(n-1) x and sin^2 = 1 - cos^2"),
    sp.sec: (lambda n, t: sp.sec(t) ** (n - 2) * sp.tan(t) / (n - 1), lambda n: sp.Rational(n - 2, n - 1), 3,
             "integration by parts with u = sec^(n-2) x, dv = sec^2 x dx and tan^2 = sec^2 - 1"),
    sp.csc: (lambda n, t: -sp.csc(t) ** (n - 2) * sp.cot(t) / (n - 1), lambda n: sp.Rational(n - 2, n - 1), 3,
             "integration by parts with u = csc^(n-2) x, dv = csc^2 x dx and cot^2 = csc^2 - 1"),
    sp.tan: (lambda n, t: sp.tan(t) ** (n - 1) / (n - 1), lambda n: -1, 2,
             "splitting off tan^2 = sec^2 - 1: the first part is a power of tan times its derivative"),
    sp.cot: (lambda n, t: -sp.cot(t) ** (n - 1) / (n - 1), lambda n: -1, 2,
             "splitting off cot^2 = csc^2 - 1: the first part is a power of cot times minus its derivative"),
}
_RECIPROCAL = {sp.cos: sp.sec, sp.sin: sp.csc, sp.tan: sp.cot, sp.cot: sp.tan, sp.sec: sp.cos, sp.csc: sp.sin}


def _trig_power(f, x):
    """(function, n) when f = trig(x)^n with n ≥ the table's threshold, else None."""
    base, n = f.as_base_exp()
    if not (isinstance(base, tuple(_REDUCTIONS)) and base.args[0] == x and n.is_Integer):
        return None
    func, n = type(base), int(n)
    if n < 0:
        func, n = _RECIPROCAL[func], -n
    if n < _REDUCTIONS[func][2] or (func in (sp.sec, sp.csc) and n == 2):
        return None
    return func, n


def trig_power_reduction(f, x, ctx):
    """∫ sinⁿ, cosⁿ, secⁿ, cscⁿ, tanⁿ, cotⁿ dx: the reduction formula, n lowered by two each time"""
    found = _trig_power(f, x)
    if found is None:
        return None
    func, n = found
    first, factor, _low, how = _REDUCTIONS[func]
    from symtutor.engine.integration.strategy import integrate_step

    lower_integrand = func(x) ** (n - 2) if n - 2 != 0 else sp.S.One
    lower = integrate_step(lower_integrand, x, ctx)
    result = plus(first(n, x), times(factor(n), lower.after))
    general_first = first(_N, _X)
    general_factor = {sp.sin: (_N - 1) / _N, sp.cos: (_N - 1) / _N, sp.sec: (_N - 2) / (_N - 1),
                      sp.csc: (_N - 2) / (_N - 1)}.get(func, -1)
    formula = eq(I(func(_X) ** _N, _X), plus(general_first, times(general_factor, I(func(_X) ** (_N - 2), _X))))
    text = ("Reduction formula for powers of " + func.__name__ + ", obtained by " + how +
            "; use it with n = {n}" + (" (" + "{f} = " + func.__name__ + "^{n})" if f != func(x) ** n else "") + ".")
    return Step(rule="reduction_formula", title="Reduction formula", text=text, before=I(f, x), after=result,
                substeps=[lower], facts=[formula], math={"n": sp.Integer(n), "f": f})


def sec_power(f, x, ctx):
    """∫ secⁿ x dx (kept for callers; see ``trig_power_reduction``)"""
    return trig_power_reduction(f, x, ctx)


def power_times_exp(f, x, ctx):
    """∫ xⁿ e^(ax) dx = xⁿ e^(ax)/a − (n/a) ∫ xⁿ⁻¹ e^(ax) dx"""
    c, rest = f.as_independent(x, as_Add=False)
    factors = sp.Mul.make_args(rest)
    if len(factors) != 2 or c != 1:
        return None
    pw = [g for g in factors if g.as_base_exp()[0] == x and g.as_base_exp()[1].is_Integer]
    ex = [g for g in factors if isinstance(g, sp.exp)]
    if len(pw) != 1 or len(ex) != 1:
        return None
    n = int(pw[0].as_base_exp()[1])
    arg = ex[0].args[0]
    if n < 2 or not arg.is_polynomial(x) or sp.degree(arg, x) != 1 or arg.subs(x, 0) != 0:
        return None
    a = arg / x
    from symtutor.engine.integration.strategy import integrate_step

    lower = integrate_step(x ** (n - 1) * sp.exp(arg), x, ctx)
    result = minus(sp.Mul(x**n, sp.exp(arg), sp.Pow(a, -1), evaluate=False), times(n / a, lower.after))
    N, A = sp.Symbol("n"), sp.Symbol("a")
    formula = eq(I(x**N * sp.exp(A * x), x),
                 minus(x**N * sp.exp(A * x) / A, times(N / A, I(x ** (N - 1) * sp.exp(A * x), x))))
    return Step(rule="reduction_formula", title="Reduction formula",
                text="Integration by parts with u = x^n and dv = e^(ax) dx lowers the power of {x} by one; "
                     "use the reduction formula with n = {n} and a = {a}.",
                before=I(f, x), after=result, substeps=[lower], facts=[formula],
                math={"n": sp.Integer(n), "a": a, "x": x})


FINDERS = (product_to_sum, trig_power_reduction, power_times_exp, trig_rational)


# --- trigonometric substitution for sqrt(c ± b x²) ----------------------------------------


def _pure_quadratic_roots(f, x):
    """The quadratics c + b·x² (no x term) under half-integer powers in ``f``."""
    found = set()
    for p in f.atoms(sp.Pow):
        if p.exp.is_Rational and p.exp.q == 2 and p.base.is_polynomial(x) and sp.degree(p.base, x) == 2:
            poly = sp.Poly(p.base, x)
            if poly.coeff_monomial(x) == 0 and poly.coeff_monomial(1) != 0:
                found.add(p.base)
    return found


def trig_substitution(f, x, ctx):
    """√(a²−x²): x = a·sin θ;  √(a²+x²): x = a·tan θ;  √(x²−a²): x = a·sec θ"""
    roots = _pure_quadratic_roots(f, x)
    if len(roots) != 1:
        return None
    q = roots.pop()
    poly = sp.Poly(q, x)
    b, c = poly.coeff_monomial(x**2), poly.coeff_monomial(1)
    theta = fresh("theta", f)
    if c > 0 and b < 0:
        k = sp.sqrt(c / -b)
        x_of, root, inverse = k * sp.sin(theta), sp.sqrt(c) * sp.cos(theta), sp.asin(x / k)
    elif c > 0 and b > 0:
        k = sp.sqrt(c / b)
        x_of, root, inverse = k * sp.tan(theta), sp.sqrt(c) * sp.sec(theta), sp.atan(x / k)
    elif c < 0 and b > 0:
        k = sp.sqrt(-c / b)
        x_of, root, inverse = k * sp.sec(theta), sp.sqrt(-c) * sp.tan(theta), sp.asec(x / k)
    else:
        return None
    g = f.replace(lambda e: isinstance(e, sp.Pow) and e.base == q and e.exp.is_Rational and e.exp.q == 2,
                  lambda e: root ** (2 * e.exp))
    h = attempt(lambda: sp.trigsimp(sp.cancel(g.subs(x, x_of) * sp.diff(x_of, theta))), seconds=3.0)
    if h is None or h.has(x):
        return None
    from symtutor.engine.integration.strategy import integrate_step

    inner = integrate_step(h, theta, ctx)
    if not inner.complete:
        return None
    final = attempt(lambda: sp.simplify(inner.after.subs(theta, inverse)), seconds=4.0)
    if final is None:
        final = inner.after.subs(theta, inverse)
    back = Step(rule="back_substitution", title="Back-substitute",
                text="Undo {x_def}: {theta} = {inv}; read the other trigonometric values off the right triangle.",
                before=inner.after.subs(theta, inverse), after=final,
                math={"x_def": eq(x, x_of), "theta": theta, "inv": inverse})
    dtheta = differential(theta)
    dx_fact = eq(differential(x), times(sp.diff(x_of, theta), dtheta))
    text = ("The root of {q} suggests {x_def}: then {dx_def} and the root becomes {root}, "
            "so the integral becomes {new}.")
    return Step(rule="trig_substitution", title="Trigonometric substitution", text=text, before=I(f, x),
                after=final, substeps=[inner, back], facts=[eq(x, x_of), dx_fact, eq(sp.sqrt(q), root)],
                math={"q": q, "x_def": eq(x, x_of), "dx_def": dx_fact, "root": root, "new": I(h, theta)})


# --- linearising powers of sin and cos ---------------------------------------------------


def _linearise(T):
    """sin/cos products and powers as a sum of sines and cosines of multiple angles."""
    from sympy.simplify.fu import TR8

    g = sp.expand(T)
    for _ in range(6):
        h = sp.expand(TR8(g))
        if h == g:
            break
        g = h
    return g


def _trig_degree(T, x):
    """Total degree of T as a product of powers of sin/cos of linear arguments, or None."""
    total = 0
    for factor in sp.Mul.make_args(T):
        base, e = factor.as_base_exp()
        if not (isinstance(base, (sp.sin, sp.cos)) and e.is_Integer and e > 0):
            return None
        arg = base.args[0]
        if not (arg.is_polynomial(x) and sp.degree(arg, x) == 1):
            return None
        total += int(e)
    return total


def linearise_trig_powers(f, x, ctx):
    """sinᵐ·cosⁿ (m, n even) or a power of sin/cos times eᵃˣ or a polynomial: use the
    double-angle / product-to-sum formulas until only sin(kx), cos(kx) remain, then integrate"""
    c, rest = f.as_independent(x, as_Add=False)
    factors = sp.Mul.make_args(rest)
    trig = [g for g in factors if isinstance(g.as_base_exp()[0], (sp.sin, sp.cos))]
    other = [g for g in factors if g not in trig]
    if not trig:
        return None
    T = sp.Mul(*trig)
    degree = _trig_degree(T, x)
    if degree is None or degree < 2:
        return None
    if other:
        E = sp.Mul(*other)
        kinds_ok = all(g.is_polynomial(x) or isinstance(g, sp.exp) or
                       (isinstance(g, sp.Pow) and g.base.func == sp.exp) for g in other)
        if not kinds_ok or not E.has(x):
            return None
    else:
        E = sp.S.One
        powers = [int(g.as_base_exp()[1]) for g in trig]
        if len(trig) != 2 or any(p % 2 for p in powers) or len({g.as_base_exp()[0].args[0] for g in trig}) != 1:
            return None  # other pure products: reduction formulas, product-to-sum or u-substitution
    linear = attempt(_linearise, T, seconds=1.5)
    if linear is None or linear == T or any(isinstance(p.base, (sp.sin, sp.cos)) for p in linear.atoms(sp.Pow)) \
            or linear.has(sp.Mul) and any(sum(1 for a in sp.Mul.make_args(t) if isinstance(a, (sp.sin, sp.cos))) > 1
                                          for t in sp.Add.make_args(linear)):
        return None
    g = sp.expand(c * E * linear)
    from symtutor.engine.integration.strategy import integrate_step

    sub = integrate_step(g, x, ctx)
    T_shown = T
    return Step(rule="linearise_trig_powers", title="Power-reduction (double-angle) formulas",
                text="Lower the powers of sine and cosine with the double-angle and product-to-sum formulas, "
                     "{T} = {L}, so that only sines and cosines of multiple angles remain.",
                before=I(f, x), after=sub.after, substeps=[sub], facts=[eq(T_shown, linear)],
                math={"T": T_shown, "L": linear})


# --- squares of hyperbolic functions -----------------------------------------------------


def _hyperbolic_square(f, x):
    """(kind, L) when f = sech(L)^2 / 1/cosh(L)^2 ('sech'), csch^2 ('csch'), tanh^2, coth^2
    with L linear in x, else None."""
    base, e = f.as_base_exp()
    if not isinstance(base, (sp.sech, sp.csch, sp.cosh, sp.sinh, sp.tanh, sp.coth)) or abs(e) != 2:
        return None
    L = base.args[0]
    if not (L.is_polynomial(x) and sp.degree(L, x) == 1):
        return None
    kind = {(sp.sech, 2): "sech", (sp.cosh, -2): "sech", (sp.csch, 2): "csch", (sp.sinh, -2): "csch",
            (sp.tanh, 2): "tanh", (sp.coth, 2): "coth", (sp.tanh, -2): "coth", (sp.coth, -2): "tanh"}
    found = kind.get((type(base), int(e)))
    return (found, L) if found else None


def hyperbolic_squares(f, x):
    """∫ sech² = tanh, ∫ csch² = −coth (table); tanh² = 1 − sech², coth² = 1 + csch² first"""
    found = _hyperbolic_square(f, x)
    if found is None:
        return None
    kind, L = found
    a = sp.Poly(L, x).LC()
    X = sp.Symbol("x")
    if kind in ("sech", "csch"):
        result = sp.tanh(L) / a if kind == "sech" else -sp.coth(L) / a
        table = (eq(I(sp.sech(X) ** 2, X), sp.tanh(X)) if kind == "sech"
                 else eq(I(sp.csch(X) ** 2, X), -sp.coth(X)))
        text = ("From the table of derivatives, d/dx tanh x = sech^2 x" if kind == "sech"
                else "From the table of derivatives, d/dx coth x = -csch^2 x")
        text += ("." if a == 1 else "; the inner function {L} is linear, so divide by {a}.")
        return Step(rule="hyperbolic_rule", title="Hyperbolic table integral", text=text, before=I(f, x),
                    after=result, facts=[table], math={"L": L, "a": a})
    if kind == "tanh":
        g, identity = 1 - sp.sech(L) ** 2, eq(sp.tanh(X) ** 2, 1 - sp.sech(X) ** 2)
    else:
        g, identity = 1 + sp.csch(L) ** 2, eq(sp.coth(X) ** 2, 1 + sp.csch(X) ** 2)
    square = sp.sech(L) ** 2 if kind == "tanh" else sp.csch(L) ** 2
    inner = hyperbolic_squares(square, x)
    sign = -1 if kind == "tanh" else 1
    const_step = Step(rule="constant_rule", title="Constant rule", text="The integral of 1 is {x}.",
                      before=I(sp.S.One, x), after=x, math={"x": x})
    if sign == -1:
        inner = Step(rule="constant_multiple", title="Constant multiple", text="Take the constant factor {c} outside.",
                     before=I(-square, x), after=times(-1, inner.after), substeps=[inner], math={"c": sp.S.NegativeOne})
    return Step(rule="hyperbolic_identity", title="Hyperbolic identity",
                text="Use the identity {identity}, then integrate term by term.",
                before=I(f, x), after=plus(x, inner.after), substeps=[const_step, inner],
                facts=[identity, eq(f, g)], math={"identity": identity})


def hyperbolic_squares_finder(f, x, ctx):
    """The finder form of ``hyperbolic_squares`` (no sub-search needed)."""
    return hyperbolic_squares(f, x)
