"""Algebraic strategies: rewrite the expression into an equal one whose limit is easier.

Each rewrite is a step ``before = g``, ``after = g'`` (equal as functions near the point,
so the verifier checks it by sampling) followed by the limit of ``g'``.
"""
from __future__ import annotations


import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.common import rebuild
from symtutor.engine.limit import forms as F
from symtutor.engine.limit.forms import NOO, OO
from symtutor.engine.limit.problem import Problem, size, written_quotient
from symtutor.steps import Step

MAX_GROWTH = 4  # a rewrite may make the expression at most this many times larger


def continue_after(solver, step: Step, new, P: Problem, depth: int, used: frozenset, name: str):
    """``step`` (which turned g into ``new``) followed by the limit of ``new``."""
    steps, value = solver.solve(rebuild(new), P, depth + 1, used | {name})
    return [step, *steps], value


def rewrite(solver, g, new, P, depth, used, *, name: str, rule: str, title: str, text: str,
            math: dict | None = None, facts: list | None = None):
    """The common shape: a rewrite step, then carry on; None when nothing changed."""
    if new is None or rebuild(new) == g or name in used:
        return None
    if size(rebuild(new)) > MAX_GROWTH * max(size(g), 8):
        return None
    step = Step(rule=rule, title=title, text=text, before=g, after=new, math=dict(math or {}), facts=list(facts or []))
    return continue_after(solver, step, new, P, depth, used, name)


# --- 0/0: factor and cancel --------------------------------------------------------------------


def factor_and_cancel(solver, g, P: Problem, depth, used):
    """(x - a)·p(x) / ((x - a)·q(x)) -> p(x)/q(x): cancel the factor that vanishes at a."""
    x = P.x
    if P.infinite or not g.is_rational_function(x):
        return None
    numer, denom = sp.fraction(sp.cancel(sp.together(g)))
    n0, d0 = sp.fraction(sp.together(g))
    factored = written_quotient(sp.factor(n0), sp.factor(d0))
    cancelled = sp.factor(sp.cancel(g))
    if cancelled == g:
        return None
    common = sp.factor(sp.gcd(sp.Poly(n0, x), sp.Poly(d0, x)).as_expr())
    if not common.has(x):
        return None
    show = Step(rule="factor", title="Factor",
                text="Factor numerator and denominator: both vanish at {point}, so both contain the factor {c}.",
                before=g, after=factored, math={"point": sp.Eq(x, P.a, evaluate=False), "c": common})
    cancel = Step(rule="cancel_common_factor", title="Cancel the common factor",
                  text="Cancel {c}: it is not zero while {x} approaches {a} (only at the point itself).",
                  before=factored, after=cancelled, math={"c": common, "x": x, "a": P.a})
    steps, value = solver.solve(cancelled, P, depth + 1, used | {"factor"})
    return [show, cancel, *steps], value


def change_of_variable_for_roots(solver, g, P: Problem, depth, used):
    """x = t^k with k the common denominator of the fractional powers of x: a rational function of t."""
    x, a = P.x, P.a
    if "root_substitution" in used or P.infinite or a.is_negative or a == 0:
        return None
    powers = [p.exp for p in g.atoms(sp.Pow) if p.base == x and p.exp.is_Rational and not p.exp.is_Integer]
    if not powers:
        return None
    k = sp.ilcm(*[p.q for p in powers])
    t = sp.Symbol("t", positive=True)
    new = sp.powsimp(sp.expand_power_base(g.xreplace({x: t**k}), force=True), force=True)
    new = sp.Symbol("t") and new.xreplace({t: sp.Symbol("t")})
    tt = sp.Symbol("t")
    if not new.is_rational_function(tt):
        return None
    point = sp.root(a, k)
    if not point.is_Rational:
        return None
    Q = Problem.make(tt, point, P.direction)
    steps, value = solver.solve(new, Q, depth + 1, used | {"root_substitution"})
    step = Step(rule="change_of_variable", title="Change of variable",
                text="Put {sub}, so that every root becomes a power of {t}; {x} -> {a} means {t} -> {b}.",
                before=P.limit(g), after=Q.limit(new),
                math={"sub": sp.Eq(x, tt**k, evaluate=False), "t": tt, "x": x, "a": a, "b": point})
    return [step, *steps], value


