"""Integral benchmark over the development corpus (../shared/corpus/integrals.jsonl).

For every item, in the same run and each under the bounded worker with a time limit:
  * symtutor's engine (explain_integral): complete (no cas step) and verified?
  * the baseline: SymPy's integral_steps alone, with no DontKnowRule in its tree?
  * SymPy's integrate: an antiderivative without an unevaluated Integral?
  * an independent check of symtutor's answer: d/dx(answer) - integrand ~ 0 at random points.
Prints a table per difficulty and overall.  Usage:

    python bench/integrals_bench.py [--timeout 10] [--workers 2] [--limit N] [--only ID,ID] [--corpus PATH]

``--only`` takes item ids (``dev-int-050`` or just ``50``) to measure a subset quickly.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import sys
import time
from pathlib import Path

import sympy as sp

from symtutor.budget import Budget, run_bounded
from symtutor.errors import SymtutorError, TimeLimitError

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "integrals.jsonl"
if not DEFAULT_CORPUS.exists():
    DEFAULT_CORPUS = Path("/work/shared/corpus/integrals.jsonl")


def load(path: Path) -> list[dict]:
    items = []
    for line in path.read_text().splitlines():
        if line.strip():
            items.append(json.loads(line))
    return items


def _read(item):
    # The corpus is trusted data (not user input), so the bench may sympify it directly.
    x = sp.Symbol(item["var"])
    return sp.sympify(item["expr"], locals={item["var"]: x}), x


def _engine(f, x):
    from symtutor.engine.integrals import explain_integral

    start = time.perf_counter()
    d = explain_integral(f, x)
    has_cas = any(s.rule == "cas" for s in d.walk())
    return {"complete": d.complete, "verified": d.verified, "cas": has_cas, "answer": d.answer,
            "seconds": time.perf_counter() - start}


def _baseline(f, x):
    from sympy.integrals.manualintegrate import integral_steps

    return not integral_steps(f, x).contains_dont_know()


def _sympy(f, x):
    return not sp.integrate(f, x).has(sp.Integral)


def independently_correct(answer, f, x, points: int = 6) -> bool:
    """d/dx answer − f is ~0 at random real points (30 digits), as the corpus was verified:
    40 points in (−3, 3), then 40 in (−30, 30) for integrands real only far out (√(x² − 10)⁵/x)."""
    xs = sp.Symbol(x.name, real=True)  # real, so that d/dx |g(x)| is sign(g)·g'
    answer = answer.subs(sp.Symbol("C"), 0).xreplace({sp.Symbol(x.name): xs})
    f = f.xreplace({x: xs})
    x = xs
    diff = sp.diff(answer, xs) - f
    rng = random.Random(1)
    agreeing = 0
    for k in range(80):
        point = sp.Float(rng.uniform(-3, 3) if k < 40 else rng.uniform(-30, 30), 30)
        try:
            value = complex(diff.evalf(30, subs={xs: point}))
            scale = abs(complex(f.evalf(30, subs={x: point})))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if value != value or scale != scale or scale == float("inf"):
            continue
        if abs(f.evalf(30, subs={x: point}).as_real_imag()[1]) > 1e-20:
            continue  # outside the integrand's real domain
        if abs(value) > 1e-9 * max(1.0, scale):
            return False
        agreeing += 1
        if agreeing >= points:
            return True
    return agreeing > 0


def run_item(args):
    item, timeout = args
    f, x = _read(item)
    budget = Budget(timeout=timeout, memory_mb=1500)
    row = {"id": item["id"], "difficulty": item["difficulty"]}
    start = time.perf_counter()
    try:
        result = run_bounded(_engine, f, x, budget=budget)
        answer = result.pop("answer")
        row.update(result)
        row["answer"] = str(answer)
        row["status"] = "ok"
        try:
            row["correct"] = independently_correct(answer, f, x)
        except Exception:  # noqa: BLE001 - the check could not run: count the answer as not shown correct
            row["correct"] = False
    except TimeLimitError:
        row["status"] = "timeout"
    except SymtutorError as exc:
        row["status"] = "unsupported"
        row["error"] = exc.message
    except Exception as exc:  # noqa: BLE001 - a crash is a result to report
        row["status"] = "crash"
        row["error"] = repr(exc)[:200]
    row["seconds"] = time.perf_counter() - start
    for name, job in (("baseline", _baseline), ("sympy", _sympy)):
        try:
            row[name] = bool(run_bounded(job, f, x, budget=budget))
        except Exception:  # noqa: BLE001 - timeouts and failures count as "cannot"
            row[name] = False
    return row


def _item_id(token: str) -> str:
    token = token.strip()
    return f"dev-int-{int(token):03d}" if token.isdigit() else token


def percent(part, whole) -> str:
    return f"{100.0 * part / whole:5.1f}%" if whole else "   - "


def table(rows) -> str:
    groups = [("easy", [r for r in rows if r["difficulty"] == "easy"]),
              ("medium", [r for r in rows if r["difficulty"] == "medium"]),
              ("hard", [r for r in rows if r["difficulty"] == "hard"]),
              ("overall", rows)]
    head = (f"{'difficulty':<10} {'items':>5} {'complete+verified':>17} {'  of sympy-doable':>17} "
            f"{'integral_steps':>14} {'sympy.integrate':>15} {'cas fallback':>12} {'timeouts':>8} "
            f"{'unsupported':>11} {'wrong':>5} {'median s':>8} {'p95 s':>6}")
    lines = [head, "-" * len(head)]
    for name, group in groups:
        n = len(group)
        good = [r for r in group if r.get("complete") and r.get("verified") and r.get("correct")]
        doable = [r for r in group if r.get("sympy")]
        good_doable = [r for r in good if r.get("sympy")]
        base = [r for r in group if r.get("baseline")]
        cas = [r for r in group if r.get("cas")]
        timeouts = [r for r in group if r["status"] == "timeout"]
        unsupported = [r for r in group if r["status"] in ("unsupported", "crash")]
        wrong = [r for r in group if r["status"] == "ok" and not r.get("correct")]
        times = sorted(r["seconds"] for r in group)
        median = statistics.median(times) if times else 0.0
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))] if times else 0.0
        lines.append(f"{name:<10} {n:>5} {percent(len(good), n):>17} {percent(len(good_doable), len(doable)):>17} "
                     f"{percent(len(base), n):>14} {percent(len(doable), n):>15} {percent(len(cas), n):>12} "
                     f"{percent(len(timeouts), n):>8} {percent(len(unsupported), n):>11} {len(wrong):>5} "
                     f"{median:>8.2f} {p95:>6.2f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--only", default=None, help="comma-separated item ids (dev-int-050 or 50): just these")
    parser.add_argument("--jsonl", type=Path, default=None, help="also write one result row per item here")
    args = parser.parse_args(argv)
    items = load(args.corpus)
    if args.only:
        wanted = {_item_id(token) for token in args.only.split(",") if token.strip()}
        items = [item for item in items if item["id"] in wanted]
    items = items[: args.limit]
    workers = max(1, min(args.workers, 2))
    started = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        rows = []
        for row in pool.imap(run_item, [(item, args.timeout) for item in items]):
            rows.append(row)
            print(f"  {row['id']:<12} {row['difficulty']:<6} {row['status']:<11} "
                  f"{'complete' if row.get('complete') else '':<8} {'verified' if row.get('verified') else '':<8} "
                  f"{'cas' if row.get('cas') else '':<3} base={'y' if row['baseline'] else 'n'} "
                  f"sympy={'y' if row['sympy'] else 'n'} {row['seconds']:.1f}s"
                  f"{'  WRONG' if row['status'] == 'ok' and not row.get('correct') else ''}", file=sys.stderr)
            if args.jsonl:
                with args.jsonl.open("a") as out:
                    out.write(json.dumps(row) + "\n")
    print(f"Integral benchmark: {len(rows)} items from {args.corpus.name}, time limit {args.timeout:g} s per "
          f"item and per system, {workers} workers, {time.perf_counter() - started:.0f} s in all")
    print(table(rows))
    print("complete+verified: no cas step, every step and the answer checked, and the answer passes an "
          "independent numerical derivative check; 'of sympy-doable': among items sympy.integrate solves; "
          "integral_steps: SymPy's rule tree alone has no DontKnowRule (the baseline); wrong: an answer that "
          "fails the independent check.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
