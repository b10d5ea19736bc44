"""Whole derivations for indefinite integrals: steps, tidy-up, "+ C", verification."""
from __future__ import annotations

import time

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.common import plain_symbols, real_symbols, rebuild
from symtutor.engine.integration.base import I, Context, NoMethod, attempt, cas_integral_step, map_step
from symtutor.engine.integration.strategy import integrate_step
from symtutor.errors import UnsupportedError
from symtutor.steps import Derivation, Step
from symtutor.verify import (equivalent, evaluate_derivatives, indefinite_integration_variable, numerically_equal,
                             symbols_by_name)

TIDY_SECONDS = 2.0


def constant_symbol(*exprs) -> sp.Symbol:
    """C, the constant of integration (K when C is already a variable of the problem)."""
    taken = {s.name for e in exprs for s in e.free_symbols}
    for name in ("C", "K", "C_1"):
        if name not in taken:
            return sp.Symbol(name)
    return sp.Symbol("C_0")


def antiderivative_steps(f, x, ctx: Context) -> tuple[list[Step], sp.Expr]:
    """The steps for ∫ f dx (real symbols) and the tidied antiderivative (no constant)."""
    try:
        main = integrate_step(f, x, ctx)
    except NoMethod:
        raise UnsupportedError(
            f"found no antiderivative of {plain_symbols(f)} in closed form (it may not have an elementary one); "
            f"for a number, give bounds with --from and --to") from None
    raw = main.after
    tidy = tidy_form(raw)
    steps = [main]
    if tidy != rebuild(raw) and str(tidy) != str(raw) and sp.count_ops(tidy) <= sp.count_ops(raw):
        steps.append(Step(rule="simplify", title="Simplify", text="Collect and simplify the result.",
                          before=raw, after=tidy))
    else:
        tidy = rebuild(raw)
    return steps, tidy


def tidy_form(raw):
    """The simplest of a few cheap equivalent forms of ``raw`` (simplify only on small ones)."""
    canonical = rebuild(raw)
    candidates = [canonical]
    tidiers = [sp.factor_terms, lambda e: sp.factor_terms(sp.expand(e))]
    if canonical.is_rational_function():
        tidiers += [sp.cancel, sp.factor]
    if sp.count_ops(canonical) <= 30:
        tidiers.append(sp.simplify)
    started = time.monotonic()
    for tidy in tidiers:
        left = TIDY_SECONDS - (time.monotonic() - started)
        if left <= 0.2:
            break  # tidying is cosmetic: a bounded total, not 1.5 s per attempt
        value = attempt(tidy, canonical, seconds=min(1.0, left))
        if value is not None and not value.has(sp.Integral):
            candidates.append(rebuild(value))
    return min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))


def quick_equivalent(a, b, domain=()) -> bool:
    """``verify.equivalent`` with the numerical comparison first.

    ``equivalent`` tries ``expand``/``cancel`` on a − b before sampling; on the derivative of
    a long partial-fraction answer that alone takes seconds.  Agreement at the random real
    points (30 digits) is what ``equivalent`` accepts anyway when the exact test is unsure,
    so a numerical agreement is taken at once; anything else gets the full, exact-first test.
    """
    try:
        a, b = as_sympy(a), as_sympy(b)
        domain = [as_sympy(d) for d in domain]
        unify = symbols_by_name(a, b, *domain)
        qa, qb, qdomain = a.xreplace(unify), b.xreplace(unify), [d.xreplace(unify) for d in domain]
        var = indefinite_integration_variable(qa, qb)
        if var is not None:
            qa, qb = sp.diff(qa, var), sp.diff(qb, var)
        qdomain += [d.expr for e in (qa, qb) for d in e.atoms(sp.Derivative)]
        qa, qb = evaluate_derivatives(qa), evaluate_derivatives(qb)
        if qa == qb or numerically_equal(qa, qb, domain=qdomain) is True:
            return True
    except Exception:  # noqa: BLE001 - the full test below decides
        pass
    return equivalent(a, b, domain=domain)


