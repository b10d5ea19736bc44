"""Code-injection payloads against every command: none executes, each is exit 2 with one line."""
import pytest

from tests.adversarial.harness import MARKER, assert_clean_error, available_commands, fill, run_cli

PAYLOADS = [
    f"__import__('os').system('touch {MARKER}')",
    "x.__class__.__mro__[1].__subclasses__()",
    "().__class__.__bases__[0].__subclasses__()",
    f"f('touch {MARKER}')",
    f"Symbol('x').__class__",
    "lambda: __import__('os')",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "eval('1+1')",
    f"exec('open(\"{MARKER}\", \"w\")')",
    f"open('{MARKER}', 'w')",
    "getattr(x, '__class__')",
    f"f\"{{__import__('os').system('touch {MARKER}')}}\"",
    "\\x5f\\x5fimport\\x5f\\x5f('os')",
    "ѕin(x)",  # Cyrillic s
    "ｓｉｎ(x)",  # fullwidth letters
    "sin(x); import os",
    f"`touch {MARKER}`",
    f"$(touch {MARKER})",
    "x # comment",
    "sympify('x')",
    "x.subs(x, 1)",
    "__builtins__",
    "globals()",
]

COMMANDS = available_commands()


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_payload_is_refused(command, payload):
    outcome = run_cli(fill(COMMANDS[command], payload))
    assert_clean_error(outcome)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_quiz_answer_checker_refuses_payloads(payload):
    from symtutor.errors import ParseError
    from symtutor.quiz.checking import read_answer

    with pytest.raises(ParseError):
        read_answer(payload)


@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_payload_in_a_problem_bank_file(tmp_path, payload):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "evil.yaml").write_text(
        "problems:\n"
        "  - id: evil-1\n    topic: derivatives\n    difficulty: 1\n"
        f"    prompt: Differentiate\n    task: {{command: diff, input: {payload!r}}}\n"
        f"    answer: {payload!r}\n",
        encoding="utf-8",
    )
    outcome = run_cli(["problems", "validate", str(bank)])
    assert outcome.code != 0
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert "evil" in outcome.stdout + outcome.stderr
