"""From derivatives to training: gradient descent, Newton's method, Lagrange multipliers.

Iterations are steps (one per iteration): the facts show the point, the gradient, the
step and the value of f, the ``before``/``after`` the update with the numbers put in;
the first iteration also shows the gradient evaluated at the starting point.  Every
iterate is recomputed independently (SymPy's own ``diff`` and plain floating point) and
compared.  Lagrange candidates are solved from grad L = 0, checked in the constraint and
compared.  Gradients and Hessians come from the multivariable engine.
"""
from __future__ import annotations

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.common import best_form, plain_symbols, real_symbols
from symtutor.engine.derivatives import minus, plus, times
from symtutor.engine.labels import constrained_extrema, gradient_descent, newton_optimum, newton_root
from symtutor.engine.linalg import failing_matrix_steps, is_zero, record_step_checks, tidy
from symtutor.engine.multivariable import check_variables, gradient_step, hessian_steps, partial_step
from symtutor.errors import UnsupportedError, UsageError
from symtutor.steps import CAS_RULE, Derivation, Step
from symtutor.engine.display_symbols import DisplaySymbol

MAX_ITERATIONS = 100
EXACT_DENOMINATOR = 10**6  # exact fractions are kept while their denominators stay below this
DIGITS = 60  # working precision of decimals (printed with 15 significant digits)
DIVERGED = 1e12  # coordinates beyond this are taken as divergence
TOLERANCE = 1e-9  # relative agreement of the independent recomputation


# --- display names ------------------------------------------------------------------------------


Shown = DisplaySymbol  # a forward/backward or iteration quantity, shown by its display name


def _sub(k) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def theta(k, name="theta", glyph="θ", tex=r"\theta"):
    return Shown(f"{name}_{k}", f"{glyph}{_sub(k)}", f"{tex}_{{{k}}}")


def grad_at(k, glyph="θ", tex=r"\theta", name="theta"):
    return Shown(f"grad_f_{name}_{k}", f"∇f({glyph}{_sub(k)})", rf"\nabla f({tex}_{{{k}}})")


def f_at(k, glyph="θ", tex=r"\theta", name="theta"):
    return Shown(f"f_{name}_{k}", f"f({glyph}{_sub(k)})", rf"f({tex}_{{{k}}})")


def step_at(k):
    return Shown(f"eta_grad_f_theta_{k}", f"η∇f(θ{_sub(k)})", rf"\eta \nabla f(\theta_{{{k}}})")


def velocity(k):
    return Shown(f"v_{k}", f"v{_sub(k)}", f"v_{{{k}}}")


# --- numbers ------------------------------------------------------------------------------------


def number(e, decimal: bool = False):
    """An iterate's value: exact while it is a modest fraction (and the input had no decimals),
    else a decimal carried to 60 digits (printed with 15), so that the steps check exactly."""
    e = as_sympy(e)
    if e.is_Integer and abs(e) < EXACT_DENOMINATOR * 10**6:
        return e
    if e.is_Float and decimal and e == int(e) and abs(e) < EXACT_DENOMINATOR:
        return sp.Integer(int(e))
    if e.is_Rational and not decimal:
        if abs(e.q) < EXACT_DENOMINATOR and abs(e.p) < EXACT_DENOMINATOR * 10**6:
            return e
        return sp.Float(e, DIGITS)
    if e.is_Rational or e.is_Float:
        return sp.Float(e, DIGITS)
    value = e.evalf(DIGITS)
    if not value.is_number or value.has(sp.I) or not value.is_real:
        raise UnsupportedError(f"the iteration reached {sp.sstr(e)}, which is not a real number")
    return sp.Float(value, DIGITS)


def answer_number(e):
    """The answer's decimals at double precision (15 digits), as a learner's typed decimal is read."""
    return sp.Float(e, 15) if isinstance(e, sp.Float) else e


def precise(e):
    """Decimals in ``e`` (parsed with 15 digits) carried to 60 digits, exactly as typed."""
    e = as_sympy(e)
    floats = e.atoms(sp.Float)
    return e.xreplace({fl: sp.Float(str(fl), DIGITS) for fl in floats}) if floats else e


def has_decimals(*exprs) -> bool:
    return any(as_sympy(e).has(sp.Float) for e in exprs if e is not None)


def approx(e):
    """A decimal beside an exact fraction (None when e is already simple)."""
    if isinstance(e, sp.Rational) and not e.is_Integer:
        return sp.Float(e, 6)
    return None


def shown6(e):
    """Six significant digits for prose."""
    return sp.Float(e, 6) if isinstance(e, (sp.Rational, sp.Float)) and not e.is_Integer else e


def substituted(expr, point: dict):
    """``expr`` with the numbers put in but not worked out (1² - 2, 2·1)."""
    with sp.evaluate(False):
        return expr.xreplace({k: as_sympy(v) for k, v in point.items()})


def _finite(values) -> bool:
    try:
        return all(abs(float(v)) < DIVERGED for v in values)
    except (TypeError, ValueError, OverflowError):
        return False


def _column(values):
    return sp.ImmutableMatrix(len(values), 1, list(values))


def _shown_point(values):
    return values[0] if len(values) == 1 else _column(values)


def _written_update(point, moves, sign=-1):
    """θ − s (or θ + v) written entry by entry: [1 - 0.1·2, 1 - 0.1·6]."""
    combine = minus if sign < 0 else plus
    entries = [combine(p, m) for p, m in zip(point, moves)]
    return entries[0] if len(entries) == 1 else _column(entries)


