"""Functions machine learning uses that SymPy does not define."""
from __future__ import annotations

import sympy as sp


class sigmoid(sp.Function):
    """The logistic function σ(x) = 1 / (1 + e^(−x)), with σ'(x) = σ(x)·(1 − σ(x))."""

    nargs = 1

    @classmethod
    def eval(cls, arg):  # safe: SymPy's Function.eval hook, not Python eval
        if arg.is_zero:
            return sp.S.Half
        if arg is sp.S.Infinity:
            return sp.S.One
        if arg is sp.S.NegativeInfinity:
            return sp.S.Zero
        return None

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0]) * (1 - sigmoid(self.args[0]))

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sp.exp(-arg))

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_extended_real

    def _eval_is_positive(self):
        return self.args[0].is_extended_real

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        tex = r"\sigma\left(%s\right)" % inner
        return tex if exp is None else r"%s^{%s}" % (tex, exp)


SPECIAL_FUNCTIONS = {"sigmoid": sigmoid}
