"""Every problem in the shipped bank: loads, validates, its engine derivation is verified and
agrees with its ``answer``; every template gives valid variants for 20 seeds.

A topic whose engine module is not installed yet is skipped with the reason; the three
required topics must each have at least 25 problems, every other topic at least 15.
"""
from __future__ import annotations

import importlib.util

import pytest

from symtutor.quiz import dispatch
from symtutor.quiz.bank import builtin_bank_dir, load_bank
from symtutor.quiz.validation import instance_issues

BANK = load_bank([builtin_bank_dir()])
REQUIRED = {"derivatives": 25, "integrals": 25, "limits": 25}
OTHER_MINIMUM = 15
SEEDS = 20
SOLVED_VARIANTS = 8  # distinct variants of a template run through the engine (all SEEDS are parsed)


def engine_missing(command: str) -> str | None:
    module = dispatch.module_of(command)
    if importlib.util.find_spec(module) is None:
        return f"the engine module {module} is not installed yet"
    if not dispatch.available(command):
        return f"{dispatch.TASKS[command]} does not exist yet"
    return None


def test_the_bank_loads_cleanly():
    assert BANK.issues == [], "\n".join(map(str, BANK.issues))


@pytest.mark.parametrize("topic, minimum", sorted(REQUIRED.items()))
def test_required_topics_have_enough_problems(topic, minimum):
    commands = {c for c, t in dispatch.TOPIC_OF.items() if t == topic}
    missing = [engine_missing(c) for c in sorted(commands)]
    problems = BANK.select(topic=topic)
    if all(missing) and not problems:
        pytest.skip(missing[0])
    assert len(problems) >= minimum


def test_other_topics_have_enough_problems():
    for topic in BANK.topics():
        if topic not in REQUIRED:
            assert len(BANK.select(topic=topic)) >= OTHER_MINIMUM, topic


def test_ml_staples_are_in_the_bank():
    tags = {t for p in BANK.problems for t in p.tags}
    assert {"sigmoid", "softmax", "cross-entropy", "machine learning"} <= tags
    assert any("layer" in p.id or "neuron" in p.prompt.lower() for p in BANK.problems)


def _variants(problem):
    """Distinct instances among the first SEEDS seeds (at most SOLVED_VARIANTS), or the problem itself."""
    seen, out = set(), []
    for seed in range(SEEDS if problem.templated else 1):
        inst = problem.instantiate(seed)
        key = (inst.input, tuple(sorted(inst.options.items())), inst.answer)
        if key not in seen:
            seen.add(key)
            out.append(inst)
    return out[:SOLVED_VARIANTS]


@pytest.mark.parametrize("problem", BANK.problems, ids=[p.id for p in BANK.problems])
def test_problem_is_solved_verified_and_agrees(problem):
    reason = engine_missing(problem.command)
    if reason:
        pytest.skip(reason)
    from symtutor.quiz.dispatch import run_task
    from symtutor.quiz.session import HintSequence, answer_text

    for inst in _variants(problem):
        derivation = run_task(inst.command, inst.input, dict(inst.options))
        issues = instance_issues(inst, solve=True, solver=lambda _: derivation, label=f"{inst.input!r}: ")
        assert issues == [], "\n".join(map(str, issues))
        hints = HintSequence(inst, derivation)  # every hint and the answer line can be shown
        while hints.next():
            pass
        assert hints.used >= 1 and answer_text(derivation)


def test_templates_give_twenty_valid_variants():
    """Every seed gives a filled-in prompt and input and an answer the parser reads."""
    templated = [p for p in BANK.problems if p.templated]
    assert len(templated) >= 10
    for problem in templated:
        variants = {(i.input, str(i.options)) for i in map(problem.instantiate, range(SEEDS))}
        assert len(variants) > 1, problem.id
        for seed in range(SEEDS):
            inst = problem.instantiate(seed)
            assert "{" not in inst.prompt and not set(problem.params) & _placeholders(inst), (problem.id, seed)
            assert instance_issues(inst) == [], (problem.id, seed)


def _placeholders(inst) -> set[str]:
    from symtutor.quiz.templating import placeholders

    return placeholders(inst.input) | placeholders(inst.answer or "")
