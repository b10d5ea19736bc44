"""Coverage and latency of `symtutor diff` over the shared derivative corpus.

Prints: items, % verified, % complete (no cas step), % timeouts, median and p95 ms.
The corpus is trusted reference data, so this script (unlike symtutor) reads it with
sympify.  Usage: python bench/derivatives_bench.py [path/to/derivatives.jsonl]
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import sympy as sp

from symtutor.budget import Budget, run_bounded
from symtutor.engine.derivatives import explain_derivative
from symtutor.errors import SymtutorError, TimeLimitError
from symtutor.verify import equivalent

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "derivatives.jsonl"


def run_item(item: dict) -> dict:
    x = sp.Symbol(item["var"])
    expr = sp.sympify(item["expr"], locals={item["var"]: x})
    reference = sp.sympify(item["answer"], locals={item["var"]: x})
    d = explain_derivative(expr, x, input_text=item["expr"])
    return {"verified": d.verified, "complete": d.complete,
            "matches_reference": equivalent(d.answer, reference, domain=[expr])}


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    items = [json.loads(line) for line in corpus.read_text().splitlines() if line.strip()]
    budget = Budget(timeout=10)
    times, results, timeouts, errors = [], [], 0, []
    for item in items:
        start = time.perf_counter()
        try:
            results.append(run_bounded(run_item, item, budget=budget))
        except TimeLimitError:
            timeouts += 1
            results.append({"verified": False, "complete": False, "matches_reference": False})
        except SymtutorError as exc:
            errors.append((item["id"], exc.message))
            results.append({"verified": False, "complete": False, "matches_reference": False})
        times.append((time.perf_counter() - start) * 1000)
    n = len(items)
    pct = lambda k: 100.0 * sum(r[k] for r in results) / n  # noqa: E731
    times.sort()
    p95 = times[min(n - 1, int(round(0.95 * (n - 1))))]
    print(f"corpus: {corpus.name}")
    print("| items | verified | complete | matches reference | timeouts | median ms | p95 ms |")
    print("|------:|---------:|---------:|------------------:|---------:|----------:|-------:|")
    print(f"| {n} | {pct('verified'):.1f}% | {pct('complete'):.1f}% | {pct('matches_reference'):.1f}% "
          f"| {timeouts} | {statistics.median(times):.0f} | {p95:.0f} |")
    for item, r in zip(items, results):
        if not (r["verified"] and r["complete"] and r["matches_reference"]):
            print(f"  not verified+complete: {item['id']} {item['expr']}  {r}")
    for ident, message in errors:
        print(f"  error: {ident}: {message}")


if __name__ == "__main__":
    main()
