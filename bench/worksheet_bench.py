"""Worksheet benchmark: 40 mixed problems with full solutions, 1 worker vs every core.

    python bench/worksheet_bench.py [--count 40] [--seed 11] [--repeat 1] [--timeout 10]

Prints the wall time of each run and the speed-up.  The machine's load average is
printed too: on a shared machine the speed-up is bounded by the cores actually free.
"""
from __future__ import annotations

import argparse
import os
import time

from symtutor import worksheet as sheet
from symtutor.quiz.bank import bank_dirs, load_bank


def run(bank, count: int, seed: int, workers: int, timeout: float) -> tuple[float, list, str]:
    start = time.perf_counter()
    text, results = sheet.make_worksheet(bank, topic=None, count=count, seed=seed, solutions=True,
                                         workers=workers, timeout=timeout)
    return time.perf_counter() - start, results, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=1, help="runs per setting (the best is reported)")
    parser.add_argument("--timeout", type=float, default=10.0, help="time limit per problem, seconds")
    args = parser.parse_args()

    bank = load_bank(bank_dirs())
    cores = sheet.default_workers()
    chosen = sheet.choose(bank, topic=None, count=args.count, seed=args.seed)
    topics = sorted({i.topic for i in chosen})
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"worksheet: {len(chosen)} mixed problems ({', '.join(topics)}), seed {args.seed}, with solutions")
    print(f"cores available: {cores}; load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print()
    print(f"{'workers':>7}  {'wall s':>8}  {'problems/s':>10}  {'timeouts':>8}  {'speed-up':>8}")
    rows, texts = [], set()
    settings = [1] if cores == 1 else [1, cores]
    for workers in settings:
        best = None
        for _ in range(args.repeat):
            wall, results, text = run(bank, args.count, args.seed, workers, args.timeout)
            texts.add(text)
            if best is None or wall < best[0]:
                best = (wall, results)
        wall, results = best
        timeouts = sum(1 for r in results if r.error and "time limit" in r.error)
        rows.append((workers, wall))
        speed_up = rows[0][1] / wall
        print(f"{workers:>7}  {wall:>8.2f}  {len(results) / wall:>10.2f}  {timeouts:>8}  {speed_up:>7.2f}x")
    print()
    print("same sheet from every run:", "yes" if len(texts) == 1 else "NO (timeouts differ between runs)")


if __name__ == "__main__":
    main()
