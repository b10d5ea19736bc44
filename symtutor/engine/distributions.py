"""Probability distributions as the probability and information engines use them.

Three shapes cover every distribution symtutor explains:

- ``Finite``: a value -> probability table (a learner's table, or a named distribution
  with few outcomes written out: Bernoulli, Binomial(n, p) with a number n, DiscreteUniform);
- ``Series``: a probability mass function over k = start, start + 1, ... (Poisson,
  Geometric, Binomial with a symbolic n): sums are series;
- ``Continuous``: a density f(x) on an interval (a learner's pdf, Uniform, Normal,
  Exponential, Beta, Gamma): sums become integrals.

Named distributions are built from a name and SymPy arguments (the task layer parses the
text); parameters that are symbols get the assumptions the distribution needs (sigma > 0,
0 < p < 1 as p > 0, mu real), and numeric parameters are checked with a one-line error.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.errors import UnsupportedError, UsageError

FINITE_LIMIT = 60  # named discrete distributions with at most this many outcomes are written out
FLOAT_TOLERANCE = 1e-9  # decimals may miss a sum of 1 by this much (rounding), no more


@dataclass
class Distribution:
    """What every shape shares: a display name, parameters and their assumptions."""

    label: Any  # a SymPy object naming the distribution, e.g. Binomial(10, 1/2)
    params: dict[str, sp.Expr] = field(default_factory=dict)
    positive: list[sp.Symbol] = field(default_factory=list)  # symbolic parameters assumed > 0
    below_one: list[sp.Symbol] = field(default_factory=list)  # symbolic parameters assumed < 1
    named: str | None = None  # the family's name for named distributions
    swap: dict = field(default_factory=dict)  # plain parameter symbol -> symbol with assumptions

    kind = "abstract"

    def domain(self) -> list[sp.Expr]:
        """Expressions that are real exactly where the parameters are valid (for sampling)."""
        return [sp.sqrt(s) for s in self.positive] + [sp.sqrt(1 - s) for s in self.below_one]


@dataclass
class Finite(Distribution):
    """Finitely many outcomes ``values[i]`` with probabilities ``probs[i]``."""

    values: list[sp.Expr] = field(default_factory=list)
    probs: list[sp.Expr] = field(default_factory=list)
    var: sp.Symbol = sp.Symbol("x", real=True)  # the variable g(x) is written in
    formula: Any = None  # e.g. Eq(P(X = k), C(n, k) p^k (1 - p)^(n - k)) for named ones
    listed: bool = False  # given as a bare list of probabilities (outcomes unnamed)

    kind = "finite"

    @property
    def table(self) -> dict:
        return dict(zip(self.values, self.probs))


@dataclass
class Series(Distribution):
    """P(X = k) = ``pmf`` for integers k from ``start`` to ``stop`` (possibly oo)."""

    var: sp.Symbol = sp.Symbol("k", integer=True)
    pmf: sp.Expr = sp.S.Zero
    start: sp.Expr = sp.S.Zero
    stop: sp.Expr = sp.oo

    kind = "series"


@dataclass
class Continuous(Distribution):
    """A density ``pdf`` in ``var`` on the interval [``lower``, ``upper``]."""

    var: sp.Symbol = sp.Symbol("x", real=True)
    pdf: sp.Expr = sp.S.Zero
    lower: sp.Expr = -sp.oo
    upper: sp.Expr = sp.oo

    kind = "continuous"

    @property
    def support(self) -> sp.Interval:
        return sp.Interval(self.lower, self.upper)


# --- tables --------------------------------------------------------------------------------


def finite_from_table(table: dict, *, listed: bool = False, what: str = "the distribution") -> Finite:
    """A validated value -> probability table (``listed``: the values are just 1..n)."""
    if not table:
        raise UsageError(f"{what} has no outcomes; give at least one probability")
    values, probs = [as_sympy(v) for v in table], [as_sympy(p) for p in table.values()]
    check_probabilities(values, probs, listed=listed, what=what)
    label = sp.Tuple(*probs) if listed else sp.Dict(table)
    swap = _assumed_symbols(probs, positive=True)
    probs = [p.xreplace(swap) for p in probs]
    positive = sorted(set(swap.values()), key=lambda s: s.name)
    return Finite(label=label, values=values, probs=probs, listed=listed, positive=positive, swap=swap)


def check_probabilities(values, probs, *, listed: bool, what: str) -> None:
    """Each probability in [0, 1] and all of them adding to exactly 1, else a UsageError."""
    for i, (v, p) in enumerate(zip(values, probs), 1):
        where = f"outcome {i}" if listed else f"value {sp.sstr(v)}"
        if not isinstance(p, sp.Expr) or p.is_real is False:
            raise UsageError(f"the probability of {where} in {what} is {sp.sstr(p)}, which is not a real number")
        if p.is_number:
            if p.is_negative:
                raise UsageError(f"the probability of {where} in {what} is {sp.sstr(p)}, which is negative; "
                                 "probabilities must lie between 0 and 1")
            if (p - 1).is_positive:
                raise UsageError(f"the probability of {where} in {what} is {sp.sstr(p)}, which is more than 1; "
                                 "probabilities must lie between 0 and 1")
    total = sp.Add(*probs)
    excess = total - 1
    if total.is_number:
        if any(isinstance(p, sp.Float) for p in probs):
            off = abs(float(excess)) > FLOAT_TOLERANCE
            excess = sp.Float(round(float(excess), 12))
        else:
            off = sp.nsimplify(excess) != 0 if excess.free_symbols else sp.simplify(excess) != 0
        if off:
            direction = "more" if excess.is_positive else "less"
            raise UsageError(f"the probabilities in {what} add to {_say(total)}, which is "
                             f"{_say(abs(excess))} {direction} than 1; they must add to exactly 1")
        return
    if sp.simplify(excess) != 0:
        raise UsageError(f"the probabilities in {what} add to {sp.sstr(total)}, not 1; "
                         "write them so that they add to 1 (e.g. p and 1 - p)")


def _say(n) -> str:
    """A number for an error message: decimals without trailing noise (0.1, not 0.100000000000000)."""
    if isinstance(n, sp.Basic) and n.has(sp.Float):
        return f"{float(n):.12g}"
    return sp.sstr(n)


def _assumed_symbols(exprs, *, positive=False, real=False) -> dict:
    """Plain symbols in ``exprs`` -> symbols of the same name with assumptions."""
    free = set().union(*(as_sympy(e).free_symbols for e in exprs)) if exprs else set()
    out = {}
    for s in free:
        if not isinstance(s, sp.Symbol) or isinstance(s, sp.Dummy):
            continue
        if positive:
            out[s] = sp.Symbol(s.name, positive=True)
        elif real:
            out[s] = sp.Symbol(s.name, real=True)
    return out


# --- a learner's density ----------------------------------------------------------------------


def continuous_from_pdf(pdf: sp.Expr, var: sp.Symbol, lower, upper) -> Continuous:
    """A density on [lower, upper]; the task checks that it integrates to 1 (with steps)."""
    lower, upper = as_sympy(lower), as_sympy(upper)
    if lower.is_number and upper.is_number and not (upper - lower).is_positive:
        raise UsageError(f"the support [{sp.sstr(lower)}, {sp.sstr(upper)}] is empty; "
                         "give --support as lower,upper with lower < upper")
    x = sp.Symbol(var.name, real=True)
    others = [s for s in pdf.free_symbols | lower.free_symbols | upper.free_symbols if s != var]
    swap = {s: sp.Symbol(s.name, positive=True) for s in others if isinstance(s, sp.Symbol)}
    pdf = pdf.xreplace({var: x, **swap})
    lower, upper = lower.xreplace(swap), upper.xreplace(swap)
    _check_nonnegative(pdf, x, lower, upper)
    _check_normalised(pdf, x, lower, upper)
    label = sp.Function("f")(x)
    return Continuous(label=label, var=x, pdf=pdf, lower=lower, upper=upper, swap={**swap, var: x},
                      positive=sorted(swap.values(), key=lambda s: s.name))


def _check_normalised(pdf, x, lower, upper) -> None:
    """The density's integral over the support is 1, else a UsageError saying what it is."""
    from symtutor.engine.probability_integrals import evaluate_integral

    where = f"[{sp.sstr(lower)}, {sp.sstr(upper)}]"
    try:
        total = evaluate_integral(pdf, x, lower, upper)
    except UnsupportedError:
        raise UnsupportedError(f"cannot integrate the pdf {sp.sstr(pdf)} over {where} to check that it is a "
                               "density") from None
    if total in (sp.oo, -sp.oo, sp.zoo) or total.has(sp.oo):
        raise UsageError(f"the pdf {sp.sstr(pdf)} does not integrate to a finite value over {where}; "
                         "a density must integrate to 1 (check --support)")
    excess = total - 1
    if excess.has(sp.Float) and not excess.free_symbols:
        off = abs(float(excess)) > FLOAT_TOLERANCE
    else:
        off = sp.simplify(excess) != 0
    if off:
        hint = f"divide it by {sp.sstr(total)}" if total != 0 else "it cannot be rescaled"
        raise UsageError(f"the pdf {sp.sstr(pdf)} integrates to {sp.sstr(total)} over {where}, not 1; "
                         f"{hint} or check --support")


