"""``backprop``, ``identity``, ``cdf``, ``lln``: text in, Derivation out."""
from __future__ import annotations

import sympy as sp

from symtutor.errors import UsageError
from symtutor.parsing import parse_expr, parse_expr_list, parse_symbols, parse_value
from symtutor.tasks.options import parse_point


def explain_backprop(expr_text: str, wrt: str | None = None, at: str | None = None):
    """``symtutor backprop``: the gradient of a small network expression by the chain rule."""
    from symtutor.engine.ml_identities import explain_backprop as engine

    expr = parse_expr(expr_text)  # safe: symtutor.parsing
    if not isinstance(expr, sp.Expr) or not expr.free_symbols:
        raise UsageError(f"{expr_text!r} has no parameters to differentiate; write e.g. \"sigmoid(w*x + b)\"")
    params = parse_symbols(wrt) if wrt else sorted(expr.free_symbols, key=lambda s: s.name)
    return engine(expr, params, at=parse_point(at) or None, input_text=expr_text)


def explain_identity(name: str, n: int = 3, at: str | None = None):
    """``symtutor identity``: sigmoid, tanh, log-sigmoid, softmax, softmax-cross-entropy."""
    from symtutor.engine.ml_identities import explain_identity as engine

    scores = None
    if at:
        value = parse_value(at)
        if not isinstance(value, (list, tuple, sp.MatrixBase)):
            raise UsageError(f"--at takes the scores as a vector, e.g. \"[1, 2, 3]\", got {at!r}")
        scores = list(value)
    return engine(name, n=int(n), at=scores, input_text=name)


def _distribution(dist_text: str):
    from symtutor.tasks.probability import read_distribution

    if not dist_text or not dist_text.strip():
        raise UsageError("give a distribution with --dist, e.g. --dist \"Normal(0, 1)\"")
    return read_distribution(dist_text)


def explain_cdf(dist_text: str, at: str | None = None, percentile: str | None = None,
                between: str | None = None):
    """``symtutor cdf``: F(x), a percentile, or P(a < X <= b) for a distribution."""
    from symtutor.engine import cdf

    given = [name for name, v in (("--at", at), ("--percentile", percentile), ("--between", between)) if v]
    if len(given) != 1:
        raise UsageError("give exactly one of --at x, --percentile q or --between a,b"
                         + (f" (got {', '.join(given)})" if given else ""))
    dist = _distribution(dist_text)
    if at:
        return cdf.explain_cdf(dist, parse_expr(at), input_text=dist_text)  # safe: symtutor.parsing
    if percentile:
        return cdf.explain_percentile(dist, parse_expr(percentile), input_text=dist_text)  # safe: symtutor.parsing
    bounds = parse_expr_list(between)
    if len(bounds) != 2:
        raise UsageError(f"--between takes two numbers a,b, got {between!r}")
    return cdf.explain_between(dist, bounds[0], bounds[1], input_text=dist_text)


def explain_lln(dist_text: str, samples: int = 10_000, seed: int = 1):
    """``symtutor lln``: the running mean of seeded samples approaching E[X]."""
    from symtutor.engine.cdf import explain_lln as engine

    return engine(_distribution(dist_text), int(samples), int(seed), input_text=dist_text)
