"""What every layout shows for a step, independent of notation."""
from __future__ import annotations

from typing import Any, Callable

import sympy as sp

from symtutor.steps import Derivation, Step


def step_equation(step: Step) -> Any | None:
    """``before = after`` for display, or None when the step states no transformation."""
    if step.before is None or step.after is None:
        return None
    return sp.Eq(step.before, step.after, evaluate=False) if _is_expr(step.before) and _is_expr(step.after) \
        else (step.before, step.after)


def answer_statement(derivation: Derivation) -> Any:
    """``statement = answer`` (or the bare answer when there is no statement)."""
    if derivation.statement is None:
        return derivation.answer
    if _is_expr(derivation.statement) and _is_expr(derivation.answer):
        return sp.Eq(derivation.statement, derivation.answer, evaluate=False)
    return (derivation.statement, derivation.answer)


def verdict_line(derivation: Derivation) -> str:
    """One line saying what was checked and whether it held."""
    checks = "; ".join(derivation.checks)
    if derivation.verified:
        line = f"✓ Verified: {checks}." if checks else "✓ Verified."
    else:
        line = f"✗ Not verified: {checks}." if checks else "✗ Not verified."
    if not derivation.complete:
        line += " Some steps were computed directly by the computer algebra system (marked cas)."
    return line


def _is_expr(value) -> bool:
    """Values that can stand in an ``Eq`` (matrices, lists and strings are shown as pairs)."""
    return isinstance(value, sp.Expr) or (isinstance(value, sp.Basic) and not isinstance(value, sp.MatrixBase)
                                          and not isinstance(value, sp.Tuple))


def show_pair(pair, show: Callable[[Any], str], equals: str = " = ") -> str:
    """Print an equation or a (before, after) pair with ``show``."""
    if isinstance(pair, tuple):
        return equals.join(show(p) for p in pair)
    return show(pair)
