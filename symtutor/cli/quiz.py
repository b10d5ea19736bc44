"""``symtutor quiz``, ``symtutor problems list|validate`` and ``symtutor stats``.

Thin: options -> bank, progress and session from ``symtutor.quiz``; no mathematics here.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import List, Optional

import typer

from symtutor.cli.common import TimeoutOption

QUIZ_HELP = """Practise: symtutor asks, you answer, it checks, explains and schedules a review.

At the prompt type your answer in the same syntax as the commands (2x cos(x^2), e^x,
[[1, 2], [3, 4]], {1, 3}, oo, DNE), or hint, steps, skip, quit. Ctrl-C ends the session;
progress is saved after every answer (in $SYMTUTOR_HOME, else the user data directory).

Examples:

  symtutor quiz --topic derivatives --count 5

  symtutor quiz --due

  symtutor quiz --bank ~/my-problems --topic linalg --seed 7
"""

PROBLEMS_HELP = """The problem bank: list problems, or validate bank files.

Examples:

  symtutor problems list --topic limits

  symtutor problems validate problems/
"""

LIST_HELP = """List the problems in the bank (built-in, $SYMTUTOR_BANK and --bank).

Examples:

  symtutor problems list --topic limits

  symtutor problems list --bank ~/my-problems --difficulty 3
"""

VALIDATE_HELP = """Check bank files and report every error (file, line, problem id, field) in one run.

Exits 2 when any error is found. With --solve, also runs each problem's engine and checks
that its derivation is verified and agrees with the problem's answer.

Examples:

  symtutor problems validate problems/

  symtutor problems validate ~/my-problems/linalg.yaml --solve
