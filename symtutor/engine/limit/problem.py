"""What every limit strategy shares: the problem (x -> a from a side), written forms, claims."""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.limit.forms import NOO, OO, Approach, Laws

TWO_SIDED = "+-"


@dataclass(frozen=True)
class Problem:
    """lim_{x -> a} with ``direction`` '+', '-' or '+-' (two-sided); at +-oo SymPy's own."""

    x: sp.Symbol
    a: sp.Expr
    direction: str

    @classmethod
    def make(cls, x, a, direction: str) -> "Problem":
        a = as_sympy(a)
        if a is OO:
            direction = "-"
        elif a is NOO:
            direction = "+"
        return cls(x, a, direction)

    @property
    def infinite(self) -> bool:
        return self.a in (OO, NOO)

    @property
    def sides(self) -> tuple[str, ...]:
        return ("-", "+") if self.direction == TWO_SIDED else (self.direction,)

    @property
    def two_sided(self) -> bool:
        return self.direction == TWO_SIDED

    def limit(self, g) -> sp.Limit:
        return sp.Limit(g, self.x, self.a, dir=self.direction)

    def one_side(self, side: str) -> "Problem":
        return Problem(self.x, self.a, side)

    def laws(self, side: str, known: dict | None = None) -> Laws:
        return Laws(Approach(self.x, self.a, side), dict(known or {}))


def written_quotient(numer, denom):
    """numer/denom exactly as written (no cancelling, no reordering)."""
    if denom == 1:
        return numer
    if isinstance(denom, sp.Pow) and denom.exp.is_negative:  # a reciprocal: keep it visibly grouped
        denom = sp.Mul(sp.S.One, denom, evaluate=False)
    return sp.Mul(numer, sp.Pow(denom, -1, evaluate=False), evaluate=False)


def written_product(*factors):
    kept = [f for f in factors if f != 1]
    if not kept:
        return sp.S.One
    return kept[0] if len(kept) == 1 else sp.Mul(*kept, evaluate=False)


def size(expr) -> int:
    return sp.count_ops(expr, visual=False)


FORM_WORDS = {
    "0/0": "0/0",
    "oo/oo": "infinity/infinity",
    "0*oo": "0 times infinity",
    "oo-oo": "infinity minus infinity",
    "1^oo": "1 to the power infinity",
    "0^0": "0 to the power 0",
    "oo^0": "infinity to the power 0",
    "0*bounded": "a quantity tending to 0 times a bounded oscillating one",
}
