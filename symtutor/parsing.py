"""The one place where user text becomes SymPy.

Safety first: nothing here calls ``eval``, ``exec``, ``sympify`` or ``parse_expr`` on
user text.  A hand-written tokenizer feeds a Pratt (precedence-climbing) parser that
builds SymPy objects directly, from an allowlist of functions and constants.

Friendliness second: ``x^2``, ``2x``, ``e^x``, ``ln``, ``sqrt``, ``|x|``, ``sin^2(x)``,
``x²``, ``π``, ``∞``, matrices ``[[1, 2], [3, 4]]``, tables ``{0: 1/2, 1: 1/2}`` and
conditionals ``300 if X <= 2 else -200`` all read as a teacher would write them.

Every failure is a :class:`~symtutor.errors.ParseError` with one line::

    cannot parse 'sin(x': missing ')' at column 6

Decisions worth knowing:

* ``lambda`` is an ordinary symbol name (λ is a common rate parameter); it is never
  syntax, and ``lambda:`` is refused as a lambda expression.
* ``√`` binds like unary minus: ``√x^2 = √(x^2)``, ``√2x = √2·x``.
* Implicit multiplication has the precedence of ``*``, so ``1/2x = x/2``.
* Numbers are capped at ``MAX_NUMBER_DIGITS`` decimal digits: Python itself refuses to
  print integers beyond 4300 digits, so a larger number could never be shown.
* Decimals are capped at 1e308 in size: SymPy evaluates functions of huge floats
  eagerly and slowly (``exp(1e1000)`` takes seconds).
"""
from __future__ import annotations

import difflib
import keyword
import math
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, NoReturn

import sympy as sp
from sympy.logic.boolalg import Boolean

from symtutor.errors import ParseError
from symtutor.functions import SPECIAL_FUNCTIONS

MAX_INPUT_LENGTH = 2000
MAX_DEPTH = 100
MAX_LITERAL_DIGITS = 1000  # digits in one written number
MAX_NUMBER_DIGITS = 4000  # digits in any number the parser builds
MAX_FLOAT_EXPONENT = 308  # 1e308 is the largest decimal literal
MAX_SYMBOLIC_EXPONENT = 10**6  # largest integer power of a symbolic base
MAX_FACTORIAL_ARGUMENT = 10_000

_MAX_NUMBER_BITS = int(MAX_NUMBER_DIGITS * math.log2(10))
_MAX_FLOAT_BITS = 1100  # binary magnitude of the largest float (about 1e331)
_QUOTE_WIDTH = 40
_FRAMES_PER_LEVEL = 25
_DEPTH_MESSAGE = f"nested too deeply (more than {MAX_DEPTH} levels)"


# --------------------------------------------------------------------------- errors


def _quote(text: str) -> str:
    """The user's text for an error message: one line, at most ~40 characters."""
    flat = "".join(" " if ch.isspace() or not ch.isprintable() else ch for ch in text)
    return flat if len(flat) <= _QUOTE_WIDTH else flat[:_QUOTE_WIDTH] + "…"


def _error(text: str, column: int, reason: str) -> ParseError:
    """``cannot parse '<text>': <reason> at column <n>`` as a ParseError."""
    err = ParseError(f"cannot parse '{_quote(text)}': {reason} at column {column}")
    err.text, err.column, err.reason = text, column, reason
    return err


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    """One lexical unit. ``text`` is normalised (``π`` -> ``pi``, ``×`` -> ``*``)."""

    kind: str  # NUM, NAME, KW, OP, SUP, END
    text: str
    index: int  # position in the token list
    start: int  # 0-based offset of the first character in the input
    end: int  # offset just past the last character
    spaced: bool  # whitespace comes right before this token

    @property
    def column(self) -> int:
        return self.start + 1


_NUMBER_RE = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_GREEK_SUFFIX_RE = re.compile(r"[0-9]*(?:_[A-Za-z0-9]+)*")

_OPERATORS = ("**", "<=", ">=", "==", "+", "-", "*", "/", "^", "!", "|",
              "(", ")", "[", "]", "{", "}", ",", ":", "<", ">", "=")
_UNICODE_OPERATORS = {"·": "*", "⋅": "*", "×": "*", "−": "-", "÷": "/",
                      "≤": "<=", "≥": ">=", "√": "√"}
_UNICODE_CONSTANTS = {"π": "pi", "∞": "oo"}
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon",
    "ϵ": "epsilon", "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta",
    "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "ο": "omicron", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi",
    "Σ": "Sigma", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}
_GREEK_NAMES = frozenset(_GREEK.values())
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-"))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))

_NOT_MATHS = "symtutor reads maths, not Python"
_FORBIDDEN = {
    "!=": "'!=' is not supported (use <, <=, >, >= or ==)",
    '"': "strings are not allowed",
    "'": "strings are not allowed",
    "\\": "backslashes are not allowed",
    ".": "'.' is only allowed inside decimal numbers like 0.5",
    "@": "'@' is not an operator here (use * to multiply)",
    ";": "';' is not allowed (enter one expression at a time)",
    "#": "comments ('#') are not allowed",
    "`": "backticks are not allowed",
}
_KEYWORDS = frozenset({"if", "else", "and", "or", "not"})  # the syntax we use
_PYTHON_KEYWORDS = frozenset(keyword.kwlist) - _KEYWORDS - {"lambda"}
_BLOCKED_NAMES = frozenset({"eval", "exec", "compile", "open", "getattr", "setattr",
                            "delattr", "hasattr", "globals", "locals", "vars",
                            "breakpoint"})