def _floats(f, variables):
    """f and its gradient as plain-float functions, from SymPy's own diff (the independent check)."""
    real = [real_symbols(v) for v in variables]
    fr = real_symbols(f).xreplace(dict(zip(variables, real)))
    grad = [sp.diff(fr, v) for v in real]
    hess = sp.hessian(fr, real)
    return (sp.lambdify(real, fr, "math"), sp.lambdify(real, grad, "math"), sp.lambdify(real, hess.tolist(), "math"))


def _close(a, b) -> bool:
    return abs(float(a) - float(b)) <= TOLERANCE * max(1.0, abs(float(a)), abs(float(b)))


def _check_iterations(n, iterations, rate, momentum, start):
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise UsageError(f"--iterations must be between 1 and {MAX_ITERATIONS}, got {iterations}")
    for name, value in (("--rate", rate), ("--momentum", momentum)):
        if value is None:
            continue
        if not isinstance(value, sp.Expr) or not value.is_number or not value.is_real:
            raise UsageError(f"{name} must be a real number, got {sp.sstr(value)}")
    if rate is not None and not rate.is_positive:
        raise UsageError(f"--rate must be positive (a step downhill), got {sp.sstr(rate)}")
    if momentum is not None and (momentum.is_negative or not (momentum - 1).is_negative):
        raise UsageError(f"--momentum must lie in [0, 1), got {sp.sstr(momentum)}")
    if len(start) != n:
        raise UsageError(f"--from gives {len(start)} coordinate{'s' if len(start) != 1 else ''} but the function has "
                         f"{n} variable{'s' if n != 1 else ''}; give one number per variable")
    for c in start:
        if not isinstance(c, sp.Expr) or not c.is_number or not c.is_real:
            raise UsageError(f"--from must be numbers, got {sp.sstr(c)}")


def _variables_text(variables):
    return variables[0] if len(variables) == 1 else sp.Tuple(*variables)


# --- gradient descent ---------------------------------------------------------------------------


def explain_descend(f, variables, start, *, rate=sp.Rational(1, 10), iterations: int = 5, momentum=None,
                    input_text: str = "") -> Derivation:
    """Gradient descent θ ← θ − η∇f(θ) (optionally with momentum), one step per iteration."""
    variables = check_variables(list(variables))
    start = [as_sympy(c) for c in start]
    rate = as_sympy(rate)
    momentum = as_sympy(momentum) if momentum is not None else None
    _check_iterations(len(variables), iterations, rate, momentum, start)
    if momentum == 0:
        momentum = None
    decimal = has_decimals(f, rate, momentum, *start)
    f, rate, start = precise(f), precise(rate), [precise(c) for c in start]
    momentum = precise(momentum) if momentum is not None else None
    num = lambda e: number(e, decimal)  # noqa: E731
    n = len(variables)
    grad = gradient_step(f, variables)
    if n == 1:
        grad.title = "Derivative"
        grad.text = "Differentiate f: the derivative is the slope that gradient descent walks down."
    G = list(grad.after)
    eta = Shown("eta", "η", r"\eta")
    th_new, th_old = Shown("theta_k+1", "θₖ₊₁", r"\theta_{k+1}"), Shown("theta_k", "θₖ", r"\theta_{k}")
    grad_k = Shown("grad_f_theta_k", "∇f(θₖ)", r"\nabla f(\theta_k)")
    if momentum is None:
        rule_fact = [sp.Eq(th_new, minus(th_old, times(eta, grad_k)), evaluate=False)]
        text = ("Each iteration takes a step against the gradient, downhill: {rule}, with learning rate {eta}.")
    else:
        v_new, v_old = Shown("v_k+1", "vₖ₊₁", r"v_{k+1}"), Shown("v_k", "vₖ", r"v_{k}")
        beta = Shown("beta", "β", r"\beta")
        rule_fact = [sp.Eq(v_new, minus(times(beta, v_old), times(eta, grad_k)), evaluate=False),
                     sp.Eq(th_new, plus(th_old, v_new), evaluate=False)]
        text = ("With momentum the step remembers the previous one: {rule}, with learning rate {eta}, momentum "
                "{beta} and v_0 = 0.")
    math_ = {"rule": rule_fact[0] if len(rule_fact) == 1 else sp.Tuple(*rule_fact),
             "eta": sp.Eq(eta, rate, evaluate=False)}
    if momentum is not None:
        math_["beta"] = sp.Eq(sp.Symbol("beta"), momentum, evaluate=False)
    steps = [grad, Step(rule="update_rule", title="Update rule", text=text, facts=rule_fact, math=math_)]

    point = [num(c) for c in start]
    vel = [sp.S.Zero] * n
    values, path, notes = [], [list(point)], []
    stopped = None
    for k in range(iterations):
        at = dict(zip(variables, point))
        g = [num(gi.subs(at)) for gi in G]
        fv = num(f.subs(at))
        values.append(fv)
        move = [num(rate * gi) for gi in g]
        facts = [sp.Eq(theta(k), _shown_point(point), evaluate=False),
                 sp.Eq(grad_at(k), _shown_point(g), evaluate=False),
                 sp.Eq(step_at(k), _shown_point(move), evaluate=False),
                 sp.Eq(f_at(k), fv, evaluate=False)]
        substeps = []
        if k == 0:
            before = _column([substituted(gi, at) for gi in G]) if n > 1 else substituted(G[0], at)
            substeps.append(Step(rule="evaluate_gradient", title="Gradient at the start",
                                 text="Put the starting point {point} into the gradient.",
                                 before=before, after=_shown_point(g),
                                 math={"point": _point_math(variables, point)}))
        if momentum is None:
            new = [num(p - m) for p, m in zip(point, move)]
            if k == 0:
                written = _written_update(point, [times(rate, gi) for gi in g])
            else:
                written = _written_update(point, move)
            text = "At {theta} the gradient is {grad}; step {step} downhill (here f = {fv})."
        else:
            vel_new = [num(momentum * v - m) for v, m in zip(vel, move)]
            new = [num(p + v) for p, v in zip(point, vel_new)]
            facts.insert(3, sp.Eq(velocity(k + 1), _shown_point(vel_new), evaluate=False))
            if k == 0:
                substeps.append(Step(rule="velocity", title="Velocity",
                                     text="The new velocity is the old one times the momentum, minus the step.",
                                     before=_shown_point([minus(times(momentum, v), times(rate, gi))
                                                          for v, gi in zip(vel, g)]),
                                     after=_shown_point(vel_new)))
            written = _written_update(point, vel_new, sign=+1)
            vel = vel_new
            text = "At {theta} the gradient is {grad}; the velocity becomes {v} and the point moves by it (here f = {fv})."
        math = {"theta": _shown_point(point), "grad": _shown_point(g), "step": _shown_point(move), "fv": fv}
        if momentum is not None:
            math["v"] = _shown_point(vel)
        steps.append(Step(rule="gd_iteration", title=f"Iteration {k + 1}", text=text, before=written,
                          after=_shown_point(new), facts=facts, substeps=substeps, math=math))
        point = new
        path.append(list(point))
        if not _finite(point):
            stopped = k + 1
            break
    at = dict(zip(variables, point))
    final_value = num(f.subs(at)) if stopped is None else None
    final_grad = [num(gi.subs(at)) for gi in G] if stopped is None else None
    last = len(path) - 1
    if stopped is None:
        values.append(final_value)
        steps.append(Step(rule="gd_result", title=f"After {last} iteration{'s' if last != 1 else ''}",
                          text="The point reached is {theta}, where f = {fv} and the gradient is {grad}.",
                          facts=[sp.Eq(theta(last), _shown_point(point), evaluate=False),
                                 sp.Eq(f_at(last), final_value, evaluate=False)],
                          math={"theta": _shown_point(point), "fv": final_value, "grad": _shown_point(final_grad)}))
    notes.extend(_descent_notes(f, variables, values, rate, stopped, momentum))
    answer = _shown_point([answer_number(c) for c in point])
    derivation = Derivation(task="descend", input=input_text,
                            problem={"expr": f, "vars": sp.Tuple(*variables), "start": sp.Tuple(*start),
                                     "rate": rate, "iterations": iterations,
                                     **({"momentum": momentum} if momentum is not None else {})},
                            statement=gradient_descent(f, _point_math(variables, start)), steps=steps,
                            answer=answer, notes=notes)
    ok = _recompute_descent(f, variables, start, rate, momentum, path, derivation.checks)
    return _finish(derivation, ok, grad, f, variables)


