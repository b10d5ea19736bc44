"""Definite and improper integrals: an antiderivative, then F(b) − F(a) with each
evaluation shown; split at discontinuities; limits for infinite bounds and endpoint
singularities; a clearly labelled numerical value when there is no closed form."""
from __future__ import annotations

import mpmath
import sympy as sp
from sympy.calculus.util import continuous_domain

from symtutor.engine.common import as_sympy
from symtutor.engine.common import best_form, real_symbols
from symtutor.engine.integration.base import I, Context, NoMethod, attempt, cas_integral_step, eq, minus, plus
from symtutor.engine.integration.explain import antiderivative_steps, steps_hold, to_plain
from symtutor.errors import UnsupportedError, UsageError
from symtutor.steps import CAS_RULE, Derivation, Step

QUAD_DIGITS = 20


def D(f, x, a, b):
    """The unevaluated definite integral."""
    return sp.Integral(f, (x, a, b))


def breakpoints(g, x, lo, hi):
    """Points of [lo, hi] where ``g`` is not continuous (finite set), or None when unknown.

    Raises UnsupportedError when ``g`` is undefined on a whole sub-interval."""
    if not g.has(x):
        return set()
    interval = sp.Interval(lo, hi)
    try:
        domain = attempt(continuous_domain, g, x, interval, seconds=4.0)
    except Exception:  # noqa: BLE001 - SymPy cannot tell for this function
        return None
    if domain is None:
        return None
    missing = interval - domain
    if missing == sp.S.EmptySet:
        return set()
    if isinstance(missing, sp.FiniteSet):
        return {p for p in missing}
    if isinstance(missing, sp.Union) and all(isinstance(a, sp.FiniteSet) for a in missing.args):
        return {p for a in missing.args for p in a}
    if isinstance(missing, (sp.Interval, sp.Union)) and missing.measure != 0:
        raise UnsupportedError(f"the integrand is not real-valued on all of [{lo}, {hi}] (not on {missing}); "
                               "choose bounds inside its domain")
    return None


def numeric_value(f, x, lo, hi, cuts=()):
    """∫ f dx over [lo, hi] by mpmath's tanh-sinh quadrature (splitting at ``cuts``), or None."""
    try:
        func = sp.lambdify(x, f, "mpmath")
        points = [_mp(lo), *[_mp(c) for c in sorted(cuts, key=float)], _mp(hi)]
        with mpmath.workdps(QUAD_DIGITS):
            value = mpmath.quad(func, points)
        value = complex(value)
        if abs(value.imag) > 1e-8 * max(1.0, abs(value.real)):
            return None
        return value.real
    except Exception:  # noqa: BLE001 - quadrature is a check, never fatal
        return None


def _mp(v):
    if v == sp.oo:
        return mpmath.inf
    if v == -sp.oo:
        return -mpmath.inf
    return mpmath.mpf(str(sp.N(v, QUAD_DIGITS)))


def _close(a, b) -> bool:
    return abs(a - b) <= 1e-7 * max(1.0, abs(a), abs(b))


def _one_sided(F, x, point, side):
    """F at ``point`` (a limit from ``side`` when needed), as a tidy value."""
    value = attempt(sp.limit, F, x, point, side, seconds=6.0)
    if value is None:
        raise UnsupportedError(f"could not evaluate the limit of the antiderivative at {point}")
    return value


def _evaluate(F, x, point, side, needs_limit):
    if needs_limit:
        value = _one_sided(F, x, point, side)
        shown = sp.Limit(F, x, point, side)
    else:
        value = attempt(lambda: sp.simplify(F.subs(x, point)), seconds=4.0) or F.subs(x, point)
        shown = sp.Subs(F, x, point)
    return shown, value


