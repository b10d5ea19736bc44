"""Rational functions: polynomial division, partial fractions with the coefficient
equations shown, and the standard integrals of the pieces (logarithm, power, arctangent,
and the reduction formula for repeated irreducible quadratics).

SymPy's ``integral_steps`` can take 15-45 s on plain rational functions, so the engine
sends every proper rational function here first.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.integration.base import I, Context, differential, eq, log_abs, plus, times
from symtutor.steps import Step

MAX_DEGREE = 12
MAX_UNKNOWNS = 14
_EXTENSIONS = (sp.sqrt(2), sp.sqrt(3), sp.sqrt(5), sp.sqrt(6), sp.sqrt(7))


def is_rational_function(f, x) -> bool:
    try:
        return bool(f.is_rational_function(x)) and f.has(x)
    except Exception:  # noqa: BLE001
        return False


def rational_integral(f, x, ctx: Context) -> Step | None:
    """∫ P(x)/Q(x) dx by division and partial fractions (None when it does not apply)."""
    if not is_rational_function(f, x):
        return None
    num, den = sp.fraction(sp.cancel(sp.together(f)))
    if not den.has(x):
        return None
    try:
        P, Q = sp.Poly(num, x), sp.Poly(den, x)
    except sp.PolynomialError:
        return None
    if Q.degree() > MAX_DEGREE or not (_rational_coefficients(P) and _rational_coefficients(Q)
                                       or Q.degree() <= 2 and _real_number_coefficients(P, Q)):
        return None
    steps: list[Step] = []
    rewritten = sp.Mul(num, sp.Pow(den, -1), evaluate=False)
    polynomial, remainder = sp.S.Zero, P
    if P.degree() >= Q.degree():
        q, r = sp.div(P, Q)
        polynomial, remainder = q.as_expr(), r
        proper = sp.Mul(r.as_expr(), sp.Pow(den, -1), evaluate=False)
        steps.append(Step(rule="polynomial_division", title="Polynomial division",
                          text="The numerator's degree is not below the denominator's: divide, {division}.",
                          before=f, after=plus(polynomial, proper),
                          math={"division": eq(rewritten, plus(polynomial, proper))}))
    if remainder.is_zero:
        pieces = [polynomial]
    else:
        decomposition = partial_fractions(remainder.as_expr(), den, x, f)
        if decomposition is None:
            return None
        pf_step, pieces = decomposition
        if pf_step is not None:
            steps.append(pf_step)
        if polynomial != 0:
            pieces = [polynomial, *pieces]
    integrals = [integrate_piece(p, x) for p in pieces]
    integrals = [s for s in integrals if s is not None]
    if len(integrals) != len(pieces):
        return None
    result = plus(*[s.after for s in integrals])
    if len(integrals) > 1:
        steps.append(Step(rule="sum_rule", title="Integrate term by term", text="Integrate the {n} terms one by one.",
                          before=I(plus(*pieces), x), after=result, substeps=integrals,
                          math={"n": sp.Integer(len(integrals))}))
    else:
        steps.extend(integrals)
    if len(steps) == 1:
        only = steps[0]
        only.before = I(f, x)
        return only
    text = ("{f} is a rational function: " +
            ("divide, " if polynomial != 0 else "") +
            ("split it into partial fractions, " if any(s.rule == "partial_fractions" for s in steps) else "") +
            "and integrate each simple piece.")
    return Step(rule="rational_function", title="Rational function", text=text, before=I(f, x), after=result,
                substeps=steps, math={"f": f})


def _rational_coefficients(p) -> bool:
    return p.domain.is_QQ or p.domain.is_ZZ


def _real_number_coefficients(*polys) -> bool:
    """Coefficients such as √3 (a Weierstrass substitution makes them): the formulas for a
    linear or quadratic denominator hold as they stand."""
    return all(c.is_number and c.is_real for p in polys for c in p.all_coeffs())


def _unknowns(count: int, *exprs):
    taken = {s.name for e in exprs for s in e.free_symbols}
    letters = [c for c in "ABDFGHJKLMPRTUVWXYZ" if c not in taken]
    names = letters[:count] if count <= len(letters) else [f"A_{k}" for k in range(1, count + 1)]
    return [sp.Symbol(n) for n in names]


def factor_denominator(den, x):
    """(constant, [(factor, multiplicity)]) with every factor of degree ≤ 2 and quadratics
    irreducible over the reals (irrational real roots are split off), or None."""
    c, factors = sp.factor_list(den, x)
    need = []
    for p, _k in factors:
        d = sp.degree(p, x)
        if d == 2:
            a, b, cc = sp.Poly(p, x).all_coeffs()
            disc = b**2 - 4 * a * cc
            if disc > 0:
                need.append(sp.sqrt(disc))
        elif d > 2:
            need.append(None)
    if not need:
        return c, factors
    extensions = [e for e in need if e is not None]
    candidates = [extensions] if None not in need else [extensions + [e] for e in _EXTENSIONS]
    for ext in candidates:
        ext = list(dict.fromkeys(e for e in ext if not e.is_Rational))
        try:
            c2, f2 = sp.factor_list(den, x, extension=ext) if ext else sp.factor_list(den, x)
        except (NotImplementedError, sp.PolynomialError):
            continue
        if all(sp.degree(p, x) <= 2 and (sp.degree(p, x) < 2 or _discriminant(p, x) < 0) for p, _ in f2):
            return c2, f2
    return None


def _discriminant(p, x):
    a, b, c = sp.Poly(p, x).all_coeffs()
    return sp.simplify(b**2 - 4 * a * c)


def partial_fractions(num, den, x, original):
    """The partial-fraction step (with the coefficient equations) and the list of pieces."""
    factored = factor_denominator(den, x)
    if factored is None:
        return None
    const, factors = factored
    shape = []  # (numerator template, factor, power)
    count = sum(k * sp.degree(p, x) for p, k in factors)
    if count > MAX_UNKNOWNS:
        return None
    letters = iter(_unknowns(count, num, den))
    for p, k in factors:
        for j in range(1, k + 1):
            if sp.degree(p, x) == 1:
                shape.append((next(letters), p, j))
            else:
                shape.append((next(letters) * x + next(letters), p, j))
    if len(factors) == 1 and sp.degree(num, x) < sp.degree(factors[0][0], x):
        return None, [sp.Mul(num, sp.Pow(den, -1))]  # already simple: c/(x - a)^k, (Bx + C)/q^k
    unknowns = [s for t, _, _ in shape for s in t.free_symbols if s != x]
    template = plus(*[sp.Mul(t, sp.Pow(p**j if j > 1 else p, -1), evaluate=False) for t, p, j in shape])
    den_factored = sp.Mul(const, *[p**k for p, k in factors])
    identity = sp.expand(sum(t * sp.cancel(den_factored / p**j) for t, p, j in shape))
    poly = sp.Poly(identity - num, x)
    raw = [c for c in poly.all_coeffs() if c != 0]
    solution = sp.solve(raw, unknowns, dict=True)
    if not solution:
        return None
    solution = solution[0]
    if any(u not in solution for u in unknowns):
        return None
    pieces = [sp.Mul(t.subs(solution), sp.Pow(p**j, -1)) for t, p, j in shape]
    pieces = [p for p in pieces if p != 0]
    if len(shape) == 1:
        return None, [sp.cancel(num / den)]
    coefficient_eqs = coefficient_equations(identity, num, x)
    lhs = num / den_factored
    facts = [eq(lhs, template),
             eq(num, identity),
             *coefficient_eqs,
             *[eq(u, solution[u]) for u in unknowns if eq(u, solution[u]) not in coefficient_eqs]]
    text = ("Factor the denominator, {den}, and write the fraction as a sum of simple fractions with unknown "
            "numerators; multiply by the denominator, compare the coefficients of each power of {x}, and solve.")
    step = Step(rule="partial_fractions", title="Partial fractions", text=text,
                before=sp.Mul(num, sp.Pow(den, -1), evaluate=False), after=plus(*pieces), facts=facts,
                math={"den": den_factored, "x": x})
    return step, pieces


def coefficient_equations(identity, num, x):
    """One equation per power of x: the coefficient on the left equals the one on the right."""
    left, right = sp.Poly(identity, x), sp.Poly(num, x)
    top = max(left.degree(), right.degree())
    out = []
    for k in range(top, -1, -1):
        lc, rc = left.coeff_monomial(x**k), right.coeff_monomial(x**k)
        if lc != 0 or rc != 0:
            out.append(eq(lc, rc))
    return out


# --- the simple pieces -------------------------------------------------------------------


def integrate_piece(piece, x) -> Step | None:
    """∫ piece dx for a polynomial, c/(ax+b)^j or (Bx+C)/(ax²+bx+c)^j."""
    piece = as_sympy(piece)
    if not piece.has(x):
        return Step(rule="constant_rule", title="Constant rule", text="The integral of a constant c is c times {x}.",
                    before=I(piece, x), after=times(piece, x), math={"x": x})
    if piece.is_polynomial(x):
        return polynomial_integral(piece, x)
    coeff, rest = piece.as_independent(x, as_Add=False)
    num, den = sp.fraction(sp.together(rest))
    base, power, const = _base_power(den, x)
    if base is None or sp.degree(num, x) >= sp.degree(base, x):
        return None
    coeff = coeff / const
    if sp.degree(base, x) == 1:
        return _linear_piece(coeff * num, base, power, x, piece)
    if sp.degree(base, x) == 2:
        return _quadratic_piece(coeff * num, base, power, x, piece)
    return None


def _base_power(den, x):
    """den = const·base^power with base a polynomial, or (None, None, None)."""
    den = sp.factor(den)
    c, rest = den.as_independent(x, as_Add=False)
    b, e = rest.as_base_exp()
    if not e.is_Integer or e < 1 or not b.is_polynomial(x):
        return None, None, None
    if not sp.Poly(b, x).domain.is_QQ and not sp.Poly(b, x).domain.is_ZZ:
        if sp.Poly(b, x).LC().is_negative:
            b, c = -b, c * (-1) ** e
        b = sp.collect(sp.expand(b), x)  # (2 - √2)x² + 2 + √2, not -2x² + √2x² - 2 - √2
    return b, int(e), c


def polynomial_integral(p, x) -> Step:
    """∫ Σ aₖxᵏ dx -> Σ aₖxᵏ⁺¹/(k+1)"""
    terms = sp.Poly(p, x).terms()
    result = plus(*[sp.Mul(c, sp.Pow(x, k + 1), sp.Pow(k + 1, -1), evaluate=False) if k + 1 != 1 else times(c, x)
                    for (k,), c in terms])
    N = sp.Symbol("n")
    return Step(rule="power_rule", title="Power rule", text="Integrate term by term with the power rule.",
                before=I(p, x), after=result, facts=[eq(I(x**N, x), x ** (N + 1) / (N + 1))])


def _linear_piece(a_num, base, power, x, piece):
    """∫ A/(ax+b)^j dx -> (A/a)·ln|ax+b|  or  (A/a)·(ax+b)^(1−j)/(1−j)"""
    a = sp.Poly(base, x).LC()
    A = a_num
    if power == 1:
        result = times(A / a, log_abs(base))
        text = ("A constant over the linear factor {b}: the antiderivative is a logarithm" +
                (", divided by {a}, the coefficient of {x} (substitute u = {b})." if a != 1 else "."))
        return Step(rule="log_rule", title="Logarithm rule", text=text, before=I(piece, x), after=result,
                    facts=[eq(I(1 / x, x), sp.log(sp.Abs(x)))], math={"b": base, "a": a, "x": x})
    result = times(A / (a * (1 - power)), sp.Pow(base, 1 - power))
    text = "A power of the linear factor {b}: raise the exponent {n} by one and divide by the new exponent and by {a}."
    return Step(rule="power_rule", title="Power rule", text=text, before=I(piece, x), after=result,
                math={"b": base, "a": a, "n": sp.Integer(-power)})


def _quadratic_piece(num, q, power, x, piece):
    """∫ (Bx+C)/(ax²+bx+c)^j dx: split off the derivative of the quadratic, then arctangent / reduction."""
    a, b, c = sp.Poly(q, x).all_coeffs()
    B, C = (sp.Poly(num, x).all_coeffs() + [0, 0])[:2] if sp.degree(num, x) == 1 else (0, num)
    if sp.degree(num, x) == 1:
        B, C = sp.Poly(num, x).all_coeffs()
    dq = 2 * a * x + b
    k1 = B / (2 * a)
    k2 = sp.simplify(C - B * b / (2 * a))
    subs = []
    if k1 != 0:
        subs.append(_derivative_over_power(k1, q, dq, power, x))
    if k2 != 0:
        subs.append(_constant_over_quadratic(k2, q, power, x))
    if len(subs) == 1:
        subs[0].before = I(piece, x)
        return subs[0]
    split = plus(times(k1, sp.Mul(dq, sp.Pow(q**power, -1), evaluate=False)),
                 sp.Mul(k2, sp.Pow(q**power, -1), evaluate=False))
    text = ("Write the numerator as a multiple of the derivative of {q}, which is {dq}, plus a constant: "
            "{split}.")
    return Step(rule="split_numerator", title="Split off the derivative of the denominator", text=text,
                before=I(piece, x), after=plus(*[s.after for s in subs]), substeps=subs,
                facts=[eq(piece, split)], math={"q": q, "dq": dq, "split": split})


def _derivative_over_power(k, q, dq, power, x):
    """∫ k·q'/qʲ dx -> k·ln|q|  or  k·q^(1−j)/(1−j)   (u = q)"""
    u = sp.Symbol("u", real=True)
    a, b, c = sp.Poly(q, x).all_coeffs()
    always_positive = bool(a > 0 and b**2 - 4 * a * c < 0)
    if power == 1:
        result = times(k, sp.log(q) if always_positive else log_abs(q))
        text = "The numerator is the derivative of the denominator: substitute {u_def}, {du_def}; the integral of 1/u is ln|u|."
    else:
        result = times(k / (1 - power), sp.Pow(q, 1 - power))
        text = "The numerator is the derivative of {q}: substitute {u_def}, {du_def}, and use the power rule in u."
    return Step(rule="derivative_divides", title="Numerator is the derivative of the denominator", text=text,
                before=I(times(k, sp.Mul(dq, sp.Pow(q**power, -1), evaluate=False)), x), after=result,
                facts=[eq(u, q), eq(differential(u), times(dq, differential(x)))],
                math={"u_def": eq(u, q), "du_def": eq(differential(u), times(dq, differential(x))), "q": q})


