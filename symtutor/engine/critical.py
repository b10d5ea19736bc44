"""Critical points and their classification, with steps.

Solve grad f = 0 the way a student would (an equation in one unknown is factored and
solved, a product set to zero splits into cases, an equation linear in an unknown is
solved for it and substituted), evaluate the Hessian at each point, and classify it by
the second-derivative test: f'' for one variable, D = f_xx f_yy - f_xy^2 for two,
leading principal minors (Sylvester) and, when they are inconclusive, eigenvalue signs
for more.  Systems with no closed-form solution raise ``UnsupportedError``.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.common import best_form
from symtutor.engine.determinants import determinant_step
from symtutor.engine.linalg import det, failing_matrix_steps, is_zero, numeric, record_step_checks, tidy
from symtutor.engine.multivariable import check_variables, gradient_step, hessian_steps
from symtutor.errors import UnsupportedError
from symtutor.steps import CAS_RULE, Derivation, Step

MAX_BRANCHES = 64
_PERIODIC = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)

MINIMUM, MAXIMUM, SADDLE, INCONCLUSIVE = "local minimum", "local maximum", "saddle point", "inconclusive"


class critical_points(sp.Function):
    """The unevaluated statement critical_points(f): point -> classification."""

    nargs = 1
    spoken = "critical points of"


# --- solving grad f = 0 ----------------------------------------------------------------------


class SystemSolver:
    """Explores the cases of a polynomial-like system, recording one step per move."""

    def __init__(self, unknowns):
        self.unknowns = list(unknowns)
        self.steps: list[Step] = []
        self.notes: list[str] = []
        self.branches = 0

    def solve(self, equations) -> list[dict]:
        self.cases: list = []
        return self._explore(list(equations), {})

    # helpers
    def _context(self, known: dict) -> tuple[str, dict]:
        pairs = [sp.Eq(k, v, evaluate=False) for k, v in known.items()]
        prefix, math = "", {}
        if self.cases:
            prefix = "Case {case}"
            math = {"case": self.cases[0] if len(self.cases) == 1 else sp.Tuple(*self.cases)}
        if pairs:
            prefix += (", with " if prefix else "With ") + "{known}"
            math["known"] = pairs[0] if len(pairs) == 1 else sp.Tuple(*pairs)
        return (prefix + ": " if prefix else ""), math

    def _add(self, rule, title, text, known, math=None, **kw):
        prefix, context = self._context(known)
        self.steps.append(Step(rule=rule, title=title, text=prefix + text, math={**context, **(math or {})}, **kw))

    def _explore(self, equations, known) -> list[dict]:
        self.branches += 1
        if self.branches > MAX_BRANCHES:
            raise UnsupportedError("the system grad f = 0 splits into too many cases for symtutor to explain")
        current = []
        for e in equations:
            e2 = sp.factor(sp.expand(e.subs(known))) if known else e
            if is_zero(e2):
                continue
            if not (e2.free_symbols & set(self.unknowns)):
                if e2.free_symbols:
                    raise UnsupportedError(f"whether grad f = 0 has solutions depends on the parameters in {e2}; "
                                           "give the parameters values")
                self._add("no_solution", "No solution in this case",
                          "the equation becomes {eq}, which is impossible, so this case gives no critical point.",
                          known, {"eq": sp.Eq(e2, 0, evaluate=False)})
                return []
            current.append(e2)
        if not current:
            return [self._resolve(known)]
        for e in current:
            unknowns = e.free_symbols & set(self.unknowns)
            if len(unknowns) == 1:
                v = unknowns.pop()
                roots = self._solve_single(e, v, known)
                return [s for r in roots for s in self._explore(current, {**known, v: r})]
        for e in current:
            split = self._zero_product(e, known)
            if split is not None:
                rest = [c for c in current if c is not e]
                found = []
                for factor in split:
                    self.cases.append(sp.Eq(factor, 0, evaluate=False))
                    found += self._explore([factor] + rest, known)
                    self.cases.pop()
                return found
        for e in current:
            substitution = self._linear(e, known)
            if substitution is not None:
                v, value = substitution
                return self._explore(current, {**known, v: value})
        return self._cas(current, known)

    def _resolve(self, known) -> dict:
        point = dict(known)
        for _ in range(len(point) + 1):
            point = {k: tidy(as_sympy(v).subs(point)) for k, v in point.items()}
        return point

    def _solve_single(self, e, v, known) -> list:
        poly = _as_poly(e, v)
        if poly is None:
            return self._solve_transcendental(e, v, known)
        coefficient, factors = sp.factor_list(poly.as_expr(), v)
        roots, complex_roots, cas = [], [], False
        for f, _m in factors:
            if not f.has(v):
                continue
            p = sp.Poly(f, v)
            if p.degree() <= 2:
                found = list(sp.roots(p, v).keys()) if p.degree() == 2 else [tidy(-p.all_coeffs()[1] / p.all_coeffs()[0])]
            else:
                found, cas = list(p.real_roots()) if p.free_symbols <= {v} else list(sp.roots(p, v)), True
            for r in found:
                r = tidy(r)
                (roots if _is_real(r) else complex_roots).append(r)
        roots = _unique(roots)
        factored = sp.factor(e, v)
        math = {"eq": sp.Eq(e, 0, evaluate=False), "v": v,
                "roots": sp.Tuple(*[sp.Eq(v, r, evaluate=False) for r in roots]) if roots else sp.S.EmptySet}
        text = "{eq} involves {v} only"
        if factored != e and sp.expand(factored) == sp.expand(e):
            text += "; factor it as {factored}"
            math["factored"] = sp.Eq(factored, 0, evaluate=False)
        text += ". Real solutions: {roots}."
        if complex_roots:
            text += " (Complex roots are not critical points of a real function.)"
        rule = CAS_RULE if cas else "solve_equation"
        if cas:
            text += " The roots of the cubic or higher factor were computed directly by the computer algebra system."
        self._add(rule, "Solve for " + v.name, text, known, math)
        return roots

    def _solve_transcendental(self, e, v, known) -> list:
        real = sp.Symbol(v.name, real=True)
        try:
            found = sp.solve(e.subs(v, real), real)
        except NotImplementedError:
            raise UnsupportedError(f"the equation {e} = 0 (from grad f = 0) has no closed-form solution "
                                   "symtutor can find") from None
        roots = _unique([tidy(r.subs(real, v)) for r in found if _is_real(r)])
        text = ("{eq} is not polynomial in {v}; the computer algebra system solves it directly: {roots}.")
        if e.has(*_PERIODIC):
            text += " (The equation is periodic: these are the solutions in one period; the others repeat.)"
            note = ("grad f = 0 involves periodic functions, so the critical points repeat periodically; "
                    "those listed are the ones in one period.")
            if note not in self.notes:
                self.notes.append(note)
        self._add(CAS_RULE, "Solve for " + v.name, text, known,
                  {"eq": sp.Eq(e, 0, evaluate=False), "v": v,
                   "roots": sp.Tuple(*[sp.Eq(v, r, evaluate=False) for r in roots]) if roots else sp.S.EmptySet})
        return roots

    def _zero_product(self, e, known):
        _, factors = sp.factor_list(e)
        parts = [f for f, _m in factors if f.free_symbols & set(self.unknowns)]
        if len(parts) < 2:
            return None
        self._add("zero_product", "Zero product",
                  "{eq} is a product, so one of its factors is 0: consider the cases {cases} in turn.", known,
                  {"eq": sp.Eq(sp.factor(e), 0, evaluate=False),
                   "cases": sp.Tuple(*[sp.Eq(f, 0, evaluate=False) for f in parts])})
        return parts

    def _linear(self, e, known):
        for v in sorted(e.free_symbols & set(self.unknowns), key=lambda s: s.name):
            poly = _as_poly(e, v)
            if poly is None or poly.degree() != 1:
                continue
            a, b = poly.all_coeffs()
            if not a.is_number or is_zero(a):
                continue
            value = tidy(-b / a)
            self._add("substitution", "Solve and substitute",
                      "{eq} is linear in {v}: {solved}; substitute it into the other equations.", known,
                      {"eq": sp.Eq(e, 0, evaluate=False), "v": v, "solved": sp.Eq(v, value, evaluate=False)})
            return v, value
        return None

    def _cas(self, current, known) -> list[dict]:
        remaining = sorted(set().union(*(e.free_symbols for e in current)) & set(self.unknowns),
                           key=lambda s: s.name)
        real = {v: sp.Symbol(v.name, real=True) for v in remaining}
        try:
            found = sp.solve([e.xreplace(real) for e in current], list(real.values()), dict=True)
        except NotImplementedError:
            raise UnsupportedError("grad f = 0 has no closed-form solution symtutor can find") from None
        back = {r: v for v, r in real.items()}
        solutions = []
        for s in found:
            values = {back[k]: tidy(val.xreplace(back)) for k, val in s.items()}
            if all(_is_real(val) for val in values.values()):
                solutions.append(values)
        self._add(CAS_RULE, "Solve the remaining system",
                  "The equations {eqs} do not split into simpler ones; the computer algebra system solves them.",
                  known, {"eqs": sp.Tuple(*[sp.Eq(e, 0, evaluate=False) for e in current])},
                  facts=[sp.Tuple(*[sp.Eq(k, val, evaluate=False) for k, val in s.items()]) for s in solutions])
        return [p for s in solutions for p in self._explore(current, {**known, **s})]


def _as_poly(e, v):
    try:
        p = sp.Poly(e, v)
    except sp.PolynomialError:
        return None
    if any(c.has(v) for c in p.all_coeffs()) or not all(c.is_number or not c.has(*_PERIODIC, sp.exp, sp.log)
                                                       for c in p.all_coeffs()):
        return None
    return p


def _is_real(value) -> bool:
    value = as_sympy(value)
    if value.is_real:
        return True
    if value.is_real is False:
        return False
    if value.is_number:
        return abs(complex(numeric(value, 30)).imag) < 1e-20
    return True  # symbolic (parameters): assumed real


def _unique(values):
    out = []
    for v in values:
        if not any(is_zero(v - w) for w in out):
            out.append(v)
    return out


# --- classification ---------------------------------------------------------------------------


def sign_of(e):
    """1, -1 or 0 when the sign of ``e`` is known, else None."""
    if is_zero(e):
        return 0
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    if e.is_number:
        value = complex(numeric(e, 30))
        if abs(value.imag) < 1e-20:
            return 1 if value.real > 0 else -1
    return None


_WORD = {1: "> 0", -1: "< 0", 0: "= 0"}


def classify_one_variable(f, x, Hp, point_math):
    value = Hp[0, 0]
    s = sign_of(value)
    verdict = {1: MINIMUM, -1: MAXIMUM, 0: INCONCLUSIVE}.get(s, INCONCLUSIVE)
    reason = {1: "the graph is concave up there, so it is a local minimum",
              -1: "the graph is concave down there, so it is a local maximum",
              0: "the second-derivative test is inconclusive (look at higher derivatives or the sign of f')"}
    why = reason.get(s, "its sign depends on the parameters, so the test is inconclusive")
    text = f"Second-derivative test: f'' at {{point}} is {{value}} {_WORD.get(s, '')}".rstrip() + f": {why}."
    step = Step(rule="second_derivative_test", title="Second-derivative test", text=text,
                math={"point": point_math, "value": value})
    return verdict, step


def classify_two_variables(variables, Hp, point_math):
    x, y = (v.name for v in variables)
    fxx, fxy, fyy = Hp[0, 0], Hp[0, 1], Hp[1, 1]
    written = sp.Add(sp.Mul(fxx, fyy, evaluate=False), sp.Mul(-1, sp.Pow(fxy, 2, evaluate=False), evaluate=False),
                     evaluate=False)
    D = tidy(fxx * fyy - fxy**2)
    sD, sxx = sign_of(D), sign_of(fxx)
    if sD == 1 and sxx == 1:
        verdict, why = MINIMUM, f"D > 0 and f_{x}{x} > 0, so the Hessian is positive definite: a local minimum"
    elif sD == 1 and sxx == -1:
        verdict, why = MAXIMUM, f"D > 0 and f_{x}{x} < 0, so the Hessian is negative definite: a local maximum"
    elif sD == -1:
        verdict, why = SADDLE, ("D < 0, so the Hessian has one positive and one negative eigenvalue: "
                                "a saddle point")
    elif sD == 0:
        verdict, why = INCONCLUSIVE, "D = 0, so the second-derivative test is inconclusive"
    else:
        verdict, why = INCONCLUSIVE, "the sign of D depends on the parameters, so the test is inconclusive"
    text = (f"Two variables: use the discriminant D = f_{x}{x} f_{y}{y} - f_{x}{y}^2 at {{point}}. "
            f"Here f_{x}{x} = {{fxx}}, f_{y}{y} = {{fyy}}, f_{x}{y} = {{fxy}}; {why}.")
    step = Step(rule="discriminant_test", title="Second-derivative test (D)", text=text, before=written, after=D,
                math={"point": point_math, "fxx": fxx, "fyy": fyy, "fxy": fxy})
    return verdict, step


def classify_many_variables(Hp, point_math):
    n = Hp.rows
    minors, substeps, facts = [], [], []
    for k in range(1, n + 1):
        block = sp.ImmutableMatrix(Hp[:k, :k])
        value = tidy(block.det(method="berkowitz"))
        minors.append(value)
        if k >= 2:
            sub = determinant_step(block)
            sub.text = f"D_{k}, the leading {k}x{k} minor: " + sub.text[:1].lower() + sub.text[1:]
            substeps.append(sub)
        facts.append(sp.Eq(sp.Symbol(f"D_{k}"), det(block) if k > 1 else block[0, 0], evaluate=False))
        facts.append(sp.Eq(det(block) if k > 1 else block[0, 0], value, evaluate=False))
    signs = [sign_of(m) for m in minors]
    if all(s == 1 for s in signs):
        verdict, why = MINIMUM, "all leading principal minors are positive, so the Hessian is positive definite " \
                                "(Sylvester's criterion): a local minimum"
    elif all(s == (-1) ** k for k, s in enumerate(signs, 1)):
        verdict, why = MAXIMUM, "the leading principal minors alternate in sign starting negative, so the " \
                                "Hessian is negative definite: a local maximum"
    elif signs[-1] not in (0, None) and None not in signs:
        verdict, why = SADDLE, ("det H is not 0 but the minors fit neither pattern, so the Hessian is "
                                "indefinite: a saddle point")
    else:
        verdict, why = None, "the minors do not decide (det H = 0 or a sign is unknown)"
    text = ("More than two variables: use the leading principal minors D_1, ..., D_n of the Hessian at {point} "
            f"(Sylvester's criterion); {why}.")
    steps = [Step(rule="principal_minors_test", title="Leading principal minors", text=text, facts=facts,
                  substeps=substeps, math={"point": point_math})]
    if verdict is None:
        verdict, step = _eigenvalue_test(Hp, point_math)
        steps.append(step)
    return verdict, steps


def _eigenvalue_test(Hp, point_math):
    values = Hp.eigenvals()
    signs = {sign_of(v) for v in values}
    if 1 in signs and -1 in signs:
        verdict, why = SADDLE, "it has eigenvalues of both signs, so the point is a saddle point"
    elif None in signs:
        verdict, why = INCONCLUSIVE, "the signs of its eigenvalues depend on the parameters: inconclusive"
    else:
        verdict, why = INCONCLUSIVE, "an eigenvalue is 0 and the others share a sign: the test is inconclusive"
    text = "Eigenvalue test: the eigenvalues of the Hessian at {point} are {values}; " + why + "."
    return verdict, Step(rule="eigenvalue_test", title="Eigenvalue signs", text=text,
                         math={"point": point_math, "values": sp.Tuple(*values)})


# --- the derivation ---------------------------------------------------------------------------


def _point_key(point, variables):
    values = [point.get(v, v) for v in variables]
    return values[0] if len(values) == 1 else sp.Tuple(*values)


def explain_critical(f, variables, *, input_text: str = "") -> Derivation:
    """Critical points of ``f`` and their classification by the second-derivative test."""
    variables = check_variables(list(variables))
    n = len(variables)
    steps: list[Step] = []
    grad = gradient_step(f, variables)
    if n == 1:
        grad.title, grad.text = "First derivative", "Differentiate: critical points are where f' = 0."
    steps.append(grad)
    solver = SystemSolver(variables)
    equations = [e for e in grad.after]
    solutions = solver.solve(equations)
    system = sp.Tuple(*[sp.Eq(e, 0, evaluate=False) for e in equations])
    points = []
    for s in solutions:
        key = _point_key(s, variables)
        if not any(_same_point(key, k) for k in points):
            points.append(key)
    summary = ("No real solution: f has no critical points." if not points
               else "Critical point" + ("s" if len(points) > 1 else "") + ": {points}.")
    steps.append(Step(rule="solve_gradient", title="Solve grad f = 0" if n > 1 else "Solve f' = 0",
                      text="Set every partial derivative to 0: {system}. " + summary,
                      substeps=solver.steps, math={"system": system, "points": sp.Tuple(*points)}))
    answer = {}
    if points:
        h_steps, H = hessian_steps(f, variables)
        if n == 1:
            steps.append(Step(rule="second_derivative", title="Second derivative",
                              text="Differentiate f' once more.", before=sp.Derivative(f, variables[0], 2),
                              after=H[0, 0], substeps=h_steps[1].substeps))
        else:
            steps.append(Step(rule="hessian", title="Hessian", text="The matrix of second partial derivatives.",
                              before=sp.ImmutableMatrix([[sp.Derivative(f, v, w) for w in variables]
                                                         for v in variables]),
                              after=H, substeps=h_steps[1:]))
        for k, key in enumerate(points, 1):
            verdict, step = _classify_point(f, variables, H, key, k)
            answer[key] = verdict
            steps.append(step)
    derivation = Derivation(task="critical", input=input_text,
                            problem={"expr": f, "vars": sp.Tuple(*variables)},
                            statement=critical_points(f), steps=steps, answer=answer)
    derivation.notes.extend(solver.notes)
    ok = _check_points(f, variables, points, solver, derivation.checks)
    bad = failing_matrix_steps(derivation.steps, [f])
    record_step_checks(derivation, bad)
    derivation.verified = ok and not bad
    return derivation


def _same_point(a, b) -> bool:
    a = a if isinstance(a, sp.Tuple) else sp.Tuple(a)
    b = b if isinstance(b, sp.Tuple) else sp.Tuple(b)
    return all(is_zero(p - q) for p, q in zip(a, b))


def _classify_point(f, variables, H, key, index):
    values = list(key) if isinstance(key, sp.Tuple) else [key]
    at = dict(zip(variables, values))
    olds, news = tuple(at), tuple(at.values())
    Hp = sp.ImmutableMatrix(H.subs(at).applyfunc(tidy))
    point_math = sp.Tuple(*values) if len(values) > 1 else sp.Eq(variables[0], values[0], evaluate=False)
    value = best_form(f.subs(at))
    substeps = [Step(rule="evaluate_at_point", title="Evaluate the Hessian" if len(values) > 1 else "Evaluate f''",
                     text="Substitute the point.",
                     before=H.applyfunc(lambda e: sp.Subs(e, olds, news)) if len(values) > 1
                     else sp.Subs(H[0, 0], olds, news),
                     after=Hp if len(values) > 1 else Hp[0, 0])]
    if len(values) == 1:
        verdict, test = classify_one_variable(f, variables[0], Hp, point_math)
        substeps.append(test)
    elif len(values) == 2:
        verdict, test = classify_two_variables(variables, Hp, point_math)
        substeps.append(test)
    else:
        verdict, tests = classify_many_variables(Hp, point_math)
        substeps.extend(tests)
    text = f"Critical point {index}: {{point}} is a {verdict}" if verdict != INCONCLUSIVE else \
        f"Critical point {index}: the test is inconclusive at {{point}}"
    text += ", where f = {value}."
    return verdict, Step(rule="classify_point", title=f"Classify point {index}", text=text, substeps=substeps,
                         math={"point": point_math, "value": value})


def _check_points(f, variables, points, solver, checks) -> bool:
    """Each point makes the gradient vanish, and every real solution SymPy finds is listed."""
    grad = [sp.diff(f, v) for v in variables]
    ok = True
    for key in points:
        values = list(key) if isinstance(key, sp.Tuple) else [key]
        at = dict(zip(variables, values))
        ok = ok and all(is_zero(g.subs(at)) for g in grad)
    checks.append("every point makes the gradient 0" if ok else "a point does NOT make the gradient 0")
    real = {v: sp.Symbol(v.name, real=True) for v in variables}
    try:
        reference = sp.solve([g.xreplace(real) for g in grad], list(real.values()), dict=True)
    except NotImplementedError:
        checks.append("SymPy's solve cannot solve the system to compare")
        return ok
    back = {r: v for v, r in real.items()}
    missing = 0
    for s in reference:
        values = {back[k]: val.xreplace(back) for k, val in s.items()}
        if any(v.free_symbols & set(variables) for v in values.values()) or len(values) < len(variables):
            continue  # a curve of critical points: compared by substitution above
        if not all(_is_real(v) for v in values.values()):
            continue
        key = _point_key(values, variables)
        if not any(_same_point(key, k) for k in points):
            missing += 1
    complete = missing == 0
    checks.append("the points agree with SymPy's solve" if complete
                  else f"SymPy's solve finds {missing} real point(s) NOT listed")
    return ok and complete
