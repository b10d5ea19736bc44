"""Entropy, cross-entropy and KL divergence with steps.

Discrete quantities are written out term by term (−Σ p·log p, −Σ p·log q, Σ p·log(p/q)),
with the conventions that make them well defined stated where they are used: 0·log 0 = 0,
and a q = 0 where p > 0 makes the cross-entropy and the divergence +∞.  Continuous ones
are expectations of a logarithm, E[−ln f(X)] or E_p[ln p(X) − ln q(X)]: the logarithm is
expanded into a sum and the probability engine takes the expectation term by term
(linearity), with the integral engine's steps for each integral.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import plain_symbols
from symtutor.engine.derivatives import minus
from symtutor.engine.distributions import Continuous, Distribution, Finite
from symtutor.engine.probability import (Worked, check, eq, expectation, setup_steps, stats_reference, written_sum)
from symtutor.engine.probability_integrals import tidy
from symtutor.engine.probability_symbols import (CrossEntropy, DifferentialEntropy, Entropy, Expectation, KL,
                                                 expand_logb, log_in_base, logb)
from symtutor.errors import UnsupportedError, UsageError
from symtutor.steps import Derivation, Step

UNITS = {sp.Integer(2): "bits", sp.E: "nats", sp.Integer(10): "hartleys"}

P_NAME, Q_NAME = sp.Symbol("p"), sp.Symbol("q")


def unit(base) -> str:
    return UNITS.get(base, f"base-{sp.sstr(base)} units")


def written_log(x, base):
    """log_b(x) exactly as written (log(1/2) stays log(1/2))."""
    if base == sp.E:
        return sp.log(x, evaluate=False)
    return logb(x, base, evaluate=False)


def _number(value):
    """Decimals in, a decimal out; exact values tidied (logarithms of numbers expanded: 2 ln 2 - ln(3)/2)."""
    if isinstance(value, sp.Basic) and value.has(sp.Float) and not value.free_symbols:
        return sp.Float(expand_logb(value).evalf(15), 15)
    if value.has(logb):
        return value
    if value.has(sp.log) and not value.free_symbols:
        expanded = sp.expand_log(value, force=True)
        return expanded if sp.count_ops(expanded) <= 2 * sp.count_ops(tidy(value)) + 4 else tidy(value)
    return tidy(value)


def _total(terms):
    total = sp.Add(*terms)
    return _number(total)


# --- entropy ------------------------------------------------------------------------------


def zero_terms_step(zeros: list[int], quantity: str) -> Step:
    """0·log 0 = 0 (and 0·log q = 0): outcomes of probability 0 contribute nothing."""
    p = sp.Symbol("p", positive=True)
    which = ", ".join(str(i) for i in zeros)
    if quantity == "entropy":
        text = ("Outcome{s} {which} ha{ve} probability 0. By convention 0·log 0 = 0, the limit of "
                "{limit_expr} as p tends to 0 from above (an impossible outcome adds no surprise), so "
                "{they} add nothing to the {quantity}.")
    else:
        text = ("Outcome{s} {which} ha{ve} probability 0 under p, so {they} add nothing to the {quantity}: "
                "the term is 0 times a logarithm, and even where q is 0 too the convention 0·log 0 = 0 "
                "(the limit of {limit_expr} as p tends to 0 from above) applies.")
    many = len(zeros) > 1
    text = text.replace("{s}", "s" if many else "").replace("{ve}", "ve" if many else "s") \
        .replace("{they}", "they" if many else "it").replace("{which}", which).replace("{quantity}", quantity)
    text = text.replace("0·log 0 = 0", "0 log 0 = 0")
    return Step(rule="zero_probability_terms", title="Terms with probability 0", text=text,
                facts=[eq(sp.Limit(p * sp.log(p), p, 0, "+"), 0)], math={"limit_expr": p * sp.log(p)})


def finite_entropy(dist: Finite, base) -> Worked:
    """H(X) = −Σ p log_b p, term by term."""
    probs = dist.probs
    zeros = [i for i, p in enumerate(probs, 1) if p == 0]
    kept = [p for p in probs if p != 0]
    steps = [zero_terms_step(zeros, "entropy")] if zeros else []
    written = sp.Mul(-1, written_sum(sp.Mul(p, written_log(p, base), evaluate=False) for p in kept),
                     evaluate=False)
    terms = [_number(p * log_in_base(1 / p, base)) for p in kept]
    pi, i, n = sp.Symbol("p_i"), sp.Symbol("i"), sp.Symbol("n")
    definition = eq(Entropy(sp.Symbol("X"), base) if base != sp.E else Entropy(sp.Symbol("X")),
                    -sp.Sum(pi * log_in_base(pi, base) if base == sp.E else pi * logb(pi, base), (i, 1, n)))
    text = ("Entropy is the average surprise: minus the sum of p times log p over the outcomes. With base "
            "{b} logarithms it is measured in " + unit(base) + "; each term -p log p equals p log(1/p).")
    steps.append(Step(rule="entropy_sum", title="Entropy as a sum", text=text, before=written,
                      after=written_sum(terms), facts=[definition], math={"b": base}))
    return _added(steps, terms)


def log_density_expectation(dist, log_expr, X, *, what: str) -> Worked:
    """E[log_expr(X)] where log_expr is a logarithm: expand it into a sum, then linearity."""
    expanded = sp.expand_log(log_expr, force=True)
    steps = []
    if expanded != log_expr:
        steps.append(Step(rule="expand_log", title="Expand the logarithm",
                          text="Split the logarithm into a sum with ln(ab) = ln a + ln b, ln(a^k) = k ln a "
                               "and ln(e^u) = u, so that " + what + " becomes a sum of simple expectations.",
                          before=log_expr, after=expanded))
    worked = expectation(dist, expanded, X, moments_table=True)  # E[(X − μ)²] = σ² is an ingredient here
    return Worked(steps + worked.steps, worked.value)


def to_base(value_nats, base) -> tuple[list[Step], sp.Expr]:
    """A value in nats converted to base ``base`` (divide by ln b)."""
    if base == sp.E:
        return [], value_nats
    value = _number(value_nats / sp.log(base))
    step = Step(rule="change_of_base", title="Change of base",
                text="Divide by ln {b} to convert nats to " + unit(base) + " (log_b u = ln u / ln b).",
                before=sp.Mul(value_nats, sp.Pow(sp.log(base), -1), evaluate=False), after=value,
                math={"b": base})
    return [step], value


def continuous_entropy(dist: Distribution, base, X) -> Worked:
    """h(X) = E[−ln f(X)] (a density) or H(X) = E[−ln p(X)] (a series), by linearity."""
    if isinstance(dist, Continuous):
        x, f = dist.var, dist.pdf
        definition = Step(rule="differential_entropy_definition", title="Differential entropy",
                          text="For a density f the entropy is the expected surprise -ln f(X), an integral "
                               "over the support.",
                          facts=[eq(DifferentialEntropy(X), -sp.Integral(sp.Function("f")(x) *
                                                                        sp.log(sp.Function("f")(x)),
                                                                        (x, dist.lower, dist.upper))),
                                 eq(DifferentialEntropy(X), Expectation(-sp.log(sp.Function("f")(X))))])
    else:
        f = dist.pmf
        definition = Step(rule="entropy_as_expectation", title="Entropy as an expectation",
                          text="With infinitely many outcomes, write the entropy as the expected surprise "
                               "{H} and use linearity.",
                          math={"H": eq(Entropy(X), Expectation(-sp.log(sp.Function("p")(X))))})
    worked = log_density_expectation(dist, -sp.log(f), X, what="-ln f(X)")
    more, value = to_base(worked.value, base)
    return Worked([definition, *worked.steps, *more], value)


def entropy(dist: Distribution, base=sp.E, X=None) -> Worked:
    X = X if X is not None else sp.Symbol("X")
    if isinstance(dist, Finite):
        return finite_entropy(dist, base)
    return continuous_entropy(dist, base, X)


def entropy_value(probs, base=sp.E):
    """−Σ p log_b p computed directly (no steps), 0·log 0 = 0."""
    return sp.Add(*[-p * sp.log(p) / sp.log(base) for p in probs if p != 0])


def explain_entropy(dist: Distribution, base=sp.E, X=None, *, input_text: str = "") -> Derivation:
    """The derivation of H(X) (or h(X) for a density), checked against sympy.stats or directly."""
    X = X if X is not None else sp.Symbol("X")
    worked = entropy(dist, base, X)
    head = DifferentialEntropy if isinstance(dist, Continuous) else Entropy
    statement = head(X, base) if base != sp.E else head(X)
    answer = plain_symbols(worked.value)
    derivation = Derivation(task="entropy", input=input_text,
                            problem={"distribution": plain_symbols(dist.label), "base": base, "unit": unit(base)},
                            statement=statement, steps=setup_steps(dist, X) + worked.steps, answer=answer)
    derivation.notes.append(f"{'h' if head is DifferentialEntropy else 'H'} = {sp.sstr(answer)} {unit(base)}"
                            + (f" ≈ {sp.N(expand_logb(answer), 6)}" if answer.is_number and not answer.is_Rational
                               else ""))
    if isinstance(dist, Continuous):
        derivation.notes.append("differential entropy can be negative (a density can exceed 1); "
                                "it is not the limit of discrete entropies")
    if isinstance(dist, Finite):
        # (sympy.stats' entropy of a finite random variable returns an unevaluated log(Lambda(...)))
        reference, name = entropy_value(dist.probs, base), "direct computation of -sum p log p"
        extra = []
    else:
        from sympy import stats

        reference = stats_reference(dist, lambda rv: stats.entropy(rv) / sp.log(base))
        name = "sympy.stats entropy"
        extra = []
        if reference is None or reference.has(sp.Integral):
            reference, name = _direct_continuous_entropy(dist, base), "SymPy's integrate of -f ln f"
    return check(derivation, reference, name, dist.domain(), extra=extra)


def _direct_continuous_entropy(dist, base):
    if isinstance(dist, Continuous):
        value = sp.integrate(-dist.pdf * sp.log(dist.pdf), (dist.var, dist.lower, dist.upper), conds="none")
    else:
        value = sp.summation(-dist.pmf * sp.log(dist.pmf), (dist.var, dist.start, dist.stop))
    return value / sp.log(base)


# --- two distributions ------------------------------------------------------------------------


def align(P: Distribution, Q: Distribution) -> tuple[list, list, list, list[str]]:
    """The outcomes and the two probability lists over them, or a UsageError for mismatched supports."""
    if not (isinstance(P, Finite) and isinstance(Q, Finite)):
        raise UsageError("mismatched supports: compare two discrete distributions (lists or tables) or two "
                         "continuous ones (named, e.g. Normal(0, 1)), not one of each")
    if P.listed != Q.listed:
        raise UsageError("mismatched supports: give both distributions as lists of probabilities, or both as "
                         "value: probability tables")
    if P.listed:
        if len(P.probs) != len(Q.probs):
            raise UsageError(f"mismatched supports: p has {len(P.probs)} probabilities but q has "
                             f"{len(Q.probs)}; list both over the same outcomes in the same order")
        return list(range(1, len(P.probs) + 1)), list(P.probs), list(Q.probs), []
    values = list(P.values) + [v for v in Q.values if v not in P.values]
    p_table, q_table = P.table, Q.table
    notes = []
    missing = [v for v in values if v not in p_table or v not in q_table]
    if missing:
        notes.append("values missing from one table have probability 0 there: "
                     + ", ".join(sp.sstr(v) for v in missing))
    return values, [p_table.get(v, sp.S.Zero) for v in values], [q_table.get(v, sp.S.Zero) for v in values], notes


def _infinite_step(outcome, p, quantity) -> Step:
    text = ("Outcome {i} has p = {p} > 0 but q = 0: log q = log 0 = -infinity, so its term is +infinity and "
            "the " + quantity + " is infinite. q calls impossible an outcome that p says happens; no finite "
            "penalty covers that.")
    return Step(rule="infinite_term", title="An impossible outcome under q", text=text,
                math={"i": outcome if isinstance(outcome, sp.Basic) else sp.Integer(outcome), "p": p})


def _infinite_outcome(outcomes, ps, qs):
    for o, p, q in zip(outcomes, ps, qs):
        if p != 0 and q == 0:
            return o, p
    return None


def finite_cross_entropy(outcomes, ps, qs, base) -> Worked:
    """H(p, q) = −Σ p log_b q."""
    zeros = [o for o, p in zip(outcomes, ps) if p == 0]
    steps = [zero_terms_step([sp.sstr(z) for z in zeros], "cross-entropy")] if zeros else []
    bad = _infinite_outcome(outcomes, ps, qs)
    if bad is not None:
        return Worked(steps + [_infinite_step(bad[0], bad[1], "cross-entropy")], sp.oo)
    pairs = [(p, q) for p, q in zip(ps, qs) if p != 0]
    written = sp.Mul(-1, written_sum(sp.Mul(p, written_log(q, base), evaluate=False) for p, q in pairs),
                     evaluate=False)
    terms = [_number(p * log_in_base(1 / q, base)) for p, q in pairs]
    text = ("Cross-entropy is the average surprise when outcomes come from p but are scored with q: minus "
            "the sum of p times log q, in " + unit(base) + ".")
    pi, qi, i, n = sp.Symbol("p_i"), sp.Symbol("q_i"), sp.Symbol("i"), sp.Symbol("n")
    definition = eq(_cross(base), -sp.Sum(pi * log_in_base(qi, base), (i, 1, n)))
    steps.append(Step(rule="cross_entropy_sum", title="Cross-entropy as a sum", text=text, before=written,
                      after=written_sum(terms), facts=[definition]))
    return _added(steps, terms)


def _added(steps: list[Step], terms: list) -> Worked:
    """Finish a term-by-term sum: an "add the terms" step when there is more than one."""
    total = _total(terms)
    if len(terms) > 1:
        steps.append(Step(rule="add_terms", title="Add the terms", text="Add the {n} terms.",
                          before=written_sum(terms), after=total, math={"n": sp.Integer(len(terms))}))
    return Worked(steps, total)


def _cross(base):
    return CrossEntropy(P_NAME, Q_NAME, base) if base != sp.E else CrossEntropy(P_NAME, Q_NAME)


def _kl(base, p=P_NAME, q=Q_NAME):
    return KL(p, q, base) if base != sp.E else KL(p, q)


def _entropy_p(base):
    return Entropy(P_NAME, base) if base != sp.E else Entropy(P_NAME)


def finite_kl(outcomes, ps, qs, base) -> Worked:
    """D_KL(p || q) = Σ p log_b(p/q)."""
    zeros = [o for o, p in zip(outcomes, ps) if p == 0]
    steps = [zero_terms_step([sp.sstr(z) for z in zeros], "divergence")] if zeros else []
    bad = _infinite_outcome(outcomes, ps, qs)
    if bad is not None:
        return Worked(steps + [_infinite_step(bad[0], bad[1], "divergence")], sp.oo)
    pairs = [(p, q) for p, q in zip(ps, qs) if p != 0]
    ratio = [p / q for p, q in pairs]
    written = written_sum(sp.Mul(p, written_log(r, base), evaluate=False) for (p, _), r in zip(pairs, ratio))
    terms = [_number(p * log_in_base(p / q, base)) for p, q in pairs]
    pi, qi, i, n = sp.Symbol("p_i"), sp.Symbol("q_i"), sp.Symbol("i"), sp.Symbol("n")
    definition = eq(_kl(base), sp.Sum(pi * log_in_base(pi / qi, base), (i, 1, n)))
    text = ("The KL divergence of q from p is the sum of p times log(p/q): the extra surprise, in "
            + unit(base) + ", of scoring outcomes from p with q instead of p itself.")
    steps.append(Step(rule="kl_sum", title="KL divergence as a sum", text=text, before=written,
                      after=written_sum(terms), facts=[definition]))
    return _added(steps, terms)


def _value_for_display(v):
    return plain_symbols(v)


def identity_step(hpq, hp, d, base) -> Step:
    """D_KL(p || q) = H(p, q) − H(p), with both sides' numbers."""
    return Step(rule="kl_identity", title="Check with cross-entropy minus entropy",
                text="The divergence is the cross-entropy minus the entropy of p: here {hpq} and {hp}.",
                before=minus(hpq, hp), after=d,
                facts=[eq(_kl(base), minus(_cross(base), _entropy_p(base)))],
                math={"hpq": eq(_cross(base), hpq), "hp": eq(_entropy_p(base), hp)})