def _check_nonnegative(pdf, x, lower, upper) -> None:
    """A density is never negative: test a few points inside a numeric support."""
    if pdf.free_symbols - {x}:
        return
    lo = float(lower) if lower.is_finite else -10.0
    hi = float(upper) if upper.is_finite else 10.0
    if lower.is_finite and not upper.is_finite:
        hi = lo + 10
    if upper.is_finite and not lower.is_finite:
        lo = hi - 10
    for i in range(1, 20):
        point = sp.Float(lo + (hi - lo) * i / 20, 15)
        try:
            value = complex(pdf.subs(x, point).evalf())
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if abs(value.imag) > 1e-12 or value.real < -1e-12:
            raise UsageError(f"the pdf {sp.sstr(pdf)} is negative (or not real) at {x} = {float(point):g}, "
                             f"inside the support [{sp.sstr(lower)}, {sp.sstr(upper)}]; "
                             "a density is never negative")


# --- named distributions ------------------------------------------------------------------


def _sym(name: str, **assumptions) -> sp.Symbol:
    return sp.Symbol(name, **assumptions)


class _Params:
    """Arguments of a named distribution: checked when numeric, given assumptions when symbolic."""

    def __init__(self, family: str, args: list, names: tuple[str, ...]):
        if len(args) != len(names):
            want = ", ".join(names)
            raise UsageError(f"{family} takes {len(names)} parameter{'s' if len(names) != 1 else ''} "
                             f"({want}), got {len(args)}; write e.g. {family}({want})")
        self.family, self.names = family, names
        self.values = dict(zip(names, (as_sympy(a) for a in args)))
        self.swap: dict = {}
        self.positive: list = []
        self.below_one: list = []

    def _bad(self, name, why) -> UsageError:
        return UsageError(f"{self.family}: {name} = {sp.sstr(self.values[name])} {why}")

    def _assume(self, name, **assumptions):
        value = self.values[name]
        swap = {s: sp.Symbol(s.name, **assumptions) for s in value.free_symbols
                if isinstance(s, sp.Symbol) and s not in self.swap}
        self.swap.update(swap)
        self.values[name] = value = value.xreplace(self.swap)
        return value

    def real(self, name):
        value = self._assume(name, real=True)
        if value.is_number and value.is_real is False:
            raise self._bad(name, "is not a real number")
        return value

    def positive_(self, name):
        value = self._assume(name, positive=True)
        if value.is_number and not value.is_positive:
            raise self._bad(name, "must be positive")
        if value.is_Symbol:
            self.positive.append(value)
        return value

    def probability(self, name, allow_zero=True):
        value = self._assume(name, positive=True)
        if value.is_number:
            if not value.is_real or value.is_negative or (value - 1).is_positive or (value == 0 and not allow_zero):
                bounds = "between 0 and 1" if allow_zero else "in (0, 1]"
                raise self._bad(name, f"is not a probability; it must lie {bounds}")
        elif value.is_Symbol:
            self.positive.append(value)
            self.below_one.append(value)
        return value

    def integer(self, name, minimum=0):
        value = self._assume(name, integer=True, nonnegative=True)
        if value.is_number and not (value.is_integer and value >= minimum):
            raise self._bad(name, f"must be a whole number at least {minimum}")
        if value.is_Symbol:
            self.positive.append(value)
        return value

    def make(self, cls, **fields):
        label = sp.Function(self.family)(*self.values.values())
        return cls(label=label, params=dict(self.values), positive=self.positive, below_one=self.below_one,
                   named=self.family, swap=dict(self.swap), **fields)


