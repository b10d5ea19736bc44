"""The notation of probability and information theory as SymPy objects.

E[g(X)], Var(X), P(A | B), H(X), H(P, Q), D_KL(P || Q) and log_2(p) are quantities a
learner reads in every textbook; SymPy has no unevaluated form for most of them.  Each
class here is an undefined function that knows how it is written:

- symtutor's Unicode printer (a subclass of SymPy's ``StrPrinter``) and LaTeX get the
  textbook form: ``E[X²]``, ``H₂(X)``, ``D_KL(P ‖ Q)``, ``log₂(1/4)``;
- SymPy's own ``sstr`` (used for JSON) gets ``Expectation(X**2)``, ``Entropy(X, 2)``,
  which ``sympy.sympify`` reads back (as undefined functions, or ``log(p, 2)`` for logb).

They are used for statements, facts and sentences.  Only ``logb`` appears inside step
expressions, and it evaluates numerically and rewrites to ``log(x)/log(b)`` so the
verifier can compare it.
"""
from __future__ import annotations

import sympy as sp
from sympy.printing.str import StrPrinter

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _for_sympy_strings(printer) -> bool:
    """True for SymPy's plain ``sstr`` printer, whose output must read back with sympify."""
    return type(printer) is StrPrinter


class _Notation(sp.Function):
    """An unevaluated quantity with a textbook notation (display only)."""

    def _sympystr(self, printer):
        if _for_sympy_strings(printer):
            return f"{type(self).__name__}({', '.join(printer._print(a) for a in self.args)})"
        return self._unicode(printer)

    def _unicode(self, printer) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class Expectation(_Notation):
    """E[g(X)] — the expected value of g(X)."""

    nargs = 1

    def _unicode(self, printer):
        return f"E[{printer._print(self.args[0])}]"

    def _latex(self, printer, exp=None):
        tex = r"\mathbb{E}\left[%s\right]" % printer._print(self.args[0])
        return tex if exp is None else r"\left(%s\right)^{%s}" % (tex, exp)


class Variance(_Notation):
    """Var(X)"""

    nargs = 1

    def _unicode(self, printer):
        return f"Var({printer._print(self.args[0])})"

    def _latex(self, printer, exp=None):
        tex = r"\operatorname{Var}\left(%s\right)" % printer._print(self.args[0])
        return tex if exp is None else r"\left(%s\right)^{%s}" % (tex, exp)


class StdDev(_Notation):
    """SD(X) — the standard deviation, the square root of the variance."""

    nargs = 1

    def _unicode(self, printer):
        return f"SD({printer._print(self.args[0])})"

    def _latex(self, printer, exp=None):
        tex = r"\operatorname{SD}\left(%s\right)" % printer._print(self.args[0])
        return tex if exp is None else r"\left(%s\right)^{%s}" % (tex, exp)


class Prob(_Notation):
    """P(A), or P(A | B) with two arguments."""

    nargs = (1, 2)

    def _unicode(self, printer):
        if len(self.args) == 2:
            return f"P({printer._print(self.args[0])} | {printer._print(self.args[1])})"
        return f"P({printer._print(self.args[0])})"

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        if len(self.args) == 2:
            inner += r" \mid " + printer._print(self.args[1])
        tex = r"P\left(%s\right)" % inner
        return tex if exp is None else r"%s^{%s}" % (tex, exp)


def _base_suffix(args, printer, latex=False) -> str:
    if len(args) < 2 or args[-1] == sp.E:
        return ""
    base = args[-1]
    if latex:
        return "_{%s}" % printer._print(base)
    text = printer._print(base)
    return text.translate(_SUBSCRIPT) if text.isdigit() else f"_{text}"


class Entropy(_Notation):
    """H(X) in nats, or H_b(X) with a base b as second argument."""

    nargs = (1, 2)

    def _unicode(self, printer):
        return f"H{_base_suffix(self.args, printer)}({printer._print(self.args[0])})"

    def _latex(self, printer, exp=None):
        return r"H%s\left(%s\right)" % (_base_suffix(self.args, printer, True), printer._print(self.args[0]))


