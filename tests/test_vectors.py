"""Norms, dot products, matrix products, transposes and Hadamard products with every sum written out."""
import json

import pytest
import sympy as sp

from symtutor.engine.vectors import (explain_dot, explain_hadamard, explain_matmul, explain_norm,
                                     explain_transpose)
from symtutor.errors import SymtutorError, UsageError
from tests.cli_helpers import run, status


def test_345_norms():
    """v = (3, −4): ‖v‖₁ = |3| + |−4| = 7, ‖v‖₂ = √(9 + 16) = 5, ‖v‖∞ = 4; unit vector (3/5, −4/5)."""
    d = explain_norm([3, -4], [1, 2, sp.oo])
    assert d.verified, d.checks
    assert d.answer == sp.Tuple(7, 5, 4)
    l1, l2, linf, unit = d.steps
    assert [l1.rule, l2.rule, linf.rule, unit.rule] == ["l1_norm", "l2_norm", "max_norm", "unit_vector"]
    assert l1.before == sp.Add(sp.Abs(3, evaluate=False), sp.Abs(-4, evaluate=False), evaluate=False)
    assert l1.after == 7
    assert l2.facts[0].rhs == sp.Add(9, 16, evaluate=False) and l2.facts[1].rhs == 25
    assert l2.after == 5 and linf.math["value"] == 4
    assert list(unit.after) == [sp.Rational(3, 5), sp.Rational(-4, 5)]


def test_general_p_norm_and_bad_p():
    d = explain_norm([1, -1, 2], [3])
    assert d.verified and d.answer == sp.root(10, 3)
    with pytest.raises(UsageError, match="triangle"):
        explain_norm([1, 2], [sp.Rational(1, 2)])


def test_dot_cosine_angle():
    """(1, 2, 3)·(4, 5, 6) = 4 + 10 + 18 = 32; cos θ = 32/(√14 √77)."""
    d = explain_dot([1, 2, 3], [4, 5, 6])
    assert d.verified and d.answer == 32
    dot = d.steps[0]
    assert dot.rule == "dot_product" and dot.facts[0].rhs == sp.Add(4, 10, 18, evaluate=False)
    cos = next(s for s in d.steps if s.rule == "cosine_similarity")
    assert sp.simplify(cos.after - sp.Rational(32) / sp.sqrt(14 * 77)) == 0
    angle = explain_dot([1, 0], [1, 1], find="angle")
    assert angle.answer == sp.pi / 4


def test_orthogonal_vectors_are_named():
    d = explain_dot([2, 1], [-1, 2])
    assert d.answer == 0 and any(s.rule == "orthogonal" for s in d.steps)


def test_dot_length_mismatch():
    with pytest.raises(UsageError, match="lengths 3 and 2 differ"):
        explain_dot([1, 2, 3], [1, 2])


def test_matmul_one_entry_written_out():
    A, B = sp.Matrix([[1, 2], [3, 4]]), sp.Matrix([[5, 6], [7, 8]])
    d = explain_matmul(A, B)
    assert d.verified and d.answer == sp.Matrix([[19, 22], [43, 50]])
    entry = d.steps[1]
    assert entry.rule == "row_times_column"
    assert entry.before == sp.Add(sp.Mul(1, 5, evaluate=False), sp.Mul(2, 7, evaluate=False), evaluate=False)
    assert entry.facts[0].rhs == sp.Add(5, 14, evaluate=False) and entry.after == 19


def test_dimension_error():
    with pytest.raises(UsageError) as info:
        explain_matmul(sp.Matrix([[1, 2, 3], [4, 5, 6]]), sp.Matrix([[1, 2], [3, 4]]))
    assert info.value.message == "a 2×3 times a 2×2 is undefined: inner sizes 3 and 2 differ"


def test_matrix_times_vector_and_transpose_and_hadamard():
    d = explain_matmul(sp.Matrix([[1, -1, 0], [2, 0, 1]]), [3, 1, 2])
    assert d.answer == sp.Matrix([2, 8])
    t = explain_transpose(sp.Matrix([[1, 2, 3], [4, 5, 6]]))
    assert t.verified and t.answer == sp.Matrix([[1, 4], [2, 5], [3, 6]])
    h = explain_hadamard(sp.Matrix([[1, 2], [3, 4]]), sp.Matrix([[5, 6], [7, 8]]))
    assert h.verified and h.answer == sp.Matrix([[5, 12], [21, 32]])
    with pytest.raises(UsageError, match="Hadamard"):
        explain_hadamard(sp.Matrix([[1, 2]]), sp.Matrix([[1], [2]]))


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "terminal", "json"])
def test_cli_norm_formats(fmt):
    result = run("norm", "[3, -4]", "--p", "1,2,oo", "-f", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert data["verified"] and sp.sympify(data["answer"]) == sp.Tuple(7, 5, 4)


def test_cli_dot_and_matmul_json():
    data = json.loads(run("dot", "[1, 2, 3]", "[4, 5, 6]", "-f", "json").output)
    assert data["verified"] and sp.sympify(data["answer"]) == 32
    data = json.loads(run("matmul", "[[1, 2], [3, 4]]", "[[5, 6], [7, 8]]", "-f", "json").output)
    assert data["verified"] and sp.sympify(data["answer"]) == sp.Matrix([[19, 22], [43, 50]])
    data = json.loads(run("transpose", "[[1, 2]]", "-f", "json").output)
    assert sp.sympify(data["answer"]) == sp.Matrix([[1], [2]])
    data = json.loads(run("hadamard", "[[1, 2]]", "[[3, 4]]", "-f", "json").output)
    assert sp.sympify(data["answer"]) == sp.Matrix([[3, 8]])


def test_cli_dimension_error_exit_2():
    result = run("matmul", "[[1, 2, 3], [4, 5, 6]]", "[[1, 2], [3, 4]]")
    assert status(result) == 2
    message = result.exception.message if isinstance(result.exception, SymtutorError) else result.output
    assert "a 2×3 times a 2×2 is undefined: inner sizes 3 and 2 differ" in message


@pytest.mark.parametrize("args", [["norm", "5"], ["norm", "[1, 2]", "--p", "0"], ["dot", "[1]", "[1, 2]"],
                                  ["dot", "[1, 2]", "[[1, 2], [3, 4]]"], ["hadamard", "[[1]]", "[[1, 2]]"],
                                  ["norm", "[1, 2"]])
def test_cli_errors(args):
    assert status(run(*args)) == 2