def _point_math(variables, point):
    pairs = [sp.Eq(v, p, evaluate=False) for v, p in zip(variables, point)]
    return pairs[0] if len(pairs) == 1 else sp.Tuple(*pairs)


def _descent_notes(f, variables, values, rate, stopped, momentum) -> list[str]:
    notes = []
    bound = _stable_rate(f, variables)
    if stopped is not None:
        notes.append(f"The iterates blew up after {stopped} iteration{'s' if stopped != 1 else ''}: gradient descent "
                     f"diverges with learning rate {_say(rate)}, which is too large; try a smaller --rate.")
    elif len(values) >= 3 and values[-1] > values[-2] > values[-3] and float(values[-1]) > float(values[0]):
        notes.append(f"f grows from iteration to iteration ({_say(values[0])} to {_say(values[-1])}): gradient descent "
                     f"is diverging, because the learning rate {_say(rate)} is too large; try a smaller --rate.")
    elif len(values) >= 2 and float(values[-1]) > float(values[0]):
        notes.append(f"f went up ({_say(values[0])} to {_say(values[-1])}): the learning rate {_say(rate)} "
                     "overshoots; a smaller --rate goes downhill.")
    if bound is not None and momentum is None:
        lam, limit = bound
        verdict = "so these iterations converge" if rate < limit else "so these iterations do not converge"
        notes.append(f"f is quadratic with Hessian eigenvalues up to {sp.sstr(lam)}: gradient descent converges "
                     f"exactly when 0 < η < 2/{sp.sstr(lam)} = {sp.sstr(limit)}; here η = {_say(rate)}, {verdict}.")
    return notes


def _say(v) -> str:
    return f"{float(v):.6g}"


def _stable_rate(f, variables):
    """For a convex quadratic, (largest Hessian eigenvalue, 2/largest): the stable learning rates."""
    try:
        poly = sp.Poly(f, *variables)
    except sp.PolynomialError:
        return None
    if poly.total_degree() != 2:
        return None
    H = sp.hessian(f, variables)
    if H.free_symbols:
        return None
    eig = [tidy(e) for e in H.eigenvals()]
    if not all(e.is_real and e.is_positive for e in eig):
        return None
    lam = max(eig, key=lambda e: float(e))
    return lam, tidy(2 / lam)


