"""``norm``, ``dot``, ``matmul``, ``transpose``, ``hadamard``: text in, Derivation out."""
from __future__ import annotations

import sympy as sp

from symtutor.errors import UsageError
from symtutor.parsing import parse_expr_list, parse_value


def _vector(text: str, what: str):
    value = parse_value(text)
    if isinstance(value, (list, tuple)) or isinstance(value, sp.MatrixBase):
        return value
    raise UsageError(f"{what} {text!r} is not a vector; write it in brackets, e.g. [3, -4]")


def _matrix(text: str, what: str):
    value = parse_value(text)
    if isinstance(value, (list, tuple, sp.MatrixBase)):
        return value
    raise UsageError(f"{what} {text!r} is not a matrix; write it as rows, e.g. [[1, 2], [3, 4]]")


def explain_norm(vector_text: str, p: str = "2"):
    """``symtutor norm``: p-norms (1, 2, oo or any p >= 1) and the unit vector."""
    from symtutor.engine.vectors import explain_norm as engine

    ps = parse_expr_list(str(p)) if str(p).strip() else [sp.Integer(2)]
    return engine(_vector(vector_text, "the vector"), ps, input_text=vector_text)


def explain_dot(u: str, v: str, find: str = "dot"):
    """``symtutor dot``: the dot product written out, the cosine similarity and the angle."""
    from symtutor.engine.vectors import explain_dot as engine

    return engine(_vector(u, "the first vector"), _vector(v, "the second vector"), find=find,
                  input_text=f"{u} . {v}")


def explain_matmul(a: str, b: str):
    """``symtutor matmul``: the product with one entry's row-times-column sum written out."""
    from symtutor.engine.vectors import explain_matmul as engine

    return engine(_matrix(a, "the left matrix"), _matrix(b, "the right matrix"), input_text=f"{a} {b}")


def explain_transpose(a_text: str):
    """``symtutor transpose``: rows become columns."""
    from symtutor.engine.vectors import explain_transpose as engine

    return engine(_matrix(a_text, "the matrix"), input_text=a_text)


def explain_hadamard(a: str, b: str):
    """``symtutor hadamard``: the entrywise product of two matrices of the same shape."""
    from symtutor.engine.vectors import explain_hadamard as engine

    return engine(_matrix(a, "the first matrix"), _matrix(b, "the second matrix"), input_text=f"{a} {b}")
