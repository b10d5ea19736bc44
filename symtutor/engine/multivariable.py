"""Gradient, Jacobian and Hessian with steps.

Every entry is a partial derivative backed by the derivative engine's own step tree
(``derivatives.derive``): compact by default (the entry names the rule it used), the
whole sub-derivation with ``detail=True``.  An entry whose derivation needs a ``cas``
step always keeps its sub-steps, so that the jump stays visible.
"""
from __future__ import annotations

from typing import Iterable

import sympy as sp

from symtutor.engine.common import best_form, plain_symbols, real_symbols, rebuild
from symtutor.engine.derivatives import derive
from symtutor.engine.linalg import failing_matrix_steps, record_step_checks
from symtutor.errors import UsageError
from symtutor.steps import Derivation, Step

MAX_VARIABLES = 10
_SIMPLIFY_SIZE_LIMIT = 24  # count_ops above which only cheap tidying is tried (a Hessian has n^2 entries)
_TIDY_SIZE_LIMIT = 150  # above this a partial derivative is only re-evaluated


def tidy_derivative(raw):
    """The simplest form of a rule's raw result: full simplification for small results,
    cheap rewrites (collect common factors) for medium ones, re-evaluation for large ones."""
    canonical = rebuild(raw)
    ops = sp.count_ops(canonical)
    if ops <= _SIMPLIFY_SIZE_LIMIT:
        return best_form(raw)
    if ops > _TIDY_SIZE_LIMIT:
        return canonical
    candidates = [canonical]
    for tidy in (sp.factor_terms, sp.expand):
        try:
            candidates.append(tidy(canonical))
        except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
            continue
    return min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))


def partial_step(f, x, *, detail: bool = False, several: bool = True) -> Step:
    """The step for the partial derivative of ``f`` with respect to ``x``."""
    main = derive(f, x)
    value = tidy_derivative(main.after)
    substeps = [main]
    if value != main.after:
        substeps.append(Step(rule="simplify", title="Simplify", text="Collect and simplify the result.",
                             before=main.after, after=value))
    if not f.has(x):
        text = "{f} does not depend on {x}, so this partial derivative is 0."
    elif several:
        text = f"Hold the other variables constant and differentiate with respect to {{x}} ({main.heading.lower()})."
    else:
        text = f"Differentiate with respect to {{x}} ({main.heading.lower()})."
    keep = (detail or not main.complete) and f.has(x)
    return Step(rule="partial_derivative", title="Partial derivative", text=text, before=sp.Derivative(f, x),
                after=value, substeps=substeps if keep else [], math={"f": f, "x": x})


def check_variables(variables: list[sp.Symbol]) -> list[sp.Symbol]:
    if not variables:
        raise UsageError("the function has no variables; name them with --vars, e.g. --vars x,y")
    if len(variables) > MAX_VARIABLES:
        raise UsageError(f"{len(variables)} variables is more than symtutor explains (at most {MAX_VARIABLES})")
    if len(set(variables)) != len(variables):
        raise UsageError("--vars names a variable twice")
    return variables


def _names(variables) -> sp.Tuple:
    return sp.Tuple(*variables)


# --- the pieces --------------------------------------------------------------------------


def gradient_step(f, variables, *, detail: bool = False) -> Step:
    """The gradient: one partial derivative per variable, collected in a column."""
    entries = [partial_step(f, v, detail=detail, several=len(variables) > 1) for v in variables]
    text = ("The gradient collects the partial derivatives with respect to {vars}, "
            "each taken with the other variables held constant.")
    return Step(rule="gradient", title="Gradient", text=text,
                before=sp.ImmutableMatrix([sp.Derivative(f, v) for v in variables]),
                after=sp.ImmutableMatrix([e.after for e in entries]), substeps=entries,
                math={"vars": _names(variables)})


def jacobian_steps(components, variables, *, detail: bool = False) -> list[Step]:
    """One step per row: row i holds the partial derivatives of component i."""
    steps = []
    for i, g in enumerate(components, 1):
        entries = [partial_step(g, v, detail=detail, several=len(variables) > 1) for v in variables]
        text = (f"Row {i} of the Jacobian holds the partial derivatives of the component "
                f"f_{i} = {{g}} with respect to {{vars}}.")
        steps.append(Step(rule="jacobian_row", title=f"Row {i}", text=text,
                          before=sp.ImmutableMatrix([[sp.Derivative(g, v) for v in variables]]),
                          after=sp.ImmutableMatrix([[e.after for e in entries]]), substeps=entries,
                          math={"g": g, "vars": _names(variables)}))
    return steps


def hessian_steps(f, variables, *, detail: bool = False) -> tuple[list[Step], sp.ImmutableMatrix]:
    """First partials, then each row of second partials, then the symmetry of the mixed ones."""
    n = len(variables)
    first = gradient_step(f, variables, detail=detail)
    first.title, first.rule = "First partial derivatives", "first_partials"
    steps = [first]
    rows = []
    for i, (v, g) in enumerate(zip(variables, first.after), 1):
        entries = [partial_step(g, w, detail=detail, several=n > 1) for w in variables]
        rows.append([e.after for e in entries])
        text = f"Row {i}: differentiate the first partial {{fv}} = {{g}} with respect to {{vars}}."
        steps.append(Step(rule="hessian_row", title=f"Second partials, row {i}", text=text,
                          before=sp.ImmutableMatrix([[sp.Derivative(g, w) for w in variables]]),
                          after=sp.ImmutableMatrix([[e.after for e in entries]]), substeps=entries,
                          math={"fv": sp.Derivative(f, v), "g": g, "vars": _names(variables)}))
    H = sp.ImmutableMatrix(rows)
    if n > 1:
        steps.append(symmetry_step(f, variables, H))
    return steps, H


