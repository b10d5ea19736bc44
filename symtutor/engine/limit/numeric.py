"""Numerical evidence for a limit: the function's values at points approaching the point.

A value is trusted only when two working precisions agree on it, so cancellation
cannot pass itself off as convergence.  Points: ``a ± 10^-k`` near a finite point,
``±(10^k + 1/3)`` towards infinity, with ``k`` growing as long as each evaluation
stays cheap (an alarm cuts off a slow one).  These are evidence, not proofs: the engine
uses them to check a derivation's answer and to tell which side of 0 a quantity lies on.
"""
from __future__ import annotations

import math
import signal
import threading
import time
import types
from contextlib import contextmanager
from typing import Optional

import mpmath
import sympy as sp
from sympy.printing.pycode import MpmathPrinter

from symtutor.engine.common import as_sympy
from symtutor.functions import sigmoid

EVAL_SECONDS = 0.5  # one evaluation slower than this is dropped
_FINITE_KS = (3, 5, 8, 12, 18, 26, 40, 60, 90, 140)
_ZERO_KS = (3, 5, 8, 12, 20, 40, 80, 160, 400, 1000, 4000, 20000, 100000)
_INFINITE_KS = (1, 2, 3, 5, 8, 12, 20, 40, 80, 160, 400, 1000, 4000, 20000, 100000)


class _Slow(Exception):
    pass


