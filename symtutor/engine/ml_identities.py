"""The identities a neural network is trained with, derived and checked; and backpropagation.

- σ'(x) = σ(x)(1 − σ(x));  tanh'(x) = 1 − tanh²(x);  d/dz ln σ(z) = 1 − σ(z);
- the softmax Jacobian ∂s_i/∂z_j = s_i(δ_ij − s_j), i.e. diag(s) − s sᵀ;
- the gradient of cross-entropy after softmax, ∂L/∂z = ŷ − y;
- ``explain_backprop``: the partial derivatives of a small scalar network expression by the
  chain rule, with the forward quantities (pre-activations z, activations a) named, the
  backward pass one node at a time, and optionally every value at a given point.

Every identity is checked symbolically (SymPy's diff) and numerically (central
differences at sample points); every local derivative comes from ``derivatives.derive``.
"""
from __future__ import annotations

import random

import sympy as sp

from symtutor.engine.common import as_sympy
from symtutor.engine.common import best_form, plain_symbols, real_symbols, rebuild
from symtutor.engine.derivatives import derive, minus, plus, times
from symtutor.engine.labels import backprop as backprop_label
from symtutor.engine.labels import softmax_jacobian
from symtutor.engine.linalg import failing_matrix_steps, record_step_checks, tidy
from symtutor.errors import UsageError
from symtutor.functions import sigmoid
from symtutor.steps import Derivation, Step
from symtutor.engine.display_symbols import DisplaySymbol

MAX_NODES = 30
MAX_SOFTMAX = 6
_EPS = 1e-6


Named = DisplaySymbol  # a forward/backward or iteration quantity, shown by its display name


# --- numeric checks -------------------------------------------------------------------------------


def _numeric_agreement(expr, derivative, var, others=(), points=6, seed=0) -> bool:
    """The claimed derivative agrees with a central difference of expr at sample points."""
    rng = random.Random(seed)
    symbols = [var, *others]
    f = sp.lambdify(symbols, expr.rewrite(sp.exp) if expr.has(sigmoid) else expr, "mpmath")
    d = sp.lambdify(symbols, derivative.rewrite(sp.exp) if derivative.has(sigmoid) else derivative, "mpmath")
    import mpmath

    with mpmath.workdps(30):
        for _ in range(points):
            values = [mpmath.mpf(rng.uniform(-2, 2)) for _ in symbols]
            h = mpmath.mpf(_EPS)
            fd = (f(values[0] + h, *values[1:]) - f(values[0] - h, *values[1:])) / (2 * h)
            if abs(fd - d(*values)) > 1e-6 * max(1, abs(fd)):
                return False
    return True


def _sigmoid_free(e):
    return e.rewrite(sp.exp) if isinstance(e, sp.Basic) and e.has(sigmoid) else e


def _symbolic_agreement(a, b) -> bool:
    from symtutor.verify import equivalent

    return equivalent(_sigmoid_free(a), _sigmoid_free(b))


def _finish(derivation, ok, checks) -> Derivation:
    derivation.checks.extend(checks)
    bad = failing_matrix_steps(derivation.steps, [])
    record_step_checks(derivation, bad)
    derivation.verified = ok and not bad
    return derivation


# --- the scalar identities ------------------------------------------------------------------------

IDENTITIES = ("sigmoid", "tanh", "log-sigmoid", "softmax", "softmax-cross-entropy")


def explain_identity(name: str, *, n: int = 3, at=None, input_text: str = "") -> Derivation:
    """One of the ML identities (see ``IDENTITIES``), derived step by step and checked."""
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    aliases = {"logsigmoid": "log-sigmoid", "log-σ": "log-sigmoid", "cross-entropy": "softmax-cross-entropy",
               "softmax-ce": "softmax-cross-entropy", "σ": "sigmoid"}
    key = aliases.get(key, key)
    if key == "sigmoid":
        return sigmoid_identity(input_text)
    if key == "tanh":
        return tanh_identity(input_text)
    if key == "log-sigmoid":
        return log_sigmoid_identity(input_text)
    if key == "softmax":
        return explain_softmax_jacobian(at if at is not None else n, input_text=input_text)
    if key == "softmax-cross-entropy":
        return softmax_cross_entropy_identity(n, input_text=input_text)
    raise UsageError(f"unknown identity {name!r}; choose one of {', '.join(IDENTITIES)}")


