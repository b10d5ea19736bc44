"""The adapter: SymPy's ``integral_steps`` rule tree translated into our ``Step`` model.

One handler per rule class, looked up by class name in ``HANDLERS`` (SymPy's rule set
changes between versions; an unknown class becomes a ``cas`` step, never a crash).
A ``DontKnowRule`` inside the tree is handed back to symtutor's own methods.
"""
from __future__ import annotations

import sympy as sp
from sympy.integrals import manualintegrate as mi

from symtutor.engine.common import as_sympy
from symtutor.engine.integration.base import (I, Context, NoMethod, attempt, cas_count, count_steps, derivative, differential, map_step,
                                              differential_fact, eq, fresh, log_abs, minus, plus, replace_in_step,
                                              times)
from symtutor.engine.integration.describe import describe_rewrite
from symtutor.steps import CAS_RULE, Step


def manual_rule(f, x, seconds: float):
    """SymPy's rule tree for ∫ f dx, or None when it takes longer than ``seconds``."""
    return attempt(mi.integral_steps, f, x, seconds=seconds)


def has_dont_know(rule) -> bool:
    try:
        return bool(rule.contains_dont_know())
    except Exception:  # noqa: BLE001 - an unfamiliar rule class: look inside ourselves
        if type(rule).__name__ == "DontKnowRule":
            return True
        return any(has_dont_know(r) for r in _children(rule))


def _children(rule):
    for value in vars(rule).values():
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if isinstance(item, tuple):
                item = item[0]
            if isinstance(item, mi.Rule):
                yield item


def translate(rule, ctx: Context) -> Step:
    """The ``Step`` for one rule of the tree (recursively)."""
    handler = HANDLERS.get(type(rule).__name__)
    if handler is None:
        return _unknown(rule, ctx)
    try:
        return handler(rule, ctx)
    except (NoMethod, RecursionError):
        raise
    except Exception:  # noqa: BLE001 - a rule shape the handler does not expect: honest cas step
        return _unknown(rule, ctx)


# --- atomic rules: one formula each ------------------------------------------------------


def _atomic(rule, result, name, title, text, fact=None, **math):
    f, x = rule.integrand, rule.variable
    math.setdefault("f", f)
    math.setdefault("x", x)
    if fact is not None and fact.lhs == I(f, x):
        fact = None  # the general formula is this very integral: shown once, as the step
    return Step(rule=name, title=title, text=text, before=I(f, x), after=result,
                facts=[fact] if fact is not None else [], math=math)


def _constant(rule, ctx):
    """∫ c dx -> c·x"""
    f, x = rule.integrand, rule.variable
    return _atomic(rule, times(f, x), "constant_rule", "Constant rule",
                   "{f} does not depend on {x}; the integral of a constant c is c times {x}.")


def _power(rule, ctx):
    """∫ xⁿ dx -> xⁿ⁺¹/(n+1)   (n ≠ −1);   ∫ x⁻¹ dx -> ln|x|"""
    x, base, n = rule.variable, rule.base, as_sympy(rule.exp)
    if n == -1:
        return _reciprocal_result(rule, base)
    n1 = n + 1
    N = sp.Symbol("n")
    fact = eq(I(x**N, x), x ** (N + 1) / (N + 1))
    result = base**n1 / n1
    if n.is_Rational and not n.is_Integer:
        text = "Write {f} as a power with exponent {n}; raise the exponent by one and divide by the new exponent."
    elif n.is_negative:
        text = "{f} is a power with the negative exponent {n} (not -1): raise it by one and divide by the new exponent."
    else:
        text = "Power rule: raise the exponent {n} by one and divide by the new exponent."
    return _atomic(rule, result, "power_rule", "Power rule", text, fact, n=n)


def _reciprocal_result(rule, base):
    x = rule.variable
    text = "The integral of 1/{b} is the natural logarithm of its absolute value (the power rule's n = -1 case)."
    return _atomic(rule, log_abs(base), "log_rule", "Logarithm rule", text,
                   eq(I(1 / x, x), sp.log(sp.Abs(x))), b=base)


def _reciprocal(rule, ctx):
    """∫ 1/x dx -> ln|x|"""
    return _reciprocal_result(rule, rule.base)


