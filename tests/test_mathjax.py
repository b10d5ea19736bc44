"""Every math fragment symtutor writes in Markdown and LaTeX typesets in MathJax.

The corpus is built from every solving command that exists (each command's ``--help``
examples, run through the real CLI option parsing), plus a few extra problems with
matrices, piecewise functions, Greek letters and long numbers, plus one instance of every
problem in the quiz bank.  Each derivation is rendered as Markdown and as LaTeX (fragment
and standalone); the ``$...$`` and ``align*`` fragments are extracted and typeset by
MathJax 3 under Node.js (``tests/mathjax/check.js``, the ``mathjax-full`` npm package),
which fails on any TeX error.  A deliberately broken fragment proves the check can fail.

Needs ``node`` and ``npm ci --prefix tests/mathjax`` (``.ci/run`` does it): skipped, with
the reason, only when Node.js is absent; without the npm install the tests fail and say so.  With a TeX engine (pdflatex) installed, standalone documents are
also compiled.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from symtutor.budget import Budget, run_bounded
from symtutor.cli import main as cli_main
from symtutor.errors import SymtutorError
from symtutor.render import RenderOptions, render

HERE = Path(__file__).parent
CHECKER = HERE / "mathjax" / "check.js"
NODE = shutil.which("node")
CORPUS_TIMEOUT = 30.0  # seconds per problem on a busy machine

# Problems beyond the --help examples: matrices, piecewise, Greek, long numbers, options.
EXTRA_ARGV = [
    ["diff", "sigmoid(w x + b)", "--wrt", "w"],
    ["diff", "|x - 1| + arcsin(x)"],
    ["diff", "alpha e^(-lambda t)", "--wrt", "t", "--order", "2"],  # steps nested five deep
    ["integrate", "1/(x^2 - 1)"],
    ["limit", "|x|/x", "--to", "0"],
    ["limit", "(x^2 - 4)/(x - 2)", "--to", "2"],
    ["det", "[[1, 2, 3, 4], [0, 1, 0, 2], [1, 0, 1, 0], [2, 1, 0, 1]]"],
    ["det", "[[12345678901234567890, 2], [3, 98765432109876543210]]"],
    ["eigen", "[[1, 2, 0], [2, 1, 0], [0, 0, 3]]"],
    ["expect", "X", "--dist", "Binomial(4, 1/3)"],
    ["entropy", "[0.5, 0.25, 0.25]"],
]


# --- the corpus -----------------------------------------------------------------------------


def solving_commands() -> dict[str, object]:
    """Every command that renders a derivation (it takes --format and --standalone), by name."""
    group = typer.main.get_command(cli_main.app)
    return {name: cmd for name, cmd in group.commands.items()
            if {"fmt", "standalone"} <= {p.name for p in getattr(cmd, "params", [])}}


def help_examples(command) -> list[list[str]]:
    """The ``symtutor ...`` example lines of a command's help, as argv lists (redirections dropped)."""
    out = []
    for line in (command.help or "").splitlines():
        line = line.strip()
        if line.startswith("symtutor "):
            argv = shlex.split(line.split(">")[0])[1:]
            for option in ("--format", "--plot"):  # the corpus chooses the formats and draws nothing
                while option in argv:
                    k = argv.index(option)
                    del argv[k:k + 2]
            out.append(argv)
    return out


def corpus_argv() -> list[list[str]]:
    examples = [argv for cmd in solving_commands().values() for argv in help_examples(cmd)]
    return examples + EXTRA_ARGV


def capture_solves(argv: list[str]) -> list[tuple[object, str]]:
    """Parse ``argv`` with the real CLI, but collect (solve, input) pairs instead of solving."""
    calls: list[tuple[object, str]] = []

    def collect(solve, inputs, *args, **kwargs):
        calls.extend((solve, text) for text in inputs)

    modules = [__import__(name, fromlist=["_"]) for name in cli_main.command_modules()]
    saved = {m: m.solve_and_print for m in modules if hasattr(m, "solve_and_print")}
    try:
        for m in saved:
            m.solve_and_print = collect
        result = CliRunner().invoke(cli_main.app, argv)
    finally:
        for m, original in saved.items():
            m.solve_and_print = original
    assert result.exit_code == 0, f"symtutor {shlex.join(argv)}: {result.output}"
    return calls