def _check_name(name: str, text: str, start: int) -> None:
    """Refuse names that are Python machinery rather than maths."""
    if name.startswith("_") or "__" in name:
        raise _error(text, start + 1, f"'{name}': names may not start with '_' or contain '__'")
    if name in _PYTHON_KEYWORDS:
        raise _error(text, start + 1, f"'{name}' is a Python keyword ({_NOT_MATHS})")
    if name in _BLOCKED_NAMES:
        raise _error(text, start + 1, f"'{name}' is not allowed ({_NOT_MATHS})")


def _subscript_suffix(text: str, i: int) -> tuple[str, int]:
    """Subscript digits after a name (``x₁``) become ``_1``."""
    j = i
    while j < len(text) and text[j] in _SUBSCRIPTS:
        j += 1
    if j == i:
        return "", i
    return "_" + "".join(_SUBSCRIPTS[c] for c in text[i:j]), j


def _scan_number(text: str, i: int) -> tuple[str, str, int] | None:
    """``12``, ``0.7``, ``.5``, ``1e-3`` (digits are ASCII only)."""
    m = _NUMBER_RE.match(text, i)
    if not m:
        return None
    literal = m.group()
    mantissa, _, exponent = literal.lower().partition("e")
    digits = sum(ch.isdigit() for ch in mantissa)
    if digits > MAX_LITERAL_DIGITS:
        raise _error(text, i + 1, f"the number has {digits} digits; the limit is {MAX_LITERAL_DIGITS}")
    if exponent and abs(int(exponent)) > MAX_FLOAT_EXPONENT:
        raise _error(text, i + 1, f"'{literal[:20]}' is out of range "
                                  f"(decimal exponents go up to {MAX_FLOAT_EXPONENT})")
    return "NUM", literal, m.end()


def _scan_name(text: str, i: int) -> tuple[str, str, int] | None:
    """An ASCII identifier (``x``, ``w1``, ``x_1``, ``sigma``) or a keyword."""
    m = _NAME_RE.match(text, i)
    if not m:
        return None
    name = m.group()
    _check_name(name, text, i)
    if name in _KEYWORDS:
        return "KW", name, m.end()
    suffix, end = _subscript_suffix(text, m.end())
    return "NAME", name + suffix, end


def _scan_greek(text: str, i: int) -> tuple[str, str, int] | None:
    """A Greek letter, optionally with digits or ``_sub`` after it: ``θ``, ``θ1``, ``σ_x``."""
    name = _GREEK.get(text[i])
    if name is None:
        return None
    m = _GREEK_SUFFIX_RE.match(text, i + 1)
    suffix, end = _subscript_suffix(text, m.end())
    full = name + m.group() + suffix
    _check_name(full, text, i)
    return "NAME", full, end


def _scan_constant(text: str, i: int) -> tuple[str, str, int] | None:
    """``π`` and ``∞``."""
    name = _UNICODE_CONSTANTS.get(text[i])
    return None if name is None else ("NAME", name, i + 1)


def _scan_superscript(text: str, i: int) -> tuple[str, str, int] | None:
    """A run of superscript characters: ``²`` -> power 2, ``⁻¹`` -> power -1."""
    j = i
    while j < len(text) and text[j] in _SUPERSCRIPTS:
        j += 1
    if j == i:
        return None
    power = "".join(_SUPERSCRIPTS[c] for c in text[i:j])
    if not re.fullmatch(r"-?[0-9]+", power):
        raise _error(text, i + 1, f"'{text[i:j]}' is not a power (write x⁻¹ or x²)")
    return "SUP", power, j


def _scan_forbidden(text: str, i: int) -> tuple[str, str, int] | None:
    """Characters that are Python syntax, with the reason they are refused."""
    for pattern, reason in _FORBIDDEN.items():
        if text.startswith(pattern, i):
            raise _error(text, i + 1, reason)
    return None


def _scan_operator(text: str, i: int) -> tuple[str, str, int] | None:
    """ASCII operators (longest first) and their Unicode spellings."""
    for op in _OPERATORS:
        if text.startswith(op, i):
            return "OP", op, i + len(op)
    op = _UNICODE_OPERATORS.get(text[i])
    return None if op is None else ("OP", op, i + 1)


_SCANNERS: tuple[Callable[[str, int], tuple[str, str, int] | None], ...] = (
    _scan_number, _scan_name, _scan_greek, _scan_constant, _scan_superscript,
    _scan_forbidden, _scan_operator,
)


