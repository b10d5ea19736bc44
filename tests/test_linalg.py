"""Determinant, eigen and SVD engines on textbook examples: the method named, the
intermediate objects (minors, characteristic polynomial, reduced matrices) asserted,
and the results checked independently against SymPy and numerically."""
import json

import mpmath
import pytest
import sympy as sp

from symtutor.engine.determinants import determinant_step, explain_determinant
from symtutor.engine.eigen import explain_eigen
from symtutor.engine.linalg import MAX_SIZE, det, row_reduce
from symtutor.engine.svd import explain_svd
from symtutor.errors import UsageError
from symtutor.render import render

a, b, c, d = sp.symbols("a b c d")
lam = sp.Symbol("lamda")
M = sp.ImmutableMatrix


def rules(derivation):
    return [s.rule for s in derivation.walk()]


def steps_named(derivation, rule):
    return [s for s in derivation.walk() if s.rule == rule]


# --- determinants ----------------------------------------------------------------------------


def test_two_by_two_formula_shows_ad_minus_bc():
    d_ = explain_determinant(M([[1, 2], [3, 4]]))
    (step,) = d_.steps
    assert step.rule == "two_by_two_determinant"
    assert step.before == det(M([[1, 2], [3, 4]])) and step.after == -2
    assert str(step.math["written"]) in ("1*4 - 2*3", "-2*3 + 1*4")
    assert d_.verified and d_.answer == -2


def test_symbolic_two_by_two():
    d_ = explain_determinant(M([[a, b], [c, d]]))
    assert sp.expand(d_.answer - (a * d - b * c)) == 0 and d_.verified


def test_cofactor_expansion_along_line_with_most_zeros():
    A = M([[2, 1, 0], [1, 3, 1], [0, 1, 4]])
    d_ = explain_determinant(A)
    (step,) = d_.steps
    assert step.rule == "cofactor_expansion"
    assert "row 1" in step.text and "(1 of 3)" in step.text
    assert step.math["signs"] == M([[1, -1, 1], [-1, 1, -1], [1, -1, 1]])
    # the zero entry contributes nothing: two minors, each a 2x2 (or triangular) sub-step
    minors = [s.before.arg for s in step.substeps]
    assert minors == [M([[3, 1], [1, 4]]), M([[1, 1], [0, 4]])]
    assert [s.after for s in step.substeps] == [11, 4]
    assert d_.answer == 18 == A.det() and d_.verified


def test_cofactor_prefers_a_column_when_it_has_more_zeros():
    A = M([[1, 2, 3], [0, 5, 6], [0, 8, 9]])  # column 1 has two zeros
    step = determinant_step(A)
    assert step.rule == "cofactor_expansion" and "column 1" in step.text
    assert len(step.substeps) == 1 and step.after == A.det()


def test_four_by_four_cofactor_nests_three_by_three_minors():
    A = M([[1, 2, 3, 4], [5, 6, 7, 8], [2, 6, 4, 8], [3, 1, 1, 2]])
    d_ = explain_determinant(A)
    assert d_.steps[0].rule == "cofactor_expansion"
    assert all(s.rule == "cofactor_expansion" for s in d_.steps[0].substeps)
    assert d_.answer == A.det() == 72 and d_.verified


@pytest.mark.parametrize("A, shape", [
    (M([[1, 2, 3], [0, 4, 5], [0, 0, 6]]), "upper triangular"),
    (M([[2, 0, 0], [7, 3, 0], [1, 1, 5]]), "lower triangular"),
    (M([[2, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 0], [0, 0, 0, 5]]), "diagonal"),
])
def test_triangular_shortcut(A, shape):
    d_ = explain_determinant(A)
    assert d_.steps[0].rule == "triangular_determinant" and shape in d_.steps[0].text
    assert d_.answer == A.det() and d_.verified


def test_row_reduction_for_five_by_five_tracks_swaps():
    A = M([[2, 1, 0, 0, 1], [1, 3, 1, 0, 0], [0, 1, 4, 1, 0], [0, 0, 1, 5, 1], [1, 0, 0, 1, 6]])
    d_ = explain_determinant(A)
    step = d_.steps[0]
    assert step.rule == "row_reduction_determinant"
    swaps = [s for s in step.substeps if s.rule == "row_swap"]
    assert swaps and all("changes the sign" in s.text for s in swaps)
    assert step.substeps[-1].rule == "triangular_determinant"
    assert d_.answer == A.det() == 442 and d_.verified


def test_singular_matrix_note():
    d_ = explain_determinant(M([[1, 2], [2, 4]]))
    assert d_.answer == 0 and any("singular" in n for n in d_.notes)


