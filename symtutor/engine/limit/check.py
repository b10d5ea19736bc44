"""Is the limit derivation right?  Three witnesses, recorded in ``derivation.checks``:

1. SymPy's ``limit`` (both one-sided limits for a two-sided problem), time-bounded;
2. the numerical approach (``numeric.supports``: interval arithmetic at x = a ± 10^-k or
   ±(10^k + 1/3)), side by side;
3. every step: rewrites are equal as functions (``verify.step_holds``); a step between
   limits compares the values the derivation claims for them, each claim itself backed
   by the numerical approach.

SymPy 1.14's limit is wrong on a few textbook limits, so where it disagrees with the
derivation the numbers decide, and then only strict numerical agreement counts.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.limit import numeric
from symtutor.engine.limit.problem import Problem
from symtutor.engine.limit.solver import DNE, reference_limit
from symtutor.steps import Derivation, Step
from symtutor.verify import equivalent, step_holds


def same_value(a, b) -> bool:
    if a is None or b is None:
        return False
    if a is DNE or b is DNE or a is sp.nan or b is sp.nan:
        return (a is sp.nan) and (b is sp.nan)
    if a in (sp.oo, -sp.oo, sp.zoo) or b in (sp.oo, -sp.oo, sp.zoo):
        return a == b
    try:
        return bool(equivalent(a, b))
    except Exception:  # noqa: BLE001 - incomparable objects are not the same value
        return False


class Checker:
    def __init__(self, claims: dict, contexts: dict | None = None):
        self.claims = claims
        self.contexts = contexts or {}
        self._evidence: dict = {}

    def evidence(self, limit: sp.Limit, value):
        """Numerical support (True/False/None) for ``limit = value``; nan needs differing sides."""
        key = (limit, value)
        if key in self._evidence:
            return self._evidence[key]
        g, x, a, direction = limit.args
        sides = ("-", "+") if str(direction) == "+-" else (str(direction),)
        if value is sp.nan:
            result = None
            if len(sides) == 2:
                left = self.claims.get(sp.Limit(g, x, a, dir="-"))
                right = self.claims.get(sp.Limit(g, x, a, dir="+"))
                if left is not None and right is not None and not same_value(left, right):
                    result = all(numeric.supports(g, x, a, s, v) is not False
                                 for s, v in (("-", left), ("+", right)))
        else:
            verdicts = [numeric.supports(g, x, a, s, value) for s in sides]
            result = False if False in verdicts else (None if None in verdicts else True)
        self._evidence[key] = result
        return result

    def value_of(self, expr):
        """``expr`` with each Limit replaced by its claimed value (None when a claim is missing)."""
        limits = expr.atoms(sp.Limit) if isinstance(expr, sp.Basic) else set()
        if isinstance(expr, sp.Limit):
            limits = {expr}
        swap = {}
        for lim in limits:
            if lim not in self.claims:
                return None
            value = self.claims[lim]
            if self.evidence(lim, value) is False:
                return None
            swap[lim] = value
        return expr.xreplace(swap) if swap else expr

    def step_ok(self, step: Step) -> bool:
        before, after = step.before, step.after
        if before is None or after is None:
            return True
        has_limit = any(isinstance(e, sp.Basic) and (isinstance(e, sp.Limit) or e.has(sp.Limit)) for e in (before, after))
        if not has_limit:
            if step_holds(step):
                return True
            P = self.contexts.get(id(step))  # equal where the limit looks (x > 0 at +oo, say)?
            if P is None or not isinstance(before, sp.Expr) or not isinstance(after, sp.Expr):
                return False
            return all(numeric.agree_near(before, after, P.x, P.a, side) for side in P.sides)
        if isinstance(before, sp.Limit) and isinstance(after, sp.Limit) and before.args[1:] == after.args[1:]:
            if equivalent(before.args[0], after.args[0]):
                return True
        b, a = self.value_of(before), self.value_of(after)
        if b is None or a is None:
            return False
        b, a = as_sympy(b).doit() if isinstance(b, sp.Basic) else b, as_sympy(a)
        return same_value(b, a)

    def failing(self, steps) -> list[Step]:
        return [s for top in steps for s in top.walk() if not self.step_ok(s)]


def side_values(solver_claims: dict, f, P: Problem, answer):
    """The claimed one-sided values (for a two-sided problem whose limit does not exist)."""
    if answer is not DNE or not P.two_sided:
        return None
    left = solver_claims.get(P.one_side("-").limit(f))
    right = solver_claims.get(P.one_side("+").limit(f))
    return (left, right) if left is not None and right is not None else None


def check_limit(derivation: Derivation, f, P: Problem, claims: dict, *, contexts: dict | None = None,
                reference_timeout: float = 4.0) -> Derivation:
    answer = derivation.answer
    checker = Checker(claims, contexts)
    reference = reference_limit(f, P, timeout=reference_timeout)
    statement = P.limit(f)
    if answer is DNE:
        sides = side_values(claims, f, P, answer)
        if sides is not None:
            numbers = checker.evidence(statement, DNE)
        else:  # oscillation: the values near the point keep spreading out
            numbers = _oscillates(f, P)
    else:
        numbers = checker.evidence(statement, answer)
    sympy_agrees = same_value(reference, answer)
    if reference is None:
        derivation.checks.append("SymPy's limit gives no answer to compare with")
    elif sympy_agrees:
        derivation.checks.append("answer agrees with SymPy's limit")
    else:
        derivation.checks.append(f"SymPy's limit gives {sp.sstr(reference)} instead; the numbers decide")
    if numbers is True:
        derivation.checks.append("values of the function approaching the point tend to the answer "
                                 "(high-precision interval arithmetic)")
    elif numbers is False:
        derivation.checks.append("values of the function approaching the point DISAGREE with the answer")
    else:
        derivation.checks.append("the numerical check approaching the point is inconclusive")
    if sympy_agrees:
        answer_ok = numbers is not False
    else:
        answer_ok = numbers is True and (answer is DNE or _strict(f, P, answer))
    bad = checker.failing(derivation.steps)
    total = sum(1 for _ in derivation.walk())
    derivation.checks.append(f"{total - len(bad)} of {total} steps check out" if bad else f"all {total} steps check out")
    derivation.verified = bool(answer_ok and not bad)
    return derivation


def _strict(f, P: Problem, answer) -> bool:
    """Without SymPy's agreement, only close numerical agreement counts."""
    for side in P.sides:
        values = numeric.approach(f, P.x, P.a, side)
        if len(values) < 3:
            return False
        last = values[-1][1]
        if answer in (sp.oo, -sp.oo):
            if not (abs(last) > 10**10 and (last > 0) == (answer is sp.oo)):
                return False
            continue
        target = numeric._as_mpf(answer)
        if abs(last - target) > 1e-10 * max(1, abs(target)):
            return False
    return True


def _oscillates(f, P: Problem):
    for side in P.sides:
        values = [float(v) for _, v in numeric.approach(f, P.x, P.a, side)][-6:]
        if len(values) < 4 or max(values) - min(values) < 0.1:
            return None
    return True