def _recompute_descent(f, variables, start, rate, momentum, path, checks) -> bool:
    """Run the same iteration in plain floating point with SymPy's diff and compare every iterate."""
    try:
        _, grad, _ = _floats(f, variables)
        p = [float(c) for c in start]
        v = [0.0] * len(p)
        eta, beta = float(rate), float(momentum or 0)
        ok = all(_close(a, b) for a, b in zip(p, path[0]))
        for shown in path[1:]:
            g = grad(*p)
            v = [beta * vi - eta * gi for vi, gi in zip(v, g)]
            p = [pi + vi for pi, vi in zip(p, v)]
            ok = ok and all(_close(a, b) for a, b in zip(p, shown))
    except (OverflowError, ZeroDivisionError, ValueError, TypeError):
        checks.append("the iterates could not be recomputed in floating point (overflow)")
        return len(path) > 1
    count = len(path) - 1
    checks.append(f"all {count} iterations recomputed independently" if ok and count != 1
                  else "the iteration recomputed independently" if ok
                  else "an iterate DISAGREES with the independent recomputation")
    return ok


def _finish(derivation, ok, derivative_step, f, variables) -> Derivation:
    from symtutor.verify import equivalent

    reference = [plain_symbols(sp.diff(real_symbols(f), real_symbols(v))) for v in variables]
    grad_ok = all(equivalent(a, b, domain=[f]) for a, b in zip(derivative_step.after, reference))
    derivation.checks.insert(0, "the gradient agrees with SymPy's diff" if grad_ok
                             else "the gradient DISAGREES with SymPy's diff")
    bad = failing_matrix_steps(derivation.steps, [f])
    record_step_checks(derivation, bad)
    derivation.verified = ok and grad_ok and not bad
    return derivation


# --- Newton's method ----------------------------------------------------------------------------


def explain_newton(f, variables, start, *, iterations: int = 5, input_text: str = "") -> Derivation:
    """One variable: root finding x ← x − f(x)/f'(x).  Several: optimisation θ ← θ − H⁻¹∇f."""
    variables = check_variables(list(variables))
    start = [as_sympy(c) for c in start]
    _check_iterations(len(variables), iterations, None, None, start)
    decimal = has_decimals(f, *start)
    f, start = precise(f), [precise(c) for c in start]
    num = lambda e: number(e, decimal)  # noqa: E731
    if len(variables) == 1:
        return _newton_root(f, variables[0], start[0], iterations, input_text, num)
    return _newton_optimum(f, variables, start, iterations, input_text, num)


def _newton_root(f, x, x0, iterations, input_text, number) -> Derivation:
    grad = gradient_step(f, [x])
    grad.title, grad.text = "Derivative", "Differentiate f: Newton's method follows the tangent line to zero."
    fp = grad.after[0]
    X = lambda k: Shown(f"x_{k}", f"x{_sub(k)}", f"x_{{{k}}}")  # noqa: E731
    xk, xk1 = Shown("x_k", "xₖ", "x_k"), Shown("x_k+1", "xₖ₊₁", "x_{k+1}")
    fk, fpk = Shown("f_x_k", "f(xₖ)", "f(x_k)"), Shown("fp_x_k", "f'(xₖ)", "f'(x_k)")
    rule = sp.Eq(xk1, minus(xk, sp.Mul(fk, sp.Pow(fpk, -1, evaluate=False), evaluate=False)), evaluate=False)
    steps = [grad, Step(rule="newton_rule", title="Newton's update",
                        text="Replace f by its tangent line at the current point and move to where the tangent is "
                             "zero: {rule}.", facts=[rule], math={"rule": rule})]
    point = number(x0)
    path, notes, failure = [point], [], None
    for k in range(iterations):
        at = {x: point}
        fv, dv = number(f.subs(at)), number(fp.subs(at))
        if is_zero(dv):
            failure = (f"f'({sp.sstr(point)}) = 0: the tangent at x{_sub(k)} is horizontal and never meets zero, "
                       "so Newton's method cannot continue; start somewhere else")
            steps.append(Step(rule="zero_derivative", title=f"Iteration {k + 1} fails",
                              text="The derivative at {point} is 0: the tangent line is horizontal, so there is no "
                                   "next point.", math={"point": sp.Eq(X(k), point, evaluate=False)},
                              facts=[sp.Eq(Shown(f"fp_x_{k}", f"f'(x{_sub(k)})", f"f'(x_{{{k}}})"), dv,
                                           evaluate=False)]))
            break
        new = number(point - fv / dv)
        fact_list = [sp.Eq(X(k), point, evaluate=False),
                     sp.Eq(Shown(f"f_x_{k}", f"f(x{_sub(k)})", f"f(x_{{{k}}})"), fv, evaluate=False),
                     sp.Eq(Shown(f"fp_x_{k}", f"f'(x{_sub(k)})", f"f'(x_{{{k}}})"), dv, evaluate=False)]
        substeps = []
        if k == 0:
            substeps = [Step(rule="evaluate_f", title="f at the start", text="Put {point} into f.",
                             before=substituted(f, at), after=fv, math={"point": sp.Eq(x, point, evaluate=False)}),
                        Step(rule="evaluate_derivative", title="f' at the start", text="Put {point} into f'.",
                             before=substituted(fp, at), after=dv, math={"point": sp.Eq(x, point, evaluate=False)})]
        written = _newton_written(point, fv, dv)
        shown = approx(new)
        if shown is not None:
            fact_list.append(sp.Eq(X(k + 1), shown, evaluate=False))
        steps.append(Step(rule="newton_iteration", title=f"Iteration {k + 1}",
                          text=f"At {{xk}}: f = {{fv}} and f' = {{dv}}, so x{_sub(k + 1)} = {{new}}.",
                          before=written, after=new, facts=fact_list, substeps=substeps,
                          math={"xk": sp.Eq(X(k), point, evaluate=False), "fv": fv, "dv": dv,
                                "new": shown6(new)}))
        point = new
        path.append(point)
        if not _finite([point]):
            failure = "the iterates blew up: Newton's method diverges from this start"
            break
    residual = number(f.subs(x, point))
    if failure is None:
        steps.append(Step(rule="newton_result", title="Result",
                          text="After {n} iterations x = {x}, where f(x) = {r}.",
                          math={"n": sp.Integer(len(path) - 1), "x": sp.Float(point, 15) if point.is_Rational
                                and not point.is_Integer else point, "r": shown6(residual)}))
        gaps = [abs(float(a - b)) for a, b in zip(path[1:], path[:-1])]
        if abs(float(residual)) < 1e-10 or (gaps and gaps[-1] < 1e-10):
            notes.append(f"Converged: the last step changed x by {gaps[-1]:.2g} and f(x) = {float(residual):.2g}; "
                         "near a simple root Newton's method roughly doubles the correct digits each iteration.")
        elif len(gaps) >= 2 and gaps[-1] < gaps[-2]:
            notes.append(f"Converging: the steps shrink ({gaps[-2]:.3g}, then {gaps[-1]:.3g}); more iterations give "
                         "more digits.")
        else:
            notes.append("Not converged yet: the steps are not shrinking; try more iterations or another start.")
    else:
        notes.append(failure[0].upper() + failure[1:] + ".")
    derivation = Derivation(task="newton", input=input_text,
                            problem={"expr": f, "vars": sp.Tuple(x), "start": sp.Tuple(x0),
                                     "iterations": iterations, "mode": "root"},
                            statement=newton_root(f, sp.Eq(x, x0, evaluate=False)), steps=steps,
                            answer=point if point.is_Integer else answer_number(sp.Float(point, DIGITS)),
                            notes=notes)
    ok = _recompute_newton_root(f, x, x0, path, derivation.checks)
    if failure is not None and len(path) == 1:
        raise UnsupportedError(f"Newton's method cannot start at {sp.sstr(x)} = {sp.sstr(x0)}: "
                               f"f'({sp.sstr(x0)}) = 0 (a horizontal tangent); start somewhere else with --from")
    return _finish(derivation, ok, grad, f, [x])