def _finite_kl_value(ps, qs, base):
    if any(p != 0 and q == 0 for p, q in zip(ps, qs)):
        return sp.oo
    return _number(sp.Add(*[p * log_in_base(p / q, base) for p, q in zip(ps, qs) if p != 0]))


def _finite_cross_value(ps, qs, base):
    if any(p != 0 and q == 0 for p, q in zip(ps, qs)):
        return sp.oo
    return _number(sp.Add(*[-p * log_in_base(q, base) for p, q in zip(ps, qs) if p != 0]))


# --- continuous pairs ----------------------------------------------------------------------------


def _same_variable(P: Continuous, Q: Continuous) -> sp.Expr:
    return Q.pdf.xreplace({Q.var: P.var})


def _support_inside(P: Continuous, Q: Continuous):
    """True / False / None: is P's support inside Q's?"""
    low = sp.simplify(P.lower - Q.lower) if (P.lower.is_finite or Q.lower.is_finite) else sp.S.Zero
    high = sp.simplify(Q.upper - P.upper) if (P.upper.is_finite or Q.upper.is_finite) else sp.S.Zero
    if Q.lower == -sp.oo:
        low = sp.S.Zero
    if Q.upper == sp.oo:
        high = sp.S.Zero
    if P.lower == -sp.oo and Q.lower != -sp.oo:
        return False
    if P.upper == sp.oo and Q.upper != sp.oo:
        return False
    ok_low, ok_high = low.is_nonnegative, high.is_nonnegative
    if ok_low is False or ok_high is False:
        return False
    if ok_low and ok_high:
        return True
    return None


