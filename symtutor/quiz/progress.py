"""The learner's progress: every attempt and each problem's review schedule, in SQLite.

The database lives in the user data directory (``platformdirs``), or in
``$SYMTUTOR_HOME`` when that is set.  Each answered problem is one transaction (the
attempt and the new schedule together), in WAL mode with full sync, so a killed process
loses at most the answer in flight.  The schema is versioned with ``PRAGMA
user_version``: a database written by a newer symtutor is reported and left alone, and
so is a damaged one — never silently replaced.
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from symtutor.errors import SymtutorError
from symtutor.quiz.scheduling import Card, grade, review

SCHEMA_VERSION = 1
HOME_ENV = "SYMTUTOR_HOME"
DB_NAME = "progress.sqlite3"

_SCHEMA = """
CREATE TABLE attempts (
    id          INTEGER PRIMARY KEY,
    problem_id  TEXT NOT NULL,
    topic       TEXT NOT NULL,
    rules       TEXT NOT NULL DEFAULT '[]',
    variant     TEXT NOT NULL DEFAULT '{}',
    answer      TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('correct', 'wrong', 'skipped')),
    hints       INTEGER NOT NULL DEFAULT 0,
    mistake     TEXT,
    answered_at TEXT NOT NULL
);
CREATE INDEX attempts_by_problem ON attempts (problem_id);
CREATE TABLE reviews (
    problem_id  TEXT PRIMARY KEY,
    topic       TEXT NOT NULL,
    rules       TEXT NOT NULL DEFAULT '[]',
    ease        REAL NOT NULL,
    interval    REAL NOT NULL,
    repetitions INTEGER NOT NULL,
    lapses      INTEGER NOT NULL,
    due         TEXT NOT NULL,
    last_review TEXT NOT NULL
);
"""
_OUR_TABLES = {"attempts", "reviews", "attempts_by_problem"}


class ProgressError(SymtutorError):
    """The progress database cannot be used (damaged, newer, not ours, unwritable)."""


def data_dir() -> Path:
    """``$SYMTUTOR_HOME``, else the platform's user data directory for symtutor."""
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("symtutor", appauthor=False))


def database_path() -> Path:
    return data_dir() / DB_NAME


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _unstamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Attempt:
    """One answered (or skipped) problem."""

    problem_id: str
    topic: str
    outcome: str  # correct | wrong | skipped
    hints: int = 0
    rules: tuple[str, ...] = ()
    answer: str | None = None
    mistake: str | None = None
    variant: dict = field(default_factory=dict)


@dataclass
class StatsRow:
    name: str
    attempts: int = 0
    correct: int = 0
    due: int = 0
    scheduled: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None


