"""Determinants with steps: 1x1, triangular shortcut, the 2x2 formula, cofactor expansion
along the line with most zeros (up to 4x4), and row reduction for larger matrices.

``determinant_step(M)`` returns one ``Step`` whose ``before`` is ``det(M)`` and whose
``after`` is its value; the eigen engine reuses it for det(A - lambda I).
"""
from __future__ import annotations

from typing import Callable, Optional

import sympy as sp

from symtutor.engine.common import rebuild
from symtutor.engine.derivatives import minus, plus, times
from symtutor.engine.linalg import (check_matrix, det, failing_matrix_steps, is_zero, record_step_checks,
                                    row_reduce, sign_pattern, tidy)
from symtutor.steps import Derivation, Step

COFACTOR_MAX = 4  # cofactor expansion up to 4x4; larger matrices are row reduced

Finder = Callable[[sp.ImmutableMatrix], Optional[Step]]


def one_by_one(M):
    """det([a]) -> a"""
    if M.shape != (1, 1):
        return None
    return Step(rule="one_by_one_determinant", title="1x1 determinant",
                text="The determinant of a 1x1 matrix is its only entry.", before=det(M), after=M[0, 0])


def _triangle(M) -> str | None:
    n = M.rows
    upper = all(is_zero(M[i, j]) for i in range(n) for j in range(i))
    lower = all(is_zero(M[i, j]) for i in range(n) for j in range(i + 1, n))
    if upper and lower:
        return "diagonal"
    if upper:
        return "upper triangular"
    if lower:
        return "lower triangular"
    return None


def triangular(M):
    """det(T) -> t11 t22 ... tnn for a triangular (or diagonal) T"""
    if M.rows < 2:
        return None
    shape = _triangle(M)
    if shape is None:
        return None
    diagonal = [M[i, i] for i in range(M.rows)]
    product = times(*diagonal)
    text = (f"The matrix is {shape}, so its determinant is the product of the diagonal entries: "
            "{product}.")
    return Step(rule="triangular_determinant", title="Triangular shortcut", text=text, before=det(M),
                after=tidy(sp.Mul(*diagonal)), math={"product": product})


def two_by_two(M):
    """det([[a, b], [c, d]]) -> a d - b c"""
    if M.shape != (2, 2):
        return None
    a, b, c, d = M
    written = minus(sp.Mul(a, d, evaluate=False), sp.Mul(b, c, evaluate=False))
    A, B, C, D_ = sp.symbols("a b c d", cls=sp.Dummy)
    formula = sp.Eq(det(sp.ImmutableMatrix([[A, B], [C, D_]])), A * D_ - B * C, evaluate=False)
    return Step(rule="two_by_two_determinant", title="2x2 determinant",
                text="Multiply along the main diagonal and subtract the product along the other: {written}.",
                before=det(M), after=tidy(a * d - b * c), facts=[formula], math={"written": written})


def _best_line(M) -> tuple[str, int]:
    """The row or column with the most zero entries (rows first on a tie)."""
    n = M.rows
    lines = [("row", i, sum(is_zero(e) for e in M.row(i))) for i in range(n)]
    lines += [("column", j, sum(is_zero(e) for e in M.col(j))) for j in range(n)]
    kind, index, _ = max(lines, key=lambda t: (t[2], t[0] == "row", -t[1]))
    return kind, index


