"""The limit laws as a calculator: the one-sided limit of each part, combined bottom up.

``behaviour(g, approach)`` says how ``g`` behaves as ``x`` approaches the point from one
side: a finite value, ±oo, a bounded oscillation (a SymPy ``AccumBounds``), or an
indeterminate form (0/0, oo/oo, 0*oo, oo-oo, 1^oo, 0^0, oo^0, and "0*bounded" /
"bounded/oo" for the squeeze theorem) together with the sub-expression where it occurs.
Signs near the point (is the denominator tending to 0 through positive values?) come
from the numerical approach in ``numeric``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.limit import numeric

OO, NOO = sp.oo, sp.S.NegativeInfinity

ZERO_OVER_ZERO = "0/0"
INF_OVER_INF = "oo/oo"
ZERO_TIMES_INF = "0*oo"
INF_MINUS_INF = "oo-oo"
ONE_TO_INF = "1^oo"
ZERO_TO_ZERO = "0^0"
INF_TO_ZERO = "oo^0"
ZERO_TIMES_BOUNDED = "0*bounded"
FORMS = (ZERO_OVER_ZERO, INF_OVER_INF, ZERO_TIMES_INF, INF_MINUS_INF, ONE_TO_INF, ZERO_TO_ZERO, INF_TO_ZERO)


@dataclass(frozen=True)
class Approach:
    """x -> a from one side: side is '+' (from above) or '-' (from below); at +-oo it is fixed."""

    x: sp.Symbol
    a: sp.Expr
    side: str

    @property
    def infinite(self) -> bool:
        return self.a in (OO, NOO)

    def sign_near(self, g) -> int:
        """+1/-1: the sign of ``g`` at points near the point on this side; 0 when unclear."""
        if not g.has(self.x):
            return int(sp.sign(g)) if g.is_number and g.is_real else 0
        if g == self.x and not self.infinite and self.a == 0:
            return 1 if self.side == "+" else -1
        return numeric.side_sign(g, self.x, self.a, self.side)


@dataclass(frozen=True)
class Behaviour:
    """How an expression behaves near the point (see the module docstring)."""

    kind: str  # "value" | "infinite" | "bounded" | "form" | "unknown"
    value: sp.Expr = sp.S.Zero  # the finite value, oo / -oo, or the AccumBounds
    form: str = ""  # for kind "form"
    where: Optional[sp.Expr] = None  # the sub-expression with the form (or the unknown)

    @property
    def determinate(self) -> bool:
        return self.kind in ("value", "infinite")

    @property
    def is_zero(self) -> bool:
        return self.kind == "value" and self.value == 0

    @property
    def is_infinite(self) -> bool:
        return self.kind == "infinite"


def value(v) -> Behaviour:
    v = as_sympy(v)
    if v in (OO, NOO):
        return Behaviour("infinite", v)
    if isinstance(v, sp.AccumBounds):
        return Behaviour("bounded", v)
    if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return Behaviour("unknown", where=None)
    if v.is_number and v.is_finite and v.is_real is not False:
        return Behaviour("value", v)
    if not v.is_number and v.is_finite is not False:  # a parameter (x in a difference quotient in h)
        return Behaviour("value", v)
    return Behaviour("unknown", where=None)


def form(name: str, where) -> Behaviour:
    return Behaviour("form", form=name, where=where)


def unknown(where) -> Behaviour:
    return Behaviour("unknown", where=where)


@dataclass
class Laws:
    """Evaluates behaviours for one approach, remembering results and known sub-limits."""

    approach: Approach
    known: dict = field(default_factory=dict)  # sub-expression -> Behaviour, e.g. a solved sub-limit

    def of(self, g: sp.Expr) -> Behaviour:
        if g in self.known:
            return self.known[g]
        result = self._compute(g)
        self.known[g] = result
        return result

    # --- dispatch ------------------------------------------------------------------------

    def _compute(self, g) -> Behaviour:
        x = self.approach.x
        if not g.has(x):
            return value(g) if not g.has(sp.zoo, sp.nan) else unknown(g)
        if g == x:
            return value(self.approach.a)
        if isinstance(g, sp.Add):
            return self._add(g)
        if isinstance(g, sp.Mul):
            return self._mul(g)
        if isinstance(g, sp.Pow):
            return self._pow(g)
        if isinstance(g, sp.exp):
            return self._pow(sp.Pow(sp.E, g.args[0], evaluate=False))
        if isinstance(g, sp.Function) and len(g.args) == 1:
            return self._function(g)
        return unknown(g)

    # --- sums ----------------------------------------------------------------------------

    def _add(self, g) -> Behaviour:
        parts = [self.of(t) for t in g.args]
        for p in parts:
            if p.kind in ("form", "unknown"):
                return p
        infinities = {p.value for p in parts if p.is_infinite}
        if infinities == {OO, NOO}:
            return form(INF_MINUS_INF, g)
        bounded = [p for p in parts if p.kind == "bounded"]
        if infinities:
            if any(not _finite_bounds(p.value) for p in bounded):
                return unknown(g)
            return value(infinities.pop())
        total = sp.Add(*[p.value for p in parts])
        return value(total)

    # --- products and quotients ------------------------------------------------------------

    def _mul(self, g) -> Behaviour:
        numer, denom = split_fraction(g)
        if denom != 1:
            return self._quotient(g, numer, denom)
        parts = [self.of(f) for f in g.args]
        for p in parts:
            if p.kind in ("form", "unknown"):
                return p
        zeros = [p for p in parts if p.is_zero]
        infinite = [p for p in parts if p.is_infinite]
        bounded = [p for p in parts if p.kind == "bounded"]
        if zeros and infinite:
            return form(ZERO_TIMES_INF, g)
        if bounded:
            if zeros and all(_finite_bounds(b.value) for b in bounded):
                return form(ZERO_TIMES_BOUNDED, g)
            if infinite:
                return unknown(g)
            product = sp.Mul(*[p.value for p in parts])
            return value(product) if not zeros else form(ZERO_TIMES_BOUNDED, g)
        if infinite:
            sign = 1
            for p in parts:
                sign *= 1 if p.value.is_positive or p.value is OO else -1
            return value(OO if sign > 0 else NOO)
        return value(sp.Mul(*[p.value for p in parts]))

    def _quotient(self, g, numer, denom) -> Behaviour:
        n, d = self.of(numer), self.of(denom)
        for p in (n, d):
            if p.kind in ("form", "unknown"):
                return p
        if n.is_zero and d.is_zero:
            return form(ZERO_OVER_ZERO, g)
        if n.is_infinite and d.is_infinite:
            return form(INF_OVER_INF, g)
        if d.kind == "bounded" or (n.kind == "bounded" and not d.is_infinite):
            if n.kind == "bounded" and d.kind == "value" and d.value != 0:
                return value(n.value / d.value)
            if n.is_zero and d.kind == "bounded" and _bounded_away_from_zero(d.value):
                return form(ZERO_TIMES_BOUNDED, g)
            return unknown(g)
        if n.kind == "bounded" and d.is_infinite:
            return form(ZERO_TIMES_BOUNDED, g) if _finite_bounds(n.value) else unknown(g)
        if d.is_zero:  # c/0 or oo/0: infinite, with the sign of the quotient near the point
            if not n.is_infinite and n.value.is_positive is None and n.value.is_negative is None:
                return unknown(g)
            sign = self.approach.sign_near(denom)
            top = 1 if (n.value.is_positive or n.value is OO) else -1
            if sign == 0:
                return unknown(g)
            return value(OO if sign * top > 0 else NOO)
        if d.is_infinite:
            if n.is_infinite:
                return form(INF_OVER_INF, g)
            return value(0)
        if n.is_infinite:
            sign = (1 if n.value is OO else -1) * (1 if d.value.is_positive else -1)
            return value(OO if sign > 0 else NOO)
        return value(n.value / d.value)

    # --- powers ----------------------------------------------------------------------------

    def _pow(self, g) -> Behaviour:
        base, exponent = g.args
        x = self.approach.x
        b = self.of(base) if base.has(x) else value(base)
        e = self.of(exponent) if exponent.has(x) else value(exponent)
        for p in (b, e):
            if p.kind in ("form", "unknown"):
                return p
        if b.kind == "bounded" or e.kind == "bounded":
            if b.kind == "bounded" and e.kind == "value" and _finite_bounds(b.value):
                try:
                    result = b.value ** e.value
                except (TypeError, ValueError):
                    return unknown(g)
                return value(result) if isinstance(result, sp.AccumBounds) or result.is_number else unknown(g)
            return unknown(g)
        bv, ev = b.value, e.value
        if b.is_zero and e.is_zero:
            return form(ZERO_TO_ZERO, g)
        if b.is_infinite and e.is_zero:
            return form(INF_TO_ZERO, g)
        if bv == 1 and e.is_infinite and base.has(x):
            return form(ONE_TO_INF, g)
        if b.is_zero:
            if e.is_infinite:
                return value(0) if ev is OO else self._reciprocal_of_zero(g, base, -1)
            if ev.is_positive:
                return value(0)
            # 0 to a negative power: infinite; its sign is the sign of the power near the point
            return self._signed_infinity(g)
        if b.is_infinite:
            if bv is NOO and not (exponent.is_integer or (ev.is_Rational and not e.is_infinite)):
                return unknown(g)
            if e.is_infinite:
                return value(OO if ev is OO else 0) if bv is OO else unknown(g)
            if ev.is_negative:
                return value(0)
            if bv is OO:
                return value(OO)
            return self._signed_infinity(g)
        if e.is_infinite:  # a finite, nonzero base to an infinite power
            if bv.is_negative:
                return unknown(g)
            magnitude = sp.Abs(bv)
            if magnitude == 1:
                return value(1) if not base.has(x) else form(ONE_TO_INF, g)
            grows = (magnitude > 1) == (ev is OO)
            return value(OO) if grows else value(0)
        result = bv ** ev
        if result.is_real is False and not (bv.is_negative and ev.is_Rational):
            return unknown(g)
        return value(result) if result.is_finite is not False else unknown(g)

    def _signed_infinity(self, g) -> Behaviour:
        sign = self.approach.sign_near(g)
        return value(OO if sign > 0 else NOO) if sign else unknown(g)

    def _reciprocal_of_zero(self, g, base, _):
        sign = self.approach.sign_near(base)
        return value(OO) if sign > 0 else unknown(g)

    # --- functions -------------------------------------------------------------------------

    def _function(self, g) -> Behaviour:
        inner = self.of(g.args[0])
        if inner.kind in ("form", "unknown"):
            return inner
        if inner.kind == "bounded":
            try:
                result = g.func(inner.value)
            except (TypeError, ValueError, NotImplementedError):
                return unknown(g)
            if isinstance(result, sp.AccumBounds) and _finite_bounds(result):
                return value(result)
            return unknown(g)
        try:
            result = g.func(inner.value)
        except (TypeError, ValueError, NotImplementedError):
            return unknown(g)
        if isinstance(result, sp.AccumBounds):
            return value(result)
        if result in (OO, NOO):
            return value(result)
        if result.has(sp.zoo, sp.nan) or result is sp.zoo:
            return self._signed_infinity(g)  # a pole (tan at pi/2, ln at 0, ...): infinite
        if result.is_real is False or result.has(sp.I):
            return unknown(g)
        if not result.is_number:  # with a parameter: continuous for generic values of it
            return value(result)
        if not _real_near(g, self.approach):
            return unknown(g)
        return value(result)


def split_fraction(g):
    """(numerator, denominator) of a product, the way a learner reads it."""
    numer, denom = sp.fraction(g)
    return numer, denom


def _finite_bounds(bounds) -> bool:
    return isinstance(bounds, sp.AccumBounds) and bounds.min.is_finite and bounds.max.is_finite


def _bounded_away_from_zero(bounds) -> bool:
    return _finite_bounds(bounds) and (bounds.min > 0 or bounds.max < 0)


_RESTRICTED = (sp.log, sp.asin, sp.acos, sp.atanh, sp.acosh, sp.asec, sp.acsc, sp.acoth, sp.asech)


def _real_near(g, approach: Approach) -> bool:
    """For functions with a restricted real domain: is ``g`` real at points near the point?"""
    if not isinstance(g, _RESTRICTED) or g.free_symbols - {approach.x}:
        return True
    values = numeric.approach(g, approach.x, approach.a, approach.side, budget=1.0)
    return len(values) >= 2