"""

STATS_HELP = """Accuracy and review counts per topic and per rule (chain rule, parts, L'Hopital...).

Examples:

  symtutor stats

  SYMTUTOR_HOME=/tmp/class symtutor stats
"""

BankOption = typer.Option(None, "--bank", help="Another problem directory or file (repeatable; also $SYMTUTOR_BANK).")
TopicOption = typer.Option(None, "--topic", "-t", help="Only this topic (derivatives, integrals, limits, ...).")
DifficultyOption = typer.Option(None, "--difficulty", "-d", min=1, max=3, help="Only this difficulty (1-3).")
MAX_WARNINGS = 5


def reported(command):
    """Run ``command``; a SymtutorError becomes one line on stderr and its exit code (as in common.py)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from symtutor.cli.common import report_error
        from symtutor.errors import SymtutorError

        try:
            return command(*args, **kwargs)
        except SymtutorError as exc:
            report_error(exc)
            raise typer.Exit(int(exc.exit_status)) from None

    return wrapper


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")


def _load(banks: Optional[List[Path]], *, quiet: bool = False):
    from symtutor.quiz.bank import bank_dirs, load_bank

    bank = load_bank(bank_dirs(banks or []))
    if bank.issues and not quiet:
        for issue in bank.issues[:MAX_WARNINGS]:
            _stderr(f"symtutor: warning: skipped: {issue}")
        if len(bank.issues) > MAX_WARNINGS:
            _stderr(f"symtutor: warning: ... and {len(bank.issues) - MAX_WARNINGS} more problems in the bank "
                    "(see 'symtutor problems validate DIR')")
    return bank


def quiz(
    topic: Optional[str] = TopicOption,
    count: int = typer.Option(5, "--count", "-n", min=1, max=200, help="How many problems."),
    due: bool = typer.Option(False, "--due", help="Only problems the review schedule says are due now."),
    difficulty: Optional[int] = DifficultyOption,
    tag: Optional[str] = typer.Option(None, "--tag", help="Only problems with this tag (e.g. 'chain rule')."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Reproducible choice of problems and variants."),
    banks: Optional[List[Path]] = BankOption,
    no_save: bool = typer.Option(False, "--no-save", help="Do not record progress."),
    timeout: Optional[float] = TimeoutOption,
) -> None:
    from symtutor.errors import UsageError
    from symtutor.quiz.selection import choose
    from symtutor.quiz.session import Session, bounded_checker, bounded_solver
    from symtutor.quiz.terminal import TerminalIO

    bank = _load(banks)
    progress = None
    if due or not no_save:
        from symtutor.quiz.progress import Progress, ProgressError

        try:
            progress = Progress()
        except ProgressError as exc:
            if due:
                raise
            raise ProgressError(exc.message + "; or practise without saving: symtutor quiz --no-save") from None
    try:
        due_ids = progress.due() if due else None
        if due and not due_ids:
            nxt = progress.next_due()
            when = f"; the next review is due {nxt:%Y-%m-%d %H:%M} UTC" if nxt else \
                " (nothing is scheduled yet: take a quiz first)"
            print(f"Nothing is due now{when}.")
            return
        instances = choose(bank, topic=topic, count=count, difficulty=difficulty, tag=tag, seed=seed,
                           only_ids=due_ids)
        if not instances:
            topics = ", ".join(bank.topics()) or "none"
            raise UsageError(f"no problems match (topics in the bank: {topics}); "
                             "see 'symtutor problems list'")
        session = Session(TerminalIO(), instances, None if no_save else progress,
                          solver=bounded_solver(timeout), checker=bounded_checker(timeout))
        session.run()
    finally:
        if progress is not None:
            progress.close()


def problems_list(
    topic: Optional[str] = TopicOption,
    difficulty: Optional[int] = DifficultyOption,
    banks: Optional[List[Path]] = BankOption,
) -> None:
    from rich.table import Table

    from symtutor.quiz import dispatch
    from symtutor.quiz.terminal import make_console

    bank = _load(banks)
    chosen = bank.select(topic=topic, difficulty=difficulty)
    console = make_console()
    table = Table(title=f"{len(chosen)} problems", title_justify="left")
    for name in ("id", "topic", "level", "prompt", "tags"):
        table.add_column(name, overflow="fold")
    for p in chosen:
        prompt = p.prompt + (" (templated)" if p.templated else "")
        if not dispatch.available(p.command):
            prompt += f" [engine '{p.command}' not installed]"
        table.add_row(p.id, p.topic, str(p.difficulty), prompt, ", ".join(p.tags))
    console.print(table)


def problems_validate(
    paths: Optional[List[Path]] = typer.Argument(None, help="Bank directories or files (default: the built-in bank)."),
    solve: bool = typer.Option(False, "--solve", help="Also run each problem's engine and compare answers."),
    seeds: int = typer.Option(3, "--seeds", min=1, max=100, help="Variants to try per templated problem."),
) -> None:
    from symtutor.quiz.bank import builtin_bank_dir, load_bank
    from symtutor.quiz.validation import problem_issues

    targets = list(paths) if paths else [builtin_bank_dir()]
    bank = load_bank(targets)
    issues = list(bank.issues)
    for problem in bank.problems:
        issues.extend(problem_issues(problem, seeds=seeds, solve=solve))
    for issue in issues:
        print(f"error: {issue}")
    files = len({p.source for p in bank.problems} | {i.path for i in bank.issues})
    if issues:
        print(f"{len(issues)} error{'s' if len(issues) != 1 else ''} in {files} file{'s' if files != 1 else ''} "
              f"({len(bank.problems)} problem{'s' if len(bank.problems) != 1 else ''} loaded)")
        raise typer.Exit(2)
    print(f"OK: {len(bank.problems)} problems in {files} file{'s' if files != 1 else ''}")


def stats() -> None:
    from rich.table import Table

    from symtutor.quiz.progress import Progress
    from symtutor.quiz.terminal import make_console

    with Progress() as progress:
        by_topic, by_rule = progress.stats()
        path = progress.path
    console = make_console()
    if not by_topic:
        console.print(f"No progress recorded yet in {path}; start with 'symtutor quiz'.")
        return
    for title, rows in (("By topic", by_topic), ("By rule", by_rule)):
        table = Table(title=title, title_justify="left")
        table.add_column("topic" if rows is by_topic else "rule")
        for name in ("attempts", "correct", "accuracy", "due now", "scheduled"):
            table.add_column(name, justify="right")
        for row in rows:
            accuracy = "-" if row.accuracy is None else f"{row.accuracy:.0%}"
            table.add_row(row.name.replace("_", " "), str(row.attempts), str(row.correct), accuracy, str(row.due),
                          str(row.scheduled))
        console.print(table)
    console.print(f"Progress database: {path}", style="dim")


def register(app: typer.Typer) -> None:
    app.command("quiz", help=QUIZ_HELP)(reported(quiz))
    problems = typer.Typer(help=PROBLEMS_HELP, no_args_is_help=True, rich_markup_mode=None)
    problems.command("list", help=LIST_HELP)(reported(problems_list))
    problems.command("validate", help=VALIDATE_HELP)(reported(problems_validate))
    app.add_typer(problems, name="problems")
    app.command("stats", help=STATS_HELP)(reported(stats))
