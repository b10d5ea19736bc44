"""Expectation, variance and Bayes' theorem with steps.

``expectation(dist, g)`` explains E[g(X)] for a distribution from ``distributions``:

- a finite table: the defining sum Σ g(x)·P(X = x) written out term by term, then added;
- a series (Poisson, Geometric, ...): linearity where g is a sum, then the defining series;
- a density: linearity where g is a sum, then ∫ g(x) f(x) dx with the integral engine's steps.

``variance`` builds on it (E[X²] − E[X]², or E[(X − μ)²] from the definition) and the
information engine reuses it for differential entropy and KL divergence.  Everything
returns ``Worked(steps, value)``; ``explain_*`` wrap the result in a verified Derivation.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.common import plain_symbols
from symtutor.engine.derivatives import minus, plus, times
from symtutor.engine.distributions import Continuous, Distribution, Finite, Series, known_moments, stats_variable
from symtutor.engine.probability_integrals import evaluate_integral, integral_step, tidy
from symtutor.engine.probability_symbols import Expectation, Prob, StdDev, Variance, expand_logb, g as g_at
from symtutor.errors import UnsupportedError
from symtutor.steps import CAS_RULE, Derivation, Step


@dataclass
class Worked:
    """Steps and the value they arrive at."""

    steps: list[Step]
    value: sp.Expr
    notes: list[str] = field(default_factory=list)


def short(value) -> str:
    """A number for a sentence: exact values as they are, decimals to 6 significant digits."""
    if isinstance(value, sp.Basic) and value.is_number and (value.has(sp.Float) or not value.is_Rational):
        return f"{float(value):.6g}"
    return sp.sstr(value)


def written_product(a, b):
    """a·b exactly as written (no factor dropped, nothing evaluated)."""
    return sp.Mul(a, b, evaluate=False)


def written_sum(terms):
    """t1 + t2 + ... as written; a single term stands alone."""
    terms = list(terms)
    if len(terms) == 1:
        return terms[0]
    return sp.Add(*terms, evaluate=False)


def eq(a, b):
    return sp.Eq(a, b, evaluate=False)


def rv_symbol(dist: Distribution, name: str = "X") -> sp.Symbol:
    return sp.Symbol(name)


def shown(g, dist, X):
    """g(X) for display: the distribution's variable replaced by the random variable's name."""
    return plain_symbols(g.xreplace({dist.var: X})) if hasattr(dist, "var") else g


# --- the defining sum -------------------------------------------------------------------


def value_at(g, x, v):
    """g(v), simplified; a decimal stays a decimal."""
    out = g.xreplace({x: v}) if not isinstance(g, sp.Piecewise) else g.subs(x, v)
    out = sp.piecewise_fold(out) if isinstance(out, sp.Piecewise) else out
    return out if out.has(sp.Float) else sp.simplify(out)


def _is_monomial(g, x) -> bool:
    """c·x^n: its values are obvious enough not to list."""
    c, rest = g.as_independent(x, as_Add=False)
    return rest == x or (rest.is_Pow and rest.base == x and rest.exp.is_Integer)


def finite_expectation(dist: Finite, g, X) -> Worked:
    """E[g(X)] = Σ g(x)·P(X = x), term by term."""
    x = dist.var
    values = [value_at(g, x, v) for v in dist.values]
    steps = []
    i, n = sp.Symbol("i"), sp.Symbol("n")
    xi, pi = sp.Symbol("x_i"), sp.Symbol("p_i")
    gX = shown(g, dist, X)
    body = g.xreplace({x: xi}) if _is_monomial(g, x) else g_at(xi)
    definition = eq(Expectation(gX), sp.Sum(written_product(body, pi), (i, 1, n)))
    if not _is_monomial(g, x):
        facts = [eq(g_at(v), val) for v, val in zip(dist.values, values)]
        steps.append(Step(rule="evaluate_g", title="Values of g",
                          text="Evaluate {gdef} at each of the {n} values of {X}.",
                          facts=facts, math={"gdef": eq(g_at(X), gX), "n": sp.Integer(len(values)), "X": X}))
    written = values
    products = [v * p for v, p in zip(values, dist.probs)]
    text = ("The expected value is the probability-weighted sum: multiply each value of {gX} by its "
            "probability and add the products.")
    named_g = g_at(X) if steps else gX
    steps.append(Step(rule="expectation_sum", title="Expectation as a weighted sum", text=text,
                      before=written_sum(written_product(w, p) for w, p in zip(written, dist.probs)),
                      after=written_sum(products), facts=[definition], math={"gX": named_g}))
    total = tidy(sp.Add(*products))
    if len(products) > 1:
        steps.append(Step(rule="add_terms", title="Add the terms", text="Add the {n} products.",
                          before=written_sum(products), after=total, math={"n": sp.Integer(len(products))}))
    return Worked(steps, total)


def series_expectation(dist: Series, g, X, moments_table: bool = False) -> Worked:
    """E[g(X)] = Σ_k g(k)·P(X = k) over the support; the series is summed by SymPy."""
    k = dist.var
    term = g * dist.pmf
    series = sp.Sum(term, (k, dist.start, dist.stop))
    try:
        value = sp.summation(term, (k, dist.start, dist.stop))
    except (NotImplementedError, ValueError) as exc:
        raise UnsupportedError(f"cannot sum the series for E[{sp.sstr(shown(g, dist, X))}]: {exc}") from None
    if value.has(sp.Sum) or value.has(sp.Piecewise):
        value = sp.piecewise_fold(value)
        if isinstance(value, sp.Piecewise):
            value = value.args[0][0]
    if value.has(sp.Sum):
        raise UnsupportedError(f"the series for E[{sp.sstr(shown(g, dist, X))}] under {sp.sstr(dist.label)} "
                               "has no closed form symtutor can find")
    value = tidy(value)
    gX = shown(g, dist, X)
    definition = Step(rule="expectation_series", title="Expectation as a series",
                      text="{X} takes the values {k} = {start}, {start1}, ... up to {stop} with {pmf}, "
                           "so the expectation is the series {gX}.",
                      math={"X": X, "k": k, "start": dist.start, "start1": dist.start + 1, "stop": dist.stop,
                            "pmf": eq(Prob(eq(X, k)), dist.pmf), "gX": eq(Expectation(gX), series)})
    known = moment_from_the_table(dist, g, X) if moments_table else None
    if known is not None:
        return Worked([definition, *known.steps], known.value)
    exponential = exponential_series_mean(dist, g)
    if exponential is not None:
        return Worked([definition, *exponential], exponential[-1].after)
    total = Step(rule=CAS_RULE, title="Series summed directly",
                 text="symtutor has no rule that explains this series; the computer algebra system sums it.",
                 before=series, after=value)
    return Worked([definition, total], value)


def exponential_series_mean(dist: Series, g) -> list[Step] | None:
    """Σ_{k≥0} k·c·aᵏ/k! = c·a·Σ_{j≥0} aʲ/j! = c·a·eᵃ  (the Poisson mean, as a textbook sums it)."""
    k = dist.var
    if g != k or dist.start != 0 or dist.stop != sp.oo:
        return None
    a = sp.simplify(dist.pmf.subs(k, k + 1) / dist.pmf * (k + 1))
    c = sp.simplify(dist.pmf.subs(k, 0))
    if a.has(k) or c.has(k) or sp.simplify(dist.pmf - c * a**k / sp.factorial(k)) != 0:
        return None
    j = sp.Symbol("j", integer=True, nonnegative=True)
    series = sp.Sum(k * dist.pmf, (k, 0, sp.oo))
    cancelled = sp.Sum(c * a**k / sp.factorial(k - 1), (k, 1, sp.oo))
    shifted = times(c * a, sp.Sum(a**j / sp.factorial(j), (j, 0, sp.oo)))
    value = tidy(c * a * sp.exp(a))
    return [Step(rule="cancel_k", title="Cancel k against k!",
                 text="The k = 0 term is 0, and {identity} for k ≥ 1.",
                 before=series, after=cancelled, math={"identity": eq(k / sp.factorial(k), 1 / sp.factorial(k - 1))}),
            Step(rule="shift_index", title="Shift the index",
                 text="Take {ca} outside and count from 0 again with {shift}.",
                 before=cancelled, after=shifted, math={"ca": c * a, "shift": eq(j, k - 1)}),
            Step(rule="exponential_series", title="Exponential series",
                 text="The series is the exponential series {identity}.",
                 before=shifted, after=value,
                 math={"identity": eq(sp.Sum(a**j / sp.factorial(j), (j, 0, sp.oo)), sp.exp(a))})]


def continuous_expectation(dist: Continuous, g, X, moments_table: bool = False) -> Worked:
    """E[g(X)] = ∫ g(x) f(x) dx over the support."""
    x = dist.var
    integrand = g * dist.pdf
    gX = shown(g, dist, X)
    definition = sp.Integral(sp.Mul(g, sp.Function("f")(x), evaluate=False), (x, dist.lower, dist.upper))
    intro = Step(rule="expectation_integral", title="Expectation as an integral",
                 text="{X} is continuous with density {pdf} for {x} from {a} to {b}, so the expectation of "
                      "{gX} is the integral of {gx} times the density.",
                 facts=[eq(Expectation(gX), definition)],
                 math={"X": X, "pdf": eq(sp.Function("f")(x), dist.pdf), "x": x, "a": dist.lower,
                       "b": dist.upper, "gX": gX, "gx": g})
    step = integral_step(integrand, x, dist.lower, dist.upper)
    if step.rule == CAS_RULE and moments_table:
        known = moment_from_the_table(dist, g, X)
        if known is not None:
            return known
    return Worked([intro, step], step.after)


def moment_from_the_table(dist: Distribution, g, X) -> Worked | None:
    """E[X] = μ, E[X²] = Var X + (E X)², E[(X − μ)²] = Var X, from the family's table of moments
    (where the integral or series has no explanation of ours: the normal density, Poisson sums).
    Only for moments that are ingredients (entropy, KL), never for the mean or variance asked for."""
    moments = known_moments(dist)
    if not moments:
        return None
    x, mean, variance = dist.var, moments["mean"], moments["variance"]
    if sp.expand(g - x) == 0:
        value, identity = mean, eq(Expectation(X), mean)
    elif sp.expand(g - x**2) == 0:
        value = tidy(variance + mean**2)
        identity = eq(Expectation(X**2), plus(Variance(X), sp.Pow(Expectation(X), 2)))
    elif sp.expand(g - (x - mean) ** 2) == 0:
        value, identity = variance, eq(Expectation((X - mean) ** 2), Variance(X))
    else:
        return None
    step = Step(rule="table_of_moments", title="Moments of the distribution",
                text="{X} has the {family} distribution, whose mean is {mean} and variance {variance} (table of "
                     "distributions); so {identity} gives {result}.",
                math={"X": X, "family": sp.Symbol(dist.named), "mean": mean, "variance": variance,
                      "identity": identity, "result": eq(Expectation(shown(g, dist, X)), value)})
    return Worked([step], value)


_BY_KIND = {"finite": finite_expectation, "series": series_expectation, "continuous": continuous_expectation}


def _split_linear(g, x):
    """g = c0 + Σ c_i·h_i(x) with constants c_i: [(c_i, h_i)] and c0, or None if there is nothing to split."""
    terms = sp.Add.make_args(g)
    const = sp.Add(*[t for t in terms if not t.has(x)])
    pieces = []
    for t in terms:
        if t.has(x):
            c, h = t.as_independent(x, as_Add=False)
            pieces.append((c, h))
    if len(pieces) == 1 and pieces[0][0] == 1 and const == 0:
        return None
    if not pieces:
        return None
    return pieces, const


def _moment_form(g, dist):
    """Polynomial pieces of g written as powers of x (E[X], E[X²] are the integrals that
    are easy), except (x − mean)², whose expectation is the variance."""
    x = dist.var
    mean = known_moments(dist).get("mean")
    out = []
    for t in sp.Add.make_args(g):
        c, h = t.as_independent(x, as_Add=False)
        centred = mean is not None and h.is_polynomial(x) and sp.expand(h - (x - mean) ** 2) == 0
        if h.has(x) and h.is_polynomial(x) and not _is_monomial(h, x) and not centred:
            out.append(sp.expand(t))
        else:
            out.append(t)
    return sp.Add(*out)


def linearity(dist, g, X, moments_table: bool = False) -> Worked | None:
    """E[c0 + Σ c_i h_i(X)] = c0 + Σ c_i E[h_i(X)] — each E[h_i(X)] worked on its own."""
    moments = _moment_form(g, dist) if dist.kind == "continuous" else g
    steps = []
    if moments != g:
        steps.append(Step(rule="expand_polynomial", title="Expand into powers of the variable",
                          text="Multiply out so that only the moments E[X], E[X^2], ... remain to be found.",
                          before=g, after=moments))
        g = moments
    worked = _linear_parts(dist, g, X, moments_table)
    if worked is None:
        if not steps:
            return None
        direct = _direct(dist, g, X, moments_table)
        return Worked(steps + direct.steps, direct.value)
    return Worked(steps + worked.steps, worked.value)


def _linear_parts(dist, g, X, moments_table: bool = False) -> Worked | None:
    split = _split_linear(g, dist.var)
    if split is None:
        return None
    pieces, const = split
    subs, values = [], []
    for c, h in pieces:
        worked = _direct(dist, h, X, moments_table)
        hX = shown(h, dist, X)
        subs.append(Step(rule="expectation_part", title="One expectation", text="Work out {Eh}.",
                         substeps=worked.steps,
                         math={"Eh": eq(Expectation(hX), worked.value)}))
        values.append(worked.value)
    rhs = plus(const, *[times(c, Expectation(shown(h, dist, X))) for c, h in pieces])
    lin = Step(rule="linearity_of_expectation", title="Linearity of expectation",
               text="The expectation of a sum is the sum of the expectations, and constant factors come "
                    "out: {identity}.",
               substeps=subs, math={"identity": eq(Expectation(shown(g, dist, X)), rhs)})
    combined = plus(const, *[times(c, sp.Mul(1, v, evaluate=False) if v.is_Add else v)
                             for (c, _), v in zip(pieces, values)])
    total = tidy(sp.Add(const, *[c * v for (c, _), v in zip(pieces, values)]))
    steps = [lin]
    if combined != total:
        steps.append(Step(rule="combine", title="Combine", text="Put the expectations together.",
                          before=combined, after=total))
    return Worked(steps, total)


def _direct(dist, g, X, moments_table: bool = False) -> Worked:
    if not g.has(dist.var):
        step = Step(rule="expectation_of_constant", title="Expectation of a constant",
                    text="{c} does not depend on {X}, so its expectation is itself.",
                    math={"c": g, "X": X})
        return Worked([step], g)
    if dist.kind == "finite":
        return finite_expectation(dist, g, X)
    return _BY_KIND[dist.kind](dist, g, X, moments_table)


def expectation(dist: Distribution, g, X=None, *, split: bool = True, moments_table: bool = False) -> Worked:
    """Steps for E[g(X)], using linearity first for series and densities when g is a sum."""
    X = X if X is not None else sp.Symbol("X")
    if split and dist.kind != "finite":
        worked = linearity(dist, g, X, moments_table)
        if worked is not None:
            return worked
    return _direct(dist, g, X, moments_table)


# --- checking the distribution --------------------------------------------------------------


def table_check_step(dist: Finite) -> Step:
    """The probabilities add to 1 (each already checked to be in [0, 1])."""
    total = sp.Add(*dist.probs)
    total = sp.Float(round(float(total), 12)) if total.has(sp.Float) else sp.simplify(total)
    return Step(rule="check_distribution", title="Check the distribution",
                text="Every probability is between 0 and 1 and together they add to 1, so this is a "
                     "probability distribution.",
                before=written_sum(dist.probs), after=total)


def named_table_step(dist: Finite, X) -> Step:
    """A named discrete distribution written out as a table of probabilities."""
    facts = [eq(Prob(eq(X, v)), p) for v, p in zip(dist.values, dist.probs)]
    formula = dist.formula.xreplace({sp.Symbol("X"): X}) if dist.formula is not None else None
    given = [eq(sp.Symbol(name), value) for name, value in dist.params.items()
             if formula is not None and sp.Symbol(name) in formula.free_symbols]
    if formula is None:
        text = "{X} follows {label}:"
    elif given:
        text = "{X} follows {label}, so {formula} with {given}; value by value:"
    else:
        text = "{X} follows {label}, so {formula}; value by value:"
    return Step(rule="distribution_table", title="Probability table", text=text, facts=facts,
                math={"X": X, "label": plain_symbols(dist.label), "formula": formula,
                      "given": given[0] if len(given) == 1 else sp.Tuple(*given)})


def density_check_step(dist: Continuous) -> Step:
    """A learner's density integrates to 1 over its support (shown with the integral's steps)."""
    step = integral_step(dist.pdf, dist.var, dist.lower, dist.upper, title="The density integrates to 1")
    intro = Step(rule="check_density", title="Check the density",
                 text="A density is never negative and its integral over the support, {x} from {a} to {b}, "
                      "is 1.",
                 substeps=[step], math={"x": dist.var, "a": dist.lower, "b": dist.upper})
    return intro


def setup_steps(dist: Distribution, X) -> list[Step]:
    """What is shown before any expectation: the table, or the check of a learner's distribution."""
    if isinstance(dist, Finite):
        if dist.named:
            return [named_table_step(dist, X)]
        return [table_check_step(dist)]
    if isinstance(dist, Continuous) and not dist.named:
        return [density_check_step(dist)]
    return []


