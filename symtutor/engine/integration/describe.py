"""Names for rewrites: say what a rewrite of the integrand does, not just "rewrite"."""
from __future__ import annotations

import sympy as sp

TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)
HYPERBOLIC = (sp.sinh, sp.cosh, sp.tanh, sp.coth, sp.sech, sp.csch)


def _same(a, b) -> bool:
    try:
        return sp.expand(a - b) == 0
    except Exception:  # noqa: BLE001 - comparison only
        return False


def describe_rewrite(f, g, x) -> tuple[str, str, str]:
    """(rule, title, sentence) for rewriting the integrand ``f`` as ``g``."""
    if f.atoms(*HYPERBOLIC) and not g.atoms(*HYPERBOLIC) and g.has(sp.exp):
        return ("hyperbolic_to_exponential", "Write hyperbolic functions with exponentials",
                "Use sinh t = (e^t - e^-t)/2 and cosh t = (e^t + e^-t)/2: {f} = {g}.")
    if f.atoms(*TRIG) and (f.atoms(*TRIG) != g.atoms(*TRIG) or not _same(sp.expand(f), sp.expand(g))):
        if not g.atoms(*TRIG) and g.has(sp.exp):
            return ("trig_to_exponential", "Write trigonometric functions with exponentials",
                    "Use Euler's formula: {f} = {g}.")
        return ("trig_identity", "Trigonometric identity", "Use a trigonometric identity: {f} = {g}.")
    if _is_rational(f, x) and _is_rational(g, x):
        if isinstance(g, sp.Add) and not f.is_polynomial(x) and _is_apart(f, g, x):
            return ("partial_fractions", "Partial fractions",
                    "Split the rational function into partial fractions: {f} = {g}.")
        if g == sp.expand(f):
            return ("expand_integrand", "Expand", "Multiply out the integrand: {f} = {g}.")
        if g == sp.cancel(f):
            return ("cancel_fraction", "Simplify the fraction", "Cancel common factors: {f} = {g}.")
    if g == sp.expand(f) or _same(g, sp.expand(f)) and isinstance(g, sp.Add) and not isinstance(f, sp.Add):
        return ("expand_integrand", "Expand", "Multiply out the integrand: {f} = {g}.")
    if isinstance(g, sp.Add) and not isinstance(f, sp.Add):
        return ("split_integrand", "Split into simpler terms", "Write the integrand as a sum: {f} = {g}.")
    if f.has(sp.exp) or any(isinstance(p, sp.Pow) and p.exp.has(x) for p in f.atoms(sp.Pow)):
        return ("exponent_laws", "Laws of exponents", "Use the laws of exponents: {f} = {g}.")
    if any(isinstance(p, sp.Pow) and not p.exp.is_Integer for p in f.atoms(sp.Pow)):
        return ("power_laws", "Write roots as powers", "Write the roots as powers: {f} = {g}.")
    return ("algebraic_rewrite", "Algebraic rewrite", "Write the integrand in an equivalent form: {f} = {g}.")


def _is_rational(e, x) -> bool:
    try:
        return bool(e.is_rational_function(x))
    except Exception:  # noqa: BLE001
        return False


def _is_apart(f, g, x) -> bool:
    try:
        return _same(sp.apart(f, x), g) or any(not t.is_polynomial(x) for t in sp.Add.make_args(g))
    except Exception:  # noqa: BLE001
        return False
