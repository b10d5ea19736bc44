"""Loading and validating bank files: safety, schema messages, templating, user banks."""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from symtutor.quiz import templating
from symtutor.quiz.bank import (MAX_FILE_BYTES, builtin_bank_dir, load_bank, load_file, load_text)

GOOD = """\
topic: derivatives
problems:
  - id: ok-1
    difficulty: 1
    prompt: Differentiate x^2.
    task: {command: diff, input: "x^2"}
    answer: 2x
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def messages(issues) -> list[str]:
    return [str(i) for i in issues]


def test_a_good_file_loads():
    problems, issues = load_text(GOOD, "good.yaml")
    assert issues == []
    (p,) = problems
    assert (p.id, p.topic, p.difficulty, p.command, p.input, p.answer) == \
        ("ok-1", "derivatives", 1, "diff", "x^2", "2x")
    assert p.line == 3


def test_answers_and_inputs_are_kept_as_the_text_written():
    text = GOOD.replace("answer: 2x", "answer: 010").replace('input: "x^2"', "input: 1/2")
    (p,), issues = load_text(text, "f.yaml")
    assert issues == [] and p.answer == "010" and p.input == "1/2"


def test_an_alias_bomb_fails_fast():
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for k in range(1, 30):
        bomb.append(f"{chr(97 + k % 26)}{k}: &a{k} [*a, *a, *a, *a, *a, *a, *a, *a, *a]")
    start = time.perf_counter()
    problems, issues = load_text("\n".join(bomb), "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert problems == []
    assert "anchors and aliases" in str(issues[0]) and "bomb.yaml:1" in str(issues[0])


def test_a_single_anchor_is_refused_too():
    text = GOOD.replace("answer: 2x", "answer: &ans 2x")
    problems, issues = load_text(text, "f.yaml")
    assert problems == [] and "f.yaml:7" in str(issues[0])


def test_unsafe_tags_are_refused():
    text = GOOD.replace("answer: 2x", "answer: !!python/object/apply:os.system ['echo hi']")
    problems, issues = load_text(text, "f.yaml")
    assert problems == [] and issues


def test_file_size_is_capped(tmp_path):
    path = write(tmp_path, "big.yaml", GOOD + "#" * (MAX_FILE_BYTES + 10))
    problems, issues = load_file(path)
    assert problems == [] and "at most" in str(issues[0])


def test_invalid_yaml_names_the_line():
    problems, issues = load_text("problems:\n  - id: a\n    prompt: [unclosed\n", "bad.yaml")
    assert problems == [] and str(issues[0]).startswith("bad.yaml:") and "invalid YAML" in str(issues[0])


def test_every_schema_error_is_reported_with_file_line_id_and_field():
    text = """\
topic: derivatives
problems:
  - id: p1
    difficulty: 5
    prompt: Differentiate.
    task: {command: dif, input: "x^2"}
    tgs: [oops]
  - id: p2
    difficulty: 2
    task: {command: diff}
  - id: Bad Id
    difficulty: 1
    prompt: x
    task: {command: diff, input: "x"}
  - id: p4
    difficulty: 1
    prompt: "Differentiate {a}x"
    task: {command: diff, input: "{a}*x"}
    params: {b: "randint(1, 3)"}
  - id: p5
    difficulty: 1
    prompt: x
    task: {command: diff, input: "x"}
    params: {a: "__import__('os')"}
  - id: p1
    difficulty: 1
    prompt: x
    task: {command: diff, input: "x"}
