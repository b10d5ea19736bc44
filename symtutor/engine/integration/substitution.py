"""Substitutions SymPy's rules miss or make long: derivative-divides recognition and
rationalising substitutions for roots, u = ⁿ√(g(x))."""
from __future__ import annotations

import math

import sympy as sp

from symtutor.engine.integration.base import NoMethod, TooSlow, attempt, fresh
from symtutor.engine.integration.deadline import remaining, within

CANDIDATES = 4
SECONDS_PER_CANDIDATE = 1.5
SECONDS_IN_ALL = 3.0


def _inner_functions(f, x):
    """Candidates g(x) for u: inner functions of composites, ordered largest first."""
    found = []
    for node in sp.preorder_traversal(f):
        if isinstance(node, sp.Function) and node.args and node.args[0].has(x):
            if node.args[0] != x:
                found.append(node.args[0])
            if isinstance(node, (sp.log, sp.exp, sp.sin, sp.cos, sp.tan, sp.atan, sp.asin, sp.acos,
                                 sp.sinh, sp.cosh, sp.tanh)):
                found.append(node)
        elif isinstance(node, sp.Pow) and node.base.has(x) and node.base != x and not node.exp.has(x):
            found.append(node.base)
    unique = list(dict.fromkeys(g for g in found if g.has(x) and g != x))
    unique.sort(key=lambda g: -sp.count_ops(g))
    return unique[:CANDIDATES] + [g for g in _power_candidates(f, x) if g not in unique[:CANDIDATES]]


def _power_candidates(f, x):
    """u = x^d when every power of x inside the roots is a multiple of d, below the highest
    (x/√(x⁴ + 1): u = x²; for √(x² − 9)/x the root itself is the better u)."""
    exponents = set()
    for node in f.atoms(sp.Pow):
        if node.base.has(x) and node.base.is_polynomial(x) and not node.exp.is_Integer:
            exponents |= {m[0] for m in sp.Poly(node.base, x).monoms() if m[0]}
    if not exponents:
        return []
    g = math.gcd(*exponents)
    return [x**d for d in sp.divisors(g) if 2 <= d < max(exponents)][:2]


def _in_terms_of(expr, g, u, x):
    """``expr`` written in u = g(x), or None when x cannot be eliminated."""
    h = expr.subs(g, u)
    if not h.has(x):
        return h
    solutions = attempt(sp.solve, sp.Eq(u, g), x, seconds=0.7)
    if solutions and len(solutions) == 1:
        h = attempt(lambda: sp.cancel(expr.subs(x, solutions[0])), seconds=0.7)
        # Solving for x is only worth it when it leaves a rational function of u
        # (otherwise x e^x would become ln u with u = e^x instead of a case for parts).
        if h is not None and not h.has(x) and h.is_rational_function(u):
            return h
    return None


def derivative_divides(f, x, ctx):
    """∫ f(g(x))·g'(x) dx: spot g' in the integrand and substitute u = g(x)"""
    from symtutor.engine.integration.deadline import remaining

    try:
        with within(SECONDS_IN_ALL):
            return _derivative_divides(f, x, ctx)
    except TooSlow:
        left = remaining()
        if left is not None and left <= 0:
            raise
        return None


def _derivative_divides(f, x, ctx):
    from symtutor.engine.integration.strategy import integrate_step

    u = fresh("u", f)
    for g in _inner_functions(f, x):
        dg = sp.diff(g, x)
        if dg == 0:
            continue
        try:
            with within(SECONDS_PER_CANDIDATE):
                ratio = sp.cancel(f / dg) if f.is_rational_function(x) else sp.powsimp(f / dg)
                h = _in_terms_of(ratio, g, u, x)
                sign = None
                if h is None and not g.has(sp.Abs, sp.sign):
                    sign, h = _locally_constant_factor(ratio.subs(g, u), x, u)
                if h is None or sp.count_ops(h) >= sp.count_ops(f) + 2:
                    continue
                inner = integrate_step(h, u, ctx)
        except (TooSlow, NoMethod):
            continue
        if not inner.complete:
            continue
        if sign is not None:
            return _constant_on_each_interval(f, x, sign, u, g, h, inner)
        return _derivative_divides_step(f, x, u, g, h, inner)
    return None