def sigmoid_identity(input_text: str = "") -> Derivation:
    """σ'(x) = σ(x)(1 − σ(x)), from σ(x) = 1/(1 + e^(−x))."""
    x = sp.Symbol("x")
    written = sp.Pow(1 + sp.exp(-x), -1)
    steps = [Step(rule="definition", title="Definition",
                  text="The logistic sigmoid is {definition}.",
                  before=sigmoid(x), after=written,
                  math={"definition": sp.Eq(sigmoid(x), written, evaluate=False)})]
    d = derive(written, x)
    steps.append(d)
    raw = best_form(d.after)
    if raw != d.after:
        steps.append(Step(rule="simplify", title="Simplify", text="Tidy the result.", before=d.after, after=raw))
    one_minus = sp.Mul(sp.exp(-x), sp.Pow(1 + sp.exp(-x), -1), evaluate=False)
    split = times(sp.Pow(1 + sp.exp(-x), -1, evaluate=False), one_minus)
    steps.append(Step(rule="split_fraction", title="Split the fraction",
                      text="Write the square in the denominator as two factors: one is sigma itself, and the other "
                           "is 1 - sigma, because {fact}.",
                      before=raw, after=split,
                      math={"fact": sp.Eq(minus(1, sigmoid(x)), one_minus, evaluate=False)},
                      facts=[sp.Eq(minus(1, written), one_minus, evaluate=False)]))
    answer = times(sigmoid(x), minus(1, sigmoid(x)))
    steps.append(Step(rule="recognise_sigmoid", title="Recognise sigma",
                      text="Put sigma back: the derivative of the sigmoid is sigma times one minus sigma, so the "
                           "backward pass reuses the forward value.", before=split, after=answer))
    derivation = Derivation(task="identity", input=input_text or "sigmoid", problem={"identity": sp.Symbol("sigmoid")},
                            statement=sp.Derivative(sigmoid(x), x), steps=steps, answer=answer)
    sym = _symbolic_agreement(sp.diff(written, x), answer)
    num = _numeric_agreement(sigmoid(x), answer, x)
    return _finish(derivation, sym and num, [_says("SymPy's diff", sym), _numerically(num)])


def _says(what, ok) -> str:
    return f"agrees with {what}" if ok else f"DISAGREES with {what}"


def _numerically(ok) -> str:
    return ("agrees with central differences at 6 random points" if ok
            else "DISAGREES with central differences")


def tanh_identity(input_text: str = "") -> Derivation:
    """tanh'(x) = 1 − tanh²(x), by the quotient rule on sinh/cosh."""
    x = sp.Symbol("x")
    quotient = sp.Mul(sp.sinh(x), sp.Pow(sp.cosh(x), -1), evaluate=False)
    steps = [Step(rule="definition", title="Definition", text="Write tanh as the quotient {definition}.",
                  before=sp.tanh(x), after=quotient,
                  math={"definition": sp.Eq(sp.tanh(x), quotient, evaluate=False)})]
    d = derive(sp.sinh(x) / sp.cosh(x), x)
    d.before = sp.Derivative(quotient, x)
    steps.append(d)
    split = minus(sp.Mul(sp.cosh(x) ** 2, sp.Pow(sp.cosh(x), -2), evaluate=False),
                  sp.Mul(sp.sinh(x) ** 2, sp.Pow(sp.cosh(x), -2), evaluate=False))
    steps.append(Step(rule="split_fraction", title="Split the fraction",
                      text="Divide each term of the numerator by cosh squared.", before=d.after, after=split))
    answer = minus(1, sp.tanh(x) ** 2)
    steps.append(Step(rule="recognise_tanh", title="Recognise tanh",
                      text="The first term is 1 and the second is tanh squared: the derivative is one minus the "
                           "square of the forward value.", before=split, after=answer))
    derivation = Derivation(task="identity", input=input_text or "tanh", problem={"identity": sp.Symbol("tanh")},
                            statement=sp.Derivative(sp.tanh(x), x), steps=steps, answer=answer)
    sym = _symbolic_agreement(sp.diff(sp.tanh(x), x), answer)
    num = _numeric_agreement(sp.tanh(x), answer, x)
    return _finish(derivation, sym and num, [_says("SymPy's diff", sym), _numerically(num)])