def _newton_written(point, fv, dv):
    """x − f/f' with the numbers in; decimals for fractions (a fraction over a fraction reads badly on one
    line), and "+ |f|/f'" when f is negative."""
    def shown(e):
        return sp.Float(e, DIGITS) if e.is_Rational and not e.is_Integer else e

    top, bottom = shown(fv), shown(dv)
    combine = plus if top.is_negative else minus
    top = -top if top.is_negative else top
    if top == 1 and bottom.is_Integer:
        return combine(point, sp.Rational(1, bottom))
    return combine(point, sp.Mul(top, sp.Pow(bottom, -1, evaluate=False), evaluate=False))


def _recompute_newton_root(f, x, x0, path, checks) -> bool:
    try:
        fn = sp.lambdify([real_symbols(x)], real_symbols(f).xreplace({x: real_symbols(x)}), "math")
        dfn = sp.lambdify([real_symbols(x)], sp.diff(real_symbols(f).xreplace({x: real_symbols(x)}),
                                                     real_symbols(x)), "math")
        p = float(x0)
        ok = True
        for shown in path[1:]:
            p = p - fn(p) / dfn(p)
            ok = ok and _close(p, shown)
    except (OverflowError, ZeroDivisionError, ValueError, TypeError):
        checks.append("the iterates could not be recomputed in floating point")
        return False
    checks.append(_recomputed(len(path) - 1, ok))
    return ok


def _recomputed(count, ok) -> str:
    if not ok:
        return "an iterate DISAGREES with the independent recomputation"
    return "the iteration recomputed independently" if count == 1 else f"all {count} iterations recomputed independently"