def _continuous_pair_checks(P, Q):
    if not (isinstance(P, Continuous) and isinstance(Q, Continuous)):
        raise UsageError("mismatched supports: compare two discrete distributions (lists or tables) or two "
                         "continuous ones (named, e.g. Normal(0, 1)), not one of each")
    inside = _support_inside(P, Q)
    if inside is None:
        raise UnsupportedError("cannot tell whether the support of p lies inside the support of q; "
                               "give numeric endpoints")
    return inside


def _outside_step(P, Q, quantity) -> Step:
    text = ("p gives positive probability to values of x from {pa} to {pb}, but q is zero outside {qa} to "
            "{qb}: there log q = -infinity, so the " + quantity + " is infinite.")
    return Step(rule="support_not_covered", title="p lives where q is zero", text=text,
                math={"pa": P.lower, "pb": P.upper, "qa": Q.lower, "qb": Q.upper})


def continuous_cross_entropy(P: Continuous, Q: Continuous, base, X) -> Worked:
    """H(p, q) = E_p[−ln q(X)]."""
    if not _continuous_pair_checks(P, Q):
        return Worked([_outside_step(P, Q, "cross-entropy")], sp.oo)
    q = _same_variable(P, Q)
    intro = Step(rule="cross_entropy_as_expectation", title="Cross-entropy as an expectation",
                 text="Cross-entropy is the expected surprise -ln q(X) when X comes from p: {H}.",
                 math={"H": eq(_cross(sp.E), Expectation(-sp.log(sp.Function("q")(X))))})
    worked = log_density_expectation(P, -sp.log(q), X, what="-ln q(X)")
    more, value = to_base(worked.value, base)
    return Worked([intro, *worked.steps, *more], value)