def log_sigmoid_identity(input_text: str = "") -> Derivation:
    """d/dz ln σ(z) = 1 − σ(z) (= σ(−z)): the gradient of the logistic log-likelihood."""
    z = sp.Symbol("z")
    d = derive(sp.log(sigmoid(z)), z)
    steps = [d]
    answer = minus(1, sigmoid(z))
    steps.append(Step(rule="cancel_sigma", title="Cancel sigma",
                      text="sigma cancels between the numerator and the denominator: {fact}.",
                      before=d.after, after=answer,
                      math={"fact": sp.Eq(sp.Mul(times(sigmoid(z), minus(1, sigmoid(z))),
                                                 sp.Pow(sigmoid(z), -1, evaluate=False), evaluate=False),
                                          answer, evaluate=False)}))
    steps.append(Step(rule="symmetry", title="Symmetry of sigma",
                      text="Because 1 - sigma(z) = sigma(-z), the gradient is also {alt}; for a label y the "
                           "log-likelihood y ln sigma(z) + (1 - y) ln(1 - sigma(z)) has derivative y - sigma(z).",
                      before=answer, after=sigmoid(-z), math={"alt": sigmoid(-z)}))
    derivation = Derivation(task="identity", input=input_text or "log-sigmoid",
                            problem={"identity": sp.Symbol("log_sigmoid")},
                            statement=sp.Derivative(sp.log(sigmoid(z)), z), steps=steps, answer=answer)
    sym = _symbolic_agreement(sp.diff(sp.log(sigmoid(z)), z), answer)
    num = _numeric_agreement(sp.log(sigmoid(z)), answer, z)
    return _finish(derivation, sym and num, [_says("SymPy's diff", sym), _numerically(num)])


# --- softmax --------------------------------------------------------------------------------------


def _softmax(zs):
    total = sp.Add(*[sp.exp(z) for z in zs])
    return [sp.exp(z) / total for z in zs]