def _newton_optimum(f, variables, start, iterations, input_text, number) -> Derivation:
    grad = gradient_step(f, variables)
    h_steps, H = hessian_steps(f, variables)
    hess = Step(rule="hessian", title="Hessian", text="The matrix of second partial derivatives.",
                before=sp.ImmutableMatrix([[sp.Derivative(f, v, w) for w in variables] for v in variables]),
                after=H, substeps=h_steps[1:])
    Hinv = Shown("H_inv_grad", "H(θₖ)⁻¹∇f(θₖ)", r"H(\theta_k)^{-1} \nabla f(\theta_k)")
    th_new, th_old = Shown("theta_k+1", "θₖ₊₁", r"\theta_{k+1}"), Shown("theta_k", "θₖ", r"\theta_{k}")
    rule = sp.Eq(th_new, minus(th_old, Hinv), evaluate=False)
    steps = [grad, hess, Step(rule="newton_rule", title="Newton's update",
                              text="Replace f by its second-order Taylor model at the current point and jump to the "
                                   "model's stationary point: {rule}. In practice solve H s = grad f for the step s.",
                              facts=[rule], math={"rule": rule})]
    G = sp.ImmutableMatrix(grad.after)
    point = [number(c) for c in start]
    path, notes, failure = [list(point)], [], None
    for k in range(iterations):
        at = dict(zip(variables, point))
        g = sp.ImmutableMatrix([number(e) for e in G.subs(at)])
        if k > 0 and all(is_zero(e) for e in g):
            break
        Hk = sp.ImmutableMatrix(H.rows, H.cols, [number(e) for e in H.subs(at)])
        det = Hk.det()
        if is_zero(det):
            failure = f"the Hessian at θ{_sub(k)} is singular (determinant 0), so the Newton step is undefined"
            steps.append(Step(rule="singular_hessian", title=f"Iteration {k + 1} fails",
                              text="The Hessian {H} at {point} has determinant 0: it cannot be inverted, so there is "
                                   "no Newton step.", math={"H": Hk, "point": sp.Tuple(*point)}))
            break
        s = sp.ImmutableMatrix([number(e) for e in Hk.LUsolve(g)])
        new = [number(p - si) for p, si in zip(point, s)]
        substeps = []
        if k == 0:
            substeps = [Step(rule="evaluate_gradient", title="Gradient at the start", text="Put {point} into the gradient.",
                             before=_column([substituted(e, at) for e in G]), after=g,
                             math={"point": _point_math(variables, point)}),
                        *([Step(rule="evaluate_hessian", title="Hessian at the start",
                                text="Put {point} into the Hessian.",
                                before=sp.ImmutableMatrix(H.rows, H.cols, [substituted(e, at) for e in H]), after=Hk,
                                math={"point": _point_math(variables, point)})] if H.free_symbols else []),
                        Step(rule="newton_step", title="Solve for the step",
                             text="The step is s = H^-1 grad f, the solution of H s = grad f.",
                             before=sp.MatMul(sp.Inverse(Hk), g, evaluate=False), after=s)]
        written = sp.MatAdd(_column(point), sp.MatMul(sp.Integer(-1), sp.Inverse(Hk), g, evaluate=False),
                            evaluate=False) if k == 0 else _written_update(point, list(s))
        facts = [sp.Eq(theta(k), _column(point), evaluate=False), sp.Eq(grad_at(k), g, evaluate=False),
                 sp.Eq(Shown(f"H_theta_{k}", f"H(θ{_sub(k)})", rf"H(\theta_{{{k}}})"), Hk, evaluate=False),
                 sp.Eq(Shown(f"s_{k}", f"s{_sub(k)}", f"s_{{{k}}}"), s, evaluate=False),
                 sp.Eq(f_at(k), number(f.subs(at)), evaluate=False)]
        steps.append(Step(rule="newton_iteration", title=f"Iteration {k + 1}",
                          text=f"At {{theta}}: solve H s = grad f for the step s = {{s}} and move to θ{_sub(k + 1)}.",
                          before=written, after=_column(new), facts=facts, substeps=substeps,
                          math={"theta": _column(point), "s": s}))
        point = new
        path.append(list(point))
        if not _finite(point):
            failure = "the iterates blew up: Newton's method diverges from this start"
            break
    at = dict(zip(variables, point))
    g_end = [number(e) for e in G.subs(at)]
    if failure is None:
        steps.append(Step(rule="newton_result", title="Result",
                          text="After {n} Newton step(s) the point is {theta}, where the gradient is {grad} and "
                               "f = {fv}.",
                          math={"n": sp.Integer(len(path) - 1), "theta": _column(point), "grad": _column(g_end),
                                "fv": number(f.subs(at))}))
        if _stable_quadratic(f, variables):
            notes.append("f is quadratic, so its Taylor model is exact and one Newton step lands on the stationary "
                         "point.")
        if all(abs(float(e)) < 1e-10 for e in g_end):
            notes.append("The gradient is 0 there: a stationary point (Newton's method finds minima, maxima and "
                         "saddle points alike; the Hessian's eigenvalues tell which).")
    else:
        notes.append(failure[0].upper() + failure[1:] + ".")
        if len(path) == 1:
            raise UnsupportedError(f"Newton's method cannot start at {sp.sstr(sp.Tuple(*start))}: {failure}; "
                                   "start somewhere else with --from")
    derivation = Derivation(task="newton", input=input_text,
                            problem={"expr": f, "vars": sp.Tuple(*variables), "start": sp.Tuple(*start),
                                     "iterations": iterations, "mode": "optimisation"},
                            statement=newton_optimum(f, _point_math(variables, start)), steps=steps,
                            answer=_column([answer_number(c) for c in point]), notes=notes)
    ok = _recompute_newton_optimum(f, variables, start, path, derivation.checks)
    return _finish(derivation, ok, grad, f, variables)


def _stable_quadratic(f, variables) -> bool:
    try:
        return sp.Poly(f, *variables).total_degree() == 2
    except sp.PolynomialError:
        return False


def _recompute_newton_optimum(f, variables, start, path, checks) -> bool:
    import mpmath

    try:
        _, grad, hess = _floats(f, variables)
        p = [float(c) for c in start]
        ok = True
        for shown in path[1:]:
            s = mpmath.lu_solve(mpmath.matrix(hess(*p)), mpmath.matrix(grad(*p)))
            p = [pi - float(si) for pi, si in zip(p, s)]
            ok = ok and all(_close(a, b) for a, b in zip(p, shown))
    except (OverflowError, ZeroDivisionError, ValueError, TypeError):
        checks.append("the iterates could not be recomputed in floating point")
        return False
    checks.append(_recomputed(len(path) - 1, ok))
    return ok


# --- Lagrange multipliers -----------------------------------------------------------------------

MULTIPLIER_NAMES = ("lambda", "mu", "nu", "kappa")


