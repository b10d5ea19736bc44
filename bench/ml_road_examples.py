"""The example commands of issue 10 (calculus to training a model): answer, verification, time.

Run: python bench/ml_road_examples.py   (each command runs once through the installed CLI, --format json)
"""
from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

EXE = str(Path(sys.executable).with_name("symtutor"))
COMMANDS = [
    'descend "x**2 + 3*y**2" --from 1,1 --rate 0.1 --iterations 5',
    'newton "x**3 - 2*x - 5" --from 2 --iterations 4',
    'newton "x**2 + 3*y**2 - x*y" --from 1,1',
    'lagrange "x*y" --subject-to "x + y - 10"',
    'norm "[3, -4]" --p 1,2,oo',
    'dot "[1, 2, 3]" "[4, 5, 6]"',
    'matmul "[[1, 2], [3, 4]]" "[[5, 6], [7, 8]]"',
    'diff "log(sigmoid(w*x + b))" --wrt w',
    'backprop "sigmoid(w2*tanh(w1*x + b1) + b2)" --wrt w1,b1,w2,b2',
    'cdf --dist "Normal(0, 1)" --at 1.96',
]


def short(answer: str, width: int = 60) -> str:
    text = " ".join(str(answer).split())
    if "." in text:  # decimals to 6 significant digits for the table
        import re

        text = re.sub(r"\d+\.\d{7,}", lambda m: f"{float(m.group()):.6g}", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    rows = []
    for command in COMMANDS:
        start = time.perf_counter()
        proc = subprocess.run([EXE, *shlex.split(command), "--format", "json"], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode == 0:
            data = json.loads(proc.stdout)
            rows.append((command, short(data["answer"]), "yes" if data["verified"] else "NO",
                         "yes" if data["complete"] else "no", f"{seconds:.2f}"))
        else:
            rows.append((command, f"exit {proc.returncode}: {proc.stderr.strip()[:50]}", "-", "-", f"{seconds:.2f}"))
    head = ("command", "answer", "verified", "complete", "seconds")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main()
