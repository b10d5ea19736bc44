"""``symtutor worksheet``: a printable practice sheet from the problem bank."""
from __future__ import annotations

import random
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from symtutor.cli.common import TimeoutOption

WORKSHEET_HELP = """A practice sheet: COUNT problems from the bank, numbered, with room to work and an
answer key; --solutions appends every derivation in full. The same --seed gives the same
sheet. Problems are solved on all cores, each under the time limit; one that runs out of
time is reported on stderr and left without a worked answer.

TOPIC is any topic of the bank (derivatives, integrals, limits, multivariable, linalg, ...:
see 'symtutor problems list'), or mixed (the default).

Examples:

  symtutor worksheet --topic derivatives --count 10 --seed 7 --format markdown > sheet.md

  symtutor worksheet --topic integrals --count 8 --solutions --format latex > sheet.tex

  symtutor worksheet --count 40 --difficulty 2 --no-key --format latex > exam.tex
"""


class SheetFormat(str, Enum):
    markdown = "markdown"
    latex = "latex"


def worksheet(
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="A bank topic, or mixed (default)."),
    count: int = typer.Option(10, "--count", "-n", min=1, max=200, help="How many problems."),
    seed: Optional[int] = typer.Option(None, "--seed", "-s",
                                       help="Same seed, same sheet (default: a random seed, printed on the sheet)."),
    difficulty: Optional[int] = typer.Option(None, "--difficulty", "-d", min=1, max=3,
                                             help="Only this difficulty (1 easy .. 3 exam level)."),
    solutions: bool = typer.Option(False, "--solutions", help="Append the full derivation of every problem."),
    key: bool = typer.Option(True, "--key/--no-key", help="Include the answer key (default: yes)."),
    fmt: SheetFormat = typer.Option(SheetFormat.markdown, "--format", "-f",
                                    help="markdown, or latex (a complete document)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", min=1,
                                          help="Processes to use (default: every core)."),
    banks: Optional[List[Path]] = typer.Option(None, "--bank", help="Another problem directory or file (repeatable)."),
    timeout: Optional[float] = TimeoutOption,
) -> None:
    from symtutor.budget import Budget
    from symtutor.cli.common import report_error
    from symtutor.errors import SymtutorError
    from symtutor.quiz.bank import bank_dirs, load_bank
    from symtutor import worksheet as sheet

    try:
        budget = Budget.from_env(timeout)
        bank = load_bank(bank_dirs(banks or ()))
        seed = seed if seed is not None else random.SystemRandom().randrange(10**6)
        instances = sheet.choose(bank, topic=topic, count=count, seed=seed, difficulty=difficulty)
    except SymtutorError as exc:
        report_error(exc)
        raise typer.Exit(int(exc.exit_status)) from None
    if len(instances) < count:
        sys.stderr.write(f"symtutor: note: the bank has only {len(instances)} distinct problems for this choice\n")
    with _progress(len(instances)) as advance:
        results = sheet.solve(instances, fmt=fmt.value, timeout=budget.timeout, workers=workers, progress=advance)
    for r in results:
        if r.error:
            sys.stderr.write(f"symtutor: warning: problem {r.number} ({r.instance.id}): {r.error}\n")
    sys.stdout.write(sheet.layout(results, fmt=fmt.value, topic=topic, seed=seed, difficulty=difficulty,
                                  solutions=solutions, key=key))


class _progress:
    """A Rich progress bar on stderr when it is a terminal; nothing when piped.

    No refresh thread (auto_refresh=False): the bar is redrawn as each problem finishes,
    so the worker pool can fork safely.
    """

    def __init__(self, total: int):
        self.total = total
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return lambda done: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("solving"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=Console(file=sys.stderr), auto_refresh=False, transient=True)
        self.bar.start()
        task = self.bar.add_task("solving", total=self.total)
        self.bar.refresh()
        return lambda done: self.bar.update(task, completed=done, refresh=True)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def register(app: typer.Typer) -> None:
    app.command("worksheet", help=WORKSHEET_HELP)(worksheet)