def _P_eq(k):
    from symtutor.engine.probability_symbols import Prob

    return Prob(sp.Eq(sp.Symbol("X"), k, evaluate=False))


def _finite_named(ps: _Params, values, pmf, k, generic=None) -> Finite:
    values = [sp.Integer(v) for v in values]
    probs = [sp.simplify(pmf.subs(k, v)) if pmf.has(k) else pmf for v in values]
    probs = [sp.factor_terms(p) for p in probs]
    formula = sp.Eq(_P_eq(k), generic if generic is not None else pmf, evaluate=False)
    return ps.make(Finite, values=list(values), probs=probs, formula=formula)


def bernoulli(args):
    """Bernoulli(p): 1 with probability p, 0 with probability 1 - p."""
    ps = _Params("Bernoulli", args, ("p",))
    p = ps.probability("p")
    k = sp.Symbol("k", integer=True, nonnegative=True)
    return ps.make(Finite, values=[sp.S.Zero, sp.S.One], probs=[1 - p, p],
                   formula=sp.Eq(_P_eq(k), p**k * (1 - p) ** (1 - k), evaluate=False))


def binomial(args):
    """Binomial(n, p): the number of successes in n independent trials with success probability p."""
    ps = _Params("Binomial", args, ("n", "p"))
    n, p = ps.integer("n"), ps.probability("p")
    k = sp.Symbol("k", integer=True, nonnegative=True)
    pmf = sp.binomial(n, k) * p**k * (1 - p) ** (n - k)
    if n.is_number and n <= FINITE_LIMIT:
        N, P = sp.Symbol("n"), sp.Symbol("p")
        generic = sp.Mul(sp.binomial(N, k), P**k, (1 - P) ** (N - k), evaluate=False)
        return _finite_named(ps, range(int(n) + 1), pmf, k, generic)
    return ps.make(Series, var=k, pmf=pmf, start=sp.S.Zero, stop=n)