def continuous_kl(P: Continuous, Q: Continuous, base, X) -> Worked:
    """D_KL(p || q) = E_p[ln p(X) − ln q(X)]."""
    if not _continuous_pair_checks(P, Q):
        return Worked([_outside_step(P, Q, "divergence")], sp.oo)
    q = _same_variable(P, Q)
    fp, fq = sp.Function("p"), sp.Function("q")
    intro = Step(rule="kl_as_expectation", title="KL divergence as an expectation",
                 text="The divergence is the expected log ratio of the densities when X comes from p: {D}.",
                 math={"D": eq(_kl(sp.E), Expectation(sp.log(fp(X)) - sp.log(fq(X))))})
    log_ratio = sp.expand_log(sp.log(P.pdf), force=True) - sp.expand_log(sp.log(q), force=True)
    write = Step(rule="log_ratio", title="The log ratio",
                 text="Expand ln p(x) - ln q(x) with the rules of logarithms.",
                 before=minus(sp.log(P.pdf), sp.log(q)), after=log_ratio)
    worked = expectation(P, log_ratio, X)
    more, value = to_base(worked.value, base)
    return Worked([intro, write, *worked.steps, *more], value)


def normal_pair_formula(P, Q):
    """The closed form D_KL(N(μ1, σ1²) || N(μ2, σ2²)) = ln(σ2/σ1) + (σ1² + (μ1 − μ2)²)/(2σ2²) − 1/2."""
    m1, s1, m2, s2 = P.params["mu"], P.params["sigma"], Q.params["mu"], Q.params["sigma"]
    return sp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - sp.Rational(1, 2)


