"""Spaced repetition: when should a problem come back?  SuperMemo-2 (SM-2).

SM-2 rather than FSRS: the quiz grades an answer on a coarse scale (right unaided,
right with hints, wrong, skipped) that maps directly onto SM-2's quality 0-5; the
whole state is three numbers (ease, interval, repetitions) that sit in plain SQLite
columns, so ``stats`` counts what is due with one query and nothing is a black box;
it is deterministic (no fuzzing), so the schedule is testable to the day; and it needs
no dependency, while FSRS's defaults are fitted to flashcard logs of a kind a few
dozen maths problems will not produce.

    interval: 1 day, then 6 days, then the previous interval times the ease;
    ease' = ease + 0.1 - (5 - q)(0.08 + (5 - q)·0.02), never below 1.3;
    a quality below 3 starts the repetitions again (due again tomorrow).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

INITIAL_EASE = 2.5
MIN_EASE = 1.3
FIRST_INTERVAL = 1.0
SECOND_INTERVAL = 6.0

# how an attempt is graded (SM-2 quality, 0..5)
QUALITY = {"correct": 5, "correct_with_help": 3, "wrong": 1, "skipped": 0}


@dataclass(frozen=True)
class Card:
    """The review state of one problem."""

    ease: float = INITIAL_EASE
    interval: float = 0.0  # days
    repetitions: int = 0
    lapses: int = 0
    due: datetime | None = None


def grade(outcome: str, hints_used: int) -> int:
    """SM-2 quality for an attempt: unaided right 5, right with hints 3, wrong 1, skipped 0."""
    if outcome == "correct":
        return QUALITY["correct"] if hints_used == 0 else QUALITY["correct_with_help"]
    return QUALITY.get(outcome, 0)


def review(card: Card, quality: int, now: datetime) -> Card:
    """The card after an answer of ``quality`` (0..5) given at ``now``."""
    if not 0 <= quality <= 5:
        raise ValueError(f"quality must be 0..5, got {quality}")
    ease = max(MIN_EASE, card.ease + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))
    if quality < 3:
        return replace(card, ease=ease, interval=FIRST_INTERVAL, repetitions=0, lapses=card.lapses + 1,
                       due=now + timedelta(days=FIRST_INTERVAL))
    repetitions = card.repetitions + 1
    if repetitions == 1:
        interval = FIRST_INTERVAL
    elif repetitions == 2:
        interval = SECOND_INTERVAL
    else:
        interval = round(card.interval * ease, 2)
    return replace(card, ease=ease, interval=interval, repetitions=repetitions,
                   due=now + timedelta(days=interval))