def _nested_pow(rule, ctx):
    """∫ (xᵃ)ᵇ dx -> x·(xᵃ)ᵇ/(ab+1)"""
    result = rule.eval()
    if isinstance(result, sp.Piecewise):
        result = result.args[0][0]
    return _atomic(rule, result, "power_rule", "Power rule",
                   "{f} is a power of {x}; combine the exponents and use the power rule.")


def _exp(rule, ctx):
    """∫ aˣ dx -> aˣ/ln a   (∫ eˣ dx -> eˣ)"""
    x = rule.variable
    if rule.base == sp.E:
        return _atomic(rule, sp.exp(rule.exp), "exp_rule", "Exponential rule",
                       "The exponential function is its own antiderivative.", eq(I(sp.exp(x), x), sp.exp(x)))
    a = sp.Symbol("a")
    return _atomic(rule, sp.Mul(rule.integrand, sp.Pow(sp.log(rule.base), -1), evaluate=False),
                   "exp_rule", "Exponential rule",
                   "An exponential with constant base {a} integrates to itself divided by ln {a}.",
                   eq(I(a**x, x), a**x / sp.log(a)), a=rule.base)


_TRIG = {
    "SinRule": ("The antiderivative of sine is minus cosine.", lambda t: sp.sin(t), lambda t: -sp.cos(t)),
    "CosRule": ("The antiderivative of cosine is sine.", lambda t: sp.cos(t), lambda t: sp.sin(t)),
    "SecTanRule": ("sec times tan is the derivative of sec.", lambda t: sp.sec(t) * sp.tan(t), sp.sec),
    "CscCotRule": ("csc times cot is minus the derivative of csc.", lambda t: sp.csc(t) * sp.cot(t),
                   lambda t: -sp.csc(t)),
    "Sec2Rule": ("sec squared is the derivative of tan.", lambda t: sp.sec(t) ** 2, sp.tan),
    "Csc2Rule": ("csc squared is minus the derivative of cot.", lambda t: sp.csc(t) ** 2, lambda t: -sp.cot(t)),
    "SinhRule": ("The antiderivative of sinh is cosh.", sp.sinh, sp.cosh),
    "CoshRule": ("The antiderivative of cosh is sinh.", sp.cosh, sp.sinh),
}


def _trig(rule, ctx):
    """∫ sin x dx -> −cos x, ∫ cos x dx -> sin x, ∫ sec² x dx -> tan x, …"""
    text, integrand, anti = _TRIG[type(rule).__name__]
    x = rule.variable
    name = "hyperbolic_rule" if "inh" in type(rule).__name__ or "osh" in type(rule).__name__ else "trig_rule"
    title = "Hyperbolic integral" if name == "hyperbolic_rule" else "Trigonometric integral"
    return _atomic(rule, anti(x), name, title, text, eq(I(integrand(x), x), anti(x)))


def _arcsin(rule, ctx):
    """∫ 1/√(1−x²) dx -> arcsin x"""
    x = rule.variable
    return _atomic(rule, sp.asin(x), "arcsin_rule", "Arcsine form",
                   "1/sqrt(1 - x^2) is the derivative of arcsine.", eq(I(1 / sp.sqrt(1 - x**2), x), sp.asin(x)))


def _arcsinh(rule, ctx):
    """∫ 1/√(1+x²) dx -> arsinh x"""
    x = rule.variable
    return _atomic(rule, sp.asinh(x), "arsinh_rule", "Inverse hyperbolic sine form",
                   "1/sqrt(1 + x^2) is the derivative of arsinh.", eq(I(1 / sp.sqrt(1 + x**2), x), sp.asinh(x)))


def _arctan(rule, ctx):
    """∫ a/(b·x²+c) dx -> a/b / √(c/b) · arctan(x/√(c/b))"""
    x = rule.variable
    k = sp.Symbol("k", positive=True)
    result = rule.eval()
    return _atomic(rule, result, "arctan_rule", "Arctangent form",
                   "Write {f} as a constant times 1/(x^2 + k^2) with {k}; the antiderivative of that is an arctangent.",
                   eq(I(1 / (x**2 + k**2), x), sp.atan(x / k) / k), k=eq(k, sp.sqrt(rule.c / rule.b)))