def test_size_limit_and_shape_errors():
    with pytest.raises(UsageError, match=f"up to {MAX_SIZE}x{MAX_SIZE}"):
        explain_determinant(sp.ImmutableMatrix(sp.eye(MAX_SIZE + 1)))
    with pytest.raises(UsageError, match="square"):
        explain_determinant(M([[1, 2, 3], [4, 5, 6]]))


def test_row_reduce_reaches_rref():
    red = row_reduce(M([[2, 4, 6], [1, 3, 5]]))
    assert red.matrix == M([[1, 0, -1], [0, 1, 2]]) and red.pivots == [0, 1]
    assert red.matrix == sp.Matrix([[2, 4, 6], [1, 3, 5]]).rref()[0]
    assert {s.rule for s in red.steps} <= {"row_swap", "row_scale", "row_replacement"}


# --- eigen ---------------------------------------------------------------------------------


def test_symmetric_two_by_two():
    A = M([[2, 1], [1, 2]])
    d_ = explain_eigen(A)
    assert d_.verified, d_.checks
    poly_step = steps_named(d_, "characteristic_polynomial")[0]
    assert poly_step.after == lam**2 - 4 * lam + 3
    assert poly_step.substeps[0].rule == "two_by_two_determinant"
    factor = steps_named(d_, "factor_polynomial")[0]
    assert factor.after == (lam - 3) * (lam - 1)
    assert set(d_.answer) == {1, 3}
    assert d_.answer[3] == [M([1, 1])] and d_.answer[1] == [M([-1, 1])]
    reduced = [s.facts[0] for s in steps_named(d_, "row_reduce")]
    assert reduced == [M([[1, 1], [0, 0]]), M([[1, -1], [0, 0]])]
    sym = steps_named(d_, "symmetric_matrix")[0]
    assert "orthogonal" in sym.text and sym.substeps[0].rule == "orthogonality_check"
    checks = steps_named(d_, "eigenvector_check")
    assert len(checks) == 2


def test_repeated_eigenvalue_with_deficient_eigenspace():
    A = M([[2, 1], [0, 2]])
    d_ = explain_eigen(A)
    assert d_.verified
    assert steps_named(d_, "characteristic_polynomial")[0].after == lam**2 - 4 * lam + 4
    linear = steps_named(d_, "linear_factor")[0]
    assert "twice" in linear.text and "multiplicity is 2" in linear.text
    space = steps_named(d_, "eigenspace")[0]
    assert "geometric multiplicity is 1" in space.text and "deficient" in space.text
    assert steps_named(d_, "row_reduce")[0].facts[0] == M([[0, 1], [0, 0]])
    assert d_.answer == {2: [M([1, 0])]}
    assert any("defective" in n for n in d_.notes)


def test_repeated_eigenvalue_with_full_eigenspace():
    A = M([[2, 0, 0], [0, 2, 0], [0, 0, 3]])
    d_ = explain_eigen(A)
    assert d_.verified and len(d_.answer[2]) == 2 and len(d_.answer[3]) == 1
    assert "deficient" not in steps_named(d_, "eigenspace")[0].text


def test_rotation_matrix_has_complex_eigenvalues():
    A = M([[0, -1], [1, 0]])
    d_ = explain_eigen(A)
    assert d_.verified
    assert steps_named(d_, "characteristic_polynomial")[0].after == lam**2 + 1
    quad = steps_named(d_, "quadratic_formula")[0]
    assert "negative" in quad.text and "complex conjugates" in quad.text
    assert sp.Eq(sp.Symbol("Delta"), 0) != quad.facts[0] and quad.facts[1].rhs == -4
    assert set(d_.answer) == {sp.I, -sp.I}
    for value, (v,) in d_.answer.items():
        assert (A * v - value * v).expand() == sp.zeros(2, 1)


def test_quadratic_formula_with_irrational_roots():
    A = M([[1, 2], [3, 4]])
    d_ = explain_eigen(A)
    assert d_.verified
    roots = {sp.expand(r) for r in d_.answer}
    assert roots == {sp.Rational(5, 2) - sp.sqrt(33) / 2, sp.Rational(5, 2) + sp.sqrt(33) / 2}
    for value, (v,) in d_.answer.items():
        assert sp.simplify(A * v - value * v) == sp.zeros(2, 1)


def test_symbolic_symmetric_matrix():
    d_ = explain_eigen(M([[a, b], [b, a]]))
    assert d_.verified
    assert set(d_.answer) == {a + b, a - b}
    assert d_.answer[a + b] == [M([1, 1])] and d_.answer[a - b] == [M([-1, 1])]
    assert steps_named(d_, "symmetric_matrix")