@contextmanager
def _alarm(seconds: float):
    """Raise _Slow inside the block after ``seconds`` (main thread only; elsewhere no guard)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise _Slow()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- interval evaluation (mpmath.iv): guaranteed enclosures, so cancellation shows as width ---

_iv = mpmath.iv


def _monotone(name: str, increasing: bool = True):
    """An interval version of a monotone mpmath function: evaluate at the endpoints, widen a little."""
    func = getattr(mpmath, name)

    def interval(X):
        X = _iv.convert(X)
        with mpmath.workprec(_iv.prec + 20):
            lo, hi = func(mpmath.mpf(X.a)), func(mpmath.mpf(X.b))
            if isinstance(lo, mpmath.mpc) or isinstance(hi, mpmath.mpc):
                raise ValueError("complex value")
            if not increasing:
                lo, hi = hi, lo
            slack = mpmath.mpf(2) ** (-_iv.prec)
            return _iv.mpf([lo - abs(lo) * slack - slack * 1e-300, hi + abs(hi) * slack + slack * 1e-300])
    return interval


def _iv_cosh(X):
    return (_iv.exp(X) + _iv.exp(-X)) / 2


_IV_NAMES = ["exp", "log", "sin", "cos", "tan", "cot", "sec", "csc", "sqrt", "root", "power", "pi", "e",
             "mpf", "acot", "coth", "sech", "csch", "asec", "acsc", "fabs"]
_IV = types.SimpleNamespace(**{n: getattr(_iv, n) for n in _IV_NAMES})
for _name in ("atan", "asin", "atanh", "asinh", "acosh", "sinh", "tanh"):
    setattr(_IV, _name, _monotone(_name))
_IV.acos = _monotone("acos", increasing=False)
_IV.cosh = _iv_cosh


def _prepare(f: sp.Expr) -> sp.Expr:
    from symtutor.engine.common import rebuild

    f = rebuild(f)  # written (unevaluated) forms print ambiguously for lambdify
    return f.replace(lambda e: isinstance(e, sigmoid), lambda e: 1 / (1 + sp.exp(-e.args[0])))


def _functions(f: sp.Expr, x: sp.Symbol):
    """(interval function or None, plain mpmath function or None)."""
    f = _prepare(f)
    try:
        interval = sp.lambdify(x, f, modules=[{"mpmath": _IV}], printer=MpmathPrinter)
    except Exception:  # noqa: BLE001 - not translatable to intervals
        interval = None
    try:
        plain = sp.lambdify(x, f, modules="mpmath")
    except Exception:  # noqa: BLE001
        plain = None
    return interval, plain


def _point(a, side: str, k: int, ctx=mpmath):
    """The k-th point approaching ``a`` from ``side`` ('+' above, '-' below)."""
    if a is sp.oo:
        return ctx.mpf(10) ** k + ctx.mpf(1) / 3
    if a is sp.S.NegativeInfinity:
        return -(ctx.mpf(10) ** k + ctx.mpf(1) / 3)
    offset = ctx.mpf(10) ** (-k)
    if a == 0:
        return offset if side == "+" else -offset
    base = ctx.mpf(str(sp.N(a, ctx.dps + 20)))
    return base + offset if side == "+" else base - offset


def _schedule(a):
    if a in (sp.oo, sp.S.NegativeInfinity):
        return _INFINITE_KS
    return _ZERO_KS if a == 0 else _FINITE_KS


_WIDTH = mpmath.mpf(10) ** -20
_MAX_DPS = 1600


def _interval_value(func, a, side, k):
    """A value of ``func`` near the point, from an interval narrow enough to trust, or None."""
    dps = 30 + (k if a not in (sp.oo, sp.S.NegativeInfinity) and a != 0 else 0)
    while dps <= _MAX_DPS:
        saved = _iv.dps
        _iv.dps = dps
        try:
            value = _iv.convert(func(_point(a, side, k, _iv)))
        finally:
            _iv.dps = saved
        with mpmath.workdps(dps):
            lo, hi = mpmath.mpf(value.a), mpmath.mpf(value.b)
        if mpmath.isinf(lo) and mpmath.isinf(hi) and lo == hi:
            return lo
        if not (mpmath.isinf(lo) or mpmath.isinf(hi)):
            mid = (lo + hi) / 2
            if hi - lo <= _WIDTH * max(abs(mid), mpmath.mpf(10) ** -30):
                return mid
        if lo > 10 ** 30 or hi < -10 ** 30:  # certainly huge, with the sign known
            return lo if lo > 0 else hi
        dps *= 4
    return None


def _plain_value(func, a, side, k):
    """Two working precisions must agree (the fallback where intervals cannot be used)."""
    base = 3 * k + 60 if a not in (sp.oo, sp.S.NegativeInfinity) else k + 60
    if base > _MAX_DPS // 2:
        return None
    results = []
    for dps in (base, 2 * base):
        with mpmath.workdps(dps):
            value = mpmath.mpmathify(func(_point(a, side, k)))
            if isinstance(value, mpmath.mpc):
                if abs(value.imag) > abs(value.real) * mpmath.mpf(10) ** -20 + mpmath.mpf(10) ** -30:
                    return None
                value = value.real
            results.append(+value)
    low, high = results
    if mpmath.isnan(low) or mpmath.isnan(high):
        return None
    if mpmath.isinf(low) or mpmath.isinf(high):
        return high if low == high else None
    scale = max(abs(low), abs(high), mpmath.mpf(10) ** (-base // 2))
    return high if abs(low - high) <= scale * mpmath.mpf(10) ** -15 else None


_ERRORS = (NotImplementedError, ZeroDivisionError, ValueError, TypeError, OverflowError, ArithmeticError, AttributeError,
           NameError, RecursionError, AssertionError)


def approach(f: sp.Expr, x: sp.Symbol, a, side: str, *, budget: float = 4.0) -> list[tuple[int, object]]:
    """Trusted values of ``f`` at points approaching ``a`` from ``side``: [(k, value)], nearest last.

    Each value is a real mpf (or ±inf).  Interval arithmetic is tried first (its width
    exposes cancellation); where it cannot be used (complex intermediate values, say) two
    working precisions must agree.  Undefined points are left out.
    """
    a = as_sympy(a)
    if f.free_symbols - {x}:  # parameters: no numbers to compute
        return []
    interval, plain = _functions(f, x)
    values = []
    started = time.monotonic()
    for k in _schedule(a):
        if time.monotonic() - started > budget:
            break
        value = None
        try:
            with _alarm(EVAL_SECONDS):
                use_plain = interval is None
                if interval is not None:
                    try:
                        value = _interval_value(interval, a, side, k)
                    except _ERRORS:  # e.g. a complex intermediate value: intervals cannot say
                        use_plain = True
                if use_plain and plain is not None:
                    value = _plain_value(plain, a, side, k)
        except _Slow:
            break
        except _ERRORS:
            continue
        if value is None or mpmath.isnan(value):
            continue
        values.append((k, value))
    return values


def _as_mpf(value):
    with mpmath.workdps(60):
        return mpmath.mpmathify(sp.N(value, 60))


def supports(f: sp.Expr, x: sp.Symbol, a, side: str, value) -> Optional[bool]:
    """Do the values near the point approach ``value``?  True, False, or None (no clear evidence).

    Finite: the relative error at the nearest trusted point is below 1e-8, or below 1e-3
    and shrinking over the last three points.  ±oo: the last three values have that sign,
    grow in size, and the last exceeds 10^6.
    """
    value, a = as_sympy(value), as_sympy(a)
    values = approach(f, x, a, side)
    if len(values) < 3:
        return None
    ys = [v for _, v in values]
    if value in (sp.oo, sp.S.NegativeInfinity):
        sign = 1 if value is sp.oo else -1
        tail = [sign * y for y in ys[-3:]]
        if all(t > 0 for t in tail) and tail[0] <= tail[1] <= tail[2] and (tail[2] > 10**6 or mpmath.isinf(tail[2])):
            return True
        if len(ys) >= 4 and _diverges_slowly([sign * y for y in ys[-4:]]):
            return True
        return False if _settles(ys) else None
    if not value.is_number or not value.is_finite:
        return None
    target = _as_mpf(value)
    errors = [abs(y - target) / max(1, abs(target)) for y in ys]
    if errors[-1] < 1e-8:
        return True
    tail = errors[-3:]
    if errors[-1] < 1e-3 and tail[0] > tail[1] > tail[2]:
        return True
    if errors[-1] > 1e-3 and not (tail[0] > tail[1] > tail[2]):
        return False
    if _settles(ys) and errors[-1] > 1e-6:
        return False
    return None


def _diverges_slowly(tail) -> bool:
    """Increasing past 50 with increments that do not die out (logarithmic growth, say)."""
    steps = [b - a for a, b in zip(tail, tail[1:])]
    return tail[-1] > 50 and all(d > 0 for d in steps) and steps[-1] >= 0.5 * steps[-2]


def _settles(ys) -> bool:
    """The last values agree closely with one another (the sequence has converged)."""
    if len(ys) < 3 or any(mpmath.isinf(y) for y in ys[-3:]):
        return False
    a, b, c = ys[-3:]
    scale = max(1, abs(c))
    return abs(b - c) < 1e-10 * scale and abs(a - c) < 1e-8 * scale


def side_sign(g: sp.Expr, x: sp.Symbol, a, side: str) -> int:
    """The sign (+1 / -1) of ``g`` at points near ``a`` on ``side``; 0 when it is unclear or changes."""
    values = approach(g, x, as_sympy(a), side, budget=2.0)
    if len(values) < 2:
        return 0
    signs = {1 if v > 0 else -1 if v < 0 else 0 for _, v in values[-4:]}
    return signs.pop() if len(signs) == 1 else 0


def estimate(f: sp.Expr, x: sp.Symbol, a, side: str) -> Optional[float]:
    """The value at the nearest trusted point (as a float), or None: a hint, never an answer."""
    values = approach(f, x, a, side)
    if not values:
        return None
    value = values[-1][1]
    try:
        return float(value)
    except (OverflowError, ValueError):
        return math.copysign(math.inf, value)


def agree_near(u: sp.Expr, v: sp.Expr, x: sp.Symbol, a, side: str) -> Optional[bool]:
    """Are ``u`` and ``v`` equal at points near the point on ``side`` (where the limit looks)?"""
    a = as_sympy(a)
    try:
        fu = sp.lambdify(x, _prepare(u), modules="mpmath")
        fv = sp.lambdify(x, _prepare(v), modules="mpmath")
    except Exception:  # noqa: BLE001
        return None
    ks = (1, 2, 3, 5, 8) if a in (sp.oo, sp.S.NegativeInfinity) else (2, 3, 4, 6, 9)
    agreeing = 0
    for k in ks:
        try:
            with _alarm(EVAL_SECONDS), mpmath.workdps(60 + 2 * k):
                point = _point(a, side, k)
                p, q = mpmath.mpmathify(fu(point)), mpmath.mpmathify(fv(point))
        except (_Slow,) + _ERRORS:
            continue
        if mpmath.isnan(p) or mpmath.isnan(q) or mpmath.isinf(p) or mpmath.isinf(q):
            continue
        if abs(p - q) > mpmath.mpf(10) ** -25 * max(1, abs(p), abs(q)):
            return False
        agreeing += 1
    return True if agreeing >= 3 else None