class DifferentialEntropy(Entropy):
    """h(X): the differential entropy of a continuous random variable."""

    def _unicode(self, printer):
        return f"h{_base_suffix(self.args, printer)}({printer._print(self.args[0])})"

    def _latex(self, printer, exp=None):
        return r"h%s\left(%s\right)" % (_base_suffix(self.args, printer, True), printer._print(self.args[0]))


class CrossEntropy(_Notation):
    """H(P, Q) = −Σ p log q, optionally with a base as third argument."""

    nargs = (2, 3)

    def _unicode(self, printer):
        p, q = (printer._print(a) for a in self.args[:2])
        return f"H{_base_suffix(self.args[1:], printer)}({p}, {q})"

    def _latex(self, printer, exp=None):
        p, q = (printer._print(a) for a in self.args[:2])
        return r"H%s\left(%s, %s\right)" % (_base_suffix(self.args[1:], printer, True), p, q)


class KL(_Notation):
    """D_KL(P || Q) = Σ p log(p/q); an optional third argument records the base (the
    units are stated in the derivation's text, not in the symbol)."""

    nargs = (2, 3)

    def _unicode(self, printer):
        p, q = (printer._print(a) for a in self.args[:2])
        return f"D_KL({p} ‖ {q})"

    def _latex(self, printer, exp=None):
        p, q = (printer._print(a) for a in self.args[:2])
        return r"D_{\mathrm{KL}}\left(%s \,\middle\|\, %s\right)" % (p, q)


class g(_Notation):
    """g(x): the function whose expectation is taken, evaluated at a point (display only)."""

    nargs = 1

    def _unicode(self, printer):
        return f"g({printer._print(self.args[0])})"

    def _latex(self, printer, exp=None):
        return r"g\left(%s\right)" % printer._print(self.args[0])


class logb(sp.Function):
    """log_b(x) = ln(x)/ln(b), written with its base (log₂, log₁₀) instead of as a quotient.

    Exact powers of the base evaluate (log₂(1/4) = −2); everything else stays as written,
    evaluates numerically, and rewrites as ``log(x)/log(b)`` (``doit`` does this too).
    """

    nargs = 2

    @classmethod
    def eval(cls, x, b):  # safe: SymPy's Function.eval hook, not Python eval
        if b == sp.E:
            return sp.log(x)
        if x == 1:
            return sp.S.Zero
        if x == b:
            return sp.S.One
        if x.is_Rational and b.is_Integer and x.is_positive and b > 1:
            for n in (x, 1 / x):
                if n.is_Integer:
                    k = sp.multiplicity(b, n)
                    if b**k == n:
                        return sp.Integer(k) if n == x else -sp.Integer(k)
        return None

    def doit(self, **hints):
        x, b = (a.doit(**hints) if hints.get("deep", True) else a for a in self.args)
        return sp.log(x) / sp.log(b)

    def _eval_rewrite_as_log(self, x, b, **kwargs):
        return sp.log(x) / sp.log(b)

    def _eval_evalf(self, prec):
        return (sp.log(self.args[0]) / sp.log(self.args[1]))._eval_evalf(prec)

    def _eval_is_real(self):
        x, b = self.args
        if x.is_positive and b.is_positive:
            return True
        return None

    def _eval_expand_log(self, **hints):
        return sp.expand_log(sp.log(self.args[0]), **hints) / sp.log(self.args[1])

    def _sympystr(self, printer):
        x, b = (printer._print(a) for a in self.args)
        if _for_sympy_strings(printer):
            return f"log({x}, {b})"
        sub = b.translate(_SUBSCRIPT) if b.isdigit() else f"_{b}"
        return f"log{sub}({x})"

    def _latex(self, printer, exp=None):
        tex = r"\log_{%s}\left(%s\right)" % (printer._print(self.args[1]), printer._print(self.args[0]))
        return tex if exp is None else r"\left(%s\right)^{%s}" % (tex, exp)


def log_in_base(x, base):
    """log_base(x): ``ln(x)`` for base e, else ``logb(x, base)``."""
    return sp.log(x) if base == sp.E else logb(x, base)


def expand_logb(expr):
    """``expr`` with every ``logb`` written as ``log(x)/log(b)``."""
    if not isinstance(expr, sp.Basic):
        return expr
    return expr.replace(lambda e: isinstance(e, logb), lambda e: sp.log(e.args[0]) / sp.log(e.args[1]))
