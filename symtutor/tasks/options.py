"""Reading the options every task shares: the variable, a point, a list of variables."""
from __future__ import annotations

import sympy as sp

from symtutor.errors import UsageError
from symtutor.parsing import parse_assignments, parse_symbols


def choose_variable(expr: sp.Expr, wrt: str | None) -> sp.Symbol:
    """The variable named by ``wrt``, else the expression's only one (x if it has several)."""
    if wrt:
        symbols = parse_symbols(wrt)
        if len(symbols) != 1:
            raise UsageError(f"--wrt takes one variable, got {wrt!r}")
        return symbols[0]
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if not free:
        return sp.Symbol("x")
    if len(free) == 1:
        return free[0]
    for s in free:
        if s.name == "x":
            return s
    names = ", ".join(s.name for s in free)
    raise UsageError(f"the expression has several variables ({names}); choose one with --wrt")


def choose_variables(expr, names: str | None) -> list[sp.Symbol]:
    """The variables named by ``--vars x,y``, else the free symbols in sorted order."""
    if names:
        return parse_symbols(names)
    free = expr.free_symbols if isinstance(expr, sp.Basic) else set().union(*(e.free_symbols for e in expr))
    return sorted(free, key=lambda s: s.name)


def parse_point(at: str | None) -> dict:
    """``x=2, y=1`` as a substitution dict (empty when not given); values must be numbers."""
    if at is None:
        return {}
    if not at.strip():
        raise UsageError("--at is empty: give the point, e.g. --at x=2")
    point = parse_assignments(at)
    for name, value in point.items():
        if value.free_symbols:
            raise UsageError(f"--at needs numbers: {name}={at.split('=', 1)[1].split(',')[0].strip()} is not a number "
                             f"(write e.g. {name}=2 or {name}=pi/4)")
        if value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise UsageError(f"--at needs a finite point, got {name}={value}")
    return point
