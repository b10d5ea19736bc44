"""Which task function produces the reference derivation for a problem's ``task.command``.

A table from command name to ``"module:function"`` in the task layer; a topic plugs in
as soon as its module exists.  ``task: {command: diff, input: "sin(x^2)", options:
{wrt: x}}`` calls ``explain_diff("sin(x^2)", wrt="x")``.
"""
from __future__ import annotations

import importlib.util
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
    "expect": "symtutor.tasks.probability:explain_expect",
    "variance": "symtutor.tasks.probability:explain_variance",
    "entropy": "symtutor.tasks.probability:explain_entropy",
    "cross-entropy": "symtutor.tasks.probability:explain_cross_entropy",
    "kl": "symtutor.tasks.probability:explain_kl",
    "bayes": "symtutor.tasks.probability:explain_bayes",
}

# The topic a command's problems belong to by default (one bank file per topic).
TOPIC_OF: dict[str, str] = {
    "diff": "derivatives", "integrate": "integrals", "limit": "limits",
    "gradient": "multivariable", "jacobian": "multivariable", "hessian": "multivariable",
    "critical": "multivariable", "det": "linalg", "eigen": "linalg", "svd": "linalg",
    "expect": "probability", "variance": "probability", "bayes": "probability",
    "entropy": "information", "cross-entropy": "information", "kl": "information",
}


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
    return task_function(command)(input_text, **options)
