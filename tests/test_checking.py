"""Answer checking and mistake diagnosis, against the real engines' derivations."""
from __future__ import annotations

import importlib.util

import pytest
import sympy as sp

from symtutor.quiz.checking import (CORRECT, DNE, UNREADABLE, WRONG, Multiset, judge, read_answer, same_answer)
from symtutor.steps import Derivation

x, y = sp.symbols("x y")
requires_integrals = pytest.mark.skipif(importlib.util.find_spec("symtutor.tasks.integrals") is None,
                                        reason="the integrals engine (symtutor.tasks.integrals) is not installed yet")
requires_limits = pytest.mark.skipif(importlib.util.find_spec("symtutor.tasks.limits") is None,
                                     reason="the limits engine (symtutor.tasks.limits) is not installed yet")


def diff(text, **options):
    from symtutor.tasks.calculus import explain_diff

    return explain_diff(text, **options)


def integral(text, **options):
    from symtutor.tasks.integrals import explain_integral

    return explain_integral(text, **options)


def limit(text, **options):
    from symtutor.tasks.limits import explain_limit

    return explain_limit(text, **options)


def fixed(answer, statement=None, task="eigen") -> Derivation:
    """A derivation that only carries an answer (for shape-comparison cases)."""
    return Derivation(task=task, input="", problem={}, statement=statement, steps=[], answer=answer, verified=True)


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2x cos(x^2)", 2 * x * sp.cos(x**2)),
    ("e^x", sp.exp(x)),
    ("f'(x) = 3x^2", 3 * x**2),
    ("y = 2x", 2 * x),
])
def test_friendly_syntax(text, expected):
    assert sp.simplify(read_answer(text) - expected) == 0


def test_dne_words_and_sets_and_tuples():
    assert read_answer("DNE") is DNE and read_answer("does not exist") is DNE
    assert read_answer("{1, 3}") == Multiset((sp.Integer(1), sp.Integer(3)))
    assert read_answer("(1, 2)") == sp.Tuple(1, 2)


def test_an_unparseable_answer_gets_the_parsers_message():
    verdict = judge("cos(x^2", diff("sin(x^2)"), "diff")
    assert verdict.status == UNREADABLE and verdict.message


# --- equivalence -----------------------------------------------------------------------------


def test_exact_and_numeric_equivalence():
    d = diff("sin(x^2)")
    assert judge("2x cos(x^2)", d, "diff").correct
    assert judge("cos(x^2)*x*2", d, "diff").correct
    assert judge("2x sin(x^2)", d, "diff").status == WRONG


def test_sqrt_of_square_is_abs():
    assert same_answer(read_answer("sqrt(x^2)"), sp.Abs(x))
    assert not same_answer(read_answer("x"), sp.Abs(x))


def test_log_of_product_on_the_common_domain():
    assert same_answer(read_answer("log(x) + log(y)"), sp.log(x * y))
    assert same_answer(read_answer("log(x*y)"), sp.log(x) + sp.log(y))
    assert not same_answer(read_answer("log(x) - log(y)"), sp.log(x * y))


def test_domain_of_the_problem_is_respected():
    d = diff("x*log(x)")  # defined for x > 0 only
    assert judge("ln(x) + 1", d, "diff").correct
    assert judge("ln(|x|) + 1", d, "diff").correct


def test_a_value_at_a_point():
    d = diff("x^3 - 3x", at="x=2")
    assert judge("9", d, "diff").correct and judge("3*2^2 - 3", d, "diff").correct
    assert judge("8", d, "diff").status == WRONG


def test_infinity_and_dne():
    assert same_answer(sp.oo, sp.oo) and not same_answer(-sp.oo, sp.oo) and not same_answer(sp.Integer(5), sp.oo)
    d = fixed(sp.nan, task="limit")
    assert judge("DNE", d).correct and judge("does not exist", d).correct
    assert judge("0", d).status == WRONG
    assert judge("DNE", fixed(sp.Integer(0), task="limit")).status == WRONG
    assert judge("oo", fixed(sp.oo, task="limit")).correct and judge("inf", fixed(sp.oo, task="limit")).correct


def test_matrices_vectors_tuples():
    m = fixed(sp.Matrix([[1, 2], [3, 4]]), task="hessian")
    assert judge("[[1, 2], [3, 4]]", m, "hessian").correct
    assert judge("[[1, 3], [2, 4]]", m, "hessian").status == WRONG
    assert judge("[1, 2, 3, 4]", m, "hessian").status == WRONG
    g = fixed(sp.Matrix([2 * x, 2 * y]), task="gradient")
    assert judge("[2x, 2y]", g, "gradient").correct and judge("(2x, 2y)", g, "gradient").correct
    assert judge("[2y, 2x]", g, "gradient").status == WRONG