def _unexpected_character(text: str, i: int) -> ParseError:
    ch = text[i]
    shown = ch if ch.isprintable() else repr(ch)[1:-1]
    reason = f"unexpected character '{shown}' (U+{ord(ch):04X})"
    if not ch.isascii():
        reason += "; only ASCII letters, Greek letters and the symbols in `symtutor --help` are allowed"
    return _error(text, i + 1, reason)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, ending with an ``END`` token; refuse bad characters."""
    tokens: list[Token] = []
    i, spaced = 0, False
    while i < len(text):
        if text[i].isspace():
            i, spaced = i + 1, True
            continue
        for scan in _SCANNERS:
            found = scan(text, i)
            if found:
                kind, value, end = found
                tokens.append(Token(kind, value, len(tokens), i, end, spaced))
                i, spaced = end, False
                break
        else:
            raise _unexpected_character(text, i)
    tokens.append(Token("END", "", len(tokens), len(text), len(text), spaced))
    return tokens


# ------------------------------------------------------------------------ functions


def _log2(x):
    """log base 2."""
    return sp.log(x, 2)


def _log10(x):
    """log base 10."""
    return sp.log(x, 10)


_TRIG = {"sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc}
_ARCTRIG = {"asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "acot": sp.acot,
            "asec": sp.asec, "acsc": sp.acsc}
_HYPERBOLIC = {"sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "coth": sp.coth,
               "sech": sp.sech, "csch": sp.csch}
_ARCHYPERBOLIC = {"asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
                  "acoth": sp.acoth, "asech": sp.asech, "acsch": sp.acsch}
# sin^-1(x) -> asin(x): the inverse of each trigonometric and hyperbolic function
_INVERSE = {name: "a" + name for name in (*_TRIG, *_HYPERBOLIC)}
_ALIASES = {
    **{"arc" + name[1:]: name for name in _ARCTRIG},  # arcsin -> asin
    **{"ar" + name[1:]: name for name in _ARCHYPERBOLIC},  # arsinh -> asinh
    **{"arc" + name[1:]: name for name in _ARCHYPERBOLIC},  # arcsinh -> asinh
    "ln": "log", "abs": "Abs", "max": "Max", "min": "Min", "ceil": "ceiling",
}

_UNARY = {
    **_TRIG, **_ARCTRIG, **_HYPERBOLIC, **_ARCHYPERBOLIC, **SPECIAL_FUNCTIONS,
    "exp": sp.exp, "log2": _log2, "log10": _log10, "sqrt": sp.sqrt, "cbrt": sp.cbrt,
    "Abs": sp.Abs, "sign": sp.sign, "floor": sp.floor, "ceiling": sp.ceiling,
    "factorial": sp.factorial, "gamma": sp.gamma, "erf": sp.erf,
}
# name -> (fewest, most) arguments; None means any number
_ARITY: dict[str, tuple[int, int | None]] = {
    **{name: (1, 1) for name in _UNARY},
    "log": (1, 2), "root": (2, 2), "binomial": (2, 2), "beta": (2, 2), "atan2": (2, 2),
    "Max": (1, None), "Min": (1, None),
}
_CALLABLES = {**_UNARY, "log": sp.log, "root": sp.root, "binomial": sp.binomial,
              "beta": sp.beta, "atan2": sp.atan2, "Max": sp.Max, "Min": sp.Min}

#: name -> SymPy callable: every function a user may call (the allowlist).
KNOWN_FUNCTIONS: dict[str, Callable[..., Any]] = {
    **_CALLABLES, **{alias: _CALLABLES[target] for alias, target in _ALIASES.items()},
}

_CONSTANTS = {"e": sp.E, "E": sp.E, "pi": sp.pi, "oo": sp.oo, "inf": sp.oo,
              "infinity": sp.oo, "I": sp.I}


def _canonical(name: str) -> str:
    """The table name of a function: ``arcsin`` -> ``asin``, ``ln`` -> ``log``."""
    return _ALIASES.get(name, name)


def _arity_text(name: str, fewest: int, most: int | None) -> str:
    """``log takes 1 or 2 arguments``."""
    if most is None:
        return f"{name} takes at least {fewest} argument{'s' * (fewest != 1)}"
    if fewest == most:
        return f"{name} takes {fewest} argument{'s' * (fewest != 1)}"
    return f"{name} takes {fewest} or {most} arguments"


def _unknown_function(name: str) -> str:
    """The message for ``foo(...)``, with a suggestion when one is close."""
    close = difflib.get_close_matches(name, list(KNOWN_FUNCTIONS), n=1)
    if not close:
        close = [f for f in KNOWN_FUNCTIONS if f.lower() == name.lower()][:1]
    hint = f"did you mean '{close[0]}'? " if close else ""
    multiply = f"; write {name}*(...) to multiply" if len(name) <= 12 else ""
    return f"unknown function '{name}' ({hint}known functions: see `symtutor --help`{multiply})"


# --------------------------------------------------------------------------- guards


def _log10_digits(log2_bits: float) -> float:
    """log10 of the number of decimal digits of a number with 2**log2_bits bits."""
    return log2_bits * math.log10(2) + math.log10(math.log10(2))


def _about(log10_digits: float) -> str:
    """A digit count for a message: ``369,693,100`` or ``10^1000``."""
    if log10_digits < 15:
        return f"{max(1, round(10 ** log10_digits)):,}"
    return f"10^{int(log10_digits)}"


def _log2_abs(value: int) -> float:
    """log2 |value| for an arbitrarily large nonzero integer."""
    return math.log2(abs(value))


def _power_log2_bits(base: sp.Expr, exponent: sp.Expr) -> float:
    """log2 of the estimated size in bits of ``base**exponent`` (-inf when small).

    Looks at every numeric factor of the base, including roots such as ``sqrt(7)``,
    because SymPy multiplies those out: ``sqrt(7)**99999 = 7**49999 * sqrt(7)``.
    """
    if not exponent.is_Rational or exponent.is_zero:
        return -math.inf
    coeff, rest = base.as_coeff_Mul() if isinstance(base, sp.Expr) else (sp.S.One, base)
    largest = -math.inf
    for factor in (coeff, *sp.Mul.make_args(rest)):
        b, e = factor.as_base_exp()
        if not (b.is_Rational and e.is_Rational) or b in (0, 1, -1):
            continue
        bits = max(_log2_abs(b.p), _log2_abs(b.q) if b.q != 1 else 0.0)
        log2_size = (math.log2(bits) + _log2_abs(e.p) - _log2_abs(e.q)
                     + _log2_abs(exponent.p) - _log2_abs(exponent.q))
        largest = max(largest, log2_size)
    return largest


def _number_too_large(number: sp.Basic) -> str | None:
    """Why ``number`` is too large to keep, or None."""
    if isinstance(number, sp.Float):
        _sign, man, exp, bc = number._mpf_
        if man and exp + bc > _MAX_FLOAT_BITS:
            return f"is too large (about {_about(_log10_digits(math.log2(exp + bc)))} digits)"
        return None
    if number.is_Rational:
        bits = max(number.p.bit_length(), number.q.bit_length())
        if bits > _MAX_NUMBER_BITS + 4:
            return f"is too large (about {_about(_log10_digits(math.log2(bits)))} digits)"
    return None


def _numbers_near_top(node: Any) -> Iterator[sp.Basic]:
    """The numbers at the top two levels of ``node``: where new large numbers appear."""
    if not isinstance(node, sp.Basic):
        return
    for part in (node, *node.args):
        if isinstance(part, sp.Number):
            yield part
        elif isinstance(part, sp.Mul):
            yield part.as_coeff_Mul()[0]


# --------------------------------------------------------------------------- parser

# binding powers, loosest first
_COND, _OR, _AND, _NOT, _CMP, _ADD, _MUL, _UNARY_BP, _POW, _POSTFIX = range(1, 11)
_COMPARISONS = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "==": sp.Eq}
_STRAY = {
    "=": "'=' is only allowed in assignments like x=1 (write == for an equation)",
    ":": "':' is only allowed in tables like {1: 0.5, 2: 0.5}",
    ")": "unmatched ')'",
    "]": "unmatched ']'",
    "}": "unmatched '}'",
    ",": "unexpected ',' (one expression was expected here)",
    "else": "'else' without 'if' (write: value if condition else other)",
    "if": "unexpected 'if' (write: value if condition else other)",
    "[": "lists [...] are only allowed as a whole value, not inside an expression",
    "{": "tables {...} are only allowed as a whole value, not inside an expression",
}


def _is_expr(node: Any) -> bool:
    return isinstance(node, sp.Expr)


def _is_condition(node: Any) -> bool:
    """Comparisons, their and/or/not combinations, and true/false."""
    return isinstance(node, Boolean) and not isinstance(node, sp.Expr)


class _Parser:
    """A Pratt parser over a token list; each method documents the grammar it reads."""

    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.abs_depth = 0  # how many |...| bars are open (a '|' then closes one)

    # ---- token access

    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def advance(self) -> Token:
        tok = self.peek()
        self.pos = min(self.pos + 1, len(self.tokens) - 1)
        return tok

    def previous(self) -> Token:
        return self.tokens[self.pos - 1]

    def at(self, *texts: str) -> bool:
        tok = self.peek()
        return tok.kind in ("OP", "KW") and tok.text in texts

    def raw(self, tok: Token) -> str:
        return self.text[tok.start:tok.end] if tok.kind != "END" else "end of input"

    def fail(self, reason: str, tok: Token) -> NoReturn:
        raise _error(self.text, tok.column, reason)

    def span(self, start: int) -> str:
        """The source text from offset ``start`` to the last consumed token."""
        piece = self.text[start:self.previous().end].strip()
        return piece if len(piece) <= 30 else piece[:30] + "…"

    def unexpected(self, tok: Token) -> NoReturn:
        if tok.kind == "END":
            self.fail("unexpected end of input", tok)
        self.fail(_STRAY.get(tok.text, f"unexpected '{self.raw(tok)}'"), tok)

    def expect_close(self, closer: str, opener: Token) -> Token:
        """Consume ``closer`` or fail with "missing ')'"."""
        tok = self.peek()
        if tok.kind == "OP" and tok.text == closer:
            return self.advance()
        if tok.kind == "END":
            self.fail(f"missing '{closer}'", tok)
        hint = " (tuples are not allowed)" if tok.text == "," and closer == ")" else ""
        self.fail(f"expected '{closer}' to close the '{self.raw(opener)}' at column "
                  f"{opener.column}, found '{self.raw(tok)}'{hint}", tok)

    def finish(self) -> None:
        """Everything must be consumed."""
        if self.peek().kind != "END":
            self.unexpected(self.peek())

    @contextmanager
    def nested(self, tok: Token, *, inside_brackets: bool = False) -> Iterator[None]:
        """One more level of nesting; brackets also reset the open ``|`` bars."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(_DEPTH_MESSAGE, tok)
        saved = self.abs_depth
        if inside_brackets:
            self.abs_depth = 0
        yield
        self.abs_depth = saved
        self.depth -= 1

    # ---- building SymPy objects

    def build(self, fn: Callable[..., Any], args: tuple, start: int, tok: Token) -> Any:
        """``fn(*args)``, with SymPy's complaints and oversized numbers as ParseErrors."""
        try:
            node = fn(*args)
        except ParseError:
            raise
        except ValueError as exc:
            if "integer string conversion" in str(exc):
                self.fail(f"{self.span(start)} is too large to compute", tok)
            self.fail(f"{self.span(start)} cannot be built: {_first_line(exc)}", tok)
        except (TypeError, ArithmeticError, NotImplementedError, AttributeError) as exc:
            self.fail(f"{self.span(start)} cannot be built: {_first_line(exc)}", tok)
        for number in _numbers_near_top(node):
            why = _number_too_large(number)
            if why:
                self.fail(f"{self.span(start)} {why}", tok)
        return node

    def need_expr(self, node: Any, tok: Token, role: str = "arithmetic") -> sp.Expr:
        if not _is_expr(node):
            self.fail(f"a comparison or condition cannot be used in {role} "
                      f"(write: value if condition else other)", tok)
        return node

    def need_condition(self, node: Any, tok: Token) -> Any:
        if not _is_condition(node):
            self.fail(f"'{tok.text}' needs a condition such as x > 0", tok)
        return node

    # ---- the Pratt loop

    def expression(self, min_bp: int = 0) -> Any:
        """Read operators binding tighter than ``min_bp``; the heart of the parser."""
        first = self.advance()
        left = self.prefix(first)
        while True:
            tok = self.peek()
            bp, handler = self.infix_rule(tok)
            if bp <= min_bp:
                return left
            left = handler(self, left, first.start)

    def prefix(self, tok: Token) -> Any:
        """Something that starts an operand: number, name, '(', '-', '|', '√', 'not'."""
        if tok.kind == "NUM":
            return _number(tok.text)
        if tok.kind == "NAME":
            return self.name(tok)
        rule = self._PREFIX.get(tok.text) if tok.kind in ("OP", "KW") else None
        if rule is not None:
            return rule(self, tok)
        self.missing_operand(tok)

    def missing_operand(self, tok: Token) -> NoReturn:
        """Fail where an operand was expected but ``tok`` came."""
        if tok.kind == "SUP":
            self.fail(f"the power '{self.raw(tok)}' has nothing to raise", tok)
        if tok.kind != "END" and tok.text in _STRAY and tok.text not in (")", "]", "}", ","):
            self.unexpected(tok)
        if tok.index == 0:
            self.unexpected(tok)
        before = self.raw(self.tokens[tok.index - 1])
        found = "" if tok.kind == "END" else f", found '{self.raw(tok)}'"
        self.fail(f"expected a value after '{before}'{found}", tok)

    def infix_rule(self, tok: Token) -> tuple[int, Callable[..., Any] | None]:
        """The binding power and handler of ``tok`` after an operand (0: it ends it)."""
        if tok.kind == "SUP":
            return _POSTFIX, _Parser.superscript
        if tok.kind in ("OP", "KW"):
            rule = self._INFIX.get(tok.text)
            if rule is not None:
                return rule
            if tok.text == "|" and self.abs_depth:
                return 0, None  # closes an open |...|
        if tok.kind in ("NAME", "NUM") or (tok.kind == "OP" and tok.text in ("(", "√", "|")):
            return _MUL, _Parser.product  # implicit multiplication
        return 0, None

    # ---- infix handlers: (left, start offset of left) -> node

    def addition(self, left: Any, start: int) -> Any:
        """a + b - c: collected into one Add (quadratic re-sorting is avoided)."""
        terms = [self.need_expr(left, self.peek())]
        while self.at("+", "-"):
            op = self.advance()
            term = self.need_expr(self.expression(_ADD), op)
            terms.append(term if op.text == "+" else self.build(sp.Mul, (-1, term), start, op))
        return self.build(sp.Add, tuple(terms), start, self.previous())

    def product(self, left: Any, start: int) -> Any:
        """a * b / c, and implicit products 2x, x y, (x+1)(x-1), 2 sin(x), 2|x|."""
        coeff, rest = self.need_expr(left, self.peek()).as_coeff_Mul()
        factors = [rest]
        while True:
            tok = self.peek()
            if self.at("*", "/"):
                self.advance()
            elif self.infix_rule(tok)[1] is not _Parser.product:
                break
            elif tok.kind == "NUM":
                self.fail(f"missing operator between '{self.raw(self.previous())}' and "
                          f"'{tok.text}'", tok)
            factor = self.need_expr(self.expression(_MUL), tok)
            if tok.text == "/":
                factor = self.build(sp.Pow, (factor, -1), start, tok)
            c, r = factor.as_coeff_Mul()
            coeff = self.build(sp.Mul, (coeff, c), start, tok)
            factors.append(r)
        return self.build(sp.Mul, (coeff, *factors), start, self.previous())

    def power(self, left: Any, start: int) -> Any:
        """a^b and a**b: right-associative, the exponent may start with '-'."""
        op = self.advance()
        with self.nested(op):
            exponent = self.expression(_POW - 1)
        return self.make_power(left, exponent, start, op)

    def superscript(self, left: Any, start: int) -> Any:
        """x², x⁻¹."""
        tok = self.advance()
        return self.make_power(left, sp.Integer(tok.text), start, tok)

    def factorial(self, left: Any, start: int) -> Any:
        """n!"""
        tok = self.advance()
        self.need_expr(left, tok)
        self.check_factorial_args("factorial", (left,), start, tok)
        return self.build(sp.factorial, (left,), start, tok)

    def comparison(self, left: Any, start: int) -> Any:
        """a < b, a == b, and chains 0 < x <= 1 (read as 0 < x and x <= 1)."""
        relations = []
        while self.peek().kind == "OP" and self.peek().text in _COMPARISONS:
            op = self.advance()
            right = self.need_expr(self.expression(_CMP), op, "a comparison")
            relation = _COMPARISONS[op.text]
            relations.append(self.build(relation, (self.need_expr(left, op, "a comparison"),
                                                   right), start, op))
            left = right
        if len(relations) == 1:
            return relations[0]
        return self.build(sp.And, tuple(relations), start, self.previous())

    def logical(self, left: Any, start: int) -> Any:
        """c1 and c2, c1 or c2."""
        op = self.advance()
        bp = _AND if op.text == "and" else _OR
        right = self.need_condition(self.expression(bp), op)
        combine = sp.And if op.text == "and" else sp.Or
        return self.build(combine, (self.need_condition(left, op), right), start, op)

    def conditional(self, left: Any, start: int) -> Any:
        """v if c else w  ->  Piecewise((v, c), (w, True)); chains flatten."""
        op = self.advance()
        value = self.need_expr(left, op, "a conditional's value")
        condition = self.need_condition(self.expression(_COND), op)
        if not self.at("else"):
            tok = self.peek()
            where = "end of input" if tok.kind == "END" else f"'{self.raw(tok)}'"
            self.fail(f"expected 'else' after the condition, found {where} "
                      f"(write: value if condition else other)", tok)
        other_tok = self.advance()
        with self.nested(other_tok):
            other = self.need_expr(self.expression(_COND - 1), other_tok, "a conditional's value")
        rest = [tuple(pair) for pair in other.args] if isinstance(other, sp.Piecewise) \
            else [(other, True)]
        return self.build(sp.Piecewise, ((value, condition), *rest), start, op)

    _INFIX = {
        "+": (_ADD, addition), "-": (_ADD, addition), "*": (_MUL, product), "/": (_MUL, product),
        "^": (_POW, power), "**": (_POW, power), "!": (_POSTFIX, factorial),
        **dict.fromkeys(_COMPARISONS, (_CMP, comparison)),
        "and": (_AND, logical), "or": (_OR, logical), "if": (_COND, conditional),
    }

    # ---- prefix handlers: (token) -> node

    def group(self, tok: Token) -> Any:
        """( expression )"""
        with self.nested(tok, inside_brackets=True):
            if self.at(")"):
                self.fail("empty parentheses ()", self.peek())
            inner = self.expression()
            self.expect_close(")", tok)
        return inner

    def sign(self, tok: Token) -> Any:
        """-x, +x: binds looser than powers, so -x^2 = -(x^2)."""
        with self.nested(tok):
            operand = self.need_expr(self.expression(_UNARY_BP), tok)
        if tok.text == "+":
            return operand
        return self.build(sp.Mul, (-1, operand), tok.start, tok)

    def root_sign(self, tok: Token) -> Any:
        """√x, √(x+1): binds like unary minus."""
        with self.nested(tok):
            operand = self.need_expr(self.expression(_UNARY_BP), tok)
        return self.build(sp.sqrt, (operand,), tok.start, tok)

    def absolute(self, tok: Token) -> Any:
        """|x|, nested |x - |y||."""
        with self.nested(tok):
            self.abs_depth += 1
            inner = self.need_expr(self.expression(), tok)
            self.expect_close("|", tok)
        return self.build(sp.Abs, (inner,), tok.start, tok)

    def negation(self, tok: Token) -> Any:
        """not c"""
        with self.nested(tok):
            operand = self.need_condition(self.expression(_NOT - 1), tok)
        return self.build(sp.Not, (operand,), tok.start, tok)

    _PREFIX = {"(": group, "-": sign, "+": sign, "√": root_sign, "|": absolute,
               "not": negation}

    # ---- names and function calls

    def name(self, tok: Token) -> Any:
        """A constant, a function call, or a symbol."""
        name = tok.text
        if name == "lambda" and self.at(":"):
            self.fail("lambda expressions are not allowed", tok)
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in KNOWN_FUNCTIONS:
            if self.looks_like_call() or (name not in _GREEK_NAMES and self.may_be_call()):
                return self.call(tok)
            if name in _GREEK_NAMES:
                return sp.Symbol(name)  # gamma, beta: symbols unless called
            self.fail(f"write {name}(...) with parentheses", tok)
        if len(self.raw(tok)) > 1 and self.at("("):  # x(x+1) and θ(x+1) multiply
            self.fail(_unknown_function(name), tok)
        return sp.Symbol(name)

    def may_be_call(self) -> bool:
        """A function name followed by '(', '^', '**' or a superscript."""
        return self.at("(", "^", "**") or self.peek().kind == "SUP"

    def looks_like_call(self) -> bool:
        """Exactly f(, f²(, f^2( or f^-1( follows."""
        ahead = [self.peek(k) for k in range(4)]
        texts = [t.text if t.kind in ("OP", "NUM", "SUP") else t.kind for t in ahead]
        if texts[0] == "(":
            return True
        if ahead[0].kind == "SUP":
            return texts[1] == "("
        if texts[0] in ("^", "**"):
            rest = texts[2:] if texts[1] != "-" else texts[3:] + [""]
            number = ahead[2] if texts[1] == "-" else ahead[1]
            return number.kind == "NUM" and number.text.isdigit() and rest[0] == "("
        return False

    def function_power(self, tok: Token) -> int | None:
        """The n in sin^n(x) or sin²(x), or None when there is none."""
        nxt = self.peek()
        if nxt.kind == "SUP":
            self.advance()
            return int(nxt.text)
        if not self.at("^", "**"):
            return None
        self.advance()
        negative = self.at("-")
        if negative:
            self.advance()
        number = self.advance()
        if number.kind != "NUM" or not number.text.isdigit() or not self.at("("):
            self.fail(f"write {tok.text}(...)^n for a power of {tok.text}", tok)
        return -int(number.text) if negative else int(number.text)

    def call(self, tok: Token) -> Any:
        """f(a, b), with sin^2(x) = sin(x)^2 and sin^-1(x) = asin(x)."""
        name = _canonical(tok.text)
        power = self.function_power(tok)
        if power is not None and power < 0:
            if power != -1 or name not in _INVERSE:
                self.fail(f"{tok.text}^{power}(...) is ambiguous; write 1/{tok.text}(...)"
                          f"^{-power}", tok)
            name, power = _INVERSE[name], None
        if not self.at("("):
            self.fail(f"write {tok.text}(...) with parentheses", tok)
        args = self.arguments(self.advance())
        fewest, most = _ARITY[name]
        if len(args) < fewest or (most is not None and len(args) > most):
            self.fail(f"{_arity_text(tok.text, fewest, most)}, got {len(args)}", tok)
        self.check_factorial_args(name, args, tok.start, tok)
        node = self.build(KNOWN_FUNCTIONS[name], tuple(args), tok.start, tok)
        if power is not None:
            node = self.make_power(node, sp.Integer(power), tok.start, tok)
        return node

    def arguments(self, opener: Token) -> list[sp.Expr]:
        """( a, b, ... ) after a function name."""
        args: list[sp.Expr] = []
        with self.nested(opener, inside_brackets=True):
            if self.at(")"):
                self.advance()
                return args
            while True:
                args.append(self.need_expr(self.expression(), opener, "a function argument"))
                if not self.at(","):
                    break
                self.advance()
            self.expect_close(")", opener)
        return args

    # ---- guards

    def make_power(self, base: Any, exponent: Any, start: int, tok: Token) -> Any:
        """base**exponent, refused when the result would be enormous."""
        self.need_expr(base, tok)
        self.need_expr(exponent, tok)
        log2_bits = _power_log2_bits(base, exponent)
        if log2_bits > math.log2(_MAX_NUMBER_BITS):
            self.fail(f"{self.span(start)} is too large to compute "
                      f"(about {_about(_log10_digits(log2_bits))} digits)", tok)
        if exponent.is_Integer and not base.is_Number and abs(exponent) > MAX_SYMBOLIC_EXPONENT:
            self.fail(f"the exponent in {self.span(start)} is too large "
                      f"(the limit is {MAX_SYMBOLIC_EXPONENT:,})", tok)
        return self.build(sp.Pow, (base, exponent), start, tok)

    def check_factorial_args(self, name: str, args: tuple | list, start: int, tok: Token) -> None:
        """factorial, gamma and binomial of numbers above 10 000 are refused."""
        if name not in ("factorial", "gamma", "binomial"):
            return
        for arg in args:
            if arg.is_Number and arg.is_finite and abs(arg) > MAX_FACTORIAL_ARGUMENT:
                self.fail(f"{self.span(start)} is too large to compute (the limit for "
                          f"{name} is {MAX_FACTORIAL_ARGUMENT:,})", tok)

    # ---- whole values: scalars, lists, matrices, tables

    def scalar(self) -> sp.Expr:
        """One expression, not a comparison."""
        tok = self.peek()
        node = self.expression()
        if not _is_expr(node):
            self.fail("expected an expression, got a comparison", tok)
        return node

    def value(self) -> Any:
        """An expression, a list [a, b], a matrix [[a, b], [c, d]] or a table {k: v}."""
        if self.at("["):
            return self.bracketed()
        if self.at("{"):
            return self.table()
        return self.scalar()

    def bracketed(self) -> list | sp.Matrix:
        """[a, b] -> list; [[a, b], [c, d]] -> Matrix."""
        opener = self.advance()
        with self.nested(opener, inside_brackets=True):
            if self.at("]"):
                self.fail("empty list []", self.peek())
            items = []  # (token, value, is_row)
            while True:
                tok = self.peek()
                items.append((tok, *((self.row(), True) if self.at("[") else (self.scalar(), False))))
                if not self.at(","):
                    break
                self.advance()
            self.expect_close("]", opener)
        rows = [is_row for _, _, is_row in items]
        if not any(rows):
            return [item for _, item, _ in items]
        if not all(rows):
            tok = next(t for t, _, is_row in items if is_row != rows[0])
            self.fail("a list mixes numbers and rows; write a matrix as [[1, 2], [3, 4]]", tok)
        width = len(items[0][1])
        for number, (tok, row, _) in enumerate(items[1:], start=2):
            if len(row) != width:
                self.fail(f"row {number} has {len(row)} entries, row 1 has {width}", tok)
        return sp.Matrix([row for _, row, _ in items])

    def row(self) -> list[sp.Expr]:
        """[a, b, c] inside a matrix."""
        opener = self.advance()
        entries = []
        with self.nested(opener, inside_brackets=True):
            if self.at("]"):
                self.fail("empty row []", self.peek())
            while True:
                if self.at("["):
                    self.fail("a matrix has two levels of brackets at most", self.peek())
                entries.append(self.scalar())
                if not self.at(","):
                    break
                self.advance()
            self.expect_close("]", opener)
        return entries

    def table(self) -> dict:
        """{value: probability, ...}"""
        opener = self.advance()
        table: dict = {}
        with self.nested(opener, inside_brackets=True):
            if self.at("}"):
                self.fail("empty table {}", self.peek())
            while True:
                key_tok = self.peek()
                key = self.scalar()
                if not self.at(":"):
                    self.fail("expected ':' after the value (tables look like "
                              "{1: 0.5, 2: 0.5})", self.peek())
                self.advance()
                if key in table:
                    self.fail(f"the value {key} appears twice", key_tok)
                table[key] = self.scalar()
                if not self.at(","):
                    break
                self.advance()
            self.expect_close("}", opener)
        return table

    # ---- comma-separated forms

    def variable(self) -> sp.Symbol:
        """A name that can be a variable: not a constant, not a function."""
        tok = self.advance()
        if tok.kind != "NAME":
            found = "nothing" if tok.kind == "END" else f"'{self.raw(tok)}'"
            self.fail(f"expected a variable name, found {found}", tok)
        if tok.text in _CONSTANTS:
            self.fail(f"'{tok.text}' is a constant, not a variable name", tok)
        if tok.text in KNOWN_FUNCTIONS and tok.text not in _GREEK_NAMES:
            self.fail(f"'{tok.text}' is a function, not a variable name", tok)
        return sp.Symbol(tok.text)

    def comma_separated(self, item: Callable[[], Any]) -> list[tuple[Token, Any]]:
        """item, item, ... (at least one), with each item's first token."""
        items = []
        while True:
            tok = self.peek()
            items.append((tok, item()))
            if not self.at(","):
                return items
            self.advance()

    def assignment(self) -> tuple[sp.Symbol, sp.Expr]:
        """x = value"""
        symbol = self.variable()
        if not self.at("="):
            tok = self.peek()
            if tok.kind == "END" or tok.text == ",":
                self.fail(f"expected '=' after '{symbol}' (write x=1, y=2)", tok)
            self.fail(f"expected '=' after '{symbol}', found '{self.raw(tok)}' "
                      f"(write x=1, y=2)", tok)
        self.advance()
        return symbol, self.scalar()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:80] if text else type(exc).__name__


