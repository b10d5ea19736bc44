"""Derivatives with steps: every rule a calculus course names, applied recursively.

``derive(f, x)`` returns one ``Step`` whose ``before`` is the unevaluated derivative
d/dx f and whose ``after`` is the result written the way the rule produces it.
Rule finders are tried in the order a teacher would; each returns a ``Step`` or
``None``; a function the rules do not cover becomes an honest ``cas`` step.
"""
from __future__ import annotations

from typing import Callable, Optional

import sympy as sp

from symtutor.engine.common import best_form, plain_symbols, rebuild, real_symbols
from symtutor.functions import sigmoid
from symtutor.steps import CAS_RULE, Derivation, Step

Finder = Callable[[sp.Expr, sp.Symbol], Optional[Step]]


def D(f, x, n=1):
    """The unevaluated derivative d^n/dx^n f, for display and verification."""
    return sp.Derivative(f, (x, n)) if n != 1 else sp.Derivative(f, x)


def times(*factors):
    """A product written as given (not reordered), dropping factors equal to 1."""
    kept = [f for f in factors if f != 1]
    if not kept:
        return sp.S.One
    if len(kept) == 1:
        return kept[0]
    return sp.Mul(*kept, evaluate=False)


def plus(*terms):
    """A sum written as given, dropping zero terms."""
    kept = [t for t in terms if t != 0]
    if not kept:
        return sp.S.Zero
    if len(kept) == 1:
        return kept[0]
    return sp.Add(*kept, evaluate=False)


def minus(a, b):
    """a − b written as such (not reordered)."""
    if b == 0:
        return a
    return plus(a, sp.Mul(sp.S.NegativeOne, b, evaluate=False))


def fresh_symbol(name: str, *exprs) -> sp.Symbol:
    """A symbol called ``name`` (or name with primes) not already used in ``exprs``."""
    taken = {s.name for e in exprs for s in e.free_symbols}
    for candidate in (name, "v", "w", "t", name + "_1"):
        if candidate not in taken:
            return sp.Symbol(candidate)
    return sp.Dummy(name)


# --- the rules --------------------------------------------------------------------------


def constant_rule(f, x):
    """d/dx c -> 0 when c does not depend on x."""
    if f.has(x):
        return None
    text = "{f} does not depend on {x}, so its derivative is 0."
    return Step(rule="constant_rule", title="Constant rule", text=text,
                before=D(f, x), after=sp.S.Zero, math={"f": f, "x": x})


def identity_rule(f, x):
    """d/dx x -> 1"""
    if f != x:
        return None
    return Step(rule="identity_rule", title="Identity rule", text="The derivative of {x} with respect to itself is 1.",
                before=D(x, x), after=sp.S.One, math={"x": x})


def sum_rule(f, x):
    """d/dx (u + v) -> du/dx + dv/dx"""
    if not isinstance(f, sp.Add):
        return None
    terms = list(f.as_ordered_terms())
    subs = [derive(t, x) for t in terms]
    text = "Differentiate the {n} terms one by one: the derivative of a sum is the sum of the derivatives."
    return Step(rule="sum_rule", title="Sum rule", text=text, before=D(f, x),
                after=plus(*[s.after for s in subs]), substeps=subs, math={"n": sp.Integer(len(terms))})


def constant_multiple_rule(f, x):
    """d/dx (c·u) -> c·du/dx"""
    if not isinstance(f, sp.Mul):
        return None
    c, rest = f.as_independent(x, as_Add=False)
    if c == 1 or rest == 1:
        return None
    inner = derive(rest, x)
    text = "The constant factor {c} stays; differentiate {u}."
    return Step(rule="constant_multiple_rule", title="Constant multiple rule", text=text,
                before=D(f, x), after=times(c, inner.after), substeps=[inner],
                math={"c": c, "u": rest})


def _denominator_factors(f, x):
    """Split a product into (numerator, denominator) using only negative numeric powers."""
    num, den = [], []
    for factor in f.args:
        base, exp = factor.as_base_exp()
        if isinstance(factor, sp.Pow) and exp.is_Number and exp.is_negative and base.has(x):
            den.append(base ** (-exp))
        else:
            num.append(factor)
    return sp.Mul(*num), sp.Mul(*den)


def quotient_rule(f, x):
    """d/dx (u/v) -> (du/dx·v − u·dv/dx) / v²"""
    if not isinstance(f, sp.Mul):
        return None
    u, v = _denominator_factors(f, x)
    if v == 1 or not u.has(x):
        return None
    du, dv = derive(u, x), derive(v, x)
    after = sp.Mul(minus(times(du.after, v), times(u, dv.after)), sp.Pow(v, -2), evaluate=False)
    U, V = sp.Dummy("u"), sp.Dummy("v")
    rule = sp.Mul(minus(times(D(U, x), V), times(U, D(V, x))), sp.Pow(V, -2), evaluate=False)
    fact = sp.Eq(D(U / V, x), rule, evaluate=False)
    text = "{f} is a quotient u/v with {u} and {v}."
    return Step(rule="quotient_rule", title="Quotient rule", text=text, before=D(f, x), after=after,
                substeps=[du, dv], facts=[fact],
                math={"f": f, "u": sp.Eq(U, u, evaluate=False), "v": sp.Eq(V, v, evaluate=False)})


