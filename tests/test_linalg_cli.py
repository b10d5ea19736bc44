"""`symtutor det | eigen | svd` through the real Typer app: exit codes, formats, JSON read back."""
import json
import subprocess

import pytest
import sympy as sp

from tests.cli_helpers import EXECUTABLE, run, status


def test_det_text():
    result = run("det", "[[2, 1, 0], [1, 3, 1], [0, 1, 4]]", "--format", "text")
    assert result.exit_code == 0, result.output
    assert "Cofactor expansion" in result.output and "18" in result.output and "✓" in result.output


def test_det_json_reads_back():
    result = run("det", "[[a, b], [c, d]]", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["verified"] is True and data["task"] == "det"
    a, b, c, d = sp.symbols("a b c d")
    assert sp.expand(sp.sympify(data["answer"]) - (a * d - b * c)) == 0
    assert sp.sympify(data["problem"]["matrix"]) == sp.Matrix([[a, b], [c, d]])
    assert data["problem"]["matrix"].startswith("Matrix([")


def test_eigen_markdown_uses_bmatrix():
    result = run("eigen", "[[2, 1], [1, 2]]", "--format", "markdown")
    assert result.exit_code == 0
    assert r"\begin{bmatrix}" in result.output and "Characteristic polynomial" in result.output


def test_eigen_latex_and_terminal():
    for fmt in ("latex", "terminal"):
        result = run("eigen", "[[0, -1], [1, 0]]", "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)


def test_eigen_json_answer():
    result = run("eigen", "[[2, 1], [0, 2]]", "--format", "json")
    data = json.loads(result.output)
    assert data["verified"] is True
    answer = {sp.sympify(k): sp.sympify(v) for k, v in data["answer"].items()}
    assert answer == {2: [sp.Matrix([1, 0])]}


def test_svd_json_answer():
    result = run("svd", "[[3, 0], [4, 5]]", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    U, S, V = sp.sympify(data["answer"])
    assert sp.simplify(U * S * V.T - sp.Matrix([[3, 0], [4, 5]])) == sp.zeros(2, 2)


def test_no_steps():
    result = run("det", "[[1, 2], [3, 4]]", "--no-steps", "--format", "text")
    assert result.exit_code == 0 and "2x2 determinant" not in result.output and "-2" in result.output


@pytest.mark.parametrize("args", [
    ("det", "[[1, 2, 3], [4, 5, 6]]"),  # not square
    ("det", "x + 1"),  # not a matrix
    ("det", "[[1, 2], [3]]"),  # ragged
    ("svd", "[[a, 1], [0, 1]]"),  # symbolic SVD
    ("eigen", "[" + ", ".join(["[" + ", ".join(["1"] * 11) + "]"] * 11) + "]"),  # over the size cap
])
def test_bad_input_exits_2(args):
    result = run(*args)
    assert status(result) == 2


def test_time_limit_exits_3():
    big = "[" + ", ".join("[" + ", ".join(f"a{i}{j}" for j in range(6)) + "]" for i in range(6)) + "]"
    result = run("eigen", big, "--timeout", "1")
    assert status(result) == 3


def test_help_has_examples():
    for command in ("det", "eigen", "svd"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Examples" in result.output


def test_real_executable_exit_codes():
    ok = subprocess.run([str(EXECUTABLE), "det", "[[1, 2], [3, 4]]", "--format", "json"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and json.loads(ok.stdout)["answer"] == "-2"
    bad = subprocess.run([str(EXECUTABLE), "det", "[[1, 2, 3]]"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.startswith("symtutor: error:") and "square" in bad.stderr