def explain_softmax_jacobian(z, *, input_text: str = "") -> Derivation:
    """J = diag(s) − s sᵀ for s = softmax(z): symbolic for a size n, numeric for a given vector."""
    if isinstance(z, int) or (isinstance(z, sp.Integer)):
        n = int(z)
        if not 2 <= n <= MAX_SOFTMAX:
            raise UsageError(f"the softmax size must be between 2 and {MAX_SOFTMAX}, got {n}")
        zs = list(sp.symbols(f"z_1:{n + 1}"))
    else:
        zs = [as_sympy(e) for e in z]
        if not 2 <= len(zs) <= MAX_SOFTMAX:
            raise UsageError(f"give a vector of 2 to {MAX_SOFTMAX} scores, got {len(zs)}")
        for e in zs:
            if not isinstance(e, sp.Expr) or e.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
                raise UsageError(f"the score {sp.sstr(e)} is not a finite number or expression")
    n = len(zs)
    numeric = all(e.is_number for e in zs)
    S = _softmax(zs)
    s = [Named(f"s_{i}", f"s{_sub(i)}", f"s_{{{i}}}") for i in range(1, n + 1)]
    Z = [sp.Symbol(f"z_{i}") for i in range(1, n + 1)]
    zsym, zz = sp.Symbol("z_i"), sp.Symbol("z_j")
    steps = [Step(rule="softmax_definition", title="Softmax",
                  text="Softmax turns scores into probabilities: {definition}, for i = 1, ..., {n}.",
                  math={"definition": sp.Eq(Named("s_i", "sᵢ", "s_i"),
                                            sp.Mul(sp.exp(zsym), sp.Pow(sp.Sum(sp.exp(zz), (sp.Symbol("j"), 1, n)), -1,
                                                                        evaluate=False), evaluate=False),
                                            evaluate=False), "n": sp.Integer(n)})]
    # the two kinds of entries, derived on a 2-term-general case with the quotient rule
    T = sp.Symbol("T")  # the sum of the other exponentials
    s1 = sp.exp(Z[0]) / (sp.exp(Z[0]) + T)
    diag = derive(s1, Z[0])
    diag_value = best_form(diag.after)
    diag.text = "Diagonal entry (i = j): the quotient rule with the sum in the denominator. " + diag.text
    off = derive(sp.exp(Z[0]) / (sp.exp(Z[0]) + sp.exp(Z[1]) + T), Z[1])
    off.text = "Off-diagonal entry (i != j): only the denominator depends on z_j. " + off.text
    steps.append(Step(rule="softmax_entries", title="Partial derivatives",
                      text="Differentiate s_1 with respect to z_1 and to z_2 (T stands for the sum of the other "
                           "exponentials); every entry has one of these two forms: {rule}.",
                      substeps=[diag, off],
                      math={"rule": sp.Eq(Named("ds_i_dz_j", "∂sᵢ/∂zⱼ", r"\frac{\partial s_i}{\partial z_j}"),
                                          sp.Mul(Named("s_i", "sᵢ", "s_i"),
                                                 sp.Add(Named("delta_ij", "δᵢⱼ", r"\delta_{ij}"),
                                                        -Named("s_j", "sⱼ", "s_j"), evaluate=False),
                                                 evaluate=False), evaluate=False)},
                      facts=[sp.Eq(diag_value, best_form(s1 * (1 - s1)), evaluate=False),
                             sp.Eq(best_form(off.after),
                                   best_form(-s1.subs(T, sp.exp(Z[1]) + T) * sp.exp(Z[1]) /
                                             (sp.exp(Z[0]) + sp.exp(Z[1]) + T)), evaluate=False)]))
    Jsym = sp.ImmutableMatrix(n, n, lambda i, j: times(s[i], minus(1, s[i])) if i == j
                              else sp.Mul(-1, s[i], s[j], evaluate=False))
    steps.append(Step(rule="softmax_jacobian", title="The Jacobian",
                      text="Collect the entries: s_i (1 - s_i) on the diagonal and -s_i s_j off it, which is "
                           "diag(s) - s s^T.", facts=[sp.Eq(Named("J", "J", "J"), Jsym, evaluate=False)]))
    explicit = sp.ImmutableMatrix(n, n, lambda i, j: S[i] * ((1 if i == j else 0) - S[j]))
    reference = sp.ImmutableMatrix(sp.Matrix(S).jacobian(zs)) if not numeric else None
    if numeric:
        values = [tidy(v) for v in S]
        sv = sp.ImmutableMatrix(n, 1, values)
        steps.append(Step(rule="evaluate_softmax", title="Softmax at the scores",
                          text="Exponentiate the scores {z} and divide by their sum.",
                          before=sp.ImmutableMatrix(n, 1, [sp.Mul(sp.exp(e, evaluate=False),
                                                                  sp.Pow(sp.Add(*[sp.exp(w, evaluate=False)
                                                                                  for w in zs], evaluate=False),
                                                                         -1, evaluate=False), evaluate=False)
                                                           for e in zs]),
                          after=sv, math={"z": sp.Tuple(*zs)}))
        J = sp.ImmutableMatrix(n, n, lambda i, j: tidy(values[i] * ((1 if i == j else 0) - values[j])))
        written = sp.MatAdd(sp.ImmutableMatrix(sp.diag(*values)),
                            sp.MatMul(-1, sv, sv.T, evaluate=False), evaluate=False)
        steps.append(Step(rule="evaluate_jacobian", title="diag(s) - s s^T",
                          text="Put the probabilities into diag(s) - s s^T.", before=written, after=J))
        answer = J
        reference = sp.ImmutableMatrix(sp.Matrix(_softmax(list(sp.symbols(f"w_1:{n + 1}")))).jacobian(
            list(sp.symbols(f"w_1:{n + 1}"))).subs(dict(zip(sp.symbols(f"w_1:{n + 1}"), zs))))
    else:
        steps.append(Step(rule="in_the_scores", title="In terms of the scores",
                          text="With s_i written out in the scores, each entry is s_i (delta_ij - s_j).",
                          before=sp.ImmutableMatrix(n, n, lambda i, j: sp.Derivative(S[i], zs[j])),
                          after=explicit))
        answer = explicit
    row_sums = all(tidy(sp.simplify(sum(answer.row(i)))) == 0 for i in range(n)) if n <= 4 or numeric else True
    derivation = Derivation(task="identity", input=input_text or "softmax",
                            problem={"identity": sp.Symbol("softmax"), "z": sp.Tuple(*zs)},
                            statement=softmax_jacobian(sp.Tuple(*zs)), steps=steps, answer=answer)
    from symtutor.verify import equivalent

    sym = equivalent(answer, reference)
    checks = [_says("SymPy's jacobian of softmax", sym),
              "every row sums to 0 (the probabilities always add to 1)" if row_sums else "a row does NOT sum to 0"]
    num = True
    if not numeric:
        num = all(_numeric_agreement(S[i], explicit[i, j], zs[j], [w for w in zs if w != zs[j]], points=3)
                  for i in range(n) for j in range(n))
        checks.append(_numerically(num))
    return _finish(derivation, sym and row_sums and num, checks)


