"""The quiz loop: ask, read, check, explain, record — written against a small I/O interface.

``Session(io, instances, progress).run()`` asks each problem in turn.  At the answer
prompt the learner may type an answer or one of the commands ``hint`` (the next step of
the reference derivation, one at a time), ``steps`` (the whole derivation), ``skip`` and
``quit``.  Ctrl-C or end of input at any prompt ends the session cleanly: what was
answered is already saved (one transaction per answer), and the summary is shown.

The I/O object has four methods (see ``QuizIO``), so the core runs in tests with a
scripted list of inputs and in the terminal with Rich (``TerminalIO`` in
``symtutor.quiz.terminal``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

from symtutor.errors import SymtutorError
from symtutor.quiz.bank import Instance
from symtutor.quiz.checking import CORRECT, UNREADABLE, Judgement, is_antiderivative
from symtutor.steps import Derivation, Step

HINT, STEPS, SKIP, QUIT, HELP = "hint", "steps", "skip", "quit", "help"
COMMANDS = {"hint": HINT, "h": HINT, "steps": STEPS, "solution": STEPS, "skip": SKIP, "quit": QUIT,
            "q": QUIT, "exit": QUIT, "help": HELP, "?": HELP}
HELP_TEXT = ("Type your answer (same syntax as the command line: 2x cos(x^2), e^x, sqrt(x), [[1, 2], [3, 4]], "
             "{1, 3}, oo, DNE), or: hint (next step), steps (whole derivation), skip, quit.")
# rules too small to be worth a line in the statistics
ROUTINE_RULES = {"constant_rule", "identity_rule", "sum_rule", "constant_multiple_rule", "simplify", "cas",
                 "higher_derivative", "evaluate_at_point"}


class QuizIO(Protocol):
    """What the session needs from a user interface."""

    def ask(self, prompt: str) -> str:
        """One line from the learner (raises EOFError or KeyboardInterrupt to end)."""

    def say(self, text: str, style: str = "") -> None:
        """Show a message; ``style`` is one of "", "good", "bad", "heading", "dim"."""

    def show_derivation(self, derivation: Derivation) -> None:
        """Show a whole worked derivation."""

    def show_summary(self, results: list["Result"]) -> None:
        """Show the end-of-session summary."""


@dataclass
class Result:
    """What happened to one problem in this session."""

    instance: Instance
    outcome: str  # correct | wrong | skipped | unavailable
    hints: int = 0
    answer: str | None = None
    mistake: str | None = None
    correct_answer: str = ""


Solver = Callable[[Instance], Derivation]
Checker = Callable[[str, Derivation, Instance], Judgement]


def bounded_solver(timeout: float | None = None) -> Solver:
    """Compute the reference derivation in the time/memory-bounded worker."""
    from symtutor.budget import Budget, run_bounded
    from symtutor.quiz.dispatch import run_task

    budget = Budget.from_env(timeout)
    return lambda inst: run_bounded(run_task, inst.command, inst.input, dict(inst.options), budget=budget)


def bounded_checker(timeout: float | None = None) -> Checker:
    """Judge an answer in the bounded worker (a learner's answer can be arbitrarily hard)."""
    from symtutor.budget import Budget, run_bounded
    from symtutor.quiz.checking import judge

    budget = Budget.from_env(timeout)
    return lambda text, derivation, inst: run_bounded(judge, text, derivation, inst.command, budget=budget)


def derivation_rules(derivation: Derivation) -> tuple[str, ...]:
    """The named rules a derivation uses (routine ones left out), for per-rule statistics."""
    return tuple(sorted({s.rule for s in derivation.walk()} - ROUTINE_RULES))


class Session:
    """One quiz: a list of problem instances asked in order."""

    def __init__(self, io: QuizIO, instances: list[Instance], progress=None, *,
                 solver: Solver | None = None, checker: Checker | None = None):
        self.io = io
        self.instances = instances
        self.progress = progress
        self.solver = solver or bounded_solver()
        self.checker = checker or bounded_checker()
        self.results: list[Result] = []
        self.stopped = False

    def run(self) -> list[Result]:
        """Ask every problem (until quit, Ctrl-C or end of input), then show the summary."""
        try:
            for number, instance in enumerate(self.instances, 1):
                self._ask_problem(number, instance)
                if self.stopped:
                    break
        except (KeyboardInterrupt, EOFError):
            self.stopped = True
            self.io.say("")
            self.io.say("Session ended; your answers so far are saved.", "dim")
        self.io.show_summary(self.results)
        return self.results

    # -- one problem -----------------------------------------------------------------------------

    def _ask_problem(self, number: int, instance: Instance) -> None:
        io = self.io
        problem = instance.problem
        io.say(f"Q{number}/{len(self.instances)}  [{problem.topic}, difficulty {problem.difficulty}]  {problem.id}",
               "heading")
        io.say(instance.prompt)
        try:
            derivation = self.solver(instance)
        except SymtutorError as exc:
            io.say(f"This problem could not be prepared ({exc.message}); moving on.", "bad")
            self.results.append(Result(instance, "unavailable"))
            return
        except Exception as exc:  # noqa: BLE001 - an engine bug must not end the learner's session
            io.say(f"This problem could not be prepared (internal error: {type(exc).__name__}); moving on.", "bad")
            self.results.append(Result(instance, "unavailable"))
            return
        hints = HintSequence(instance, derivation)
        while True:
            text = io.ask("> ")
            command = COMMANDS.get(text.strip().lower())
            if not text.strip():
                io.say("Type your answer, or hint, steps, skip, quit (help for more).", "dim")
            elif command == HELP:
                io.say(HELP_TEXT, "dim")
            elif command == HINT:
                hint = hints.next()
                io.say(hint if hint else "No more hints: type steps for the whole derivation.", "dim")
            elif command == STEPS:
                hints.used = max(hints.used, 1)
                hints.saw_steps = True
                io.show_derivation(derivation)
            elif command == SKIP:
                io.say(f"Skipped. The answer: {answer_text(derivation)}", "dim")
                self._record(Result(instance, "skipped", hints.used, None, None, answer_text(derivation)),
                             derivation)
                return
            elif command == QUIT:
                self.stopped = True
                return
            else:
                if self._answer(instance, derivation, text, hints):
                    return

    def _answer(self, instance: Instance, derivation: Derivation, text: str, hints: "HintSequence") -> bool:
        """Judge ``text``; False when it could not be read (the learner tries again)."""
        io = self.io
        try:
            judgement = self.checker(text, derivation, instance)
        except SymtutorError as exc:
            io.say(f"Checking that answer hit a limit ({exc.message}); try writing it more simply.", "bad")
            return False
        if judgement.status == UNREADABLE:
            io.say(f"I could not read that: {judgement.message}. Try again (or type hint, steps, skip, quit).", "bad")
            return False
        correct = answer_text(derivation)
        mistake = judgement.mistake
        result = Result(instance, "correct" if judgement.status == CORRECT else "wrong", hints.used, text.strip(),
                        mistake.rule if mistake is not None else None, correct)
        self._record(result, derivation)
        if judgement.status == CORRECT:
            io.say("✓ Correct." + (f"  Answer: {correct}" if hints.used else ""), "good")
            for note in judgement.notes:
                io.say(note, "dim")
            return True
        from symtutor.render.notation import unicode_math

        lines = ["✗ Not quite."]
        if mistake is not None:
            lines.append(mistake.sentence(unicode_math))
        io.say(" ".join(lines), "bad")
        for note in judgement.notes:
            io.say(note, "dim")
        io.say(f"Correct: {correct}", "good")
        if not hints.saw_steps:
            follow = io.ask("Type steps for the full derivation, or press Enter to go on: ")
            if COMMANDS.get(follow.strip().lower()) == STEPS:
                io.show_derivation(derivation)
        return True

    def _record(self, result: Result, derivation: Derivation) -> None:
        self.results.append(result)
        if self.progress is None:
            return
        from symtutor.quiz.progress import Attempt

        inst = result.instance
        self.progress.record(Attempt(problem_id=inst.id, topic=inst.topic, outcome=result.outcome,
                                     hints=result.hints, rules=derivation_rules(derivation), answer=result.answer,
                                     mistake=result.mistake, variant=dict(inst.values)))


class HintSequence:
    """The problem's own hints, then the reference derivation one step at a time."""

    def __init__(self, instance: Instance, derivation: Derivation):
        self.items: list[str] = list(instance.hints)
        self.items += [step_hint(step) for step in derivation.walk()]
        self.used = 0
        self.saw_steps = False

    def next(self) -> str | None:
        if self.used >= len(self.items):
            return None
        self.used += 1
        return f"Hint {self.used}/{len(self.items)}: {self.items[self.used - 1]}"


def step_hint(step: Step, width: int = 88) -> str:
    """One step as text: its rule and sentence, its facts, and its equation when it has no sub-steps.

    (A step with sub-steps would give the game away with its equation; its sub-steps come next.)
    """
    from dataclasses import replace

    from symtutor.render.text_format import step_lines

    shallow = replace(step, substeps=[], after=step.after if not step.substeps else None)
    lines = step_lines(shallow, "", 0, width)
    return "\n".join(line.rstrip() for line in lines).lstrip(". ").strip()


def answer_text(derivation: Derivation) -> str:
    """The reference answer in one line of Unicode, in the shape the quiz asks for it
    (+ C for an indefinite integral, a set for eigenvalues, a vector as a tuple)."""
    import sympy as sp

    from symtutor.quiz.checking import DNE, Multiset, reference_value, without_constant
    from symtutor.render.notation import unicode_math

    if is_antiderivative(derivation):
        answer, _ = without_constant(derivation.answer, derivation)
        return _show(answer, unicode_math) + " + C"
    value = reference_value(derivation)
    if value is DNE:
        return "does not exist"
    if isinstance(value, Multiset):
        items = sorted(value.items, key=sp.default_sort_key)
        return "{" + ", ".join(_show(v, unicode_math) for v in items) + "}"
    answer = derivation.answer
    if isinstance(answer, sp.MatrixBase) and answer.cols == 1 and answer.rows > 1:
        return "(" + ", ".join(_show(v, unicode_math) for v in answer) + ")"
    return _show(answer, unicode_math)


def _show(value: Any, show) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_show(k, show)}: {_show(v, show)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v, show) for v in value) + "]"
    if isinstance(value, str):
        return value
    return show(value)
