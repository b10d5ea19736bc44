"""Start-up cost: wall time of `symtutor diff "sin(x**2)"` against `python -c "import sympy"`.

Runs the two commands alternately (default 7 rounds) and prints the medians and their
ratio (target: at most 1.3).  Usage: python bench/startup_bench.py [rounds]
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def symtutor_executable() -> str:
    beside = Path(sys.executable).with_name("symtutor")
    return str(beside) if beside.exists() else (shutil.which("symtutor") or "symtutor")


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "NO_COLOR": "1"})
    return time.perf_counter() - start


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    baseline_cmd = [sys.executable, "-c", "import sympy"]
    tutor_cmd = [symtutor_executable(), "diff", "sin(x**2)"]
    wall_time(baseline_cmd), wall_time(tutor_cmd)  # warm the file cache
    baseline, tutor = [], []
    for _ in range(rounds):
        baseline.append(wall_time(baseline_cmd))
        tutor.append(wall_time(tutor_cmd))
    b, t = statistics.median(baseline), statistics.median(tutor)
    print(f"| command | median of {rounds} (ms) |")
    print("|---|---:|")
    print(f"| python -c \"import sympy\" | {b * 1000:.0f} |")
    print(f"| symtutor diff \"sin(x**2)\" | {t * 1000:.0f} |")
    print(f"| ratio | {t / b:.2f} |")


if __name__ == "__main__":
    main()
