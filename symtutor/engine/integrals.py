"""Integrals with steps (the engine lives in the package ``symtutor.engine.integration``)."""
from __future__ import annotations

from symtutor.engine.integration import explain_definite, explain_indefinite, explain_integral, integrate_step

__all__ = ["explain_integral", "explain_indefinite", "explain_definite", "integrate_step"]