class Progress:
    """An open progress database.  Use as a context manager or call ``close``."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else database_path()
        self._conn = self._open()

    # -- opening ---------------------------------------------------------------------------

    def _way_out(self) -> str:
        return (f"move it aside to start afresh (mv '{self.path}' '{self.path}.broken') "
                f"or use another directory with {HOME_ENV}=DIR")

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressError(f"cannot create the progress directory {self.path.parent}: "
                                f"{exc.strerror or exc}; set {HOME_ENV}=DIR to keep progress elsewhere") from None
        existed = self.path.exists() and self.path.stat().st_size > 0
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
        except sqlite3.Error as exc:
            raise ProgressError(f"cannot open the progress database {self.path}: {exc}; "
                                f"set {HOME_ENV}=DIR to keep progress elsewhere") from None
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if existed:
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise sqlite3.DatabaseError(check)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ProgressError(f"the progress database {self.path} is damaged ({exc}); nothing was changed; "
                                + self._way_out()) from None
        if version > SCHEMA_VERSION:
            conn.close()
            raise ProgressError(f"the progress database {self.path} was written by a newer symtutor (schema "
                                f"version {version}; this one knows up to {SCHEMA_VERSION}); it was left "
                                f"untouched: upgrade symtutor, or set {HOME_ENV}=DIR to use another directory")
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            if version == 0:
                self._create(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ProgressError(f"cannot use the progress database {self.path}: {exc}; " + self._way_out()) from None
        return conn

    def _create(self, conn: sqlite3.Connection) -> None:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if names - _OUR_TABLES:
            raise ProgressError(f"{self.path} is an SQLite database, but not symtutor's progress (it has tables "
                                f"{', '.join(sorted(names))}); nothing was changed; {self._way_out()}")
        conn.execute("BEGIN IMMEDIATE")
        try:
            if not names:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def record(self, attempt: Attempt, now: datetime | None = None) -> Card:
        """Store the attempt and the problem's new schedule in one transaction."""
        now = now or now_utc()
        card = review(self.card(attempt.problem_id) or Card(), grade(attempt.outcome, attempt.hints), now)
        rules = json.dumps(sorted(set(attempt.rules)))
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO attempts (problem_id, topic, rules, variant, answer, outcome, hints, mistake, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt.problem_id, attempt.topic, rules, json.dumps(attempt.variant, default=str), attempt.answer,
                 attempt.outcome, attempt.hints, attempt.mistake, _stamp(now)))
            conn.execute(
                "INSERT INTO reviews (problem_id, topic, rules, ease, interval, repetitions, lapses, due, last_review)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (problem_id) DO UPDATE SET topic = excluded.topic, rules = excluded.rules,"
                " ease = excluded.ease, interval = excluded.interval, repetitions = excluded.repetitions,"
                " lapses = excluded.lapses, due = excluded.due, last_review = excluded.last_review",
                (attempt.problem_id, attempt.topic, rules, card.ease, card.interval, card.repetitions, card.lapses,
                 _stamp(card.due), _stamp(now)))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise ProgressError(f"could not save progress to {self.path}: {exc}") from None
        return card

    # -- reading ---------------------------------------------------------------------------

    def card(self, problem_id: str) -> Card | None:
        row = self._conn.execute("SELECT ease, interval, repetitions, lapses, due FROM reviews WHERE problem_id = ?",
                                 (problem_id,)).fetchone()
        if row is None:
            return None
        return Card(ease=row[0], interval=row[1], repetitions=row[2], lapses=row[3], due=_unstamp(row[4]))

    def due(self, now: datetime | None = None) -> list[str]:
        """Problem ids whose review is due at ``now``, most overdue first."""
        rows = self._conn.execute("SELECT problem_id FROM reviews WHERE due <= ? ORDER BY due, problem_id",
                                  (_stamp(now or now_utc()),))
        return [r[0] for r in rows]

    def next_due(self) -> datetime | None:
        row = self._conn.execute("SELECT MIN(due) FROM reviews").fetchone()
        return _unstamp(row[0]) if row and row[0] else None

    def attempts(self, problem_id: str | None = None) -> list[dict]:
        query = "SELECT problem_id, topic, rules, outcome, hints, mistake, answer, answered_at FROM attempts"
        args: tuple = ()
        if problem_id:
            query += " WHERE problem_id = ?"
            args = (problem_id,)
        cols = ("problem_id", "topic", "rules", "outcome", "hints", "mistake", "answer", "answered_at")
        return [dict(zip(cols, row)) for row in self._conn.execute(query + " ORDER BY id", args)]

    def stats(self, now: datetime | None = None) -> tuple[list[StatsRow], list[StatsRow]]:
        """(per topic, per rule): attempts, correct answers, problems due now, problems scheduled."""
        stamp = _stamp(now or now_utc())
        topics: dict[str, StatsRow] = {}
        rules: dict[str, StatsRow] = {}
        for topic, rule_list, outcome in self._conn.execute("SELECT topic, rules, outcome FROM attempts"):
            for row in [topics.setdefault(topic, StatsRow(topic))] + \
                    [rules.setdefault(r, StatsRow(r)) for r in _rules(rule_list)]:
                row.attempts += 1
                row.correct += outcome == "correct"
        for topic, rule_list, due in self._conn.execute("SELECT topic, rules, due FROM reviews"):
            for row in [topics.setdefault(topic, StatsRow(topic))] + \
                    [rules.setdefault(r, StatsRow(r)) for r in _rules(rule_list)]:
                row.scheduled += 1
                row.due += due <= stamp
        order = lambda rows: sorted(rows.values(), key=lambda r: r.name)  # noqa: E731
        return order(topics), order(rules)


def _rules(text: str) -> Iterable[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [r for r in value if isinstance(r, str)] if isinstance(value, list) else []
