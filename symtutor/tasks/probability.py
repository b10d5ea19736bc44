"""``expect``, ``variance``, ``entropy``, ``cross-entropy``, ``kl``, ``bayes``: text in, Derivation out.

A distribution is written one of three ways, read here and nowhere else:

- a table of value: probability pairs, ``{1: 1/3, 2: 1/3, 3: 1/3}`` (``parse_table``);
- a list of probabilities, ``[1/2, 1/4, 1/4]`` (``parse_vector``; the outcomes are unnamed);
- a named distribution, ``Binomial(10, 1/2)``: a regex splits the name from the argument
  text, and the arguments are read with ``parse_expr_list``;

or, for a continuous one, ``--pdf "2x" --support 0,1``.
"""
from __future__ import annotations

import re

import sympy as sp

from symtutor.errors import UsageError
from symtutor.parsing import parse_expr, parse_expr_list, parse_symbols, parse_table, parse_vector

_NAMED = re.compile(r"^\s*([A-Za-z][A-Za-z_]*)\s*\((.*)\)\s*$", re.S)
_BASES = {"2": sp.Integer(2), "e": sp.E, "10": sp.Integer(10)}

DISTRIBUTION_FORMS = ("a table {1: 1/2, 2: 1/2}, a list [1/2, 1/2], or a named distribution such as "
                      "Binomial(10, 1/2) or Normal(0, 1)")


def looks_like_distribution(text: str) -> bool:
    """A table, a list, or Name(...) with a name symtutor knows as a distribution."""
    from symtutor.engine.distributions import NAMED

    text = text.strip()
    if text.startswith(("{", "[")):
        return True
    match = _NAMED.match(text)
    return bool(match) and match.group(1).replace("_", "").lower() in NAMED


def read_distribution(text: str, *, what: str = "the distribution"):
    """A Distribution from its text: a table, a list of probabilities, or Name(arguments)."""
    from symtutor.engine.distributions import finite_from_table, named_distribution

    stripped = text.strip()
    if stripped.startswith("{"):
        return finite_from_table(parse_table(stripped), what=what)
    if stripped.startswith("["):
        probs = parse_vector(stripped)
        return finite_from_table({sp.Integer(i): p for i, p in enumerate(probs, 1)}, listed=True, what=what)
    match = _NAMED.match(stripped)
    if match:
        name, arguments = match.groups()
        args = parse_expr_list(arguments) if arguments.strip() else []
        return named_distribution(name, args)
    raise UsageError(f"cannot read {text!r} as a distribution; write {DISTRIBUTION_FORMS}")


def read_base(base: str | None):
    if base is None:
        return sp.E
    value = _BASES.get(base.strip().lower())
    if value is None:
        raise UsageError(f"--base must be 2 (bits), e (nats) or 10 (hartleys), got {base!r}")
    return value


def read_support(support: str | None):
    if support is None:
        return -sp.oo, sp.oo
    bounds = parse_expr_list(support)
    if len(bounds) != 2:
        raise UsageError(f"--support takes two bounds, lower,upper (e.g. 0,1 or 0,oo), got {support!r}")
    return bounds[0], bounds[1]


def _pdf_distribution(pdf_text: str, support: str | None, var: str | None):
    from symtutor.engine.distributions import continuous_from_pdf

    pdf = parse_expr(pdf_text)  # safe: symtutor.parsing
    lower, upper = read_support(support)
    x = _choose(pdf, var, "the pdf")
    return continuous_from_pdf(pdf, x, lower, upper)


def _choose(expr, var: str | None, what: str, exclude=()) -> sp.Symbol:
    """The variable of ``expr``: --var, else its only free symbol (x or X when there are several)."""
    if var:
        symbols = parse_symbols(var)
        if len(symbols) != 1:
            raise UsageError(f"--var takes one variable, got {var!r}")
        return symbols[0]
    excluded = {s.name for s in exclude}
    free = sorted((s for s in expr.free_symbols if s.name not in excluded), key=lambda s: s.name)
    if len(free) == 1:
        return free[0]
    for name in ("x", "X", "k", "K"):
        for s in free:
            if s.name == name:
                return s
    if not free:
        return sp.Symbol("x")
    names = ", ".join(s.name for s in free)
    raise UsageError(f"{what} has several variables ({names}); say which is the random variable with --var")


def _distribution(dist_text: str | None, pdf: str | None, support: str | None, var: str | None,
                  positional: str | None = None):
    """The distribution from --dist, --pdf/--support, or a positional table/list/name."""
    given = [t for t in (dist_text, pdf) if t]
    if len(given) > 1:
        raise UsageError("give the distribution once: either --dist or --pdf (with --support)")
    if support and not pdf:
        raise UsageError("--support goes with --pdf (a named distribution knows its own support)")
    if pdf:
        return _pdf_distribution(pdf, support, var)
    if dist_text:
        return read_distribution(dist_text)
    if positional:
        return read_distribution(positional)
    raise UsageError(f"give a distribution: {DISTRIBUTION_FORMS}, with --dist, or a density with --pdf and "
                     "--support")


def _rv_name(var: sp.Symbol) -> sp.Symbol:
    name = var.name
    return sp.Symbol(name.upper() if len(name) == 1 else name)