# --- verification -----------------------------------------------------------------------


def _evaluate_unevaluated(expr):
    """Definite integrals and sums inside ``expr`` carried out (for checking steps)."""
    if not isinstance(expr, sp.Basic):
        return expr
    expr = expand_logb(expr)
    if expr.has(sp.Integral):
        expr = expr.replace(lambda e: isinstance(e, sp.Integral) and all(len(l) == 3 for l in e.limits),
                            lambda e: evaluate_integral(e.function, *e.limits[0]) if len(e.limits) == 1
                            else e.doit())
    if expr.has(sp.Sum):
        expr = expr.replace(lambda e: isinstance(e, sp.Sum), lambda e: e.doit())
    return expr


def failing_probability_steps(steps, domain=()) -> list[Step]:
    """Like ``verify.failing_steps``, with definite integrals and series evaluated first."""
    bad = []
    for top in steps:
        for s in top.walk():
            if s.before is None or s.after is None:
                continue
            before, after = _evaluate_unevaluated(s.before), _evaluate_unevaluated(s.after)
            if not _same(before, after, domain):
                bad.append(s)
    return bad


def check(derivation: Derivation, reference, reference_name: str, domain=(), *, extra=()) -> Derivation:
    """Answer against ``reference`` (and optional (value, name) pairs), every step; record it all."""
    domain = list(domain)
    answer = _evaluate_unevaluated(derivation.answer)
    ok = reference is not None and _same(answer, reference, domain)
    if reference is not None:
        derivation.checks.append(f"answer {'agrees' if ok else 'DISAGREES'} with {reference_name}")
    for value, name in extra:
        agrees = _same(answer, value, domain)
        ok = ok and agrees
        derivation.checks.append(f"{'agrees' if agrees else 'DISAGREES'} with {name}")
    bad = failing_probability_steps(derivation.steps, domain)
    total = sum(1 for _ in derivation.walk())
    derivation.checks.append(f"{total - len(bad)} of {total} steps check out" if bad else
                             f"all {total} steps check out")
    derivation.verified = bool(ok) and not bad
    return derivation