def softmax_cross_entropy_identity(n: int = 3, *, input_text: str = "") -> Derivation:
    """∂/∂z_j of L = −Σ y_i ln s_i with s = softmax(z) and Σ y_i = 1 is s_j − y_j (ŷ − y)."""
    if not 2 <= n <= MAX_SOFTMAX:
        raise UsageError(f"the number of classes must be between 2 and {MAX_SOFTMAX}, got {n}")
    zs = list(sp.symbols(f"z_1:{n + 1}"))
    ys = list(sp.symbols(f"y_1:{n + 1}"))
    s = [Named(f"s_{i}", f"s{_sub(i)}", f"s_{{{i}}}") for i in range(1, n + 1)]
    S = _softmax(zs)
    Lsym = Named("L", "L", "L")
    loss = sp.Add(*[sp.Mul(-1, y, sp.log(si), evaluate=False) for y, si in zip(ys, s)], evaluate=False)
    steps = [Step(rule="cross_entropy_loss", title="The loss",
                  text="Cross-entropy of the one-hot (or any) label y against the predicted probabilities "
                       "s = softmax(z): {loss}, with y_1 + ... + y_{n} = 1.",
                  math={"loss": sp.Eq(Lsym, loss, evaluate=False), "n": sp.Integer(n)})]
    log_s = sp.log(S[0])
    d_log = derive(sp.log(sp.exp(zs[0]) / sp.Add(*[sp.exp(z) for z in zs])), zs[0])
    steps.append(Step(rule="log_softmax_derivative", title="Derivative of ln s_i",
                      text="The chain rule and the softmax Jacobian give {rule}: ln s_1 differentiated by z_1 is "
                           "1 - s_1, and by any other z_j it is -s_j.",
                      substeps=[d_log],
                      math={"rule": sp.Eq(Named("dlns_i", "∂ln sᵢ/∂zⱼ", r"\frac{\partial \ln s_i}{\partial z_j}"),
                                          sp.Add(Named("delta_ij", "δᵢⱼ", r"\delta_{ij}"),
                                                 -Named("s_j", "sⱼ", "s_j"), evaluate=False), evaluate=False)},
                      facts=[sp.Eq(best_form(d_log.after), best_form(1 - S[0]), evaluate=False)]))
    j = 0
    terms = [sp.Mul(-1, ys[i], sp.Add(1 if i == j else 0, -s[j], evaluate=False), evaluate=False)
             if i == j else sp.Mul(-1, ys[i], -s[j], evaluate=False) for i in range(n)]
    collected = plus(-ys[j], times(s[j], sp.Add(*ys, evaluate=False)))
    steps.append(Step(rule="sum_over_classes", title="Sum over the classes",
                      text="Differentiate L with respect to z_1: each term -y_i ln s_i contributes -y_i (delta_i1 - "
                           "s_1); collect the terms with s_1.",
                      facts=[sp.Eq(Named("dL_dz1", "∂L/∂z₁", r"\frac{\partial L}{\partial z_1}"),
                                   sp.Add(*terms, evaluate=False), evaluate=False),
                             sp.Eq(Named("dL_dz1_", "∂L/∂z₁", r"\frac{\partial L}{\partial z_1}"), collected,
                                   evaluate=False)]))
    answer = sp.ImmutableMatrix(n, 1, [minus(si, y) for si, y in zip(s, ys)])
    steps.append(Step(rule="labels_sum_to_one", title="The labels add to 1",
                      text="Since y_1 + ... + y_{n} = 1, the derivative is s_1 - y_1; by symmetry every component is "
                           "s_j - y_j: the gradient is the prediction minus the label, yhat - y.",
                      math={"n": sp.Integer(n)}))
    derivation = Derivation(task="identity", input=input_text or "softmax-cross-entropy",
                            problem={"identity": sp.Symbol("softmax_cross_entropy"), "n": n},
                            statement=sp.ImmutableMatrix(n, 1, [sp.Derivative(Lsym, z) for z in zs]), steps=steps,
                            answer=answer)
    # checks: with y_n = 1 - (others), differentiate the explicit loss
    last = {ys[-1]: 1 - sp.Add(*ys[:-1])}
    L = sp.Add(*[-y * sp.log(si) for y, si in zip(ys, S)]).subs(last)
    claimed = [(S[i] - ys[i]).subs(last) for i in range(n)]
    from symtutor.verify import equivalent

    sym = all(equivalent(sp.diff(L, zs[i]), claimed[i]) for i in range(n))
    num = all(_numeric_agreement(L, claimed[i], zs[i], [w for w in [*zs, *ys[:-1]] if w != zs[i]], points=3)
              for i in range(n))
    del log_s
    return _finish(derivation, sym and num, [_says("SymPy's diff of the explicit loss", sym), _numerically(num)])


