"""Linear algebra shared by the determinant, eigen and SVD engines.

What lives here: the size limit, exact zero tests and tidy entries, the display form
``det(M)``, Gauss-Jordan row reduction that records every row operation as a ``Step``,
null spaces read off a reduced matrix, and the checker that evaluates matrix
expressions before comparing a step's ``before`` with its ``after``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.errors import UsageError
from symtutor.steps import Step

MAX_SIZE = 10  # larger matrices are refused (UsageError) so that nothing hangs
_ZERO_DIGITS = 60
_ZERO_TOLERANCE = sp.Float(10) ** -40
_DECIMAL_DIGITS = 30  # working precision when exact values are given up for decimals
_DECIMAL_TOLERANCE = sp.Float(10) ** -22
_TIDY_SIZE_LIMIT = 60  # count_ops above which an entry is only expanded, not simplified


class det(sp.Determinant):
    """The unevaluated determinant, printed ``det(M)`` (|M| in LaTeX); ``doit()`` evaluates."""


def check_matrix(A, *, square: bool = True, what: str = "the matrix") -> sp.ImmutableMatrix:
    """``A`` as an immutable matrix, refusing non-square (when required) or oversized input."""
    if not isinstance(A, sp.MatrixBase):
        raise UsageError(f"{what} must be a matrix such as [[1, 2], [3, 4]]")
    rows, cols = A.shape
    if rows == 0 or cols == 0:
        raise UsageError(f"{what} is empty; give at least one entry, e.g. [[1]]")
    if rows > MAX_SIZE or cols > MAX_SIZE:
        raise UsageError(f"{what} is {rows}x{cols}; symtutor explains matrices up to {MAX_SIZE}x{MAX_SIZE}")
    if square and rows != cols:
        raise UsageError(f"{what} is {rows}x{cols}; this needs a square matrix")
    for entry in A:
        if not isinstance(entry, sp.Expr) or entry.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise UsageError(f"{what} has the entry {entry}, which is not a finite number or expression")
    return sp.ImmutableMatrix(A)


def is_numeric(A) -> bool:
    """True when every entry is a number (no symbols)."""
    return all(not e.free_symbols for e in A)


# --- entries ------------------------------------------------------------------------------


_ROOT_VALUES: dict = {}


def root_value(r: sp.CRootOf, digits: int = _ZERO_DIGITS + 10):
    """The value of a CRootOf to ``digits`` digits.  SymPy refines complex root isolation
    intervals slowly (seconds per root), so take the polynomial's numeric roots instead:
    ``nroots`` lists them in CRootOf's order (real increasing, then complex by real part)."""
    key = (r.poly.as_expr(), r.poly.gen, r.index, digits)
    if key not in _ROOT_VALUES:
        values = sp.Poly(r.poly.as_expr(), r.poly.gen).nroots(n=digits, maxsteps=500)
        _ROOT_VALUES[key] = values[r.index]
    return _ROOT_VALUES[key]


def numeric(e, digits: int = _ZERO_DIGITS):
    """``e`` evaluated to ``digits`` digits, root objects first (fast and bounded: SymPy's
    adaptive evalf of an exact zero or of differences of CRootOf can take seconds)."""
    e = as_sympy(e)
    if e.has(sp.Subs):
        e = e.doit()
    roots = e.atoms(sp.CRootOf)
    if roots:
        e = e.xreplace({r: root_value(r, digits + 10) for r in roots})
    return e.evalf(digits, maxn=digits + 40)


def is_zero(e) -> bool:
    """Exact zero test: symbolic cancellation, and for numbers a 60-digit evaluation."""
    e = as_sympy(e)
    if e == 0:
        return True
    if e.is_number:
        if e.is_Rational:
            return False
        value = numeric(e)
        try:
            return bool(abs(value) < _ZERO_TOLERANCE)
        except TypeError:
            return False
    try:
        return sp.cancel(sp.expand(e)) == 0
    except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
        return False


