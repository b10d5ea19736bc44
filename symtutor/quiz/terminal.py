"""The quiz in a terminal: Rich for output, ``input()`` (with line editing) for answers."""
from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from symtutor.steps import Derivation

STYLES = {"good": "bold green", "bad": "bold red", "heading": "bold cyan", "dim": "dim", "": ""}


def make_console(file=None, width: int | None = None, color: bool | None = None) -> Console:
    file = file or sys.stdout
    if color is None:
        color = file.isatty() and "NO_COLOR" not in os.environ
    return Console(file=file, width=width, force_terminal=color, no_color=not color, highlight=False,
                   markup=False, emoji=False, color_system="standard" if color else None)


class TerminalIO:
    """``QuizIO`` for a person at a terminal (or anything reading our stdout)."""

    def __init__(self, console: Console | None = None):
        self.console = console or make_console()

    def ask(self, prompt: str) -> str:
        self.console.file.flush()
        return input(prompt)

    def say(self, text: str, style: str = "") -> None:
        self.console.print(Text(text, style=STYLES.get(style, "")))

    def show_derivation(self, derivation: Derivation) -> None:
        from symtutor.render import RenderOptions, render

        color = self.console.is_terminal and not self.console.no_color
        fmt = "terminal" if color else "text"
        options = RenderOptions(width=self.console.width, color=color)
        self.console.file.write(render(derivation, fmt, options))
        self.console.file.flush()

    def show_summary(self, results) -> None:
        if not results:
            self.say("No problems answered.", "dim")
            return
        self.console.print()
        self.console.print(summary_table(results))


def summary_table(results) -> Table:
    """One row per problem: result, hints used, the learner's answer, the correct answer."""
    marks = {"correct": ("✓ correct", "green"), "wrong": ("✗ wrong", "red"), "skipped": ("– skipped", "yellow"),
             "unavailable": ("? unavailable", "yellow")}
    right = sum(r.outcome == "correct" for r in results)
    answered = sum(r.outcome in ("correct", "wrong", "skipped") for r in results)
    table = Table(title=f"Session summary: {right} of {answered} correct", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Problem")
    table.add_column("Result")
    table.add_column("Hints", justify="right")
    table.add_column("Your answer")
    table.add_column("Correct answer")
    for number, r in enumerate(results, 1):
        label, style = marks.get(r.outcome, (r.outcome, ""))
        if r.mistake:
            label += f" ({r.mistake.replace('_', ' ')})"
        table.add_row(str(number), r.instance.id, Text(label, style=style), str(r.hints), r.answer or "",
                      r.correct_answer)
    return table
