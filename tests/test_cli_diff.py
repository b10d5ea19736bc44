"""`symtutor diff` through Typer's CliRunner, and once through the installed executable."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp
from typer.testing import CliRunner

from symtutor import __version__
from symtutor.cli.main import app

runner = CliRunner()
x, y = sp.symbols("x y")


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_diff_text_output_names_the_rules():
    result = invoke("diff", "sin(x^2)")
    assert result.exit_code == 0
    assert "1. Chain rule" in result.output
    assert "Answer: d/dx sin(x²) = 2x·cos(x²)" in result.output
    assert "✓ Verified" in result.output


def test_json_output_round_trips():
    result = invoke("diff", "x^3 - 3x", "--format", "json")
    data = json.loads(result.output)
    assert data["verified"] and data["complete"]
    assert sp.sympify(data["answer"]) == 3 * x**2 - 3
    assert data["steps"][0]["rule"] == "sum_rule"


def test_partial_higher_order_and_point():
    data = json.loads(invoke("diff", "x^2 y + y^3", "--wrt", "y", "--order", "2", "-f", "json").output)
    assert sp.sympify(data["answer"]) == 6 * y
    data = json.loads(invoke("diff", "x^3 - 3x", "--at", "x=2", "-f", "json").output)
    assert sp.sympify(data["answer"]) == 9


def test_from_definition():
    result = invoke("diff", "x^2", "--from-definition")
    assert result.exit_code == 0
    assert "Definition of the derivative" in result.output
    assert "Answer: d/dx x² = 2x" in result.output


def test_answer_only_and_markdown():
    result = invoke("diff", "e^(3x)", "--no-steps", "-f", "markdown")
    assert result.output.startswith("### $")
    assert "**Answer:**" in result.output and "Chain rule" not in result.output


def test_many_expressions_from_stdin():
    result = invoke("diff", "-", "--no-steps", "-f", "json", input="x^2\n\n# a comment\nsin(x)\n")
    assert result.exit_code == 0
    decoder, text, answers = json.JSONDecoder(), result.output.strip(), []
    while text:
        obj, end = decoder.raw_decode(text)
        answers.append(sp.sympify(obj["answer"]))
        text = text[end:].strip()
    assert answers == [2 * x, sp.cos(x)]


@pytest.mark.parametrize("args, fragment", [
    (["diff", "sin(x"], "missing ')' at column 6"),
    (["diff", "x^2 y", "--order", "0"], "--order must be at least 1"),
    (["diff", "a b"], "choose one with --wrt"),
    (["diff", "x", "--format", "pdf"], "--format"),
])
def test_bad_input_exits_2(args, fragment):
    result = invoke(*args)
    assert result.exit_code == 2
    assert fragment in result.output or fragment in str(result.exception)


def test_timeout_exits_3():
    result = invoke("diff", "x^x^x^x^x^x^x", "--order", "6", "--timeout", "0.2")
    assert result.exit_code == 3


def test_help_has_examples_and_version():
    help_text = invoke("diff", "--help").output
    assert 'symtutor diff "sin(x^2)"' in help_text and "--from-definition" in help_text
    assert invoke("--version").output.strip() == f"symtutor {__version__}"


# --- the real installed executable -------------------------------------------------------

EXECUTABLE = Path(sys.executable).with_name("symtutor")
ENV = {**os.environ, "NO_COLOR": "1"}


@pytest.mark.skipif(not EXECUTABLE.exists(), reason="symtutor is not installed beside this Python")
def test_installed_executable_end_to_end():
    done = subprocess.run([str(EXECUTABLE), "diff", "-x**2"], capture_output=True, text=True, env=ENV, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Answer: d/dx (-x²) = -2x" in done.stdout

    bad = subprocess.run([str(EXECUTABLE), "diff", "__import__('os').system('touch pwned')"],
                         capture_output=True, text=True, env=ENV, timeout=60)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("symtutor: error: cannot parse")


def test_python_dash_m():
    done = subprocess.run([sys.executable, "-m", "symtutor", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"symtutor {__version__}"