def _function_of_variable(g_text: str, dist, var: str | None):
    """g from its text, rewritten in the distribution's variable; and the random variable's symbol."""
    g = parse_expr(g_text)  # safe: symtutor.parsing
    params = [s for s in getattr(dist, "swap", {})]
    if getattr(dist, "kind", "") == "continuous" and not dist.named:
        # a learner's pdf: g is in the pdf's variable (either case, x or X)
        pdf_var = [k for k, v in dist.swap.items() if v == dist.var]
        chosen = sp.Symbol(var) if var else (pdf_var[0] if pdf_var else sp.Symbol("x"))
        names = {chosen.name, chosen.name.upper(), chosen.name.lower()}
        swap = {s: dist.var for s in g.free_symbols if s.name in names}
        rest = {s: v for s, v in dist.swap.items() if s.name not in names}
        return g.xreplace({**rest, **swap}), _rv_name(chosen)
    chosen = _choose(g, var, "the expression", exclude=params)
    g = g.xreplace({s: v for s, v in dist.swap.items() if s != chosen})
    return g.xreplace({chosen: dist.var}), _rv_name(chosen)


def explain_expectation(expr_text: str | None = None, *, dist: str | None = None, pdf: str | None = None,
                        support: str | None = None, var: str | None = None):
    """``symtutor expect``: E[g(X)] term by term (a table) or as an integral (a density)."""
    from symtutor.engine.probability import explain_expectation as engine

    if expr_text and not (dist or pdf) and looks_like_distribution(expr_text):
        distribution = read_distribution(expr_text)
        return engine(distribution, distribution.var, sp.Symbol("X"), input_text=expr_text)
    distribution = _distribution(dist, pdf, support, var)
    g, X = _function_of_variable(expr_text or "X", distribution, var)
    return engine(distribution, g, X, input_text=expr_text or "X")


def explain_variance(dist_text: str | None = None, *, dist: str | None = None, pdf: str | None = None,
                     support: str | None = None, var: str | None = None, definition: bool = False):
    """``symtutor variance``: Var(X) = E[X²] − E[X]² (or E[(X − μ)²]) and the standard deviation."""
    from symtutor.engine.probability import explain_variance as engine

    distribution = _distribution(dist, pdf, support, var, positional=dist_text)
    X = _rv_name(sp.Symbol(var)) if var else sp.Symbol("X")
    return engine(distribution, X, definition=definition, input_text=dist_text or dist or pdf or "")


def explain_entropy(dist_text: str | None = None, *, dist: str | None = None, pdf: str | None = None,
                    support: str | None = None, var: str | None = None, base: str | None = None):
    """``symtutor entropy``: −Σ p log p term by term, or the differential entropy of a density."""
    from symtutor.engine.information import explain_entropy as engine

    distribution = _distribution(dist, pdf, support, var, positional=dist_text)
    return engine(distribution, read_base(base), input_text=dist_text or dist or pdf or "")


def _pair(p_text: str, q_text: str):
    return read_distribution(p_text, what="p"), read_distribution(q_text, what="q")


def explain_cross_entropy(p_text: str, q_text: str, *, base: str | None = None):
    """``symtutor cross-entropy``: H(p, q) = −Σ p log q."""
    from symtutor.engine.information import explain_cross_entropy as engine

    P, Q = _pair(p_text, q_text)
    return engine(P, Q, read_base(base), input_text=f"{p_text} ; {q_text}")


def explain_kl(p_text: str, q_text: str, *, base: str | None = None):
    """``symtutor kl``: D_KL(p || q) = Σ p log(p/q), with D_KL = H(p, q) − H(p)."""
    from symtutor.engine.information import explain_kl as engine

    P, Q = _pair(p_text, q_text)
    return engine(P, Q, read_base(base), input_text=f"{p_text} ; {q_text}")


def _probability(text: str, option: str):
    value = parse_expr(text)  # safe: symtutor.parsing
    if value.is_number:
        if not value.is_real or value.is_negative or (value - 1).is_positive:
            raise UsageError(f"{option} {text!r} is not a probability; it must lie between 0 and 1")
    return value


def explain_bayes(*, prior: str, likelihood: str, false_positive: str | None = None,
                  evidence: str | None = None):
    """``symtutor bayes``: the posterior P(A | B) with the evidence by total probability."""
    from symtutor.engine.probability import explain_bayes as engine

    if (false_positive is None) == (evidence is None):
        raise UsageError("give exactly one of --false-positive (P(B | not A)) or --evidence (P(B))")
    p_prior = _probability(prior, "--prior")
    p_like = _probability(likelihood, "--likelihood")
    p_false = _probability(false_positive, "--false-positive") if false_positive is not None else None
    p_evidence = _probability(evidence, "--evidence") if evidence is not None else None
    if p_evidence is not None and p_evidence == 0:
        raise UsageError("--evidence is 0: the posterior given an impossible observation is undefined")
    if p_false is not None and (p_like * p_prior + p_false * (1 - p_prior)) == 0:
        raise UsageError("the evidence P(B) works out to 0, so the posterior is undefined; "
                         "check --likelihood and --false-positive")
    text = f"prior {prior}, likelihood {likelihood}, " + (f"false positive {false_positive}" if false_positive
                                                         else f"evidence {evidence}")
    return engine(p_prior, p_like, p_false, p_evidence, input_text=text)