def cofactor_expansion(M):
    """det(A) -> sum_j (-1)^(i+j) a_ij det(M_ij) along one row i (or column j)"""
    n = M.rows
    if n < 3 or n > COFACTOR_MAX:
        return None
    kind, k = _best_line(M)
    positions = [(k, j) for j in range(n)] if kind == "row" else [(i, k) for i in range(n)]
    zeros = sum(is_zero(M[i, j]) for i, j in positions)
    with_dets, with_values, substeps = [], [], []
    for i, j in positions:
        entry = M[i, j]
        if is_zero(entry):
            continue
        coefficient = (-1) ** (i + j) * entry
        minor = M.minor_submatrix(i, j)
        sub = determinant_step(sp.ImmutableMatrix(minor))
        sub.text = f"Minor M{i + 1}{j + 1} (delete row {i + 1} and column {j + 1}): " + _lower_first(sub.text)
        substeps.append(sub)
        with_dets.append(times(coefficient, det(sp.ImmutableMatrix(minor))))
        with_values.append(times(coefficient, sub.after) if sub.after != 0 else sp.S.Zero)
    value = tidy(sum((rebuild(t) for t in with_values), sp.S.Zero))
    why = f", which has the most zeros ({zeros} of {n})" if zeros else " (no row or column has a zero)"
    text = (f"Expand along {kind} {k + 1}{why}: each nonzero entry times its minor's determinant, "
            "signed by the checkerboard pattern {signs}.")
    facts = []
    expansion = plus(*with_dets) if with_dets else sp.S.Zero
    facts.append(sp.Eq(det(M), expansion, evaluate=False))
    combined = plus(*[t for t in with_values if t != 0]) if with_values else sp.S.Zero
    if combined != value:
        facts.append(sp.Eq(combined, value, evaluate=False))
    return Step(rule="cofactor_expansion", title="Cofactor expansion", text=text, before=det(M), after=value,
                substeps=substeps, facts=facts, math={"signs": sign_pattern(n)})


def row_reduction(M):
    """det(A) -> (-1)^swaps * product of the pivots of an echelon form of A"""
    n = M.rows
    if n < 2:
        return None
    reduction = row_reduce(M, reduced=False)
    sign = sp.S.One
    previous = M
    substeps = []
    for op in reduction.steps:
        current = op.facts[0]
        if op.rule == "row_swap":
            new_sign = -sign
            op.text += " A swap changes the sign of the determinant."
        else:
            new_sign = sign
            op.text += " Adding a multiple of one row to another leaves the determinant unchanged."
        op.before, op.after = times(sign, det(previous)), times(new_sign, det(current))
        op.facts = []
        substeps.append(op)
        sign, previous = new_sign, current
    echelon = reduction.matrix
    diagonal = [echelon[i, i] for i in range(n)]
    value = tidy(sign * sp.Mul(*diagonal))
    final = Step(rule="triangular_determinant", title="Triangular shortcut",
                 text="The echelon form is upper triangular: multiply its diagonal entries (and the sign).",
                 before=times(sign, det(echelon)), after=value, math={})
    substeps.append(final)
    text = "Row reduce to an upper triangular matrix, tracking how each row operation changes the determinant."
    if reduction.assumptions:
        text += " (Pivots {pivots} are assumed nonzero.)"
    return Step(rule="row_reduction_determinant", title="Row reduction", text=text, before=det(M), after=value,
                substeps=substeps, math={"pivots": sp.Tuple(*reduction.assumptions)})


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() else text


FINDERS: tuple[Finder, ...] = (one_by_one, triangular, two_by_two, cofactor_expansion, row_reduction)


def determinant_step(M) -> Step:
    """The step tree for det(M): the first method that applies."""
    M = sp.ImmutableMatrix(M)
    for finder in FINDERS:
        step = finder(M)
        if step is not None:
            return step
    raise AssertionError("row reduction applies to every square matrix")  # pragma: no cover


def explain_determinant(A, *, input_text: str = "") -> Derivation:
    """The derivation of det(A), checked against SymPy's ``det``."""
    from symtutor.verify import equivalent

    A = check_matrix(A)
    step = determinant_step(A)
    answer = step.after
    derivation = Derivation(task="det", input=input_text, problem={"matrix": A}, statement=det(A),
                            steps=[step], answer=answer)
    reference = A.det(method="berkowitz")
    answer_ok = equivalent(answer, reference)
    bad = failing_matrix_steps(derivation.steps)
    derivation.checks.append(f"answer {'agrees' if answer_ok else 'DISAGREES'} with SymPy's det")
    record_step_checks(derivation, bad)
    derivation.verified = answer_ok and not bad
    if is_zero(answer) and A.is_square:
        derivation.notes.append("The determinant is 0, so the matrix is singular (not invertible).")
    return derivation
