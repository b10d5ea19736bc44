"""Vectors and matrices as machine learning uses them, with every sum written out.

p-norms (1, 2, infinity, general p) and the unit vector; the dot product, cosine
similarity, angle and orthogonality; the matrix product with one entry's row-times-column
sum written in full; transpose; the Hadamard (entrywise) product; and dimension errors
that say which sizes clash.  Pure: SymPy in, ``Derivation`` out.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.derivatives import plus
from symtutor.engine.labels import angle, cosine_similarity, dot, hadamard, norm
from symtutor.engine.linalg import failing_matrix_steps, matmul, record_step_checks, tidy
from symtutor.errors import UsageError
from symtutor.steps import Derivation, Step

MAX_LENGTH = 50  # vectors longer than this are refused (every term is written out)
MAX_SIZE = 10  # matrices up to 10x10


# --- reading shapes -------------------------------------------------------------------------


def as_vector(v, what: str = "the vector") -> sp.ImmutableMatrix:
    """A list or a one-row / one-column matrix as a column vector, else a UsageError."""
    if isinstance(v, sp.MatrixBase):
        if 1 not in v.shape:
            raise UsageError(f"{what} is a {v.rows}×{v.cols} matrix; give a vector such as [3, -4]")
        entries = list(v)
    elif isinstance(v, (list, tuple)):
        entries = [as_sympy(e) for e in v]
    else:
        raise UsageError(f"{what} must be a vector such as [3, -4]")
    if not entries:
        raise UsageError(f"{what} is empty; give at least one component")
    if len(entries) > MAX_LENGTH:
        raise UsageError(f"{what} has {len(entries)} components; symtutor writes out vectors up to {MAX_LENGTH}")
    for e in entries:
        if not isinstance(e, sp.Expr) or isinstance(e, sp.MatrixBase) or e.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise UsageError(f"{what} has the component {sp.sstr(e)}, which is not a finite number or expression")
    return sp.ImmutableMatrix(len(entries), 1, entries)


def as_matrix(A, what: str = "the matrix", *, list_as: str = "column") -> sp.ImmutableMatrix:
    """A matrix (a list becomes a column, or a row with ``list_as='row'``), size-checked."""
    if isinstance(A, (list, tuple)):
        v = as_vector(A, what)
        A = v.T if list_as == "row" else v
    if not isinstance(A, sp.MatrixBase):
        raise UsageError(f"{what} must be a matrix such as [[1, 2], [3, 4]]")
    A = sp.ImmutableMatrix(A)
    if A.rows == 0 or A.cols == 0:
        raise UsageError(f"{what} is empty")
    if A.rows > MAX_SIZE or A.cols > MAX_SIZE:
        raise UsageError(f"{what} is {A.rows}×{A.cols}; symtutor explains matrices up to {MAX_SIZE}×{MAX_SIZE}")
    for e in A:
        if not isinstance(e, sp.Expr) or e.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise UsageError(f"{what} has the entry {sp.sstr(e)}, which is not a finite number or expression")
    return sp.ImmutableMatrix(A)


def shape(A) -> str:
    return f"{A.rows}×{A.cols}"


def check_product_shapes(A, B) -> None:
    """A (m×n) times B (p×q) needs n = p: the inner sizes must agree."""
    if A.cols != B.rows:
        raise UsageError(f"a {shape(A)} times a {shape(B)} is undefined: inner sizes {A.cols} and {B.rows} differ")


def check_same_shapes(A, B, what: str) -> None:
    if A.shape != B.shape:
        raise UsageError(f"a {shape(A)} and a {shape(B)} have no {what}: it needs equal shapes")


# --- written forms ----------------------------------------------------------------------------


def _abs(e):
    return sp.Abs(e, evaluate=False) if e.is_number else sp.Abs(e)


def _power(e, p):
    return sp.Pow(e, p, evaluate=False)


def _root(e, p):
    return sp.Pow(e, 1 / as_sympy(p), evaluate=False)


def _value(e):
    """A tidy value (radicals rationalised, fractions reduced)."""
    return tidy(e)


def written_dot(u, v):
    """u₁v₁ + u₂v₂ + … with every product written as such."""
    return plus(*[sp.Mul(a, b, evaluate=False) for a, b in zip(u, v)]) if len(u) > 1 else \
        sp.Mul(u[0], v[0], evaluate=False)


def _products(u, v):
    values = [a * b for a, b in zip(u, v)]
    return plus(*values) if len(values) > 1 and any(x != 0 for x in values) else sp.Add(*values)


def _symbolic_definition(p, n):
    """‖v‖_p in components v_1 … v_n (display only)."""
    comps = [sp.Symbol(f"v_{i}") for i in range(1, min(n, 3) + 1)]
    if p == 1:
        body = plus(*[sp.Abs(c) for c in comps])
    elif p == sp.oo:
        body = sp.Max(*[sp.Abs(c) for c in comps])
    elif p == 2:
        body = sp.sqrt(plus(*[c**2 for c in comps]))
    else:
        body = _root(plus(*[sp.Abs(c) ** p for c in comps]), p)
    return body


# --- norms ----------------------------------------------------------------------------------


def _norm_step(v, p) -> tuple[Step, sp.Expr]:
    entries = list(v)
    n = len(entries)
    V = sp.Symbol("v")
    definition = sp.Eq(norm(V, p), _symbolic_definition(p, n), evaluate=False)
    if p == 1:
        written = plus(*[_abs(e) for e in entries]) if n > 1 else _abs(entries[0])
        middle = plus(*[sp.Abs(e) for e in entries]) if n > 1 else sp.Abs(entries[0])
        value = _value(sp.Add(*[sp.Abs(e) for e in entries]))
        title, rule = "1-norm (Manhattan length)", "l1_norm"
        text = "Add the absolute values of the components: {definition}."
        facts = [sp.Eq(written, middle, evaluate=False)] if middle != value and n > 1 else []
    elif p == 2:
        squares = plus(*[_power(e, 2) for e in entries]) if n > 1 else _power(entries[0], 2)
        written = sp.Pow(squares, sp.S.Half, evaluate=False)
        total = sp.Add(*[e**2 for e in entries])
        value = _value(sp.sqrt(total))
        title, rule = "2-norm (Euclidean length)", "l2_norm"
        text = "Square each component, add the squares and take the square root: {definition}."
        each = plus(*[e**2 for e in entries]) if n > 1 else entries[0] ** 2
        facts = [sp.Eq(squares, each, evaluate=False)]
        if n > 1 and each != total:
            facts.append(sp.Eq(each, total, evaluate=False))
    elif p == sp.oo:
        abs_values = [sp.Abs(e) for e in entries]
        written = sp.Tuple(*[_abs(e) for e in entries])
        value = _value(sp.Max(*abs_values))
        title, rule = "Infinity norm (largest component)", "max_norm"
        text = "Take the largest absolute value among the components {components}: {definition}. It is {value}."
        facts = [sp.Eq(written, sp.Tuple(*abs_values), evaluate=False)] if written != sp.Tuple(*abs_values) else []
        step = Step(rule=rule, title=title, text=text, after=value, facts=facts,
                    math={"definition": definition, "components": written, "value": value})
        return step, value
    else:
        powers = plus(*[_power(_abs(e), p) for e in entries]) if n > 1 else _power(_abs(entries[0]), p)
        written = _root(powers, p)
        total = sp.Add(*[sp.Abs(e) ** p for e in entries])
        value = _value(total ** (1 / as_sympy(p)))
        title, rule = f"{p}-norm", "p_norm"
        text = "Raise the absolute values to the power p = {p}, add them and take the p-th root: {definition}."
        facts = [sp.Eq(powers, total, evaluate=False)]
    math = {"definition": definition, "p": p}
    return Step(rule=rule, title=title, text=text, before=written, after=value, facts=facts, math=math), value


def _check_p(p):
    if p == sp.oo:
        return p
    if not isinstance(p, sp.Expr) or not p.is_number or not p.is_real:
        raise UsageError(f"--p takes numbers at least 1 or oo (infinity), got {sp.sstr(p)}")
    if (p - 1).is_negative:
        raise UsageError(f"p = {sp.sstr(p)} gives no norm (the triangle inequality fails below 1); use p >= 1 or oo")
    return sp.nsimplify(p) if isinstance(p, sp.Float) else p


def explain_norm(v, ps=(2,), *, input_text: str = "") -> Derivation:
    """The p-norms of ``v`` (default p = 2) with every sum written out, and the unit vector."""
    v = as_vector(v)
    ps = [_check_p(as_sympy(p)) for p in (ps or [2])]
    if len(set(ps)) != len(ps):
        raise UsageError("--p lists the same p twice")
    steps, values = [], []
    for p in ps:
        step, value = _norm_step(v, p)
        steps.append(step)
        values.append(value)
    notes = []
    length = _value(sp.sqrt(sp.Add(*[e**2 for e in v])))
    if length.is_number and length != 0:
        unit = sp.ImmutableMatrix(v.rows, 1, [_value(e / length) for e in v])
        written = sp.ImmutableMatrix(v.rows, 1, [sp.Mul(e, sp.Pow(length, -1, evaluate=False), evaluate=False)
                                                 for e in v])
        steps.append(Step(rule="unit_vector", title="Unit vector",
                          text="Divide every component by the Euclidean length {length} to get a vector of length 1 "
                               "pointing the same way.",
                          before=written, after=unit, math={"length": length}))
    elif length == 0:
        notes.append("The zero vector has no direction, so it has no unit vector.")
    answer = values[0] if len(values) == 1 else sp.Tuple(*values)
    shown = sp.Tuple(*v)
    statement = norm(shown, ps[0]) if len(ps) == 1 else sp.Tuple(*[norm(shown, p) for p in ps])
    derivation = Derivation(task="norm", input=input_text, problem={"vector": v, "p": sp.Tuple(*ps)},
                            statement=statement, steps=steps, answer=answer, notes=notes)
    reference = [tidy(sp.Matrix(v).norm(p)) for p in ps]
    from symtutor.verify import equivalent

    ok = all(equivalent(a, b) for a, b in zip(values, reference))
    derivation.checks.append(f"{'the norm agrees' if len(ps) == 1 else 'the norms agree'} with SymPy's Matrix.norm"
                             if ok else "a norm DISAGREES with SymPy's Matrix.norm")
    if len(steps) > len(ps):
        unit = steps[-1].after
        unit_ok = equivalent(sp.sqrt(sum(e**2 for e in unit)), 1)
        derivation.checks.append("the unit vector has length 1" if unit_ok else "the unit vector does NOT have length 1")
        ok = ok and unit_ok
    return _finish(derivation, ok)


def _finish(derivation: Derivation, ok: bool, domain=()) -> Derivation:
    bad = failing_matrix_steps(derivation.steps, list(domain))
    record_step_checks(derivation, bad)
    derivation.verified = ok and not bad
    return derivation


# --- dot product, cosine similarity, angle --------------------------------------------------


def dot_step(u, v) -> tuple[Step, sp.Expr]:
    written = written_dot(list(u), list(v))
    products = _products(list(u), list(v))
    value = _value(sp.expand(sum(a * b for a, b in zip(u, v))))
    facts = [sp.Eq(written, products, evaluate=False)] if products != value and len(u) > 1 else []
    step = Step(rule="dot_product", title="Dot product",
                text="Multiply matching components and add the products: {definition}.",
                before=written, after=value, facts=facts,
                math={"definition": sp.Eq(dot(sp.Symbol("u"), sp.Symbol("v")),
                                          plus(*[sp.Symbol(f"u_{i}") * sp.Symbol(f"v_{i}") for i in (1, 2)],
                                               sp.Symbol("...")), evaluate=False)})
    return step, value


def explain_dot(u, v, *, find: str = "dot", input_text: str = "") -> Derivation:
    """u · v written out; then the lengths, cosine similarity, angle and orthogonality."""
    u, v = as_vector(u, "the first vector"), as_vector(v, "the second vector")
    if len(u) != len(v):
        raise UsageError(f"a {len(u)}-vector and a {len(v)}-vector have no dot product: "
                         f"lengths {len(u)} and {len(v)} differ")
    if find not in ("dot", "cosine", "angle"):
        raise UsageError(f"find must be dot, cosine or angle, got {find!r}")
    step, value = dot_step(u, v)
    steps = [step]
    notes = []
    results = {"dot": value}
    nu = _value(sp.sqrt(sum(e**2 for e in u)))
    nv = _value(sp.sqrt(sum(e**2 for e in v)))
    zero = [w for w, n in (("first", nu), ("second", nv)) if n == 0]
    if value == 0 and not zero:
        steps.append(Step(rule="orthogonal", title="Orthogonal",
                          text="The dot product is 0, so the vectors are orthogonal (perpendicular): the angle "
                               "between them is {angle}.", math={"angle": sp.pi / 2}))
    if zero:
        notes.append(f"The {zero[0]} vector is the zero vector, so the angle and the cosine similarity are undefined.")
    elif all(e.is_number for e in list(u) + list(v)) or find != "dot":
        for w, n, name in ((u, nu, "u"), (v, nv, "v")):
            sub, _ = _norm_step(w, 2)
            sub.text = f"The length of {name}: " + sub.text[0].lower() + sub.text[1:]
            steps.append(sub)
        cos_written = sp.Mul(value, sp.Pow(sp.Mul(nu, nv, evaluate=False), -1, evaluate=False), evaluate=False)
        cos_value = _value(value / (nu * nv))
        steps.append(Step(rule="cosine_similarity", title="Cosine similarity",
                          text="Divide the dot product by the product of the lengths: {definition}. It lies between "
                               "-1 (opposite) and 1 (same direction).",
                          before=cos_written, after=cos_value,
                          math={"definition": sp.Eq(cosine_similarity(sp.Symbol("u"), sp.Symbol("v")),
                                                    sp.Mul(dot(sp.Symbol("u"), sp.Symbol("v")),
                                                           sp.Pow(sp.Mul(norm(sp.Symbol("u"), 2),
                                                                         norm(sp.Symbol("v"), 2)), -1,
                                                                  evaluate=False), evaluate=False),
                                                    evaluate=False)}))
        theta = _value(sp.acos(cos_value))
        math = {"theta": sp.Eq(sp.Symbol("theta"), theta, evaluate=False)}
        text = "The angle is the inverse cosine of the cosine similarity: {theta} radians"
        if theta.is_number:
            degrees = theta * 180 / sp.pi
            exact = degrees.is_Rational
            math["approx"] = degrees if exact else sp.Float(degrees.evalf(15), 6)
            if not theta.has(sp.pi) and not theta.is_Rational:
                math["radians"] = sp.Float(theta.evalf(15), 6)
                text += " (about {radians})"
            text += (", which is {approx} degrees." if exact else ", about {approx} degrees.")
        else:
            text += "."
        steps.append(Step(rule="angle", title="Angle", text=text, math=math))
        results.update(cosine=cos_value, angle=theta)
    if find not in results:
        raise UsageError(f"the {find} of these vectors is undefined (a zero vector has no direction)")
    answer = results[find]
    statement = {"dot": dot, "cosine": cosine_similarity, "angle": angle}[find](sp.Tuple(*u), sp.Tuple(*v))
    derivation = Derivation(task="dot", input=input_text, problem={"u": u, "v": v, "find": find},
                            statement=statement, steps=steps, answer=answer, notes=notes)
    from symtutor.verify import equivalent

    ok = equivalent(value, u.dot(v))
    derivation.checks.append("the dot product agrees with SymPy's Matrix.dot" if ok
                             else "the dot product DISAGREES with SymPy's Matrix.dot")
    if "cosine" in results:
        ref = u.dot(v) / (u.norm() * v.norm())
        c_ok = equivalent(results["cosine"], ref) and equivalent(sp.cos(results["angle"]), ref)
        derivation.checks.append("cos θ recomputed from SymPy's norms" if c_ok
                                 else "cos θ DISAGREES with SymPy's norms")
        ok = ok and c_ok
    return _finish(derivation, ok)


# --- matrix product, transpose, Hadamard -----------------------------------------------------


def _entry_step(A, B, i, j) -> Step:
    row, col = list(A.row(i)), list(B.col(j))
    written = written_dot(row, col)
    value = tidy(sp.expand(sum(a * b for a, b in zip(row, col))))
    products = _products(row, col)
    facts = [sp.Eq(written, products, evaluate=False)] if products != value and len(row) > 1 else []
    text = (f"Entry ({i + 1}, {j + 1}) is row {i + 1} of the left matrix, {{row}}, times column {j + 1} of the right "
            f"matrix, {{col}}: multiply matching entries and add.")
    return Step(rule="row_times_column", title=f"Entry ({i + 1}, {j + 1})", text=text, before=written, after=value,
                facts=facts, math={"row": sp.ImmutableMatrix([row]), "col": sp.ImmutableMatrix(col)})


def explain_matmul(A, B, *, input_text: str = "") -> Derivation:
    """A·B: the shapes, one entry's row-times-column sum in full, then every entry."""
    A = as_matrix(A, "the left matrix", list_as="row" if isinstance(B, sp.MatrixBase) and B.rows > 1 else "column")
    B = as_matrix(B, "the right matrix")
    check_product_shapes(A, B)
    m, n, q = A.rows, A.cols, B.cols
    steps = [Step(rule="shapes", title="Shapes",
                  text=f"A {m}×{n} times a {n}×{q}: the inner sizes agree ({n} = {n}), so the product exists and is "
                       f"{m}×{q} (the outer sizes).")]
    first = _entry_step(A, B, 0, 0)
    steps.append(first)
    C = sp.ImmutableMatrix(m, q, lambda i, j: tidy(sp.expand(sum(A[i, k] * B[k, j] for k in range(n)))))
    written = sp.ImmutableMatrix(m, q, lambda i, j: written_dot(list(A.row(i)), list(B.col(j))))
    if m * q > 1:
        steps.append(Step(rule="all_entries", title="Every entry",
                          text="Do the same for every row of the left matrix and every column of the right one.",
                          before=written, after=C))
    derivation = Derivation(task="matmul", input=input_text, problem={"A": A, "B": B},
                            statement=matmul(A, B), steps=steps, answer=C)
    from symtutor.verify import equivalent

    ok = equivalent(C, A * B)
    derivation.checks.append("the product agrees with SymPy's matrix multiplication" if ok
                             else "the product DISAGREES with SymPy's matrix multiplication")
    return _finish(derivation, ok)


