"""``integrate``: text in, integral Derivation out."""
from __future__ import annotations

from symtutor.errors import UsageError
from symtutor.parsing import parse_expr
from symtutor.tasks.options import choose_variable


def explain_integral(expr_text: str, wrt: str | None = None, *, lower: str | None = None,
                     upper: str | None = None, all_methods: bool = False):
    """``symtutor integrate``: ∫ expr d(wrt), indefinite or from ``lower`` to ``upper``.

    >>> explain_integral("x*exp(x)").answer
    C + (x - 1)*exp(x)
    """
    expr = parse_expr(expr_text)  # safe: symtutor.parsing
    var = choose_variable(expr, wrt)
    if (lower is None) != (upper is None):
        raise UsageError("give both --from and --to for a definite integral (or neither)")
    a = b = None
    if lower is not None:
        a, b = parse_expr(lower), parse_expr(upper)  # safe: symtutor.parsing
        for name, bound in (("--from", a), ("--to", b)):
            if bound.free_symbols:
                raise UsageError(f"{name} must be a number (or oo, -oo), got {bound}")
    from symtutor.engine.integrals import explain_integral as engine

    return engine(expr, var, lower=a, upper=b, all_methods=all_methods, input_text=expr_text)
