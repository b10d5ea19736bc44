"""``descend``, ``newton``, ``lagrange``: text in, Derivation out."""
from __future__ import annotations

import sympy as sp

from symtutor.errors import UsageError
from symtutor.parsing import parse_expr, parse_expr_list
from symtutor.tasks.options import choose_variables


def _scalar(text: str) -> sp.Expr:
    if text.strip().startswith("["):
        raise UsageError(f"{text!r} is a vector; this command takes one scalar function such as \"x^2 + 3y^2\"")
    expr = parse_expr(text)  # safe: symtutor.parsing
    if not isinstance(expr, sp.Expr):
        raise UsageError(f"{text!r} is not a scalar function of the variables")
    return expr


def _function_and_variables(expr_text, variables):
    f = _scalar(expr_text)
    names = choose_variables(f, variables)
    if not names:
        raise UsageError(f"{expr_text!r} has no variables to move; write a function such as \"x^2 + 3y^2\"")
    return f, names


def _start(text: str | None, names) -> list:
    if text is None or not str(text).strip():
        raise UsageError("give the starting point with --from, e.g. --from " + ",".join("1" for _ in names))
    values = parse_expr_list(str(text))
    return values


def _number(text, what: str):
    if text is None:
        return None
    value = parse_expr(str(text))  # safe: symtutor.parsing
    if value.free_symbols or not value.is_number:
        raise UsageError(f"{what} must be a number, got {text!r}")
    return value


def explain_descend(expr_text: str, start: str | None = None, rate: str = "0.1", iterations: int = 5,
                    momentum: str | None = None, variables: str | None = None):
    """``symtutor descend``: gradient descent θ ← θ − η∇f(θ), one step per iteration."""
    from symtutor.engine.optimisation import explain_descend as engine

    f, names = _function_and_variables(expr_text, variables)
    return engine(f, names, _start(start, names), rate=_number(rate, "--rate"), iterations=int(iterations),
                  momentum=_number(momentum, "--momentum"), input_text=expr_text)


def explain_newton(expr_text: str, start: str | None = None, iterations: int = 5, variables: str | None = None):
    """``symtutor newton``: root finding (one variable) or optimisation (several) by Newton's method."""
    from symtutor.engine.optimisation import explain_newton as engine

    f, names = _function_and_variables(expr_text, variables)
    return engine(f, names, _start(start, names), iterations=int(iterations), input_text=expr_text)


def _constraint(text: str) -> sp.Expr:
    if text.count("=") == 1 and "==" not in text and not any(op in text for op in ("<=", ">=", "!=")):
        left, right = text.split("=")
        return parse_expr(left) - parse_expr(right)  # safe: symtutor.parsing
    return _scalar(text)


def explain_lagrange(expr_text: str, subject_to: str | None = None, variables: str | None = None,
                     find: str = "points"):
    """``symtutor lagrange``: extrema of f subject to g = 0 by Lagrange multipliers.

    ``subject_to``: g (meaning g = 0) or an equation ``x + y = 10``; several separated by ``;``.
    """
    from symtutor.engine.optimisation import explain_lagrange as engine

    if not subject_to or not subject_to.strip():
        raise UsageError("give the constraint with --subject-to, e.g. --subject-to \"x + y - 10\"")
    f = _scalar(expr_text)
    constraints = [_constraint(part) for part in subject_to.split(";") if part.strip()]
    names = choose_variables([f, *constraints], variables)
    return engine(f, constraints, names, find=find, input_text=expr_text)
