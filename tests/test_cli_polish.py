"""CLI polish across every command: help with examples, completion, --no-steps, stdin, width."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from symtutor.cli import main as cli_main
from symtutor.cli.main import app

runner = CliRunner()
GROUP = typer.main.get_command(app)
EXPRESSION_COMMANDS = ["diff", "integrate", "limit", "gradient", "jacobian", "hessian", "critical", "det", "eigen",
                       "svd"]


def all_commands():
    for name, cmd in GROUP.commands.items():
        subs = getattr(cmd, "commands", None)
        if subs:
            yield from ((f"{name} {sub}", c) for sub, c in subs.items())
        else:
            yield name, cmd


def solving_commands():
    return [name for name, cmd in GROUP.commands.items() if {"fmt", "standalone"} <= {p.name for p in cmd.params}]


@pytest.mark.parametrize("name", [name for name, _ in all_commands()])
def test_help_has_two_to_four_real_examples(name):
    result = runner.invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0
    examples = [line.strip() for line in result.stdout.splitlines()
                if re.search(rf"\bsymtutor {name}\b", line) and not line.startswith("Usage:")]
    assert 2 <= len(examples) <= 4, f"{name}: {examples}"
    assert "Examples:" in result.stdout


def capture(argv: list[str], stdin: str | None = None) -> list[dict]:
    """The arguments each command passes to solve_and_print (nothing is solved)."""
    calls: list[dict] = []

    def collect(solve, inputs, fmt, no_steps, timeout, standalone=False):
        calls.append({"inputs": inputs, "no_steps": no_steps, "standalone": standalone, "fmt": fmt})

    modules = [__import__(name, fromlist=["_"]) for name in [*cli_main.command_modules(), "symtutor.cli.common"]]
    saved = {m: m.solve_and_print for m in modules if hasattr(m, "solve_and_print")}
    try:
        for m in saved:
            m.solve_and_print = collect
        result = runner.invoke(app, argv, input=stdin)
    finally:
        for m, original in saved.items():
            m.solve_and_print = original
    assert result.exit_code == 0, result.output
    return calls


def first_example(name: str) -> list[str]:
    import shlex

    for line in (GROUP.commands[name].help or "").splitlines():
        if line.strip().startswith(f"symtutor {name}"):
            argv = shlex.split(line.split(">")[0])[1:]
            for option in ("--format", "--plot"):
                if option in argv:
                    k = argv.index(option)
                    del argv[k:k + 2]
            return argv
    raise AssertionError(f"{name} has no example")


@pytest.mark.parametrize("name", solving_commands())
def test_every_solving_command_passes_no_steps_and_standalone(name):
    argv = first_example(name)
    (plain,) = capture(argv)
    (answer_only,) = capture([*argv, "--no-steps", "--standalone", "--format", "latex"])
    assert plain["no_steps"] is False and answer_only["no_steps"] is True and answer_only["standalone"] is True


@pytest.mark.parametrize("name", EXPRESSION_COMMANDS)
def test_dash_reads_one_problem_per_line(name):
    argv = [name, "-"] + (["--to", "0"] if name == "limit" else [])
    (call,) = capture(argv, stdin="first\n\n# a comment\nsecond\n")
    assert call["inputs"] == ["first", "second"]


def test_no_steps_prints_the_answer_only():
    full = runner.invoke(app, ["integrate", "x*exp(x)", "--format", "text"]).stdout
    short = runner.invoke(app, ["integrate", "x*exp(x)", "--format", "text", "--no-steps"]).stdout
    assert "1. " in full and "1. " not in short
    assert short.splitlines()[2].startswith("Answer: ∫ x·e^x dx = ")


def test_many_problems_with_standalone_make_one_document():
    result = runner.invoke(app, ["diff", "-", "--format", "latex", "--standalone"], input="x^2\nsin(x)\n")
    assert result.exit_code == 0
    assert result.stdout.count("\\documentclass") == 1 and result.stdout.count("\\end{document}") == 1
    assert result.stdout.count("\\paragraph{") == 2


def test_output_width_follows_the_terminal():
    argv = ["limit", "sin(x)/x", "--to", "0", "--format", "text"]
    narrow = runner.invoke(app, argv, env={"COLUMNS": "50"}).stdout
    wide = runner.invoke(app, argv, env={"COLUMNS": "140"}).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 50
    assert max(len(line) for line in wide.splitlines()) > 100


def _complete(words: str, cword: int) -> list[str]:
    exe = shutil.which("symtutor", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the symtutor executable is not installed")
    env = {**os.environ, "_SYMTUTOR_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    proc = subprocess.run([exe], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_shell_completion_commands_options_and_values():
    assert "diff" in _complete("symtutor di", 1)
    assert "worksheet" in _complete("symtutor wor", 1)
    assert "--format" in _complete("symtutor diff x --fo", 3)
    assert {"markdown", "latex"} <= set(_complete("symtutor diff x --format ", 4))
    # Typer detects the shell from the parent processes unless told which one (the detection
    # fails when the tests do not run under a shell), so name it.
    exe = shutil.which("symtutor", path=str(Path(sys.executable).parent))
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = subprocess.run([exe, "--show-completion", "bash"], env=env, capture_output=True, text=True, timeout=60)
    assert script.returncode == 0 and "_SYMTUTOR_COMPLETE" in script.stdout, script.stderr