def _render_all(solve, text) -> dict[str, str]:
    derivation = solve(text)
    return {
        "markdown": render(derivation, "markdown"),
        "latex": render(derivation, "latex"),
        "standalone": render(derivation, "latex", RenderOptions(standalone=True)),
        "markdown-answer": render(derivation, "markdown", RenderOptions(show_steps=False)),
    }


def bank_argv(full: bool = False) -> list[tuple[str, object, str]]:
    """Bank problems whose engine is installed, as (label, solve, input), seed 0.

    All of them when ``full`` (``SYMTUTOR_MATHJAX_FULL=1``, about a minute more), else the
    first problem of each topic, which keeps the test fast.
    """
    from symtutor.quiz import dispatch
    from symtutor.quiz.bank import bank_dirs, load_bank

    out, seen = [], set()
    for problem in load_bank(bank_dirs(include_builtin=True)).problems:
        if not dispatch.available(problem.command):
            continue
        if not full and problem.topic in seen:
            continue
        seen.add(problem.topic)
        instance = problem.instantiate(0)

        def solve(text, command=instance.command, options=instance.options):
            return dispatch.run_task(command, text, dict(options))

        out.append((f"bank:{problem.id}", solve, instance.input))
    return out


def build_corpus(include_bank: bool = True) -> tuple[dict[str, dict[str, str]], list[str]]:
    """{label: {format: output}} for the whole corpus, and the problems that failed to solve."""
    jobs = [(shlex.join(argv), solve, text) for argv in corpus_argv() for solve, text in capture_solves(argv)]
    if include_bank:
        jobs += bank_argv(full=os.environ.get("SYMTUTOR_MATHJAX_FULL") == "1")
    budget = Budget(timeout=CORPUS_TIMEOUT, memory_mb=2048)

    def one(job):
        label, solve, text = job
        try:
            return label, run_bounded(_render_all, solve, text, budget=budget), None
        except SymtutorError as exc:
            return label, None, f"{label}: {exc.message}"

    outputs, failures = {}, []
    # Threads only wait on forked workers, so both cores stay busy.
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        for label, rendered, failure in pool.map(one, jobs):
            if rendered is not None:
                outputs[label] = rendered
            else:
                failures.append(failure)
    return outputs, failures


# --- extracting math ---------------------------------------------------------------------------

_ALIGN = re.compile(r"\\begin\{(align\*|equation\*|gather\*)\}.*?\\end\{\1\}|\\\[.*?\\\]", re.S)
_DOLLAR = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.S)


def markdown_fragments(text: str) -> list[tuple[str, bool]]:
    """(tex, display) for each $$...$$ and $...$ of a Markdown document."""
    return [(m.group(1) or m.group(2), m.group(1) is not None) for m in _DOLLAR.finditer(text)]


def latex_fragments(text: str) -> list[tuple[str, bool]]:
    """(tex, display) for each display environment and each $...$ of a LaTeX document."""
    displays = [(m.group(0)[2:-2] if m.group(0).startswith("\\[") else m.group(0), True)
                for m in _ALIGN.finditer(text)]
    rest = _ALIGN.sub(" ", text)
    return displays + [(m.group(1) or m.group(2), m.group(1) is not None) for m in _DOLLAR.finditer(rest)]


def markdown_problems(text: str) -> list[str]:
    """Ways inline math breaks in Markdown renderers even when the TeX itself is valid."""
    problems = []
    for line in text.splitlines():
        if len(re.findall(r"(?<!\\)\$", line)) % 2:
            problems.append(f"odd number of unescaped $ on a line: {line!r}")
    for m in re.finditer(r"(?<!\\)(?<!\$)\$(?!\$)(.+?)(?<!\\)\$(?!\$)", text):
        tex = m.group(1)
        if tex != tex.strip():
            problems.append(f"inline math starts or ends with a space (GitHub and pandoc do not render it): ${tex}$")
        if "\n" in tex:
            problems.append(f"inline math across lines: ${tex}$")
        after = text[m.end():m.end() + 1]
        if after.isdigit():
            problems.append(f"closing $ followed by a digit (pandoc does not close the math there): ${tex}${after}")
    return problems


