"""The ``symtutor integrate`` command: JSON round trip, definite and improper integrals,
exit codes for bad input, no closed form and the time limit."""
from __future__ import annotations

import json

import pytest
import sympy as sp

x = sp.Symbol("x")

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


def test_cli_all_methods(run):
    result = run("integrate", "sin(x)*cos(x)", "--all-methods", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    top = data["steps"][0]
    assert top["rule"] == "several_methods" and len(top["substeps"]) >= 2
    for method in top["substeps"]:
        F = sp.sympify(method["after"])
        assert sp.simplify(sp.diff(F, x) - sp.sin(x) * sp.cos(x)) == 0
