"""Worksheets: reproducible choice, parallel solving with per-problem time limits, layout."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from symtutor import worksheet as sheet
from symtutor.cli.main import app
from symtutor.quiz.bank import bank_dirs, load_bank

sys.path.insert(0, str(Path(__file__).parent))
from test_mathjax import (braces_balanced, environments_balanced, latex_fragments,  # noqa: E402
                          latex_prose_problems, markdown_fragments, markdown_problems, mathjax_available, typeset)

runner = CliRunner()

SLOW_BANK = """\
topic: slow
problems:
  - id: quick
    difficulty: 1
    prompt: Differentiate x^2.
    task: {command: diff, input: "x^2"}
  - id: too-slow
    difficulty: 2
    prompt: Integrate something hard.
    task: {command: integrate, input: "exp(x^2) sin(x)^7/(x^3 + 1)"}
"""


@pytest.fixture(scope="module")
def bank():
    return load_bank(bank_dirs())


@pytest.fixture(scope="module")
def derivatives_sheets(bank):
    """The same small sheet made twice, with one worker and with a pool of two."""
    one, r1 = sheet.make_worksheet(bank, topic="derivatives", count=4, seed=7, solutions=True, workers=1)
    two, r2 = sheet.make_worksheet(bank, topic="derivatives", count=4, seed=7, solutions=True, workers=2)
    latex, _ = sheet.make_worksheet(bank, topic="derivatives", count=4, seed=7, fmt="latex", solutions=True)
    return one, two, latex, r1


# --- choosing -------------------------------------------------------------------------------


def test_same_seed_same_problems_different_seed_different_problems(bank):
    a = sheet.choose(bank, topic="derivatives", count=10, seed=7)
    b = sheet.choose(bank, topic="derivatives", count=10, seed=7)
    c = sheet.choose(bank, topic="derivatives", count=10, seed=8)
    assert [(i.id, i.input) for i in a] == [(i.id, i.input) for i in b]
    assert [(i.id, i.input) for i in a] != [(i.id, i.input) for i in c]
    assert len(a) == 10 and all(i.topic == "derivatives" for i in a)
    assert [i.problem.difficulty for i in a] == sorted(i.problem.difficulty for i in a)  # easiest first


def test_no_problem_twice_and_templates_redrawn_when_the_bank_is_short(bank):
    distinct = len(bank.select(topic="derivatives"))
    chosen = sheet.choose(bank, topic="derivatives", count=distinct + 5, seed=1)
    keys = [(i.command, i.input) for i in chosen]
    assert len(keys) == len(set(keys)) == distinct + 5
    assert any(i.problem.templated for i in chosen)


def test_mixed_draws_from_several_topics_and_difficulty_filters(bank):
    mixed = sheet.choose(bank, topic=None, count=30, seed=2)
    assert len({i.topic for i in mixed}) >= 4
    hard = sheet.choose(bank, topic="mixed", count=5, seed=2, difficulty=3)
    assert hard and all(i.problem.difficulty == 3 for i in hard)


def test_bad_choices_are_usage_errors(bank):
    with pytest.raises(sheet.UsageError, match="no problems for topic 'astrology'"):
        sheet.choose(bank, topic="astrology", count=3, seed=1)
    with pytest.raises(sheet.UsageError, match="--count"):
        sheet.choose(bank, topic="derivatives", count=0, seed=1)


# --- solving and layout --------------------------------------------------------------------------


def test_same_seed_same_sheet_whatever_the_number_of_workers(derivatives_sheets):
    one, two, _, _ = derivatives_sheets
    assert one == two


def test_markdown_sheet_layout(derivatives_sheets):
    text, _, _, results = derivatives_sheets
    assert text.startswith("# Worksheet: Derivatives\n")
    assert "*4 problems, all difficulties, seed 7. Made with symtutor.*" in text
    problems, key, solutions = (text.split("## Problems")[1].split("## Answer key")[0],
                                text.split("## Answer key")[1].split("## Solutions")[0], text.split("## Solutions")[1])
    assert re.findall(r"^(\d+)\. ", problems, re.M) == ["1", "2", "3", "4"]
    assert problems.count("*Answer:* ____") == 4
    assert re.findall(r"^(\d+)\. \$", key, re.M) == ["1", "2", "3", "4"]
    assert all(r.error is None and r.verified for r in results)
    for r in results:
        assert r.instance.prompt.split()[0] in problems
        assert r.answer in key
    assert re.findall(r"^### Problem (\d)$", solutions, re.M) == ["1", "2", "3", "4"]
    assert solutions.count("#### $") == 4 and "**Answer:**" in solutions and "Verified" in solutions


def test_latex_sheet_is_a_balanced_document(derivatives_sheets):
    _, _, latex, _ = derivatives_sheets
    assert latex.startswith("\\documentclass") and latex.rstrip().endswith("\\end{document}")
    assert latex.count("\\documentclass") == 1 and latex.count("\\begin{document}") == 1
    assert environments_balanced(latex) and braces_balanced(latex)
    assert not latex_prose_problems(latex)
    assert "\\section*{Answer key}" in latex and "\\section*{Solutions}" in latex
    assert latex.count("\\vspace{") == 4 and latex.count("\\subsection*{Problem") == 4


@pytest.mark.skipif(mathjax_available() is not None, reason=mathjax_available() or "")
def test_worksheet_math_typesets_in_mathjax(derivatives_sheets):
    markdown, _, latex, _ = derivatives_sheets
    assert not markdown_problems(markdown)
    fragments = sorted(set(markdown_fragments(markdown)) | set(latex_fragments(latex)))
    assert len(fragments) > 30
    errors = [(f, e) for f, e in zip(fragments, typeset(fragments)) if e]
    assert not errors, errors[:5]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine (pdflatex) installed")
def test_latex_sheet_compiles(derivatives_sheets):
    _, _, latex, _ = derivatives_sheets
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "sheet.tex").write_text(latex, encoding="utf-8")
        proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "sheet.tex"], cwd=tmp,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, [line for line in proc.stdout.splitlines() if line.startswith("!")]


def test_a_timeout_is_reported_not_fatal(tmp_path):
    (tmp_path / "slow.yaml").write_text(SLOW_BANK)
    bank = load_bank([tmp_path])
    text, results = sheet.make_worksheet(bank, topic="slow", count=2, seed=1, timeout=1.0, workers=2)
    quick, slow = results
    assert quick.error is None and quick.answer
    assert slow.error is not None and "time limit" in slow.error
    assert "2. *no worked answer: stopped after 1 s (the time limit)" in text
    assert "2. Integrate something hard." in text


# --- the command ----------------------------------------------------------------------------------


def test_cli_markdown_and_latex(tmp_path):
    result = runner.invoke(app, ["worksheet", "--topic", "derivatives", "--count", "3", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Worksheet: Derivatives") and "## Answer key" in result.stdout
    assert "## Solutions" not in result.stdout
    assert result.stderr == ""  # no progress bar when not on a terminal
    latex = runner.invoke(app, ["worksheet", "-t", "derivatives", "-n", "3", "-s", "7", "--no-key", "-f", "latex"])
    assert latex.exit_code == 0 and latex.stdout.startswith("\\documentclass")
    assert "Answer key" not in latex.stdout


def test_cli_timeout_is_a_warning_and_exit_zero(tmp_path):
    (tmp_path / "slow.yaml").write_text(SLOW_BANK)
    result = runner.invoke(app, ["worksheet", "--bank", str(tmp_path), "--topic", "slow", "--count", "2",
                                 "--seed", "1", "--timeout", "1"])
    assert result.exit_code == 0
    assert "symtutor: warning: problem 2 (too-slow): stopped after 1 s" in result.stderr
    assert "no worked answer" in result.stdout


def test_cli_usage_errors():
    result = runner.invoke(app, ["worksheet", "--topic", "astrology", "--seed", "1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("symtutor: error: no problems for topic 'astrology'")
    assert runner.invoke(app, ["worksheet", "--format", "json"]).exit_code == 2


def test_progress_bar_on_a_terminal():
    pexpect = pytest.importorskip("pexpect")
    exe = shutil.which("symtutor", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the symtutor executable is not installed")
    child = pexpect.spawn(exe, ["worksheet", "--topic", "derivatives", "--count", "2", "--seed", "3"],
                          encoding="utf-8", timeout=60, dimensions=(24, 100))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "solving" in child.before and "# Worksheet: Derivatives" in child.before