def explain_definite(expr, var, lower, upper, *, all_methods: bool = False, input_text: str = "") -> Derivation:
    """The derivation of ∫_a^b expr d var, verified against SymPy and numerical quadrature."""
    x = sp.Symbol(var.name, real=True)
    f = real_symbols(expr).xreplace({sp.Symbol(var.name, real=True): x})
    a, b = as_sympy(lower), as_sympy(upper)
    for bound in (a, b):
        if bound.free_symbols:
            raise UsageError(f"the bounds must be numbers, got {bound}")
        if bound in (sp.zoo, sp.nan) or not (bound.is_real or bound in (sp.oo, -sp.oo)):
            raise UsageError(f"the bound {bound} is not a real number or ±oo")
    statement = D(f, x, a, b)
    if a == b:
        step = Step(rule="equal_bounds", title="Equal bounds", text="The interval has length 0.",
                    before=statement, after=sp.S.Zero)
        return _finish(Derivation("integrate", input_text, {"expr": expr, "var": var, "from": a, "to": b},
                                  statement, [step], sp.S.Zero), f, x, a, b, (), True)
    flipped = bool((a > b) == True)  # noqa: E712
    lo, hi = (b, a) if flipped else (a, b)
    steps: list[Step] = []
    notes: list[str] = []
    if flipped:
        steps.append(Step(rule="swap_bounds", title="Swap the bounds",
                          text="The lower bound is above the upper one: swapping them changes the sign.",
                          before=statement, after=-D(f, x, lo, hi)))
    ctx = Context(all_methods=all_methods)
    f_breaks = breakpoints(f, x, lo, hi)
    try:
        anti_steps, F = antiderivative_steps(f, x, ctx)
    except UnsupportedError:
        return _numerical_only(expr, var, f, x, a, b, lo, hi, f_breaks or set(), flipped, input_text)
    if not _real_on(F, x, lo, hi, f_breaks or set()):
        # This antiderivative is only valid on part of the interval (e.g. x ln x for ln|x|):
        # the Fundamental Theorem needs one that is real on all of it.
        try:
            anti_steps = [cas_integral_step(f, x, reason="the explained antiderivative is not real on the "
                                                          "whole interval")]
            F = anti_steps[0].after
        except NoMethod:
            F = None
        if F is None or not _real_on(F, x, lo, hi, f_breaks or set()):
            return _numerical_only(expr, var, f, x, a, b, lo, hi, f_breaks or set(), flipped, input_text)
    steps.append(Step(rule="antiderivative", title="Find an antiderivative",
                      text="First find an antiderivative F of {f} (no constant needed: it cancels).",
                      before=I(f, x), after=F, substeps=anti_steps, math={"f": f}))
    try:
        F_breaks = breakpoints(F, x, lo, hi)
    except UnsupportedError:
        F_breaks = None
    if f_breaks is None or F_breaks is None:
        f_breaks, F_breaks = f_breaks or set(), F_breaks or set()
        notes.append("symtutor could not fully check the interval for discontinuities.")
    singular = {p for p in f_breaks}
    cuts = sorted({p for p in f_breaks | F_breaks if p not in (lo, hi)}, key=lambda p: float(p))
    total_pieces = []
    edges = [lo, *cuts, hi]
    if cuts:
        pieces = [D(f, x, p, q) for p, q in zip(edges, edges[1:])]
        inside = [c for c in cuts if c in singular]
        if inside:
            text = ("{f} is not continuous at {points} inside the interval, so the integral is split there; "
                    "each piece that touches the discontinuity is an improper integral.")
        else:
            text = ("The antiderivative jumps at {points} although {f} is continuous there, so apply the "
                    "Fundamental Theorem on each side separately.")
        split = Step(rule="split_at_discontinuity", title="Split the interval", text=text,
                     before=D(f, x, lo, hi), after=plus(*pieces), math={"f": f, "points": cuts[0] if len(cuts) == 1 else sp.FiniteSet(*cuts)})
        steps.append(split)
    divergent = []
    for p, q in zip(edges, edges[1:]):
        step, value = _piece(f, F, x, p, q, singular | set(F_breaks))
        steps.append(step)
        total_pieces.append(value)
        if value.has(sp.oo, -sp.oo, sp.zoo, sp.nan) or value.has(sp.AccumBounds):
            divergent.append((p, q, value))
    if divergent:
        if cuts:
            split.before = split.after = None  # a divergent integral is not a number to compare
        answer = _divergent_answer(divergent)
        text = ("The integral over [{lo}, {hi}] diverges: " +
                ("the limit does not exist." if answer is sp.nan else "the limit is infinite."))
        steps.append(Step(rule="diverges", title="Diverges", text=text,
                          math={"lo": divergent[0][0], "hi": divergent[0][1]}))
        derivation = Derivation("integrate", input_text, {"expr": expr, "var": var, "from": a, "to": b},
                                statement, steps, answer, notes=notes)
        derivation.notes.append("The improper integral diverges.")
        return _finish(derivation, f, x, a, b, cuts, False, divergent=True)
    raw = plus(*total_pieces)
    value = sp.simplify(sp.Add(*total_pieces))
    value = -value if flipped else value
    value = attempt(best_form, value, seconds=3.0) or value
    value = real_symbols(value)
    if len(total_pieces) > 1 or flipped:
        steps.append(Step(rule="add_pieces", title="Add up" if not flipped else "Add up and change sign",
                          text="Combine the values." if not flipped else "Combine and change the sign.",
                          before=raw if not flipped else -raw, after=value))
    improper = lo in (sp.oo, -sp.oo) or hi in (sp.oo, -sp.oo) or bool(singular)
    if improper:
        notes.append("The improper integral converges (every limit above is finite).")
    _symmetry_remark(f, x, a, b, value, steps, notes)
    derivation = Derivation("integrate", input_text, {"expr": expr, "var": var, "from": a, "to": b},
                            statement, steps, value, notes=notes)
    return _finish(derivation, f, x, a, b, cuts, True)


