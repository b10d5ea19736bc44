"""Which task function produces the reference derivation for a problem's ``task.command``.

A table from command name to ``"module:function"`` in the task layer; a topic plugs in
as soon as its module exists.  ``task: {command: diff, input: "sin(x^2)", options:
{wrt: x}}`` calls ``explain_diff("sin(x^2)", wrt="x")``.
"""
from __future__ import annotations

import importlib.util
import inspect
from importlib import import_module
from typing import Any, Callable

# command -> "module:function" (the public API functions, see symtutor/__init__.py)
TASKS: dict[str, str] = {
    "diff": "symtutor.tasks.calculus:explain_diff",
    "integrate": "symtutor.tasks.integrals:explain_integral",
    "limit": "symtutor.tasks.limits:explain_limit",
    "gradient": "symtutor.tasks.multivariable:explain_gradient",
    "jacobian": "symtutor.tasks.multivariable:explain_jacobian",
    "hessian": "symtutor.tasks.multivariable:explain_hessian",
    "critical": "symtutor.tasks.multivariable:explain_critical",
    "det": "symtutor.tasks.linalg:explain_det",
    "eigen": "symtutor.tasks.linalg:explain_eigen",
    "svd": "symtutor.tasks.linalg:explain_svd",
    "expect": "symtutor.tasks.probability:explain_expectation",
    "variance": "symtutor.tasks.probability:explain_variance",
    "entropy": "symtutor.tasks.probability:explain_entropy",
    "cross-entropy": "symtutor.tasks.probability:explain_cross_entropy",
    "kl": "symtutor.tasks.probability:explain_kl",
    "bayes": "symtutor.tasks.probability:explain_bayes",
    "descend": "symtutor.tasks.optimisation:explain_descend",
    "newton": "symtutor.tasks.optimisation:explain_newton",
    "lagrange": "symtutor.tasks.optimisation:explain_lagrange",
    "backprop": "symtutor.tasks.ml:explain_backprop",
    "identity": "symtutor.tasks.ml:explain_identity",
    "norm": "symtutor.tasks.vectors:explain_norm",
    "dot": "symtutor.tasks.vectors:explain_dot",
    "matmul": "symtutor.tasks.vectors:explain_matmul",
    "transpose": "symtutor.tasks.vectors:explain_transpose",
    "hadamard": "symtutor.tasks.vectors:explain_hadamard",
    "cdf": "symtutor.tasks.ml:explain_cdf",
}

# The topic a command's problems belong to by default (one bank file per topic).
TOPIC_OF: dict[str, str] = {
    "diff": "derivatives", "integrate": "integrals", "limit": "limits",
    "gradient": "multivariable", "jacobian": "multivariable", "hessian": "multivariable",
    "critical": "multivariable", "det": "linalg", "eigen": "linalg", "svd": "linalg",
    "expect": "probability", "variance": "probability", "bayes": "probability",
    "entropy": "information", "cross-entropy": "information", "kl": "information",
    "descend": "optimisation", "newton": "optimisation", "lagrange": "optimisation", "backprop": "optimisation",
    "identity": "optimisation", "norm": "vectors", "dot": "vectors", "matmul": "vectors", "transpose": "vectors",
    "hadamard": "vectors", "cdf": "probability",
}


# Calling conventions that differ from ``f(input, **options)``:
INPUT_KEYWORD = {"bayes": "prior"}  # the input is this keyword argument
# these options follow the input positionally
POSITIONAL_OPTIONS = {"cross-entropy": ("q",), "kl": ("q",), "dot": ("v",), "matmul": ("b",), "hadamard": ("b",)}


def module_of(command: str) -> str:
    return TASKS[command].partition(":")[0]


def available(command: str) -> bool:
    """True when the engine for ``command`` is installed (its task function exists)."""
    if command not in TASKS:
        return False
    module, _, name = TASKS[command].partition(":")
    try:
        if importlib.util.find_spec(module) is None:
            return False
    except ModuleNotFoundError:
        return False
    try:
        return hasattr(import_module(module), name)
    except ImportError:
        return False


def task_function(command: str) -> Callable[..., Any]:
    """The task-layer function for ``command`` (imported on first use)."""
    module, _, name = TASKS[command].partition(":")
    return getattr(import_module(module), name)


def run_task(command: str, input_text: str, options: dict[str, Any]):
    """The reference Derivation for one problem instance."""
    func = task_function(command)
    options = coerce_options(func, options)
    args = [options.pop(name) for name in POSITIONAL_OPTIONS.get(command, ()) if name in options]
    if command in INPUT_KEYWORD:
        return func(*args, **{INPUT_KEYWORD[command]: input_text}, **options)
    return func(input_text, *args, **options)


def accepted_options(command: str) -> list[str] | None:
    """The option names the task function takes (None when its engine is not installed)."""
    if not available(command):
        return None
    params = list(inspect.signature(task_function(command)).parameters.values())
    positional = list(POSITIONAL_OPTIONS.get(command, ()))
    if command in INPUT_KEYWORD:
        rest = [p for p in params if p.name != INPUT_KEYWORD[command]]
    else:
        rest = params[1 + len(positional):]
    return positional + [p.name for p in rest if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def coerce_options(func: Callable[..., Any], options: dict[str, Any]) -> dict[str, Any]:
    """Numbers written without quotes (``base: 2``) become text where the function takes text."""
    params = inspect.signature(func).parameters
    out = dict(options)
    for name, value in options.items():
        p = params.get(name)
        if p is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        annotation = p.annotation if isinstance(p.annotation, str) else getattr(p.annotation, "__name__", "")
        if "str" in str(annotation) and "int" not in str(annotation):
            out[name] = str(value)
    return out
