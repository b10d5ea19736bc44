"""Limit benchmark over the shared corpus: how many limits symtutor explains completely and verifies.

    python bench/limits_bench.py [--corpus PATH] [--timeout SECONDS] [--ids 001,002] [-v]

Each item runs in the bounded worker (symtutor.budget.run_bounded) with a time limit.
An answer counts as wrong when it differs from the corpus answer (whether or not
symtutor verified it).  The corpus is trusted data, so it is read with sympy.sympify here.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import sympy as sp

from symtutor.budget import Budget, run_bounded
from symtutor.errors import SymtutorError, TimeLimitError

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "limits.jsonl"
FALLBACK_CORPUS = Path("/work/shared/corpus/limits.jsonl")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def solve(item: dict):
    from symtutor.engine.limits import explain_limit

    x = sp.Symbol(item["var"])
    expr = sp.sympify(item["expr"], locals={item["var"]: x})
    point = sp.sympify(item["point"])
    derivation = explain_limit(expr, x, point, item["dir"] or "+-", input_text=item["expr"])
    return derivation.answer, derivation.verified, derivation.complete


def same(answer, expected) -> bool:
    if answer == expected:
        return True
    if answer in (sp.oo, -sp.oo, sp.nan, sp.zoo) or expected in (sp.oo, -sp.oo, sp.nan, sp.zoo):
        return False
    try:
        return abs(complex(sp.N(answer - expected, 30))) < 1e-20
    except (TypeError, ValueError):
        return sp.simplify(answer - expected) == 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--ids", default="")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    path = args.corpus or (DEFAULT_CORPUS if DEFAULT_CORPUS.exists() else FALLBACK_CORPUS)
    items = load(path)
    if args.ids:
        wanted = {i.strip() for i in args.ids.split(",")}
        items = [it for it in items if it["id"] in wanted or it["id"][-3:] in wanted]
    counts = {"verified": 0, "cas": 0, "timeout": 0, "wrong": 0, "error": 0, "unverified": 0}
    times = []
    for item in items:
        started = time.monotonic()
        status = ""
        try:
            answer, verified, complete = run_bounded(solve, item, budget=Budget(timeout=args.timeout))
            expected = sp.sympify(item["answer"])
            if not same(answer, expected):
                counts["wrong"] += 1
                status = f"WRONG {answer} (expected {expected})"
            elif not complete:
                counts["cas"] += 1
                status = "cas" + (" verified" if verified else " unverified")
            elif verified:
                counts["verified"] += 1
                status = "ok"
            else:
                counts["unverified"] += 1
                status = "complete, not verified"
        except TimeLimitError:
            counts["timeout"] += 1
            status = "timeout"
        except SymtutorError as exc:
            counts["error"] += 1
            status = f"error: {exc.message}"
        except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not to hide
            counts["error"] += 1
            status = f"crash: {type(exc).__name__}: {exc}"
        elapsed = time.monotonic() - started
        times.append(elapsed)
        if args.verbose:
            print(f"{item['id']:<12} {elapsed:6.2f}s  {status:<40} {item['expr'][:60]}", file=sys.stderr)
    n = len(items)
    pct = lambda k: 100.0 * k / n if n else 0.0  # noqa: E731
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))] if times else 0.0
    print(f"limits benchmark: {n} items from {path.name} (timeout {args.timeout:g} s each)")
    print(f"{'measure':<34}{'value':>10}")
    print(f"{'complete and verified':<34}{pct(counts['verified']):>9.1f}%")
    print(f"{'complete, not verified':<34}{pct(counts['unverified']):>9.1f}%")
    print(f"{'uses a cas step':<34}{pct(counts['cas']):>9.1f}%")
    print(f"{'timeouts':<34}{pct(counts['timeout']):>9.1f}%")
    print(f"{'errors (no answer)':<34}{pct(counts['error']):>9.1f}%")
    print(f"{'wrong answers':<34}{pct(counts['wrong']):>9.1f}%")
    print(f"{'median seconds':<34}{statistics.median(times) if times else 0:>10.2f}")
    print(f"{'p95 seconds':<34}{p95:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
