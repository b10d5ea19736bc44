"""Coverage and latency of `det`, `eigen`, `svd` on random integer matrices, and of
`gradient`, `jacobian`, `hessian`, `critical` on a few fixed functions.

Random matrices: sizes 2x2, 3x3, 4x4, entries uniform in [-5, 5], fixed seed.  Each
problem runs like the command does: engine + verification + text rendering inside the
bounded worker (10 s).  Prints % verified, % complete (no cas step), timeouts, median
and p95 seconds per command and size.  Usage: python bench/linalg_bench.py [per-size]
"""
from __future__ import annotations

import random
import statistics
import sys
import time

import sympy as sp

from symtutor.budget import Budget, run_bounded
from symtutor.errors import SymtutorError, TimeLimitError
from symtutor.functions import sigmoid
from symtutor.render import render

SEED = 20240601
SIZES = (2, 3, 4)
TIMEOUT = 10.0


def _engines():
    from symtutor.engine.determinants import explain_determinant
    from symtutor.engine.eigen import explain_eigen
    from symtutor.engine.svd import explain_svd

    return {"det": explain_determinant, "eigen": explain_eigen, "svd": explain_svd}


def run_problem(solve) -> dict:
    derivation = solve()
    render(derivation, "text")
    return {"verified": derivation.verified, "complete": derivation.complete}


def measure(solve) -> tuple[dict, float, str]:
    start = time.perf_counter()
    outcome = ""
    try:
        result = run_bounded(run_problem, solve, budget=Budget(timeout=TIMEOUT))
    except TimeLimitError:
        result, outcome = {"verified": False, "complete": False}, "timeout"
    except SymtutorError as exc:
        result, outcome = {"verified": False, "complete": False}, f"error: {exc.message}"
    return result, time.perf_counter() - start, outcome


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def row(name, results, times, timeouts):
    n = len(results)
    verified = 100.0 * sum(r["verified"] for r in results) / n
    complete = 100.0 * sum(r["complete"] for r in results) / n
    return (f"| {name} | {n} | {verified:.0f}% | {complete:.0f}% | {timeouts} | "
            f"{statistics.median(times):.2f} | {p95(times):.2f} |")


def matrices(per_size: int):
    rng = random.Random(SEED)
    for n in SIZES:
        for _ in range(per_size):
            yield n, sp.ImmutableMatrix(n, n, lambda i, j: rng.randint(-5, 5))


def fixed_functions():
    from symtutor.engine.critical import explain_critical
    from symtutor.engine.multivariable import explain_gradient, explain_hessian, explain_jacobian

    x, y, z, a, b, c, d = sp.symbols("x y z a b c d")
    layer = [sigmoid(a * x + b * y + 1), sigmoid(c * x + d * y - 1)]
    return {
        "gradient": [lambda: explain_gradient(x**2 * y + sp.sin(y), [x, y]),
                     lambda: explain_gradient(sp.exp(x * y * z), [x, y, z]),
                     lambda: explain_gradient(sp.log(1 + sp.exp(x * y)), [x, y])],
        "jacobian": [lambda: explain_jacobian([x * y, x + y**2], [x, y]),
                     lambda: explain_jacobian(layer, [x, y]),
                     lambda: explain_jacobian([x * sp.cos(y), x * sp.sin(y), z], [x, y, z])],
        "hessian": [lambda: explain_hessian(x**3 - 3 * x * y + y**3, [x, y]),
                    lambda: explain_hessian(sp.exp(x * y * z) * sp.sin(x + y**2) / (1 + z**2), [x, y, z]),
                    lambda: explain_hessian(sp.log(1 + sp.exp(a * x)), [a, x])],
        "critical": [lambda: explain_critical(x**3 - 3 * x + y**2, [x, y]),
                     lambda: explain_critical(x**3 - 3 * x * y + y**3, [x, y]),
                     lambda: explain_critical(x**4 + y**4 - 4 * x * y, [x, y]),
                     lambda: explain_critical(x**2 + y**2 + z**2 - x * y + z, [x, y, z])],
    }


def main() -> None:
    per_size = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    engines = _engines()
    failures = []
    print(f"random integer matrices, entries in [-5, 5], seed {SEED}, {per_size} per size, "
          f"time limit {TIMEOUT:g} s")
    print("| command | problems | verified | complete | timeouts | median s | p95 s |")
    print("|:--------|---------:|---------:|---------:|---------:|---------:|------:|")
    problems = list(matrices(per_size))
    for command, engine in engines.items():
        all_results, all_times, all_timeouts = [], [], 0
        for n in SIZES:
            results, times, timeouts = [], [], 0
            for size, A in problems:
                if size != n:
                    continue
                result, seconds, outcome = measure(lambda A=A: engine(A))
                results.append(result)
                times.append(seconds)
                timeouts += outcome == "timeout"
                if not result["verified"]:
                    failures.append((command, A.tolist(), outcome or "not verified"))
            print(row(f"{command} {n}x{n}", results, times, timeouts))
            all_results += results
            all_times += times
            all_timeouts += timeouts
        print(row(f"**{command} all**", all_results, all_times, all_timeouts))
    print()
    print("fixed functions")
    print("| command | problems | verified | complete | timeouts | median s | p95 s |")
    print("|:--------|---------:|---------:|---------:|---------:|---------:|------:|")
    for command, cases in fixed_functions().items():
        results, times, timeouts = [], [], 0
        for k, case in enumerate(cases):
            result, seconds, outcome = measure(case)
            results.append(result)
            times.append(seconds)
            timeouts += outcome == "timeout"
            if not result["verified"]:
                failures.append((command, f"case {k}", outcome or "not verified"))
        print(row(command, results, times, timeouts))
    if failures:
        print()
        print("not verified:")
        for command, problem, outcome in failures:
            print(f"  {command} {problem}: {outcome}")


if __name__ == "__main__":
    main()
