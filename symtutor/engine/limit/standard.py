"""Standard limits, with the substitution u = ... made explicit.

    sin(u)/u -> 1, tan(u)/u -> 1, arcsin(u)/u -> 1, arctan(u)/u -> 1,
    (1 - cos u)/u^2 -> 1/2, (e^u - 1)/u -> 1, (a^u - 1)/u -> ln a, ln(1 + u)/u -> 1   (u -> 0)
    (1 + u)^(1/u) -> e                                                                    (u -> 0)

A factor that matches is multiplied and divided by its equivalent (u, u^2/2, ...); the
ratio tends to the standard value and what is left is usually a plain substitution.
"""
from __future__ import annotations


import sympy as sp

from symtutor.engine.common import best_form
from symtutor.engine.limit import forms as F
from symtutor.engine.limit.problem import Problem, size, written_product, written_quotient
from symtutor.steps import Step

_U = sp.Symbol("u")
_ONE_OVER_U = {sp.sin: "sin", sp.tan: "tan", sp.asin: "asin", sp.atan: "atan", sp.sinh: "sinh",
               sp.tanh: "tanh", sp.asinh: "asinh", sp.atanh: "atanh"}


def _match(factor, x):
    """(u, equivalent E, classic statement) when ``factor``/E -> 1 as u -> 0."""
    U = _U
    if isinstance(factor, sp.Function) and factor.func in _ONE_OVER_U and factor.args[0].has(x):
        u = factor.args[0]
        return u, u, (factor.func(U) / U, sp.S.One)
    if isinstance(factor, sp.log) and factor.args[0].has(x):
        u = sp.expand(factor.args[0] - 1)
        return u, u, (sp.log(1 + U) / U, sp.S.One)
    if isinstance(factor, sp.Add) and len(factor.args) == 2:
        const, other = factor.as_independent(x, as_Add=True)
        if const == 0:
            return None
        c = -const
        h = other / c  # factor = c·(h - 1)
        if isinstance(h, sp.exp):
            u = h.args[0]
            return u, c * u, ((sp.exp(U) - 1) / U, sp.S.One)
        if isinstance(h, sp.Pow) and not h.base.has(x) and h.exp.has(x) and h.base.is_positive:
            u = h.exp
            return u, c * u * sp.log(h.base), ((h.base**U - 1) / U, sp.log(h.base))
        if isinstance(h, sp.cos):
            u = h.args[0]
            return u, -c * u**2 / 2, ((1 - sp.cos(U)) / U**2, sp.S.Half)
    return None


def standard_limits(solver, g, P: Problem, depth, used):
    """Multiply and divide each standard factor by its equivalent; each ratio tends to 1."""
    x = P.x
    if "standard" in used:
        return None
    matched, rest = [], []
    for f in sp.Mul.make_args(g):
        base, exponent = f.as_base_exp()
        m = _match(base, x) if exponent.is_Integer and base.has(x) else None
        if m is not None and m[0].has(x) and all(P.laws(side).of(m[0]).is_zero for side in P.sides):
            matched.append((base, exponent, *m))
            continue
        rest.append(f)
    if not matched:
        return None
    # g = prod((base_i/E_i)^k_i) · R with R = rest · prod(E_i^k_i); every base_i/E_i -> 1
    R = best_form(sp.Mul(*rest) * sp.Mul(*[E**k for _, k, _, E, _ in matched]))
    if size(R) > 2 * size(g) + 10:
        return None
    ratios, facts = [], []
    for i, (base, k, u, E, (classic, L)) in enumerate(matched):
        U = sp.Symbol("u") if len(matched) == 1 else sp.Symbol(f"u_{i + 1}")
        ratio = written_quotient(base, E)
        ratios.append(ratio if k == 1 else sp.Pow(ratio, k, evaluate=False))
        facts.append(sp.Eq(U, u, evaluate=False))
        facts.append(sp.Eq(sp.Limit(classic.xreplace({_U: U}), U, 0, dir="+-"), L, evaluate=False))
    written = written_product(*ratios, R)
    regroup = Step(rule="standard_limits", title="Standard limits",
                   text="Multiply and divide by the equivalent of each standard factor; with the substitution "
                        "below u -> 0 as {x} -> {a}, and by the standard limit each ratio tends to 1.",
                   before=g, after=written, facts=facts, math={"x": x, "a": P.a})
    if not R.has(x):
        laws = Step(rule="limit_laws", title="Product of limits",
                    text="The ratios tend to 1, so the limit is the constant left over, {r}.",
                    before=P.limit(written), after=R, math={"r": R})
        solver.claim(P, written, R)
        return [regroup, laws], R
    steps, rv = solver.solve(R, P, depth + 1, used | {"standard"})
    if rv.has(sp.nan):
        return None
    laws = Step(rule="limit_laws", title="Product of limits",
                text="The ratios tend to 1, so the limit is that of the rest, {r}.",
                before=P.limit(written), after=P.limit(R), math={"r": R})
    solver.claim(P, written, rv)
    return [regroup, laws, *steps], rv


def e_limit(solver, g, P: Problem, depth, used):
    """(1 + v)^w with v -> 0, w -> oo: [(1 + v)^(1/v)]^(v·w) -> e^(lim v·w)."""
    if not isinstance(g, sp.Pow) or "e_limit" in used:
        return None
    base, w = g.args
    v = best_form(base - 1)
    if not all(P.laws(side).of(v).is_zero for side in P.sides):
        return None
    vw = best_form(v * w)
    if size(vw) > size(g) + 6:
        return None
    steps, L = solver.solve(vw, P, depth + 1, used | {"e_limit"})
    if L.has(sp.nan) or not all(s.complete for s in steps) or L in (F.OO, F.NOO):
        return None
    U = sp.Symbol("u")
    bracket = sp.Pow(sp.Add(1, v, evaluate=False), sp.Pow(v, -1, evaluate=False), evaluate=False)
    written = sp.Pow(bracket, vw, evaluate=False) if vw != 1 else bracket
    value = sp.exp(L)
    solver.claim(P, written, value)
    regroup = Step(rule="standard_limits", title="Standard limit for e",
                   text="Write the power as [(1 + u)^(1/u)]^(u w) with u = {v} -> 0; the bracket tends to e.",
                   before=g, after=written,
                   facts=[sp.Eq(U, v, evaluate=False), sp.Eq(sp.Limit((1 + U) ** (1 / U), U, 0, dir="+-"), sp.E,
                                                             evaluate=False)],
                   math={"v": v})
    exponent = Step(rule="limit_of_part", title="Limit of the exponent", text="The exponent {vw} tends to {L}.",
                    before=P.limit(vw), after=L, substeps=steps, math={"vw": vw, "L": L})
    combine = Step(rule="limit_laws", title="Combine", text="So the power tends to e to the limit of the exponent.",
                   before=P.limit(written), after=value, substeps=[exponent])
    return [regroup, combine], value
