"""``limit``: text in, limit Derivation out."""
from __future__ import annotations

from symtutor.errors import UsageError
from symtutor.parsing import parse_expr
from symtutor.tasks.options import choose_variable

SIDES = {None: "+-", "left": "-", "right": "+"}


def explain_limit(expr_text: str, to: str, wrt: str | None = None, *, side: str | None = None):
    """``symtutor limit``: lim_{wrt -> to} expr, two-sided unless ``side`` is 'left' or 'right'.

    A limit that does not exist has the answer ``nan`` (undefined); its last step says so.

    >>> explain_limit("sin(x)/x", "0").answer
    1
    """
    expr = parse_expr(expr_text)  # safe: symtutor.parsing
    var = choose_variable(expr, wrt)
    if side not in SIDES:
        raise UsageError(f"--side must be 'left' or 'right', got {side!r}")
    point = parse_expr(to)  # safe: symtutor.parsing
    if point.free_symbols:
        names = ", ".join(sorted(s.name for s in point.free_symbols))
        raise UsageError(f"--to must be a number, oo or -oo, got {to!r} (it contains {names})")
    from symtutor.engine.limits import explain_limit as engine

    return engine(expr, var, point, SIDES[side], input_text=expr_text)