# --- square roots: the conjugate ------------------------------------------------------------------


def _root_sum(expr, x):
    """A sum with a square root in it, split as (A, B) with expr = A + B and B the root term."""
    if not isinstance(expr, sp.Add):
        return None
    roots = [t for t in expr.args if t.has(x) and any(p.exp == sp.S.Half or p.exp == -sp.S.Half
                                                        for p in t.atoms(sp.Pow) if p.has(x))]
    if not roots:
        return None
    B = roots[0]
    A = expr - B
    return A, B


def multiply_by_conjugate(solver, g, P: Problem, depth, used):
    """(A + B) -> (A^2 - B^2)/(A - B): the difference of squares clears the square root."""
    x = P.x
    if "conjugate" in used:
        return None
    numer, denom = F.split_fraction(g)
    for where, part in (("numerator", numer), ("denominator", denom)):
        split = _root_sum(part, x)
        if split is None:
            continue
        A, B = split
        conj = A - B
        squares = sp.expand(A**2 - B**2)
        if squares.has(sp.sqrt(x)) and not squares.is_polynomial(x) and size(squares) > size(part) * 2:
            continue
        if where == "numerator":
            written = written_quotient(squares, sp.Mul(denom, conj, evaluate=False) if denom != 1 else conj)
        else:
            written = written_quotient(sp.Mul(numer, conj, evaluate=False) if numer != 1 else conj, squares)
        text = ("Multiply the " + where + " and the denominator by the conjugate {c}: "
                "(A + B)(A - B) = A^2 - B^2 removes the square root from the " + where + ".") \
            if where == "numerator" else \
            ("Multiply numerator and denominator by the conjugate {c} of the denominator: "
             "(A + B)(A - B) = A^2 - B^2 removes its square root.")
        step = Step(rule="multiply_by_conjugate", title="Multiply by the conjugate", text=text,
                    before=g, after=written, math={"c": conj})
        tidy = sp.factor(rebuild(written)) if rebuild(written).is_rational_function(x) else rebuild(written)
        cancelled = _cancel_gently(tidy, x)
        steps: list[Step] = [step]
        nxt = rebuild(written)
        if cancelled is not None and cancelled != nxt:
            steps.append(Step(rule="cancel_common_factor", title="Simplify",
                              text="Cancel the common factor and simplify.", before=written, after=cancelled))
            nxt = cancelled
        more, value = solver.solve(nxt, P, depth + 1, used | {"conjugate"})
        return [*steps, *more], value
    return None


def _cancel_gently(expr, x):
    try:
        numer, denom = sp.fraction(sp.together(expr))
        c = sp.cancel(sp.factor(numer) / sp.factor(denom))
        return c if size(c) <= size(expr) + 4 else None
    except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
        return None


# --- oo - oo: one fraction ------------------------------------------------------------------------


def common_denominator(solver, g, P, depth, used):
    """a/b - c/d -> (a d - b c)/(b d): one fraction, usually a 0/0 or oo/oo form."""
    if not isinstance(g, sp.Add):
        return None
    if all(sp.fraction(t)[1] == 1 for t in g.args):
        return None
    combined = sp.together(g)
    numer, denom = sp.fraction(combined)
    numer = sp.expand(numer)
    written = written_quotient(numer, denom)
    return rewrite(solver, g, written, P, depth, used, name="common_denominator", rule="common_denominator",
                   title="Common denominator",
                   text="Put the terms over a common denominator to turn the difference into a single fraction.")


# --- at infinity: divide by the dominant power ---------------------------------------------------


def _power_degree(expr, x):
    """The power p with expr ~ c·x^p as x -> +oo, for polynomials and roots of polynomials; else None."""
    expr = sp.expand(expr)
    if expr.is_polynomial(x):
        return sp.degree(expr, x)
    if isinstance(expr, sp.Add):
        degrees = [_power_degree(t, x) for t in expr.args]
        return None if any(d is None for d in degrees) else max(degrees)
    if isinstance(expr, sp.Mul):
        degrees = [_power_degree(f, x) for f in expr.args]
        return None if any(d is None for d in degrees) else sum(degrees)
    if isinstance(expr, sp.Pow) and expr.exp.is_Rational:
        d = _power_degree(expr.base, x)
        return None if d is None else d * expr.exp
    if not expr.has(x):
        return 0
    return None