def _sqrt_quadratic(rule, ctx):
    """∫ 1/√(a+bx+cx²) dx, ∫ p(x)/√(a+bx+cx²) dx, ∫ √(a+bx+cx²) dx: standard forms"""
    x = rule.variable
    result = rule.eval()
    if isinstance(result, sp.Piecewise):
        result = _real_branch(result, x)
    name = {"ReciprocalSqrtQuadraticRule": "inverse_sqrt_quadratic_rule",
            "SqrtQuadraticDenomRule": "polynomial_over_sqrt_quadratic",
            "SqrtQuadraticRule": "sqrt_quadratic_rule"}[type(rule).__name__]
    text = {"inverse_sqrt_quadratic_rule": "1 over the square root of a quadratic {q}: complete the square; "
                                           "the standard antiderivative is a logarithm (or arcsine).",
            "polynomial_over_sqrt_quadratic": "A polynomial over the square root of the quadratic {q}: "
                                              "write the result as (polynomial) times sqrt({q}) plus a multiple "
                                              "of the integral of 1/sqrt({q}), and match coefficients.",
            "sqrt_quadratic_rule": "The square root of the quadratic {q}: complete the square and use the "
                                   "standard antiderivative of sqrt(t^2 + k)."}[name]
    title = {"inverse_sqrt_quadratic_rule": "Standard form 1/sqrt(quadratic)",
             "polynomial_over_sqrt_quadratic": "Polynomial over sqrt(quadratic)",
             "sqrt_quadratic_rule": "Standard form sqrt(quadratic)"}[name]
    q = rule.a + rule.b * x + rule.c * x**2
    return _atomic(rule, result, name, title, text, q=q)


def _real_branch(pw, x):
    """The branch of a Piecewise antiderivative that holds for the constants at hand."""
    for expr, cond in pw.args:
        if cond == True or not cond.free_symbols - {x}:  # noqa: E712
            if cond != False:  # noqa: E712
                return expr
    return pw


def _derivative(rule, ctx):
    """∫ f'(x) dx -> f(x)"""
    return _atomic(rule, rule.eval(), "fundamental_theorem", "Integral of a derivative",
                   "The integrand is a derivative; integrating undoes it.")


def _special(rule, ctx):
    """Standard integrals expressed by special functions (Ei, Si, erf, Fresnel, …)."""
    name = type(rule).__name__.replace("Rule", "")
    result = rule.eval()
    text = ("{f} has no elementary antiderivative; by definition its antiderivative is written with the "
            "special function " + name + ".")
    return _atomic(rule, result, "special_function", f"Special function {name}", text)


# --- compound rules ----------------------------------------------------------------------


def _constant_times(rule, ctx):
    """∫ c·g(x) dx -> c·∫ g(x) dx"""
    x = rule.variable
    sub = translate(rule.substep, ctx)
    other = getattr(rule, "other", None)
    if other is not None and sub.before == I(rule.integrand, x) and other != rule.integrand:
        # SymPy labels the inner rule with the outer integrand although it integrates c^-1 times it.
        sub.before = I(other, x)
    return Step(rule="constant_multiple", title="Constant multiple", text="Take the constant factor {c} outside.",
                before=I(rule.integrand, x), after=times(rule.constant, sub.after), substeps=[sub],
                math={"c": rule.constant})


def _add(rule, ctx):
    """∫ (f + g) dx -> ∫ f dx + ∫ g dx"""
    x = rule.variable
    subs = [translate(s, ctx) for s in rule.substeps]
    return Step(rule="sum_rule", title="Sum rule", text="Integrate the {n} terms one by one.",
                before=I(rule.integrand, x), after=plus(*[s.after for s in subs]), substeps=subs,
                math={"n": sp.Integer(len(subs))})


def _u_substitution(rule, ctx):
    """∫ f(g(x))·g'(x) dx -> ∫ f(u) du with u = g(x)"""
    x, g = rule.variable, rule.u_func
    u = fresh("u", rule.integrand, g)
    inner = replace_in_step(translate(rule.substep, ctx), {rule.u_var: u})
    map_step(inner, lambda e: _integral_in(e, x, u))
    h = rule.substep.integrand.xreplace({rule.u_var: u})
    return substitution_step(rule.integrand, x, u, g, h, inner)


def _integral_in(e, x, u):
    """Integrals SymPy labelled with the old variable although their integrand is in u."""
    return e.replace(lambda n: isinstance(n, sp.Integral) and n.limits[0][0] == x and not n.function.has(x)
                     and n.function.has(u), lambda n: sp.Integral(n.function, u))


