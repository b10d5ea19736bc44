"""Output hazards: huge integers, markup characters, slow-to-print results."""
import json
import sys

import sympy as sp

from tests.adversarial.harness import TIME_LIMIT, run_cli

BIG = "2^13000"  # about 3 900 digits: accepted by the parser, squared by the engine


def test_result_beyond_the_int_string_limit_prints():
    for fmt in ("text", "markdown", "latex", "terminal"):
        outcome = run_cli(["det", f"[[{BIG}, 1], [1, {BIG}]]", "-f", fmt])
        assert outcome.code == 0, outcome.stderr
        assert "digits" in outcome.stdout
    outcome = run_cli(["det", f"[[{BIG}, 1], [1, {BIG}]]", "-f", "json"])
    data = json.loads(outcome.stdout)
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        assert sp.sympify(data["answer"]) == sp.Integer(2) ** 26000 - 1
    finally:
        sys.set_int_max_str_digits(limit)


def test_rich_markup_characters_survive_in_the_terminal_format():
    outcome = run_cli(["det", "[[1, 2], [3, 4]]", "-f", "terminal"])
    assert outcome.code == 0
    assert "[[1, 2], [3, 4]]" in outcome.stdout


def test_slow_to_print_output_is_bounded():
    outcome = run_cli(["diff", "x^x^x^x^x", "--order", "3"])
    assert outcome.seconds < TIME_LIMIT + 1
    assert outcome.code in (0, 3)
    assert "Traceback" not in outcome.stderr