def test_irreducible_cubic_is_an_honest_cas_step():
    A = M([[0, 1, 0], [0, 0, 1], [1, 1, 0]])  # lambda^3 - lambda - 1 has no rational root
    d_ = explain_eigen(A)
    assert steps_named(d_, "characteristic_polynomial")[0].after == -lam**3 + lam + 1
    assert d_.verified and not d_.complete
    assert "cas" in rules(d_)
    assert len(d_.answer) == 3
    numeric = sorted(complex(k.evalf()).real for k in d_.answer)
    reference = sorted(complex(x).real for x in mpmath.eig(mpmath.matrix(A.tolist()))[0])
    assert numeric == pytest.approx(reference)


# --- SVD -------------------------------------------------------------------------------------


def _numeric_singular_values(A):
    return sorted((float(s) for s in mpmath.svd_r(mpmath.matrix(A.tolist()), compute_uv=False)), reverse=True)


def test_svd_textbook_example():
    A = M([[3, 0], [4, 5]])
    d_ = explain_svd(A)
    assert d_.verified, d_.checks
    assert steps_named(d_, "gram_matrix")[0].after == M([[25, 20], [20, 25]])
    U, S, V = d_.answer
    assert S == M([[3 * sp.sqrt(5), 0], [0, sp.sqrt(5)]])
    assert sp.simplify(U * S * V.T - A) == sp.zeros(2, 2)
    assert sp.simplify(U.T * U) == sp.eye(2) and sp.simplify(V.T * V) == sp.eye(2)
    assert [float(S[i, i]) for i in range(2)] == pytest.approx(_numeric_singular_values(A))
    assert steps_named(d_, "svd_check")[0].after == A


def test_rank_deficient_svd_completes_u():
    A = M([[1, 2], [2, 4]])
    d_ = explain_svd(A)
    assert d_.verified, d_.checks
    U, S, V = d_.answer
    assert S == M([[5, 0], [0, 0]])
    assert "rank 1" in steps_named(d_, "singular_values")[0].text
    completion = steps_named(d_, "complete_basis")
    assert completion and completion[0].facts == [M([-2 * sp.sqrt(5) / 5, sp.sqrt(5) / 5])]
    assert sp.simplify(U * S * V.T - A) == sp.zeros(2, 2)
    assert sp.simplify(U.T * U) == sp.eye(2)
    assert any("rank 1" in n for n in d_.notes)


def test_tall_matrix_svd():
    A = M([[1, 0], [0, 1], [1, 1]])
    d_ = explain_svd(A)
    assert d_.verified
    U, S, V = d_.answer
    assert U.shape == (3, 3) and S.shape == (3, 2) and V.shape == (2, 2)
    assert S[0, 0] == sp.sqrt(3) and S[1, 1] == 1
    assert sp.simplify(U * S * V.T - A) == sp.zeros(3, 2)


def test_svd_refuses_symbols():
    with pytest.raises(UsageError, match="numeric"):
        explain_svd(M([[a, 0], [0, 1]]))


# --- rendering -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "json", "terminal"])
def test_all_formats_render_matrices(fmt):
    d_ = explain_eigen(M([[2, 1], [1, 2]]))
    out = render(d_, fmt)
    assert out
    if fmt in ("markdown", "latex"):
        assert r"\begin{bmatrix}" in out
    if fmt == "json":
        data = json.loads(out)
        assert data["task"] == "eigen" and data["verified"] is True
        assert sp.sympify(data["problem"]["matrix"]) == sp.Matrix([[2, 1], [1, 2]])
        answer = {sp.sympify(k): v for k, v in json.loads(json.dumps(data["answer"])).items()}
        assert sp.sympify(answer[3]) == [sp.Matrix([1, 1])]


def test_svd_with_cubic_eigenvalues_switches_to_decimals():
    A = M([[2, 1, 0], [0, 1, 1], [1, 0, 3]])
    d_ = explain_svd(A)
    assert d_.verified, d_.checks
    assert steps_named(d_, "decimals")
    U, S, V = d_.answer
    assert all(abs(float(e)) < 1e-20 for e in (U * S * V.T - A))
    assert [float(S[i, i]) for i in range(3)] == pytest.approx(_numeric_singular_values(A))


def test_cubic_eigenvectors_are_checked_modulo_the_minimal_polynomial():
    d_ = explain_eigen(M([[0, 1, 0], [0, 0, 1], [1, 1, 0]]))
    check = steps_named(d_, "eigenvector_check")[0]
    assert "multiple of" in check.text and check.math["f"] == lam**3 - lam - 1
    assert d_.verified