def _sub(k) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


# --- backpropagation ------------------------------------------------------------------------------


class _Graph:
    """The forward pass: every function application gets a name a_k and its (non-trivial) argument z_k."""

    def __init__(self, inputs):
        self.inputs = set(inputs)
        self.nodes: list[tuple[sp.Symbol, sp.Expr]] = []
        self.count = 0
        self.taken = {s.name for s in inputs}

    def name(self, prefix, value, k) -> sp.Symbol:
        for sym, definition in self.nodes:
            if definition == value:
                return sym
        name = f"{prefix}_{k}"
        while name in self.taken:
            name += "_"
        sym = Named(name, f"{prefix}{_sub(k)}", f"{prefix}_{{{k}}}")
        self.taken.add(name)
        self.nodes.append((sym, value))
        if len(self.nodes) > MAX_NODES:
            raise UsageError(f"the expression has more than {MAX_NODES} operations; backprop explains small networks")
        return sym

    def visit(self, e):
        if e.is_Atom:
            return e
        function = isinstance(e, sp.Function) and len(e.args) == 1
        power = isinstance(e, sp.Pow) and not e.exp.free_symbols and not e.base.is_Atom
        if function or power:
            inner = self.visit(e.args[0] if function else e.base)
            self.count += 1
            k = self.count
            if not inner.is_Atom:
                inner = self.name("z", inner, k)
            node = e.func(inner) if function else inner ** e.exp
            return self.name("a", node, k)
        return e.func(*[self.visit(a) for a in e.args])


def _local_named(expr, graph: _Graph):
    """A local derivative in the forward quantities: tanh(z_1) -> a_1, sech² -> 1 - tanh²."""
    expr = expr.replace(lambda e: isinstance(e, sp.Pow) and isinstance(e.base, sp.sech) and e.exp == 2,
                        lambda e: 1 - sp.tanh(e.base.args[0]) ** 2)
    reverse = {definition: sym for sym, definition in graph.nodes}
    return expr.xreplace(reverse)


def _expand_names(expr, graph: _Graph):
    """Every named quantity replaced by its definition, recursively (back to the inputs)."""
    for sym, definition in reversed(graph.nodes):
        expr = expr.xreplace({sym: definition})
    return expr


def _bar(sym, out) -> Named:
    name = sym.name
    shown = sp.sstr(sym) if not isinstance(sym, Named) else Named._display.get(name, (name, name))
    uni, tex = (shown if isinstance(shown, tuple) else (shown, sp.latex(sym)))
    o_uni, o_tex = Named._display.get(out.name, (out.name, out.name))
    return Named(f"d{out.name}_d{name}", f"∂{o_uni}/∂{uni}", rf"\frac{{\partial {o_tex}}}{{\partial {tex}}}")


