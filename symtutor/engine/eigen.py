"""Eigenvalues and eigenvectors with steps.

A - lambda I, its determinant (the determinant engine's steps) expanded into the
characteristic polynomial, the roots by factoring or the quadratic formula (cubic and
quartic formulas are honest ``cas`` steps), each eigenspace as the null space of
A - lambda I by row reduction, geometric multiplicities, and the check A v = lambda v.
The SVD engine reuses ``eigen_decomposition``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.derivatives import minus, plus, times
from symtutor.engine.determinants import COFACTOR_MAX, determinant_step
from symtutor.engine.linalg import (check_matrix, numeric, clear_denominators, det, failing_matrix_steps, is_symmetric,
                                    is_zero, matmul, null_space_basis, record_step_checks, row_reduce, tidy)
from symtutor.errors import UnsupportedError
from symtutor.steps import CAS_RULE, Derivation, Step

_RADICAL_SIZE_LIMIT = 60  # cubic/quartic roots longer than this (count_ops) are kept as CRootOf


class eigenvectors(sp.Function):
    """The unevaluated statement eigenvectors(A): eigenvalue -> basis of its eigenspace."""

    nargs = 1
    spoken = "eigenvectors of"


@dataclass
class Eigenspace:
    value: sp.Expr
    algebraic: int
    basis: list[sp.ImmutableMatrix] = field(default_factory=list)

    @property
    def geometric(self) -> int:
        return len(self.basis)


@dataclass
class EigenResult:
    steps: list[Step]
    spaces: list[Eigenspace]
    polynomial: sp.Expr
    symbol: sp.Symbol
    notes: list[str] = field(default_factory=list)


def eigen_symbol(A) -> sp.Symbol:
    taken = {s.name for s in A.free_symbols}
    for name in ("lamda", "t", "mu", "s"):  # "lamda": prints as λ, and sympify reads it (lambda is a keyword)
        if name not in taken:
            return sp.Symbol(name)
    return sp.Dummy("lambda")


def _times_word(m: int) -> str:
    return {1: "once", 2: "twice"}.get(m, f"{m} times")


# --- the characteristic polynomial ---------------------------------------------------------


def characteristic_polynomial_steps(A, lam, name: str = "A") -> tuple[list[Step], sp.Expr]:
    """Steps from A to p(lambda) = det(A - lambda I), expanded."""
    n = A.rows
    shifted = sp.ImmutableMatrix(n, n, lambda i, j: A[i, j] - lam if i == j else A[i, j])
    first = Step(rule="characteristic_matrix", title=f"Form {name} - lambda I",
                 text=(f"{{lam}} is an eigenvalue exactly when {name} - {{lam}} I is singular. "
                       "Subtract {lam} from every diagonal entry: {shifted}."),
                 math={"lam": lam, "shifted": shifted})
    if n <= COFACTOR_MAX:
        inner = determinant_step(shifted)
        p = sp.expand(inner.after)
        text = f"Take the determinant of {name} - {{lam}} I and expand it: this is the characteristic polynomial."
        second = Step(rule="characteristic_polynomial", title="Characteristic polynomial", text=text,
                      before=det(shifted), after=p, substeps=[inner], math={"lam": lam})
    else:
        p = sp.expand((-1) ** n * A.charpoly(lam).as_expr())
        second = Step(rule=CAS_RULE, title="Computed directly",
                      text=(f"For a {n}x{n} matrix symtutor does not expand the determinant by hand; "
                            "the computer algebra system computes it (Berkowitz algorithm)."),
                      before=det(shifted), after=p)
    return [first, second], p


# --- its roots -----------------------------------------------------------------------------


def _sort_key(value):
    try:
        z = complex(numeric(value, 30))
        return (0, round(z.real, 12), round(z.imag, 12), "")
    except (TypeError, ValueError):
        return (1, 0, 0, str(value))


def root_steps(p, lam) -> tuple[list[Step], list[tuple[sp.Expr, int]], dict]:
    """Steps solving p(lambda) = 0, the roots with their algebraic multiplicities, and for
    roots of irreducible cubic or higher factors, that factor (their minimal polynomial)."""
    steps: list[Step] = []
    coeff, factors = sp.factor_list(p, lam)
    factors = [(f, m) for f, m in factors if f.has(lam)]
    factored = sp.factor(p, lam) if len(factors) > 1 or any(m > 1 for _, m in factors) else None
    if factored is not None and factored != p:
        steps.append(Step(rule="factor_polynomial", title="Factor",
                          text="Factor the characteristic polynomial; each factor gives eigenvalues.",
                          before=p, after=factored))
    roots: list[tuple[sp.Expr, int]] = []
    fields: dict = {}
    for f, m in factors:
        degree = sp.degree(f, lam)
        if degree == 1:
            step, found = _linear_factor(f, m, lam)
        elif degree == 2:
            step, found = _quadratic_factor(f, m, lam)
        else:
            step, found = _higher_factor(f, m, lam, degree)
            if any(isinstance(r, sp.CRootOf) for r, _ in found):
                fields.update({r: f for r, _ in found})
        steps.append(step)
        roots.extend(found)
    merged: list[tuple[sp.Expr, int]] = []
    for r, m in roots:
        for k, (s, n) in enumerate(merged):
            if is_zero(r - s):
                merged[k] = (s, n + m)
                break
        else:
            merged.append((r, m))
    merged.sort(key=lambda rm: _sort_key(rm[0]))
    return steps, merged, fields


def _linear_factor(f, m, lam):
    a, b = sp.Poly(f, lam).all_coeffs()
    root = tidy(-b / a)
    text = ("Set {f}: {root}. The factor appears " + _times_word(m)
            + ", so the algebraic multiplicity is " + str(m) + ".")
    step = Step(rule="linear_factor", title="Root of a linear factor", text=text,
                math={"f": sp.Eq(f, 0, evaluate=False), "root": sp.Eq(lam, root, evaluate=False)})
    return step, [(root, m)]


def _quadratic_factor(f, m, lam):
    """a l^2 + b l + c = 0 -> l = (-b -/+ sqrt(b^2 - 4ac)) / (2a)"""
    a, b, c = sp.Poly(f, lam).all_coeffs()
    disc = tidy(b**2 - 4 * a * c)
    delta = sp.Symbol("Delta")
    written_disc = minus(sp.Pow(b, 2, evaluate=False), sp.Mul(4, a, c, evaluate=False))
    facts = [sp.Eq(delta, written_disc, evaluate=False), sp.Eq(written_disc, disc, evaluate=False)]
    roots = []
    for k, sign in enumerate((-1, 1), 1):
        root = tidy((-b + sign * sp.sqrt(disc)) / (2 * a))
        radical = sp.Pow(disc, sp.S.Half, evaluate=False)
        top = sp.Add(-b, radical if sign > 0 else sp.Mul(-1, radical, evaluate=False), evaluate=False)
        written = sp.Mul(top, sp.Pow(sp.Mul(2, a, evaluate=False), -1, evaluate=False), evaluate=False)
        facts.append(sp.Eq(sp.Symbol(f"{lam.name}_{k}"), written, evaluate=False))
        facts.append(sp.Eq(written, root, evaluate=False))
        roots.append(root)
    if disc.is_number and disc.is_negative:
        kind = " The discriminant is negative, so the two eigenvalues are complex conjugates."
    elif disc.is_number and disc.is_positive:
        kind = " The discriminant is positive, so there are two distinct real eigenvalues."
    else:
        kind = ""
    text = ("{f} = 0 is quadratic with a = {a}, b = {b}, c = {c}. The quadratic formula gives "
            "{lam} = (-b -/+ sqrt(Delta)) / (2a) with the discriminant Delta = b^2 - 4ac." + kind
            + (f" Each root has algebraic multiplicity {m}." if m > 1 else ""))
    step = Step(rule="quadratic_formula", title="Quadratic formula", text=text, facts=facts,
                math={"f": f, "a": a, "b": b, "c": c, "lam": lam})
    return step, [(r, m) for r in roots]


def _higher_factor(f, m, lam, degree):
    name = {3: "cubic", 4: "quartic"}.get(degree, f"degree-{degree}")
    poly = sp.Poly(f, lam)
    if all(not c.free_symbols for c in poly.all_coeffs()) and poly.domain.is_Exact:
        values = list(poly.all_roots())
        how = "exact root objects CRootOf(p, k), the k-th root of p (the radical formulas are unwieldy)"
    elif sum((found := sp.roots(poly)).values()) == degree:
        values = [r for r, k in found.items() for _ in range(k)]
        how = f"the {name} formula"
    else:
        raise UnsupportedError(f"the characteristic polynomial has the {name} factor {f}, whose roots "
                               "have no closed form symtutor can show; try numeric entries")
    approx = ", ".join(_approx(v) for v in values)
    text = (f"The {name} factor {{f}} has no rational roots, so it does not factor further; its roots come "
            f"from {how}, computed directly by the computer algebra system (approximately {approx}).")
    step = Step(rule=CAS_RULE, title="Computed directly", text=text, math={"f": f},
                facts=[sp.Eq(lam, v, evaluate=False) for v in values])
    return step, [(v if isinstance(v, sp.CRootOf) else tidy(v), m) for v in values]


def _approx(value) -> str:
    z = complex(numeric(value, 15))
    if abs(z.imag) < 1e-12:
        return f"{z.real:.6g}"
    return f"{z.real:.6g} {'+' if z.imag >= 0 else '-'} {abs(z.imag):.6g}i"


# --- eigenvectors ----------------------------------------------------------------------------


class NumberField:
    """Exact arithmetic in Q(lambda) with lambda a root of the irreducible polynomial f:
    every entry is a polynomial in lambda of degree < deg f (division by inverting modulo f)."""

    def __init__(self, f, lam):
        self.lam = lam
        self.f = sp.Poly(f, lam, domain=sp.QQ)
        self._inverses: dict = {}

    def _poly(self, e) -> sp.Poly:
        return sp.Poly(e, self.lam, domain=sp.QQ).rem(self.f)

    def reduce(self, e):
        e = as_sympy(e)
        num, den = sp.fraction(sp.together(e)) if not e.is_polynomial(self.lam) else (e, sp.S.One)
        result = self._poly(sp.expand(num))
        if den != 1:
            key = sp.expand(den)
            if key not in self._inverses:
                self._inverses[key] = sp.invert(self._poly(key), self.f)
            result = (result * self._inverses[key]).rem(self.f)
        return result.as_expr()

    def is_zero(self, e) -> bool:
        return self.reduce(e) == 0


def eigenspace_step(A, value, algebraic: int, lam, index: int, name: str = "A",
                    field_poly=None) -> tuple[Step, Eigenspace]:
    """The null space of A - value I by row reduction, with the check A v = value v.

    For a root of an irreducible cubic or higher ``field_poly``, the reduction keeps
    lambda as a symbol and reduces modulo field_poly(lambda) = 0 (exact and fast)."""
    n = A.rows
    if field_poly is not None:
        field = NumberField(field_poly, lam)
        shifted = sp.ImmutableMatrix(n, n, lambda i, j: A[i, j] - lam if i == j else A[i, j])
        reduction = row_reduce(shifted, simplify=field.reduce, zero=field.is_zero)
        symbolic = null_space_basis(reduction.matrix, reduction.pivots, simplify=field.reduce)
        # entries stay polynomials in lambda, evaluated at the root: exact, and quick to print
        basis = [v.applyfunc(lambda e: sp.Subs(e, lam, value) if e.has(lam) else e) for v in symbolic]
    else:
        shifted = sp.ImmutableMatrix(n, n, lambda i, j: tidy(A[i, j] - value) if i == j else A[i, j])
        reduction = row_reduce(shifted)
        basis = null_space_basis(reduction.matrix, reduction.pivots)
    substeps = []
    reduce_text = f"Row reduce {name} - {{lam}} I at {{lam_eq}} to reduced row echelon form."
    if field_poly is not None:
        reduce_text = (f"Row reduce {name} - {{lam}} I keeping {{lam}} as a symbol: it is a root of {{f}}, so "
                       "every power of {lam} from deg f up is replaced using {f} = 0. Then put in {lam_eq}.")
    lam_eq = sp.Eq(lam, value, evaluate=False)
    substeps.append(Step(rule="row_reduce", title="Row reduce", text=reduce_text,
                         math={"lam": lam, "lam_eq": lam_eq, "f": field_poly if field_poly is not None else 0},
                         substeps=reduction.steps, facts=[reduction.matrix]))
    if field_poly is not None:
        pivots = [c + 1 for c in reduction.pivots]
        substeps.append(Step(rule="null_space", title="Read off the null space",
                             text=f"Pivot columns {_list(pivots)}: set the free variable to 1 and solve for the "
                                  "pivot variables, in terms of {lam}.", math={"lam": lam},
                             facts=list(symbolic)))
    elif not basis:  # the exact zero tests missed a zero pivot: let SymPy find the null space
        basis = [sp.ImmutableMatrix(v.applyfunc(tidy)) for v in shifted.nullspace(simplify=True)]
        substeps.append(Step(rule=CAS_RULE, title="Computed directly",
                             text="The row reduction above did not expose a zero row; the computer algebra "
                                  "system computes the null space directly.", facts=list(basis)))
    else:
        scaled = [clear_denominators(v) for v in basis]
        cleared = any(s != v for s, v in zip(scaled, basis))
        basis = scaled
        free = [c + 1 for c in range(n) if c not in reduction.pivots]
        pivots = [c + 1 for c in reduction.pivots]
        text = (f"Pivot columns {_list(pivots)}; free column{'s' if len(free) > 1 else ''} {_list(free)}. "
                "Set each free variable to 1 in turn (the others 0) and solve for the pivot variables"
                + (", then scale to clear fractions (any nonzero multiple is an eigenvector)" if cleared else "")
                + ".")
        substeps.append(Step(rule="null_space", title="Read off the null space", text=text, facts=list(basis)))
    if field_poly is not None:
        for v in symbolic:
            product = (shifted * v).applyfunc(sp.expand)
            multiples = sp.ImmutableMatrix([sp.Mul(sp.quo(e, field_poly, lam), field_poly, evaluate=False)
                                            if e != 0 else sp.S.Zero for e in product])
            substeps.append(Step(rule="eigenvector_check", title="Check",
                                 text=(f"Multiply: every entry of ({name} - {{lam}} I) v is a multiple of {{f}}, "
                                       "which is 0 at the eigenvalue, so " f"{name} v = {{lam}} v."),
                                 math={"lam": lam, "f": field_poly},
                                 before=matmul(shifted, v), after=multiples))
    for v in basis if field_poly is None else []:
        substeps.append(Step(rule="eigenvector_check", title="Check",
                             text=f"Multiply: {name} v must equal {{lam}} v with {{lam_eq}}.",
                             math={"lam": lam, "lam_eq": lam_eq},
                             before=matmul(A, v), after=matmul(value, v)))
    g = len(basis)
    text = (f"Eigenvalue {index}: {{lam_eq}}, algebraic multiplicity {algebraic}. Solve ({name} - {{lam}} I) v = 0. "
            f"The eigenspace has dimension {g}, so the geometric multiplicity is {g}.")
    if g < algebraic:
        text += (f" That is less than the algebraic multiplicity {algebraic}: the eigenspace is deficient and "
                 f"{name} is not diagonalizable.")
    if reduction.assumptions:
        many = len(reduction.assumptions) > 1
        text += " (Assumes the pivot" + ("s {pivots} are" if many else " {pivots} is") + " nonzero.)"
    step = Step(rule="eigenspace", title=f"Eigenvectors for eigenvalue {index}", text=text, substeps=substeps,
                facts=[shifted],
                math={"lam_eq": lam_eq, "lam": lam,
                      "pivots": sp.Tuple(*reduction.assumptions) if len(reduction.assumptions) != 1
                      else reduction.assumptions[0]})
    return step, Eigenspace(value=value, algebraic=algebraic, basis=basis)


def _list(numbers) -> str:
    return ", ".join(str(k) for k in numbers) if numbers else "none"


def orthogonality_steps(spaces: list[Eigenspace]) -> list[Step]:
    """u . v = 0 for eigenvectors u, v of different eigenvalues (symmetric matrices)."""
    steps = []
    for i, s in enumerate(spaces):
        for t in spaces[i + 1:]:
            for u in s.basis:
                for v in t.basis:
                    written = plus(*[times(a, b) for a, b in zip(u, v)]) if len(u) > 1 else times(u[0], v[0])
                    steps.append(Step(rule="orthogonality_check", title="Orthogonal eigenvectors",
                                      text="The dot product of {u} and {v}, eigenvectors for different "
                                           "eigenvalues, is 0.",
                                      before=written if written != 0 else sp.S.Zero, after=sp.S.Zero,
                                      math={"u": u, "v": v}))
    return steps


def eigen_decomposition(A, name: str = "A") -> EigenResult:
    """All the steps for the eigenvalues and eigenvectors of A."""
    lam = eigen_symbol(A)
    steps, p = characteristic_polynomial_steps(A, lam, name)
    solve_steps, roots, fields = root_steps(p, lam)
    steps.append(Step(rule="eigenvalues", title="Eigenvalues",
                      text="Solve the characteristic equation {eq}.",
                      math={"eq": sp.Eq(p, 0, evaluate=False)}, substeps=solve_steps))
    spaces = []
    for k, (value, m) in enumerate(roots, 1):
        step, space = eigenspace_step(A, value, m, lam, k, name, fields.get(value))
        steps.append(step)
        spaces.append(space)
    notes = []
    deficient = [s for s in spaces if s.geometric < s.algebraic]
    if deficient:
        notes.append(f"{name} is defective: an eigenvalue has fewer independent eigenvectors than its "
                     "multiplicity, so there is no basis of eigenvectors.")
    if is_symmetric(A) and all(e.is_real is not False for e in A):
        checks = orthogonality_steps(spaces)
        text = (f"{name} is symmetric, so its eigenvalues are real and eigenvectors for different "
                "eigenvalues are orthogonal (the spectral theorem).")
        steps.append(Step(rule="symmetric_matrix", title="Symmetric matrix", text=text, substeps=checks))
    return EigenResult(steps=steps, spaces=spaces, polynomial=p, symbol=lam, notes=notes)


def explain_eigen(A, *, input_text: str = "") -> Derivation:
    """Eigenvalues, multiplicities and eigenvectors of A, checked against SymPy's eigenvects."""
    A = check_matrix(A)
    result = eigen_decomposition(A)
    answer = {space.value: list(space.basis) for space in result.spaces}
    derivation = Derivation(task="eigen", input=input_text,
                            problem={"matrix": A, "characteristic_polynomial": result.polynomial},
                            statement=eigenvectors(A), steps=result.steps, answer=answer)
    derivation.notes.extend(result.notes)
    ok = _agrees_with_sympy(A, result.spaces, derivation.checks)
    bad = failing_matrix_steps(derivation.steps)
    record_step_checks(derivation, bad)
    derivation.verified = ok and not bad
    return derivation


def _agrees_with_sympy(A, spaces, checks) -> bool:
    from symtutor.engine.linalg import numbers_equal
    from symtutor.verify import equivalent

    def same(p, q):
        verdict = numbers_equal(p, q)
        return verdict if verdict is not None else equivalent(p, q)

    reference = A.eigenvects()
    unmatched = list(reference)
    ok = True
    for space in spaces:
        match = next((r for r in unmatched if same(r[0], space.value)), None)
        if match is None or match[1] != space.algebraic or len(match[2]) != space.geometric:
            ok = False
            continue
        unmatched.remove(match)
        rank = sp.Matrix.hstack(*space.basis).rank(iszerofunc=is_zero) if space.basis else 0
        ok = ok and rank == space.geometric
    ok = ok and not unmatched
    checks.append("eigenvalues, multiplicities and eigenspace dimensions "
                  + ("agree" if ok else "DISAGREE") + " with SymPy's eigenvects")
    return ok
