"""The driver: evaluate by the limit laws when possible, otherwise name the form and try
the strategies for it in a teacher's order; each strategy rewrites and continues.

``Solver.solve(g, problem)`` returns ``(steps, value)``: a chain of steps from
``Limit(g)`` to the value (``nan`` when the limit does not exist).  Every limit it
settles is recorded in ``claims`` so that the checker can test each step's limits.
"""
from __future__ import annotations

import time
from typing import Callable, Optional

import sympy as sp

from symtutor.engine.limit import forms as F
from symtutor.engine.limit.forms import NOO, OO, Behaviour
from symtutor.engine.limit.problem import FORM_WORDS, Problem
from symtutor.errors import UnsupportedError
from symtutor.steps import CAS_RULE, Step

Result = tuple[list[Step], sp.Expr]
Strategy = Callable[["Solver", sp.Expr, Problem, int, frozenset], Optional[Result]]

MAX_DEPTH = 14
DNE = sp.nan  # the answer of a limit that does not exist (see engine.limits)


class Solver:
    def __init__(self, deadline: float | None = None):
        self.claims: dict = {}
        self.contexts: dict = {}  # id(step) -> the Problem it belongs to (for the checker)
        self.deadline = deadline or (time.monotonic() + 30)
        self.strategies: dict[str, tuple[Strategy, ...]] = {}
        self.unknown_strategies: tuple[Strategy, ...] = ()

    def out_of_time(self, margin: float = 0.0) -> bool:
        return time.monotonic() > self.deadline - margin

    def claim(self, problem: Problem, g, value) -> None:
        self.claims[problem.limit(g)] = value

    # --- the main loop ---------------------------------------------------------------------

    def solve(self, g, P: Problem, depth: int = 0, used: frozenset = frozenset()) -> Result:
        result = self._solve(g, P, depth, used)
        self.claim(P, g, result[1])
        for step in result[0]:
            for s in step.walk():
                self.contexts.setdefault(id(s), P)
        return result

    def behaviours(self, g, P: Problem, known: dict | None = None) -> list[Behaviour]:
        return [P.laws(side, (known or {}).get(side)).of(g) for side in P.sides]

    def _solve(self, g, P, depth, used) -> Result:
        if depth > MAX_DEPTH or self.out_of_time(1.0):
            return self.cas(g, P)
        bs = self.behaviours(g, P)
        settled = self._settle(g, P, bs, depth, used)
        if settled is not None:
            return settled
        b = bs[0]
        if P.two_sided and len({(x.kind, x.form) for x in bs}) > 1:
            return self.split_sides(g, P, depth, used)
        if b.kind in ("form", "unknown") and b.where is not None and b.where != g:
            outcome = self.sublimits(g, P, b, depth, used)
            if isinstance(outcome, tuple):
                return outcome
            if outcome is not None:
                b = outcome
        prefix: list[Step] = []
        if b.kind == "form" and (b.where == g or b.where is None):
            prefix = [identify_form_step(g, P, b)]
            strategies = self.strategies.get(b.form, ())
        else:
            strategies = self.unknown_strategies
        fallback = None
        for strategy in strategies:
            if self.out_of_time(1.0):
                break
            try:
                result = strategy(self, g, P, depth, used)
            except (sp.PolynomialError, NotImplementedError, ValueError, TypeError, ZeroDivisionError,
                    AttributeError, RecursionError, sp.SympifyError, UnsupportedError):
                result = None  # this strategy does not lead anywhere: try the next
            if result is None:
                continue
            steps, value = result
            if all(s.complete for s in steps):
                return prefix + steps, value
            fallback = fallback or (prefix + steps, value)
        if fallback is not None:
            return fallback
        steps, value = self.cas(g, P, generous=depth == 0)
        return prefix + steps, value

    def _settle(self, g, P, bs, depth, used, known=None) -> Optional[Result]:
        """When every side's behaviour is determinate: substitution, or does-not-exist."""
        if all(b.determinate for b in bs):
            values = {b.value for b in bs}
            if len(values) == 1:
                v = values.pop()
                return [substitution_step(g, P, v, self, known)], v
            return self.split_sides(g, P, depth, used)
        if all(b.kind == "bounded" for b in bs) and not P.two_sided or \
                (P.two_sided and all(b.kind == "bounded" for b in bs)):
            return [oscillation_step(g, P, bs[0].value)], DNE
        return None

    # --- sub-limits: one indeterminate part at a time --------------------------------------

    def sublimits(self, g, P, b, depth, used):
        """Solve the indeterminate part, put its limit back, and see what is left."""
        known: dict = {side: {} for side in P.sides}
        parts: list[Step] = []
        for _ in range(4):
            where = b.where
            if where is None or where == g or self.out_of_time(1.0):
                break
            steps, v = self.solve(where, P, depth + 1, used)
            if v is DNE or v.has(sp.nan, sp.AccumBounds) or not all(s.complete for s in steps):
                return None
            parts.append(Step(rule="limit_of_part", title="Limit of a part",
                              text="First find the limit of the part {w} on its own.",
                              before=P.limit(where), after=v, substeps=steps, math={"w": where}))
            for side in P.sides:
                known[side][where] = F.value(v)
            bs = self.behaviours(g, P, known)
            if all(x.determinate for x in bs):
                values = {x.value for x in bs}
                if len(values) != 1:
                    return None
                value = values.pop()
                combine = substitution_step(g, P, value, self, known, after_parts=True)
                return parts + [combine], value
            b = bs[0]
            if b.kind != "form" or b.where == g:
                return b if b.kind == "form" else None
        return None

    # --- two sides ---------------------------------------------------------------------------

    def split_sides(self, g, P: Problem, depth, used) -> Result:
        """Two-sided limit: work out each one-sided limit; equal -> the limit, else it does not exist."""
        subs, values = [], []
        for side in ("-", "+"):
            Q = P.one_side(side)
            steps, v = self.solve(g, Q, depth + 1, used)
            values.append(v)
            word = "left" if side == "-" else "right"
            subs.append(Step(rule="one_sided_limit", title=f"From the {word}",
                             text=f"Let {{x}} approach {{a}} from the {word}.",
                             before=Q.limit(g), after=v, substeps=steps, math={"x": P.x, "a": P.a}))
        left, right = values
        facts = [sp.Eq(P.one_side("-").limit(g), left, evaluate=False),
                 sp.Eq(P.one_side("+").limit(g), right, evaluate=False)]
        if left == right and left is not DNE:
            step = Step(rule="one_sided_limits", title="One-sided limits",
                        text="The two one-sided limits are equal, so the limit exists and has their common value.",
                        before=P.limit(g), after=left, substeps=subs, facts=facts)
            return [step], left
        if left is DNE or right is DNE:
            step = Step(rule="does_not_exist", title="The limit does not exist",
                        text="A one-sided limit does not exist, so neither does the two-sided limit.",
                        before=P.limit(g), after=DNE, substeps=subs, facts=facts)
            return [step], DNE
        step = Step(rule="does_not_exist", title="The limit does not exist",
                    text="The one-sided limits differ ({left} from the left, {right} from the right), "
                         "so the two-sided limit does not exist.",
                    before=P.limit(g), after=DNE, substeps=subs, facts=facts,
                    math={"left": left, "right": right})
        return [step], DNE

    # --- honest fallback ----------------------------------------------------------------------

    def cas(self, g, P: Problem, generous: bool = False) -> Result:
        """SymPy's limit as an honest ``cas`` step; the top level gets its full share of time."""
        seconds = 4.0 if generous else max(0.5, min(4.0, self.deadline - time.monotonic() - 0.5))
        value = reference_limit(g, P, timeout=seconds)
        if value is None:
            raise UnsupportedError("symtutor cannot find this limit (no strategy applies and the "
                                   "computer algebra system gives no answer); try a simpler expression")
        step = Step(rule=CAS_RULE, title="Computed directly",
                    text="No strategy symtutor knows applies here; the computer algebra system evaluates the "
                         "limit directly.", before=P.limit(g), after=value)
        return [step], value