def latex_prose_problems(text: str) -> list[str]:
    """Characters outside math that pdflatex would refuse or misread."""
    rest = _ALIGN.sub(" ", text)
    rest = _DOLLAR.sub(" ", rest)
    problems = []
    for ch in sorted(set(rest)):
        if ord(ch) > 127:
            problems.append(f"non-ASCII character {ch!r} in LaTeX prose")
    for m in re.finditer(r"(?<!\\)[_^&%#]", rest):
        problems.append(f"unescaped {m.group(0)!r} in LaTeX prose: {rest[max(0, m.start() - 30):m.end() + 30]!r}")
    return problems


def environments_balanced(text: str) -> bool:
    stack = []
    for kind, name in re.findall(r"\\(begin|end)\{([^}]*)\}", text):
        if kind == "begin":
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def braces_balanced(text: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\.|[{}]", text):
        token = m.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# --- MathJax ----------------------------------------------------------------------------------


def mathjax_available() -> str | None:
    """None when the checker can run, else the reason to skip: only a missing Node.js."""
    if NODE is None:
        return "node is not installed (MathJax runs under Node.js); install Node.js to run the MathJax checks"
    return None


def typeset(fragments: list[tuple[str, bool]]) -> list[str | None]:
    """MathJax's error message for each (tex, display) fragment, None when it typesets."""
    if not (HERE / "mathjax" / "node_modules" / "mathjax-full").is_dir():
        pytest.fail("mathjax-full is not installed: run 'npm ci --prefix tests/mathjax' (bash .ci/run does)")
    lines = "".join(json.dumps({"id": k, "tex": tex, "display": display}) + "\n"
                    for k, (tex, display) in enumerate(fragments))
    proc = subprocess.run([NODE, str(CHECKER)], input=lines, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(results) == len(fragments)
    return [r["error"] for r in sorted(results, key=lambda r: r["id"])]


needs_mathjax = pytest.mark.skipif(mathjax_available() is not None, reason=mathjax_available() or "")


# --- tests ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    outputs, failures = build_corpus(include_bank=True)
    return outputs, failures


def test_every_solving_command_is_in_the_corpus():
    names = set(solving_commands())
    assert {"diff", "integrate", "limit", "gradient", "jacobian", "hessian", "critical", "det", "eigen", "svd",
            "expect", "variance", "entropy", "cross-entropy", "kl", "bayes"} <= names
    covered = {argv[0] for argv in corpus_argv()}
    assert names <= covered, f"commands without a corpus example (give them --help examples): {names - covered}"


def test_the_corpus_solves(corpus):
    outputs, failures = corpus
    assert not failures, "\n".join(failures)
    assert len(outputs) >= 50


@needs_mathjax
def test_every_fragment_typesets_in_mathjax(corpus):
    outputs, _ = corpus
    fragments: dict[tuple[str, bool], str] = {}  # unique fragment -> where it came from
    for label, formats in outputs.items():
        for fmt, text in formats.items():
            extract = markdown_fragments if fmt.startswith("markdown") else latex_fragments
            for fragment in extract(text):
                fragments.setdefault(fragment, f"{label} [{fmt}]")
    assert len(fragments) > 400
    items = list(fragments)
    errors = [f"{fragments[item]}: {error}\n    {item[0][:300]}"
              for item, error in zip(items, typeset(items)) if error is not None]
    assert not errors, f"{len(errors)} fragments fail in MathJax:\n" + "\n".join(errors[:40])


def test_markdown_math_is_well_delimited(corpus):
    outputs, _ = corpus
    problems = [f"{label}: {p}" for label, formats in outputs.items() for fmt, text in formats.items()
                if fmt.startswith("markdown") for p in markdown_problems(text)]
    assert not problems, "\n".join(problems[:30])


def test_latex_outputs_are_balanced_and_ascii(corpus):
    outputs, _ = corpus
    problems = []
    for label, formats in outputs.items():
        for fmt in ("latex", "standalone"):
            text = formats[fmt]
            if not environments_balanced(text):
                problems.append(f"{label} [{fmt}]: unbalanced \\begin/\\end")
            if not braces_balanced(text):
                problems.append(f"{label} [{fmt}]: unbalanced braces")
            problems.extend(f"{label} [{fmt}]: {p}" for p in latex_prose_problems(text))
    assert not problems, "\n".join(problems[:30])


@needs_mathjax
def test_a_broken_fragment_fails():
    """The check can fail: broken TeX is reported with MathJax's own message."""
    errors = typeset([(r"\frac{1}{", False), (r"\notamacro x", False), (r"a & b", False),
                      (r"x^{2}^{3}", True), (r"\begin{align*} a &= b \end{align}", True),
                      (r"\frac{d}{d x} \sin{\left(x^{2} \right)}", False)])
    assert "Missing close brace" in errors[0]
    assert "Undefined control sequence" in errors[1]
    assert "Misplaced &" in errors[2]
    assert "Double exponent" in errors[3]
    assert errors[4] is not None
    assert errors[5] is None


@needs_mathjax
def test_a_broken_markdown_document_is_caught_by_the_pipeline():
    """The same extraction the corpus uses finds the bad fragment in a whole document."""
    document = "### $x^{2}$\n\n1. **Rule** — text $\\frac{1}{2$ more.\n"
    fragments = markdown_fragments(document)
    assert fragments == [("x^{2}", False), ("\\frac{1}{2", False)]
    errors = typeset(fragments)
    assert errors[0] is None and errors[1] is not None


def test_extraction_skips_escaped_dollars():
    assert markdown_fragments(r"costs \$5 and $x$") == [("x", False)]
    latex = "\\item pay \\$3 for $y$\n\\begin{align*}\n  a &= b\n\\end{align*}"
    assert latex_fragments(latex) == [("\\begin{align*}\n  a &= b\n\\end{align*}", True), ("y", False)]
    assert latex_fragments("\\item text \\[ x^{2} \\] more") == [(" x^{2} ", True)]
    assert latex_prose_problems("a_b") and not latex_prose_problems("a\\_b $c_d$")
    assert markdown_problems("$ x$") and markdown_problems("$x$2") and not markdown_problems("$x$ 2")


def _pdflatex(document: str, tmp: str, name: str) -> str | None:
    """None when ``document`` compiles, else pdflatex's first error line."""
    path = Path(tmp) / f"{name}.tex"
    path.write_text(document, encoding="utf-8")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", path.name],
                          cwd=tmp, capture_output=True, text=True, timeout=120)
    if proc.returncode == 0:
        return None
    return next((line for line in proc.stdout.splitlines() if line.startswith("!")), proc.stdout[-300:])


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine (pdflatex) installed")
def test_standalone_documents_compile_with_pdflatex(corpus):
    """One standalone document as printed, and one document holding a fragment of every
    problem in the corpus (what ``symtutor ... - --standalone`` prints for many inputs)."""
    from symtutor.render.latex_format import document

    outputs, _ = corpus
    labels = sorted(outputs)
    with tempfile.TemporaryDirectory() as tmp:
        single = _pdflatex(outputs[labels[0]]["standalone"], tmp, "single")
        assert single is None, f"{labels[0]}: {single}"
        combined = document("\n".join(outputs[label]["latex"] for label in labels))
        error = _pdflatex(combined, tmp, "combined")
        if error is not None:  # find the culprit
            culprits = [f"{label}: {_pdflatex(outputs[label]['standalone'], tmp, 'one')}" for label in labels
                        if _pdflatex(outputs[label]["standalone"], tmp, "one") is not None]
            pytest.fail("\n".join(culprits) or error)
