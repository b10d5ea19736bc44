"""Which step went wrong?  Wrong answers made by perturbing the reference derivation.

Each *mistake maker* looks at the reference derivation and produces the answer a
learner would get by making one classic mistake at one place — forgetting the inner
derivative of one chain rule, the sign of d/dx cos, the power rule off by one, the
product rule as a product of derivatives, the quotient rule's numerator reversed, the
missing 1/a in an integral of f(ax + b), the sign of the integral of sin, L'Hopital's
rule applied to a form that is not indeterminate, the logarithm base in an entropy.
A wrong answer is diagnosed only when it is *equivalent* to one of those answers
(and that answer is itself wrong); otherwise nothing is claimed.

For derivatives the mistake is made inside the step tree and the tree is put back
together with each rule's own composition (a table keyed by rule name), so a mistake
deep inside a chain of rules is carried through to the final answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import sympy as sp

from symtutor.steps import Step


@dataclass(frozen=True)
class Mistake:
    """A named mistake, the answer it leads to, and the sentence that explains it."""

    rule: str  # the rule that was misapplied (chain_rule, power_rule, lhopital, ...)
    answer: Any
    text: str  # one sentence with {placeholders}, as in Step.text
    math: dict = field(default_factory=dict)
    antiderivative: bool = False

    def sentence(self, show: Callable[[Any], str]) -> str:
        from symtutor.steps import fill_template

        return fill_template(self.text, self.math, show)


def diagnose(value: Any, derivation, command: str = "", *, seed: int = 0) -> Mistake | None:
    """The first mistake whose answer equals ``value`` exactly (up to equivalence), else None."""
    from symtutor.quiz.checking import problem_domain, reference_value

    reference = reference_value(derivation)
    domain = problem_domain(derivation)
    for mistake in mistakes(derivation, command):
        try:
            if _same(mistake, reference, derivation, domain, seed):
                continue  # this "mistake" gives the right answer here: it explains nothing
            if _same(mistake, value, derivation, domain, seed):
                return mistake
        except (TypeError, ValueError, AttributeError, NotImplementedError, ZeroDivisionError):
            continue
    return None


def _same(mistake: Mistake, value, derivation, domain, seed) -> bool:
    from symtutor.quiz.checking import same_answer, without_constant

    if not mistake.antiderivative:
        return same_answer(value, mistake.answer, domain=domain, seed=seed)
    if not isinstance(value, sp.Expr):
        return False
    from symtutor.verify import equivalent

    x = derivation.statement.limits[0][0]
    value, _ = without_constant(value, derivation)
    return equivalent(sp.diff(value, sp.Symbol(x.name)), sp.diff(mistake.answer, x), seed=seed, domain=domain)


def mistakes(derivation, command: str = "") -> Iterator[Mistake]:
    """Every classic-mistake answer for this derivation, one mistake at a time."""
    statement = derivation.statement
    if command == "diff" or isinstance(statement, (sp.Derivative, sp.Subs)):
        yield from derivative_mistakes(derivation)
    if isinstance(statement, sp.Integral):
        yield from integral_mistakes(statement)
    if isinstance(statement, sp.Limit):
        yield from limit_mistakes(statement)
    if command in ("entropy", "cross-entropy", "kl"):
        yield from log_base_mistakes(derivation)


# --- derivatives: perturb one step, recompose the tree ------------------------------------------


def _times(*factors):
    from symtutor.engine.derivatives import times

    return times(*factors)


def _plus(*terms):
    from symtutor.engine.derivatives import plus

    return plus(*terms)


def _minus(a, b):
    from symtutor.engine.derivatives import minus

    return minus(a, b)


def _compose_sum(step, subs):
    return _plus(*subs)


def _compose_constant_multiple(step, subs):
    return _times(step.math["c"], subs[0])


def _compose_product(step, subs):
    factors = list(step.before.expr.as_ordered_factors())
    if len(factors) != len(subs):
        raise _CannotRecompose
    return _plus(*[_times(*[subs[j] if j == i else g for j, g in enumerate(factors)]) for i in range(len(factors))])


def _compose_quotient(step, subs):
    u, v = step.math["u"].rhs, step.math["v"].rhs
    return sp.Mul(_minus(_times(subs[0], v), _times(u, subs[1])), sp.Pow(v, -2), evaluate=False)


def _compose_chain(step, subs):
    u, inner = step.math["u_def"].lhs, step.math["u_def"].rhs
    return _times(subs[0].xreplace({u: inner}), subs[1])


def _compose_log_diff(step, subs):
    return _times(step.math["f"], subs[0])


class _CannotRecompose(Exception):
    pass


# rule name -> how its ``after`` is built from its substeps' ``after``s
COMPOSE: dict[str, Callable[[Step, list], Any]] = {
    "sum_rule": _compose_sum,
    "constant_multiple_rule": _compose_constant_multiple,
    "product_rule": _compose_product,
    "quotient_rule": _compose_quotient,
    "chain_rule": _compose_chain,
    "logarithmic_differentiation": _compose_log_diff,
}


def recompose(step: Step, target: Step, replacement) -> Any:
    """``step.after`` rebuilt with ``target``'s result replaced by ``replacement``."""
    if step is target:
        return replacement
    if not step.substeps:
        return step.after
    if not any(s is target for s in step.walk()):
        return step.after
    compose = COMPOSE.get(step.rule)
    if compose is None:
        raise _CannotRecompose
    return compose(step, [recompose(s, target, replacement) for s in step.substeps])


