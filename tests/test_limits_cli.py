"""The limit command end to end: exit codes, JSON read back with sympify, renderers."""
import json

import pytest
import sympy as sp

typer_testing = pytest.importorskip("typer.testing")
pytest.importorskip("symtutor.parsing")

from symtutor.cli.main import app  # noqa: E402


@pytest.fixture
def run():
    runner = typer_testing.CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_sin_x_over_x(run):
    data = as_json(run("limit", "sin(x)/x", "--to", "0", "--format", "json"))
    assert sp.sympify(data["answer"]) == 1
    assert data["verified"] and data["complete"]
    assert [s["rule"] for s in data["steps"]][:2] == ["identify_form", "standard_limits"]


def test_e_with_wrt(run):
    data = as_json(run("limit", "(1 + 1/n)^n", "--wrt", "n", "--to", "oo", "--format", "json"))
    assert sp.sympify(data["answer"]) == sp.E


def test_one_sided(run):
    data = as_json(run("limit", "1/x", "--to", "0", "--side", "right", "--format", "json"))
    assert sp.sympify(data["answer"]) == sp.oo
    assert "lim" in run("limit", "1/x", "--to", "0", "--side", "left", "--format", "text").output


def test_does_not_exist_round_trips(run):
    data = as_json(run("limit", "1/x", "--to", "0", "--format", "json"))
    assert sp.sympify(data["answer"]) is sp.nan
    assert data["steps"][-1]["rule"] == "does_not_exist"
    assert any("does not exist" in n for n in data["notes"])


def test_does_not_exist_is_written_dne_for_people(run):
    text = run("limit", "sin(1/x)", "--to", "0", "--format", "text").output
    assert "Answer: lim_{x→0} sin(1/x) = DNE" in text and "= nan" not in text
    latex = run("limit", "sin(1/x)", "--to", "0", "--format", "latex").output
    assert r"&= \text{DNE}" in latex and "NaN" not in latex


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex"])
def test_formats(run, fmt):
    result = run("limit", "(x^2 - 1)/(x - 1)", "--to", "1", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "2" in result.output


def test_errors(run):
    assert run("limit", "sin(x", "--to", "0").exit_code == 2
    assert run("limit", "1/x", "--to", "0", "--side", "up").exit_code == 2
    assert run("limit", "1/x", "--to", "y").exit_code == 2
    assert run("limit", "x").exit_code == 2  # --to is required