def _real_on(F, x, lo, hi, breaks) -> bool:
    """F is real at a few points inside (lo, hi) (away from the break points)."""
    left = lo if lo != -sp.oo else (hi - 10 if hi != sp.oo else sp.Integer(-10))
    right = hi if hi != sp.oo else left + 20
    edges = sorted({left, right, *[b for b in breaks if left < b < right]}, key=float)
    for p, q in zip(edges, edges[1:]):
        for t in (sp.Rational(1, 3), sp.Rational(2, 3)):
            point = p + t * (q - p)
            try:
                value = complex(sp.N(F.subs(x, point), 15))
            except (TypeError, ValueError, ZeroDivisionError):
                continue
            if abs(value.imag) > 1e-9 * max(1.0, abs(value.real)):
                return False
    return True


def _piece(f, F, x, p, q, special):
    """F(q) − F(p) on one piece, with limits where a bound is infinite or special."""
    lim_q = q in (sp.oo, -sp.oo) or q in special
    lim_p = p in (sp.oo, -sp.oo) or p in special
    shown_q, vq = _evaluate(F, x, q, "-", lim_q)
    shown_p, vp = _evaluate(F, x, p, "+", lim_p)
    value = attempt(lambda: sp.simplify(vq - vp), seconds=4.0)
    if value is None:
        value = vq - vp
    facts = [eq(shown_q, vq), eq(shown_p, vp)]
    if not (lim_p or lim_q):
        text = "Fundamental Theorem of Calculus: evaluate F at the upper bound {q} and subtract F at the lower bound {p}."
        return Step(rule="fundamental_theorem", title="Fundamental Theorem of Calculus", text=text,
                    before=D(f, x, p, q), after=minus(vq, vp), facts=facts,
                    math={"p": p, "q": q}), value
    reasons = []
    if p in (sp.oo, -sp.oo) or q in (sp.oo, -sp.oo):
        reasons.append("the interval is infinite")
    if (p in special and p not in (sp.oo, -sp.oo)) or (q in special and q not in (sp.oo, -sp.oo)):
        reasons.append("the integrand or its antiderivative is not defined at a bound")
    text = ("Improper integral (" + " and ".join(reasons) + "): it is the limit of proper integrals, "
            "so F is evaluated as a limit at {where}.")
    where = [v for v, flag in ((p, lim_p), (q, lim_q)) if flag]
    where = where[0] if len(where) == 1 else sp.FiniteSet(*where)
    finite = not value.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.AccumBounds)
    if finite:
        text += " The limits are finite, so this piece converges."
    else:
        text += " A limit is infinite or does not exist, so this piece diverges."
    return Step(rule="improper_integral", title="Improper integral as a limit", text=text,
                before=D(f, x, p, q) if finite else None, after=minus(vq, vp) if finite else None,
                facts=facts, math={"where": where}), value