def reference_limit(g, P: Problem, timeout: float = 4.0):
    """SymPy's limit (both sides for a two-sided problem; nan when they differ), time-bounded; None if it fails."""
    from symtutor.budget import Budget, run_bounded
    from symtutor.engine.common import plain_symbols, real_symbols

    xr = sp.Symbol(P.x.name, real=True)
    expr = real_symbols(g).xreplace({sp.Symbol(P.x.name, real=True): xr})

    def compute():
        values = []
        for side in P.sides:
            try:
                v = sp.limit(expr, xr, P.a, dir=side)
            except (ValueError, NotImplementedError, TypeError, ZeroDivisionError, RecursionError,
                    sp.PoleError if hasattr(sp, "PoleError") else ValueError):
                return None
            values.append(v)
        if any(isinstance(v, sp.AccumBounds) for v in values):
            return DNE
        if len(set(values)) > 1:
            return DNE
        return plain_symbols(values[0])

    try:
        return run_bounded(compute, budget=Budget(timeout=timeout))
    except Exception:  # noqa: BLE001 - the time limit, the memory cap or a SymPy crash: no reference
        return None


# --- the steps every path ends with -------------------------------------------------------------


def substitution_step(g, P: Problem, value, solver: Solver, known=None, after_parts: bool = False) -> Step:
    """Direct substitution (continuous at a finite point) or the limit laws part by part."""
    x, a = P.x, P.a
    if not g.has(x):
        return Step(rule="constant", title="Constant", text="The limit of a constant is the constant itself.",
                    before=P.limit(g), after=value)
    if not P.infinite and not after_parts and value not in (OO, NOO):
        plugged = _plug(g, x, a)
        if plugged is not None and _same_number(plugged.doit(), value):
            return Step(rule="direct_substitution", title="Direct substitution",
                        text="{g} is continuous at {point}, so the limit is its value there.",
                        before=P.limit(g), after=value, facts=[sp.Eq(plugged, value, evaluate=False)],
                        math={"g": g, "point": sp.Eq(x, a, evaluate=False)})
    facts = _part_facts(g, P, known)
    if after_parts:
        text = "Put the limits of the parts back; the result is no longer an indeterminate form."
    elif value in (OO, NOO) and _is_quotient_with_vanishing_denominator(g, P):
        text = ("The numerator has a nonzero limit while the denominator tends to 0 keeping one sign, "
                "so the quotient grows without bound: {v}.")
    else:
        text = "Take the limit of each part (limit laws); they combine without an indeterminate form."
    return Step(rule="limit_laws", title="Limits of the parts", text=text, before=P.limit(g), after=value,
                facts=facts, math={"v": value})


