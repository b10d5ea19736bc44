"""Definite integrals inside probability derivations, explained by the integral engine.

Expectations, normalising constants and differential entropies of continuous
distributions are definite integrals.  ``integral_step`` evaluates one with SymPy and
asks symtutor's integral engine (``symtutor.engine.integrals``, issue 3) for its steps:
when the engine is importable and its derivation is verified and agrees with SymPy, its
steps become the sub-steps of the integral; otherwise the integral is an honest ``cas``
step (computed directly, not explained).  This module is the only place that knows how
to call the integral engine, so a change to its API is a change here only.
"""
from __future__ import annotations

import inspect
from functools import lru_cache
from importlib import import_module

import sympy as sp

from symtutor.errors import SymtutorError, UnsupportedError
from symtutor.steps import CAS_RULE, Step

_ENGINE_MODULES = ("symtutor.engine.integrals", "symtutor.engine.integration")
_ENGINE_FUNCTIONS = ("explain_definite_integral", "explain_integral")
ENGINE_SECONDS = 4.0  # the integral engine's time for one integral before the honest cas step
ENGINE_SECONDS_AFTER_TIMEOUT = 1.0  # once it has run out of time, later integrals get less
_timeouts = [0]


@lru_cache(maxsize=256)
def evaluate_integral(integrand, x, lower, upper):
    """The value of the definite integral, simplified; UnsupportedError without a closed form."""
    try:
        value = sp.integrate(integrand, (x, lower, upper), conds="none")
    except (NotImplementedError, ValueError, TypeError) as exc:
        raise UnsupportedError(f"cannot integrate {sp.sstr(integrand)} over [{lower}, {upper}]: {exc}") from None
    if value.has(sp.Integral) or value.has(sp.nan):
        raise UnsupportedError(f"the integral of {sp.sstr(integrand)} over [{sp.sstr(lower)}, {sp.sstr(upper)}] "
                               "has no closed form symtutor can find")
    return tidy(value)


def tidy(value):
    """A short exact form of ``value`` (simplify when it is small enough to be quick)."""
    if isinstance(value, sp.Float) or not isinstance(value, sp.Expr):
        return value
    candidates = [value]
    if sp.count_ops(value) < 60:
        for f in (sp.simplify, lambda e: sp.logcombine(sp.simplify(e), force=True), sp.expand_log):
            try:
                candidates.append(f(value))
            except (TypeError, ValueError, NotImplementedError, AttributeError):
                pass
    return min(candidates, key=lambda e: (sp.count_ops(e), len(sp.sstr(e))))


def integral_step(integrand, x, lower, upper, *, title: str = "Evaluate the integral",
                  value=None) -> Step:
    """One step: the definite integral -> its value, with the integral engine's steps when it has them."""
    integral = sp.Integral(integrand, (x, lower, upper))
    if value is None:
        value = evaluate_integral(integrand, x, lower, upper)
    explained = engine_steps(integrand, x, lower, upper, value)
    if explained is not None:
        return Step(rule="definite_integral", title=title, text="Integrate {f} from {a} to {b}.",
                    before=integral, after=value, substeps=explained,
                    math={"f": integrand, "a": lower, "b": upper})
    text = ("The integral engine has no explanation for this integral here; the computer algebra "
            "system evaluates it directly.")
    return Step(rule=CAS_RULE, title="Integral computed directly", text=text, before=integral, after=value)


def _find_engine():
    for module_name in _ENGINE_MODULES:
        try:
            module = import_module(module_name)
        except ImportError:
            continue
        for name in _ENGINE_FUNCTIONS:
            func = getattr(module, name, None)
            if callable(func):
                return func
    return None


def _call(func, integrand, x, lower, upper):
    """Call the engine with the keyword names it declares for the bounds."""
    params = inspect.signature(func).parameters
    for low, high in (("lower", "upper"), ("a", "b"), ("low", "high"), ("start", "end")):
        if low in params and high in params:
            return func(integrand, x, **{low: lower, high: upper})
    for name in ("bounds", "limits"):
        if name in params:
            return func(integrand, x, **{name: (lower, upper)})
    return None


def _bounded(func, *args):
    """``func(*args)`` under the integral engine's own short deadline (None when it runs out)."""
    try:
        from symtutor.engine.integration.deadline import attempt
    except ImportError:
        return func(*args)
    seconds = ENGINE_SECONDS_AFTER_TIMEOUT if _timeouts[0] else ENGINE_SECONDS
    missing = object()
    result = attempt(func, *args, seconds=seconds, default=missing)
    if result is missing:
        _timeouts[0] += 1
        return None
    return result


def gaussian(integrand, x) -> bool:
    """True for e^(quadratic in x) factors: no elementary antiderivative in general (erf), so
    the antiderivative-based engine is not asked (the integral is a cas step)."""
    for e in integrand.atoms(sp.exp):
        arg = e.args[0]
        if arg.has(x) and arg.is_polynomial(x) and sp.degree(arg, x) == 2:
            return True
    return False


_TRIED: dict = {}  # (integrand, x, lower, upper) -> steps or None, so a slow failure is paid once


def engine_steps(integrand, x, lower, upper, value) -> list[Step] | None:
    """The integral engine's verified steps for this definite integral, or None."""
    key = (integrand, x, lower, upper)
    if gaussian(integrand, x):
        return None
    if key not in _TRIED:
        _TRIED[key] = _engine_steps(integrand, x, lower, upper, value)
    return _TRIED[key]


def _engine_steps(integrand, x, lower, upper, value) -> list[Step] | None:
    func = _find_engine()
    if func is None:
        return None
    try:
        derivation = _bounded(_call, func, integrand, x, lower, upper)
    except (SymtutorError, NotImplementedError, ValueError, TypeError):
        return None
    if derivation is None or not getattr(derivation, "verified", False):
        return None
    from symtutor.verify import equivalent

    if not equivalent(derivation.answer, value):
        return None
    return list(derivation.steps)
