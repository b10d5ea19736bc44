"""Small helpers every engine shares: symbol assumptions, re-evaluation, tidy forms."""
from __future__ import annotations

import sympy as sp
from sympy.functions.elementary.hyperbolic import HyperbolicFunction
from sympy.functions.elementary.trigonometric import InverseTrigonometricFunction, TrigonometricFunction


def as_sympy(value):
    """``value`` (a SymPy object or a Python number) as a SymPy object; never reads text.

    ``strict=True`` makes SymPy refuse strings: user text becomes SymPy only in
    ``symtutor.parsing``.
    """
    if value is None:
        return None
    if isinstance(value, list):
        return [as_sympy(v) for v in value]
    return sp.sympify(value, strict=True)  # safe: strict mode converts no strings


def real_symbols(expr):
    """``expr`` with every plain symbol replaced by a real symbol of the same name.

    The parser makes plain (complex) symbols; SymPy's calculus is cleaner on reals
    (d/dx |x| = sign(x), √(x²) = |x|).  ``plain_symbols`` undoes the substitution.
    """
    if not isinstance(expr, sp.Basic):
        return expr
    swap = {s: sp.Symbol(s.name, real=True) for s in expr.free_symbols
            if isinstance(s, sp.Symbol) and s.is_real is None}
    return expr.xreplace(swap) if swap else expr


def plain_symbols(expr):
    """``expr`` with every symbol replaced by the assumption-free symbol of its name."""
    if not isinstance(expr, sp.Basic):
        return expr
    swap = {s: sp.Symbol(s.name) for s in expr.free_symbols
            if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy) and s != sp.Symbol(s.name)}
    return expr.xreplace(swap) if swap else expr


def rebuild(expr):
    """Re-evaluate an expression built with ``evaluate=False``, bottom up."""
    if not isinstance(expr, sp.Basic) or not expr.args or isinstance(expr, (sp.Derivative, sp.Subs)):
        return expr
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(rebuild)
    return expr.func(*[rebuild(a) for a in expr.args])


SMALL = 30  # count_ops up to which simplification runs without a separate deadline
POLISH_SECONDS = 1.5


def _trig_factor(expr):
    return sp.factor(sp.trigsimp(expr))


# The candidate rewrites.  Not sp.simplify itself: it always imports sympy.physics.units
# (a third of SymPy's import time), which would dominate start-up for small problems.
TIDY_REWRITES = (sp.factor, sp.cancel, sp.expand, sp.together, sp.powsimp)
TRIG_REWRITES = (sp.trigsimp, _trig_factor)
_TRIG = (TrigonometricFunction, InverseTrigonometricFunction, HyperbolicFunction)


def has_trig_identity_material(expr) -> bool:
    """Trig identities need two trigonometric factors, or a power of one, to act on."""
    calls = [f for f in expr.atoms(sp.Function) if isinstance(f, _TRIG)]
    return len(calls) >= 2 or any(isinstance(p.base, _TRIG) for p in expr.atoms(sp.Pow))


def _tidy_forms(expr):
    forms = []
    rewrites = TIDY_REWRITES + (TRIG_REWRITES if has_trig_identity_material(expr) else ())
    for tidy in rewrites:
        try:
            forms.append(plain_symbols(tidy(real_symbols(expr))))
        except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
            continue
    return forms


def best_form(expr):
    """The simplest of a few equivalent forms of ``expr`` (fewest operations).

    Simplifying a large expression can take many seconds, so beyond a small size the
    attempt runs under its own short deadline and is skipped if it does not finish.
    """
    from symtutor.budget import try_within

    canonical = rebuild(expr)
    if sp.count_ops(canonical) <= SMALL:
        forms = _tidy_forms(canonical)
    else:
        forms = try_within(POLISH_SECONDS, _tidy_forms, canonical) or []
    return min([canonical, *forms], key=lambda e: (sp.count_ops(e), len(str(e))))