def tidy(e):
    """A short exact form of an entry: rationals as they are, radicals rationalised."""
    e = as_sympy(e)
    if e.is_Rational or e.is_Symbol:
        return e
    if e.has(sp.Float) and e.is_number:  # decimals (SVD of messy matrices): chop rounding noise
        value = e.evalf(_DECIMAL_DIGITS)
        return sp.S.Zero if abs(value) < _DECIMAL_TOLERANCE else value
    if is_zero(e):
        return sp.S.Zero
    if e.has(sp.CRootOf):  # algebraic numbers of degree 3+: SymPy cannot shorten them cheaply
        return e
    try:
        expanded = sp.expand(e)
        if expanded.has(sp.Pow) and any(p.exp.is_Rational and not p.exp.is_Integer
                                        for p in expanded.atoms(sp.Pow)):
            expanded = sp.expand(sp.radsimp(expanded))
        candidates = [expanded]
        if sp.count_ops(expanded) <= _TIDY_SIZE_LIMIT:
            candidates += [sp.factor(expanded), sp.cancel(expanded)]
            if expanded.is_number:
                candidates.append(sp.nsimplify(expanded) if expanded.is_Float else expanded)
        return min(candidates, key=lambda c: (sp.count_ops(c), len(str(c))))
    except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
        return e


def tidy_matrix(M) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(M.rows, M.cols, [tidy(e) for e in M])


def is_symmetric(A) -> bool:
    return A.rows == A.cols and all(is_zero(A[i, j] - A[j, i]) for i in range(A.rows) for j in range(i))


# --- checking steps whose sides are matrix expressions --------------------------------------


def explicit(value: Any) -> Any:
    """Carry out unevaluated determinants, products and transposes so the verifier compares values."""
    if isinstance(value, sp.MatrixExpr) and not isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.doit().as_explicit())
    if isinstance(value, sp.Basic) and value.has(sp.Determinant, sp.MatrixExpr) \
            and not isinstance(value, sp.MatrixBase):
        return value.doit()
    return value


def numbers_equal(a, b) -> bool | None:
    """For two constant expressions: equal to 60 digits (True/False); None when symbolic."""
    a, b = as_sympy(a), as_sympy(b)
    if a.free_symbols or b.free_symbols:
        return None
    if a == b:
        return True
    try:
        va, vb = numeric(a), numeric(b)
        gap = sp.Abs(va - vb).evalf(_ZERO_DIGITS)
        scale = max(sp.Float(1), sp.Abs(va).evalf(20))
        return bool(gap <= _ZERO_TOLERANCE * scale)
    except (TypeError, ValueError):
        return None


def _constant(value) -> bool:
    return isinstance(value, sp.Basic) and not value.free_symbols and not value.has(sp.Derivative)


def _numeric_value(value):
    """A constant matrix expression or number evaluated with 60-digit entries (products of
    big exact matrices are multiplied numerically, which is fast)."""
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.rows, value.cols, [numeric(e) for e in value])
    if isinstance(value, (sp.MatMul, sp.MatAdd)):
        parts = [_numeric_value(a) for a in value.args]
        out = parts[0]
        for part in parts[1:]:
            out = out * part if isinstance(value, sp.MatMul) else out + part
        return sp.ImmutableMatrix(out).applyfunc(lambda e: sp.expand(e).evalf(_ZERO_DIGITS))
    if isinstance(value, sp.Transpose):
        return _numeric_value(value.arg).T
    if isinstance(value, sp.MatrixExpr):
        return _numeric_value(sp.ImmutableMatrix(value.doit().as_explicit()))
    if isinstance(value, sp.Expr):
        if value.has(sp.Determinant):
            value = value.doit()
        return numeric(value)
    return value