def _same(a, b, domain) -> bool:
    from symtutor.verify import equivalent

    if isinstance(a, (list, tuple, sp.Tuple)) or isinstance(b, (list, tuple, sp.Tuple)):
        return len(a) == len(b) and all(_same(p, q, domain) for p, q in zip(a, b))
    a, b = expand_logb(as_sympy(a)), expand_logb(as_sympy(b))
    if isinstance(a, sp.Basic) and isinstance(b, sp.Basic) and (a.has(sp.Float) or b.has(sp.Float)):
        if not (a.free_symbols or b.free_symbols):
            fa, fb = complex(a.evalf()), complex(b.evalf())
            return abs(fa - fb) <= 1e-9 * max(1.0, abs(fa), abs(fb))
    return equivalent(a, b, domain=domain)


def stats_reference(dist, compute):
    """``compute(sympy.stats random variable)``, or None when sympy.stats cannot say."""
    try:
        rv = stats_variable(dist)
        return compute(rv)
    except (UnsupportedError, NotImplementedError, ValueError, TypeError, AttributeError):
        return None


# --- whole derivations ----------------------------------------------------------------------


def _problem(dist, g=None, X=None) -> dict:
    out = {"distribution": plain_symbols(dist.label) if isinstance(dist.label, sp.Basic) else dist.label}
    if g is not None:
        out["g"] = shown(g, dist, X)
    if isinstance(dist, Continuous):
        out["support"] = sp.Tuple(dist.lower, dist.upper)
    return out