def geometric(args):
    """Geometric(p): the number of trials up to and including the first success (k = 1, 2, ...)."""
    ps = _Params("Geometric", args, ("p",))
    p = ps.probability("p", allow_zero=False)
    k = sp.Symbol("k", integer=True, positive=True)
    return ps.make(Series, var=k, pmf=(1 - p) ** (k - 1) * p, start=sp.S.One, stop=sp.oo)


def poisson(args):
    """Poisson(lambda): counts of rare events at rate lambda (k = 0, 1, 2, ...)."""
    ps = _Params("Poisson", args, ("lambda",))
    lam = ps.positive_("lambda")
    k = sp.Symbol("k", integer=True, nonnegative=True)
    return ps.make(Series, var=k, pmf=lam**k * sp.exp(-lam) / sp.factorial(k), start=sp.S.Zero, stop=sp.oo)


def discrete_uniform(args):
    """DiscreteUniform(a, b): each integer a, a + 1, ..., b equally likely."""
    ps = _Params("DiscreteUniform", args, ("a", "b"))
    a, b = ps.values["a"], ps.values["b"]
    if not (a.is_Integer and b.is_Integer):
        raise UsageError(f"DiscreteUniform(a, b) needs whole-number endpoints, got ({sp.sstr(a)}, {sp.sstr(b)}); "
                         "write e.g. DiscreteUniform(1, 6)")
    if b < a:
        raise UsageError(f"DiscreteUniform({a}, {b}): the first endpoint must not exceed the second")
    count = b - a + 1
    k = sp.Symbol("k", integer=True)
    if count <= FINITE_LIMIT:
        A, B = sp.Symbol("a"), sp.Symbol("b")
        generic = sp.Pow(sp.Add(B, -A, 1, evaluate=False), -1, evaluate=False)
        return _finite_named(ps, range(int(a), int(b) + 1), 1 / count, k, generic)
    return ps.make(Series, var=k, pmf=1 / count, start=a, stop=b)