def explain_lagrange(f, constraints, variables, *, find: str = "points", input_text: str = "") -> Derivation:
    """Extrema of f subject to g_i = 0: L = f − Σ λ_i g_i, solve grad L = 0, compare the candidates."""
    variables = check_variables(list(variables))
    constraints = [as_sympy(g) for g in constraints]
    if not constraints:
        raise UsageError("give a constraint with --subject-to, e.g. --subject-to \"x + y - 10\"")
    if len(constraints) > len(MULTIPLIER_NAMES):
        raise UsageError(f"at most {len(MULTIPLIER_NAMES)} constraints are supported")
    if len(constraints) >= len(variables):
        raise UsageError(f"{len(constraints)} constraint(s) on {len(variables)} variable(s) leave nothing to "
                         "optimise; give fewer constraints than variables")
    if find not in ("points", "max", "min"):
        raise UsageError(f"find must be points, max or min, got {find!r}")
    taken = {s.name for e in [f, *constraints] for s in e.free_symbols}
    lams = [sp.Symbol(name if name not in taken else name + "_") for name in MULTIPLIER_NAMES[:len(constraints)]]
    for g in constraints:
        if not (g.free_symbols & set(variables)):
            raise UsageError(f"the constraint {sp.sstr(g)} = 0 does not involve the variables")
    L = f - sum(lam * g for lam, g in zip(lams, constraints))
    written_L = minus(f, lams[0] * constraints[0]) if len(constraints) == 1 else \
        plus(f, *[sp.Mul(-1, lam, g, evaluate=False) for lam, g in zip(lams, constraints)])
    Lsym = Shown("L", "L", "L")
    steps = [Step(rule="lagrangian", title="Lagrangian",
                  text="At a constrained extremum the gradient of f is a multiple of the gradient of the constraint; "
                       "build the Lagrangian {L} with a multiplier for each constraint.",
                  math={"L": sp.Eq(Lsym, written_L, evaluate=False)})]
    unknowns = [*variables, *lams]
    partials = [partial_step(L, u) for u in unknowns]
    equations = [p.after for p in partials]
    steps.append(Step(rule="lagrangian_gradient", title="Partial derivatives of L",
                      text="Differentiate L with respect to every variable and every multiplier; the derivatives "
                           "with respect to the multipliers give back the constraints.",
                      before=sp.ImmutableMatrix([sp.Derivative(L, u) for u in unknowns]),
                      after=sp.ImmutableMatrix(equations), substeps=partials))
    solutions, solve_steps, complete = _solve_system(equations, unknowns)
    system = sp.Tuple(*[sp.Eq(e, 0, evaluate=False) for e in equations])
    points = []
    for s in solutions:
        if not all(u in s for u in unknowns) or any(s[u].free_symbols & set(unknowns) for u in unknowns):
            continue
        if all(_real_value(s[u]) for u in unknowns):
            key = tuple(tidy(s[u]) for u in unknowns)
            if not any(all(is_zero(a - b) for a, b in zip(key, k)) for k in points):
                points.append(key)
    summary = ("No real solution: f has no constrained critical points." if not points else
               f"{len(points)} candidate point{'s' if len(points) != 1 else ''}.")
    steps.append(Step(rule=CAS_RULE if not complete else "solve_system", title="Solve grad L = 0",
                      text="Set every partial derivative to 0 and solve the system {system}. " + summary,
                      substeps=solve_steps, math={"system": system}))
    rows, values = [], []
    for i, key in enumerate(points, 1):
        at = dict(zip(unknowns, key))
        point_at = {v: at[v] for v in variables}
        value = best_form(f.subs(point_at))
        values.append(value)
        checks_g = [Step(rule="constraint_check", title="Constraint holds",
                         text="The point satisfies the constraint {g}.",
                         before=substituted(g, point_at), after=sp.S.Zero,
                         math={"g": sp.Eq(g, 0, evaluate=False)}) for g in constraints]
        f_step = Step(rule="evaluate_f", title="Value of f", text="Put the point into f.",
                      before=substituted(f, point_at), after=value)
        mult = sp.Tuple(*[sp.Eq(lam, at[lam], evaluate=False) for lam in lams])
        rows.append(Step(rule="candidate", title=f"Candidate {i}",
                         text="The point {point} with {mult}: f = {value}.",
                         substeps=[*checks_g, f_step],
                         math={"point": sp.Tuple(*[at[v] for v in variables]) if len(variables) > 1
                               else at[variables[0]], "mult": mult[0] if len(mult) == 1 else mult, "value": value}))
    steps.extend(rows)
    verdicts = _compare(f, constraints, variables, lams, points, values, L, steps)
    notes = []
    if points and len(points) > 1:
        notes.append("When the constraint set is closed and bounded (a circle, an ellipse), f attains a largest and a "
                     "smallest value on it, so the largest and smallest candidate values are the global maximum and "
                     "minimum.")
    shown_points = [sp.Tuple(*key[:len(variables)]) if len(variables) > 1 else key[0] for key in points]
    if find == "points":
        answer = sp.FiniteSet(*shown_points)
    elif not values:
        raise UnsupportedError("there are no candidate points, so no constrained maximum or minimum")
    else:
        numeric_values = [float(sp.re(v.evalf())) for v in values]
        pick = max if find == "max" else min
        answer = values[numeric_values.index(pick(numeric_values))]
    shown_g = constraints[0] if len(constraints) == 1 else sp.Tuple(*constraints)
    derivation = Derivation(task="lagrange", input=input_text,
                            problem={"expr": f, "constraints": sp.Tuple(*constraints), "vars": sp.Tuple(*variables),
                                     "find": find, "verdicts": sp.Dict({p: sp.Symbol(v.replace(" ", "_"))
                                                                        for p, v in zip(shown_points, verdicts)})},
                            statement=constrained_extrema(f, shown_g), steps=steps, answer=answer, notes=notes)
    ok = _check_candidates(f, constraints, variables, lams, points, derivation.checks)
    bad = failing_matrix_steps(derivation.steps, [f])
    record_step_checks(derivation, bad)
    derivation.verified = ok and not bad
    return derivation