def explain_transpose(A, *, input_text: str = "") -> Derivation:
    """Aᵀ: row i of A becomes column i."""
    A = as_matrix(A, list_as="column")
    T = A.T
    facts = [sp.Eq(sp.Symbol(f"row_{i + 1}"), sp.ImmutableMatrix([list(A.row(i))]), evaluate=False)
             for i in range(min(A.rows, 4))]
    steps = [Step(rule="transpose", title="Transpose",
                  text=f"Row i of the {shape(A)} matrix becomes column i of its {shape(T)} transpose: "
                       "(A^T)_ij = A_ji.", before=sp.Transpose(A), after=T, facts=facts)]
    if A.is_square and A == T:
        steps.append(Step(rule="symmetric", title="Symmetric",
                          text="The transpose equals the matrix itself: the matrix is symmetric."))
    derivation = Derivation(task="transpose", input=input_text, problem={"A": A},
                            statement=sp.Transpose(A), steps=steps, answer=T)
    ok = T == sp.Matrix(A).transpose()
    derivation.checks.append("agrees with SymPy's transpose")
    return _finish(derivation, ok)


def explain_hadamard(A, B, *, input_text: str = "") -> Derivation:
    """A ∘ B: entry by entry products (the shapes must be equal)."""
    A = as_matrix(A, "the first matrix")
    B = as_matrix(B, "the second matrix")
    check_same_shapes(A, B, "Hadamard product")
    written = sp.ImmutableMatrix(A.rows, A.cols, lambda i, j: sp.Mul(A[i, j], B[i, j], evaluate=False))
    C = sp.ImmutableMatrix(A.rows, A.cols, lambda i, j: tidy(A[i, j] * B[i, j]))
    steps = [Step(rule="hadamard_product", title="Hadamard product",
                  text="Multiply entries in the same position: (A o B)_ij = A_ij B_ij. Unlike the matrix product, "
                       "both matrices must have the same shape.", before=written, after=C)]
    statement = hadamard(A, B)
    derivation = Derivation(task="hadamard", input=input_text, problem={"A": A, "B": B},
                            statement=statement, steps=steps, answer=C)
    from symtutor.verify import equivalent

    ok = equivalent(C, sp.ImmutableMatrix(A.multiply_elementwise(B)))
    derivation.checks.append("agrees with SymPy's multiply_elementwise")
    return _finish(derivation, ok)