def explain_backprop(expr, wrt, *, at: dict | None = None, input_text: str = "") -> Derivation:
    """The partial derivatives of ``expr`` with respect to ``wrt`` by reverse-mode chain rule."""
    wrt = list(wrt)
    if not wrt:
        raise UsageError("name the parameters with --wrt, e.g. --wrt w,b")
    missing = [p for p in wrt if p not in expr.free_symbols]
    inputs = sorted(expr.free_symbols, key=lambda s: s.name)
    graph = _Graph(inputs)
    root = graph.visit(expr)
    if not isinstance(root, Named):
        out = graph.name("f" if "f" not in graph.taken else "out", root, "")
        Named._display[out.name] = ("f", "f") if out.name == "f" else (out.name, out.name)
    else:
        out = root
    forward = [sp.Eq(sym, definition, evaluate=False) for sym, definition in graph.nodes]
    steps = [Step(rule="forward_pass", title="Forward pass",
                  text="Name the intermediate quantities, from the inputs to the output {out}: pre-activations z "
                       "and activations a.", facts=forward, math={"out": out})]
    values = {}
    if at:
        unknown = [s for s in inputs if s not in at]
        if unknown:
            raise UsageError("--at must give every input; missing " + ", ".join(s.name for s in unknown))
        values = {k: v for k, v in at.items()}
        vfacts = []
        for sym, definition in graph.nodes:
            values[sym] = _num(definition.xreplace(values))
            vfacts.append(sp.Eq(sym, values[sym], evaluate=False))
        steps.append(Step(rule="forward_values", title="Forward values",
                          text="Evaluate the quantities in order at {point}.", facts=vfacts,
                          math={"point": sp.Tuple(*[sp.Eq(k, v, evaluate=False) for k, v in at.items()])}))
    # backward: adjoints of named quantities, in reverse order
    adjoint = {out: sp.S.One}
    adjoint_value = {out: sp.S.One}
    back_steps = []
    named = {sym for sym, _ in graph.nodes}
    local_cache = {}
    for sym, definition in reversed(graph.nodes):
        if sym not in adjoint:
            continue
        children = [c for c in sorted(definition.free_symbols, key=lambda s: s.name) if c in named]
        for child in children:
            d = _compact(derive(definition, child), definition)
            local = _local_named(_light(d.after), graph)
            local_cache[(sym, child)] = local
            term = times(_bar(sym, out), local) if sym != out else local
            adjoint[child] = plus(adjoint[child], term) if child in adjoint else term
            facts = [sp.Eq(_bar(child, out), adjoint[child], evaluate=False)]
            math = {"node": sp.Eq(sym, definition, evaluate=False), "child": child, "local": local}
            if at:
                lv = _num(local.xreplace(values))
                adjoint_value[child] = _num(adjoint_value.get(child, 0) + adjoint_value[sym] * lv)
                facts.append(sp.Eq(_bar(child, out), adjoint_value[child], evaluate=False))
            back_steps.append(Step(rule="backprop_node", title=f"Back through {sp.sstr(sym)}",
                                   text="{node}: its derivative with respect to {child} is {local}; multiply by the "
                                        "gradient arriving from above.",
                                   substeps=[d], facts=facts, math=math))
    steps.append(Step(rule="backward_pass", title="Backward pass",
                      text="Walk the graph from the output back to the inputs; each quantity's gradient is the "
                           "gradient of the quantity it feeds, times the local derivative (the chain rule).",
                      substeps=back_steps))
    answers, answer_values = [], []
    for p in wrt:
        if p in missing:
            steps.append(Step(rule="constant_rule", title=f"Gradient for {p.name}",
                              text="{p} does not appear in the expression, so the gradient is 0.", math={"p": p}))
            answers.append(sp.S.Zero)
            answer_values.append(sp.S.Zero)
            continue
        terms, value = [], sp.S.Zero
        subs = []
        for sym, definition in graph.nodes:
            if p in definition.free_symbols:
                d = _compact(derive(definition, p), definition)
                local = _local_named(_light(d.after), graph)
                terms.append(times(_bar(sym, out), local) if sym != out else local)
                subs.append(d)
                if at:
                    value += adjoint_value.get(sym, 0) * _num(local.xreplace(values))
        named_form = plus(*terms)
        full = _expand_names(_resolve(named_form, adjoint, graph, out), graph)
        simplified = _light(full)
        facts = [sp.Eq(Named(f"d{out.name}_d{p.name}", f"∂{Named._display[out.name][0]}/∂{p.name}",
                             rf"\frac{{\partial {Named._display[out.name][1]}}}{{\partial {p.name}}}"),
                       named_form, evaluate=False)]
        if at:
            value = _num(value)
            facts.append(sp.Eq(Named(f"d{out.name}_d{p.name}"), value, evaluate=False))
            answer_values.append(value)
        steps.append(Step(rule="parameter_gradient", title=f"Gradient for {p.name}",
                          text="{p} enters where it is used; its gradient is the gradient there times the local "
                               "derivative. In the inputs:",
                          before=sp.Derivative(expr, p), after=simplified, facts=facts, substeps=subs,
                          math={"p": p}))
        answers.append(simplified)
    if at:
        answer = sp.ImmutableMatrix(len(answer_values), 1, answer_values)
    else:
        answer = sp.ImmutableMatrix(len(answers), 1, answers)
    statement = backprop_label(expr, sp.Tuple(*wrt))
    derivation = Derivation(task="backprop", input=input_text,
                            problem={"expr": expr, "wrt": sp.Tuple(*wrt), "at": at or {}},
                            statement=statement, steps=steps, answer=answer)
    from symtutor.verify import equivalent

    reference = [plain_symbols(sp.diff(real_symbols(expr), real_symbols(p))) for p in wrt]
    sym_ok = all(equivalent(_sigmoid_free(a), _sigmoid_free(b), domain=[_sigmoid_free(expr)])
                 for a, b in zip(answers, reference))
    checks = [_says("SymPy's diff (every partial derivative)", sym_ok)]
    ok = sym_ok
    if at:
        ref_values = [_num(r.xreplace(at)) for r in reference]
        val_ok = all(abs(complex(a) - complex(b)) <= 1e-9 * max(1, abs(complex(b)))
                     for a, b in zip(answer_values, ref_values))
        checks.append("the backward-pass values agree with the derivatives evaluated directly" if val_ok
                      else "a backward-pass value DISAGREES with the direct evaluation")
        ok = ok and val_ok
    return _finish(derivation, ok, checks)


