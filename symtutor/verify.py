"""Are two expressions equal?  Exact simplification first, then numeric sampling.

Used by every engine (to check each step's ``before == after`` and the answer against
SymPy's own direct computation) and by the quiz (to judge a learner's answer).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import mpmath
import sympy as sp

from symtutor.steps import Derivation, Step

SAMPLE_POINTS = 64  # most points tried
ENOUGH_POINTS = 10  # agreeing points after which sampling stops
MIN_AGREEING_POINTS = 4
RELATIVE_TOLERANCE = 1e-9
SIMPLIFY_SIZE_LIMIT = 80  # count_ops above which exact simplification is skipped
_DIGITS = 30


def equivalent(a: Any, b: Any, *, seed: int = 0, domain: Iterable[Any] = ()) -> bool:
    """True when ``a`` and ``b`` are equal: exactly, or at every sampled real point.

    ``domain``: expressions that must be real at a sample point for it to count (the
    function being differentiated, say), so that branches outside its domain are ignored.
    """
    domain = [sp.sympify(d) for d in domain]  # safe: SymPy objects from engines, never text
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return _matrices_equivalent(a, b, seed, domain)
    a, b = sp.sympify(a), sp.sympify(b)  # safe: SymPy objects or numbers, never text
    unify = symbols_by_name(a, b, *domain)
    a, b, domain = a.xreplace(unify), b.xreplace(unify), [d.xreplace(unify) for d in domain]
    if isinstance(a, sp.Tuple) or isinstance(b, sp.Tuple):
        return len(a) == len(b) and all(equivalent(p, q, seed=seed, domain=domain) for p, q in zip(a, b))
    var = indefinite_integration_variable(a, b)
    if var is not None:  # antiderivatives are equal up to a constant: compare their derivatives
        a, b = sp.diff(a, var), sp.diff(b, var)
    domain += [d.expr for e in (a, b) for d in e.atoms(sp.Derivative)]
    a, b = evaluate_derivatives(a), evaluate_derivatives(b)
    if a == b:
        return True
    if _infinite_or_nan(a) or _infinite_or_nan(b):
        return False
    exact = exactly_zero(a - b)
    if exact is not None:
        return exact
    verdict = numerically_equal(a, b, seed=seed, domain=domain)
    if verdict is None:  # too few usable sample points: try harder symbolically
        return bool(exactly_zero(a - b, thorough=True))
    return verdict


def symbols_by_name(*exprs) -> dict:
    """One real symbol per name across ``exprs``: ``x`` from the parser, a real ``x`` from
    an engine and ``x`` read back from JSON are one variable.  A name that is positive
    anywhere (a rate λ > 0, say) stays positive, so samples respect it."""
    found: dict[str, list[sp.Symbol]] = {}
    for e in exprs:
        if isinstance(e, sp.Basic):
            for s in e.free_symbols:
                if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy):
                    found.setdefault(s.name, []).append(s)
    swap = {}
    for name, symbols in found.items():
        target = sp.Symbol(name, positive=True) if any(s.is_positive for s in symbols) else sp.Symbol(name, real=True)
        swap.update({s: target for s in symbols if s != target})
    return swap


def real_by_name(expr):
    """Every symbol replaced by the real symbol of its name, so that ``x`` from the
    parser, a real ``x`` from an engine and ``x`` read back from JSON are one variable."""
    if not isinstance(expr, sp.Basic):
        return expr
    swap = {s: sp.Symbol(s.name, real=True) for s in expr.free_symbols
            if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy)}
    return expr.xreplace(swap) if swap else expr


def indefinite_integration_variable(*exprs) -> sp.Symbol | None:
    """The variable of an unevaluated indefinite Integral in ``exprs``, or None.

    ∫ f dx and an antiderivative F are only equal up to a constant, so ``equivalent``
    compares d/dx of both sides when either contains an indefinite integral (integration
    steps state ``before = ∫ f dx``, ``after = F``; "+ C" disappears the same way).
    """
    for e in exprs:
        if isinstance(e, sp.Basic):
            for integral in e.atoms(sp.Integral):
                if all(len(limit) == 1 for limit in integral.limits):
                    return integral.limits[0][0]
    return None


def _matrices_equivalent(a, b, seed, domain) -> bool:
    if not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)):
        return False
    if a.shape != b.shape:
        return False
    return all(equivalent(p, q, seed=seed, domain=domain) for p, q in zip(a, b))


def _infinite_or_nan(e) -> bool:
    return e in (sp.oo, -sp.oo, sp.zoo, sp.nan)


def evaluate_derivatives(expr: Any) -> Any:
    """Carry out unevaluated Derivative / Integral / Limit objects inside ``expr``."""
    if isinstance(expr, sp.Basic) and expr.has(sp.Derivative, sp.Subs, sp.Limit):
        return expr.doit()
    return expr


def exactly_zero(diff: sp.Expr, *, thorough: bool = False) -> bool | None:
    """True if ``diff`` simplifies to 0, False if it is a nonzero number, None if unsure.

    The cheap rewrites (expand, cancel) always run; ``simplify`` only when ``thorough``
    and the expression is small, because on trigonometric expressions it can take seconds.
    """
    if diff == 0:
        return True
    if diff.is_number and not diff.free_symbols:
        value = diff.evalf(_DIGITS)
        if value.is_Number and abs(value) > 10 ** (-_DIGITS + 5):
            return False
    for rewrite in (sp.expand, sp.cancel):
        try:
            if rewrite(diff) == 0:
                return True
        except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
            pass
    if thorough and sp.count_ops(diff) <= SIMPLIFY_SIZE_LIMIT:
        try:
            if sp.simplify(diff) == 0:
                return True
        except (TypeError, ValueError, NotImplementedError):
            pass
    return None


def sample_points(symbols: Iterable[sp.Symbol], seed: int = 0, count: int = SAMPLE_POINTS):
    """Random real points: mostly in (0.1, 3), some in (-3, -0.1), reproducible by seed; the
    last quarter in (0.01, 0.5) and its negative, for functions real only near 0 (√(1 − 9x²))."""
    rng = random.Random(seed)
    for i in range(count):
        sign = -1 if i % 3 == 2 else 1
        low, high = (0.1, 3.0) if i < count * 3 // 4 else (0.01, 0.5)
        yield {s: (1 if s.is_nonnegative else sign) * sp.Float(round(rng.uniform(low, high), 6), _DIGITS)
               for s in symbols}


def numeric_value(expr: sp.Expr, point: dict) -> complex | None:
    """``expr`` at ``point`` as a complex number, or None where it is undefined."""
    return numeric_function(expr, tuple(point))(tuple(point.values()))


def numeric_function(expr: sp.Expr, symbols: tuple) -> Callable[[tuple], complex | None]:
    """A fast evaluator of ``expr`` at 30 digits (compiled with mpmath; evalf as fallback).

    The code is generated by SymPy's printer from an expression tree, never from user text.
    """
    try:
        compiled = sp.lambdify(symbols, expr, modules="mpmath")
    except Exception:  # noqa: BLE001 - functions lambdify cannot print: use evalf
        compiled = None

    def evaluate(values: tuple) -> complex | None:
        try:
            if compiled is not None:
                with mpmath.workdps(_DIGITS):
                    value = complex(compiled(*[mpmath.mpf(str(v)) for v in values]))
            else:
                value = complex(expr.evalf(_DIGITS, subs=dict(zip(symbols, values))))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError, NameError):
            return None
        if value != value or abs(value) == float("inf"):
            return None
        return value

    return evaluate


def _real_at(evaluate, values) -> bool:
    value = evaluate(values)
    return value is not None and _is_real(value)


def _is_real(value: complex) -> bool:
    return abs(value.imag) <= 1e-12 * max(1.0, abs(value.real))


def numerically_equal(a: sp.Expr, b: sp.Expr, *, seed: int = 0, domain: Iterable[sp.Expr] = ()) -> bool | None:
    """Compare at random real points where both sides are defined and real.

    False on a clear mismatch, True when enough points agree, None when too few points
    lie in the common real domain to tell.  (Points where either side is complex are
    outside the functions' real domain, where branch choices may legitimately differ.)
    """
    symbols = tuple(sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name))
    domain = [d for d in domain if isinstance(d, sp.Expr) and d.free_symbols <= set(symbols)]
    fa, fb = numeric_function(a, symbols), numeric_function(b, symbols)
    checks = [numeric_function(d, symbols) for d in domain]
    agreeing = 0
    complex_points = []
    for point in sample_points(symbols, seed):
        values = tuple(point.values())
        if not all(_real_at(check, values) for check in checks):
            complex_points.append(values)
            continue
        va, vb = fa(values), fb(values)
        if va is None or vb is None:
            continue
        if symbols and not (_is_real(va) and _is_real(vb)):
            complex_points.append(values)
            continue
        scale = max(1.0, abs(va), abs(vb))
        if abs(va - vb) > RELATIVE_TOLERANCE * scale:
            return False
        agreeing += 1
        if not symbols:
            return True
        if agreeing >= ENOUGH_POINTS:
            break
    if agreeing >= MIN_AGREEING_POINTS:
        return True
    if agreeing == 0 and len(complex_points) >= MIN_AGREEING_POINTS:
        return _complex_agreement(fa, fb, complex_points)
    return None


def _complex_agreement(fa, fb, points) -> bool | None:
    """For functions with no real values at all: compare the complex values (same branches)."""
    agreeing = 0
    for values in points:
        va, vb = fa(values), fb(values)
        if va is None or vb is None:
            continue
        if abs(va - vb) > RELATIVE_TOLERANCE * max(1.0, abs(va), abs(vb)):
            return None  # branch choices may differ off the real domain: no verdict
        agreeing += 1
    return True if agreeing >= MIN_AGREEING_POINTS else None


def step_holds(step: Step, domain: Iterable[Any] = ()) -> bool:
    """A step is sound when its ``before`` equals its ``after`` (when it states both)."""
    if step.before is None or step.after is None:
        return True
    return equivalent(step.before, step.after, domain=domain)


def failing_steps(steps: Iterable[Step], domain: Iterable[Any] = ()) -> list[Step]:
    """Every step in the trees under ``steps`` whose ``before`` differs from its ``after``."""
    domain = list(domain)
    return [s for top in steps for s in top.walk() if not step_holds(s, domain)]


@dataclass(frozen=True)
class Verdict:
    """The result of checking a derivation."""

    answer_ok: bool
    bad_steps: tuple[Step, ...]

    @property
    def ok(self) -> bool:
        return self.answer_ok and not self.bad_steps


def check_derivation(derivation: Derivation, reference: Any, *, reference_name: str,
                     domain: Iterable[Any] | None = None) -> Derivation:
    """Check the answer against ``reference`` and every step; record the outcome.

    ``domain`` defaults to the problem's expression: sample points must lie where it is real.
    """
    if domain is None:
        expr = derivation.problem.get("expr")
        domain = [expr] if isinstance(expr, sp.Expr) else []
    answer_ok = equivalent(derivation.answer, reference, domain=domain)
    bad = failing_steps(derivation.steps, domain)
    derivation.verified = answer_ok and not bad
    derivation.checks.append(
        f"answer {'agrees' if answer_ok else 'DISAGREES'} with {reference_name}"
    )
    total = sum(1 for _ in derivation.walk())
    derivation.checks.append(
        f"{total - len(bad)} of {total} steps check out" if bad else f"all {total} steps check out"
    )
    return derivation
