"""The derivative from its definition: f'(x) = lim_{h→0} (f(x+h) − f(x)) / h.

Three algebraic routes, as a textbook takes them: expand and cancel h (polynomials and
rational functions), multiply by the conjugate (square roots), and the angle-addition
formulas with the standard limits sin(h)/h → 1 and (cos(h) − 1)/h → 0 (sin and cos), and
one fraction with the subtraction formula for tan (its numerator is sin(kh)).
The limits themselves are taken by the limit engine (``symtutor.engine.limits``), which
also handles everything else (sum-to-product, exponent and logarithm laws with the
standard limits, ...) — without L'Hopital's rule, which would assume the derivative.
Only what it cannot explain ends in an honest ``cas`` step.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import best_form, plain_symbols, real_symbols
from symtutor.engine.derivatives import D, fresh_symbol, plus, times
from symtutor.steps import Derivation, Step


def explain_from_definition(expr: sp.Expr, x: sp.Symbol, *, at: dict | None = None,
                            input_text: str = "") -> Derivation:
    """f'(x) as the limit of the difference quotient, each algebraic move shown."""
    from symtutor.verify import check_derivation

    h = fresh_symbol("h", expr, x)
    shifted = expr.xreplace({x: x + h})
    quotient = sp.Mul(plus(shifted, -expr), sp.Pow(h, -1), evaluate=False)
    limit = sp.Limit(quotient, h, 0, dir="+-")
    fprime = sp.Function("f")(x).diff(x)
    setup = Step(rule="difference_quotient", title="Definition of the derivative",
                 text="The derivative is the limit of the difference quotient as {h} tends to 0.",
                 facts=[sp.Eq(fprime, limit, evaluate=False)], math={"h": h})
    steps = [setup] + _algebra(expr, shifted, quotient, x, h)
    answer = best_form(steps[-1].after)
    if answer != steps[-1].after:
        steps.append(Step(rule="simplify", title="Simplify", text="Simplify the result.",
                          before=steps[-1].after, after=answer))
    statement = D(expr, x)
    reference = plain_symbols(sp.diff(real_symbols(expr), real_symbols(x)))
    if at:
        value = best_form(answer.subs(at))
        steps.append(Step(rule="evaluate_at_point", title="Evaluate at the point",
                          text="Substitute the point into the derivative.",
                          before=sp.Subs(answer, tuple(at), tuple(at.values())), after=value))
        statement, answer, reference = sp.Subs(statement, tuple(at), tuple(at.values())), value, reference.subs(at)
    derivation = Derivation(task="diff", input=input_text,
                            problem={"expr": expr, "var": x, "method": "definition", "at": at or {}},
                            statement=statement, steps=steps, answer=answer)
    return check_derivation(derivation, reference, reference_name="SymPy's diff")


def _algebra(expr, shifted, quotient, x, h) -> list[Step]:
    for route in (_cancel_route, _conjugate_route, _trig_route, _tangent_route):
        steps = route(expr, shifted, quotient, x, h)
        if steps:
            return steps
    return _limit_engine(quotient, h)


def _limit_engine(q, h) -> list[Step]:
    """lim_{h→0} q by the limit engine (x is a parameter there), without L'Hopital's rule."""
    from symtutor.engine.limits import solve_limit

    steps, _value, _solver, _problem = solve_limit(q, h, 0, "+-", without_lhopital=True)
    return steps


def _let_h_vanish(q, h) -> Step | None:
    """lim_{h→0} q by substitution, valid when q is continuous at h = 0."""
    value = q.subs(h, 0)
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    steps = _limit_engine(q, h)
    if len(steps) != 1 or steps[0].rule != "direct_substitution":
        return Step(rule="direct_substitution", title="Let h → 0",
                    text="No division by {h} remains, so the limit is found by putting {h} = 0.",
                    before=sp.Limit(q, h, 0, dir="+-"), after=value, math={"h": h})
    return steps[0]


def _cancel_route(expr, shifted, quotient, x, h) -> list[Step]:
    """Polynomials and rational functions: expand the numerator, cancel the factor h."""
    if not (expr.is_rational_function(x)):
        return []
    numerator = sp.together(sp.expand(shifted - expr))
    expanded = Step(rule="expand", title="Expand", text="Expand f(x + h) and subtract f(x); the f(x) terms cancel.",
                    before=quotient, after=sp.Mul(numerator, sp.Pow(h, -1), evaluate=False))
    cancelled = sp.cancel(numerator / h)
    if cancelled.has(sp.zoo) or sp.denom(cancelled).subs(h, 0) == 0:
        return []
    cancel = Step(rule="cancel_h", title="Cancel h", text="Every term of the numerator has a factor {h}; cancel it.",
                  before=expanded.after, after=cancelled, math={"h": h})
    final = _let_h_vanish(cancelled, h)
    return [expanded, cancel, final] if final else []



