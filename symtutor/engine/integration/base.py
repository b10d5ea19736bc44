"""Shared pieces of the integration engine: notation helpers, the search context,
and the honest ``cas`` step."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import sympy as sp

from symtutor.engine.derivatives import minus, plus, times  # noqa: F401 - re-exported helpers
from symtutor.engine.integration.deadline import TooSlow, attempt
from symtutor.steps import CAS_RULE, Step

DX = sp.Symbol("dx")


def I(f, x):  # noqa: E743 - the integral sign
    """The unevaluated indefinite integral of ``f`` with respect to ``x``."""
    return sp.Integral(f, x)


def differential(var: sp.Symbol) -> sp.Symbol:
    """The symbol ``d<var>`` (dx, du, dθ) used in facts such as du = 2x dx."""
    return sp.Symbol("d" + var.name)


def eq(a, b):
    """The equation a = b as written (not evaluated)."""
    return sp.Eq(a, b, evaluate=False)


def derivative(g, x):
    """g'(x) as a textbook writes it: d/dx ln|a| = a'/a, not a'·sign(a)/|a| (equal for real a ≠ 0)."""
    d = sp.diff(g, x)
    for s in d.atoms(sp.sign):
        d = d.subs(s / sp.Abs(s.args[0]), 1 / s.args[0])
    return d


def differential_fact(u: sp.Symbol, g, x: sp.Symbol):
    """du = g'(x) dx."""
    return eq(differential(u), times(derivative(g, x), differential(x)))


def fresh(name: str, *exprs, real: bool = True) -> sp.Symbol:
    """A symbol named ``name`` (or the next free name) that does not occur in ``exprs``."""
    taken = {s.name for e in exprs if isinstance(e, sp.Basic) for s in e.free_symbols}
    for candidate in (name, name + "_1", name + "_2", "w", "v", "s"):
        if candidate not in taken:
            return sp.Symbol(candidate, real=True) if real else sp.Symbol(candidate)
    return sp.Dummy(name)


def log_abs(arg):
    """ln|arg|, or ln(arg) when ``arg`` is known to be positive."""
    if arg.is_positive:
        return sp.log(arg)
    return sp.log(sp.Abs(arg))


class NoMethod(Exception):
    """No method (not even SymPy's integrate) found an antiderivative in closed form."""


@dataclass
class Context:
    """What one search for an antiderivative knows: options and what already failed."""

    all_methods: bool = False
    depth: int = 0
    max_depth: int = 8
    manual_seconds: float = 4.0
    cas_seconds: float = 8.0
    manual_failed: set = field(default_factory=set)
    own_failed: set = field(default_factory=set)
    in_progress: set = field(default_factory=set)
    solved: dict = field(default_factory=dict)  # (f, x) -> complete Step: repeated sub-integrals
    unsolved: dict = field(default_factory=dict)  # (f, x) -> shallowest depth at which the search failed

    def deeper(self) -> "Context":
        self.depth += 1
        return self


def cas_integral_step(f, x, *, seconds: float = 8.0, reason: str = "") -> Step:
    """∫ f dx computed by SymPy's integrate: an honest, unexplained jump (rule ``cas``)."""
    result = attempt(sp.integrate, f, x, seconds=seconds)
    if result is None or result.has(sp.Integral):
        raise NoMethod(f"no antiderivative of {f} in closed form")
    if result.has(sp.hyper, sp.meijerg, sp.exp_polar):
        # Hypergeometric forms are not a calculus-course closed form, and the checks
        # cannot evaluate them reliably on the real line.
        raise NoMethod(f"no elementary antiderivative of {f} found")
    text = ("symtutor has no rule that explains this integral" + (f" ({reason})" if reason else "")
            + "; the computer algebra system computes it directly.")
    return Step(rule=CAS_RULE, title="Computed directly", text=text, before=I(f, x), after=result)


def replace_in_step(step: Step, mapping: dict) -> Step:
    """``step`` and its sub-steps with symbols replaced (SymPy's dummies by named symbols)."""
    def swap(value: Any) -> Any:
        if isinstance(value, sp.Equality):  # a stated identity stays an equation, never True
            return sp.Eq(value.lhs.xreplace(mapping), value.rhs.xreplace(mapping), evaluate=False)
        if isinstance(value, sp.Basic):
            return value.xreplace(mapping)
        return value

    step.before, step.after = swap(step.before), swap(step.after)
    step.math = {k: swap(v) for k, v in step.math.items()}
    step.facts = [swap(f) for f in step.facts]
    for sub in step.substeps:
        replace_in_step(sub, mapping)
    return step


def map_step(step: Step, func: Callable[[Any], Any]) -> Step:
    """Apply ``func`` to every expression of the tree (in place) and return the step."""
    def apply(value):
        return func(value) if isinstance(value, sp.Basic) else value

    step.before, step.after = apply(step.before), apply(step.after)
    step.math = {k: apply(v) for k, v in step.math.items()}
    step.facts = [apply(f) for f in step.facts]
    for sub in step.substeps:
        map_step(sub, func)
    return step


def copy_step(step: Step) -> Step:
    """A copy of the step tree (nodes and lists copied, SymPy expressions shared: they are
    immutable), so that a cached sub-derivation can be retitled or renamed in one place."""
    return Step(rule=step.rule, text=step.text, title=step.title, before=step.before, after=step.after,
                substeps=[copy_step(s) for s in step.substeps], math=dict(step.math), facts=list(step.facts))


def count_steps(step: Step) -> int:
    return sum(1 for _ in step.walk())


def cas_count(step: Step) -> int:
    return sum(1 for s in step.walk() if s.rule == CAS_RULE)


Finder = Callable[[sp.Expr, sp.Symbol, Context], Optional[Step]]

__all__ = ["I", "DX", "differential", "eq", "differential_fact", "fresh", "log_abs", "NoMethod", "Context",
           "cas_integral_step", "copy_step", "replace_in_step", "map_step", "count_steps", "cas_count", "Finder",
           "times", "plus", "minus", "TooSlow", "attempt"]