def substitution_step(f, x, u, g, h, inner: Step, *, why: str = "") -> Step:
    """The u-substitution step: u = g(x), du = g'(x) dx, ∫ h(u) du, its result, back-substitution."""
    result_u = inner.after
    result_x = result_u.subs(u, g)
    back = Step(rule="back_substitution", title="Back-substitute", text="Put {u_def} back.",
                before=sp.Subs(result_u, u, g), after=result_x, math={"u_def": eq(u, g)})
    text = ("Substitute {u_def}: then {du_def}, and the integral becomes {new}." if not why else
            why + " Substitute {u_def}: then {du_def}, and the integral becomes {new}.")
    return Step(rule="u_substitution", title="Substitution", text=text, before=I(f, x), after=result_x,
                substeps=[inner, back], facts=[eq(u, g), differential_fact(u, g, x)],
                math={"u_def": eq(u, g), "du_def": differential_fact(u, g, x), "new": I(h, u)})


_LIATE_ORDER = ["logarithmic", "inverse trigonometric", "algebraic", "trigonometric", "exponential"]


def liate_kind(expr, x) -> str:
    """Which LIATE class a factor belongs to."""
    if expr.has(sp.log):
        return "logarithmic"
    if expr.atoms(sp.asin, sp.acos, sp.atan, sp.acot, sp.asec, sp.acsc, sp.asinh, sp.acosh, sp.atanh):
        return "inverse trigonometric"
    if expr.atoms(sp.exp) or any(isinstance(p, sp.Pow) and p.exp.has(x) for p in expr.atoms(sp.Pow)):
        return "exponential" if not expr.atoms(sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot) else "trigonometric"
    if expr.atoms(sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot, sp.sinh, sp.cosh, sp.tanh):
        return "trigonometric"
    return "algebraic"


def parts_reason(u, dv, x) -> str:
    ku = liate_kind(u, x)
    if not dv.has(x):
        return (f"Only one factor is there: take the {ku} function as u (its derivative is simpler) and dv = dx.")
    kv = liate_kind(dv, x)
    if ku == kv:
        return (f"The integrand is a product of two {ku} factors; differentiating the one chosen as u "
                f"makes the remaining integral simpler.")
    article = "an" if kv[0] in "aeiou" else "a"
    return (f"The integrand is a product of a{'n' if ku[0] in 'aeiou' else ''} {ku} factor and {article} {kv} "
            f"factor; LIATE (logarithmic, inverse trig, algebraic, trig, exponential) puts the {ku} "
            f"factor first, so it is u and gets differentiated.")


def _parts_facts(u, dv, v, x):
    du = derivative(u, x)
    U, V = sp.Symbol("u"), sp.Symbol("v")
    return [eq(U, u), eq(differential(V), times(dv, differential(x))),
            eq(differential(U), times(du, differential(x))), eq(V, v)], du


def _parts(rule, ctx):
    """∫ u dv -> u·v − ∫ v du"""
    x, u, dv = rule.variable, rule.u, rule.dv
    v_step = translate(rule.v_step, ctx)
    v_step.title = "Find v"
    v_step.text = "v is an antiderivative of dv: " + v_step.text[:1].lower() + v_step.text[1:]
    v = v_step.after
    facts, du = _parts_facts(u, dv, v, x)
    remaining = times(v, du)
    # du written as a textbook does (1/x for ln|x|) is not SymPy's sign(x)/|x|: integrate ours.
    second = _remaining_integral(rule, remaining, ctx, own=du != sp.diff(u, x))
    U, V = sp.Symbol("u"), sp.Symbol("v")
    formula = eq(I(U, V), minus(U * V, I(V, U)))
    facts.append(eq(I(rule.integrand, x), minus(times(u, v), I(remaining, x))))
    return Step(rule="integration_by_parts", title="Integration by parts",
                text=parts_reason(u, dv, x) + " Then {formula}.",
                before=I(rule.integrand, x), after=minus(times(u, v), second.after),
                substeps=[v_step, second], facts=facts, math={"formula": formula})


def _remaining_integral(rule, remaining, ctx, own=False):
    x = rule.variable
    if rule.second_step is None or own:
        from symtutor.engine.integration.strategy import integrate_step

        step = integrate_step(sp.expand(remaining), x, ctx)
    else:
        step = translate(rule.second_step, ctx)
    if step.before != I(remaining, x):
        step = Step(rule="tidy_integrand", title="Tidy the integrand", text="Multiply out {g}.",
                    before=I(remaining, x), after=step.after, substeps=[step], math={"g": remaining})
    step.title = "The remaining integral"
    return step