def _local_mistakes(step: Step) -> Iterator[tuple[Any, str, str, dict]]:
    """(wrong local result, rule, sentence, math) for the classic slips at ``step``."""
    before = step.before
    if step.rule == "chain_rule" and len(step.substeps) == 2:
        u, inner = step.math["u_def"].lhs, step.math["u_def"].rhs
        outer_only = step.substeps[0].after.xreplace({u: inner})
        d_inner = step.substeps[1].after
        yield (outer_only, "chain_rule",
               "It looks like you forgot to multiply by the derivative of the inner function {inner} "
               "(chain rule): that derivative is {d_inner}.",
               {"inner": inner, "d_inner": _tidy(d_inner)})
    if step.rule == "trig_rule" and isinstance(before, sp.Derivative) and isinstance(before.expr, sp.cos):
        v = before.expr.args[0]
        yield (sp.sin(v), "trig_rule",
               "Check the sign: the derivative of cosine is minus sine, {rule}.",
               {"rule": sp.Eq(sp.Derivative(sp.cos(v), v), -sp.sin(v), evaluate=False)})
    if step.rule == "power_rule" and isinstance(before, sp.Derivative):
        f, x = before.expr, before.variables[0]
        n = f.exp
        rule_fact = sp.Eq(sp.Derivative(f, x), _times(n, x ** (n - 1)), evaluate=False)
        yield (_times(n, x ** n), "power_rule",
               "Power rule off by one: bring the exponent down and also lower it by one, {rule}.",
               {"rule": rule_fact})
        yield (_times(n, x ** (n + 1)), "power_rule",
               "Power rule off by one: the exponent goes down by one, not up, {rule}.",
               {"rule": rule_fact})
    if step.rule == "product_rule" and step.substeps:
        yield (_times(*[s.after for s in step.substeps]), "product_rule",
               "The derivative of a product is not the product of the derivatives; the product rule is "
               "(uv)' = u'v + uv': differentiate one factor at a time and add.", {})
    if step.rule == "quotient_rule" and len(step.substeps) == 2:
        u, v = step.math["u"].rhs, step.math["v"].rhs
        du, dv = step.substeps[0].after, step.substeps[1].after
        reversed_ = sp.Mul(_minus(_times(u, dv), _times(du, v)), sp.Pow(v, -2), evaluate=False)
        yield (reversed_, "quotient_rule",
               "The numerator of the quotient rule is the wrong way round: it is u'v - uv' (derivative of "
               "the top first), here {numerator}.",
               {"numerator": _minus(_times(_tidy(du), v), _times(u, _tidy(dv)))})


def derivative_mistakes(derivation) -> Iterator[Mistake]:
    steps = derivation.steps
    if not steps:
        return
    main = steps[0]
    evaluate = next((s for s in steps if s.rule == "evaluate_at_point"), None)
    point = dict(zip(evaluate.before.variables, evaluate.before.point)) if evaluate is not None and \
        isinstance(evaluate.before, sp.Subs) else None
    if main.rule == "higher_derivative":
        return  # one slip inside a higher derivative is not diagnosed (too many readings)
    for target in list(main.walk()):
        for wrong_local, rule, text, math in _local_mistakes(target):
            try:
                wrong = _rebuild(recompose(main, target, wrong_local))
            except (_CannotRecompose, KeyError, AttributeError, IndexError):
                continue
            if point:
                wrong = wrong.subs(point)
            yield Mistake(rule=rule, answer=wrong, text=text, math=math)


def _rebuild(expr):
    from symtutor.engine.common import rebuild

    return rebuild(expr)


def _tidy(expr):
    from symtutor.engine.common import best_form

    try:
        return best_form(expr)
    except Exception:  # noqa: BLE001 - display only
        return expr


