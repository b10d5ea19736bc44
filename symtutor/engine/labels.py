"""Display-only statements for the optimisation, vector and ML engines.

A ``Derivation.statement`` is an unevaluated object naming the question.  These small
function classes print as a learner writes them (‖v‖₂, u · v, σ'(x)…) in Unicode and
LaTeX, and as a plain call ``norm(Matrix(...), 2)`` in SymPy strings (so JSON reads back).
They are never evaluated and never appear in a checked ``before``/``after``.
"""
from __future__ import annotations

import sympy as sp


def _is_unicode(printer) -> bool:
    return type(printer).__name__ == "UnicodePrinter"


class Label(sp.Function):
    """A named statement; subclasses set ``unicode`` and ``latex`` templates over the args."""

    unicode_template = ""
    latex_template = ""

    @classmethod
    def eval(cls, *args):  # safe: SymPy's Function.eval hook, not Python eval
        return None

    def _sympystr(self, printer):
        if _is_unicode(printer) and self.unicode_template:
            return self.unicode_template.format(*[printer._print(a) for a in self.args])
        return "%s(%s)" % (type(self).__name__, ", ".join(printer._print(a) for a in self.args))

    def _latex(self, printer, exp=None):
        if self.latex_template:
            return self.latex_template.format(*[printer._print(a) for a in self.args])
        name = r"\operatorname{%s}" % type(self).__name__.replace("_", r"\_")
        return r"%s\left(%s\right)" % (name, ", ".join(printer._print(a) for a in self.args))


class norm(Label):
    unicode_template = "‖{0}‖_{1}"
    latex_template = r"\left\lVert {0} \right\rVert_{{{1}}}"


class dot(Label):
    unicode_template = "{0} · {1}"
    latex_template = r"{0} \cdot {1}"


class cosine_similarity(Label):
    unicode_template = "cos θ({0}, {1})"
    latex_template = r"\cos\theta\left({0}, {1}\right)"


class angle(Label):
    unicode_template = "θ({0}, {1})"
    latex_template = r"\theta\left({0}, {1}\right)"


class gradient_descent(Label):
    unicode_template = "gradient descent on {0} from {1}"
    latex_template = r"\text{{gradient descent on }} {0} \text{{ from }} {1}"


class newton_root(Label):
    unicode_template = "root of {0} = 0 by Newton's method from {1}"
    latex_template = r"\text{{root of }} {0} = 0 \text{{ by Newton's method from }} {1}"


class newton_optimum(Label):
    unicode_template = "stationary point of {0} by Newton's method from {1}"
    latex_template = r"\text{{stationary point of }} {0} \text{{ by Newton's method from }} {1}"


class constrained_extrema(Label):
    unicode_template = "extrema of {0} subject to {1} = 0"
    latex_template = r"\text{{extrema of }} {0} \text{{ subject to }} {1} = 0"


class softmax_jacobian(Label):
    unicode_template = "∂softmax/∂z at {0}"
    latex_template = r"\frac{{\partial \operatorname{{softmax}}}}{{\partial z}}\left({0}\right)"


class backprop(Label):
    unicode_template = "∇ {0} with respect to {1}"
    latex_template = r"\nabla_{{{1}}} {0}"


class cdf(Label):
    unicode_template = "F({1}) for X ~ {0}"
    latex_template = r"F\left({1}\right) \text{{ for }} X \sim {0}"


class probability_between(Label):
    unicode_template = "P({1} < X ≤ {2}) for X ~ {0}"
    latex_template = r"P\left({1} < X \le {2}\right) \text{{ for }} X \sim {0}"


class percentile(Label):
    unicode_template = "F⁻¹({1}) for X ~ {0}"
    latex_template = r"F^{{-1}}\left({1}\right) \text{{ for }} X \sim {0}"


class running_mean(Label):
    unicode_template = "running mean of {1} samples of {0}"
    latex_template = r"\bar{{X}}_{{{1}}} \text{{ for }} X \sim {0}"


class hadamard(Label):
    unicode_template = "{0} ∘ {1}"
    latex_template = r"{0} \circ {1}"