def _divergent_answer(divergent):
    values = [v for _p, _q, v in divergent]
    if all(v == sp.oo for v in values):
        return sp.oo
    if all(v == -sp.oo for v in values):
        return -sp.oo
    return sp.nan


def _symmetry_remark(f, x, a, b, value, steps, notes):
    if a != -b or a == 0:
        return
    try:
        odd = sp.simplify(f.subs(x, -x) + f) == 0
    except Exception:  # noqa: BLE001
        return
    if odd:
        notes.append("The integrand is odd and the interval is symmetric about 0: the signed areas on the "
                     "two sides cancel, so the value is 0 (this holds because the integral converges).")
        steps.append(Step(rule="odd_symmetry", title="Symmetry check",
                          text="{f} is odd, f(-x) = -f(x), on an interval symmetric about 0: the signed area to "
                               "the left of 0 cancels the area to the right, which confirms the value 0.",
                          math={"f": f}))


def _numerical_only(expr, var, f, x, a, b, lo, hi, breaks, flipped, input_text):
    cuts = [p for p in breaks if p not in (lo, hi)]
    value = numeric_value(f, x, lo, hi, cuts)
    if value is None:
        raise UnsupportedError(f"found no antiderivative of {expr} in closed form and the numerical "
                               "quadrature did not converge")
    value = -value if flipped else value
    number = sp.Float(value, 15)
    step = Step(rule=CAS_RULE, title="Numerical value (no closed form)",
                text="No antiderivative in closed form was found, so the Fundamental Theorem cannot be used; "
                     "numerical quadrature (mpmath, tanh-sinh) gives the value {v}, which is approximate.",
                before=D(f, x, a, b), after=number, math={"v": number})
    derivation = Derivation("integrate", input_text, {"expr": expr, "var": var, "from": a, "to": b},
                            D(f, x, a, b), [step], number,
                            notes=["NUMERICAL value: no closed form was found; the answer is approximate."])
    second = _gauss_legendre(f, x, lo, hi, cuts)
    agree = second is not None and _close(abs(second) * (1 if not flipped else 1), abs(value))
    derivation.checks.append("numerical value (tanh-sinh quadrature)"
                             + ("; agrees with Gauss-Legendre quadrature" if agree else ""))
    derivation.verified = agree
    return to_plain(derivation)


def _gauss_legendre(f, x, lo, hi, cuts):
    try:
        func = sp.lambdify(x, f, "mpmath")
        points = [_mp(lo), *[_mp(c) for c in sorted(cuts, key=float)], _mp(hi)]
        with mpmath.workdps(QUAD_DIGITS):
            return float(mpmath.quad(func, points, method="gauss-legendre"))
    except Exception:  # noqa: BLE001
        return None