def _x():
    return sp.Symbol("x", real=True)


def uniform(args):
    """Uniform(a, b): density 1/(b - a) on [a, b]."""
    ps = _Params("Uniform", args, ("a", "b"))
    a, b = ps.real("a"), ps.real("b")
    if (b - a).is_number and not (b - a).is_positive:
        raise UsageError(f"Uniform(a, b) needs a < b, got a = {sp.sstr(a)}, b = {sp.sstr(b)}")
    dist = ps.make(Continuous, var=_x(), pdf=1 / (b - a), lower=a, upper=b)
    if not (b - a).is_number:
        width = sp.Symbol("w", positive=True)
        dist.positive.append(width)  # not a parameter: b - a > 0 is what the formulas need
    return dist


def normal(args):
    """Normal(mu, sigma): mean mu, standard deviation sigma."""
    ps = _Params("Normal", args, ("mu", "sigma"))
    mu, sigma = ps.real("mu"), ps.positive_("sigma")
    x = _x()
    pdf = sp.exp(-(x - mu) ** 2 / (2 * sigma**2)) / (sigma * sp.sqrt(2 * sp.pi))
    return ps.make(Continuous, var=x, pdf=pdf, lower=-sp.oo, upper=sp.oo)


def exponential(args):
    """Exponential(lambda): density lambda e^(-lambda x) for x >= 0 (rate lambda)."""
    ps = _Params("Exponential", args, ("lambda",))
    lam = ps.positive_("lambda")
    x = _x()
    return ps.make(Continuous, var=x, pdf=lam * sp.exp(-lam * x), lower=sp.S.Zero, upper=sp.oo)


def beta(args):
    """Beta(a, b): density x^(a-1) (1-x)^(b-1) / B(a, b) on [0, 1]."""
    ps = _Params("Beta", args, ("a", "b"))
    a, b = ps.positive_("a"), ps.positive_("b")
    x = _x()
    norm = sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b)
    return ps.make(Continuous, var=x, pdf=x ** (a - 1) * (1 - x) ** (b - 1) / norm, lower=sp.S.Zero, upper=sp.S.One)


def gamma(args):
    """Gamma(k, theta): shape k, scale theta; density x^(k-1) e^(-x/theta) / (Gamma(k) theta^k), x >= 0."""
    ps = _Params("Gamma", args, ("k", "theta"))
    k, theta = ps.positive_("k"), ps.positive_("theta")
    x = _x()
    pdf = x ** (k - 1) * sp.exp(-x / theta) / (sp.gamma(k) * theta**k)
    return ps.make(Continuous, var=x, pdf=pdf, lower=sp.S.Zero, upper=sp.oo)


