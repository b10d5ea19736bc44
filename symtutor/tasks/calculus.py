"""``diff``: text in, derivative Derivation out."""
from __future__ import annotations

from symtutor.errors import UsageError
from symtutor.parsing import parse_expr
from symtutor.tasks.options import choose_variable, parse_point


def explain_diff(expr_text: str, wrt: str | None = None, *, order: int = 1, at: str | None = None,
                 from_definition: bool = False):
    """``symtutor diff``: the derivative of ``expr_text`` with every rule named."""
    expr = parse_expr(expr_text)  # safe: symtutor.parsing
    var = choose_variable(expr, wrt)
    if order < 1:
        raise UsageError(f"--order must be at least 1, got {order}")
    if order > 20:
        raise UsageError(f"--order {order} is more than symtutor explains (at most 20)")
    point = parse_point(at)
    if from_definition:
        from symtutor.engine.definition import explain_from_definition

        if order != 1:
            raise UsageError("--from-definition explains the first derivative only (drop --order)")
        return explain_from_definition(expr, var, at=point, input_text=expr_text)
    from symtutor.engine.derivatives import explain_derivative

    return explain_derivative(expr, var, order=order, at=point, input_text=expr_text)
