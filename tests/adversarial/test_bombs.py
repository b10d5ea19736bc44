"""Resource bombs: each ends within the time limit (+1 s) with exit 2 or 3."""
import pytest

from tests.adversarial.harness import TIME_LIMIT, assert_clean_error, available_commands, fill, run_cli

BOMBS = {
    "power tower": "9**9**9",
    "huge exponent": "x**(10**10**10)",
    "factorial": "factorial(10**10)",
    "long input": "x+" * 50_000 + "x",
    "nested parentheses": "(" * 10_000 + "x" + ")" * 10_000,
    "unary minus": "-" * 5_000 + "x",
    "big matrix": "[" + ", ".join("[" + ", ".join(f"a{i}_{j}" for j in range(50)) + "]" for i in range(50)) + "]",
    "float overflow": "1e999999999",
    "gamma of a huge float": "gamma(1e300)",
}

COMMANDS = available_commands()


@pytest.mark.parametrize("bomb", sorted(BOMBS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bomb_is_bounded(command, bomb):
    outcome = run_cli(fill(COMMANDS[command], BOMBS[bomb]))
    assert_clean_error(outcome, codes=(2, 3))
    assert outcome.seconds < TIME_LIMIT + 1


@pytest.mark.parametrize("args", [
    ["diff", "x^x^x^x^x^x^x", "--order", "8"],
    ["integrate", "exp(x^x)*sin(x^x)"],
    ["eigen", "[[a, b, c, d], [e, f, g, h], [i, j, k, l], [m, n, o, p]]"],
    ["hessian", "exp(sin(x*y*z))^(x+y+z)*atan(x^y^z)"],
    ["limit", "x^x^x^x^x^x", "--to", "0", "--side", "right"],
])
def test_heavy_but_valid_problems_stop_at_the_time_limit(args):
    outcome = run_cli(args)
    assert outcome.seconds < TIME_LIMIT + 1.5
    if outcome.code != 0:
        assert_clean_error(outcome, codes=(1, 2, 3))


def test_yaml_alias_bomb_fails_fast(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    bank = tmp_path / "bombs"
    bank.mkdir()
    (bank / "bomb.yaml").write_text("\n".join(lines) + "\n")
    outcome = run_cli(["problems", "validate", str(bank)])
    assert outcome.code != 0 and outcome.seconds < 2
    assert "Traceback" not in outcome.stderr + outcome.stdout


def test_fifty_megabyte_yaml_fails_fast(tmp_path):
    bank = tmp_path / "huge"
    bank.mkdir()
    with open(bank / "huge.yaml", "w") as handle:
        handle.write("problems:\n")
        chunk = "  - {id: p, topic: derivatives, difficulty: 1, prompt: x, task: {command: diff, input: x}}\n"
        handle.write(chunk * (50 * 1024 * 1024 // len(chunk)))
    outcome = run_cli(["problems", "validate", str(bank)])
    assert outcome.code != 0 and outcome.seconds < 5
    assert "Traceback" not in outcome.stderr + outcome.stdout