def _statement_rv(dist, X):
    return X


def explain_expectation(dist: Distribution, g, X=None, *, input_text: str = "") -> Derivation:
    """The derivation of E[g(X)], checked against sympy.stats (and the textbook mean when g = X)."""
    X = X if X is not None else sp.Symbol("X")
    worked = expectation(dist, g, X)
    steps = setup_steps(dist, X) + worked.steps
    answer = plain_symbols(worked.value)
    derivation = Derivation(task="expect", input=input_text, problem=_problem(dist, g, X),
                            statement=Expectation(shown(g, dist, X)), steps=steps, answer=answer,
                            notes=list(worked.notes))
    from sympy import stats

    reference = stats_reference(dist, lambda rv: stats.E(g.xreplace({dist.var: rv})))
    extra = []
    known = known_moments(dist)
    if g == dist.var and "mean" in known:
        extra.append((known["mean"], f"the {dist.named} mean formula {sp.sstr(plain_symbols(known['mean']))}"))
    if reference is None:
        reference = _direct_reference(dist, g)
        name = "direct summation" if dist.kind != "continuous" else "SymPy's integrate"
    else:
        name = "sympy.stats E"
    return check(derivation, reference, name, dist.domain(), extra=extra)


def _direct_reference(dist, g):
    if isinstance(dist, Finite):
        return sp.Add(*[g.subs(dist.var, v) * p for v, p in zip(dist.values, dist.probs)])
    if isinstance(dist, Continuous):
        return sp.integrate(g * dist.pdf, (dist.var, dist.lower, dist.upper), conds="none")
    return sp.summation(g * dist.pmf, (dist.var, dist.start, dist.stop))


