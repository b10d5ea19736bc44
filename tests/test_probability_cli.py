"""The probability commands through the real Typer app: the issue's examples in every
format, JSON answers read back with sympify, and one-line errors with exit code 2."""
import json

import pytest
import sympy as sp
from typer.testing import CliRunner

from symtutor.cli.main import app
from symtutor.errors import SymtutorError

runner = CliRunner()

EXAMPLES = [
    (["expect", "{1: 1/3, 2: 1/3, 3: 1/3}"], sp.Integer(2)),
    (["expect", "300 if X <= 2 else -200", "--dist", "DiscreteUniform(1, 6)"], sp.Rational(-100, 3)),
    (["expect", "x", "--pdf", "2*x", "--support", "0,1"], sp.Rational(2, 3)),
    (["variance", "--dist", "Binomial(10, 1/2)"], sp.Rational(5, 2)),
    (["entropy", "[1/2, 1/4, 1/4]", "--base", "2"], sp.Rational(3, 2)),
    (["entropy", "--dist", "Normal(mu, sigma)"],
     sp.log(2 * sp.pi * sp.E * sp.Symbol("sigma") ** 2) / 2),
    (["cross-entropy", "[1, 0, 0]", "[0.7, 0.2, 0.1]"], -sp.log(sp.Float("0.7"))),
    (["kl", "[1/2, 1/2]", "[3/4, 1/4]"], sp.log(2) - sp.log(3) / 2),
    (["bayes", "--prior", "0.01", "--likelihood", "0.95", "--false-positive", "0.05"], sp.Float(0.0095 / 0.059)),
]


def run(args):
    return runner.invoke(app, args)


def close(a, b, symbols=()):
    diff = sp.sympify(a) - b
    if diff.free_symbols:
        point = {s: 1.7 for s in diff.free_symbols}
        return abs(complex(diff.evalf(subs=point))) < 1e-9
    return abs(complex(diff.evalf())) < 1e-9


@pytest.mark.parametrize("args, expected", EXAMPLES, ids=[" ".join(a[:2]) for a, _ in EXAMPLES])
def test_example_json_round_trip(args, expected):
    result = run([*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verified"] is True, data["checks"]
    assert close(data["answer"], expected)
    assert data["steps"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "terminal", "json"])
def test_every_format(fmt):
    result = run(["expect", "300 if X <= 2 else -200", "--dist", "DiscreteUniform(1, 6)", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "100" in result.stdout


def test_dice_game_text_shows_the_terms():
    out = run(["expect", "300 if X <= 2 else -200", "--dist", "DiscreteUniform(1, 6)", "-f", "text"]).stdout
    assert "g(1) = 300" in out and "g(3) = -200" in out
    assert "= -100/3" in out and "Verified" in out


def test_variance_definition_and_pdf():
    result = run(["variance", "--pdf", "3x^2", "--support", "0,1", "--definition", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sp.sympify(data["answer"]) == sp.Rational(3, 80)


def test_no_steps():
    out = run(["kl", "[1/2, 1/2]", "[3/4, 1/4]", "--no-steps", "-f", "text"]).stdout
    assert "Answer" in out and "KL divergence as a sum" not in out


@pytest.mark.parametrize("args, message", [
    (["expect", "{1: 1/2, 2: -1/4, 3: 3/4}"], "negative"),
    (["entropy", "[1/2, 1/4]"], "1/4 less than 1"),
    (["entropy", "[0.5, 0.4]"], "0.1 less than 1"),
    (["expect", "x", "--pdf", "3x", "--support", "0,1"], "integrates to 3/2"),
    (["kl", "[1/3, 1/3, 1/3]", "[1/2, 1/2]"], "mismatched supports"),
    (["variance", "--dist", "Binomial(10, 3/2)"], "not a probability"),
    (["entropy", "[1/2, 1/2]", "--base", "3"], "--base must be 2"),
    (["expect", "x", "--dist", "Cauchy(0, 1)"], "unknown distribution"),
    (["bayes", "--prior", "1.5", "--likelihood", "0.9", "--false-positive", "0.1"], "not a probability"),
    (["expect", "x"], "give a distribution"),
])
def test_errors_exit_2_with_one_line(args, message):
    result = run(args)
    # Invoked in-process, a SymtutorError reaches the caller (symtutor.cli.main.run turns it
    # into one stderr line and its exit status); click usage errors exit 2 directly.
    if isinstance(result.exception, SymtutorError):
        status, text = int(result.exception.exit_status), result.exception.message
    else:
        status, text = result.exit_code, result.output
    assert status == 2, (status, text)
    assert message in text and "\n" not in text.strip(), text


def test_help_has_examples():
    for command in ("expect", "variance", "entropy", "cross-entropy", "kl", "bayes"):
        out = run([command, "--help"]).stdout
        assert "Examples" in out and f"symtutor {command}" in out


def test_public_api():
    import symtutor

    assert symtutor.explain_expectation("{0: 1/2, 1: 1/2}").answer == sp.Rational(1, 2)
    assert symtutor.explain_bayes(prior="1/2", likelihood="1", evidence="3/4").answer == sp.Rational(2, 3)
