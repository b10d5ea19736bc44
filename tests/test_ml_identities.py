"""The ML identities (checked symbolically and numerically) and backpropagation."""
import json

import pytest
import sympy as sp

from symtutor.engine.ml_identities import (explain_backprop, explain_identity, explain_softmax_jacobian)
from symtutor.errors import UsageError
from symtutor.functions import sigmoid
from tests.cli_helpers import run, status

x, z, w, b, y = sp.symbols("x z w b y")


def test_sigmoid_identity():
    d = explain_identity("sigmoid")
    assert d.verified, d.checks
    assert d.answer == sp.Mul(sigmoid(x), 1 - sigmoid(x), evaluate=False) or \
        sp.simplify((d.answer - sigmoid(x) * (1 - sigmoid(x))).rewrite(sp.exp)) == 0
    assert [s.rule for s in d.steps][0] == "definition"
    assert d.steps[-1].rule == "recognise_sigmoid"
    assert any("central differences" in c for c in d.checks)


def test_tanh_identity():
    d = explain_identity("tanh")
    assert d.verified and sp.simplify(d.answer - (1 - sp.tanh(x) ** 2)) == 0
    assert d.steps[1].rule == "quotient_rule"


def test_log_sigmoid_identity():
    d = explain_identity("log-sigmoid")
    assert d.verified and sp.simplify((d.answer - (1 - sigmoid(z))).rewrite(sp.exp)) == 0


def test_softmax_jacobian_three_vector_symbolic():
    d = explain_softmax_jacobian(3)
    assert d.verified, d.checks
    z1, z2, z3 = sp.symbols("z_1:4")
    S = [sp.exp(v) / (sp.exp(z1) + sp.exp(z2) + sp.exp(z3)) for v in (z1, z2, z3)]
    J = sp.Matrix(S).jacobian([z1, z2, z3])
    for i in range(3):
        for j in range(3):
            expected = S[i] * ((1 if i == j else 0) - S[j])
            assert sp.simplify(d.answer[i, j] - expected) == 0
            assert sp.simplify(J[i, j] - expected) == 0
    assert any(s.rule == "softmax_jacobian" for s in d.steps)


def test_softmax_jacobian_at_scores():
    d = explain_softmax_jacobian([0, 0, 0])
    third, ninth = sp.Rational(1, 3), sp.Rational(1, 9)
    assert d.verified and d.answer == sp.Matrix(3, 3, lambda i, j: third - ninth if i == j else -ninth)
    d = explain_softmax_jacobian([1, 2, 3])
    assert d.verified
    assert all(abs(float(sum(d.answer.row(i)))) < 1e-12 for i in range(3))


def test_softmax_cross_entropy_gradient():
    d = explain_identity("softmax-cross-entropy", n=3)
    assert d.verified, d.checks
    assert [sp.sstr(e) for e in d.answer] == ["s_1 - y_1", "s_2 - y_2", "s_3 - y_3"]


def test_unknown_identity():
    with pytest.raises(UsageError, match="unknown identity"):
        explain_identity("relu")


def test_backprop_two_layer_names_forward_quantities():
    w1, w2, b1, b2 = sp.symbols("w1 w2 b1 b2")
    expr = sigmoid(w2 * sp.tanh(w1 * x + b1) + b2)
    d = explain_backprop(expr, [w1, b1, w2, b2])
    assert d.verified, d.checks
    forward = d.steps[0]
    assert [sp.sstr(f.lhs) for f in forward.facts] == ["z_1", "a_1", "z_2", "a_2"]
    assert forward.facts[0].rhs == w1 * x + b1
    back = d.steps[1].substeps
    # the local derivatives are written in the forward quantities: a2(1 - a2) and 1 - a1^2
    a1, a2 = [f.lhs for f in forward.facts if sp.sstr(f.lhs) in ("a_1", "a_2")]
    assert sp.expand(back[0].math["local"] - a2 * (1 - a2)) == 0
    assert sp.expand(back[-1].math["local"] - (1 - a1**2)) == 0
    for p, got in zip([w1, b1, w2, b2], d.answer):
        assert sp.simplify((sp.diff(expr, p) - got).rewrite(sp.exp)) == 0


def test_backprop_at_values():
    d = explain_backprop(sigmoid(w * x + b), [w, b], at={w: 0, b: 0, x: 2})
    assert d.verified
    assert [sp.nsimplify(v) for v in d.answer] == [sp.Rational(1, 2), sp.Rational(1, 4)]


def test_backprop_squared_loss():
    d = explain_backprop((w * x + b - y) ** 2, [w, b])
    assert d.verified
    assert sp.expand(d.answer[0] - 2 * x * (w * x + b - y)) == 0


def test_backprop_missing_input_value():
    with pytest.raises(UsageError, match="missing x"):
        explain_backprop(sigmoid(w * x + b), [w, b], at={w: 0, b: 0})


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "json"])
def test_cli_backprop_formats(fmt):
    result = run("backprop", "sigmoid(w2*tanh(w1*x + b1) + b2)", "--wrt", "w1,b1,w2,b2", "-f", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert data["verified"] is True
        answer = sp.sympify(data["answer"], locals={"sigmoid": sp.Function("sigmoid")})
        assert answer.shape == (4, 1)


def test_cli_identity_json():
    data = json.loads(run("identity", "softmax", "--at", "[0, 0]", "-f", "json").output)
    assert data["verified"] and sp.sympify(data["answer"]) == sp.Matrix([[sp.Rational(1, 4), -sp.Rational(1, 4)],
                                                                         [-sp.Rational(1, 4), sp.Rational(1, 4)]])


@pytest.mark.parametrize("args", [["backprop", "sigmoid(w*x)", "--at", "w=1"], ["identity", "relu"],
                                  ["identity", "softmax", "--n", "9"], ["backprop", "3"]])
def test_cli_errors(args):
    assert status(run(*args)) == 2