def _number(literal: str) -> sp.Number:
    """``12`` -> Integer, ``0.7``/``1e-3`` -> Float keeping the written digits."""
    if literal.isdigit():
        return sp.Integer(int(literal))
    return sp.Float(literal)


# ----------------------------------------------------------------------- public API


def _run(text: str, rule: Callable[[_Parser], Any]) -> Any:
    """Check the length, tokenize, apply ``rule``, and insist on the end of input."""
    if not isinstance(text, str):
        raise ParseError(f"cannot parse {type(text).__name__}: expected text")
    if len(text) > MAX_INPUT_LENGTH:
        raise _error(text, MAX_INPUT_LENGTH + 1,
                     f"input is {len(text)} characters long; the limit is {MAX_INPUT_LENGTH}")
    if not text.strip():
        raise _error(text, 1, "empty input")
    parser = _Parser(text, tokenize(text))
    with _stack_headroom():
        try:
            result = rule(parser)
            parser.finish()
        except RecursionError:  # a last resort: the depth counter normally fires first
            raise _error(text, 1, _DEPTH_MESSAGE) from None
    return result


@contextmanager
def _stack_headroom() -> Iterator[None]:
    """Room on the Python stack for MAX_DEPTH levels of the deepest grammar rule.

    One level of nesting costs up to ~20 frames when every precedence level is used
    (``(a if b < c + d * (...``), more than Python's default limit allows at 100 levels.
    """
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(old + _FRAMES_PER_LEVEL * MAX_DEPTH)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _kind(value: Any) -> str:
    if isinstance(value, sp.MatrixBase):
        return "a matrix"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table {value: probability}"
    if isinstance(value, sp.Expr):
        return "an expression"
    return "a comparison"