def _divide(expr, x, power):
    """expr / x^power distributed into sums and roots (valid for x > 0)."""
    expr = sp.expand(expr) if expr.is_polynomial(x) else expr
    if isinstance(expr, sp.Add):
        return sp.Add(*[_divide(t, x, power) for t in expr.args])
    if isinstance(expr, sp.Pow) and expr.exp.is_Rational and not expr.exp.is_Integer and expr.base.has(x):
        inner = sp.expand(expr.base / x ** (power / expr.exp))
        return sp.Pow(inner, expr.exp)
    if isinstance(expr, sp.Mul):
        rooted = [f for f in expr.args if isinstance(f, sp.Pow) and f.exp.is_Rational and not f.exp.is_Integer]
        if rooted:
            root = rooted[0]
            rest = expr / root
            d = _power_degree(root, x)
            return sp.Mul(_divide(rest, x, power - d), _divide(root, x, d))
    return sp.expand(expr / x**power)


def divide_by_dominant_power(solver, g, P: Problem, depth, used):
    """x -> +oo: divide numerator and denominator by the highest power of x in the denominator."""
    x = P.x
    if P.a is not OO or "dominant_power" in used:
        return None
    numer, denom = F.split_fraction(g)
    if denom == 1:
        return None
    p = _power_degree(denom, x)
    q = _power_degree(numer, x)
    if p is None or q is None or p == 0:
        return None
    new_numer, new_denom = _divide(numer, x, p), _divide(denom, x, p)
    written = written_quotient(new_numer, new_denom)
    power = x**p
    return rewrite(solver, g, written, P, depth, used, name="dominant_power", rule="divide_by_dominant_power",
                   title="Divide by the dominant power",
                   text="Divide numerator and denominator by {p}, the highest power of {x} in the denominator; "
                        "every other term then tends to 0 (for {x} > 0).",
                   math={"p": power, "x": x})


def reflect(solver, g, P: Problem, depth, used):
    """x -> -oo: put x = -t, so that t -> +oo, where the growth comparisons are stated."""
    if P.a is not NOO or "reflect" in used:
        return None
    t = sp.Symbol("t") if P.x.name != "t" else sp.Symbol("s")
    new = g.xreplace({P.x: -t})
    Q = Problem.make(t, OO, "-")
    steps, value = solver.solve(new, Q, depth + 1, used | {"reflect"})
    step = Step(rule="change_of_variable", title="Change of variable",
                text="Put {sub}; as {x} -> -infinity, {t} -> infinity.",
                before=P.limit(g), after=Q.limit(new), math={"sub": sp.Eq(P.x, -t, evaluate=False), "x": P.x, "t": t})
    return [step, *steps], value


def reciprocal_variable(solver, g, P: Problem, depth, used):
    """x -> 0 from one side: put x = 1/t (t -> +-oo) when x appears as 1/x (exp(1/x), 3^(1/x), ...)."""
    x = P.x
    if P.infinite or P.a != 0 or P.two_sided or "reciprocal" in used:
        return None
    if not any(p.has(1 / x) for p in g.atoms(sp.Pow, sp.exp) if p.exp.has(x) if isinstance(p, sp.Pow)) and \
            not any(e.args[0].has(1 / x) for e in g.atoms(sp.exp)):
        return None
    t = sp.Symbol("t") if x.name != "t" else sp.Symbol("s")
    new = g.xreplace({x: 1 / t})
    target = OO if P.direction == "+" else NOO
    Q = Problem.make(t, target, "-")
    steps, value = solver.solve(new, Q, depth + 1, used | {"reciprocal"})
    step = Step(rule="change_of_variable", title="Change of variable",
                text="Put {sub}: as {x} -> 0 from this side, {t} -> {b}.",
                before=P.limit(g), after=Q.limit(new),
                math={"sub": sp.Eq(x, 1 / t, evaluate=False), "x": x, "t": t, "b": target})
    return [step, *steps], value


# --- dominant terms inside logarithms and roots, exponentials pulled out ---------------------------