# --- integrals: perturb one term of the integrand ------------------------------------------------


def _linear_inner(term, x) -> tuple[sp.Expr, sp.Expr] | None:
    """(a, a x + b) when ``term`` is a constant times one function of a x + b, a a number != +-1."""
    _, rest = term.as_independent(x, as_Add=False)
    if isinstance(rest, sp.Function) and len(rest.args) == 1:
        arg = rest.args[0]
    elif isinstance(rest, sp.Pow) and rest.base.is_number and rest.exp.has(x):
        arg = rest.exp
    elif isinstance(rest, sp.Pow) and not rest.exp.has(x):
        arg = rest.base
    else:
        return None
    if not arg.is_polynomial(x) or sp.degree(arg, x) != 1:
        return None
    a = sp.Poly(arg, x).coeff_monomial(x)
    if not a.is_number or a in (1, -1):
        return None
    return a, arg


def integral_mistakes(statement: sp.Integral) -> Iterator[Mistake]:
    if len(statement.limits) != 1:
        return
    f = statement.args[0]
    limit = statement.limits[0]
    x = limit[0]
    definite = len(limit) == 3
    terms = sp.Add.make_args(sp.expand(f)) if isinstance(f, sp.Add) else (f,)

    def answer_for(wrong_integrand):
        F = sp.integrate(wrong_integrand, x)
        if F.has(sp.Integral):
            raise NotImplementedError
        return F.subs(x, limit[2]) - F.subs(x, limit[1]) if definite else F

    for term in terms:
        linear = _linear_inner(term, x)
        if linear is not None:
            a, inner = linear
            yield Mistake(rule="linear_substitution", answer=answer_for(f - term + a * term),
                          text="It looks like you forgot to divide by {a}: with u = {inner}, du = {a} dx, so "
                               "dx = du/{a} and the antiderivative carries a factor 1/{a}.",
                          math={"a": a, "inner": inner}, antiderivative=not definite)
        if term.as_independent(x, as_Add=False)[1].func is sp.sin:
            v = sp.Symbol("u")
            yield Mistake(rule="sin_integral", answer=answer_for(f - 2 * term),
                          text="Check the sign: the integral of sine is minus cosine, {rule} + C.",
                          math={"rule": sp.Eq(sp.Integral(sp.sin(v), v), -sp.cos(v), evaluate=False)},
                          antiderivative=not definite)


# --- limits: L'Hopital's rule where it does not apply -------------------------------------------


def limit_mistakes(statement: sp.Limit) -> Iterator[Mistake]:
    expr, x, a = statement.args[0], statement.args[1], statement.args[2]
    if not a.is_finite:
        return
    num, den = sp.fraction(sp.together(expr))
    if not den.has(x):
        return
    p, q = sp.simplify(num.subs(x, a)), sp.simplify(den.subs(x, a))
    if not (p.is_finite and q.is_finite) or q == 0:
        return  # 0/0 or c/0: L'Hopital is either right or not the slip we name here
    dp, dq = sp.diff(num, x).subs(x, a), sp.diff(den, x).subs(x, a)
    if dq == 0 or not (dp.is_finite and dq.is_finite):
        return
    yield Mistake(rule="lhopital", answer=sp.simplify(dp / dq),
                  text="L'Hopital's rule does not apply here: at {point} the numerator is {p} and the denominator "
                       "is {q}, not 0/0 or infinity/infinity, so substitute directly.",
                  math={"point": sp.Eq(x, a, evaluate=False), "p": p, "q": q})


# --- entropy: the base of the logarithm --------------------------------------------------------


def log_base_mistakes(derivation) -> Iterator[Mistake]:
    from symtutor.quiz.checking import reference_value

    value = reference_value(derivation)
    if not isinstance(value, sp.Expr) or value == 0:
        return
    base = _log_base(derivation)
    if base == 2:
        yield Mistake(rule="log_base", answer=value * sp.log(2),
                      text="Your answer is in nats (natural logarithm); this problem measures in bits, "
                           "log base 2: divide by ln 2.", math={})
    elif base == sp.E:
        yield Mistake(rule="log_base", answer=value / sp.log(2),
                      text="Your answer is in bits (log base 2); this problem uses the natural logarithm "
                           "(nats): multiply by ln 2.", math={})


def _log_base(derivation):
    """The logarithm base the problem measures in (2 for bits, E for nats), if it says."""
    base = derivation.problem.get("base") if isinstance(derivation.problem, dict) else None
    if base is None:
        return None
    if str(base) in ("2", "bits"):
        return 2
    if base == sp.E or str(base) in ("e", "E", "nats"):
        return sp.E
    return None