def _light(e):
    """A tidy form without full simplification (which can take seconds on nested sigmoids and tanh)."""
    canonical = rebuild(e)
    candidates = [canonical]
    for tidy_ in (sp.factor_terms, sp.cancel):
        try:
            candidates.append(tidy_(canonical))
        except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
            continue
    return min(candidates, key=lambda c: (sp.count_ops(c), len(str(c))))


def _resolve(expr, adjoint, graph, out):
    """Replace every gradient symbol by its expression until none is left."""
    bars = {_bar(s, out): adjoint.get(s, sp.S.Zero) for s, _ in graph.nodes}
    bars[_bar(out, out)] = sp.S.One
    for _ in range(len(bars) + 1):
        new = expr.xreplace(bars)
        if new == expr:
            break
        expr = new
    return expr


def _compact(step: Step, definition) -> Step:
    """A local derivative: the rule's own steps for a function (sigmoid, tanh...), one line otherwise;
    sech² is written as 1 - tanh² (the form backprop uses)."""
    if not isinstance(definition, sp.Function):
        step = Step(rule="local_derivative", title="Local derivative",
                    text="Differentiate, holding the other quantities constant.", before=step.before, after=step.after)
    sech = [e for e in sp.preorder_traversal(step.after)
            if isinstance(e, sp.Pow) and isinstance(e.base, sp.sech) and e.exp == 2]
    for e in sech:
        step.facts.append(sp.Eq(e, 1 - sp.tanh(e.base.args[0]) ** 2, evaluate=False))
    return step


def _num(e):
    e = as_sympy(e)
    if e.is_Rational:
        return e
    value = e.evalf(30)
    return sp.Float(value, 30) if value.is_Number else value