def growth_key(term, x):
    """(exponential rate, power, log power) of a term c·x^p·ln(x)^q·e^(r·x^s) as x -> +oo; None otherwise."""
    term = sp.powsimp(term, combine="exp")
    c, rest = term.as_independent(x, as_Add=False)
    if c == 0:
        return None
    exp_rate = (0, 0)
    p, q = sp.S.Zero, sp.S.Zero
    factors = sp.Mul.make_args(rest) if rest != 1 else []
    for f in factors:
        base, e = f.as_base_exp()
        if isinstance(f, sp.exp) or (isinstance(f, sp.Pow) and not base.has(x) and e.has(x)):
            exponent = f.args[0] if isinstance(f, sp.exp) else e * sp.log(base)
            exponent = sp.expand(exponent)
            if not exponent.is_polynomial(x):
                return None
            poly = sp.Poly(exponent, x)
            deg = poly.degree()
            lead = poly.LC()
            if deg == 0:
                c = c * sp.exp(exponent)
                continue
            rate = (deg, lead)
            exp_rate = _add_rates(exp_rate, rate)
            if exp_rate is None:
                return None
        elif base == x and not e.has(x):
            p += e
        elif isinstance(base, sp.log) and base.args[0] == x and not e.has(x):
            q += e
        elif f == x:
            p += 1
        elif isinstance(f, sp.log) and f.args[0] == x:
            q += 1
        else:
            return None
    return (exp_rate, p, q, c)


def _add_rates(r1, r2):
    if r1 == (0, 0):
        return r2
    if r1[0] == r2[0]:
        lead = r1[1] + r2[1]
        return (r1[0], lead) if lead != 0 else (0, 0)
    return max(r1, r2, key=lambda r: r[0])


def compare_growth(k1, k2) -> int:
    """+1 if the term with key k1 grows faster than k2 (as x -> +oo), -1 if slower, 0 if alike."""
    (d1, l1), p1, q1, _ = k1
    (d2, l2), p2, q2, _ = k2
    e1 = (d1 if l1 > 0 else -d1 if d1 else 0, l1 if d1 else 0)
    e2 = (d2 if l2 > 0 else -d2 if d2 else 0, l2 if d2 else 0)
    for u, v in ((e1[0], e2[0]), (e1[1], e2[1]), (p1, p2), (q1, q2)):
        u, v = as_sympy(u), as_sympy(v)
        if u != v:
            return 1 if (u - v).is_positive else -1
    return 0


def dominant_term(expr, x):
    """The term of a sum that grows fastest as x -> +oo (unique), or None."""
    if not isinstance(expr, sp.Add):
        return None
    terms = list(sp.Add.make_args(sp.expand(sp.powsimp(expr), power_exp=False, log=False)))
    keys = [growth_key(t, x) for t in terms]
    if any(k is None for k in keys):
        return None
    best = 0
    for i in range(1, len(terms)):
        c = compare_growth(keys[i], keys[best])
        if c > 0:
            best = i
        elif c == 0:
            return None
    return terms[best]


def factor_dominant_term(solver, g, P: Problem, depth, used):
    """ln(D + r) = ln D + ln(1 + r/D) and (D + r)^k = D^k (1 + r/D)^k with D the dominant term at +oo."""
    x = P.x
    if P.a is not OO or "dominant_term" in used:
        return None
    replaced, facts, dominant = {}, [], []
    for node in sorted(g.atoms(sp.log, sp.Pow), key=size):
        inner = node.args[0] if isinstance(node, sp.log) else node.base
        if not isinstance(inner, sp.Add) or not inner.has(x):
            continue
        if isinstance(node, sp.Pow) and node.exp.has(x):
            continue
        D = dominant_term(inner, x)
        if D is None or D.is_constant():
            continue
        ratio = sp.powsimp(sp.expand(sp.powsimp(sp.expand(inner / D), combine="exp")), combine="base", force=True)
        if isinstance(node, sp.log):
            repl = sp.Add(sp.expand_log(sp.log(D), force=True), sp.log(ratio), evaluate=False)
        else:
            outer = sp.powsimp(sp.expand_power_base(D ** node.exp, force=True), force=True)
            repl = sp.Mul(outer, sp.Pow(ratio, node.exp, evaluate=False), evaluate=False)
        replaced[node] = repl
        facts.append(sp.Eq(node, repl, evaluate=False))
        dominant.append(D)
    if not replaced:
        return None
    new = g.xreplace(replaced)
    return rewrite(solver, g, new, P, depth, used, name="dominant_term", rule="factor_dominant_term",
                   title="Factor out the dominant term",
                   text="Inside each sum, factor out the term that grows fastest ({d}).", facts=facts,
                   math={"d": dominant[0] if len(dominant) == 1 else sp.Tuple(*dominant)})


