"""``gradient``, ``jacobian``, ``hessian``, ``critical``: text in, Derivation out."""
from __future__ import annotations

import sympy as sp

from symtutor.errors import UsageError
from symtutor.parsing import parse_expr, parse_vector
from symtutor.tasks.options import choose_variables, parse_point


def _scalar(text: str) -> sp.Expr:
    if text.strip().startswith("["):
        raise UsageError(f"{text!r} is a vector; this command takes one scalar function "
                         "(use 'symtutor jacobian' for vector functions)")
    expr = parse_expr(text)  # safe: symtutor.parsing
    if not isinstance(expr, sp.Expr):
        raise UsageError(f"{text!r} is not a scalar function of the variables")
    return expr


def _point(at: str | None, variables) -> dict:
    point = parse_point(at)
    unknown = [k for k in point if k not in variables]
    if unknown:
        names = ", ".join(str(k) for k in unknown)
        raise UsageError(f"--at names {names}, which is not among the variables "
                         f"{', '.join(v.name for v in variables)}")
    return point


def explain_gradient(expr_text: str, variables: str | None = None, *, at: str | None = None,
                     detail: bool = False):
    """``symtutor gradient``: the vector of partial derivatives, each one explained."""
    from symtutor.engine.multivariable import explain_gradient as engine

    f = _scalar(expr_text)
    names = choose_variables(f, variables)
    return engine(f, names, at=_point(at, names), detail=detail, input_text=expr_text)


def explain_jacobian(expr_text: str, variables: str | None = None, *, at: str | None = None,
                     detail: bool = False):
    """``symtutor jacobian``: the matrix of partial derivatives of a vector function."""
    from symtutor.engine.multivariable import explain_jacobian as engine

    components = parse_vector(expr_text) if expr_text.strip().startswith("[") else [parse_expr(expr_text)]  # safe: parser
    names = choose_variables(components, variables)
    return engine(components, names, at=_point(at, names), detail=detail, input_text=expr_text)


def explain_hessian(expr_text: str, variables: str | None = None, *, at: str | None = None,
                    detail: bool = False):
    """``symtutor hessian``: the matrix of second partial derivatives, symmetry noted."""
    from symtutor.engine.multivariable import explain_hessian as engine

    f = _scalar(expr_text)
    names = choose_variables(f, variables)
    return engine(f, names, at=_point(at, names), detail=detail, input_text=expr_text)


def explain_critical(expr_text: str, variables: str | None = None):
    """``symtutor critical``: solve grad f = 0 and classify each point."""
    from symtutor.engine.critical import explain_critical as engine

    f = _scalar(expr_text)
    return engine(f, choose_variables(f, variables), input_text=expr_text)