# --- whole derivations ---------------------------------------------------------------------


def _pair_problem(P, Q, base):
    return {"p": plain_symbols(P.label), "q": plain_symbols(Q.label), "base": base, "unit": unit(base)}


def explain_cross_entropy(P: Distribution, Q: Distribution, base=sp.E, *, input_text: str = "") -> Derivation:
    """H(p, q), term by term (discrete) or as E_p[−ln q(X)] (continuous)."""
    X = sp.Symbol("X")
    if isinstance(P, Finite) or isinstance(Q, Finite):
        outcomes, ps, qs, notes = align(P, Q)
        worked = finite_cross_entropy(outcomes, ps, qs, base)
        reference = _finite_cross_value(ps, qs, base)
        if worked.value != sp.oo:
            hp = _number(sp.Add(*[p * log_in_base(1 / p, base) for p in ps if p != 0]))
            notes.append(f"H(p, q) = H(p) + D_KL(p || q) = {sp.sstr(plain_symbols(hp))} + "
                         f"{sp.sstr(plain_symbols(_finite_kl_value(ps, qs, base)))}: never less than H(p)")
    else:
        worked, notes = continuous_cross_entropy(P, Q, base, X), []
        reference = _direct_pair(P, Q, base, kl=False)
    derivation = Derivation(task="cross-entropy", input=input_text, problem=_pair_problem(P, Q, base),
                            statement=_cross(base), steps=worked.steps, answer=plain_symbols(worked.value),
                            notes=notes)
    _unit_note(derivation, base)
    return check(derivation, reference, "direct computation", P.domain() + Q.domain())


