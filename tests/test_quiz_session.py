"""The session core with scripted I/O: answers, hint, steps, skip, quit, Ctrl-C, EOF, progress."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from symtutor.quiz.bank import load_text
from symtutor.quiz.checking import judge
from symtutor.quiz.dispatch import run_task
from symtutor.quiz.progress import Progress
from symtutor.quiz.session import Session

BANK = """\
topic: derivatives
problems:
  - id: s-chain
    difficulty: 2
    prompt: Differentiate sin(x^2).
    task: {command: diff, input: "sin(x^2)"}
    hints: ["Which function is inside which?"]
  - id: s-power
    difficulty: 1
    prompt: Differentiate x^3.
    task: {command: diff, input: "x^3"}
  - id: s-product
    difficulty: 2
    prompt: Differentiate x sin(x).
    task: {command: diff, input: "x*sin(x)"}
"""


class ScriptedIO:
    """Feeds the session a list of lines; an exception class in the list is raised instead."""

    def __init__(self, script):
        self.script = list(script)
        self.log: list[tuple[str, str]] = []
        self.derivations = []
        self.summary = None

    def ask(self, prompt):
        self.log.append(("ask", prompt))
        if not self.script:
            raise EOFError
        item = self.script.pop(0)
        if isinstance(item, type) and issubclass(item, BaseException):
            raise item()
        return item

    def say(self, text, style=""):
        self.log.append((style, text))

    def show_derivation(self, derivation):
        self.derivations.append(derivation)

    def show_summary(self, results):
        self.summary = [(r.instance.id, r.outcome, r.hints) for r in results]

    def text(self) -> str:
        return "\n".join(t for kind, t in self.log if kind != "ask")


def instances(*ids):
    problems, issues = load_text(BANK, "session.yaml")
    assert issues == []
    chosen = {p.id: p for p in problems}
    return [chosen[i].instantiate(0) for i in ids]


def session(io, ids, progress=None):
    return Session(io, instances(*ids), progress,
                   solver=lambda inst: run_task(inst.command, inst.input, dict(inst.options)),
                   checker=lambda text, d, inst: judge(text, d, inst.command))


@pytest.fixture
def progress(tmp_path):
    with Progress(tmp_path / "p.sqlite3") as p:
        yield p


def test_right_and_wrong_answers_are_judged_explained_and_saved(progress):
    io = ScriptedIO(["2x cos(x^2)", "3x^3", ""])
    results = session(io, ["s-chain", "s-power"], progress).run()
    assert [(r.outcome, r.mistake) for r in results] == [("correct", None), ("wrong", "power_rule")]
    text = io.text()
    assert "✓ Correct." in text and "✗ Not quite." in text and "Correct: 3x²" in text
    assert [a["outcome"] for a in progress.attempts()] == ["correct", "wrong"]
    attempts = progress.attempts()
    assert "chain_rule" in attempts[0]["rules"] and attempts[1]["mistake"] == "power_rule"
    assert io.summary == [("s-chain", "correct", 0), ("s-power", "wrong", 0)]


def test_hints_come_one_at_a_time_authored_first_then_the_derivation(progress):
    io = ScriptedIO(["hint", "hint", "hint", "2x cos(x^2)"])
    (result,) = session(io, ["s-chain"], progress).run()
    hints = [t for kind, t in io.log if t.startswith("Hint ")]
    assert len(hints) == 3
    assert "Which function is inside which?" in hints[0]
    assert "Chain rule" in hints[1] and "outer function" in hints[1]
    assert "cos(x²)·2x" not in hints[1]  # the step with sub-steps does not give its result away
    assert "Outer function" in hints[2] or "derivative of sine" in hints[2]
    assert result.outcome == "correct" and result.hints == 3
    assert progress.card("s-chain").repetitions == 1 and progress.card("s-chain").ease < 2.5


def test_steps_shows_the_whole_derivation_and_counts_as_help(progress):
    io = ScriptedIO(["steps", "3x^2"])
    (result,) = session(io, ["s-power"], progress).run()
    assert len(io.derivations) == 1 and io.derivations[0].verified
    assert result.outcome == "correct" and result.hints == 1


def test_wrong_answer_then_steps_on_request(progress):
    io = ScriptedIO(["cos(x)", "steps"])
    (result,) = session(io, ["s-product"], progress).run()
    assert result.mistake == "product_rule" and len(io.derivations) == 1


def test_skip_records_and_moves_on(progress):
    io = ScriptedIO(["skip", "3x^2"])
    results = session(io, ["s-chain", "s-power"], progress).run()
    assert [r.outcome for r in results] == ["skipped", "correct"]
    assert "Skipped. The answer:" in io.text()
    assert [a["outcome"] for a in progress.attempts()] == ["skipped", "correct"]


def test_unreadable_answer_gets_another_try(progress):
    io = ScriptedIO(["cos(x^2", "", "help", "2x cos(x^2)"])
    (result,) = session(io, ["s-chain"], progress).run()
    assert result.outcome == "correct"
    assert "I could not read that" in io.text()
    assert len(progress.attempts()) == 1


def test_quit_ends_the_session_with_a_summary(progress):
    io = ScriptedIO(["3x^2", "quit"])
    results = session(io, ["s-power", "s-chain", "s-product"], progress).run()
    assert [r.outcome for r in results] == ["correct"]
    assert io.summary == [("s-power", "correct", 0)]


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, EOFError])
def test_ctrl_c_or_eof_ends_cleanly_with_progress_saved(progress, interrupt):
    io = ScriptedIO(["3x^2", "hint", interrupt])
    results = session(io, ["s-power", "s-chain"], progress).run()
    assert [r.outcome for r in results] == ["correct"]
    assert "answers so far are saved" in io.text()
    assert [a["problem_id"] for a in progress.attempts()] == ["s-power"]
    assert io.summary == [("s-power", "correct", 0)]


def test_a_problem_that_cannot_be_prepared_is_reported_and_skipped(progress):
    problems, _ = load_text(BANK.replace('input: "x^3"', 'input: "x^3 +"'), "s.yaml")
    chosen = [p.instantiate(0) for p in problems if p.id in ("s-power", "s-product")]
    io = ScriptedIO(["x cos(x) + sin(x)"])
    results = Session(io, chosen, progress,
                      solver=lambda inst: run_task(inst.command, inst.input, dict(inst.options)),
                      checker=lambda text, d, inst: judge(text, d, inst.command)).run()
    assert [r.outcome for r in results] == ["unavailable", "correct"]
    assert "could not be prepared" in io.text()


def test_summary_table_renders():
    from rich.console import Console

    from symtutor.quiz.terminal import summary_table

    io = ScriptedIO(["2x cos(x^2)", "3x^3", ""])
    results = session(io, ["s-chain", "s-power"]).run()
    console = Console(width=100, record=True, color_system=None)
    console.print(summary_table(results))
    out = console.export_text()
    assert "Session summary: 1 of 2 correct" in out and "✓ correct" in out and "✗ wrong (power rule)" in out


def test_bounded_solver_and_checker_run_in_the_worker(progress):
    io = ScriptedIO(["3x^2"])
    (result,) = Session(io, instances("s-power"), progress).run()
    assert result.outcome == "correct"


def test_progress_survives_sigkill_mid_session(tmp_path):
    """A quiz process killed with SIGKILL while waiting for the second answer keeps the first."""
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "session.yaml").write_text(BANK)
    script = textwrap.dedent(f"""
        import sys, time
        from symtutor.quiz.bank import load_bank
        from symtutor.quiz.progress import Progress
        from symtutor.quiz.session import Session

        class IO:
            answers = ["3x^2"]
            def ask(self, prompt):
                if self.answers:
                    return self.answers.pop()
                print("waiting", flush=True)
                time.sleep(60)
            def say(self, text, style=""): pass
            def show_derivation(self, d): pass
            def show_summary(self, r): pass

        bank = load_bank([{str(bank)!r}])
        chosen = [bank.by_id("s-power").instantiate(0), bank.by_id("s-chain").instantiate(0)]
        Session(IO(), chosen, Progress()).run()
    """)
    env = dict(os.environ, SYMTUTOR_HOME=str(tmp_path / "home"))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdout.readline().strip() == "waiting"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    with Progress(tmp_path / "home" / "progress.sqlite3") as progress:
        assert [(a["problem_id"], a["outcome"]) for a in progress.attempts()] == [("s-power", "correct")]


# --- choosing problems and the quiz command ------------------------------------------------------


def test_choice_is_reproducible_and_due_problems_come_first():
    from symtutor.quiz.bank import Bank
    from symtutor.quiz.selection import choose

    problems, _ = load_text(BANK, "session.yaml")
    bank = Bank(problems=problems)
    first = [i.id for i in choose(bank, count=2, seed=3)]
    assert first == [i.id for i in choose(bank, count=2, seed=3)]
    assert [i.id for i in choose(bank, count=5, only_ids=["s-product", "s-chain"])] == ["s-product", "s-chain"]
    assert choose(bank, topic="nothing") == []


def quiz_bank(tmp_path):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "session.yaml").write_text(BANK.replace("topic: derivatives", "topic: sessiontest"))
    return bank


def test_quiz_command_in_process(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from symtutor.cli.main import app

    monkeypatch.setenv("SYMTUTOR_HOME", str(tmp_path / "home"))
    bank = quiz_bank(tmp_path)
    args = ["quiz", "--bank", str(bank), "--topic", "sessiontest", "--count", "1", "--difficulty", "1"]
    result = CliRunner().invoke(app, args, input="3x^2\n")
    assert result.exit_code == 0, result.output
    assert "Differentiate x^3." in result.output and "✓ Correct." in result.output
    assert "Session summary: 1 of 1 correct" in result.output
    due = CliRunner().invoke(app, ["quiz", "--due", "--bank", str(bank)])
    assert due.exit_code == 0 and "Nothing is due now; the next review is due" in due.output
    none = CliRunner().invoke(app, ["quiz", "--bank", str(bank), "--topic", "nonexistent"])
    assert none.exit_code == 2 and "symtutor: error: no problems match" in none.output


def test_quiz_skips_a_broken_user_file_with_a_warning(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from symtutor.cli.main import app

    monkeypatch.setenv("SYMTUTOR_HOME", str(tmp_path / "home"))
    bank = quiz_bank(tmp_path)
    (bank / "broken.yaml").write_text("problems: [ {id: &a x} ]\n")
    result = CliRunner().invoke(app, ["quiz", "--bank", str(bank), "--topic", "sessiontest", "--count", "1",
                                      "--difficulty", "1", "--no-save"], input="quit\n")
    assert result.exit_code == 0, result.output
    assert "warning: skipped:" in result.output and "broken.yaml" in result.output
    assert not (tmp_path / "home" / "progress.sqlite3").exists()


def test_quiz_with_a_corrupt_database_says_how_to_go_on(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from symtutor.cli.main import app
    from symtutor.quiz.progress import ProgressError

    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.sqlite3").write_bytes(b"not sqlite" * 500)
    monkeypatch.setenv("SYMTUTOR_HOME", str(home))
    result = CliRunner().invoke(app, ["quiz", "--bank", str(quiz_bank(tmp_path)), "--topic", "sessiontest"])
    assert result.exit_code == 2 and not isinstance(result.exception, ProgressError)
    assert result.output.count("symtutor: error:") == 1
    assert "damaged" in result.output and "--no-save" in result.output
    assert (home / "progress.sqlite3").read_bytes() == b"not sqlite" * 500
