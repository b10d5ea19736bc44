"""Growth rates at infinity, the squeeze theorem, and series expansion as the last explained resort."""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import best_form
from symtutor.engine.limit import forms as F
from symtutor.engine.limit.algebra import compare_growth, growth_key
from symtutor.engine.limit.forms import NOO, OO
from symtutor.engine.limit.problem import Problem
from symtutor.steps import Step


def growth_rates(solver, g, P: Problem, depth, used):
    """x -> +oo: exponentials outgrow powers, powers outgrow logarithms."""
    if P.a is not OO:
        return None
    x = P.x
    numer, denom = F.split_fraction(g)
    if denom == 1:
        return None
    kn, kd = growth_key(numer, x), growth_key(denom, x)
    if kn is None or kd is None:
        return None
    c = compare_growth(kn, kd)
    if c == 0:
        return None
    sign = sp.sign(kn[3]) * sp.sign(kd[3])
    value = sp.S.Zero if c < 0 else (OO if sign > 0 else NOO)
    faster, slower = (denom, numer) if c < 0 else (numer, denom)
    text = ("As {x} -> infinity, {fast} grows faster than {slow} (exponentials outgrow every power, and powers "
            "outgrow every power of the logarithm), so the quotient tends to {v}.")
    step = Step(rule="growth_rates", title="Compare growth rates", text=text, before=P.limit(g), after=value,
                math={"x": x, "fast": faster, "slow": slower, "v": value})
    return [step], value


def _bounded_split(term, P: Problem):
    """term = V·B with B bounded (oscillating, AccumBounds) and V free of oscillation: (V, bound M) or None."""
    laws = P.laws(P.sides[0])
    vanishing, bound = [], sp.S.One
    found = False
    for f in sp.Mul.make_args(term):
        b = laws.of(f)
        if b.kind == "bounded" and F._finite_bounds(b.value):
            bound = bound * sp.Max(abs(b.value.min), abs(b.value.max))
            found = True
        else:
            vanishing.append(f)
    return sp.Mul(*vanishing), bound, found


def squeeze(solver, g, P: Problem, depth, used):
    """|g| <= B with B -> 0  implies  g -> 0   (a vanishing factor times a bounded one)."""
    if "squeeze" in used:
        return None
    x = P.x
    terms = sp.Add.make_args(sp.expand(g)) if isinstance(g, sp.Add) or isinstance(sp.expand(g), sp.Add) else (g,)
    if len(terms) > 6:
        return None
    bound_terms, any_bounded = [], False
    for t in terms:
        v, m, found = _bounded_split(t, P)
        any_bounded = any_bounded or found
        sign = P.laws(P.sides[0]).approach.sign_near(v) if v.has(x) else int(sp.sign(v))
        if sign == 0 and v.has(x):
            absv = sp.Abs(v)
        else:
            absv = v * sign if sign else sp.Abs(v)
        bound_terms.append(m * absv)
    if not any_bounded:
        return None
    B = best_form(sp.Add(*bound_terms))
    if not B.has(x):
        return None
    steps, value = solver.solve(B, P, depth + 1, used | {"squeeze"})
    if value != 0 or not all(s.complete for s in steps):
        return None
    bounding = Step(rule="limit_of_part", title="The bound tends to 0", text="Find the limit of the bound {b}.",
                    before=P.limit(B), after=0, substeps=steps, math={"b": B})
    step = Step(rule="squeeze_theorem", title="Squeeze theorem",
                text="The oscillating factors are bounded, so -{b} <= {g} <= {b}; the bound tends to 0, "
                     "so the expression is squeezed to 0.",
                before=P.limit(g), after=sp.S.Zero, substeps=[bounding],
                facts=[sp.Le(sp.Abs(g), B, evaluate=False)], math={"b": B, "g": g})
    return [step], sp.S.Zero


# --- series: the last explained resort ------------------------------------------------------------


def _leading(expr, t, n=6):
    """The leading term of ``expr`` as t -> 0+ and its truncated series (for display)."""
    from symtutor.budget import try_within

    def compute():
        try:
            return _expand(expr, t, n)
        except Exception:  # noqa: BLE001 - SymPy cannot expand it (an essential singularity, say)
            return None

    return try_within(2.0, compute)


def _expand(expr, t, n):
    """A genuine power series (with its O-term) and its lowest-order term c·t^k."""
    s = sp.series(expr, t, 0, n)
    if not s.has(sp.Order):
        if expr.is_polynomial(t):
            s = sp.expand(expr)
        else:
            return None
    lead = s.removeO()
    if lead == 0 or lead.has(sp.log(t)):
        return None
    terms = sp.Add.make_args(sp.expand(lead))
    orders = [_order(e, t) for e in terms]
    if any(o is sp.oo for o in orders):
        return None
    low = min(orders)
    term = sp.Add(*[e for e, o in zip(terms, orders) if o == low])
    return s, term


def _order(term, t):
    c, rest = term.as_independent(t, as_Add=False)
    if rest == 1:
        return sp.S.Zero
    base, e = rest.as_base_exp()
    if base == t and e.is_Rational:
        return e
    return sp.oo


def series_expansion(solver, g, P: Problem, depth, used):
    """Expand numerator and denominator in series at the point; the leading terms decide."""
    if "series" in used or P.two_sided and not P.infinite and False:
        return None
    x = P.x
    t = sp.Symbol("t", positive=True)
    if P.a is OO:
        sub = 1 / t
    elif P.a is NOO:
        sub = -1 / t
    else:
        sub = P.a + t if P.direction in ("+", "+-") else P.a - t
    if P.two_sided:
        return None
    expr = g.xreplace({x: sub})
    numer, denom = F.split_fraction(expr)
    parts = []
    for part in (numer, denom):
        if not part.has(t):
            parts.append((None, part))
            continue
        got = _leading(part, t)
        if got is None:
            return None
        parts.append(got)
    (sn, ln), (sd, ld) = parts
    plain_t = sp.Symbol("t")
    leading = best_form((ln / ld).xreplace({t: plain_t}))
    Q = Problem.make(plain_t, sp.S.Zero, "+")
    facts = []
    for s, part in ((sn, numer), (sd, denom)):
        if s is not None:
            facts.append(sp.Eq(part.xreplace({t: plain_t}), s.xreplace({t: plain_t}), evaluate=False))
    steps, value = solver.solve(leading, Q, depth + 1, used | {"series"})
    step = Step(rule="series_expansion", title="Series expansion",
                text="Put {sub} (so {t} -> 0 from above) and expand in powers of {t}; only the leading terms "
                     "matter as {t} -> 0.",
                before=P.limit(g), after=Q.limit(leading), facts=facts,
                math={"sub": sp.Eq(x, sub.xreplace({t: plain_t}), evaluate=False), "t": plain_t})
    solver.claim(Q, leading, value)
    return [step, *steps], value
