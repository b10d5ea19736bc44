"""Malformed input: each gets exit 2 and a message that names the problem."""
import pytest

from tests.adversarial.harness import assert_clean_error, run_cli

CASES = [
    (["diff", "sin(x"], "missing ')'"),
    (["diff", "(x+1))"], "')'"),
    (["diff", ""], "empty input"),
    (["diff", "   "], "empty input"),
    (["diff", "log(x, 2, 3)"], "log takes 1 or 2 arguments"),
    (["diff", "sin()"], "sin"),
    (["diff", "x^2", "--at", "x=foo"], "not a number"),
    (["diff", "x^2", "--at", "x="], "expected a value"),
    (["diff", "x^2", "--order", "-1"], "--order"),
    (["diff", "x^2", "--wrt", "x,y"], "--wrt takes one variable"),
    (["integrate", "x", "--from", "0"], "--to"),
    (["limit", "1/x", "--to", "foo"], "--to must be a number"),
    (["limit", "1/x", "--to", "0", "--side", "up"], "side"),
    (["det", "[[1, 2, 3], [4, 5, 6]]"], "square"),
    (["det", "[[1, 2], [3]]"], "row 2 has 1 entr"),
    (["eigen", "[1, 2]"], "[["),
    (["entropy", "[1/2, 1/3]"], "1/6 less than 1"),
    (["entropy", "[-1/2, 3/2]"], "negative"),
    (["kl", "[1/2, 1/2]", "[1/3, 1/3, 1/3]"], "support"),
    (["bayes", "--prior", "1.5", "--likelihood", "0.9", "--false-positive", "0.1"], "prior"),
    (["variance", "--dist", "Binomial(10)"], "Binomial"),
    (["expect", "x", "--pdf", "x", "--support", "0,1"], "integrates to"),
]


@pytest.mark.parametrize("args, fragment", CASES, ids=[" ".join(a)[:40] for a, _ in CASES])
def test_malformed_input_is_named(args, fragment):
    outcome = run_cli(args)
    assert_clean_error(outcome, codes=(2,))
    assert fragment.lower() in outcome.stderr.lower(), outcome.stderr
