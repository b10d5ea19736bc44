"""Definite and improper integrals: FTC with each evaluation, symmetry, splitting at a
discontinuity, convergence and divergence, numerical values; the CLI."""
from __future__ import annotations

import json

import pytest
import sympy as sp

from symtutor.engine.integrals import explain_integral

x = sp.Symbol("x")


def rules(d):
    return [s.rule for s in d.walk()]


def test_fundamental_theorem_shows_each_evaluation():
    d = explain_integral(x**2, x, lower=0, upper=1)
    ftc = [s for s in d.walk() if s.rule == "fundamental_theorem"][0]
    values = {str(f.lhs): f.rhs for f in ftc.facts}
    assert list(values.values()) == [sp.Rational(1, 3), 0]
    assert all(isinstance(f.lhs, sp.Subs) for f in ftc.facts)
    assert d.answer == sp.Rational(1, 3) and d.verified
    assert any("numerical quadrature" in c for c in d.checks)
    assert any("SymPy's integrate" in c for c in d.checks)


def test_odd_integrand_on_symmetric_interval():
    d = explain_integral(sp.sin(x), x, lower=-sp.pi, upper=sp.pi)
    assert d.answer == 0 and d.verified
    assert "odd_symmetry" in rules(d)
    assert any("signed area" in n for n in d.notes)


def test_split_at_discontinuity_divergent():
    d = explain_integral(1 / x**2, x, lower=-1, upper=1)
    assert "split_at_discontinuity" in rules(d)
    assert "diverges" in rules(d)
    assert d.answer == sp.oo
    assert any("diverges" in n for n in d.notes)


def test_split_at_discontinuity_convergent():
    f = 1 / sp.sqrt(sp.Abs(x))
    d = explain_integral(f, x, lower=-1, upper=1)
    assert "split_at_discontinuity" in rules(d)
    assert rules(d).count("improper_integral") == 2
    assert d.answer == 4 and d.verified


def test_improper_infinite_bound_converges():
    d = explain_integral(sp.exp(-x), x, lower=0, upper=sp.oo)
    improper = [s for s in d.walk() if s.rule == "improper_integral"][0]
    assert any(isinstance(f.lhs, sp.Limit) and f.rhs == 0 for f in improper.facts)
    assert d.answer == 1 and d.verified
    assert any("converges" in n for n in d.notes)


def test_improper_infinite_bound_diverges():
    d = explain_integral(1 / x, x, lower=1, upper=sp.oo)
    assert d.answer == sp.oo and "diverges" in rules(d)


def test_reversed_bounds_change_sign():
    d = explain_integral(x, x, lower=2, upper=0)
    assert d.answer == -2 and d.steps[0].rule == "swap_bounds" and d.verified


def test_no_closed_form_gives_labelled_numerical_value():
    d = explain_integral(sp.sin(sp.sin(x)), x, lower=0, upper=1)
    assert d.steps[0].title.startswith("Numerical value")
    assert any("NUMERICAL" in n for n in d.notes)
    assert abs(float(d.answer) - 0.430606103120690604912377) < 1e-9


# --- the command line --------------------------------------------------------------------

typer_testing = pytest.importorskip("typer.testing")
pytest.importorskip("symtutor.parsing")


@pytest.fixture
def run():
    from symtutor.cli.main import app

    runner = typer_testing.CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_cli_json_round_trips(run):
    result = run("integrate", "x*exp(x)", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    answer = sp.sympify(data["answer"])
    assert sp.expand(answer - (x - 1) * sp.exp(x) - sp.Symbol("C")) == 0
    assert data["verified"] and data["complete"]
    assert data["steps"][0]["rule"] == "integration_by_parts"
    sp.sympify(data["steps"][0]["after"])


def test_cli_definite_and_improper(run):
    result = run("integrate", "exp(-x)", "--from", "0", "--to", "oo", "--format", "json")
    assert result.exit_code == 0, result.output
    assert sp.sympify(json.loads(result.output)["answer"]) == 1
    result = run("integrate", "sin(x)", "--from", "-pi", "--to", "pi", "--format", "text")
    assert result.exit_code == 0 and "odd" in result.output


def test_cli_errors(run):
    assert run("integrate", "sin(x", "--format", "text").exit_code == 2
    assert run("integrate", "x", "--from", "0").exit_code == 2
    assert run("integrate", "x", "--from", "y", "--to", "1").exit_code == 2
    assert run("integrate", "x**x", "--format", "text").exit_code == 1
    assert run("integrate", "(x**7+3*x+1)/(x**11+x+5)**3*exp(sin(x))", "--timeout", "0.05").exit_code == 3