def explain_kl(P: Distribution, Q: Distribution, base=sp.E, *, input_text: str = "") -> Derivation:
    """D_KL(p || q), term by term, with the identity D_KL = H(p, q) − H(p) and the asymmetry noted."""
    X = sp.Symbol("X")
    extra = []
    if isinstance(P, Finite) or isinstance(Q, Finite):
        outcomes, ps, qs, notes = align(P, Q)
        worked = finite_kl(outcomes, ps, qs, base)
        reference = _finite_kl_value(ps, qs, base)
        steps = list(worked.steps)
        if worked.value != sp.oo:
            hpq = _finite_cross_value(ps, qs, base)
            hp = _number(sp.Add(*[p * log_in_base(1 / p, base) for p in ps if p != 0]))
            steps.append(identity_step(hpq, hp, worked.value, base))
        reverse = _finite_kl_value(qs, ps, base)
        notes.append(_asymmetry_note(worked.value, reverse))
    else:
        worked = continuous_kl(P, Q, base, X)
        steps, notes = list(worked.steps), []
        normals = P.named == Q.named == "Normal"
        reference = None if normals else _direct_pair(P, Q, base, kl=True)
        if normals and worked.value != sp.oo:
            formula = normal_pair_formula(P, Q) / sp.log(base)
            steps.append(Step(rule="rewrite", title="Rewrite", text="Group the terms the way the formula is "
                              "usually written.", before=worked.value, after=formula))
            worked = Worked(worked.steps, formula)
            steps.append(Step(rule="normal_kl_formula", title="Closed form for two normals",
                              text="This is the textbook formula for two normal distributions.",
                              facts=[eq(_kl(base), plain_symbols(normal_pair_formula(
                                  _generic_normal(1), _generic_normal(2))))]))
            extra.append((formula, "the closed form for two normals"))
            reference = reference if reference is not None else formula
    derivation = Derivation(task="kl", input=input_text, problem=_pair_problem(P, Q, base),
                            statement=_kl(base), steps=steps, answer=plain_symbols(worked.value), notes=notes)
    _unit_note(derivation, base)
    return check(derivation, reference, "direct computation", P.domain() + Q.domain(), extra=extra)


