"""CDFs, percentiles, interval probabilities and the law-of-large-numbers demo."""
import json

import pytest
import sympy as sp

from symtutor.engine.cdf import explain_between, explain_cdf, explain_lln, explain_percentile
from symtutor.engine.distributions import named_distribution
from symtutor.errors import UsageError
from tests.cli_helpers import run, status


def normal(mu=0, sigma=1):
    return named_distribution("Normal", [sp.sympify(mu), sp.sympify(sigma)])


def test_standard_normal_cdf_at_196():
    d = explain_cdf(normal(), sp.Float(1.96))
    assert d.verified, d.checks
    assert abs(float(d.answer) - 0.975) < 1e-4
    assert abs(float(d.answer) - 0.9750021048517795) < 1e-12
    assert d.steps[0].rule == "normal_cdf"


def test_normal_cdf_standardises():
    d = explain_cdf(normal(1, 2), 3)
    assert d.verified and d.steps[0].rule == "standardise" and d.steps[0].after == 1
    assert sp.simplify(d.answer - (1 + sp.erf(1 / sp.sqrt(2))) / 2) == 0


def test_binomial_cdf_adds_terms():
    d = explain_cdf(named_distribution("Binomial", [4, sp.Rational(1, 2)]), 2)
    assert d.verified and d.answer == sp.Rational(11, 16)
    assert d.steps[0].before == sp.Add(sp.Rational(1, 16), sp.Rational(1, 4), sp.Rational(3, 8), evaluate=False)


def test_exponential_cdf_by_integration():
    d = explain_cdf(named_distribution("Exponential", [2]), 1)
    assert d.verified and sp.simplify(d.answer - (1 - sp.exp(-2))) == 0


def test_percentiles():
    d = explain_percentile(normal(), sp.Float(0.975))
    assert d.verified and abs(float(d.answer) - 1.959963984540054) < 1e-12
    d = explain_percentile(named_distribution("Binomial", [4, sp.Rational(1, 2)]), sp.Rational(1, 2))
    assert d.verified and d.answer == 2
    with pytest.raises(UsageError, match="between 0 and 1"):
        explain_percentile(normal(), 2)


def test_between_is_difference_of_cdfs():
    d = explain_between(normal(), -1, 1)
    assert d.verified and abs(float(d.answer) - 0.6826894921370859) < 1e-12
    assert d.steps[-1].rule == "difference_of_cdfs"


def test_lln_is_seeded_and_converges():
    dist = named_distribution("Bernoulli", [sp.Rational(1, 2)])
    d = explain_lln(dist, 10000, 1)
    again = explain_lln(dist, 10000, 1)
    assert d.verified and d.answer == again.answer
    checkpoints = [s.title for s in d.steps if s.rule == "running_mean"]
    assert checkpoints == ["n = 1", "n = 10", "n = 100", "n = 1000", "n = 10000"]
    assert abs(float(d.answer) - 0.5) < 0.05


def test_symbolic_parameters_refused():
    with pytest.raises(UsageError, match="symbolic"):
        explain_cdf(named_distribution("Normal", [sp.Symbol("mu"), 1]), 0)


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "json"])
def test_cli_cdf(fmt):
    result = run("cdf", "--dist", "Normal(0, 1)", "--at", "1.96", "-f", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert data["verified"] and abs(float(sp.sympify(data["answer"])) - 0.975) < 1e-4


def test_cli_percentile_between_and_lln():
    data = json.loads(run("cdf", "--dist", "Normal(0, 1)", "--percentile", "0.975", "-f", "json").output)
    assert abs(float(sp.sympify(data["answer"])) - 1.96) < 1e-3
    data = json.loads(run("cdf", "--dist", "Binomial(10, 1/2)", "--between", "3,6", "-f", "json").output)
    assert sp.sympify(data["answer"]) == sp.Rational(210 + 252 + 210, 1024)  # C(10,4)+C(10,5)+C(10,6) over 2^10
    result = run("lln", "--dist", "Bernoulli(1/2)", "--samples", "10000", "--seed", "1", "-f", "text")
    assert result.exit_code == 0 and "n = 10000" in result.output


@pytest.mark.parametrize("args", [["cdf", "--at", "1"], ["cdf", "--dist", "Normal(0, 1)"],
                                  ["cdf", "--dist", "Normal(0, 1)", "--at", "1", "--percentile", "0.5"],
                                  ["cdf", "--dist", "Nope(1)", "--at", "1"],
                                  ["lln", "--dist", "Bernoulli(1/2)", "--samples", "0"]])
def test_cli_errors(args):
    assert status(run(*args)) == 2