def _expect(text: str, value: Any, wanted: type | tuple, what: str, hint: str = "") -> Any:
    if not isinstance(value, wanted):
        raise _error(text, 1, f"expected {what}, got {_kind(value)}{hint}")
    return value


def parse_expr(text: str) -> sp.Expr:
    """One scalar expression: ``"2x^2 + sin(x)"``, ``"300 if X <= 2 else -200"``."""
    return _expect(text, _run(text, _Parser.value), sp.Expr, "an expression")


def parse_value(text: str) -> sp.Expr | list | sp.Matrix | dict:
    """An expression, a list ``[a, b]``, a matrix ``[[1, 2], [3, 4]]`` or a table ``{1: 1/3}``."""
    return _run(text, _Parser.value)


def parse_matrix(text: str) -> sp.Matrix:
    """A matrix ``[[1, 2], [3, 4]]`` (a single row is ``[[1, 2, 3]]``)."""
    value = _run(text, _Parser.value)
    hint = " (write [[1, 2, 3]] for a one-row matrix)" if isinstance(value, list) else ""
    return _expect(text, value, sp.MatrixBase, "a matrix like [[1, 2], [3, 4]]", hint)


def parse_vector(text: str) -> list[sp.Expr]:
    """A flat list of expressions ``[f1, f2]``."""
    return _expect(text, _run(text, _Parser.value), list, "a list like [f1, f2]")


