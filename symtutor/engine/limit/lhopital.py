"""L'Hopital's rule (for 0/0 and oo/oo only) and the rewrites that lead to it.

    lim f/g = lim f'/g'   when f/g is 0/0 or oo/oo and the right-hand limit exists.

The form is checked before every application (the driver identifies it first); the
derivatives of numerator and denominator are sub-derivations from the derivative engine.
0·oo becomes a quotient, and 1^oo, 0^0, oo^0 go through e^(ln ...).
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import best_form, rebuild
from symtutor.engine.derivatives import derivative_steps
from symtutor.engine.limit import forms as F
from symtutor.engine.limit.forms import NOO, OO
from symtutor.engine.limit.problem import Problem, size, written_quotient
from symtutor.steps import Step

MAX_APPLICATIONS = 4
NO_LHOPITAL = "no_lhopital"  # in ``used``: the derivative from its definition must not assume derivatives
MAX_SIZE = 120


def _form_of(numer, denom, P: Problem):
    forms = set()
    for side in P.sides:
        laws = P.laws(side)
        n, d = laws.of(numer), laws.of(denom)
        if n.is_zero and d.is_zero:
            forms.add(F.ZERO_OVER_ZERO)
        elif n.is_infinite and d.is_infinite:
            forms.add(F.INF_OVER_INF)
        else:
            return None
    return forms.pop() if len(forms) == 1 else None


def _derivative(expr, x, which: str) -> tuple[Step, sp.Expr]:
    steps, result = derivative_steps(expr, x)
    if len(steps) == 1:
        step = steps[0]
    else:
        step = Step(rule="derivative", title=f"Derivative of the {which}", text="Differentiate {f}.",
                    before=sp.Derivative(expr, x), after=result, substeps=steps, math={"f": expr})
    step.title = f"Derivative of the {which}"
    return step, result


def apply_lhopital(solver, numer, denom, P: Problem, depth, used, *, written=None):
    """One application on the explicit quotient numer/denom, then carry on."""
    x = P.x
    count = sum(1 for u in used if u.startswith("lhopital"))
    if NO_LHOPITAL in used or count >= MAX_APPLICATIONS or size(numer) + size(denom) > MAX_SIZE:
        return None
    form = _form_of(numer, denom, P)
    if form is None:  # never on a form that is not 0/0 or oo/oo
        return None
    dn_step, dn = _derivative(numer, x, "numerator")
    dd_step, dd = _derivative(denom, x, "denominator")
    if dd == 0:
        return None
    quotient = written_quotient(dn, dd)
    before = written if written is not None else written_quotient(numer, denom)
    words = "0/0" if form == F.ZERO_OVER_ZERO else "infinity/infinity"
    step = Step(rule="lhopital", title="L'Hopital's rule",
                text="The form is " + words + ", so the limit equals the limit of the quotient of the derivatives "
                     "(provided that limit exists).",
                before=P.limit(before), after=P.limit(quotient), substeps=[dn_step, dd_step],
                facts=[sp.Eq(sp.Derivative(numer, x), dn, evaluate=False),
                       sp.Eq(sp.Derivative(denom, x), dd, evaluate=False)])
    simplified = best_form(rebuild(quotient))
    steps = [step]
    if size(simplified) > 3 * (size(numer) + size(denom)) + 20:
        return None
    if simplified != rebuild(quotient) and simplified != quotient:
        steps.append(Step(rule="simplify", title="Simplify", text="Simplify the new quotient.",
                          before=quotient, after=simplified))
    more, value = solver.solve(simplified, P, depth + 1, used | {f"lhopital{count + 1}"})
    if value.has(sp.nan) or not all(s.complete for s in more):
        return None  # L'Hopital decides only when the new limit exists
    solver.claim(P, before, value)
    solver.claim(P, quotient, value)
    return [*steps, *more], value


def lhopital(solver, g, P: Problem, depth, used):
    """0/0 or oo/oo: differentiate numerator and denominator."""
    numer, denom = F.split_fraction(g)
    if denom == 1:
        return None
    return apply_lhopital(solver, numer, denom, P, depth, used)


def product_to_quotient(solver, g, P: Problem, depth, used):
    """0·oo: u·v = u/(1/v) or v/(1/u), whichever L'Hopital handles; keep logs on top."""
    if not isinstance(g, sp.Mul) or "quotient" in used:
        return None
    x = P.x
    laws = P.laws(P.sides[0])
    zeros = [f for f in g.args if f.has(x) and laws.of(f).is_zero]
    infinities = [f for f in g.args if f.has(x) and laws.of(f).is_infinite]
    if not zeros or not infinities:
        return None
    const = sp.Mul(*[f for f in g.args if not f.has(x)])
    small = sp.Mul(*[f for f in g.args if f.has(x) and f in zeros])
    big = sp.Mul(*[f for f in g.args if f.has(x) and f not in zeros])
    candidates = []
    keep_big_on_top = big.has(sp.log, sp.atan, sp.asin, sp.acos, sp.acot)
    pairs = [(big, small), (small, big)] if keep_big_on_top else [(small, big), (big, small)]
    for top, bottom_inverse in pairs:
        bottom = best_form(1 / bottom_inverse)
        candidates.append((const * top, bottom))
    for numer, denom in candidates:
        written = written_quotient(numer, sp.Pow(best_form(1 / denom), -1, evaluate=False)) \
            if False else written_quotient(numer, denom)
        step = Step(rule="rewrite_as_quotient", title="Rewrite as a quotient",
                    text="A product of the form 0 times infinity becomes a quotient by moving one factor to the "
                         "denominator as its reciprocal: {q}.", before=g, after=written, math={"q": written})
        result = apply_lhopital(solver, numer, denom, P, depth, used | {"quotient"}, written=written)
        if result is not None:
            return [step, *result[0]], result[1]
    return None


def exp_log(solver, g, P: Problem, depth, used):
    """1^oo, 0^0, oo^0: u^v = e^(v ln u); e is continuous, so the limit is e^(lim v ln u)."""
    if "exp_log" in used:
        return None
    if isinstance(g, sp.Pow):
        base, exponent = g.args
    elif isinstance(g, sp.exp):
        return None
    else:
        return None
    x = P.x
    if not base.has(x) or not exponent.has(x):
        return None
    inner = sp.Mul(exponent, sp.log(base), evaluate=False)
    written = sp.exp(inner, evaluate=False)
    inner_eval = rebuild(inner)
    inner_eval = sp.expand_log(inner_eval, force=False) if False else inner_eval
    step = Step(rule="exp_log", title="Write the power as an exponential",
                text="A power of the form 1^infinity, 0^0 or infinity^0: write u^v = e^(v ln u) and find the limit "
                     "of the exponent; e^t is continuous.",
                before=g, after=written)
    steps, L = solver.solve(inner_eval, P, depth + 1, used | {"exp_log"})
    if L.has(sp.nan):
        return None
    value = sp.exp(L) if L not in (OO, NOO) else (OO if L is OO else sp.S.Zero)
    exponent_step = Step(rule="limit_of_part", title="Limit of the exponent",
                         text="The exponent {e} tends to {L}.", before=P.limit(inner_eval), after=L, substeps=steps,
                         math={"e": inner_eval, "L": L})
    combine = Step(rule="continuity_of_exp", title="Continuity of the exponential",
                   text="e^t is continuous, so the limit passes inside: the answer is e to the limit of the exponent.",
                   before=P.limit(written), after=value, substeps=[exponent_step])
    solver.claim(P, written, value)
    return [step, combine], value
