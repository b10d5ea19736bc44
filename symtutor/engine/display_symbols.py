"""Symbols that stand for a named quantity (θ₀, ∇f(θ₀), ∂f/∂z₁) in a derivation."""
from __future__ import annotations

import sympy as sp


class DisplaySymbol(sp.Symbol):
    """Prints as its display form in Unicode and LaTeX, and by its plain name in SymPy
    strings (so JSON stays readable back by ``sympify``)."""

    _display: dict[str, tuple[str, str]] = {}

    def __new__(cls, name, unicode=None, latex=None):
        obj = super().__new__(cls, name)
        if unicode is not None:
            cls._display[name] = (unicode, latex or name)
        return obj

    def __getnewargs_ex__(self):
        return (self.name,), {}

    def _sympystr(self, printer):
        shown = self._display.get(self.name)
        return shown[0] if shown and type(printer).__name__ == "UnicodePrinter" else self.name

    def _latex(self, printer, exp=None):
        shown = self._display.get(self.name)
        text = shown[1] if shown else self.name
        return text if exp is None else r"\left(%s\right)^{%s}" % (text, exp)