def divide_by_dominant_term(solver, g, P: Problem, depth, used):
    """x -> +oo, oo/oo: divide every term of numerator and denominator by the denominator's dominant term."""
    x = P.x
    if P.a is not OO or "dominant_divide" in used:
        return None
    numer, denom = F.split_fraction(g)
    if denom == 1:
        return None
    terms = sp.Add.make_args(sp.expand(denom))
    laws = P.laws(P.sides[0])
    keyed = [t for t in terms if growth_key(t, x) is not None]
    if not keyed or any(not laws.of(t).determinate or laws.of(t).is_infinite for t in terms if t not in keyed):
        return None
    D = dominant_term(sp.Add(*keyed), x) if len(keyed) > 1 else keyed[0]
    if D is None or not laws.of(D).is_infinite:
        return None
    D = D / D.as_independent(x, as_Add=False)[0]

    def divided(expr):
        return sp.Add(*[sp.powsimp(sp.cancel(t / D), force=True) for t in sp.Add.make_args(sp.expand(expr))])

    written = written_quotient(divided(numer), divided(denom))
    return rewrite(solver, g, written, P, depth, used, name="dominant_divide", rule="divide_by_dominant_term",
                   title="Divide by the dominant term",
                   text="Divide every term of numerator and denominator by {d}, the fastest-growing term of the "
                        "denominator; the other terms then have limits.", math={"d": D})


def hyperbolic_as_exponentials(solver, g, P, depth, used):
    """sinh u = (e^u - e^-u)/2, cosh u = (e^u + e^-u)/2, tanh u = (e^u - e^-u)/(e^u + e^-u)."""
    if "hyperbolic" in used or not g.has(sp.sinh, sp.cosh, sp.tanh):
        return None
    swap = {h: h.rewrite(sp.exp) for h in g.atoms(sp.sinh, sp.cosh, sp.tanh)}
    new = sp.expand(g.xreplace(swap))
    return rewrite(solver, g, new, P, depth, used, name="hyperbolic", rule="hyperbolic_definitions",
                   title="Hyperbolic functions as exponentials",
                   text="Write the hyperbolic functions with exponentials: cosh u = (e^u + e^(-u))/2, "
                        "sinh u = (e^u - e^(-u))/2; then expand.")


def pull_out_exponentials(solver, g, P, depth, used):
    """e^(u + v) = e^u e^v, then factor: exposes e^x (e^(small) - 1) and similar products."""
    if "exponentials" in used or not g.has(sp.exp):
        return None
    expanded = sp.expand(g, power_exp=True, mul=True, multinomial=False, log=False, power_base=False)
    new = sp.factor_terms(expanded)
    if new == g:
        new = sp.factor(expanded)
    if new == g or size(new) > 3 * size(g) + 10:
        return None
    return rewrite(solver, g, new, P, depth, used, name="exponentials", rule="exponent_laws",
                   title="Exponent laws", text="Split exponentials with e^(u + v) = e^u e^v and factor out the common part.")


def combine_exponentials(solver, g, P, depth, used):
    """e^u e^v = e^(u + v): one exponential, whose exponent's limit decides."""
    if "combine_exp" in used or not g.has(sp.exp):
        return None
    new = sp.powsimp(g, combine="exp")
    return rewrite(solver, g, new, P, depth, used, name="combine_exp", rule="exponent_laws",
                   title="Exponent laws", text="Combine the exponentials with e^u e^v = e^(u + v).")


def factor_expression(solver, g, P, depth, used):
    """Factor the whole expression (a perfect square, a common factor)."""
    if "factor_all" in used:
        return None
    new = sp.factor(g)
    if new == g or isinstance(new, sp.Add):
        return None
    return rewrite(solver, g, new, P, depth, used, name="factor_all", rule="factor", title="Factor",
                   text="Factor the expression; in factored form each factor has a limit.")