def product_rule(f, x):
    """d/dx (u·v·w) -> u'·v·w + u·v'·w + u·v·w'"""
    if not isinstance(f, sp.Mul):
        return None
    factors = list(f.as_ordered_factors())
    subs = [derive(g, x) for g in factors]
    terms = [times(*[subs[j].after if j == i else g for j, g in enumerate(factors)])
             for i in range(len(factors))]
    U, V = sp.Dummy("u"), sp.Dummy("v")
    fact = sp.Eq(D(U * V, x), plus(times(D(U, x), V), times(U, D(V, x))), evaluate=False)
    text = ("{f} is a product of {n} factors: differentiate one factor at a time, "
            "keep the others, and add the results.")
    return Step(rule="product_rule", title="Product rule", text=text, before=D(f, x), after=plus(*terms),
                substeps=subs, facts=[fact], math={"f": f, "n": sp.Integer(len(factors))})


def _outer_and_inner(f, x):
    """Write ``f`` as outer(inner) with a non-trivial inner function, or None."""
    if isinstance(f, sp.Function) and len(f.args) == 1:
        inner = f.args[0]
        if inner != x and inner.has(x):
            return (lambda u: f.func(u)), inner
    if isinstance(f, sp.Pow):
        base, exp = f.args
        if base.has(x) and not exp.has(x) and base != x:
            return (lambda u: u ** exp), base
        if exp.has(x) and not base.has(x) and exp != x:
            return (lambda u: base ** u), exp
    return None


def chain_rule(f, x):
    """d/dx f(g(x)) -> f'(g(x)) · g'(x)"""
    split = _outer_and_inner(f, x)
    if split is None:
        return None
    make_outer, inner = split
    u = fresh_symbol("u", f)
    outer = make_outer(u)
    outer_step = derive(outer, u)
    outer_step.text = "Outer function: " + _lower_first(outer_step.text)
    inner_step = derive(inner, x)
    inner_step.text = "Inner function: " + _lower_first(inner_step.text)
    outer_at_inner = outer_step.after.xreplace({u: inner})
    after = times(outer_at_inner, inner_step.after)
    fact = sp.Eq(D(outer, x), times(outer_step.after, D(u, x)), evaluate=False)
    text = "{f} is an outer function {outer} of an inner function {u_def}; put {u_def} back at the end."
    return Step(rule="chain_rule", title="Chain rule", text=text, before=D(f, x), after=after,
                substeps=[outer_step, inner_step], facts=[fact],
                math={"f": f, "outer": outer, "u_def": sp.Eq(u, inner, evaluate=False)})


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[:1] == "{" else text


def power_rule(f, x):
    """d/dx xⁿ -> n·xⁿ⁻¹ (any constant n: negative, fractional, roots)"""
    if not (isinstance(f, sp.Pow) and f.base == x and not f.exp.has(x)):
        return None
    n = f.exp
    after = times(n, x ** (n - 1))
    N = sp.Dummy("n")
    fact = sp.Eq(D(x**N, x), N * x ** (N - 1), evaluate=False)
    if n.is_Rational and not n.is_Integer:
        text = "Write the root as a power with {n} and bring the exponent down."
    elif n.is_negative:
        text = "Write {f} as a power with a negative exponent, {n}, and bring the exponent down."
    else:
        text = "Bring the exponent {n} down and lower it by one."
    return Step(rule="power_rule", title="Power rule", text=text, before=D(f, x), after=after, facts=[fact],
                math={"f": f, "x": x, "n": sp.Eq(N, n, evaluate=False)})


def exponential_rule(f, x):
    """d/dx aˣ -> aˣ·ln a  (and d/dx eˣ -> eˣ)"""
    if isinstance(f, sp.Pow) and f.exp == x and not f.base.has(x):
        text = "An exponential with a constant base {a} differentiates to itself times the logarithm of the base."
        return Step(rule="exponential_rule", title="Exponential rule", text=text, before=D(f, x),
                    after=times(f, sp.log(f.base)), math={"a": f.base, "x": x})
    return None


