"""The search for an antiderivative: methods tried in the order a teacher would.

``integrate_step(f, x, ctx)`` always returns a ``Step`` whose ``before`` is ∫ f dx and
whose ``after`` is an antiderivative (no constant), or raises ``NoMethod`` when not even
SymPy's ``integrate`` finds a closed form.  Finders return a ``Step`` or ``None``; the
first complete explanation wins, an explanation with ``cas`` pieces is kept as a fallback.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.integration import manual
from symtutor.engine.integration.base import (I, Context, NoMethod, attempt, cas_count, cas_integral_step, copy_step,
                                              eq, plus, times)
from symtutor.engine.integration.describe import describe_rewrite
from symtutor.engine.integration.rational import rational_integral
from symtutor.steps import Step


def integrate_step(f, x, ctx: Context | None = None) -> Step:
    """The step tree for ∫ f dx (see the module docstring)."""
    ctx = ctx or Context()
    f = as_sympy(f)
    key = (f, x)
    if key in ctx.solved:  # the same sub-integral again (parts, sums, rewrites): reuse it
        return copy_step(ctx.solved[key])
    if ctx.depth >= ctx.max_depth or key in ctx.in_progress or ctx.unsolved.get(key, ctx.max_depth + 1) <= ctx.depth:
        return cas_integral_step(f, x, seconds=_cas_seconds(ctx))
    ctx.in_progress.add(key)
    ctx.depth += 1
    try:
        step = _search(f, x, ctx)
    except NoMethod:
        ctx.unsolved[key] = min(ctx.depth - 1, ctx.unsolved.get(key, ctx.depth))
        raise
    finally:
        ctx.depth -= 1
        ctx.in_progress.discard(key)
    if step.complete:
        ctx.solved[key] = copy_step(step)
    else:
        ctx.unsolved[key] = min(ctx.depth, ctx.unsolved.get(key, ctx.depth))
    return step


def _cas_seconds(ctx) -> float:
    """SymPy's integrate as the last resort: the full allowance at the top, a short one inside
    (a sub-integral that needs it leaves the whole explanation incomplete anyway)."""
    return ctx.cas_seconds if ctx.depth == 0 else min(ctx.cas_seconds, 2.0)


def _search(f, x, ctx) -> Step:
    if ctx.all_methods and ctx.depth == 1:
        several = _all_methods(f, x, ctx)
        if several is not None:
            return several
    fallback = None
    for step in _attempts(FINDERS, f, x, ctx):
        if step.complete:
            return step
        if fallback is None or cas_count(step) < cas_count(fallback):
            fallback = step
    if fallback is not None:
        return fallback
    return cas_integral_step(f, x, seconds=_cas_seconds(ctx) if ctx.depth > 1 else ctx.cas_seconds)


def _method_key(step: Step):
    """Two methods are the same when they make the same first move (u = g(x), the same rule)."""
    return (str(step.facts[0]) if step.facts else step.rule), str(sp.expand(step.after))


def _all_methods(f, x, ctx) -> Step | None:
    """Every complete method among symtutor's and SymPy's (for --all-methods)."""
    methods: list[Step] = []
    for finder in (textbook_first, sympy_rules, own_methods, rational):
        try:
            step = finder(f, x, ctx)
        except Exception:  # noqa: BLE001 - a method that fails is just not listed
            continue
        if step is None or not step.complete:
            continue
        found = step.substeps if step.rule == "several_methods" else [step]
        for method in found:
            if all(_method_key(method) != _method_key(m) for m in methods):
                methods.append(method)
    if len(methods) < 2:
        return None
    for k, method in enumerate(methods, 1):
        heading = method.heading.split(": ", 1)[1] if method.heading.startswith("Method ") else method.heading
        method.title = f"Method {k}: {heading}"
    return Step(rule="several_methods", title="Several methods",
                text="{n} methods work here; each is shown. Their answers may differ by a constant.",
                before=I(f, x), after=methods[0].after, substeps=methods, math={"n": sp.Integer(len(methods))})


# --- finders -----------------------------------------------------------------------------


def constant_integrand(f, x, ctx):
    """∫ c dx -> c·x"""
    if f.has(x):
        return None
    return Step(rule="constant_rule", title="Constant rule",
                text="{f} does not depend on {x}; the integral of a constant c is c times {x}.",
                before=I(f, x), after=times(f, x), math={"f": f, "x": x})


def sum_of_terms(f, x, ctx):
    """∫ (f + g) dx -> ∫ f dx + ∫ g dx"""
    if not isinstance(f, sp.Add):
        return None
    terms = list(f.as_ordered_terms())
    subs = [integrate_step(t, x, ctx) for t in terms]
    return Step(rule="sum_rule", title="Sum rule", text="Integrate the {n} terms one by one.",
                before=I(f, x), after=plus(*[s.after for s in subs]), substeps=subs,
                math={"n": sp.Integer(len(terms))})


def constant_multiple(f, x, ctx):
    """∫ c·g(x) dx -> c·∫ g(x) dx"""
    if not isinstance(f, sp.Mul):
        return None
    c, g = f.as_independent(x, as_Add=False)
    if c == 1 or g == 1:
        return None
    sub = integrate_step(g, x, ctx)
    return Step(rule="constant_multiple", title="Constant multiple", text="Take the constant factor {c} outside.",
                before=I(f, x), after=times(c, sub.after), substeps=[sub], math={"c": c})


def rational(f, x, ctx):
    """Rational functions: division and partial fractions (before SymPy's slow rules)."""
    if f.is_polynomial(x):
        return None
    if f.is_rational_function(x):
        from symtutor.engine.integration.substitution import odd_rational_substitution

        step = odd_rational_substitution(f, x, ctx)
        if step is not None:
            return step
    return rational_integral(f, x, ctx)


def sympy_rules(f, x, ctx):
    """SymPy's manualintegrate rule tree, translated (under a short deadline)."""
    if (f, x) in ctx.manual_failed:
        return None
    rule = manual.manual_rule(f, x, ctx.manual_seconds)
    if rule is None or type(rule).__name__ == "DontKnowRule":
        ctx.manual_failed.add((f, x))
        return None
    if type(rule).__name__ == "RewriteRule" and manual.has_dont_know(rule) \
            and type(rule.substep).__name__ == "DontKnowRule":
        ctx.manual_failed.add((f, x))
        return None
    return manual.translate(rule, ctx)


_PREPARATIONS = (
    ("cancel", sp.cancel),
    ("expand", sp.expand),
    ("together", sp.together),
    ("powsimp", lambda e: sp.powsimp(sp.powdenest(e, force=True), force=True)),
    ("trigsimp", sp.trigsimp),
    ("sincos", lambda e: e.rewrite(sp.cos).rewrite(sp.sin) if e.atoms(sp.tan, sp.cot, sp.sec, sp.csc) else e),
    ("exp", lambda e: e.rewrite(sp.exp) if e.atoms(sp.sinh, sp.cosh, sp.tanh, sp.coth, sp.sech, sp.csch) else e),
    ("simplify", sp.simplify),
)


def algebraic_preparation(f, x, ctx):
    """Rewrite the integrand (expand, cancel, trig identities, …) and start again."""
    if ctx.depth > ctx.max_depth - 2:
        return None
    tried = {f}
    fallback = None
    for _name, prepare in _PREPARATIONS:
        g = attempt(prepare, f, seconds=2.0)
        if g is None or g in tried or g.has(sp.Integral) or not g.has(x):
            continue
        tried.add(g)
        if (g, x) in ctx.own_failed or not same_real_function(f, g, x):
            continue
        try:
            sub = integrate_step(g, x, ctx)
        except NoMethod:
            ctx.own_failed.add((g, x))
            continue
        name, title, text = describe_rewrite(f, g, x)
        step = Step(rule=name, title=title, text=text, before=I(f, x), after=sub.after, substeps=[sub],
                    facts=[eq(f, g)], math={"f": f, "g": g})
        if step.complete:
            return step
        fallback = fallback or step
    return fallback


def same_real_function(f, g, x) -> bool:
    """f and g agree wherever f is real (a rewrite must not lose part of the domain,
    as ln|x| -> ln x would)."""
    for point in (-2.31, -0.73, -0.19, 0.37, 1.13, 2.71):
        try:
            a = complex(sp.N(f.subs(x, point), 15))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if a != a or abs(a.imag) > 1e-9 * max(1.0, abs(a.real)) or abs(a) == float("inf"):
            continue
        try:
            b = complex(sp.N(g.subs(x, point), 15))
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if not abs(a - b) <= 1e-8 * max(1.0, abs(a)):
            return False
    return True


def _own_methods():
    from symtutor.engine.integration import substitution, trig
    from symtutor.engine.integration.binomial import binomial_differential

    return (*substitution.FINDERS, trig.trig_rational, trig.trig_substitution, binomial_differential)


def _attempts(finders, f, x, ctx):
    """The step of each method that applies, in order; a method that fails is skipped."""
    for finder in finders:
        try:
            step = finder(f, x, ctx)
        except (NoMethod, RecursionError):
            continue
        except Exception:  # noqa: BLE001 - a SymPy routine failed inside a method: try the next one
            continue
        if step is not None:
            yield step


def _run(finders, f, x, ctx):
    """The first complete step, else the first incomplete one."""
    fallback = None
    for step in _attempts(finders, f, x, ctx):
        if step.complete:
            return step
        fallback = fallback or step
    return fallback


def textbook_first(f, x, ctx):
    """Reduction formulas, product-to-sum and derivative-divides: the way a textbook does it."""
    from symtutor.engine.integration import substitution, trig

    finders = (trig.hyperbolic_squares_finder, trig.product_to_sum, trig.trig_power_reduction, trig.power_times_exp,
               trig.linearise_trig_powers)
    if not is_table_integrand(f, x):
        finders += substitution.EARLY
    return _run(finders, f, x, ctx)


_TABLE_FUNCTIONS = (sp.sin, sp.cos, sp.exp, sp.log, sp.tan, sp.cot, sp.sec, sp.csc, sp.sinh, sp.cosh, sp.tanh,
                    sp.asin, sp.acos, sp.atan)


def is_table_integrand(f, x) -> bool:
    """f(x) straight from the table of basic integrals (no substitution needed)."""
    if f == x or (isinstance(f, _TABLE_FUNCTIONS) and f.args[0] == x):
        return True
    if isinstance(f, sp.Pow):
        base, e = f.args
        if base == x and not e.has(x):
            return True
        if e == x and not base.has(x):
            return True
        if isinstance(base, (sp.sec, sp.csc, sp.sin, sp.cos)) and base.args[0] == x and e.is_Integer:
            return True
    return False


def _trig_denominator(f, x) -> bool:
    """A rational function of sin and cos whose denominator is a sum involving them
    (1/(2 + cos x), (1 + sin x)/(sin x (1 - cos x))): SymPy's rules are weak and slow there."""
    from symtutor.engine.integration.trig import TRIG, to_sin_cos

    if not f.atoms(*TRIG) or f.has(sp.exp, sp.log) or not f.is_rational_function(*f.atoms(*TRIG)):
        return False
    _num, den = sp.fraction(sp.together(to_sin_cos(f)))
    return any(isinstance(g.as_base_exp()[0], sp.Add) and g.has(sp.sin, sp.cos) for g in sp.Mul.make_args(den))


def trig_rational_early(f, x, ctx):
    """Bioche / Weierstrass first for rational functions of sin, cos with a sum in the denominator."""
    from symtutor.engine.integration import trig

    if not _trig_denominator(f, x):
        return None
    return trig.trig_rational(f, x, ctx)


def own_parts(f, x, ctx):
    """symtutor's integration by parts (LIATE; v and the remaining integral by the whole engine)."""
    from symtutor.engine.integration.parts import integration_by_parts

    return integration_by_parts(f, x, ctx)


def own_parts_early(f, x, ctx):
    """Our integration by parts before SymPy's rules where those are weak (see parts.py)."""
    from symtutor.engine.integration.parts import integration_by_parts, sympy_is_weak_here

    if not sympy_is_weak_here(f, x):
        return None
    return integration_by_parts(f, x, ctx)


def rationalising_early(f, x, ctx):
    """An algebraic integrand with one kind of root: u = the root makes it rational (before
    SymPy's rules, which can spend their whole allowance there)."""
    from symtutor.engine.integration.substitution import rationalising_substitution

    if not f.is_algebraic_expr(x) or f.is_rational_function(x) or _powers_of_the_variable(f, x):
        return None
    return rationalising_substitution(f, x, ctx)


def _powers_of_the_variable(f, x) -> bool:
    """f = Σ c·x^r (√x, x^(2/3) − 1/x): the power rule's, not a substitution's."""
    for term in sp.Add.make_args(sp.expand(f)):
        base, _e = term.as_independent(x, as_Add=False)[1].as_base_exp()
        if base != x:
            return False
    return True


def binomial_early(f, x, ctx):
    """Chebyshev's substitution for P(x)·(a + bxⁿ)ᵖ (SymPy's rules do not know it); square roots
    of a + bx² are left to the trigonometric substitution a course teaches for them."""
    from symtutor.engine.integration.binomial import binomial_differential, is_square_root_of_quadratic

    if is_square_root_of_quadratic(f, x):
        return None
    return binomial_differential(f, x, ctx)


def own_methods(f, x, ctx):
    """symtutor's own methods after SymPy's: rationalising roots, Bioche / Weierstrass."""
    return _run(_own_methods(), f, x, ctx)


FINDERS = (
    constant_integrand,
    sum_of_terms,
    constant_multiple,
    rational,
    own_parts_early,
    textbook_first,
    trig_rational_early,
    rationalising_early,
    binomial_early,
    sympy_rules,
    own_parts,
    own_methods,
    algebraic_preparation,
)