def variance(dist: Distribution, X, *, definition: bool = False) -> tuple[list[Step], sp.Expr, sp.Expr]:
    """Steps for Var(X) and (value, mean): E[X²] − E[X]², or E[(X − μ)²] with ``definition``."""
    x = dist.var
    mean = expectation(dist, x, X)
    mu = mean.value
    steps = [Step(rule="mean", title="The mean", text="First the mean, {EX}.", substeps=mean.steps,
                  math={"EX": eq(Expectation(X), mu)})]
    if definition:
        centred = (x - mu) ** 2
        second = expectation(dist, centred, X, split=False)
        steps.append(Step(rule="variance_definition", title="Variance from the definition",
                          text="The variance is the expected squared distance from the mean, {identity}.",
                          substeps=second.steps,
                          math={"identity": eq(Variance(X), Expectation((X - plain_symbols(mu)) ** 2))}))
        value = tidy(second.value)
        if value != second.value:
            steps.append(Step(rule="simplify", title="Simplify", text="Simplify.", before=second.value,
                              after=value))
        return steps, value, mu
    m2 = expectation(dist, x**2, X)
    steps.append(Step(rule="second_moment", title="The second moment", text="Next {EX2}.", substeps=m2.steps,
                      math={"EX2": eq(Expectation(X**2), m2.value)}))
    value = tidy(m2.value - mu**2)
    shortcut = minus(m2.value, sp.Pow(mu, 2, evaluate=False))
    steps.append(Step(rule="variance_shortcut", title="Variance = E[X^2] - E[X]^2",
                      text="Subtract the square of the mean from the second moment.",
                      before=shortcut, after=value,
                      facts=[eq(Variance(X), minus(Expectation(X**2), Expectation(X) ** 2))]))
    return steps, value, mu


