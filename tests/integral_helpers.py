"""What the integral tests share: the variable, the constant of integration, and reading a
derivation's steps and facts."""
import sympy as sp

x = sp.Symbol("x")
C = sp.Symbol("C")


def steps_named(derivation, rule):
    return [s for s in derivation.walk() if s.rule == rule]


def facts_of(step):
    return {str(f.lhs): f.rhs for f in step.facts if isinstance(f, sp.Eq)}
