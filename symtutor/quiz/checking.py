"""Is the learner's answer right?  Read it like the CLI does, then compare it properly.

The learner types the same friendly syntax as the command line (``2x cos(x^2)``,
``e^x``, ``[[1, 2], [3, 4]]``, ``{1, 3}``, ``oo``, ``DNE``).  Comparison uses
``symtutor.verify.equivalent`` (exact simplification, then seeded numeric sampling at
real points where the problem's function is defined), so ``sqrt(x^2)`` and ``|x|`` are
the same answer and ``log(x) + log(y)`` is accepted for ``log(x y)`` on the domain
where both are defined.  The shape of the answer decides the comparison:

* an indefinite integral is right up to an additive constant (compared by
  differentiating); a missing ``+ C`` is accepted but mentioned;
* matrices and vectors entry by entry (a column vector may be typed as a list);
* tuples in order; sets of eigenvalues or critical points in any order (a
  repeated eigenvalue may be listed once or as often as its multiplicity);
* ``oo``/``-oo`` only equal themselves; ``DNE`` matches a limit that does not exist.

An answer that cannot be read gets the parser's message and another try.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symtutor.errors import SymtutorError

CORRECT, WRONG, UNREADABLE = "correct", "wrong", "unreadable"
MAX_ANSWER_LENGTH = 2000
CONSTANT_NAMES = ("C", "c", "K", "C1", "C_1")
_DNE_WORDS = {"dne", "does not exist", "doesnt exist", "doesn't exist", "no limit", "undefined",
              "does not converge", "diverges"}
_EQUATION_PREFIX = re.compile(r"^\s*[A-Za-z][A-Za-z0-9_']*\s*(\([^()=]*\))?\s*'*\s*=(?!=)")
# commands whose list answers are sets (order does not matter)
UNORDERED_COMMANDS = {"eigen", "critical", "svd"}


class DoesNotExist:
    """The answer 'does not exist' (a limit that fails to exist), as typed or as computed."""

    def __eq__(self, other):
        return isinstance(other, DoesNotExist)

    def __hash__(self):
        return hash("DNE")

    def __repr__(self):
        return "DNE"


DNE = DoesNotExist()


@dataclass
class Judgement:
    """The verdict on one answer: ``status`` is correct, wrong or unreadable."""

    status: str
    value: Any = None
    message: str = ""
    notes: list[str] = field(default_factory=list)
    mistake: Any = None  # a diagnosis.Mistake when a known mistake explains a wrong answer

    @property
    def correct(self) -> bool:
        return self.status == CORRECT


# --- reading ------------------------------------------------------------------------------


def read_answer(text: str) -> Any:
    """The learner's text as a value (raises ParseError with the parser's message)."""
    from symtutor.errors import ParseError
    from symtutor.parsing import parse_value

    cleaned = text.strip()
    if len(cleaned) > MAX_ANSWER_LENGTH:
        raise ParseError(f"the answer is longer than {MAX_ANSWER_LENGTH} characters")
    if _is_dne(cleaned):
        return DNE
    cleaned = _drop_equation_prefix(cleaned)
    if _wrapped(cleaned, "{", "}") and ":" not in cleaned:
        inner = cleaned[1:-1].strip()
        return frozenset_like(_items(inner) if inner else [])
    if _wrapped(cleaned, "(", ")") and _top_level_comma(cleaned[1:-1]):
        return sp.Tuple(*_items(cleaned[1:-1]))
    if _top_level_comma(cleaned):  # 1, 3   or   (1, 0), (-1, 0)
        return _items(cleaned)
    return parse_value(cleaned)


def _items(text: str) -> list:
    """A comma-separated list whose items may be tuples ``(1, 0)``."""
    out = []
    for part in _split_top_level(text):
        if _wrapped(part, "(", ")") and _top_level_comma(part[1:-1]):
            out.append(sp.Tuple(*_items(part[1:-1])))
        else:
            from symtutor.parsing import parse_value

            out.append(parse_value(part))
    return out


def _split_top_level(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    if any(not p for p in parts):
        from symtutor.errors import ParseError

        raise ParseError(f"an empty item in the list {text!r}")
    return parts


def _wrapped(text: str, opening: str, closing: str) -> bool:
    """True when ``text`` is one bracketed group: its first ``opening`` closes at the very end."""
    if not (text.startswith(opening) and text.endswith(closing)):
        return False
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0


def _is_dne(text: str) -> bool:
    return re.sub(r"\s+", " ", text.lower().strip(" .!")) in _DNE_WORDS


def _drop_equation_prefix(text: str) -> str:
    """``f'(x) = 2x`` or ``y = 2x`` -> ``2x`` (the learner wrote the left side out)."""
    match = _EQUATION_PREFIX.match(text)
    return text[match.end():] if match else text


