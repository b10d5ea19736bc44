"""Progress: SQLite store, SM-2 schedule, versioning, corruption, stats, surviving SIGKILL."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from symtutor.quiz.progress import SCHEMA_VERSION, Attempt, Progress, ProgressError, database_path
from symtutor.quiz.scheduling import Card, grade, review

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMTUTOR_HOME", str(tmp_path))
    return tmp_path


# --- scheduling ------------------------------------------------------------------------------


def test_sm2_intervals_grow_and_a_lapse_resets():
    card = Card()
    card = review(card, 5, T0)
    assert (card.repetitions, card.interval, card.due) == (1, 1.0, T0 + timedelta(days=1))
    card = review(card, 5, T0)
    assert (card.repetitions, card.interval) == (2, 6.0)
    card = review(card, 5, T0)
    assert card.repetitions == 3 and card.interval == pytest.approx(6.0 * card.ease, abs=0.01)
    lapsed = review(card, 1, T0)
    assert (lapsed.repetitions, lapsed.interval, lapsed.lapses) == (0, 1.0, 1)
    assert lapsed.ease < card.ease


def test_grades():
    assert grade("correct", 0) == 5 and grade("correct", 2) == 3
    assert grade("wrong", 0) == 1 and grade("skipped", 0) == 0


def test_ease_never_falls_below_the_floor():
    card = Card()
    for _ in range(20):
        card = review(card, 0, T0)
    assert card.ease == pytest.approx(1.3)


# --- the database -------------------------------------------------------------------------------


def test_database_lives_in_symtutor_home(home):
    assert database_path() == home / "progress.sqlite3"
    with Progress() as progress:
        assert progress.path == home / "progress.sqlite3"
    conn = sqlite3.connect(home / "progress.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_record_schedules_and_due(home):
    with Progress() as progress:
        progress.record(Attempt("p1", "derivatives", "correct", rules=("chain_rule",)), now=T0)
        progress.record(Attempt("p2", "limits", "wrong", rules=("lhopital",), mistake="lhopital"), now=T0)
        assert progress.due(T0) == []
        assert progress.due(T0 + timedelta(days=1, minutes=1)) == ["p1", "p2"]
        progress.record(Attempt("p1", "derivatives", "correct"), now=T0 + timedelta(days=1))
        assert progress.card("p1").interval == 6.0
        assert [a["outcome"] for a in progress.attempts("p1")] == ["correct", "correct"]
        topics, rules = progress.stats(T0 + timedelta(days=2))
    assert [(r.name, r.attempts, r.correct, r.due, r.scheduled) for r in topics] == \
        [("derivatives", 2, 2, 0, 1), ("limits", 1, 0, 1, 1)]
    assert [(r.name, r.attempts, r.correct) for r in rules] == [("chain_rule", 1, 1), ("lhopital", 1, 0)]


def test_a_newer_database_is_reported_not_clobbered(home):
    path = home / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProgressError, match="newer symtutor") as info:
        Progress()
    assert "SYMTUTOR_HOME" in info.value.message
    assert path.read_bytes() == before


def test_a_corrupt_database_is_reported_with_the_way_out(home):
    path = home / "progress.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(ProgressError) as info:
        Progress()
    message = info.value.message
    assert "damaged" in message and "mv " in message and "SYMTUTOR_HOME" in message
    assert path.read_bytes() == before


def test_someone_elses_sqlite_file_is_left_alone(home):
    path = home / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProgressError, match="not symtutor's progress"):
        Progress()


def test_stats_command(home, monkeypatch):
    from symtutor.cli.main import app

    monkeypatch.setenv("COLUMNS", "120")
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 0 and "No progress recorded yet" in result.output
    with Progress() as progress:
        progress.record(Attempt("p1", "derivatives", "correct", rules=("chain_rule",)), now=T0)
        progress.record(Attempt("p2", "derivatives", "wrong", rules=("chain_rule", "product_rule")), now=T0)
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    assert "By topic" in result.output and "By rule" in result.output
    row = next(line for line in result.output.splitlines() if "derivatives" in line)
    assert "50%" in row and row.split("│")[2].strip() == "2"
    assert any("chain rule" in line and "50%" in line for line in result.output.splitlines())


def test_stats_on_a_corrupt_database_is_a_usage_error(home):
    from symtutor.cli.main import app
    from symtutor.errors import ExitStatus

    (home / "progress.sqlite3").write_bytes(b"garbage" * 1000)
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert result.output.startswith("symtutor: error: the progress database") and result.output.count("\n") == 1
    assert "damaged" in result.output


def test_progress_survives_sigkill(tmp_path):
    """A process killed with SIGKILL after an answer keeps that answer."""
    script = textwrap.dedent("""
        import sys, time
        from symtutor.quiz.progress import Attempt, Progress
        progress = Progress()
        progress.record(Attempt("p1", "derivatives", "correct", rules=("chain_rule",)))
        progress.record(Attempt("p2", "limits", "wrong"))
        print("saved", flush=True)
        time.sleep(60)
    """)
    env = dict(os.environ, SYMTUTOR_HOME=str(tmp_path))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdout.readline().strip() == "saved"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    with Progress(tmp_path / "progress.sqlite3") as progress:
        assert [a["problem_id"] for a in progress.attempts()] == ["p1", "p2"]
        assert progress.card("p1") is not None
