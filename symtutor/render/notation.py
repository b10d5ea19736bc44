"""How one expression is written: readable one-line Unicode, LaTeX, or a SymPy string.

Renderers call ``unicode_math``, ``latex_math`` and ``sympy_string``; nothing here
simplifies or evaluates — an expression built with ``evaluate=False`` keeps its order.
Integers longer than ``MAX_DIGITS`` are abbreviated rather than crash the printer.
"""
from __future__ import annotations

from functools import cmp_to_key

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

MAX_DIGITS = 60  # longer integers are shown as 1234…5678 (n digits)
MAX_CHARS = 20_000  # longer printed expressions are cut with a note

_COMPARE_KEY = cmp_to_key(sp.Basic.compare)
_SUPERSCRIPT = str.maketrans("0123456789-+()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ⁿ")
_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
    "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "lamda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Delta": "Δ", "Gamma": "Γ", "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ",
    "Omega": "Ω", "Theta": "Θ", "Pi": "Π",
}
_FUNCTION_NAMES = {
    "log": "ln", "asin": "arcsin", "acos": "arccos", "atan": "arctan", "acot": "arccot",
    "asec": "arcsec", "acsc": "arccsc", "asinh": "arsinh", "acosh": "arcosh", "atanh": "artanh",
    "acoth": "arcoth", "asech": "arsech", "acsch": "arcsch", "sigmoid": "σ",
}


def abbreviate_integer(n: int) -> str:
    """Digits of ``n``, or ``1234…5678 (N digits)`` when it has more than MAX_DIGITS."""
    sign = "-" if n < 0 else ""
    n = abs(n)
    if n.bit_length() < MAX_DIGITS * 3.3:
        text = str(n)
        if len(text) <= MAX_DIGITS:
            return sign + text
    digits = int(n.bit_length() * 0.30103) + 1
    low = str(n % 10**8).zfill(8)
    high = _leading_digits(n, digits, 8)
    return f"{sign}{high}…{low} (~{digits} digits)"