def side_holds(before, after, domain: Iterable[Any] = ()) -> bool:
    """``before`` equals ``after`` once matrix expressions are evaluated.

    Constant sides (algebraic numbers such as CRootOf) are compared to 60 digits, which
    avoids SymPy's slow simplification of nested radicals and root objects."""
    from symtutor.verify import equivalent

    if _constant(before) and _constant(after):
        tolerance = _DECIMAL_TOLERANCE if (before.has(sp.Float) or after.has(sp.Float)) else _ZERO_TOLERANCE
        left, right = _numeric_value(before), _numeric_value(after)
        if isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase):
            return left.shape == right.shape and all(
                bool(sp.Abs(p - q) <= tolerance * max(sp.Float(1), sp.Abs(p))) for p, q in zip(left, right))
        if isinstance(left, sp.Expr) and isinstance(right, sp.Expr) and left.is_number and right.is_number:
            return bool(sp.Abs(left - right) <= tolerance * max(sp.Float(1), sp.Abs(left)))
    left, right = explicit(before), explicit(after)
    if isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase) and left.shape == right.shape:
        verdicts = [numbers_equal(p, q) for p, q in zip(left, right)]
        if None not in verdicts:
            return all(verdicts)
    elif isinstance(left, sp.Expr) and isinstance(right, sp.Expr):
        verdict = numbers_equal(left, right)
        if verdict is not None:
            return verdict
    return equivalent(left, right, domain=list(domain))


def failing_matrix_steps(steps: Iterable[Step], domain: Iterable[Any] = ()) -> list[Step]:
    """Every step under ``steps`` whose ``before`` differs from its ``after``, or whose
    facts (equations) do not hold."""
    domain = list(domain)
    bad = []
    for top in steps:
        for step in top.walk():
            ok = step.before is None or step.after is None or side_holds(step.before, step.after, domain)
            for fact in step.facts:
                if isinstance(fact, sp.Equality) and not _is_definition(fact):
                    ok = ok and side_holds(fact.lhs, fact.rhs, domain)
            if not ok:
                bad.append(step)
    return bad


def _is_definition(fact) -> bool:
    """``u = ...`` style facts name something rather than claim an equality."""
    return isinstance(fact.lhs, (sp.Symbol, sp.Dummy))


def record_step_checks(derivation, bad: list[Step]) -> None:
    total = sum(1 for _ in derivation.walk())
    if bad:
        derivation.checks.append(f"{total - len(bad)} of {total} steps check out")
    else:
        derivation.checks.append("the step checks out" if total == 1 else f"all {total} steps check out")


# --- written forms --------------------------------------------------------------------------


def matmul(*factors):
    """A matrix product written as given (not multiplied out)."""
    return sp.MatMul(*[sp.ImmutableMatrix(f) if isinstance(f, sp.MatrixBase) else f for f in factors],
                     evaluate=False)