def test_sets_of_eigenvalues_in_any_order_with_multiplicity():
    d = fixed({sp.Integer(1): 1, sp.Integer(3): 1})
    assert judge("{3, 1}", d, "eigen").correct and judge("1, 3", d, "eigen").correct
    assert judge("[3, 1]", d, "eigen").correct
    assert judge("{1, 2}", d, "eigen").status == WRONG
    repeated = fixed({sp.Integer(2): 2})
    assert judge("2, 2", repeated, "eigen").correct and judge("{2}", repeated, "eigen").correct
    assert judge("2, 2, 2", repeated, "eigen").status == WRONG


def test_critical_points_as_a_set_of_tuples():
    d = fixed([sp.Tuple(1, 0), sp.Tuple(-1, 0)], task="critical")
    assert judge("{(-1, 0), (1, 0)}", d, "critical").correct
    assert judge("{(1, 0)}", d, "critical").status == WRONG


@requires_integrals
def test_antiderivatives_up_to_a_constant_and_missing_c():
    d = integral("x*exp(x)")
    with_c = judge("(x - 1) e^x + C", d, "integrate")
    assert with_c.correct and with_c.notes == []
    without = judge("x e^x - e^x", d, "integrate")
    assert without.correct and "constant of integration" in without.notes[0]
    assert judge("x e^x - e^x + 7", d, "integrate").correct
    assert judge("x e^x", d, "integrate").status == WRONG


@requires_integrals
def test_definite_integral_value():
    d = integral("x^2", lower="0", upper="3")
    assert judge("9", d, "integrate").correct and judge("9 + C", d, "integrate").status == WRONG


# --- diagnosis ---------------------------------------------------------------------------------


def mistake_of(text, derivation, command):
    verdict = judge(text, derivation, command)
    assert verdict.status != CORRECT
    return verdict.mistake


DERIVATIVE_CASES = [
    # (input, options, the mistaken answer, rule, words in the explanation)
    ("sin(x^2)", {}, "cos(x^2)", "chain_rule", ["inner function", "2x"]),
    ("exp(3*x^2)", {}, "exp(3x^2)", "chain_rule", ["6x"]),
    ("cos(x^3)", {}, "3x^2 sin(x^3)", "trig_rule", ["minus sine"]),
    ("cos(x)", {}, "sin(x)", "trig_rule", ["minus sine"]),
    ("x^7", {}, "7x^7", "power_rule", ["lower it by one"]),
    ("x^7", {}, "7x^8", "power_rule", ["not up"]),
    ("x^2*exp(x)", {}, "2x e^x", "product_rule", ["product of the derivatives"]),
    ("x*sin(x)", {}, "cos(x)", "product_rule", ["product of the derivatives"]),
    ("sin(x)/x", {}, "(sin(x) - x cos(x))/x^2", "quotient_rule", ["wrong way round"]),
    ("(x + 1)/(x - 1)", {}, "2/(x - 1)^2", "quotient_rule", ["wrong way round"]),
    ("sigmoid(w*x + b)", {"wrt": "w"}, "sigmoid(w x + b)(1 - sigmoid(w x + b))", "chain_rule", ["inner function"]),
]


@pytest.mark.parametrize("text, options, wrong, rule, words", DERIVATIVE_CASES)
def test_each_derivative_mistake_is_named(text, options, wrong, rule, words):
    from symtutor.render.notation import unicode_math

    d = diff(text, **options)
    mistake = mistake_of(wrong, d, "diff")
    assert mistake is not None and mistake.rule == rule
    sentence = mistake.sentence(unicode_math)
    assert all(w in sentence for w in words), sentence


@pytest.mark.parametrize("text, options, wrong, rule, words", DERIVATIVE_CASES)
def test_no_diagnosis_on_a_correct_answer_or_an_unrelated_wrong_one(text, options, wrong, rule, words):
    d = diff(text, **options)
    correct = judge(str(d.answer), d, "diff")
    assert correct.correct and correct.mistake is None
    unrelated = judge("42*x + 17", d, "diff")
    assert unrelated.status == WRONG and unrelated.mistake is None


