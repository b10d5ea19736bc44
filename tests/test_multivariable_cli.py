"""`symtutor gradient | jacobian | hessian | critical` through the real Typer app."""
import json
import subprocess

import pytest
import sympy as sp

from symtutor.tasks.multivariable import explain_critical, explain_gradient, explain_jacobian
from tests.cli_helpers import EXECUTABLE, run, status


x, y, z = sp.symbols("x y z")


def test_gradient_text():
    result = run("gradient", "x**2*y + sin(y)", "--format", "text")
    assert result.exit_code == 0, result.output
    assert "Partial derivative" in result.output and "✓" in result.output


def test_gradient_vars_order_and_at_json():
    result = run("gradient", "x^2 y + y^3", "--vars", "y,x", "--at", "x=1,y=2", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verified"] is True
    assert sp.sympify(data["answer"]) == sp.Matrix([13, 4])  # (f_y, f_x) at (1, 2)


def test_detail_flag_expands_entries():
    compact = run("gradient", "x**2*y + sin(y)", "--format", "json")
    detailed = run("gradient", "x**2*y + sin(y)", "--detail", "--format", "json")
    count = lambda out: out.count('"rule"')  # noqa: E731
    assert count(detailed.output) > count(compact.output)


def test_jacobian_symbolic_layer():
    result = run("jacobian", "[sigmoid(a*x + b*y + b1), sigmoid(c*x + d*y + b2)]", "--vars", "x,y",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verified"] is True
    J = sp.sympify(data["answer"], locals={"sigmoid": sp.Function("sigmoid")})
    assert J.shape == (2, 2)


def test_jacobian_variables_inferred_sorted():
    d_ = explain_jacobian("[x*y, x + y**2]")
    assert d_.problem["vars"] == sp.Tuple(x, y)


def test_hessian_markdown_bmatrix():
    result = run("hessian", "x**3 - 3*x*y + y**3", "--format", "markdown")
    assert result.exit_code == 0
    assert r"\begin{bmatrix}" in result.output and "Symmetry of mixed partials" in result.output


def test_hessian_latex_and_terminal():
    for fmt in ("latex", "terminal"):
        result = run("hessian", "x^2 y + y z^2", "--at", "x=1,y=1,z=1", "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)


def test_critical_json():
    result = run("critical", "x**3 - 3*x + y**2", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    answer = {sp.sympify(k): v for k, v in data["answer"].items()}
    assert answer == {sp.Tuple(1, 0): "local minimum", sp.Tuple(-1, 0): "saddle point"}
    assert data["verified"] is True


def test_critical_no_closed_form_exits_1():
    result = run("critical", "x*sin(x) + exp(x) + y^2", "--timeout", "60")
    assert status(result) == 1


@pytest.mark.parametrize("args", [
    ("gradient", "[x, y]"),  # a vector where a scalar is needed
    ("gradient", "x + y", "--at", "z=1"),  # --at names a non-variable
    ("hessian", "x + y", "--vars", "x,x"),  # repeated variable
    ("gradient", "sin(x"),  # parse error
    ("critical", "3"),  # no variables
])
def test_bad_input_exits_2(args):
    assert status(run(*args)) == 2


def test_public_api():
    import symtutor

    assert symtutor.explain_gradient("x*y").answer == sp.Matrix([y, x])
    assert symtutor.explain_critical("x**2 + y**2").answer == {sp.Tuple(0, 0): "local minimum"}
    assert symtutor.explain_det("[[1, 2], [3, 4]]").answer == -2
    assert explain_gradient("x*y", "y,x").answer == sp.Matrix([x, y])
    assert explain_critical("x^2", "x").answer == {0: "local minimum"}


def test_help_has_examples():
    for command in ("gradient", "jacobian", "hessian", "critical"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Examples" in result.output


def test_real_executable_exit_codes():
    ok = subprocess.run([str(EXECUTABLE), "critical", "x**3 - 3*x + y**2", "--format", "text"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "saddle point" in ok.stdout
    none = subprocess.run([str(EXECUTABLE), "critical", "x*sin(x) + exp(x) + y^2", "--timeout", "60"],
                          capture_output=True, text=True, timeout=60)
    assert none.returncode == 1 and "no closed-form" in none.stderr
