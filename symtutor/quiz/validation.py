"""Deeper checks of a loaded problem: its variants, its answer, and (optionally) its engine run.

``bank.load_file`` checks the schema; this module checks what needs the mathematics:
every variant of a template can be drawn, the ``answer`` text can be read by the safe
parser, and with ``solve=True`` the engine's derivation is verified and agrees with
the ``answer``.
"""
from __future__ import annotations

from typing import Callable

from symtutor.errors import SymtutorError
from symtutor.quiz import dispatch, templating
from symtutor.quiz.bank import BankIssue, Instance, Problem

DEFAULT_SEEDS = 3


def problem_issues(problem: Problem, *, seeds: int = DEFAULT_SEEDS, solve: bool = False,
                   solver: Callable[[Instance], object] | None = None) -> list[BankIssue]:
    """Every issue with ``problem``: variants, answer syntax, and with ``solve`` the engine's verdict."""
    issues: list[BankIssue] = []

    def issue(field: str, message: str) -> None:
        issues.append(BankIssue(problem.source, message, line=problem.line_of(field), problem_id=problem.id,
                                field=field))

    accepted = dispatch.accepted_options(problem.command)
    if accepted is not None:
        needed = set(dispatch.POSITIONAL_OPTIONS.get(problem.command, ()))
        for name in problem.options:
            if name not in accepted:
                issue(f"task.options.{name}", f"{dispatch.TASKS[problem.command]} takes no option {name!r} "
                                             f"(it takes: {', '.join(accepted) or 'none'})")
        for name in sorted(needed - set(problem.options)):
            issue(f"task.options.{name}", "missing (required for this command)")
        if issues:
            return issues
    for seed in range(seeds if problem.templated else 1):
        try:
            instance = problem.instantiate(seed)
        except templating.TemplateError as exc:
            issue("params", f"seed {seed}: {exc}")
            break
        issues.extend(instance_issues(instance, solve=solve, solver=solver, label=f"seed {seed}: "
                                      if problem.templated else ""))
        if issues:
            break
    return issues


def instance_issues(instance: Instance, *, solve: bool = False, solver=None, label: str = "") -> list[BankIssue]:
    from symtutor.quiz.checking import CORRECT, judge, read_answer

    problem = instance.problem
    issues: list[BankIssue] = []

    def issue(field: str, message: str) -> None:
        issues.append(BankIssue(problem.source, label + message, line=problem.line_of(field),
                                problem_id=problem.id, field=field))

    if instance.answer is not None:
        try:
            read_answer(instance.answer)
        except SymtutorError as exc:
            issue("answer", f"cannot read {instance.answer!r}: {exc.message}")
            return issues
    if not solve:
        return issues
    if not dispatch.available(problem.command):
        issue("task.command", f"the engine for {problem.command!r} ({dispatch.module_of(problem.command)}) "
                              "is not installed; not checked")
        return issues
    try:
        derivation = (solver or _direct_solver)(instance)
    except SymtutorError as exc:
        issue("task.input", f"the engine could not solve {instance.input!r}: {exc.message}")
        return issues
    if not derivation.verified:
        issue("task", f"the engine's derivation for {instance.input!r} is not verified "
                      f"({'; '.join(derivation.checks)})")
    if instance.answer is not None:
        verdict = judge(instance.answer, derivation, problem.command, diagnose=False)
        if verdict.status != CORRECT:
            from symtutor.quiz.session import answer_text

            issue("answer", f"{instance.answer!r} disagrees with the engine's answer {answer_text(derivation)}")
    return issues


def _direct_solver(instance: Instance):
    return dispatch.run_task(instance.command, instance.input, dict(instance.options))
