"""Practice worksheets: problems drawn from the bank, numbered, with room to work, an
answer key, and (optionally) the full derivations.

Three steps, each a plain function so that tests and the benchmark can call them alone:

``choose``   bank -> list of problem instances (reproducible for a seed)
``solve``    instances -> results (a process pool over every core; each problem under
             its own time limit; a timeout is a result, not an exception)
``layout``   results -> Markdown or a standalone LaTeX document

The same seed gives the same sheet, byte for byte: nothing depends on the time, the
machine or the order in which workers finish.
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from symtutor.errors import SymtutorError, UsageError

FORMATS = ("markdown", "latex")
MIXED = "mixed"
MAX_COUNT = 200
WORK_SPACE_LATEX = "3.5cm"  # room to work under each problem on paper


# --- choosing ------------------------------------------------------------------------------


def choose(bank, *, topic: str | None, count: int, seed: int, difficulty: int | None = None) -> list:
    """``count`` problem instances from ``bank``, reproducible for ``seed``, easiest first.

    ``topic`` None or "mixed" draws from every topic.  When the bank has fewer distinct
    problems than ``count``, templated problems are drawn again with fresh parameters
    (never the same text twice); if that still falls short, the sheet is shorter.
    """
    from symtutor.quiz import dispatch

    if count < 1 or count > MAX_COUNT:
        raise UsageError(f"--count must be between 1 and {MAX_COUNT}, got {count}")
    wanted_topic = None if topic in (None, "", MIXED) else topic
    if wanted_topic is not None and wanted_topic not in bank.topics():
        raise UsageError(f"no problems for topic {wanted_topic!r}; topics: {', '.join(bank.topics())} "
                         f"(or {MIXED})")
    pool = [p for p in bank.select(topic=wanted_topic, difficulty=difficulty) if dispatch.available(p.command)]
    if not pool:
        raise UsageError("no problems match: try another --difficulty or --topic")
    rng = random.Random(f"worksheet:{seed}")
    order = rng.sample(pool, len(pool))
    chosen, seen = [], set()
    for round_ in range(8):  # later rounds re-draw templated problems only
        for problem in order:
            if len(chosen) == count:
                break
            if round_ and not problem.templated:
                continue
            instance = problem.instantiate(f"{seed}" if round_ == 0 else f"{seed}/{round_}")
            key = (instance.command, instance.input, tuple(sorted(instance.options.items())))
            if key not in seen:
                seen.add(key)
                chosen.append((problem.difficulty, len(chosen), instance))
    chosen.sort(key=lambda item: (item[0], item[1]))
    return [instance for _, _, instance in chosen]


# --- solving -------------------------------------------------------------------------------


@dataclass
class Result:
    """One problem of the sheet: its instance and, unless it failed, the rendered pieces."""

    number: int
    instance: Any
    statement: str | None = None  # the problem as math (the derivation's statement)
    answer: str | None = None  # "statement = answer" as math
    solution: str | None = None  # the whole derivation
    verified: bool = False
    error: str | None = None  # why there is no solution (time limit, unsupported...)
    extra: dict = field(default_factory=dict)


def _solve_one(task: tuple) -> tuple[int, dict | None, str | None]:
    """Worker: solve and render one problem within its own time limit (in a forked child)."""
    number, command, text, options, fmt, timeout = task
    from symtutor.budget import Budget, run_bounded

    try:
        budget = Budget(timeout=timeout, memory_mb=Budget.from_env(timeout).memory_mb)
        return number, run_bounded(_render_pieces, command, text, options, fmt, budget=budget), None
    except SymtutorError as exc:
        return number, None, exc.message
    except Exception as exc:  # noqa: BLE001 - a bug in one engine must not sink the whole sheet
        return number, None, f"internal error ({type(exc).__name__}); please report this problem"


def _render_pieces(command: str, text: str, options: dict, fmt: str) -> dict:
    from symtutor.quiz import dispatch
    from symtutor.render import RenderOptions, render
    from symtutor.render.outline import answer_statement, show_pair

    derivation = dispatch.run_task(command, text, dict(options))
    statement = derivation.statement if derivation.statement is not None else derivation.answer
    if fmt == "latex":
        from symtutor.render.latex_format import aligned, inline

        pieces = {"statement": inline(statement), "answer": aligned(answer_statement(derivation))}
    else:
        from symtutor.render.markdown_format import inline

        pieces = {"statement": inline(statement), "answer": show_pair(answer_statement(derivation), inline)}
    pieces["solution"] = render(derivation, fmt, RenderOptions(width=88, color=False))
    pieces["verified"] = derivation.verified
    return pieces


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def solve(instances: list, *, fmt: str, timeout: float, workers: int | None = None,
          progress: Callable[[int], None] | None = None) -> list[Result]:
    """Solve every instance, ``workers`` at a time (forked processes), each within ``timeout``.

    ``progress(n_done)`` is called after each problem.  Results come back in sheet order
    whatever order the workers finish in.
    """
    if fmt not in FORMATS:
        raise UsageError(f"worksheets are written in {' or '.join(FORMATS)}, not {fmt!r}")
    workers = max(1, min(workers or default_workers(), len(instances) or 1))
    tasks = [(k, inst.command, inst.input, dict(inst.options), fmt, timeout) for k, inst in enumerate(instances, 1)]
    outcomes: dict[int, tuple[dict | None, str | None]] = {}
    for done, (number, pieces, error) in enumerate(_run(tasks, workers), 1):
        outcomes[number] = (pieces, error)
        if progress is not None:
            progress(done)
    results = []
    for k, inst in enumerate(instances, 1):
        pieces, error = outcomes[k]
        result = Result(number=k, instance=inst, error=error)
        if pieces is not None:
            result.statement, result.answer = pieces["statement"], pieces["answer"]
            result.solution, result.verified = pieces["solution"], pieces["verified"]
        results.append(result)
    return results


def _run(tasks: list, workers: int) -> Iterable[tuple]:
    """Outcomes of ``tasks`` as they finish: in this process for one worker, else a fork pool."""
    if workers == 1 or not hasattr(os, "fork"):
        yield from map(_solve_one, tasks)
        return
    import multiprocessing

    # Created before any progress display starts its refresh thread (fork and threads do not mix).
    with multiprocessing.get_context("fork").Pool(processes=workers) as pool:
        yield from pool.imap_unordered(_solve_one, tasks)


# --- layout --------------------------------------------------------------------------------


def title_of(topic: str | None) -> str:
    return "Mixed practice" if topic in (None, "", MIXED) else topic.replace("-", " ").replace("_", " ").capitalize()


def failure_note(result: Result) -> str:
    return f"no worked answer: {result.error}"


def layout(results: list[Result], *, fmt: str, topic: str | None, seed: int, difficulty: int | None = None,
           solutions: bool = False, key: bool = True) -> str:
    """The worksheet text: problems with room to work, then the answer key, then the derivations."""
    if fmt == "latex":
        return _latex(results, topic, seed, difficulty, solutions, key)
    return _markdown(results, topic, seed, difficulty, solutions, key)


def _subtitle(results, seed, difficulty) -> str:
    level = f"difficulty {difficulty}" if difficulty else "all difficulties"
    return f"{len(results)} problems, {level}, seed {seed}. Made with symtutor."


def _markdown(results, topic, seed, difficulty, solutions, key) -> str:
    from symtutor.render.markdown_format import prose

    out = [f"# Worksheet: {prose(title_of(topic))}", "", f"*{prose(_subtitle(results, seed, difficulty))}*", "",
           "## Problems", ""]
    for r in results:
        out.append(f"{r.number}. {prose(r.instance.prompt)}")
        out.append("")
        if r.statement:
            out.extend([f"   {r.statement}", ""])
        out.extend(["   *Answer:* ______________________________", ""])
    if key:
        out.extend(["## Answer key", ""])
        for r in results:
            out.append(f"{r.number}. {r.answer}" if r.answer else f"{r.number}. *{prose(failure_note(r))}*")
        out.append("")
    if solutions:
        out.extend(["## Solutions", ""])
        for r in results:
            out.append(f"### Problem {r.number}")
            out.append("")
            out.append(_demote(r.solution) if r.solution else f"*{prose(failure_note(r))}*\n")
    return "\n".join(out).rstrip("\n") + "\n"


def _demote(markdown: str) -> str:
    """A derivation under a "Problem n" heading: its own heading one level down."""
    return markdown.replace("### ", "#### ", 1)


def _latex(results, topic, seed, difficulty, solutions, key) -> str:
    from symtutor.render.latex_format import document, prose

    out = [f"\\section*{{Worksheet: {prose(title_of(topic))}}}",
           f"\\emph{{{prose(_subtitle(results, seed, difficulty))}}}", "", "\\begin{enumerate}"]
    for r in results:
        out.append(f"\\item {prose(r.instance.prompt)}")
        if r.statement:
            out.append(f"\\[ {r.statement[1:-1]} \\]")
        out.append(f"\\vspace{{{WORK_SPACE_LATEX}}}")
    out.append("\\end{enumerate}")
    if key:
        out.extend(["", "\\newpage", "\\section*{Answer key}", "\\begin{enumerate}"])
        for r in results:
            if r.answer:
                out.append("\\item\\mbox{}\n\\begin{align*}\n  " + r.answer + "\n\\end{align*}")
            else:
                out.append(f"\\item \\emph{{{prose(failure_note(r))}}}")
        out.append("\\end{enumerate}")
    if solutions:
        out.extend(["", "\\newpage", "\\section*{Solutions}"])
        for r in results:
            out.append(f"\\subsection*{{Problem {r.number}}}")
            out.append(r.solution.rstrip("\n") if r.solution else f"\\emph{{{prose(failure_note(r))}}}")
            out.append("")
    return document("\n".join(out))


# --- all together --------------------------------------------------------------------------


def make_worksheet(bank, *, topic: str | None, count: int, seed: int, fmt: str = "markdown",
                   difficulty: int | None = None, solutions: bool = False, key: bool = True,
                   timeout: float = 10.0, workers: int | None = None,
                   progress: Callable[[int], None] | None = None) -> tuple[str, list[Result]]:
    """The worksheet text and its results (for reporting timeouts)."""
    instances = choose(bank, topic=topic, count=count, seed=seed, difficulty=difficulty)
    results = solve(instances, fmt=fmt, timeout=timeout, workers=workers, progress=progress)
    return layout(results, fmt=fmt, topic=topic, seed=seed, difficulty=difficulty, solutions=solutions,
                  key=key), results