def parse_table(text: str) -> dict:
    """A table ``{value: probability, ...}`` -> ``{Expr: Expr}``."""
    return _expect(text, _run(text, _Parser.value), dict, "a table like {0: 1/2, 1: 1/2}")


def parse_expr_list(text: str) -> list[sp.Expr]:
    """Comma-separated expressions ``"0, 1"``, ``"-pi, pi"`` (``[0, 1]`` is accepted too)."""
    def rule(parser: _Parser) -> list[sp.Expr]:
        if parser.at("["):
            return _expect(text, parser.bracketed(), list, "values like 0, 1")
        return [value for _, value in parser.comma_separated(parser.scalar)]
    return _run(text, rule)


def parse_symbols(text: str) -> list[sp.Symbol]:
    """Variable names ``"x, y, z"`` -> ``[Symbol('x'), ...]``."""
    def rule(parser: _Parser) -> list[sp.Symbol]:
        seen: list[sp.Symbol] = []
        for tok, symbol in parser.comma_separated(parser.variable):
            if symbol in seen:
                parser.fail(f"'{symbol}' is listed twice", tok)
            seen.append(symbol)
        return seen
    return _run(text, rule)


def parse_assignments(text: str) -> dict[sp.Symbol, sp.Expr]:
    """``"x=1, y=pi/2"`` -> ``{x: 1, y: pi/2}``."""
    def rule(parser: _Parser) -> dict[sp.Symbol, sp.Expr]:
        values: dict[sp.Symbol, sp.Expr] = {}
        for tok, (symbol, value) in parser.comma_separated(parser.assignment):
            if symbol in values:
                parser.fail(f"'{symbol}' is given twice", tok)
            values[symbol] = value
        return values
    return _run(text, rule)