def _cyclic_parts(rule, ctx):
    """∫ eˣ sin x dx: parts twice gives the integral back; solve the equation for it."""
    x, f = rule.variable, rule.integrand
    J = I(f, x)
    subs, terms, sign = [], [], sp.S.One
    integrand = f
    for p in rule.parts_rules:
        v_step = translate(p.v_step, ctx)
        v_step.title = "Find v"
        v = v_step.after
        facts, du = _parts_facts(p.u, p.dv, v, x)
        remaining = sp.expand(v * du)
        subs.append(Step(rule="integration_by_parts", title="Integration by parts",
                         text=parts_reason(p.u, p.dv, x), before=I(integrand, x),
                         after=minus(times(p.u, v), I(remaining, x)), substeps=[v_step], facts=facts))
        terms.append(times(sign, p.u, v))
        sign = -sign
        integrand = remaining
    c = rule.coefficient
    collected = plus(*terms)
    equation = eq(J, plus(collected, times(c, J)))
    solved = sp.Mul(collected, sp.Pow(1 - c, -1), evaluate=False)
    text = ("Integrating by parts {k} times brings back the original integral times {c}, so the integral "
            "solves the equation {equation}; move that term to the left and divide by {one_minus_c}.")
    return Step(rule="cyclic_integration_by_parts", title="Integration by parts, solved for the integral",
                text=text, before=J, after=solved, substeps=subs, facts=[equation],
                math={"k": sp.Integer(len(subs)), "c": c, "equation": equation, "one_minus_c": 1 - c})


def _rewrite(rule, ctx):
    """∫ f dx -> ∫ g dx where g is an equivalent form of f (labelled by what the rewrite does)."""
    x, f, g = rule.variable, rule.integrand, rule.rewritten
    sub = translate(rule.substep, ctx)
    name, title, text = describe_rewrite(f, g, x)
    return Step(rule=name, title=title, text=text, before=I(f, x), after=sub.after, substeps=[sub],
                facts=[eq(f, g)], math={"f": f, "g": g})


def _complete_square(rule, ctx):
    """a + bx + cx² -> c(x + b/(2c))² + a − b²/(4c)"""
    x, f, g = rule.variable, rule.integrand, rule.rewritten
    sub = translate(rule.substep, ctx)
    return Step(rule="complete_the_square", title="Complete the square",
                text="Complete the square in the quadratic: {f} = {g}.", before=I(f, x), after=sub.after,
                substeps=[sub], facts=[eq(f, g)], math={"f": f, "g": g})


def _trig_substitution(rule, ctx):
    """∫ R(x, √(a²−x²)) dx with x = a·sin θ (and tan θ, sec θ for the other signs)"""
    x, f = rule.variable, rule.integrand
    theta = fresh("theta", f)
    func = rule.func.xreplace({rule.theta: theta})
    inner = replace_in_step(translate(rule.substep, ctx), {rule.theta: theta})
    final = rule.eval()
    if isinstance(final, sp.Piecewise) and len(final.args) == 1:
        final = final.args[0][0]
    dtheta = differential(theta)
    back = Step(rule="back_substitution", title="Back-substitute",
                text="Undo {x_def}: read sin, cos and tan of {theta} off the right triangle with that ratio.",
                before=None, after=final, math={"x_def": eq(x, func), "theta": theta})
    text = ("The root suggests a trigonometric substitution: put {x_def}, so {dx_def}; the root simplifies "
            "and the integral becomes {new}.")
    return Step(rule="trig_substitution", title="Trigonometric substitution", text=text, before=I(f, x),
                after=final, substeps=[inner, back],
                facts=[eq(x, func), eq(differential(x), times(sp.diff(func, theta), dtheta))],
                math={"x_def": eq(x, func), "dx_def": eq(differential(x), times(sp.diff(func, theta), dtheta)),
                      "new": I(rule.rewritten.xreplace({rule.theta: theta}), theta)})


