"""JSON, the stable interface for other tools (schema in DESIGN.md).

Expressions are SymPy strings that ``sympy.sympify`` reads back.
"""
from __future__ import annotations

import json

from symtutor.render import RenderOptions
from symtutor.render.notation import latex_math, sympy_string
from symtutor.steps import Derivation, Step


def _value(v):
    if v is None:
        return None
    if isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, dict):
        return {sympy_string(k) if not isinstance(k, str) else k: _value(x) for k, x in v.items()}
    return sympy_string(v)


def step_dict(step: Step) -> dict:
    return {
        "rule": step.rule,
        "title": step.heading,
        "text": step.sentence(sympy_string),
        "before": _value(step.before),
        "after": _value(step.after),
        "facts": [sympy_string(f) for f in step.facts],
        "substeps": [step_dict(s) for s in step.substeps],
    }


def derivation_dict(derivation: Derivation, show_steps: bool = True) -> dict:
    return {
        "task": derivation.task,
        "input": derivation.input,
        "problem": {k: _value(v) for k, v in derivation.problem.items()},
        "statement": _value(derivation.statement),
        "answer": _value(derivation.answer),
        "answer_latex": latex_math(derivation.answer),
        "verified": derivation.verified,
        "complete": derivation.complete,
        "checks": list(derivation.checks),
        "notes": list(derivation.notes),
        "steps": [step_dict(s) for s in derivation.steps] if show_steps else [],
    }


def render(derivation: Derivation, options: RenderOptions) -> str:
    return json.dumps(derivation_dict(derivation, options.show_steps), ensure_ascii=False, indent=2) + "\n"