def _leading_digits(n: int, digits: int, k: int) -> str:
    shift = max(digits - k - 2, 0)
    return str(n // 10**shift)[:k]


def _is_big(n) -> bool:
    return isinstance(n, sp.Integer) and abs(int(n.p)).bit_length() > MAX_DIGITS * 3.3


def _written_order(expr) -> bool:
    """True when ``expr`` was built with evaluate=False in a deliberate order.

    SymPy stores the arguments of an evaluated sum or product sorted by
    ``Basic.compare``, with numbers and repeated terms folded together; unsorted or
    unfolded arguments can only come from ``evaluate=False``.  (Cheap:
    rebuilding the node instead would re-evaluate it, which for CRootOf means root
    isolation.)
    """
    if not (expr.is_Add or expr.is_Mul):  # only sums and products are stored sorted (x**-1 is not "written")
        return False
    try:
        args = list(expr.args)
        if sum(1 for a in args if a.is_Number) >= 2 or len(set(args)) < len(args):
            return True  # an evaluated sum or product folds numbers and repeated terms
        return args != sorted(args, key=_COMPARE_KEY)
    except Exception:  # noqa: BLE001 - incomparable arguments: treat as canonical
        return False


def _top_level_slash(text: str) -> bool:
    """True when ``text`` divides outside any parentheses (a/b, not ln(1/2))."""
    depth = 0
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "/" and depth == 0:
            return True
    return False


def _written_fraction(expr):
    """Split a written product into (numerator, denominator) at factors like v**-1."""
    top, bottom = [], []
    for factor in expr.args:
        if isinstance(factor, sp.Pow) and factor.exp.is_Number and factor.exp.is_negative:
            bottom.append(sp.Pow(factor.base, -factor.exp, evaluate=False) if factor.exp != -1 else factor.base)
        else:
            top.append(factor)
    if not bottom:
        return expr, None
    numer = top[0] if len(top) == 1 else (sp.Mul(*top, evaluate=False) if top else sp.S.One)
    denom = bottom[0] if len(bottom) == 1 else sp.Mul(*bottom, evaluate=False)
    return numer, denom


def is_partial(derivative: sp.Derivative) -> bool:
    """∂ rather than d: the expression depends on the variable and on other symbols,
    or the derivative is mixed (several variables)."""
    free = {s for s in derivative.expr.free_symbols if not isinstance(s, sp.Dummy)}
    variables = {v for v, _ in derivative.variable_count}
    return bool(free & variables) and (bool(free - variables) or len(variables) > 1)


class UnicodePrinter(StrPrinter):
    """One-line maths a learner reads easily: x², 2x·cos(x²), √x, ∫ … dx, d/dx …"""

    def _print_Symbol(self, expr):
        name = expr.name
        base, _, sub = name.partition("_")
        return _GREEK.get(base, base) + (("_" + sub) if sub else "")

    _print_Dummy = _print_Symbol

    def _print_Integer(self, expr):
        return abbreviate_integer(int(expr.p))

    def _print_Rational(self, expr):
        return f"{abbreviate_integer(int(expr.p))}/{abbreviate_integer(int(expr.q))}"

    def _print_Half(self, expr):
        return "1/2"

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "π"

    def _print_Infinity(self, expr):
        return "∞"

    def _print_NegativeInfinity(self, expr):
        return "-∞"

    def _print_ComplexInfinity(self, expr):
        return "∞̃"

    def _print_NaN(self, expr):
        return "DNE"  # a limit that does not exist (the quiz accepts DNE as that answer)

    def _print_ImaginaryUnit(self, expr):
        return "i"

    def _print_Float(self, expr):
        text = sp.Float(expr, 15).__str__() if expr._prec > 53 else StrPrinter._print_Float(self, expr)
        return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text

    def _print_Add(self, expr, order=None):
        if _written_order(expr):
            terms = list(expr.args)
        else:
            terms = self._as_ordered_terms(expr, order=order)
        out = []
        for i, term in enumerate(terms):
            text = self._print(term)
            if i and text.startswith("-"):
                out.append(" - " + text[1:])
            elif i:
                out.append(" + " + text)
            else:
                out.append(text)
        return "".join(out)

    def _print_Mul(self, expr):
        if not _written_order(expr):
            return self._print_canonical_mul(expr)
        if expr.args[0] == -1:
            rest = expr.args[1:]
            body = rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
            return "-" + self.parenthesize(body, PRECEDENCE["Mul"], strict=True)
        top, bottom = _written_fraction(expr)
        if bottom:
            numer = self._print(top)
            denom = self._print(bottom)
            numer = f"({numer})" if top.is_Add or _top_level_slash(numer) else numer
            denom = f"({denom})" if (bottom.is_Add or bottom.is_Mul) else denom
            return f"{numer}/{denom}"
        parts = []
        for i, factor in enumerate(expr.args):
            text = self.parenthesize(factor, PRECEDENCE["Mul"], strict=True)
            if i and text.startswith("-"):
                text = f"({text})"
            parts.append(text)
        return self._join_factors(expr.args, parts)

    def _print_canonical_mul(self, expr):
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_negative:
            if coeff == -1 and len(expr.args) == 2 and expr.args[0] == -1:
                positive = expr.args[1]  # -(a + b) kept as written, not distributed
            else:
                positive = -expr
            body = self._print_canonical_mul(positive) if positive.is_Mul else self._print(positive)
            return "-" + (f"({body})" if positive.is_Add else body)
        numer, denom = sp.fraction(expr, exact=True)
        if denom != 1:
            top = self._print(numer)
            if numer.is_Add or _top_level_slash(top):
                top = f"({top})"
            bottom = self._print(denom)
            if denom.is_Mul or denom.is_Add:
                bottom = f"({bottom})"
            return f"{top}/{bottom}"
        factors = list(expr.as_ordered_factors())
        parts = [self.parenthesize(f, PRECEDENCE["Mul"], strict=False) for f in factors]
        return self._join_factors(factors, parts)

    @staticmethod
    def _join_factors(factors, parts) -> str:
        """Juxtapose a leading number and a letter (2x); otherwise use a middle dot."""
        out = parts[0]
        for prev, factor, text in zip(factors, factors[1:], parts[1:]):
            number_then_letter = prev.is_Number and not isinstance(prev, sp.Float) and \
                (factor.is_Symbol or (factor.is_Pow and factor.base.is_Symbol)) and not text.startswith("-")
            out += ("" if number_then_letter and prev != -1 else "·") + text
        if out.startswith("-1·"):
            out = "-" + out[3:]
        return out

    def _print_Pow(self, expr, rational=False):
        base, exp = expr.as_base_exp()
        if exp is sp.S.Half:
            return f"√{self._radicand(base)}"
        if exp == sp.Rational(1, 3):
            return f"∛{self._radicand(base)}"
        if exp.is_Number and exp.is_negative and not _written_order(expr):
            return f"1/{self.parenthesize(base ** -exp, PRECEDENCE['Mul'], strict=True)}"
        base_text = self.parenthesize(base, PRECEDENCE["Pow"], strict=True)
        if isinstance(base, sp.Function) or base.is_Pow:
            base_text = f"({self._print(base)})" if base.is_Pow else base_text
        if exp.is_Integer and -100 < exp < 1000 and not _is_big(exp):
            return base_text + str(int(exp)).translate(_SUPERSCRIPT)
        exp_text = self._print(exp)
        if exp.is_Symbol and len(exp_text) == 1 or (exp.is_Atom and exp_text.isalnum() and len(exp_text) <= 2):
            return f"{base_text}^{exp_text}"
        return f"{base_text}^({exp_text})"

    def _radicand(self, base) -> str:
        text = self._print(base)
        return text if (base.is_Atom and not base.is_Rational) or (base.is_Integer) else f"({text})"

    def _print_exp(self, expr):
        arg = expr.args[0]
        text = self._print(arg)
        if arg.is_Atom and len(text) <= 2:
            return f"e^{text}"
        return f"e^({text})"

    def _print_Function(self, expr):
        spoken = getattr(expr.func, "spoken", None)  # a statement such as "critical points of f"
        if spoken:
            return f"{spoken} {self._print(expr.args[0])}"
        name = _FUNCTION_NAMES.get(expr.func.__name__, expr.func.__name__)
        return f"{name}({', '.join(self._print(a) for a in expr.args)})"

    def _print_Inverse(self, expr):
        return f"{self.parenthesize(expr.arg, PRECEDENCE['Pow'], strict=True)}⁻¹"

    def _print_Transpose(self, expr):
        return f"{self.parenthesize(expr.arg, PRECEDENCE['Pow'], strict=True)}ᵀ"

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_log(self, expr):
        return f"ln({self._print(expr.args[0])})"

    def _print_factorial(self, expr):
        return f"{self.parenthesize(expr.args[0], PRECEDENCE['Func'])}!"

    def _print_Derivative(self, expr):
        d = "∂" if is_partial(expr) else "d"
        total = sum(int(n) for _, n in expr.variable_count)
        denominators = "".join(
            f"{d}{self._print(v)}" + (str(int(n)).translate(_SUPERSCRIPT) if n != 1 else "")
            for v, n in expr.variable_count
        )
        order = str(total).translate(_SUPERSCRIPT) if total != 1 else ""
        inner = expr.expr
        if inner.is_Symbol:
            return f"{d}{order}{self._print(inner)}/{denominators}"
        body = self._print(inner)
        simple_power = inner.is_Pow and inner.base.is_Atom and inner.exp.is_Atom
        if not (inner.is_Atom or isinstance(inner, sp.Function) or simple_power):
            body = f"({body})"
        return f"{d}{order}/{denominators} {body}"

    def _print_Subs(self, expr):
        body, old, new = expr.args
        point = ", ".join(f"{self._print(o)}={self._print(n)}" for o, n in zip(old, new))
        inner = self._print(body)
        if isinstance(body, sp.Derivative):
            return f"[{inner}] at {point}"
        return f"({inner}) at {point}" if not body.is_Atom else f"{inner} at {point}"

    def _print_Integral(self, expr):
        body = self._print(expr.function)
        if expr.function.is_Add:
            body = f"({body})"
        out = body
        for limit in reversed(expr.limits):
            var = self._print(limit[0])
            if len(limit) == 3:
                out = f"∫_{self._bound(limit[1])}^{self._bound(limit[2])} {out} d{var}"
            else:
                out = f"∫ {out} d{var}"
        return out

    def _bound(self, b) -> str:
        text = self._print(b)
        return text if b.is_Atom and len(text) <= 3 else f"({text})"

    def _print_Limit(self, expr):
        e, z, z0, direction = expr.args
        side = ""
        if str(direction) == "+" and z0 not in (sp.oo, -sp.oo):
            side = "⁺"
        elif str(direction) == "-" and z0 not in (sp.oo, -sp.oo):
            side = "⁻"
        body = self._print(e)
        if e.is_Add:
            body = f"({body})"
        return f"lim_{{{self._print(z)}→{self._print(z0)}{side}}} {body}"

    def _print_Sum(self, expr):
        body = self._print(expr.function)
        if expr.function.is_Add:
            body = f"({body})"
        i, a, b = expr.limits[0]
        return f"Σ_{{{self._print(i)}={self._print(a)}}}^{{{self._print(b)}}} {body}"

    def _print_Equality(self, expr):
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Unequality(self, expr):
        return f"{self._print(expr.lhs)} ≠ {self._print(expr.rhs)}"

    def _print_Relational(self, expr):
        symbol = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "!=": "≠"}.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {symbol} {self._print(expr.rhs)}"

    def _print_MatrixBase(self, expr):
        if expr.cols == 1 and expr.rows > 1:  # a column vector, on one line: (1, 2)ᵀ
            return "(" + ", ".join(self._print(e) for e in expr) + ")ᵀ"
        rows = ["[" + ", ".join(self._print(e) for e in expr.row(i)) + "]" for i in range(expr.rows)]
        return "[" + ", ".join(rows) + "]"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Tuple(self, expr):
        return "(" + ", ".join(self._print(e) for e in expr.args) + ")"

    def _print_list(self, expr):
        return "[" + ", ".join(self._print(e) for e in expr) + "]"

    def _print_Piecewise(self, expr):
        pieces = []
        for value, cond in expr.args:
            pieces.append(self._print(value) + ("" if cond is sp.true else f" if {self._print(cond)}")
                          + (" otherwise" if cond is sp.true else ""))
        return "{" + "; ".join(pieces) + "}"

    def _print_BooleanTrue(self, expr):
        return "true"

    def _print_BooleanFalse(self, expr):
        return "false"


