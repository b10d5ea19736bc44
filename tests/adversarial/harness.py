"""Run the real CLI entry point in-process and capture exit code, stdout and stderr.

``run()`` is what the installed ``symtutor`` executable calls, so this exercises the same
argument handling and error reporting, without a process start per case.
"""
from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from dataclasses import dataclass

from symtutor.cli.main import run

TIME_LIMIT = 3.0  # seconds given to each command (SYMTUTOR_TIMEOUT) in these tests
MARKER = "SYMTUTOR_PWNED"

# Every solving command, with {p} where the hostile text goes.
COMMANDS = {
    "diff": ["diff", "{p}"],
    "diff --at": ["diff", "x^2", "--at", "{p}"],
    "integrate": ["integrate", "{p}"],
    "integrate --from": ["integrate", "x", "--from", "{p}", "--to", "1"],
    "limit": ["limit", "{p}", "--to", "0"],
    "limit --to": ["limit", "x", "--to", "{p}"],
    "gradient": ["gradient", "{p}"],
    "jacobian": ["jacobian", "{p}"],
    "hessian": ["hessian", "{p}"],
    "critical": ["critical", "{p}"],
    "det": ["det", "{p}"],
    "eigen": ["eigen", "{p}"],
    "svd": ["svd", "{p}"],
    "expect": ["expect", "{p}"],
    "variance --dist": ["variance", "--dist", "{p}"],
    "entropy": ["entropy", "{p}"],
    "cross-entropy": ["cross-entropy", "{p}", "[1/2, 1/2]"],
    "kl": ["kl", "[1/2, 1/2]", "{p}"],
    "bayes": ["bayes", "--prior", "{p}", "--likelihood", "0.9", "--false-positive", "0.1"],
}

# Commands from later issues join the suite as soon as they exist.
OPTIONAL_COMMANDS = {
    "descend": ["descend", "{p}", "--from", "1,1"],
    "newton": ["newton", "{p}", "--from", "1"],
    "lagrange": ["lagrange", "{p}", "--subject-to", "x + y - 1"],
    "norm": ["norm", "{p}"],
    "dot": ["dot", "{p}", "[1, 2]"],
    "matmul": ["matmul", "{p}", "[[1, 0], [0, 1]]"],
    "backprop": ["backprop", "{p}", "--wrt", "w"],
    "cdf": ["cdf", "--dist", "{p}", "--at", "1"],
    "worksheet": ["worksheet", "--topic", "{p}"],
}


def available_commands() -> dict[str, list[str]]:
    import typer

    from symtutor.cli.main import app

    names = set(typer.main.get_command(app).commands)
    table = dict(COMMANDS)
    table.update({k: v for k, v in OPTIONAL_COMMANDS.items() if v[0] in names})
    return table


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float


def run_cli(args: list[str], stdin: str = "") -> Outcome:
    """Call ``symtutor.cli.main.run`` with ``args`` as the command line."""
    out, err = io.StringIO(), io.StringIO()
    saved_argv, saved_stdin = sys.argv, sys.stdin
    sys.argv, sys.stdin = ["symtutor", *args], io.StringIO(stdin)
    os.environ["SYMTUTOR_TIMEOUT"] = str(TIME_LIMIT)
    os.environ["NO_COLOR"] = "1"
    start = time.monotonic()
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            run()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv, sys.stdin = saved_argv, saved_stdin
    return Outcome(code, out.getvalue(), err.getvalue(), time.monotonic() - start)


def fill(template: list[str], payload: str) -> list[str]:
    return [part.replace("{p}", payload) for part in template]


def assert_clean_error(outcome: Outcome, codes=(2,)) -> None:
    """One line on stderr, no traceback, an exit code from ``codes``."""
    assert outcome.code in codes, (outcome.code, outcome.stderr, outcome.stdout[:300])
    assert "Traceback" not in outcome.stderr + outcome.stdout
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, outcome.stderr
    assert lines[0].startswith("symtutor: error:"), lines[0]