def simplify_expression(solver, g, P, depth, used):
    """A simpler equal form (SymPy's simplify), when it is genuinely smaller."""
    if "simplify" in used:
        return None
    from symtutor.budget import try_within

    new = try_within(1.5, sp.simplify, g)
    if new is None or new == g or size(new) >= size(g):
        return None
    return rewrite(solver, g, new, P, depth, used, name="simplify", rule="simplify", title="Simplify",
                   text="Simplify the expression first.")


# --- trigonometric differences: sum-to-product ----------------------------------------------------

_SUM_TO_PRODUCT = {
    (sp.sin, 1): lambda A, B: 2 * sp.cos((A + B) / 2) * sp.sin((A - B) / 2),   # sin A - sin B
    (sp.cos, 1): lambda A, B: -2 * sp.sin((A + B) / 2) * sp.sin((A - B) / 2),  # cos A - cos B
}


def sum_to_product(solver, g, P: Problem, depth, used):
    """sin A - sin B = 2 cos((A+B)/2) sin((A-B)/2),  cos A - cos B = -2 sin((A+B)/2) sin((A-B)/2)."""
    if "sum_to_product" in used:
        return None
    numer, denom = F.split_fraction(g)
    others = sp.S.One
    if isinstance(numer, sp.Mul):
        diffs = [f for f in numer.args if isinstance(f, sp.Add) and len(f.args) == 2]
        if not diffs:
            return None
        others = sp.Mul(*[f for f in numer.args if f is not diffs[0]])
        numer = diffs[0]
    if not isinstance(numer, sp.Add) or len(numer.args) != 2:
        return None
    (c1, f1), (c2, f2) = [t.as_coeff_Mul() for t in numer.args]
    if c1 != -c2 or not isinstance(f1, (sp.sin, sp.cos)) or f1.func != f2.func:
        return None
    A, B = (f1.args[0], f2.args[0]) if c1 == 1 or c1.could_extract_minus_sign() is False else (f2.args[0], f1.args[0])
    coeff = c1 if c1 == 1 or c1.could_extract_minus_sign() is False else c2
    half_sum, half_diff = sp.expand((A + B) / 2), sp.expand((A - B) / 2)
    if f1.func is sp.sin:
        product = sp.Mul(2, sp.cos(half_sum), sp.sin(half_diff), evaluate=False)
        identity = "sin A - sin B = 2 cos((A + B)/2) sin((A - B)/2)"
    else:
        product = sp.Mul(-2, sp.sin(half_sum), sp.sin(half_diff), evaluate=False)
        identity = "cos A - cos B = -2 sin((A + B)/2) sin((A - B)/2)"
    if coeff != 1:
        product = sp.Mul(coeff, product, evaluate=False)
    if others != 1:
        product = sp.Mul(others, product, evaluate=False)
    new = written_quotient(product, denom)
    return rewrite(solver, g, new, P, depth, used, name="sum_to_product", rule="sum_to_product",
                   title="Sum-to-product formula",
                   text="Turn the difference into a product with " + identity + ".")


def combine_logarithms(solver, g, P, depth, used):
    """ln a - ln b = ln(a/b): one logarithm, ready for ln(1 + u)/u -> 1."""
    if "combine_logs" in used or len(g.atoms(sp.log)) < 2:
        return None
    numer, denom = F.split_fraction(g)
    combined = sp.logcombine(numer, force=True)
    if combined == numer:
        return None
    combined = combined.replace(lambda e: isinstance(e, sp.log), lambda e: sp.log(sp.expand(e.args[0])))
    return rewrite(solver, g, written_quotient(combined, denom), P, depth, used, name="combine_logs",
                   rule="logarithm_laws", title="Logarithm laws",
                   text="Combine the logarithms with ln a - ln b = ln(a/b).")


def factor_numerator(solver, g, P, depth, used):
    """Factor the numerator (pulling out a common factor or a difference of squares)."""
    if "factor_numerator" in used:
        return None
    numer, denom = F.split_fraction(g)
    expanded = sp.expand(numer, power_exp=True, mul=False, multinomial=False, log=False, power_base=False)
    new_numer = sp.factor(expanded)
    if new_numer == numer or not isinstance(new_numer, sp.Mul):
        return None
    return rewrite(solver, g, written_quotient(new_numer, denom), P, depth, used, name="factor_numerator",
                   rule="factor", title="Factor the numerator",
                   text="Factor the numerator to expose a standard limit.")