def _derivative_divides_step(f, x, u, g, h, inner):
    from symtutor.engine.integration.manual import substitution_step

    why = "The derivative of {g} appears in the integrand (up to a constant factor)."
    step = substitution_step(f, x, u, g, h, inner, why=why)
    step.math["g"] = g
    step.rule = "derivative_divides"
    step.title = "Substitution (the derivative is there)"
    return step


def _locally_constant_factor(expr, x, u):
    """expr = s(x)·h(u) with s constant on each interval of its domain (|x|/x, √(x²)/x):
    (s, h), else (None, None)."""
    s, h = expr.as_independent(u, as_Add=False)
    if not s.has(x) or h.has(x) or not h.has(u) or not s.has(sp.Abs, sp.sign, sp.Pow):
        return None, None
    from symtutor.verify import numerically_equal

    xr = sp.Symbol(x.name, real=True)
    s_real = s.xreplace({x: xr})
    if numerically_equal(sp.diff(s_real, xr), sp.S.Zero, domain=[s_real]) is not True:
        return None, None
    return s, h


def _constant_on_each_interval(f, x, sign, u, g, h, inner):
    """∫ s(x)·F(x) dx = s(x)·∫ F dx when s is constant on each interval (the sign of x)."""
    from symtutor.engine.integration.base import I, eq, times
    from symtutor.steps import Step

    rest = sp.powsimp(f / sign)
    sub = _derivative_divides_step(rest, x, u, g, h, inner)
    text = ("The factor {s} is constant on each interval where the integrand is defined (it only takes the "
            "values ±1), so it comes outside the integral like a constant.")
    split = sp.Mul(sign, rest, evaluate=False)
    return Step(rule="piecewise_constant_factor", title="A factor constant on each interval", text=text,
                before=I(f, x), after=times(sign, sub.after), substeps=[sub], facts=[eq(f, split)],
                math={"s": sign})


def _linear_inner(f, x):
    found = set()
    for node in sp.preorder_traversal(f):
        inner = None
        if isinstance(node, sp.Function) and len(node.args) == 1:
            inner = node.args[0]
        elif isinstance(node, sp.Pow) and node.base.has(x):
            inner = node.base
        if inner is not None and inner != x and inner.has(x) and inner.is_polynomial(x) and sp.degree(inner, x) == 1:
            found.add(inner)
    return found


def expand_powers(f, x, ctx):
    """A product of sums of powers of x: multiply out, then the power rule term by term."""
    from symtutor.engine.integration.base import I, eq
    from symtutor.engine.integration.strategy import integrate_step
    from symtutor.steps import Step

    if not isinstance(f, (sp.Mul, sp.Pow)) or \
            not any(isinstance(a.as_base_exp()[0], sp.Add) for a in sp.Mul.make_args(f)):
        return None
    if not f.is_algebraic_expr(x):
        return None
    g = sp.expand(f)
    terms = sp.Add.make_args(g)
    if len(terms) < 2 or len(terms) > 12:
        return None
    for t in terms:
        _c, rest = t.as_independent(x, as_Add=False)
        base, e = rest.as_base_exp()
        if rest != 1 and not (base == x and e.is_Rational):
            return None
    sub = integrate_step(g, x, ctx)
    return Step(rule="expand_integrand", title="Expand", text="Multiply out into powers of {x}: {f} = {g}.",
                before=I(f, x), after=sub.after, substeps=[sub], facts=[eq(f, g)], math={"x": x, "f": f, "g": g})


