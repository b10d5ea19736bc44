"""Templated problems: parameter specs like ``randint(2, 9)`` and their substitution.

A problem may declare ``params: {a: "randint(2, 9)", n: "choice([2, 3, 4])"}`` and
write ``{a}`` and ``{n}`` in its prompt, task input, options, answer and hints.  The
specs are read by a tiny interpreter of our own over Python's ``ast`` (the text is
parsed, never evaluated): integer literals, ``randint(lo, hi)`` (inclusive),
``choice([...])`` of integers or plain words, the names of earlier parameters, and
``+ - *`` on integers.  Nothing else is accepted.
"""
from __future__ import annotations

import ast
import random
import re
from typing import Any, Mapping

MAX_SPEC_LENGTH = 200
MAX_MAGNITUDE = 10**6
_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class TemplateError(ValueError):
    """A parameter spec that the interpreter does not accept (message says why)."""


def check_spec(spec: str, earlier: set[str]) -> None:
    """Raise TemplateError unless ``spec`` is a valid parameter spec."""
    _interpret(_parse(spec), {name: 1 for name in earlier}, random.Random(0), dry=True)


def draw(params: Mapping[str, str], rng: random.Random) -> dict[str, Any]:
    """Values for every parameter, drawn in order with ``rng``."""
    values: dict[str, Any] = {}
    for name, spec in params.items():
        values[name] = _interpret(_parse(spec), values, rng, dry=False)
    return values


def rng_for(seed: int | str | None, problem_id: str) -> random.Random:
    """A generator for one problem's variant: reproducible for a given seed and id."""
    if seed is None:
        return random.Random()
    return random.Random(f"{seed}:{problem_id}")


def substitute(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with each ``{name}`` of a known parameter replaced by its value."""
    if not values:
        return text

    def put(match: re.Match) -> str:
        name = match.group(1)
        return show_value(values[name]) if name in values else match.group(0)

    return PLACEHOLDER.sub(put, text)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def show_value(value: Any) -> str:
    """How a value is written into mathematics: negative numbers in parentheses."""
    if isinstance(value, int) and value < 0:
        return f"({value})"
    return str(value)


# --- the interpreter --------------------------------------------------------------------


def _parse(spec: Any) -> ast.expr:
    if isinstance(spec, bool) or not isinstance(spec, (str, int)):
        raise TemplateError(f"a parameter spec is text like 'randint(2, 9)', got {spec!r}")
    text = str(spec).strip()
    if not text:
        raise TemplateError("empty parameter spec")
    if len(text) > MAX_SPEC_LENGTH:
        raise TemplateError(f"parameter spec longer than {MAX_SPEC_LENGTH} characters")
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise TemplateError(f"cannot read parameter spec {text!r}: {exc.msg}") from None


def _interpret(node: ast.expr, env: Mapping[str, Any], rng: random.Random, dry: bool) -> Any:
    """The value of ``node``; with ``dry`` only the shape is checked (no drawing)."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, str)):
            raise TemplateError(f"only integers and words are allowed, got {node.value!r}")
        if isinstance(node.value, str) and not _WORD.match(node.value):
            raise TemplateError(f"a word value must be a plain name like 'sin', got {node.value!r}")
        return _bounded(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _integer(_interpret(node.operand, env, rng, dry))
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
        left = _integer(_interpret(node.left, env, rng, dry))
        right = _integer(_interpret(node.right, env, rng, dry))
        ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b}
        return _bounded(ops[type(node.op)](left, right))
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise TemplateError(f"unknown name {node.id!r} (use randint, choice or an earlier parameter)")
        return env[node.id]
    if isinstance(node, ast.Call):
        return _call(node, env, rng, dry)
    raise TemplateError(f"not allowed in a parameter spec: {type(node).__name__}")


def _call(node: ast.Call, env, rng, dry) -> Any:
    if not isinstance(node.func, ast.Name) or node.keywords:
        raise TemplateError("only randint(lo, hi) and choice([...]) may be called")
    name = node.func.id
    if name == "randint":
        if len(node.args) != 2:
            raise TemplateError("randint takes two integers: randint(lo, hi)")
        lo, hi = (_integer(_interpret(a, env, rng, dry)) for a in node.args)
        if lo > hi and not dry:
            raise TemplateError(f"randint({lo}, {hi}): the low end is above the high end")
        return lo if dry else rng.randint(lo, hi)
    if name == "choice":
        if len(node.args) != 1 or not isinstance(node.args[0], (ast.List, ast.Tuple)) or not node.args[0].elts:
            raise TemplateError("choice takes one non-empty list: choice([2, 3, 4])")
        options = [_interpret(e, env, rng, dry) for e in node.args[0].elts]
        return options[0] if dry else rng.choice(options)
    raise TemplateError(f"unknown function {name!r} (only randint and choice)")


def _integer(value: Any) -> int:
    if not isinstance(value, int):
        raise TemplateError(f"arithmetic needs integers, got {value!r}")
    return value


def _bounded(value: Any) -> Any:
    if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
        raise TemplateError(f"{value} is too large for a parameter (at most {MAX_MAGNITUDE})")
    return value
