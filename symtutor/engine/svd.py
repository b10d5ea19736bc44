"""The singular value decomposition A = U Sigma V^T with steps.

A^T A; its eigenvalues (the eigen engine's steps) give the singular values
sigma_i = sqrt(lambda_i); its orthonormalised eigenvectors are the columns of V;
u_i = A v_i / sigma_i for the nonzero sigma_i, completed to an orthonormal basis of
R^m from the null space of U_r^T when A is rank deficient or taller than wide; Sigma;
and the checks U^T U = I, V^T V = I and U Sigma V^T = A.  Verified against mpmath's
numeric SVD.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.derivatives import plus
from symtutor.engine.eigen import eigen_decomposition
from symtutor.engine.linalg import (check_matrix, column, failing_matrix_steps, is_numeric, is_zero, matmul,
                                    null_space_basis, numeric, record_step_checks, row_reduce, tidy)
from symtutor.errors import UsageError
from symtutor.steps import Derivation, Step


class svd(sp.Function):
    """The unevaluated statement svd(A), whose value is (U, Sigma, V)."""

    nargs = 1


def _dot(u, v):
    return tidy(sum((a * b for a, b in zip(u, v)), sp.S.Zero))


def _written_dot(u, v):
    terms = [sp.Mul(a, b, evaluate=False) for a, b in zip(u, v)]
    return plus(*terms) if len(terms) > 1 else terms[0]


def _numeric_value(e) -> float:
    return float(sp.re(numeric(e, 30)))


def orthonormalize(vectors, label: str, label_math=None) -> tuple[list[Step], list[sp.ImmutableMatrix]]:
    """Gram-Schmidt (when the vectors are not already orthogonal), then unit length."""
    steps: list[Step] = []
    orthogonal: list[sp.ImmutableMatrix] = []
    for v in vectors:
        w = sp.ImmutableMatrix(v)
        projections = [(u, _dot(v, u) / _dot(u, u)) for u in orthogonal if not is_zero(_dot(v, u))]
        if projections:
            w = sp.ImmutableMatrix(v - sum((c * u for u, c in projections), sp.zeros(v.rows, 1))).applyfunc(tidy)
            written = sp.MatAdd(v, *[sp.MatMul(-c, u, evaluate=False) for u, c in projections], evaluate=False)
            steps.append(Step(rule="gram_schmidt", title="Gram-Schmidt",
                              text=f"{label}: subtract from {{v}} its projections onto the vectors already "
                                   "chosen, so that the basis of this eigenspace becomes orthogonal.",
                              before=written, after=w, math={"v": v, **(label_math or {})}))
        orthogonal.append(w)
    units = []
    for w in orthogonal:
        length = tidy(sp.sqrt(_dot(w, w)))
        unit = sp.ImmutableMatrix(w / length).applyfunc(tidy)
        if length != 1:
            steps.append(Step(rule="normalize", title="Normalise",
                              text=f"{label}: divide {{w}} by its length {{length}} to make it a unit vector.",
                              before=matmul(1 / length, w), after=unit,
                              math={"w": w, "length": sp.Eq(sp.Symbol("|w|"), length, evaluate=False),
                                    **(label_math or {})},
                              facts=[sp.Eq(_written_dot(w, w), length**2, evaluate=False)]))
        units.append(unit)
    return steps, units


def _decimal_space(space):
    """An eigenspace with its eigenvalue and basis as 30-digit decimals."""
    from symtutor.engine.eigen import Eigenspace

    def real(e):
        return sp.re(numeric(as_sympy(e).doit(), 30)).evalf(30)

    return Eigenspace(value=real(space.value), algebraic=space.algebraic,
                      basis=[sp.ImmutableMatrix(v.rows, v.cols, [real(e) for e in v]) for v in space.basis])


def explain_svd(A, *, input_text: str = "") -> Derivation:
    """U, Sigma, V with A = U Sigma V^T, every piece derived and checked."""
    A = check_matrix(A, square=False)
    if not is_numeric(A):
        raise UsageError("svd explains matrices with numeric entries only; replace the symbols by numbers")
    if any(e.is_real is False or (e.is_real is None and not is_zero(sp.im(e))) for e in A):
        raise UsageError("svd explains real matrices only; this one has complex entries")
    m, n = A.shape
    steps: list[Step] = []
    gram = sp.ImmutableMatrix(A.T * A).applyfunc(tidy)
    steps.append(Step(rule="gram_matrix", title="Form A^T A",
                      text="The singular values of A are the square roots of the eigenvalues of the symmetric, "
                           "positive semidefinite matrix A^T A, and its eigenvectors are the right singular "
                           "vectors.",
                      before=matmul(A.T, A), after=gram))
    eig = eigen_decomposition(gram, name="A^T A")
    steps.append(Step(rule="gram_eigen", title="Eigenvalues and eigenvectors of A^T A",
                      text="Find the eigenvalues and eigenvectors of A^T A.", substeps=eig.steps))
    spaces = sorted(eig.spaces, key=lambda s: -_numeric_value(s.value))
    if any(s.value.has(sp.CRootOf) for s in spaces):
        spaces = [_decimal_space(s) for s in spaces]
        steps.append(Step(rule="decimals", title="Switch to decimals",
                          text="Some eigenvalues of A^T A are roots of an irreducible cubic or quartic; their exact "
                               "forms are unwieldy, so from here on values are decimals (30 significant digits "
                               "are carried; the checks allow for rounding).",
                          facts=[sp.Eq(eig.symbol, s.value, evaluate=False) for s in spaces]))
    lambdas = [s.value for s in spaces for _ in s.basis]
    sigmas = [tidy(sp.sqrt(v)) if not is_zero(v) else sp.S.Zero for v in lambdas]
    rank = sum(1 for s in sigmas if s != 0)
    facts = []
    for k, (v, s) in enumerate(zip(lambdas, sigmas), 1):
        root = sp.Pow(v, sp.S.Half, evaluate=False)
        facts.append(sp.Eq(sp.Symbol(f"sigma_{k}"), root, evaluate=False))
        if str(root) != str(s):
            facts.append(sp.Eq(root, s, evaluate=False))
    text = (f"Take square roots of the eigenvalues of A^T A, largest first. {rank} of them are nonzero, "
            f"so A has rank {rank}.")
    if rank < min(m, n):
        text += f" A is rank deficient (rank {rank} < {min(m, n)})."
    steps.append(Step(rule="singular_values", title="Singular values", text=text, facts=facts))

    v_steps, v_columns = [], []
    for k, space in enumerate(spaces, 1):
        sub, units = orthonormalize(space.basis, "For {lam_eq}",
                                    {"lam_eq": sp.Eq(eig.symbol, space.value, evaluate=False)})
        v_steps.extend(sub)
        v_columns.extend(units)
    V = sp.ImmutableMatrix.hstack(*v_columns)
    steps.append(Step(rule="right_singular_vectors", title="V",
                      text="The unit eigenvectors of A^T A, in the order of the singular values, are the "
                           "columns of V.", substeps=v_steps, facts=[V]))

    u_steps, u_columns = [], []
    for k in range(rank):
        v, sigma = v_columns[k], sigmas[k]
        u = sp.ImmutableMatrix(A * v / sigma).applyfunc(tidy)
        u_steps.append(Step(rule="left_singular_vector", title=f"u_{k + 1}",
                            text=f"u_{k + 1} = A v_{k + 1} / sigma_{k + 1} with {{sigma}}.",
                            before=matmul(1 / sigma, A, v), after=u,
                            math={"sigma": sp.Eq(sp.Symbol(f"sigma_{k + 1}"), sigma, evaluate=False)}))
        u_columns.append(u)
    if rank < m:
        completion, extra = completion_step(u_columns, m)
        u_steps.append(completion)
        u_columns = u_columns + extra
    U = sp.ImmutableMatrix.hstack(*u_columns)
    steps.append(Step(rule="left_singular_vectors", title="U",
                      text="Each nonzero singular value gives a left singular vector u_i = A v_i / sigma_i; "
                           "these are orthonormal automatically.", substeps=u_steps, facts=[U]))

    Sigma = sp.ImmutableMatrix(m, n, lambda i, j: sigmas[i] if i == j and i < len(sigmas) else 0)
    steps.append(Step(rule="sigma_matrix", title="Sigma",
                      text=f"Sigma has the shape of A ({m}x{n}) with the singular values on its diagonal.",
                      facts=[Sigma]))
    steps.append(Step(rule="orthonormal_check", title="Check U", text="U^T U = I: the columns of U are orthonormal.",
                      before=matmul(U.T, U), after=sp.ImmutableMatrix(sp.eye(m))))
    steps.append(Step(rule="orthonormal_check", title="Check V", text="V^T V = I: the columns of V are orthonormal.",
                      before=matmul(V.T, V), after=sp.ImmutableMatrix(sp.eye(n))))
    steps.append(Step(rule="svd_check", title="Check the product", text="Multiply back: U Sigma V^T = A.",
                      before=matmul(U, Sigma, V.T), after=A))
    answer = sp.Tuple(U, Sigma, V)
    derivation = Derivation(task="svd", input=input_text, problem={"matrix": A}, statement=svd(A),
                            steps=steps, answer=answer)
    derivation.notes.extend(n_ for n_ in eig.notes if "defective" not in n_)
    if rank < min(m, n):
        derivation.notes.append(f"A has rank {rank}: {min(m, n) - rank} singular value(s) are 0, and the "
                                "matching columns of U complete an orthonormal basis.")
    ok = _agrees_with_mpmath(A, sigmas, derivation.checks)
    bad = failing_matrix_steps(derivation.steps)
    record_step_checks(derivation, bad)
    derivation.verified = ok and not bad
    return derivation


def completion_step(u_columns, m) -> tuple[Step, list[sp.ImmutableMatrix]]:
    """Extra orthonormal columns for U: the null space of U_r^T, orthonormalised."""
    if u_columns:
        Ur_T = sp.ImmutableMatrix.hstack(*u_columns).T
        reduction = row_reduce(Ur_T)
        basis = null_space_basis(reduction.matrix, reduction.pivots)
        substeps = [Step(rule="row_reduce", title="Row reduce",
                         text="Vectors orthogonal to every u_i solve U_r^T x = 0: row reduce U_r^T.",
                         substeps=reduction.steps, facts=[reduction.matrix]),
                    Step(rule="null_space", title="Read off the null space",
                         text="Set each free variable to 1 in turn (the others 0).", facts=list(basis))]
    else:
        basis = [column([1 if i == k else 0 for i in range(m)]) for k in range(m)]
        substeps = []
    ortho_steps, units = orthonormalize(basis, "Completion")
    substeps.extend(ortho_steps)
    return Step(rule="complete_basis", title="Complete U to an orthonormal basis",
                text=f"Only {len(u_columns)} of the {m} columns of U come from nonzero singular values; "
                     "complete them with an orthonormal basis of the vectors orthogonal to them.",
                substeps=substeps, facts=list(units)), units


def _agrees_with_mpmath(A, sigmas, checks) -> bool:
    import mpmath

    with mpmath.workdps(30):
        M = mpmath.matrix([[mpmath.mpf(str(sp.N(e, 40))) for e in A.row(i)] for i in range(A.rows)])
        reference = sorted((float(s) for s in mpmath.svd_r(M, compute_uv=False)), reverse=True)
    ours = sorted((_numeric_value(s) for s in sigmas), reverse=True)[: len(reference)]
    ok = len(ours) == len(reference) and all(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in zip(ours, reference))
    checks.append("singular values " + ("agree" if ok else "DISAGREE") + " with mpmath's numeric SVD")
    return ok