"""
    problems, issues = load_text(text, "bank.yaml")
    found = messages(issues)
    assert [p.line for p in problems] == [25]  # the first p1 was invalid, so the second one stands
    expect = [
        ("bank.yaml:4: problem 'p1': field 'difficulty'", "must be 1, 2 or 3"),
        ("bank.yaml:6: problem 'p1': field 'task.command'", "did you mean 'diff'"),
        ("bank.yaml:7: problem 'p1': field 'tgs'", "did you mean 'tags'"),
        ("problem 'p2': field 'prompt'", "missing"),
        ("problem 'p2': field 'task.input'", "missing"),
        ("problem 'Bad Id': field 'id'", "lowercase"),
        ("problem 'p4': field 'prompt'", "{a}"),
        ("problem 'p5': field 'params.a'", ""),
    ]
    for prefix, detail in expect:
        assert any(m.startswith(prefix) or prefix in m for m in found if detail in m), (prefix, found)


def test_duplicate_ids_in_one_file_and_across_files(tmp_path):
    text = GOOD + GOOD.split("problems:\n", 1)[1]
    problems, issues = load_text(text, "dup.yaml")
    assert len(problems) == 1 and "duplicate id" in str(issues[0])
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD)
    bank = load_bank([tmp_path])
    assert len(bank.problems) == 1 and "duplicate id" in str(bank.issues[0])


def test_a_broken_user_file_is_reported_and_skipped(tmp_path):
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "broken.yaml", "problems: [\n")
    write(tmp_path, "notes.txt", "not a bank file")
    bank = load_bank([tmp_path, tmp_path / "missing"])
    assert [p.id for p in bank.problems] == ["ok-1"]
    text = messages(bank.issues)
    assert any("broken.yaml" in m for m in text) and any("no such file" in m for m in text)


def test_bank_dirs_from_env_and_option(tmp_path, monkeypatch):
    from symtutor.quiz.bank import bank_dirs

    monkeypatch.setenv("SYMTUTOR_BANK", str(tmp_path / "env"))
    dirs = bank_dirs([tmp_path / "opt"])
    assert dirs == [builtin_bank_dir(), tmp_path / "env", tmp_path / "opt"]


def test_topic_defaults_to_the_file_name(tmp_path):
    path = write(tmp_path, "limits.yaml", "- {id: a, difficulty: 1, prompt: p, task: {command: limit, input: x}}\n")
    (p,), issues = load_file(path)
    assert issues == [] and p.topic == "limits"


def test_options_keep_types_and_text():
    text = GOOD.replace('input: "x^2"}', 'input: "x^2", options: {order: 2, at: "x=1", wrt: x}}')
    (p,), issues = load_text(text, "f.yaml")
    assert issues == [] and p.options == {"order": 2, "at": "x=1", "wrt": "x"}


# --- templating ------------------------------------------------------------------------------


def test_param_specs_are_interpreted_not_evaluated():
    rng = random.Random(1)
    values = templating.draw({"a": "randint(2, 9)", "n": "choice([2, 3, 4])", "b": "a + 1", "f": "choice(['sin'])"},
                             rng)
    assert 2 <= values["a"] <= 9 and values["n"] in (2, 3, 4) and values["b"] == values["a"] + 1
    assert values["f"] == "sin"
    for bad in ("__import__('os').system('x')", "open('f')", "a.b", "[1][0]", "randint(1, 2, 3)", "2 ** 999",
                "choice([])", "lambda: 1", "10**7", "x" * 300, "1.5", "randint(5, 1)"):
        with pytest.raises(templating.TemplateError):
            templating.draw({"a": bad}, random.Random(0))


def test_variants_are_reproducible_by_seed():
    (p,), _ = load_text(GOOD.replace("answer: 2x", 'params: {a: "randint(1, 1000)"}')
                        .replace('input: "x^2"', 'input: "{a}*x^2"'), "f.yaml")
    assert p.instantiate(7).input == p.instantiate(7).input
    assert len({p.instantiate(s).input for s in range(20)}) > 5


def test_negative_values_are_parenthesised():
    assert templating.substitute("x^{n} + {m}", {"n": -2, "m": 3}) == "x^(-2) + 3"
    assert templating.substitute("{1, 2} and {k}", {"n": 1}) == "{1, 2} and {k}"


# --- the shipped bank --------------------------------------------------------------------------


def test_the_builtin_bank_loads_without_issues():
    bank = load_bank([builtin_bank_dir()])
    assert bank.issues == [], messages(bank.issues)
    assert len(bank.select(topic="derivatives")) >= 25


def test_problems_validate_reports_every_error_and_exits_2(tmp_path):
    from symtutor.cli.main import app

    write(tmp_path, "a.yaml", GOOD.replace("difficulty: 1", "difficulty: 9"))
    write(tmp_path, "b.yaml", "- {id: q, difficulty: 1, prompt: p, task: {command: nope, input: x}}\n")
    result = CliRunner().invoke(app, ["problems", "validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "a.yaml:4: problem 'ok-1': field 'difficulty'" in result.output
    assert "b.yaml:1: problem 'q': field 'task.command'" in result.output
    assert "2 errors in 2 files" in result.output


def test_validate_names_the_line_of_an_unreadable_answer(tmp_path):
    from symtutor.cli.main import app

    write(tmp_path, "a.yaml", GOOD.replace("answer: 2x", "hints: [h]\n    answer: \"(2x +\""))
    result = CliRunner().invoke(app, ["problems", "validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "a.yaml:8: problem 'ok-1': field 'answer': cannot read '(2x +'" in result.output


def test_problems_validate_accepts_the_builtin_bank():
    from symtutor.cli.main import app

    result = CliRunner().invoke(app, ["problems", "validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK:")


def test_problems_list_filters_by_topic(tmp_path, monkeypatch):
    from symtutor.cli.main import app

    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(app, ["problems", "list", "--topic", "derivatives"])
    assert result.exit_code == 0, result.output
    assert "d-chain-sin-square" in result.output


def test_problems_validate_solve_runs_the_engine(tmp_path):
    from symtutor.cli.main import app

    write(tmp_path, "a.yaml", GOOD + """\
  - id: ok-2
    difficulty: 1
    prompt: Differentiate x^3.
    task: {command: diff, input: "x^3", options: {wrtt: x}}
  - id: wrong-answer
    difficulty: 1
    prompt: Differentiate x^3.
    task: {command: diff, input: "x^3"}
    answer: "3x^3"
""")
    result = CliRunner().invoke(app, ["problems", "validate", "--solve", str(tmp_path)])
    assert result.exit_code == 2
    assert "problem 'ok-2': field 'task.options.wrtt': " in result.output and "takes no option 'wrtt'" in result.output
    assert "problem 'wrong-answer': field 'answer': '3x^3' disagrees with the engine's answer 3x²" in result.output
    assert "problem 'ok-1'" not in result.output