def explain_variance(dist: Distribution, X=None, *, definition: bool = False, input_text: str = "") -> Derivation:
    """The derivation of Var(X) and the standard deviation, checked against sympy.stats."""
    X = X if X is not None else sp.Symbol("X")
    steps, value, _mu = variance(dist, X, definition=definition)
    sd = tidy(sp.sqrt(value))
    plain_root = sp.sqrt(value) == sd
    steps.append(Step(rule="standard_deviation", title="Standard deviation",
                      text="The standard deviation is the square root of the variance, in the units of {X}"
                           + (": {sd}." if plain_root else "."),
                      before=None if plain_root else sp.Pow(value, sp.S.Half, evaluate=False),
                      after=None if plain_root else sd,
                      facts=[eq(StdDev(X), sp.sqrt(Variance(X)))], math={"X": X, "sd": eq(StdDev(X), sd)}))
    answer = plain_symbols(value)
    derivation = Derivation(task="variance", input=input_text, problem=_problem(dist, None, X),
                            statement=Variance(X), steps=setup_steps(dist, X) + steps, answer=answer)
    sd_plain = plain_symbols(sd)
    derivation.notes.append(f"standard deviation SD({X}) = {sp.sstr(sd_plain)}"
                            + (f" ≈ {sp.N(sd_plain, 6)}" if sd_plain.is_number and not sd_plain.is_Rational else ""))
    derivation.problem["standard_deviation"] = sd_plain
    from sympy import stats

    reference = stats_reference(dist, lambda rv: stats.variance(rv))
    extra = []
    known = known_moments(dist)
    if "variance" in known:
        extra.append((known["variance"], f"the {dist.named} variance formula "
                                         f"{sp.sstr(plain_symbols(known['variance']))}"))
    name = "sympy.stats variance"
    if reference is None:
        reference = tidy(_direct_reference(dist, dist.var**2) - _direct_reference(dist, dist.var) ** 2)
        name = "direct computation"
    return check(derivation, reference, name, dist.domain(), extra=extra)