def linear_argument(f, x, ctx):
    """∫ F(ax + b) dx -> G(ax + b)/a  where G is an antiderivative of F"""
    from symtutor.engine.integration.base import I, times
    from symtutor.engine.integration.strategy import integrate_step
    from symtutor.steps import Step

    inners = _linear_inner(f, x)
    if len(inners) != 1:
        return None
    L = inners.pop()
    u = fresh("u", f)
    h = f.xreplace({L: u})
    if h.has(x):
        return None
    a = sp.Poly(L, x).LC()
    inner = integrate_step(h, u, ctx)
    if not inner.complete:
        return None
    result = times(sp.Integer(1) / a if a.is_Rational else 1 / a, inner.after.xreplace({u: L}))
    text = ("The inner function {L} is linear: integrate as if it were the variable (u = {L}, du = {a} dx) "
            "and divide by {a}.")
    return Step(rule="linear_substitution", title="Linear inner function", text=text, before=I(f, x),
                after=result, substeps=[inner], math={"L": L, "a": a})


def _roots(f, x):
    roots = []
    for p in f.atoms(sp.Pow):
        if p.base.has(x) and p.exp.is_Rational and not p.exp.is_Integer:
            roots.append((p.base, p.exp.q))
    return roots


def _single_branch(solutions, f, x):
    """x as a function of u: the one solution, or, when x = ±φ(u) and f is odd in x, φ(u)
    (then f(−φ)·d(−φ) = f(φ)·dφ, so both halves of the domain give the same integral in u)."""
    if len(solutions) == 1:
        return solutions[0]
    if len(solutions) == 2 and sp.expand(solutions[0] + solutions[1]) == 0 \
            and sp.cancel(f.subs(x, -x) + f) == 0:
        return min(solutions, key=lambda s: (s.could_extract_minus_sign(), sp.count_ops(s)))
    return None


def rationalising_substitution(f, x, ctx):
    """∫ R(x, ⁿ√(g(x))) dx with u = ⁿ√(g(x)): the roots disappear"""
    from symtutor.engine.integration.manual import substitution_step
    from symtutor.engine.integration.strategy import integrate_step

    roots = _roots(f, x)
    bases = {b for b, _ in roots}
    if len(bases) != 1:
        return None
    base = bases.pop()
    n = sp.ilcm(*[q for _, q in roots]) if len(roots) > 1 else roots[0][1]
    u = fresh("u", f)
    up = sp.Symbol(u.name, positive=True)
    try:
        with within(4.0):
            solutions = sp.solve(sp.Eq(base, up**n), x)
            xu = _single_branch(solutions, f, x)
            if xu is None:
                return None
            h = sp.powdenest(sp.powsimp(f.subs(x, xu) * sp.diff(xu, up), force=True), force=True)
            h = sp.cancel(sp.simplify(h))
            if h.has(x) or any(p.exp.is_Rational and not p.exp.is_Integer and p.base.has(up)
                               for p in h.atoms(sp.Pow)):
                return None
            u = up  # u is a root, so u > 0: ln|u| = ln u
            inner = integrate_step(h, u, ctx)
    except (TooSlow, NoMethod):
        return None
    if not inner.complete:
        return None
    g = base ** sp.Rational(1, n)
    why = "Substitute the root itself to make the integrand rational: {x_of_u}."
    x_of_u = sp.Eq(x, xu, evaluate=False)
    if len(solutions) > 1:
        why = ("Substitute the root itself to make the integrand rational: {x_of_u}; the integrand is odd, so "
               "{x} > 0 and {x} < 0 give the same integral in {u}.")
        x_of_u = sp.Eq(base, u**n, evaluate=False)
    step = substitution_step(f, x, u, g, h, inner, why=why)
    step.math.update({"x_of_u": x_of_u, "x": x, "u": u})
    step.rule = "rationalising_substitution"
    step.title = "Rationalising substitution"
    return step


FINDERS = (rationalising_substitution,)


