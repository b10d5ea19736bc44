"""Property-based fuzzing of the parser and the commands (bounded example counts)."""
import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symtutor.errors import ParseError
from symtutor.parsing import parse_expr
from tests.adversarial.harness import MARKER, TIME_LIMIT, run_cli

ALPHABET = string.printable + "πσ√²·−|∞ѕ"
FUNCTIONS = ["sin", "cos", "exp", "log", "sqrt", "tan", "atan", "sigmoid", "sinh"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_random_text_only_ever_raises_parse_errors(text):
    try:
        parse_expr(text)
    except ParseError as exc:
        assert "\n" not in exc.message


def expression_text():
    leaf = st.sampled_from(["x", "2", "3x", "pi", "x^2", "1/2", "e"])

    def grow(children):
        func = st.tuples(st.sampled_from(FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})")
        binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "^"]), children).map(
            lambda t: f"({t[0]}){t[1]}({t[2]})")
        return st.one_of(func, binary)

    return st.recursive(leaf, grow, max_leaves=4)


COMMANDS = [["diff", "{p}"], ["integrate", "{p}"], ["limit", "{p}", "--to", "1"]]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(text=expression_text(), which=st.integers(0, len(COMMANDS) - 1))
def test_well_formed_expressions_through_commands(tmp_path, text, which):
    args = [a.replace("{p}", text) for a in COMMANDS[which]] + ["-f", "json"]
    outcome = run_cli(args)
    assert outcome.code in (0, 1, 2, 3), outcome
    assert "Traceback" not in outcome.stderr
    assert outcome.seconds < TIME_LIMIT + 1.5
    if outcome.code == 0:
        assert json.loads(outcome.stdout)["verified"] is True, (args, outcome.stdout[:400])
    else:
        assert len(outcome.stderr.strip().splitlines()) == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
def test_random_text_through_diff(tmp_path, text):
    outcome = run_cli(["diff", text])
    assert outcome.code in (0, 1, 2, 3)
    assert "Traceback" not in outcome.stderr
    assert not (tmp_path / MARKER).exists()