class _GenericNormal:
    def __init__(self, i):
        self.params = {"mu": sp.Symbol(f"mu_{i}"), "sigma": sp.Symbol(f"sigma_{i}")}


def _generic_normal(i):
    return _GenericNormal(i)


def _asymmetry_note(forward, reverse) -> str:
    from symtutor.engine.probability import short

    def say(v):
        v = plain_symbols(_number(v) if v != sp.oo else v)
        approx = f" ≈ {short(expand_logb(v))}" if v.is_number and v.is_finite and not v.is_Rational \
            and not v.has(sp.Float) else ""
        return sp.sstr(v) + approx

    f, r = say(forward), say(reverse)
    if sp.simplify(expand_logb(forward) - expand_logb(reverse)) == 0 if forward != sp.oo and reverse != sp.oo \
            else forward == reverse:
        return (f"here D_KL(q || p) = {r} happens to equal D_KL(p || q); in general the divergence is not "
                "symmetric")
    return f"KL divergence is not symmetric: D_KL(q || p) = {r}, while D_KL(p || q) = {f}"


def _unit_note(derivation, base):
    answer = derivation.answer
    approx = f" ≈ {sp.N(expand_logb(answer), 6)}" if answer.is_number and answer.is_finite and \
        not answer.is_Rational and not answer.has(sp.Float) else ""
    derivation.notes.insert(0, f"{sp.sstr(answer)} {unit(base)}{approx}")


def _direct_pair(P, Q, base, *, kl: bool):
    """∫ p ln(p/q) or −∫ p ln q over p's support, directly (None when SymPy cannot)."""
    if not _continuous_pair_checks(P, Q):
        return sp.oo
    q = _same_variable(P, Q)
    integrand = P.pdf * (sp.log(P.pdf) - sp.log(q)) if kl else -P.pdf * sp.log(q)
    integrand = sp.expand(sp.expand_log(integrand, force=True))
    try:
        value = sp.integrate(integrand, (P.var, P.lower, P.upper), conds="none")
    except (NotImplementedError, ValueError, TypeError):
        return None
    if value.has(sp.Integral):
        return None
    return value / sp.log(base)