def odd_rational_substitution(f, x, ctx):
    """∫ x·R(x²) dx (an odd rational function) with u = x², du = 2x dx: the degrees halve"""
    from symtutor.engine.integration.manual import substitution_step
    from symtutor.engine.integration.strategy import integrate_step

    if not f.is_rational_function(x) or f.is_polynomial(x):
        return None
    try:
        with within(1.5):
            g = sp.cancel(f / x)
            num, den = sp.fraction(g)
            if sp.cancel(f.subs(x, -x) + f) != 0:
                return None
            den_f = sp.Poly(sp.fraction(sp.cancel(f))[1], x)
            # Plain partial fractions are the textbook route for small denominators with
            # linear and quadratic factors; halve the degrees when they are large.
            if den_f.degree() < 6 and all(p.degree() <= 2 for p, _m in den_f.factor_list()[1]):
                return None
            u = fresh("u", f)
            P, Q = sp.Poly(num, x), sp.Poly(den, x)
            if any(m[0] % 2 for m in P.monoms() + Q.monoms()):
                return None
            half = lambda p: sum(c * u ** (m[0] // 2) for m, c in zip(p.monoms(), p.coeffs()))  # noqa: E731
            h = half(P) / (2 * half(Q))
    except TooSlow:
        left = remaining()
        if left is not None and left <= 0:
            raise
        return None
    inner = integrate_step(h, u, ctx)
    if not inner.complete:
        return None
    why = "The integrand is {x} times a function of {x2} (it is odd)."
    step = substitution_step(f, x, u, x**2, h, inner, why=why)
    step.math.update({"x": x, "x2": x**2})
    step.rule = "odd_power_substitution"
    step.title = "Substitution u = x^2"
    return step


def _shifted_quadratic(f, x):
    """(q, shift) when f's only non-integer power has a quadratic base q = ax^2 + bx + c
    with b != 0, else None."""
    bases = {p.base for p in f.atoms(sp.Pow) if p.base.has(x) and p.exp.is_Rational and not p.exp.is_Integer}
    if len(bases) != 1:
        return None
    q = bases.pop()
    if not q.is_polynomial(x) or sp.degree(q, x) != 2:
        return None
    a, b, _c = sp.Poly(q, x).all_coeffs()
    if b == 0 or not (a.is_Rational and b.is_Rational):
        return None
    return q, b / (2 * a)


def complete_square_shift(f, x, ctx):
    """A power of ax^2 + bx + c: complete the square and shift, u = x + b/(2a), du = dx;
    the quadratic becomes a u^2 + k, ready for a trigonometric substitution"""
    from symtutor.engine.integration.base import eq
    from symtutor.engine.integration.manual import substitution_step
    from symtutor.engine.integration.strategy import integrate_step

    if not f.is_algebraic_expr(x):
        return None
    found = _shifted_quadratic(f, x)
    if found is None:
        return None
    q, shift = found
    u = fresh("u", f)
    square = sp.expand(q.subs(x, u - shift))
    if not square.subs(u, 0).is_positive:
        # a u^2 - k needs the secant substitution, whose back-substitution holds on one
        # branch (u > 0) only: left to the other methods.
        return None
    a = sp.Poly(q, x).LC()
    completed = sp.Add(sp.Mul(a, sp.Pow(x + shift, 2, evaluate=False), evaluate=False),
                       sp.expand(q - a * (x + shift) ** 2), evaluate=False)
    h = f.xreplace({q: square}).subs(x, u - shift)
    h = h.xreplace({p: p.func(sp.expand(p.base), p.exp) for p in h.atoms(sp.Pow) if p.base.has(u)})
    if h.has(x):
        return None
    inner = integrate_step(h, u, ctx)
    if not inner.complete:
        return None
    why = "Complete the square, {q} = {completed}."
    step = substitution_step(f, x, u, x + shift, h, inner, why=why)
    step.math.update({"q": q, "completed": completed})
    step.facts.insert(0, eq(q, completed))
    step.rule = "complete_the_square"
    step.title = "Complete the square"
    return step


EARLY = (expand_powers, linear_argument, derivative_divides, complete_square_shift)