def symmetry_step(f, variables, H) -> Step:
    """The mixed partials computed both ways agree (Schwarz / Clairaut): H is symmetric."""
    from symtutor.engine.linalg import is_zero

    facts, agree = [], True
    n = len(variables)
    for i in range(n):
        for j in range(i + 1, n):
            facts.append(sp.Eq(sp.Derivative(f, variables[i], variables[j]), H[i, j], evaluate=False))
            facts.append(sp.Eq(sp.Derivative(f, variables[j], variables[i]), H[j, i], evaluate=False))
            agree = agree and is_zero(H[i, j] - H[j, i])
    if agree:
        text = ("Each mixed partial came out the same in both orders, as Schwarz's (Clairaut's) theorem "
                "promises when the second partials are continuous, so the Hessian is symmetric.")
    else:
        text = ("The mixed partials differ in the two orders: the second partials are not continuous "
                "everywhere, so the Hessian is not symmetric here.")
    return Step(rule="mixed_partials", title="Symmetry of mixed partials", text=text, facts=facts)


def evaluate_step(value, statement, at: dict) -> tuple[Step, sp.ImmutableMatrix, sp.ImmutableMatrix]:
    """Substitute a point into a matrix of derivatives (entrywise ``Subs``, so it is checkable)."""
    olds, news = tuple(at), tuple(at.values())
    before = value.applyfunc(lambda e: sp.Subs(e, olds, news))
    after = sp.ImmutableMatrix(value.subs(at).applyfunc(lambda e: best_form(e)))
    point = [sp.Eq(k, v, evaluate=False) for k, v in at.items()]
    step = Step(rule="evaluate_at_point", title="Evaluate at the point", text="Substitute {point}.",
                before=before, after=after, math={"point": point[0] if len(point) == 1 else sp.Tuple(*point)})
    return step, statement.applyfunc(lambda e: sp.Subs(e, olds, news)), after


# --- whole derivations ---------------------------------------------------------------------


def _finish(derivation: Derivation, reference, reference_name: str, domain: Iterable) -> Derivation:
    from symtutor.verify import equivalent

    domain = list(domain)
    answer_ok = equivalent(derivation.answer, reference, domain=domain)
    derivation.checks.append(f"answer {'agrees' if answer_ok else 'DISAGREES'} with {reference_name}")
    bad = failing_matrix_steps(derivation.steps, domain)
    record_step_checks(derivation, bad)
    derivation.verified = answer_ok and not bad
    return derivation


def _with_point(steps, answer, statement, reference, at):
    if not at:
        return answer, statement, reference
    step, statement, answer = evaluate_step(answer, statement, at)
    steps.append(step)
    return answer, statement, sp.ImmutableMatrix(reference.subs(at))


def _real(variables):
    return [real_symbols(v) for v in variables]


def explain_gradient(f, variables, *, at: dict | None = None, detail: bool = False,
                     input_text: str = "") -> Derivation:
    """The gradient of ``f`` with every partial derivative explained, checked against SymPy."""
    variables = check_variables(list(variables))
    step = gradient_step(f, variables, detail=detail)
    steps = [step]
    reference = sp.ImmutableMatrix([plain_symbols(sp.diff(real_symbols(f), v)) for v in _real(variables)])
    answer, statement, reference = _with_point(steps, step.after, step.before, reference, at or {})
    derivation = Derivation(task="gradient", input=input_text,
                            problem={"expr": f, "vars": sp.Tuple(*variables), "at": at or {}},
                            statement=statement, steps=steps, answer=answer)
    return _finish(derivation, reference, "SymPy's diff", [f])


def explain_jacobian(components, variables, *, at: dict | None = None, detail: bool = False,
                     input_text: str = "") -> Derivation:
    """The Jacobian of the vector function ``components``, checked against SymPy's jacobian."""
    variables = check_variables(list(variables))
    components = list(components)
    if not components:
        raise UsageError("the vector function is empty; give components like [x*y, x + y]")
    if len(components) > 10:
        raise UsageError(f"{len(components)} components is more than symtutor explains (at most 10)")
    steps = jacobian_steps(components, variables, detail=detail)
    answer = sp.ImmutableMatrix.vstack(*[s.after for s in steps])
    statement = sp.ImmutableMatrix([[sp.Derivative(g, v) for v in variables] for g in components])
    reference = plain_symbols(sp.ImmutableMatrix(
        sp.Matrix([real_symbols(g) for g in components]).jacobian(_real(variables))))
    answer, statement, reference = _with_point(steps, answer, statement, reference, at or {})
    derivation = Derivation(task="jacobian", input=input_text,
                            problem={"components": sp.Tuple(*components), "vars": sp.Tuple(*variables),
                                     "at": at or {}},
                            statement=statement, steps=steps, answer=answer)
    return _finish(derivation, reference, "SymPy's jacobian", components)


def explain_hessian(f, variables, *, at: dict | None = None, detail: bool = False,
                    input_text: str = "") -> Derivation:
    """The Hessian of ``f``: second partials from the first, symmetry noted, checked against SymPy."""
    variables = check_variables(list(variables))
    steps, H = hessian_steps(f, variables, detail=detail)
    statement = sp.ImmutableMatrix([[sp.Derivative(f, v, w) for w in variables] for v in variables])
    reference = plain_symbols(sp.ImmutableMatrix(sp.hessian(real_symbols(f), _real(variables))))
    answer, statement, reference = _with_point(steps, H, statement, reference, at or {})
    derivation = Derivation(task="hessian", input=input_text,
                            problem={"expr": f, "vars": sp.Tuple(*variables), "at": at or {}},
                            statement=statement, steps=steps, answer=answer)
    return _finish(derivation, reference, "SymPy's hessian", [f])