class TutorLatexPrinter(LatexPrinter):
    """SymPy's LaTeX, keeping written order and abbreviating huge integers."""

    def _print(self, expr, **kwargs):
        if expr is sp.nan:  # NaN's own _latex method would win over a _print_NaN
            return r"\text{DNE}"
        return super()._print(expr, **kwargs)

    def _print_Function(self, expr, exp=None):
        spoken = getattr(expr.func, "spoken", None)  # a statement such as "critical points of f"
        if spoken:
            return r"\text{%s } %s" % (spoken, self._print(expr.args[0]))
        return super()._print_Function(expr, exp=exp)

    def _print_Integer(self, expr):
        if _is_big(expr):
            return r"\text{" + abbreviate_integer(int(expr.p)).replace("…", r"\ldots{}") + "}"
        return str(expr.p)

    def _print_Rational(self, expr):
        if _is_big(sp.Integer(expr.p)) or _is_big(sp.Integer(expr.q)):
            return r"\frac{%s}{%s}" % (self._print(sp.Integer(expr.p)), self._print(sp.Integer(expr.q)))
        return super()._print_Rational(expr)

    def _print_Mul(self, expr):
        if _written_order(expr):
            if expr.args[0] == -1:
                rest = expr.args[1:]
                body = rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
                return "- " + self.parenthesize(body, PRECEDENCE["Mul"], strict=True)
            top, bottom = _written_fraction(expr)
            if bottom:
                return r"\frac{%s}{%s}" % (self._print(top), self._print(bottom))
            parts = [self.parenthesize(f, PRECEDENCE["Mul"], strict=True) for f in expr.args]
            parts = [p if i == 0 or not p.startswith("-") else r"\left(%s\right)" % p for i, p in enumerate(parts)]
            return r" \cdot ".join(parts)
        return super()._print_Mul(expr)

    def _print_Add(self, expr, order=None):
        if _written_order(expr):
            out = ""
            for i, term in enumerate(expr.args):
                text = self._print(term)
                if i and text.startswith("-"):
                    out += " - " + text[1:]
                elif i:
                    out += " + " + text
                else:
                    out += text
            return out
        return super()._print_Add(expr, order=order)

    def _print_Subs(self, expr):
        body, old, new = expr.args
        point = ", ".join(f"{self._print(o)}={self._print(n)}" for o, n in zip(old, new))
        return r"\left. %s \right|_{%s}" % (self._print(body), point)

    def _print_Derivative(self, expr):
        d = r"\partial" if is_partial(expr) else "d"
        total = sum(int(n) for _, n in expr.variable_count)
        order = f"^{{{total}}}" if total != 1 else ""
        denominators = " ".join(
            f"{d} {self._print(v)}" + (f"^{{{int(n)}}}" if n != 1 else "") for v, n in expr.variable_count
        )
        body = self._print(expr.expr)
        if not (expr.expr.is_Atom or isinstance(expr.expr, sp.Function)):
            body = r"\left(%s\right)" % body
        if expr.expr.is_Symbol:
            return r"\frac{%s%s %s}{%s}" % (d, order, body, denominators)
        return r"\frac{%s%s}{%s} %s" % (d, order, denominators, body)