def logarithmic_differentiation(f, x):
    """d/dx u^v -> u^v · d/dx (v·ln u)   (both base and exponent depend on x)"""
    if not (isinstance(f, sp.Pow) and f.base.has(x) and f.exp.has(x)):
        return None
    base, exp = f.args
    log_form = sp.Mul(exp, sp.log(base))
    inner = derive(log_form, x)
    y = sp.Symbol("y")
    facts = [sp.Eq(y, f, evaluate=False), sp.Eq(sp.log(y), log_form, evaluate=False),
             sp.Eq(D(y, x), times(y, D(log_form, x)), evaluate=False)]
    text = ("Both the base and the exponent depend on {x}: take logarithms, ln y = {g}, "
            "differentiate both sides, and multiply by y = {f}.")
    return Step(rule="logarithmic_differentiation", title="Logarithmic differentiation", text=text,
                before=D(f, x), after=times(f, inner.after), substeps=[inner], facts=facts,
                math={"x": x, "g": log_form, "f": f})


# Elementary derivatives d/du f(u), in the form a textbook states them.
_u = sp.Symbol("u")
ELEMENTARY: dict[type, tuple[str, str, Callable[[sp.Expr], sp.Expr]]] = {
    sp.exp: ("exp_rule", "The exponential function is its own derivative.", sp.exp),
    sp.log: ("log_rule", "The derivative of the natural logarithm is the reciprocal.", lambda u: 1 / u),
    sp.sin: ("trig_rule", "The derivative of sine is cosine.", sp.cos),
    sp.cos: ("trig_rule", "The derivative of cosine is minus sine.", lambda u: -sp.sin(u)),
    sp.tan: ("trig_rule", "The derivative of tangent is secant squared.", lambda u: sp.sec(u) ** 2),
    sp.cot: ("trig_rule", "The derivative of cotangent is minus cosecant squared.", lambda u: -sp.csc(u) ** 2),
    sp.sec: ("trig_rule", "The derivative of secant is secant times tangent.", lambda u: sp.sec(u) * sp.tan(u)),
    sp.csc: ("trig_rule", "The derivative of cosecant is minus cosecant times cotangent.",
             lambda u: -sp.csc(u) * sp.cot(u)),
    sp.asin: ("inverse_trig_rule", "Standard derivative of arcsine.", lambda u: 1 / sp.sqrt(1 - u**2)),
    sp.acos: ("inverse_trig_rule", "Standard derivative of arccosine.", lambda u: -1 / sp.sqrt(1 - u**2)),
    sp.atan: ("inverse_trig_rule", "Standard derivative of arctangent.", lambda u: 1 / (1 + u**2)),
    sp.acot: ("inverse_trig_rule", "Standard derivative of arccotangent.", lambda u: -1 / (1 + u**2)),
    sp.asec: ("inverse_trig_rule", "Standard derivative of arcsecant.", lambda u: sp.asec(u).diff(u)),
    sp.acsc: ("inverse_trig_rule", "Standard derivative of arccosecant.", lambda u: sp.acsc(u).diff(u)),
    sp.sinh: ("hyperbolic_rule", "The derivative of sinh is cosh.", sp.cosh),
    sp.cosh: ("hyperbolic_rule", "The derivative of cosh is sinh.", sp.sinh),
    sp.tanh: ("hyperbolic_rule", "The derivative of tanh is sech squared, which equals 1 - tanh squared.",
              lambda u: sp.sech(u) ** 2),
    sp.coth: ("hyperbolic_rule", "The derivative of coth is minus csch squared.", lambda u: -sp.csch(u) ** 2),
    sp.sech: ("hyperbolic_rule", "The derivative of sech is minus sech times tanh.",
              lambda u: -sp.sech(u) * sp.tanh(u)),
    sp.csch: ("hyperbolic_rule", "The derivative of csch is minus csch times coth.",
              lambda u: -sp.csch(u) * sp.coth(u)),
    sp.asinh: ("inverse_hyperbolic_rule", "Standard derivative of the inverse hyperbolic sine.",
               lambda u: 1 / sp.sqrt(u**2 + 1)),
    sp.acosh: ("inverse_hyperbolic_rule", "Standard derivative of the inverse hyperbolic cosine.",
               lambda u: 1 / sp.sqrt(u**2 - 1)),
    sp.atanh: ("inverse_hyperbolic_rule", "Standard derivative of the inverse hyperbolic tangent.",
               lambda u: 1 / (1 - u**2)),
    sp.acoth: ("inverse_hyperbolic_rule", "Standard derivative of the inverse hyperbolic cotangent.",
               lambda u: 1 / (1 - u**2)),
    sp.asech: ("inverse_hyperbolic_rule", "Standard derivative of the inverse hyperbolic secant.",
               lambda u: -1 / (u * sp.sqrt(1 - u**2))),
    sp.acsch: ("inverse_hyperbolic_rule", "Standard derivative of the inverse hyperbolic cosecant.",
               lambda u: sp.acsch(u).diff(u)),
    sp.Abs: ("abs_rule", "The derivative of an absolute value is the sign of its argument (away from 0).",
             lambda u: u / sp.Abs(u)),
    sigmoid: ("sigmoid_rule", "The logistic sigmoid's derivative is sigmoid times one minus sigmoid.",
              lambda u: times(sigmoid(u), 1 - sigmoid(u))),
}

