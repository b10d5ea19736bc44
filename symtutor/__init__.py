"""symtutor: step-by-step explanations of the mathematics of machine learning.

The public API mirrors the commands; each function takes the same text the command
line does and returns a ``Derivation``, which displays itself in Jupyter and converts
with ``to_text()``, ``to_markdown()``, ``to_latex()`` and ``to_json()``::

    >>> from symtutor import explain_diff
    >>> explain_diff("sin(x**2)").answer
    2*x*cos(x**2)

Functions are imported on first use, so ``import symtutor`` stays fast.
"""
from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

# public name -> module in symtutor.tasks that defines it
_API = {
    "explain_expectation": "probability",
    "explain_variance": "probability",
    "explain_entropy": "probability",
    "explain_cross_entropy": "probability",
    "explain_kl": "probability",
    "explain_bayes": "probability",
    "explain_integral": "integrals",
    "explain_diff": "calculus",
    "explain_gradient": "multivariable",
    "explain_jacobian": "multivariable",
    "explain_hessian": "multivariable",
    "explain_critical": "multivariable",
    "explain_det": "linalg",
    "explain_eigen": "linalg",
    "explain_svd": "linalg",
    "explain_limit": "limits",
    "explain_descend": "optimisation",
    "explain_newton": "optimisation",
    "explain_lagrange": "optimisation",
    "explain_norm": "vectors",
    "explain_dot": "vectors",
    "explain_matmul": "vectors",
    "explain_transpose": "vectors",
    "explain_hadamard": "vectors",
    "explain_backprop": "ml",
    "explain_identity": "ml",
    "explain_cdf": "ml",
    "explain_lln": "ml",
}

__all__ = ["__version__", "explain", *_API]


def __getattr__(name: str):
    if name == "explain":  # explain("diff", "sin(x**2)"): any command by name (symtutor/api.py)
        from symtutor.api import explain

        return explain
    if name in _API:
        return getattr(import_module(f"symtutor.tasks.{_API[name]}"), name)
    raise AttributeError(f"module 'symtutor' has no attribute {name!r}")