def _alternatives(rule, ctx):
    """Several methods work: show the clearest (all of them with --all-methods)."""
    x = rule.variable
    steps = []
    for alt in rule.alternatives:
        try:
            steps.append(translate(alt, ctx))
        except NoMethod:
            continue
    if not steps:
        raise NoMethod("no alternative worked")
    steps.sort(key=lambda s: (cas_count(s), count_steps(s)))
    best = steps[0]
    if len(steps) == 1:
        return best
    if ctx.all_methods:
        for k, s in enumerate(steps, 1):
            s.title = f"Method {k}: {s.heading}"
        return Step(rule="several_methods", title="Several methods",
                    text="{n} methods work here; each is shown. Their answers may differ by a constant.",
                    before=I(rule.integrand, x), after=best.after, substeps=steps,
                    math={"n": sp.Integer(len(steps))})
    others = ", ".join(dict.fromkeys(s.heading.lower() for s in steps[1:]))
    best.text += f" (Other methods also work: {others}; --all-methods shows them.)"
    return best


def _piecewise(rule, ctx):
    """Cases that depend on a constant: one antiderivative per case.

    A single case that always holds is no case split: its own step stands alone (SymPy
    labels such a wrapper with the integrand before a substitution, not the one inside).
    """
    x = rule.variable
    if len(rule.subfunctions) == 1 and rule.subfunctions[0][1] in (True, sp.true):
        return translate(rule.subfunctions[0][0], ctx)
    subs = [translate(s, ctx) for s, _cond in rule.subfunctions]
    result = sp.Piecewise(*[(s.after, cond) for s, (_r, cond) in zip(subs, rule.subfunctions)])
    return Step(rule="cases", title="Cases", text="The antiderivative depends on the constants: one case each.",
                before=I(rule.integrand, x), after=result, substeps=subs)


def _dont_know(rule, ctx):
    """SymPy's rules stop here: symtutor's own methods take over."""
    from symtutor.engine.integration.strategy import integrate_step

    ctx.manual_failed.add((rule.integrand, rule.variable))
    return integrate_step(rule.integrand, rule.variable, ctx)


def _unknown(rule, ctx):
    """A rule class this adapter does not know: computed directly, marked ``cas``."""
    x = rule.variable
    try:
        result = rule.eval()
    except Exception:  # noqa: BLE001 - an unfamiliar rule may not evaluate; ask integrate instead
        result = attempt(sp.integrate, rule.integrand, x, seconds=ctx.cas_seconds)
    if result is None or result.has(sp.Integral):
        raise NoMethod("unknown rule")
    return Step(rule=CAS_RULE, title="Computed directly",
                text=f"SymPy used a rule ({type(rule).__name__}) that symtutor cannot explain yet.",
                before=I(rule.integrand, x), after=result)


HANDLERS = {
    "ConstantRule": _constant,
    "ConstantTimesRule": _constant_times,
    "PowerRule": _power,
    "NestedPowRule": _nested_pow,
    "AddRule": _add,
    "URule": _u_substitution,
    "PartsRule": _parts,
    "CyclicPartsRule": _cyclic_parts,
    "SinRule": _trig, "CosRule": _trig, "SecTanRule": _trig, "CscCotRule": _trig, "Sec2Rule": _trig,
    "Csc2Rule": _trig, "SinhRule": _trig, "CoshRule": _trig,
    "ExpRule": _exp,
    "ReciprocalRule": _reciprocal,
    "ArcsinRule": _arcsin,
    "ArcsinhRule": _arcsinh,
    "ReciprocalSqrtQuadraticRule": _sqrt_quadratic,
    "SqrtQuadraticDenomRule": _sqrt_quadratic,
    "SqrtQuadraticRule": _sqrt_quadratic,
    "AlternativeRule": _alternatives,
    "DontKnowRule": _dont_know,
    "DerivativeRule": _derivative,
    "RewriteRule": _rewrite,
    "CompleteSquareRule": _complete_square,
    "PiecewiseRule": _piecewise,
    "TrigSubstitutionRule": _trig_substitution,
    "ArctanRule": _arctan,
    **{name: _special for name in ("CiRule", "ChiRule", "EiRule", "SiRule", "ShiRule", "LiRule", "ErfRule",
                                   "FresnelCRule", "FresnelSRule", "PolylogRule", "UpperGammaRule",
                                   "EllipticFRule", "EllipticERule", "JacobiRule", "GegenbauerRule",
                                   "ChebyshevTRule", "ChebyshevURule", "LegendreRule", "HermiteRule",
                                   "LaguerreRule", "AssocLaguerreRule", "DiracDeltaRule", "HeavisideRule")},
}