def _finish(derivation, f, x, a, b, cuts, converges, divergent=False):
    answer = derivation.answer
    checks_ok = []
    if not divergent:
        reference = attempt(sp.integrate, f, (x, a, b), seconds=8.0)
        if reference is not None and not reference.has(sp.Integral) and not reference.has(sp.Piecewise):
            same = _numbers_equal(answer, reference)
            derivation.checks.append(f"answer {'agrees' if same else 'DISAGREES'} with SymPy's integrate")
            checks_ok.append(same)
        lo, hi = (a, b) if bool((a <= b) == True) else (b, a)  # noqa: E712
        numeric = numeric_value(f, x, lo, hi, cuts)
        if numeric is not None:
            numeric = numeric if bool((a <= b) == True) else -numeric  # noqa: E712
            value = complex(sp.N(answer, 20))
            same = abs(value.imag) < 1e-9 and _close(value.real, numeric)
            derivation.checks.append(f"answer {'agrees' if same else 'DISAGREES'} with numerical quadrature "
                                     f"({numeric:.12g})")
            checks_ok.append(same)
    else:
        reference = attempt(sp.integrate, f, (x, a, b), seconds=8.0)
        if reference is not None and not reference.has(sp.Integral):
            same = reference == answer or (answer is sp.nan and not reference.is_finite)
            derivation.checks.append(f"divergence {'agrees' if same else 'DISAGREES'} with SymPy's integrate")
            checks_ok.append(bool(same))
    bad = [s for s in steps_hold_definite(derivation.steps, f)]
    total = sum(1 for _ in derivation.walk())
    derivation.checks.append(f"{total - len(bad)} of {total} steps check out" if bad else f"all {total} steps check out")
    derivation.verified = bool(checks_ok) and all(checks_ok) and not bad
    return to_plain(derivation)


def _numbers_equal(a, b) -> bool:
    if a == b:
        return True
    try:
        return _close(complex(sp.N(a, 20)).real, complex(sp.N(b, 20)).real) and abs(complex(sp.N(b)).imag) < 1e-9
    except (TypeError, ValueError):
        return False


def steps_hold_definite(steps, f):
    """Every step's before = after; definite integrals on either side are checked by quadrature."""
    bad = []
    for top in steps:
        for step in top.walk():
            if isinstance(step.before, sp.Basic) and step.before.has(sp.Integral) and \
                    any(len(lim) == 3 for i in step.before.atoms(sp.Integral) for lim in i.limits):
                if not _definite_step_holds(step):
                    bad.append(step)
            else:
                bad.extend(steps_hold([step] if not step.substeps else [Step(rule=step.rule, text="",
                                                                              before=step.before,
                                                                              after=step.after)], [f]))
    return bad


PARAMETER_SAMPLES = (sp.Rational(13, 10), sp.Rational(7, 10))  # values tried for constants such as a rate λ


def _definite_step_holds(step) -> bool:
    """before = after by quadrature; constants (λ, a, …) are given sample values first."""
    if step.after is None:
        return True
    free = (step.before.free_symbols | getattr(step.after, "free_symbols", set()))
    if not free:
        return _definite_values_agree(step.before, step.after)
    return all(_definite_values_agree(step.before.subs({s: v for s in free}), step.after.subs({s: v for s in free}))
               for v in PARAMETER_SAMPLES)


def _definite_values_agree(before, after) -> bool:
    def value(e):
        e = e.replace(lambda n: isinstance(n, sp.Integral),
                      lambda n: sp.Float(_quad_integral(n) if _quad_integral(n) is not None else sp.nan))
        e = e.doit() if e.has(sp.Subs, sp.Limit) else e
        return complex(sp.N(e, 20))

    try:
        va, vb = value(before), value(after)
    except (TypeError, ValueError):
        return False
    if va != va or vb != vb:
        return False
    return abs(va - vb) <= 1e-7 * max(1.0, abs(va), abs(vb))


def _quad_integral(integral):
    (x, lo, hi), = integral.limits
    return numeric_value(integral.function, x, lo, hi)