def column(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(len(values), 1, list(values))


def sign_pattern(n: int) -> sp.ImmutableMatrix:
    """The checkerboard of cofactor signs (-1)^(i+j)."""
    return sp.ImmutableMatrix(n, n, lambda i, j: (-1) ** (i + j))


# --- row reduction ----------------------------------------------------------------------------


@dataclass
class Reduction:
    """The result of row reducing a matrix: the reduced matrix, pivot columns, the steps."""

    matrix: sp.ImmutableMatrix
    pivots: list[int]
    steps: list[Step] = field(default_factory=list)
    assumptions: list[sp.Expr] = field(default_factory=list)  # symbolic pivots taken as nonzero


def _pivot_rank(e) -> tuple:
    """Prefer pivots 1 and -1, then other numbers, then symbolic entries."""
    if e in (1, -1):
        return (0, 0)
    if e.is_number:
        return (1, sp.count_ops(e))
    return (2, sp.count_ops(e))


def row_reduce(M, *, reduced: bool = True, simplify=None, zero=None) -> Reduction:
    """Gauss-Jordan elimination of ``M`` with one step per row operation.

    ``reduced=True`` gives the reduced row echelon form (pivots 1, zeros above and below);
    otherwise an echelon form (zeros below the pivots, pivots kept).  Each step shows the
    operation in its sentence and the matrix after it as a fact (row operations change the
    matrix, so ``before``/``after`` are left empty: the matrices are row-equivalent, not equal).

    ``simplify`` and ``zero`` replace ``tidy`` and ``is_zero`` (the eigen engine computes
    in an algebraic number field, reducing polynomials modulo a minimal polynomial).
    """
    tidy_ = simplify or tidy
    is_zero_ = zero or is_zero
    A = sp.Matrix(M).applyfunc(tidy_)
    rows, cols = A.shape
    steps: list[Step] = []
    pivots: list[int] = []
    assumptions: list[sp.Expr] = []
    r = 0
    for c in range(cols):
        if r >= rows:
            break
        candidates = [i for i in range(r, rows) if not is_zero_(A[i, c])]
        if not candidates:
            A[r:, c] = sp.zeros(rows - r, 1)
            continue
        p = min(candidates, key=lambda i: (_pivot_rank(A[i, c]), i))
        if p != r:
            A.row_swap(p, r)
            steps.append(_row_step("row_swap", "Swap rows",
                                   f"Swap R{r + 1} and R{p + 1} to bring a convenient pivot into column {c + 1}.",
                                   A, {}))
        pivot = A[r, c]
        if not pivot.is_number and zero is None:
            assumptions.append(pivot)
        if reduced and pivot != 1:
            A[r, :] = (A[r, :] / pivot).applyfunc(tidy_)
            A[r, c] = sp.S.One
            extra = " (assuming {p} is not 0)" if not pivot.is_number and zero is None else ""
            steps.append(_row_step("row_scale", "Scale a row",
                                   f"Divide R{r + 1} by the pivot {{p}} so that the pivot becomes 1{extra}.",
                                   A, {"p": pivot}))
            pivot = sp.S.One
        targets = range(rows) if reduced else range(r + 1, rows)
        for i in targets:
            if i == r:
                continue
            if is_zero_(A[i, c]):
                A[i, c] = sp.S.Zero
                continue
            factor = tidy_(A[i, c] / pivot)
            A[i, :] = (A[i, :] - factor * A[r, :]).applyfunc(tidy_)
            A[i, c] = sp.S.Zero
            steps.append(_row_step("row_replacement", "Row replacement",
                                   f"Replace R{i + 1} by R{i + 1} - ({{k}}) R{r + 1} to clear column {c + 1}.",
                                   A, {"k": factor}))
        pivots.append(c)
        r += 1
    for i in range(r, rows):  # rows below the last pivot are zero
        A[i, :] = sp.zeros(1, cols)
    return Reduction(matrix=sp.ImmutableMatrix(A), pivots=pivots, steps=steps, assumptions=assumptions)


def _row_step(rule, title, text, A, math) -> Step:
    return Step(rule=rule, title=title, text=text, math=dict(math), facts=[sp.ImmutableMatrix(A)])


def null_space_basis(R: sp.ImmutableMatrix, pivots: list[int], simplify=None) -> list[sp.ImmutableMatrix]:
    """A basis of the null space read off the reduced row echelon form ``R``.

    Each free (non-pivot) column gives one vector: that free variable 1, the other free
    variables 0, and each pivot variable minus the entry of its row in the free column.
    """
    cols = R.cols
    free = [c for c in range(cols) if c not in pivots]
    basis = []
    for f in free:
        v = [sp.S.Zero] * cols
        v[f] = sp.S.One
        for row, p in enumerate(pivots):
            v[p] = (simplify or tidy)(-R[row, f])
        basis.append(column(v))
    return basis


def clear_denominators(v: sp.ImmutableMatrix) -> sp.ImmutableMatrix:
    """A nonzero multiple of ``v`` with integer entries when its entries are rational."""
    if all(e.is_Rational for e in v):
        scale = sp.ilcm(*[e.q for e in v]) if len(v) > 1 else v[0].q
        g = sp.igcd(*[int(e * scale) for e in v]) or 1
        return sp.ImmutableMatrix(v.rows, v.cols, [e * scale / g for e in v])
    return v