_TITLES = {
    "exp_rule": "Exponential rule", "log_rule": "Logarithm rule", "trig_rule": "Trigonometric derivative",
    "inverse_trig_rule": "Inverse trigonometric derivative", "hyperbolic_rule": "Hyperbolic derivative",
    "inverse_hyperbolic_rule": "Inverse hyperbolic derivative", "abs_rule": "Absolute value rule",
    "sigmoid_rule": "Sigmoid rule",
}


def elementary_rule(f, x):
    """d/dx f(x) for a function in the table of elementary derivatives."""
    if not (isinstance(f, sp.Function) and len(f.args) == 1 and f.args[0] == x):
        return None
    entry = ELEMENTARY.get(f.func)
    if entry is None:
        return None
    rule, text, derivative = entry
    return Step(rule=rule, title=_TITLES[rule], text=text, before=D(f, x), after=derivative(x), math={"x": x})


def cas_step(f, x):
    """Computed directly by SymPy: the rules above do not cover this function."""
    text = "symtutor has no rule that explains this derivative; the computer algebra system computes it directly."
    return Step(rule=CAS_RULE, title="Computed directly", text=text, before=D(f, x),
                after=plain_symbols(sp.diff(real_symbols(f), real_symbols(x))))


FINDERS: tuple[Finder, ...] = (
    constant_rule,
    identity_rule,
    sum_rule,
    constant_multiple_rule,
    quotient_rule,
    product_rule,
    power_rule,
    exponential_rule,
    elementary_rule,
    chain_rule,
    logarithmic_differentiation,
)


def derive(f: sp.Expr, x: sp.Symbol) -> Step:
    """The step tree for d/dx f: the first rule that applies, else a ``cas`` step."""
    for finder in FINDERS:
        step = finder(f, x)
        if step is not None:
            return step
    return cas_step(f, x)


# --- whole derivations -------------------------------------------------------------------


def simplify_step(raw, x) -> tuple[list[Step], sp.Expr]:
    """A final step from the rules' raw result to its simplest form (if they differ)."""
    tidy = best_form(raw)
    if tidy == raw:
        return [], tidy
    text = "Collect and simplify the result."
    return [Step(rule="simplify", title="Simplify", text=text, before=raw, after=tidy)], tidy


def derivative_steps(f: sp.Expr, x: sp.Symbol) -> tuple[list[Step], sp.Expr]:
    """Steps for one differentiation of ``f`` and the simplified result."""
    main = derive(f, x)
    tail, result = simplify_step(main.after, x)
    return [main, *tail], result


def explain_derivative(expr: sp.Expr, var: sp.Symbol, *, order: int = 1, at: dict | None = None,
                       input_text: str = "") -> Derivation:
    """The derivation of d^n/dx^n expr (optionally evaluated at a point), verified."""
    from symtutor.verify import check_derivation

    steps: list[Step] = []
    current = expr
    for k in range(1, order + 1):
        sub, current_next = derivative_steps(current, var)
        if order == 1:
            steps.extend(sub)
        else:
            text = f"Differentiate the {_ordinal(k - 1)} derivative {{g}} once more." if k > 1 else \
                "First derivative of {g}."
            steps.append(Step(rule="higher_derivative", title=f"{_ordinal(k).capitalize()} derivative", text=text,
                              before=D(expr, var, k), after=current_next, substeps=sub, math={"g": current}))
        current = current_next
    answer = current
    statement = D(expr, var, order)
    reference = plain_symbols(sp.diff(real_symbols(expr), real_symbols(var), order))
    if at:
        value = rebuild(answer.subs(at))
        value = best_form(value)
        steps.append(Step(rule="evaluate_at_point", title="Evaluate at the point",
                          text="Substitute {point} into the derivative.",
                          before=sp.Subs(answer, tuple(at), tuple(at.values())), after=value,
                          math={"point": _point_expr(at)}))
        statement = sp.Subs(statement, tuple(at), tuple(at.values()))
        answer = value
        reference = reference.subs(at)
    derivation = Derivation(task="diff", input=input_text,
                            problem={"expr": expr, "var": var, "order": order, "at": at or {}},
                            statement=statement, steps=steps, answer=answer)
    return check_derivation(derivation, reference, reference_name="SymPy's diff")


def _point_expr(at: dict):
    pairs = [sp.Eq(k, v, evaluate=False) for k, v in at.items()]
    return pairs[0] if len(pairs) == 1 else sp.Tuple(*pairs)


def _ordinal(n: int) -> str:
    names = {0: "zeroth", 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    return names.get(n, f"{n}th")