def _top_level_comma(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            return True
    return False


@dataclass(frozen=True)
class Multiset:
    """An unordered answer (a set typed with braces, or eigenvalues)."""

    items: tuple


def frozenset_like(items) -> Multiset:
    return Multiset(tuple(_tupled(i) for i in items))


def _tupled(item):
    if isinstance(item, (list, tuple)):
        return sp.Tuple(*[_tupled(i) for i in item])
    return item


# --- the reference answer's shape ------------------------------------------------------------


def is_antiderivative(derivation) -> bool:
    """An indefinite integral: right up to a constant."""
    st = getattr(derivation, "statement", None)
    return isinstance(st, sp.Integral) and all(len(lim) == 1 for lim in st.limits)


def integration_variable(derivation) -> sp.Symbol | None:
    st = derivation.statement
    return st.limits[0][0] if isinstance(st, sp.Integral) else derivation.problem.get("var")


def reference_value(derivation) -> Any:
    """The engine's answer in the shape a learner gives it ('does not exist' made explicit).

    Some commands answer with more than the quiz asks for: ``critical`` classifies each
    point, ``eigen`` gives eigenvectors, ``svd`` the three factors; the quiz asks for the
    points, the eigenvalues and the singular values (see ``ANSWER_VIEWS``).
    """
    answer = derivation.answer
    view = ANSWER_VIEWS.get(getattr(derivation, "task", ""))
    if view is not None:
        viewed = view(derivation)
        if viewed is not None:
            return viewed
    if isinstance(answer, str) and _is_dne(answer):
        return DNE
    if answer is sp.nan or isinstance(answer, sp.AccumBounds):
        return DNE
    if isinstance(answer, dict) and answer and all(isinstance(v, (int, sp.Integer)) for v in answer.values()):
        # eigenvalues with multiplicities {lambda: m}
        return Multiset(tuple(k for k, m in answer.items() for _ in range(int(m))))
    if isinstance(answer, (set, frozenset, sp.FiniteSet)):
        return Multiset(tuple(_tupled(i) for i in answer))
    return _standard_functions(answer)


def _standard_functions(value):
    """Engine-specific display functions (log with a base, say) rewritten as SymPy's own via ``doit``,
    so that numeric comparison sees ordinary functions."""
    if not isinstance(value, sp.Basic) or isinstance(value, sp.MatrixBase):
        return value
    custom = [f for f in value.atoms(sp.Function) if not type(f).__module__.startswith(("sympy", "symtutor.functions"))]
    return value.doit() if custom else value


def _critical_points(derivation):
    answer = derivation.answer
    if isinstance(answer, dict):
        return Multiset(tuple(_tupled(k) for k in answer))
    return None


def _eigenvalues(derivation):
    """Eigenvalues with algebraic multiplicity (from the characteristic polynomial when given)."""
    answer = derivation.answer
    if not isinstance(answer, dict) or not answer:
        return None
    if all(isinstance(v, (int, sp.Integer)) for v in answer.values()):
        return Multiset(tuple(k for k, m in answer.items() for _ in range(int(m))))
    values = list(answer)
    poly = derivation.problem.get("characteristic_polynomial") if isinstance(derivation.problem, dict) else None
    if isinstance(poly, sp.Expr) and len(poly.free_symbols) == 1:
        try:
            roots = sp.roots(sp.Poly(poly, *poly.free_symbols))
        except (sp.PolynomialError, NotImplementedError):
            roots = {}
        if len(roots) == len(values) and sum(roots.values()) == sp.degree(poly, *poly.free_symbols):
            return Multiset(tuple(k for k, m in roots.items() for _ in range(int(m))))
    return Multiset(tuple(values))


def _singular_values(derivation):
    answer = derivation.answer
    if isinstance(answer, (tuple, sp.Tuple)) and len(answer) == 3 and isinstance(answer[1], sp.MatrixBase):
        sigma = answer[1]
        return Multiset(tuple(sigma[i, i] for i in range(min(sigma.shape)) if sigma[i, i] != 0))
    return None


ANSWER_VIEWS = {"critical": _critical_points, "eigen": _eigenvalues, "svd": _singular_values}


def problem_domain(derivation) -> list:
    """Expressions that must be real at a sample point (the function the problem is about)."""
    st = derivation.statement
    inner = None
    if isinstance(st, (sp.Derivative, sp.Integral, sp.Limit)):
        inner = st.args[0]
    elif isinstance(st, sp.Subs) and isinstance(st.expr, sp.Derivative):
        inner = st.expr.expr
    if inner is None:
        expr = derivation.problem.get("expr") if isinstance(derivation.problem, dict) else None
        inner = expr if isinstance(expr, sp.Expr) else None
    return [inner] if isinstance(inner, sp.Expr) and inner.free_symbols else []


# --- comparing -------------------------------------------------------------------------------


def judge(text: str, derivation, command: str = "", *, diagnose: bool = True, seed: int = 0) -> Judgement:
    """The verdict on the learner's ``text`` for the problem solved by ``derivation``."""
    try:
        value = read_answer(text)
    except SymtutorError as exc:
        return Judgement(UNREADABLE, message=exc.message)
    except (RecursionError, MemoryError):
        return Judgement(UNREADABLE, message="the answer is too deeply nested to read")
    reference = reference_value(derivation)
    notes: list[str] = []
    if is_antiderivative(derivation):
        ok = _antiderivative_matches(value, reference, derivation, notes, seed)
    else:
        ok = same_answer(value, reference, command=command, domain=problem_domain(derivation), seed=seed)
        if not ok:
            ok = _decimal_matches(text, value, reference, notes)
        _note_strange_symbols(value, reference, derivation, notes)
    if ok:
        return Judgement(CORRECT, value=value, notes=notes)
    judgement = Judgement(WRONG, value=value, notes=notes)
    if diagnose:
        from symtutor.quiz.diagnosis import diagnose as find_mistake

        judgement.mistake = find_mistake(value, derivation, command, seed=seed)
    return judgement


def same_answer(value: Any, reference: Any, *, command: str = "", domain=(), seed: int = 0) -> bool:
    """True when ``value`` and ``reference`` are the same answer (shape-aware)."""
    from symtutor.verify import equivalent

    if reference is DNE or value is DNE:
        return reference is DNE and value is DNE
    if isinstance(reference, Multiset) or (command in UNORDERED_COMMANDS and _is_sequence(reference)):
        return _multiset_matches(value, reference, domain, seed)
    if isinstance(value, Multiset):
        return False
    if isinstance(reference, sp.MatrixBase) or isinstance(value, sp.MatrixBase) or \
            _is_sequence(reference) or _is_sequence(value):
        return _sequence_matches(value, reference, domain, seed)
    if isinstance(value, sp.Equality):
        value = value.rhs
    if isinstance(reference, dict) or isinstance(value, dict):
        return isinstance(value, dict) and isinstance(reference, dict) and value.keys() == reference.keys() and \
            all(same_answer(value[k], reference[k], domain=domain, seed=seed) for k in reference)
    if not (isinstance(value, sp.Basic) or isinstance(value, (int, float))):
        return False
    try:
        return equivalent(value, reference, seed=seed, domain=domain)
    except (TypeError, ValueError, AttributeError, NotImplementedError):
        return False


def _is_sequence(value) -> bool:
    return isinstance(value, (list, tuple, sp.Tuple))


def _flat(value) -> tuple[tuple[int, ...], list] | None:
    """(shape, entries) of a matrix, vector or tuple; vectors are (n,) whatever their orientation."""
    if isinstance(value, sp.MatrixBase):
        if 1 in value.shape:
            return (len(value),), list(value)
        return value.shape, list(value)
    if _is_sequence(value):
        items = list(value)
        if items and all(_is_sequence(r) or isinstance(r, sp.MatrixBase) for r in items):
            rows = [list(r) for r in items]
            if len({len(r) for r in rows}) == 1 and all(not _is_sequence(e) for r in rows for e in r):
                return (len(rows), len(rows[0])), [e for r in rows for e in r]
        return (len(items),), items
    return None


def _sequence_matches(value, reference, domain, seed) -> bool:
    a, b = _flat(value), _flat(reference)
    if a is None or b is None or a[0] != b[0]:
        return False
    return all(same_answer(p, q, domain=domain, seed=seed) for p, q in zip(a[1], b[1]))


def _multiset_matches(value, reference, domain, seed) -> bool:
    """Same elements in any order; a repeated reference element may be given once."""
    expected = list(reference.items) if isinstance(reference, Multiset) else list(reference)
    if isinstance(value, Multiset):
        given = list(value.items)
    elif isinstance(value, sp.Tuple) and expected and all(isinstance(e, sp.Tuple) for e in expected):
        given = [value]  # one point
    elif _is_sequence(value):
        given = list(value)
    elif isinstance(value, sp.MatrixBase) and 1 in value.shape:
        given = list(value)
    else:
        given = [value]
    if _pairs_up(given, expected, domain, seed):
        return True
    distinct = []
    for e in expected:
        if not any(same_answer(e, d, domain=domain, seed=seed) for d in distinct):
            distinct.append(e)
    return len(distinct) < len(expected) and _pairs_up(given, distinct, domain, seed)


def _pairs_up(given: list, expected: list, domain, seed) -> bool:
    if len(given) != len(expected):
        return False
    left = list(expected)
    for g in given:
        match = next((i for i, e in enumerate(left) if same_answer(g, e, domain=domain, seed=seed)), None)
        if match is None:
            return False
        left.pop(match)
    return True


def without_constant(expr, derivation) -> tuple[Any, bool]:
    """``expr`` with its constant of integration (C, c, K, C1 absent from the integrand) set to 0,
    and whether there was one."""
    if not isinstance(expr, sp.Expr):
        return expr, False
    integrand = derivation.statement.args[0]
    x = integration_variable(derivation)
    taken = {s.name for s in integrand.free_symbols} | {x.name}
    constants = [s for s in expr.free_symbols if s.name in CONSTANT_NAMES and s.name not in taken]
    return (expr.subs({c: 0 for c in constants}), True) if constants else (expr, False)


def _antiderivative_matches(value, reference, derivation, notes: list[str], seed: int) -> bool:
    """Equal up to a constant: the derivatives agree.  Mentions a missing + C."""
    from symtutor.verify import equivalent

    if not isinstance(value, sp.Expr) or isinstance(value, sp.Equality):
        return False
    x = integration_variable(derivation)
    stripped, had_constant = without_constant(value, derivation)
    reference, _ = without_constant(reference, derivation)
    integrand = derivation.statement.args[0]
    domain = [integrand] if integrand.free_symbols else []
    try:
        ok = equivalent(sp.diff(stripped, sp.Symbol(x.name)), sp.diff(reference, x), seed=seed, domain=domain)
    except (TypeError, ValueError, AttributeError, NotImplementedError):
        return False
    if ok and not had_constant:
        notes.append("Remember the constant of integration: write + C at the end of an indefinite integral.")
    return ok


MIN_SIGNIFICANT_DIGITS = 3
_DECIMAL = re.compile(r"^\s*[-+]?(\d*)\.(\d+)\s*$|^\s*[-+]?(\d+)\s*$")


def _decimal_matches(text: str, value, reference, notes: list[str]) -> bool:
    """A decimal approximation of an exact number is right to the digits given (at least 3
    significant ones): 0.161 for 19/118.  The exact value is mentioned."""
    match = _DECIMAL.match(text)
    if not match or "." not in text or not isinstance(reference, sp.Expr) or reference.free_symbols:
        return False
    digits = ((match.group(1) or "") + match.group(2)).lstrip("0")
    try:
        exact = complex(reference.evalf(30))
        given = float(value)
    except (TypeError, ValueError):
        return False
    if exact.imag or not digits:
        return False
    if len(digits) < MIN_SIGNIFICANT_DIGITS:
        return False
    tolerance = 10.0 ** -len(match.group(2))  # one unit in the last place typed (rounded or cut off)
    if abs(given - exact.real) > tolerance * (1 + 1e-9):
        return False
    from symtutor.render.notation import unicode_math

    notes.append(f"Right to the digits you gave; the exact value is {unicode_math(reference)}.")
    return True


def _note_strange_symbols(value, reference, derivation, notes: list[str]) -> None:
    if not isinstance(value, sp.Basic) or not isinstance(reference, sp.Basic):
        return
    known = {s.name for s in reference.free_symbols}
    st = derivation.statement
    if isinstance(st, sp.Basic):
        known |= {s.name for s in st.free_symbols}
    extra = sorted(s.name for s in value.free_symbols if s.name not in known)
    if extra:
        notes.append(f"Your answer uses {', '.join(extra)}, which does not appear in the problem.")