def _real_value(v) -> bool:
    v = as_sympy(v)
    if v.free_symbols:
        return True
    return bool(v.is_real) or abs(complex(v.evalf()).imag) < 1e-12


def _solve_system(equations, unknowns):
    """Solutions of equations = 0 with the critical-point engine's step-by-step solver; when it
    finds no closed form, SymPy's solve as one ``cas`` step."""
    from symtutor.engine.critical import SystemSolver

    solver = SystemSolver(unknowns)
    try:
        solutions = solver.solve(equations)
        complete = all(s.complete for s in solver.steps)
        return solutions, solver.steps, complete
    except UnsupportedError:
        pass
    real = {u: sp.Symbol(u.name, real=True) for u in unknowns}
    try:
        found = sp.solve([e.xreplace(real) for e in equations], list(real.values()), dict=True)
    except NotImplementedError:
        raise UnsupportedError("the system grad L = 0 has no closed-form solution symtutor can find") from None
    back = {r: u for u, r in real.items()}
    solutions = [{back[k]: tidy(v.xreplace(back)) for k, v in s.items()} for s in found]
    step = Step(rule=CAS_RULE, title="Solve the system",
                text="The computer algebra system solves the system directly.",
                facts=[sp.Tuple(*[sp.Eq(k, v, evaluate=False) for k, v in s.items()]) for s in solutions])
    return solutions, [step], False


def _compare(f, constraints, variables, lams, points, values, L, steps) -> list[str]:
    """Name the extremum: compare candidate values; one constraint in two variables also gets the
    bordered Hessian test."""
    if not points:
        return []
    verdicts = ["candidate"] * len(points)
    facts = []
    bordered = len(variables) == 2 and len(constraints) == 1
    if bordered:
        g = constraints[0]
        x, y = variables
        B = sp.ImmutableMatrix([[0, sp.diff(g, x), sp.diff(g, y)],
                                [sp.diff(g, x), sp.diff(L, x, 2), sp.diff(L, x, y)],
                                [sp.diff(g, y), sp.diff(L, x, y), sp.diff(L, y, 2)]])
        for i, key in enumerate(points):
            at = dict(zip([*variables, *lams], key))
            Bp = sp.ImmutableMatrix(B.subs(at).applyfunc(tidy))
            d = tidy(Bp.det())
            if d.is_number and d.is_positive:
                verdicts[i] = "local maximum"
            elif d.is_number and d.is_negative:
                verdicts[i] = "local minimum"
            facts.append(sp.Eq(Shown(f"det_B_{i + 1}", f"det B at candidate {i + 1}",
                                     rf"\det B \text{{ at candidate }} {i + 1}"), d, evaluate=False))
    numeric = [float(sp.re(v.evalf())) if not v.free_symbols else None for v in values]
    if len(points) > 1 and None not in numeric:
        hi, lo = max(numeric), min(numeric)
        for i, v in enumerate(numeric):
            if hi != lo and v == hi:
                verdicts[i] = "maximum"
            elif hi != lo and v == lo:
                verdicts[i] = "minimum"
    math = {}
    sentences = []
    for i, (key, verdict, value) in enumerate(zip(points, verdicts, values)):
        math[f"p{i}"] = sp.Tuple(*key[:len(variables)])
        math[f"v{i}"] = value
        sentences.append(f"{{p{i}}} is {'a ' + verdict if verdict != 'candidate' else 'a candidate'} "
                         f"with f = {{v{i}}}")
    if bordered:
        text = ("Compare the candidates. The bordered Hessian B = [[0, g_x, g_y], [g_x, L_xx, L_xy], "
                "[g_y, L_xy, L_yy]] decides each one: det B > 0 is a local maximum, det B < 0 a local minimum.")
    else:
        text = "Compare the values of f at the candidates: the largest is the maximum and the smallest the minimum."
    text += " So " + "; ".join(sentences) + "."
    steps.append(Step(rule="compare_candidates", title="Name the extremum", text=text, facts=facts, math=math))
    return verdicts


def _check_candidates(f, constraints, variables, lams, points, checks) -> bool:
    """Every candidate satisfies the constraints and grad f = Σ λ grad g; SymPy's solve finds no others."""
    ok = True
    for key in points:
        at = dict(zip([*variables, *lams], key))
        ok = ok and all(is_zero(g.subs(at)) for g in constraints)
        for v in variables:
            ok = ok and is_zero((sp.diff(f, v) - sum(lam * sp.diff(g, v) for lam, g in zip(lams, constraints)))
                                .subs(at))
    checks.append("every candidate satisfies the constraint and grad f = lambda grad g" if ok
                  else "a candidate FAILS the constraint or the multiplier condition")
    unknowns = [*variables, *lams]
    L = f - sum(lam * g for lam, g in zip(lams, constraints))
    real = {u: sp.Symbol(u.name, real=True) for u in unknowns}
    try:
        found = sp.solve([sp.diff(L, u).xreplace(real) for u in unknowns], list(real.values()), dict=True)
    except NotImplementedError:
        checks.append("SymPy's solve cannot solve the system to compare")
        return ok
    back = {r: u for u, r in real.items()}
    count = 0
    for s in found:
        values = {back[k]: v.xreplace(back) for k, v in s.items()}
        if len(values) < len(unknowns) or not all(_real_value(v) for v in values.values()):
            continue
        key = tuple(values[u] for u in unknowns)
        if not any(all(is_zero(a - b) for a, b in zip(key, k)) for k in points):
            count += 1
    checks.append("the candidates agree with SymPy's solve" if count == 0
                  else f"SymPy's solve finds {count} candidate(s) NOT listed")
    return ok and count == 0
