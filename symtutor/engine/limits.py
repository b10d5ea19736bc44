"""Limits with steps: substitution, the form named, algebra, standard limits, L'Hopital,
growth rates, the squeeze theorem, series; one-sided limits and limits that do not exist.

``explain_limit(expr, x, point, direction)`` returns a verified ``Derivation`` whose
statement is ``Limit(expr, x, point, direction)`` (direction ``"+-"`` = two-sided).

A limit that does not exist has the answer ``nan`` (SymPy's "not a number", i.e.
undefined): it prints as ``nan`` / ``NaN`` and reads back from JSON with ``sympify``.  The
derivation's last step (``does_not_exist`` or ``oscillates``) says so in words, with both
one-sided limits as facts when they exist and differ; a note repeats it.

The machinery lives in the package ``symtutor.engine.limit``; see its docstring.
"""
from __future__ import annotations

import time

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.limit import numeric
from symtutor.engine.limit.check import check_limit
from symtutor.engine.limit.problem import TWO_SIDED, Problem
from symtutor.engine.limit.solver import DNE, Solver
from symtutor.engine.limit.strategies import install
from symtutor.errors import UnsupportedError, UsageError
from symtutor.steps import Derivation, Step

SOLVE_SECONDS = 6.0
DIRECTIONS = {"+": "right", "-": "left", TWO_SIDED: "both"}


def solve_limit(expr, x, point, direction: str = TWO_SIDED, *, seconds: float = SOLVE_SECONDS,
                without_lhopital: bool = False):
    """(steps, value, solver, problem): the bare derivation, unverified (for other engines to embed).

    Other symbols in ``expr`` are parameters (x in a difference quotient in h).
    ``without_lhopital``: for the derivative from its definition, which must not assume derivatives.
    """
    from symtutor.engine.limit.lhopital import NO_LHOPITAL

    P = Problem.make(x, point, direction)
    solver = Solver(deadline=time.monotonic() + seconds)
    install(solver)
    steps, value = solver.solve(expr, P, used=frozenset({NO_LHOPITAL}) if without_lhopital else frozenset())
    return steps, value, solver, P


def explain_limit(expr: sp.Expr, x: sp.Symbol, point, direction: str = TWO_SIDED, *, input_text: str = "",
                  seconds: float = SOLVE_SECONDS) -> Derivation:
    """The derivation of lim_{x -> point} expr from ``direction`` ('+', '-' or '+-'), verified."""
    point = as_sympy(point)
    if direction not in DIRECTIONS:
        raise UsageError(f"the side must be 'left', 'right' or both, got {direction!r}")
    if point.free_symbols or not (point in (sp.oo, -sp.oo) or (point.is_real and point.is_finite)):
        raise UsageError(f"the point must be a real number or oo/-oo, got {sp.sstr(point)}")
    if expr.free_symbols - {x}:
        names = ", ".join(sorted(s.name for s in expr.free_symbols - {x}))
        raise UnsupportedError(f"the expression has other symbols ({names}); symtutor finds limits of "
                               f"functions of {x.name} alone - substitute numbers for them")
    P = Problem.make(x, point, direction)
    notes: list[str] = []
    prefix: list[Step] = []
    if P.two_sided and not P.infinite:
        P, prefix, notes = _restrict_to_domain(expr, P)
    solver = Solver(deadline=time.monotonic() + seconds)
    install(solver)
    steps, value = solver.solve(expr, P)
    if value is DNE:
        notes.append("The limit does not exist: written DNE (nan in JSON).")
    derivation = Derivation(task="limit", input=input_text,
                            problem={"expr": expr, "var": x, "point": P.a, "side": DIRECTIONS[P.direction]},
                            statement=P.limit(expr), steps=prefix + steps, answer=value, notes=notes)
    return check_limit(derivation, expr, P, solver.claims, contexts=solver.contexts)


def _restrict_to_domain(expr, P: Problem):
    """A two-sided limit of a function defined (real) on one side only becomes that one-sided limit."""
    real = {side: len(numeric.approach(expr, P.x, P.a, side, budget=1.5)) >= 2 for side in ("-", "+")}
    if real["-"] and real["+"]:
        return P, [], []
    if not real["-"] and not real["+"]:
        raise UnsupportedError(f"{sp.sstr(expr)} is not real-valued near {P.x.name} = {sp.sstr(P.a)}, "
                               "so it has no real limit there")
    side = "+" if real["+"] else "-"
    Q = P.one_side(side)
    word = "right" if side == "+" else "left"
    step = Step(rule="domain", title="Domain",
                text=f"The function is real only on the {word} of the point, so the limit is the one-sided limit "
                     f"from the {word}.", math={})
    return Q, [step], [f"Only the limit from the {word} makes sense here (the function is not real on the other side)."]