# --- Bayes' theorem -----------------------------------------------------------------------


def explain_bayes(prior, likelihood, false_positive=None, evidence=None, *, input_text: str = "",
                  hypothesis: str = "A", observation: str = "B") -> Derivation:
    """P(A | B) = P(B | A)·P(A) / P(B), with P(B) by the law of total probability."""
    A, B = sp.Symbol(hypothesis), sp.Symbol(observation)
    notA = sp.Not(A)
    steps = []
    if evidence is None:
        complement = 1 - prior
        steps.append(Step(rule="complement", title="Complement", text="{A} either holds or not: {rule}.",
                          before=minus(sp.S.One, prior), after=complement,
                          math={"A": A, "rule": eq(Prob(notA), 1 - Prob(A))}))
        terms = [written_product(likelihood, prior), written_product(false_positive, complement)]
        products = [likelihood * prior, false_positive * complement]
        evidence = sp.Add(*products)
        law = eq(Prob(B), plus(times(Prob(B, A), Prob(A)), times(Prob(B, notA), Prob(notA))))
        steps.append(Step(rule="total_probability", title="Law of total probability",
                          text="{B} happens either with {A} or without it; add the two ways: {law}.",
                          before=written_sum(terms), after=written_sum(products), math={"A": A, "B": B, "law": law}))
        steps.append(Step(rule="add_terms", title="Add", text="The evidence {PB}.",
                          before=written_sum(products), after=evidence, math={"PB": Prob(B)}))
    numerator = likelihood * prior
    posterior = numerator / evidence
    posterior = posterior if posterior.has(sp.Float) else sp.simplify(posterior)
    bayes_rule = eq(Prob(A, B), sp.Mul(Prob(B, A), Prob(A), sp.Pow(Prob(B), -1), evaluate=False))
    steps.append(Step(rule="bayes_theorem", title="Bayes' theorem",
                      text="Update the prior with the evidence: {rule}.",
                      before=sp.Mul(written_product(likelihood, prior), sp.Pow(evidence, -1, evaluate=False),
                                    evaluate=False),
                      after=posterior, math={"rule": bayes_rule}))
    derivation = Derivation(task="bayes", input=input_text,
                            problem={"prior": prior, "likelihood": likelihood, "false_positive": false_positive,
                                     "evidence": evidence},
                            statement=Prob(A, B), steps=steps, answer=posterior)
    if posterior.is_number and prior.is_number and prior != 0:
        ratio = posterior / prior
        derivation.notes.append(f"the evidence multiplies the prior probability {short(prior)} by "
                                f"{short(ratio)} to give {short(posterior)}")
        if posterior < sp.Rational(1, 2) and (likelihood.is_number and likelihood > sp.Rational(1, 2)):
            derivation.notes.append("a rare hypothesis stays fairly unlikely even after strong evidence: "
                                    "most positives come from the far larger group without it (the base rate)")
    reference = likelihood * prior / (likelihood * prior + false_positive * (1 - prior)) \
        if false_positive is not None else likelihood * prior / evidence
    return check(derivation, reference, "direct computation of Bayes' formula")