def test_the_diagnosis_names_the_chain_rule_that_slipped():
    d = diff("sin(cos(x^2))")
    inner = mistake_of("cos(cos(x^2))*(-sin(x^2))", d, "diff")  # forgot the 2x of x^2
    assert inner.rule == "chain_rule" and inner.math["inner"] == x**2
    outer = mistake_of("cos(cos(x^2))", d, "diff")  # forgot all of d/dx cos(x^2)
    assert outer.rule == "chain_rule" and outer.math["inner"] == sp.cos(x**2)
    # two slips at once (the 2x dropped and the sign of d/dx cos) are not claimed as one
    assert mistake_of("cos(cos(x^2))*sin(x^2)", d, "diff") is None


@requires_integrals
@pytest.mark.parametrize("text, wrong, rule, words", [
    ("sin(x)", "cos(x)", "sin_integral", ["minus cosine"]),
    ("exp(x) + 2*sin(x)", "e^x + 2cos(x)", "sin_integral", ["minus cosine"]),
    ("cos(4*x)", "sin(4x)", "linear_substitution", ["divide by 4"]),
    ("exp(3*x)", "exp(3x)", "linear_substitution", ["divide by 3"]),
    ("sin(5*x)", "-cos(5x) + C", "linear_substitution", ["divide by 5"]),
])
def test_integral_mistakes(text, wrong, rule, words):
    from symtutor.render.notation import unicode_math

    d = integral(text)
    mistake = mistake_of(wrong, d, "integrate")
    assert mistake is not None and mistake.rule == rule
    assert all(w in mistake.sentence(unicode_math) for w in words)
    assert judge("x^3 + 1", d, "integrate").mistake is None
    assert judge(str(d.answer), d, "integrate").correct


@requires_limits
def test_lhopital_on_a_form_that_is_not_indeterminate():
    from symtutor.render.notation import unicode_math

    d = limit("(x^2 + 1)/(x + 1)", to="1")
    assert judge("1", d, "limit").correct
    mistake = mistake_of("1", d, "limit") if False else judge("2", d, "limit").mistake
    assert mistake is not None and mistake.rule == "lhopital"
    assert "does not apply" in mistake.sentence(unicode_math)
    assert judge("5", d, "limit").mistake is None


@requires_limits
def test_no_lhopital_diagnosis_where_lhopital_is_right():
    d = limit("sin(x)/x", to="0")
    assert judge("1", d, "limit").correct
    assert judge("0", d, "limit").mistake is None


def test_log_base_confusion_in_entropy():
    from symtutor.quiz.diagnosis import diagnose

    bits = fixed(sp.Integer(1), task="entropy")
    bits.problem = {"base": 2}
    mistake = diagnose(read_answer("ln(2)"), bits, "entropy")
    assert mistake is not None and mistake.rule == "log_base" and "bits" in mistake.text
    assert diagnose(read_answer("1/2"), bits, "entropy") is None
    nats = fixed(sp.log(2), task="entropy")
    nats.problem = {"base": sp.E}
    assert diagnose(read_answer("1"), nats, "entropy").rule == "log_base"
    unknown = fixed(sp.Integer(1), task="entropy")
    assert diagnose(read_answer("ln(2)"), unknown, "entropy") is None


requires_information = pytest.mark.skipif(importlib.util.find_spec("symtutor.tasks.probability") is None,
                                          reason="the probability engine (symtutor.tasks.probability) is not installed")


@requires_information
def test_log_base_confusion_on_the_entropy_engine():
    from symtutor.quiz.dispatch import run_task

    bits = run_task("entropy", "[1/2, 1/2]", {"base": "2"})
    assert judge("1", bits, "entropy").correct and judge("1", bits, "entropy").mistake is None
    assert judge("ln(2)", bits, "entropy").mistake.rule == "log_base"
    assert judge("3/10", bits, "entropy").mistake is None
    die = run_task("entropy", "DiscreteUniform(1, 6)", {"base": "2"})
    for same in ("log2(6)", "log(6, 2)", "ln(6)/ln(2)", "1 + log2(3)", "2.585"):
        assert judge(same, die, "entropy").correct, same
    assert judge("ln(6)", die, "entropy").mistake.rule == "log_base"
    nats = run_task("kl", "[1/2, 1/2]", {"q": "[3/4, 1/4]"})
    assert judge("ln(2) - ln(3)/2", nats, "kl").correct
    assert judge("1 - log2(3)/2", nats, "kl").mistake.rule == "log_base"


def test_decimals_are_right_to_the_digits_given():
    d = fixed(sp.Rational(19, 118), task="bayes")
    assert judge("0.161", d, "bayes").correct and "19/118" in judge("0.161", d, "bayes").notes[0]
    assert judge("0.16", d, "bayes").status == WRONG  # too few significant digits to tell
    assert judge("0.171", d, "bayes").status == WRONG