def _safe(printer_call, expr) -> str:
    try:
        text = printer_call(expr)
    except ValueError as exc:  # e.g. Python's limit on integer string conversion
        if "digits" not in str(exc):
            raise
        text = "(a number too large to print)"
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS] + f"… ({len(text)} characters in all)"
    return text


_unicode = UnicodePrinter({"order": None})
_latex = TutorLatexPrinter({"ln_notation": True, "mat_delim": "", "mat_str": "bmatrix"})


def unicode_math(expr) -> str:
    """One line of readable Unicode for ``expr``."""
    if isinstance(expr, str):
        return expr
    return _safe(_unicode.doprint, expr)


def latex_math(expr) -> str:
    """LaTeX for ``expr`` (math mode, no delimiters)."""
    if isinstance(expr, str):
        return r"\text{%s}" % expr
    if isinstance(expr, (list, tuple)):
        return r"\left(" + ", ".join(latex_math(e) for e in expr) + r"\right)"
    return _safe(_latex.doprint, expr)


class _OneLineStrPrinter(StrPrinter):
    """SymPy's string printer with matrices on one line: Matrix([[1, 2], [3, 4]])."""

    def _print_MatrixBase(self, expr):
        rows = ", ".join("[" + ", ".join(self._print(e) for e in expr.row(i)) + "]" for i in range(expr.rows))
        return f"Matrix([{rows}])"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase


_sympy_str = _OneLineStrPrinter({"order": None})


def sympy_string(expr) -> str:
    """A string that ``sympy.sympify`` reads back as an equal expression."""
    if isinstance(expr, (list, tuple)):
        return "[" + ", ".join(sympy_string(e) for e in expr) + "]"
    import sys

    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # exact output, however long: the parser bounds the size
    try:
        return _sympy_str.doprint(expr)
    finally:
        sys.set_int_max_str_digits(previous)
