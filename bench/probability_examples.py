"""The issue-6 example commands: answer, verification and time, as measured.

Run: python bench/probability_examples.py   (in-process through the Typer app, JSON output)
"""
from __future__ import annotations

import json
import shlex
import time

from typer.testing import CliRunner

from symtutor.cli.main import app

COMMANDS = [
    'expect "{1: 1/3, 2: 1/3, 3: 1/3}"',
    'expect "300 if X <= 2 else -200" --dist "DiscreteUniform(1, 6)"',
    'expect x --pdf "2*x" --support 0,1',
    'variance --dist "Binomial(10, 1/2)"',
    'entropy "[1/2, 1/4, 1/4]" --base 2',
    'entropy --dist "Normal(mu, sigma)"',
    'cross-entropy "[1, 0, 0]" "[0.7, 0.2, 0.1]"',
    'kl "[1/2, 1/2]" "[3/4, 1/4]"',
    'bayes --prior 0.01 --likelihood 0.95 --false-positive 0.05',
    'expect x --dist "Exponential(2)"',
    'expect x --dist "Exponential(lambda)"',
    'kl "Normal(mu_1, sigma_1)" "Normal(mu_2, sigma_2)"',
]


def main() -> None:
    runner = CliRunner()
    rows = []
    for command in COMMANDS:
        start = time.perf_counter()
        result = runner.invoke(app, [*shlex.split(command), "--format", "json"])
        seconds = time.perf_counter() - start
        if result.exit_code != 0:
            rows.append((command, f"exit {result.exit_code}: {result.exception}", "-", "-", seconds))
            continue
        data = json.loads(result.stdout)
        rows.append((command, data["answer"], "yes" if data["verified"] else "NO",
                     "yes" if data["complete"] else "cas", seconds))
    header = ("command", "answer", "verified", "all steps explained", "seconds")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for command, answer, verified, complete, seconds in rows:
        print(f"| `symtutor {command}` | `{answer}` | {verified} | {complete} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
