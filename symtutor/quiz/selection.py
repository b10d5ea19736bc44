"""Choosing the problems of a session: filters, due reviews, a reproducible sample."""
from __future__ import annotations

import random

from symtutor.quiz import dispatch
from symtutor.quiz.bank import Bank, Instance


def choose(bank: Bank, *, topic: str | None = None, count: int = 5, difficulty: int | None = None,
           tag: str | None = None, seed: int | None = None, only_ids: list[str] | None = None) -> list[Instance]:
    """Up to ``count`` problem instances, easiest first; reproducible for a given ``seed``.

    ``only_ids`` (the due reviews, most overdue first) restricts and orders the choice.
    Problems whose engine is not installed are left out.
    """
    pool = [p for p in bank.select(topic=topic, difficulty=difficulty, tag=tag) if dispatch.available(p.command)]
    rng = random.Random(seed)
    if only_ids is not None:
        rank = {pid: k for k, pid in enumerate(only_ids)}
        chosen = sorted((p for p in pool if p.id in rank), key=lambda p: rank[p.id])[:count]
    else:
        chosen = rng.sample(pool, min(count, len(pool)))
        chosen.sort(key=lambda p: (p.difficulty, p.id))
    variant_seed = seed if seed is not None else rng.randrange(2**31)
    return [p.instantiate(variant_seed) for p in chosen]