def _conjugate_route(expr, shifted, quotient, x, h) -> list[Step]:
    """√ forms: multiply numerator and denominator by the conjugate a + b."""
    if not (isinstance(expr, sp.Pow) and expr.exp == sp.S.Half) and not (
            isinstance(expr, sp.Mul) and any(isinstance(f, sp.Pow) and f.exp == sp.S.Half for f in expr.args)):
        return []
    conjugate = shifted + expr
    numerator = sp.expand(shifted**2 - expr**2)
    multiplied = sp.Mul(numerator, sp.Pow(h * conjugate, -1), evaluate=False)
    step = Step(rule="multiply_by_conjugate", title="Multiply by the conjugate",
                text="Multiply top and bottom by {c}; the difference of squares removes the roots on top.",
                before=quotient, after=multiplied, math={"c": conjugate})
    cancelled = sp.cancel(numerator / h) / conjugate
    if sp.cancel(numerator / h).has(h) and sp.denom(sp.cancel(numerator / h)).has(h):
        return []
    cancel = Step(rule="cancel_h", title="Cancel h", text="Cancel the common factor {h}.",
                  before=multiplied, after=cancelled, math={"h": h})
    final = _let_h_vanish(cancelled, h)
    return [step, cancel, final] if final else []


def _trig_route(expr, shifted, quotient, x, h) -> list[Step]:
    """a·sin(kx) + b·cos(kx): angle-addition formulas, then the two standard limits."""
    expanded = sp.expand(sp.expand_trig(shifted) - expr)
    if expanded.has(sp.tan, sp.sec, sp.csc, sp.cot) or not expanded.has(sp.sin(h), sp.cos(h)):
        return []
    collected = sp.collect(expanded, [sp.sin(h), sp.cos(h)], evaluate=False)
    b = collected.pop(sp.sin(h), sp.S.Zero)
    a = collected.pop(sp.cos(h), sp.S.Zero)
    rest = sum(collected.values(), sp.S.Zero)
    if sp.simplify(rest + a) != 0 or b.has(h) or a.has(h):
        return []
    split = plus(times(a, sp.Mul(sp.cos(h) - 1, sp.Pow(h, -1), evaluate=False)),
                 times(b, sp.Mul(sp.sin(h), sp.Pow(h, -1), evaluate=False)))
    addition = Step(rule="angle_addition", title="Angle-addition formulas",
                    text="Expand with sin(a + b) = sin a cos b + cos a sin b and cos(a + b) = cos a cos b - sin a sin b, "
                         "then group the terms by sin({h}) and cos({h}) - 1.",
                    before=quotient, after=split, math={"h": h})
    standard = Step(rule="standard_limits", title="Standard limits",
                    text="Use sin({h})/{h} → 1 and (cos({h}) - 1)/{h} → 0 as {h} → 0.",
                    before=sp.Limit(split, h, 0, dir="+-"), after=plus(times(a, 0), times(b, 1)),
                    facts=[sp.Eq(sp.Limit(sp.sin(h) / h, h, 0, dir="+-"), 1, evaluate=False),
                           sp.Eq(sp.Limit((sp.cos(h) - 1) / h, h, 0, dir="+-"), 0, evaluate=False)],
                    math={"h": h})
    return [addition, standard]


def _tangent_route(expr, shifted, quotient, x, h) -> list[Step]:
    """c·tan(kx + b): one fraction, sin(A + kh)cos A − cos(A + kh)sin A = sin(kh), then sin(kh)/h → k."""
    c, g = expr.as_independent(x, as_Add=False)
    if not isinstance(g, sp.tan) or not g.args[0].is_polynomial(x) or sp.degree(g.args[0], x) != 1:
        return []
    A = g.args[0]
    k = sp.Poly(A, x).LC()
    moved = A.xreplace({x: x + h})
    one_fraction = times(c, sp.sin(k * h) / (h * sp.cos(moved) * sp.cos(A)))
    a, b = sp.symbols("a b")
    combine = Step(rule="tangent_difference", title="One fraction, then the subtraction formula",
                   text="Write tan as sin/cos and put the difference over the common denominator {den}; its "
                        "numerator {num} is sin(({a}) − ({b})) = {s} by the subtraction formula.",
                   before=quotient, after=one_fraction,
                   facts=[sp.Eq(sp.sin(a - b), sp.sin(a) * sp.cos(b) - sp.cos(a) * sp.sin(b), evaluate=False)],
                   math={"den": sp.cos(moved) * sp.cos(A),
                         "num": plus(times(sp.sin(moved), sp.cos(A)), -times(sp.cos(moved), sp.sin(A))),
                         "a": moved, "b": A, "s": sp.sin(k * h)})
    value = c * k / sp.cos(A) ** 2
    standard = Step(rule="standard_limits", title="Standard limit and continuity",
                    text="Use sin({kh})/{h} → {k} as {h} → 0, and cos({a}) → cos({b}) (cosine is continuous).",
                    before=sp.Limit(one_fraction, h, 0, dir="+-"), after=value,
                    facts=[sp.Eq(sp.Limit(sp.sin(h) / h, h, 0, dir="+-"), 1, evaluate=False)],
                    math={"kh": k * h, "h": h, "k": k, "a": moved, "b": A})
    return [combine, standard]

