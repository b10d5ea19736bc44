"""Integrals with steps: indefinite, definite and improper, explained and verified.

Modules (each one idea):

* ``strategy``     the search: methods tried in a teacher's order, ``integrate_step``
* ``manual``       SymPy's ``integral_steps`` rule tree translated into Steps (a table by rule class)
* ``rational``     polynomial division, partial fractions (coefficient equations), arctan, reduction
* ``trig``         product-to-sum, Bioche / Weierstrass substitutions, reduction formulas
* ``substitution`` derivative-divides, rationalising substitutions for roots
* ``describe``     naming rewrites by what they do
* ``explain``      whole indefinite derivations (+ C, verification)
* ``definite``     F(b) − F(a), discontinuities, improper integrals, numerical values
* ``deadline``     short internal deadlines for single attempts
"""
from __future__ import annotations

from symtutor.engine.integration.definite import explain_definite
from symtutor.engine.integration.explain import explain_indefinite
from symtutor.engine.integration.strategy import integrate_step

__all__ = ["explain_integral", "explain_indefinite", "explain_definite", "integrate_step"]


def explain_integral(expr, var, *, lower=None, upper=None, all_methods: bool = False, input_text: str = ""):
    """∫ expr d var (indefinite), or from ``lower`` to ``upper`` when both are given."""
    if lower is None and upper is None:
        return explain_indefinite(expr, var, all_methods=all_methods, input_text=input_text)
    return explain_definite(expr, var, lower, upper, all_methods=all_methods, input_text=input_text)