def _same_number(a, b) -> bool:
    try:
        return a == b or sp.simplify(a - b) == 0
    except Exception:  # noqa: BLE001
        return False


def _plug(g, x, a):
    try:
        with sp.evaluate(False):
            plugged = g.xreplace({x: a})
    except Exception:  # noqa: BLE001 - a display nicety only
        return None
    try:
        if sp.simplify(plugged.doit()).is_finite is False or plugged.doit().has(sp.zoo, sp.nan):
            return None
    except Exception:  # noqa: BLE001
        return None
    return plugged


def _parts(g, x):
    if isinstance(g, sp.Mul):
        numer, denom = F.split_fraction(g)
        if denom != 1:
            return [numer, denom]
        return [f for f in g.args if f.has(x)]
    if isinstance(g, (sp.Add,)):
        return [t for t in g.args if t.has(x)]
    if isinstance(g, sp.Pow):
        return [p for p in g.args if p.has(x)]
    if isinstance(g, sp.Function):
        return [g.args[0]] if g.args[0] != x else []
    return []


def _part_facts(g, P: Problem, known) -> list:
    facts = []
    for part in _parts(g, P.x)[:4]:
        if part == P.x:
            continue
        bs = [P.laws(side, (known or {}).get(side)).of(part) for side in P.sides]
        if all(b.determinate for b in bs) and len({b.value for b in bs}) == 1:
            facts.append(sp.Eq(P.limit(part), bs[0].value, evaluate=False))
    return facts


def _is_quotient_with_vanishing_denominator(g, P) -> bool:
    numer, denom = F.split_fraction(g)
    if denom == 1:
        return False
    return all(P.laws(side).of(denom).is_zero for side in P.sides)


def identify_form_step(g, P: Problem, b: Behaviour) -> Step:
    words = FORM_WORDS.get(b.form, b.form)
    if b.form == F.ZERO_TIMES_BOUNDED:
        text = "As {x} -> {a} the expression is " + words + ": the limit laws alone do not decide it."
    else:
        text = "Letting {x} -> {a} gives the indeterminate form " + words + ", so the value cannot be read off yet."
    return Step(rule="identify_form", title="Identify the form", text=text, math={"x": P.x, "a": P.a},
                facts=_part_facts(g, P, None))


def oscillation_step(g, P: Problem, bounds) -> Step:
    return Step(rule="oscillates", title="No limit: oscillation",
                text="{g} keeps oscillating between {lo} and {hi} as {x} -> {a}, so it has no limit.",
                before=P.limit(g), after=DNE,
                math={"g": g, "lo": bounds.min, "hi": bounds.max, "x": P.x, "a": P.a})