def _constant_over_quadratic(k, q, power, x):
    """∫ k/(a((x+h)² + m²))ʲ dx: complete the square; arctangent, or the reduction formula for j > 1"""
    a, b, c = sp.Poly(q, x).all_coeffs()
    h = _tidy_number(b / (2 * a))
    m2 = _tidy_number(sp.simplify((4 * a * c - b**2) / (4 * a**2)))
    shifted = times(a, plus(sp.Pow(plus(x, h), 2), m2)) if h != 0 else times(a, plus(sp.Pow(x, 2), m2))
    t = x + h
    result = _tidy_number(sp.expand(k / a**power)) * _reduction(t, m2, power)
    if power == 1:
        m = _tidy_number(sp.sqrt(m2))
        result = _tidy_number(k / (a * m)) * sp.atan(sp.factor(t / m))
    k_over = sp.Mul(k, sp.Pow(q**power, -1), evaluate=False)
    M = sp.Symbol("k", positive=True)
    T = sp.Symbol("w" if x.name == "t" else "t")  # the shifted variable, never the integration variable's name
    shift = "with {T} = {t} " if h != 0 else ""
    if power == 1:
        text = "Complete the square, {q} = {square}; " + shift + "this is the standard arctangent form."
        facts = [eq(q, shifted), eq(I(1 / (T**2 + M**2), T), sp.atan(T / M) / M)]
    else:
        n = sp.Symbol("n")
        J = sp.Function("J")
        facts = [eq(q, shifted),
                 eq(J(n), T / (2 * M**2 * (n - 1) * (T**2 + M**2)**(n - 1)) + (2 * n - 3) / (2 * M**2 * (n - 1)) * J(n - 1)),
                 eq(J(1), sp.atan(T / M) / M)]
        text = ("Complete the square, {q} = {square}; " + shift + "use the reduction formula for "
                "J(n), the integral of 1/({T}^2 + k^2)^n, {p} times down to the arctangent.")
    return Step(rule="arctan_rule" if power == 1 else "reduction_formula",
                title="Arctangent form" if power == 1 else "Reduction formula",
                text=text, before=I(k_over, x), after=result, facts=facts,
                math={"q": q, "square": shifted, "t": t, "T": T, "p": sp.Integer(power - 1)})


def _tidy_number(c):
    """A constant with radicals in its simplest written form: rational denominator, nested
    roots undone (12/(19 − 8√3) -> 12(19 + 8√3)/169)."""
    if c.is_Rational or not c.is_number:
        return c
    return sp.sqrtdenest(sp.radsimp(c))


def _reduction(t, m2, n):
    """∫ dt/(t² + m²)ⁿ as an expression in t (the classical reduction formula)."""
    m = _tidy_number(sp.sqrt(m2))
    if n == 1:
        return sp.atan(sp.factor(t / m)) / m
    return t / (2 * m2 * (n - 1) * (t**2 + m2) ** (n - 1)) + sp.Rational(2 * n - 3, 2 * (n - 1)) / m2 * _reduction(t, m2, n - 1)