def quick_step_holds(step, domain) -> bool:
    if step.before is None or step.after is None:
        return True
    return quick_equivalent(step.before, step.after, domain)


def derivative_matches(answer, f, x) -> bool:
    """d/dx answer = f, at sampled real points or exactly."""
    return quick_equivalent(sp.diff(answer, x), f, domain=[f])


def steps_hold(steps, domain_exprs) -> list[Step]:
    """Steps whose before ≠ after; the domain expressions used are those the step can see."""
    bad = []
    for top in steps:
        for step in top.walk():
            symbols = set()
            for side in (step.before, step.after):
                if isinstance(side, sp.Basic):
                    symbols |= {s.name for s in side.free_symbols}
            domain = [d for d in domain_exprs if {s.name for s in d.free_symbols} <= symbols]
            if isinstance(step.before, sp.Integral):
                domain.append(step.before.function)  # ∫ g du = G(u) is claimed where g is real
            if not quick_step_holds(step, domain):
                bad.append(step)
    return bad


def explain_indefinite(expr, var, *, all_methods: bool = False, input_text: str = "") -> Derivation:
    """The derivation of ∫ expr d var = F + C, checked by differentiating F."""
    f, x = real_symbols(expr), real_symbols(var)
    x = sp.Symbol(var.name, real=True)
    ctx = Context(all_methods=all_methods)
    steps, F = antiderivative_steps(f, x, ctx)
    notes = []
    ok = derivative_matches(F, f, x)
    if not ok:
        # A rule went wrong: never show a wrong answer; let SymPy compute it directly.
        notes.append("symtutor's own steps did not check out here, so the integral was computed directly.")
        try:
            steps = [cas_integral_step(f, x, reason="the explained route failed its check")]
        except NoMethod:
            raise UnsupportedError(f"found no antiderivative of {expr} in closed form") from None
        F = steps[0].after
        ok = derivative_matches(F, f, x)
    C = constant_symbol(f)
    steps.append(Step(rule="constant_of_integration", title="Add the constant of integration",
                      text="Every antiderivative of {f} differs from this one by a constant, so add {C}.",
                      before=I(f, x), after=sp.Add(F, C, evaluate=False), math={"f": f, "C": C}))
    answer = sp.Add(F, C, evaluate=False)
    derivation = Derivation(task="integrate", input=input_text,
                            problem={"expr": expr, "var": var}, statement=sp.Integral(f, x),
                            steps=steps, answer=answer, notes=notes)
    derivation.checks.append(
        f"d/d{x.name} of the answer {'equals' if ok else 'DOES NOT equal'} the integrand")
    bad = steps_hold(steps, [f])
    total = sum(1 for _ in derivation.walk())
    derivation.checks.append(f"{total - len(bad)} of {total} steps check out" if bad else f"all {total} steps check out")
    derivation.verified = ok and not bad
    return to_plain(derivation)


def to_plain(derivation: Derivation) -> Derivation:
    """Plain (assumption-free) symbols everywhere, as the parser makes them, keeping
    expressions built with evaluate=False in their written form."""
    for step in derivation.steps:
        map_step(step, plain_as_written)
    derivation.statement = plain_as_written(derivation.statement)
    derivation.answer = plain_as_written(derivation.answer)
    return derivation


def plain_as_written(expr):
    """``plain_symbols`` without re-evaluating (and so reordering) the expression."""
    swap = {s: sp.Symbol(s.name) for s in expr.free_symbols
            if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy) and s != sp.Symbol(s.name)}
    if not swap:
        return expr

    def walk(e):
        if e in swap:
            return swap[e]
        if not e.args or not e.has(*swap):
            return e
        args = [walk(a) for a in e.args]
        try:
            written = e.func(*e.args) != e  # built with evaluate=False: keep it as written
        except Exception:  # noqa: BLE001
            written = False
        if not written:
            return e.func(*args)
        try:
            return e.func(*args, evaluate=False)
        except TypeError:
            return e.func(*args)

    try:
        return walk(expr)
    except Exception:  # noqa: BLE001 - fall back to the evaluating replacement
        return plain_symbols(expr)