NAMED: dict[str, Callable[[list], Distribution]] = {
    "bernoulli": bernoulli,
    "binomial": binomial,
    "geometric": geometric,
    "poisson": poisson,
    "discreteuniform": discrete_uniform,
    "uniform": uniform,
    "normal": normal,
    "gaussian": normal,
    "exponential": exponential,
    "beta": beta,
    "gamma": gamma,
}

FAMILY_NAMES = ("Bernoulli(p)", "Binomial(n, p)", "Geometric(p)", "Poisson(lambda)", "DiscreteUniform(a, b)",
                "Uniform(a, b)", "Normal(mu, sigma)", "Exponential(lambda)", "Beta(a, b)", "Gamma(k, theta)")


def named_distribution(name: str, args: list) -> Distribution:
    """The distribution ``name(*args)`` (name case-insensitive), parameters checked."""
    builder = NAMED.get(name.replace("_", "").lower())
    if builder is None:
        raise UsageError(f"unknown distribution {name!r}; symtutor knows " + ", ".join(FAMILY_NAMES))
    return builder(list(args))


# --- references: what sympy.stats says ------------------------------------------------------


def stats_variable(dist: Distribution, name: str = "X"):
    """The same distribution as a ``sympy.stats`` random variable (for verification)."""
    from sympy import stats

    if isinstance(dist, Finite):
        return stats.FiniteRV(name, {v: p for v, p in zip(dist.values, dist.probs)})
    if isinstance(dist, Continuous):
        p = dist.params
        builders = {
            "Uniform": lambda: stats.Uniform(name, p["a"], p["b"]),
            "Normal": lambda: stats.Normal(name, p["mu"], p["sigma"]),
            "Exponential": lambda: stats.Exponential(name, p["lambda"]),
            "Beta": lambda: stats.Beta(name, p["a"], p["b"]),
            "Gamma": lambda: stats.Gamma(name, p["k"], p["theta"]),
        }
        if dist.named in builders:
            return builders[dist.named]()
        return stats.ContinuousRV(dist.var, dist.pdf, set=dist.support)
    if isinstance(dist, Series):
        builders = {
            "Poisson": lambda p: stats.Poisson(name, p["lambda"]),
            "Geometric": lambda p: stats.Geometric(name, p["p"]),
            "Binomial": lambda p: stats.Binomial(name, p["n"], p["p"]),
        }
        if dist.named in builders:
            return builders[dist.named](dist.params)
    raise UnsupportedError(f"sympy.stats has no form of {sp.sstr(dist.label)} to check against")


def known_moments(dist: Distribution) -> dict[str, sp.Expr]:
    """Textbook mean and variance of a named family (used as an extra check)."""
    p = dist.params
    formulas: dict[str, Callable[[], tuple]] = {
        "Bernoulli": lambda: (p["p"], p["p"] * (1 - p["p"])),
        "Binomial": lambda: (p["n"] * p["p"], p["n"] * p["p"] * (1 - p["p"])),
        "Geometric": lambda: (1 / p["p"], (1 - p["p"]) / p["p"] ** 2),
        "Poisson": lambda: (p["lambda"], p["lambda"]),
        "DiscreteUniform": lambda: ((p["a"] + p["b"]) / 2, ((p["b"] - p["a"] + 1) ** 2 - 1) / 12),
        "Uniform": lambda: ((p["a"] + p["b"]) / 2, (p["b"] - p["a"]) ** 2 / 12),
        "Normal": lambda: (p["mu"], p["sigma"] ** 2),
        "Exponential": lambda: (1 / p["lambda"], 1 / p["lambda"] ** 2),
        "Beta": lambda: (p["a"] / (p["a"] + p["b"]), p["a"] * p["b"] / ((p["a"] + p["b"]) ** 2 * (p["a"] + p["b"] + 1))),
        "Gamma": lambda: (p["k"] * p["theta"], p["k"] * p["theta"] ** 2),
    }
    if dist.named not in formulas:
        return {}
    mean, variance = formulas[dist.named]()
    return {"mean": mean, "variance": variance}
