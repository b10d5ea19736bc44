"""``symtutor expect | variance | entropy | cross-entropy | kl | bayes``: probability and information."""
from __future__ import annotations

from typing import Optional

import typer

from symtutor.cli.common import (FormatOption, NoStepsOption, OutputFormat, StandaloneOption, TimeoutOption,
                                 solve_and_print)

_DISTRIBUTIONS = """A distribution is written as a table of value: probability pairs {1: 1/3, 2: 2/3}, a
list of probabilities [1/2, 1/4, 1/4], or a named distribution: Bernoulli(p), Binomial(n, p),
Geometric(p) (trials up to the first success, k = 1, 2, ...), Poisson(lambda),
DiscreteUniform(a, b) (the integers a..b), Uniform(a, b), Normal(mu, sigma) (sigma is the
standard deviation), Exponential(lambda) (rate), Beta(a, b), Gamma(k, theta) (shape, scale).
A continuous one can also be a density: --pdf "2x" --support 0,1 (support default: the real
line). Exact fractions stay exact; decimals stay decimals."""

EXPECT_HELP = f"""Expected value E[g(X)] step by step: the weighted sum written out term by term, or the
integral of g(x) f(x) with its steps.

G is g(X), written in the random variable (X or x); 'a if cond else b' is allowed. G may
also be the distribution itself, for E[X].

{_DISTRIBUTIONS}

Examples:

  symtutor expect "{{1: 1/3, 2: 1/3, 3: 1/3}}"

  symtutor expect "300 if X <= 2 else -200" --dist "DiscreteUniform(1, 6)"

  symtutor expect x --pdf "2*x" --support 0,1

  symtutor expect "X^2" --dist "Poisson(lambda)"
"""

VARIANCE_HELP = f"""Variance Var(X) = E[X^2] - E[X]^2 with both expectations derived (or E[(X - mu)^2]
with --definition), and the standard deviation.

{_DISTRIBUTIONS}

Examples:

  symtutor variance --dist "Binomial(10, 1/2)"

  symtutor variance "{{0: 1/4, 1: 1/2, 2: 1/4}}" --definition

  symtutor variance --pdf "3x^2" --support 0,1
"""

ENTROPY_HELP = f"""Entropy H(X) = -sum p log p with every term written out (0 log 0 = 0), or the
differential entropy h(X) = E[-ln f(X)] of a continuous distribution.

--base 2 gives bits, e (the default) nats, 10 hartleys.

{_DISTRIBUTIONS}

Examples:

  symtutor entropy "[1/2, 1/4, 1/4]" --base 2

  symtutor entropy --dist "Normal(mu, sigma)"

  symtutor entropy "Bernoulli(p)" --base 2
"""

CROSS_ENTROPY_HELP = """Cross-entropy H(p, q) = -sum p log q, term by term: the loss of a classifier that
predicts q when the truth is p. An outcome with q = 0 but p > 0 makes it infinite.

P and Q are two lists over the same outcomes, two tables, or two named continuous
distributions (then H(p, q) = E_p[-ln q(X)]). Default base e (nats); --base 2 for bits.

Examples:

  symtutor cross-entropy "[1, 0, 0]" "[0.7, 0.2, 0.1]"

  symtutor cross-entropy "[1/2, 1/2]" "[1/4, 3/4]" --base 2

  symtutor cross-entropy "Normal(0, 1)" "Normal(1, 2)"
"""

KL_HELP = """KL divergence D_KL(p || q) = sum p log(p/q), term by term, checked against
H(p, q) - H(p); the reverse divergence is shown too (KL is not symmetric).

P and Q are two lists over the same outcomes, two tables, or two named distributions;
two normals give the closed form. Default base e (nats); --base 2 for bits.

Examples:

  symtutor kl "[1/2, 1/2]" "[3/4, 1/4]"

  symtutor kl "Bernoulli(1/2)" "Bernoulli(1/4)" --base 2

  symtutor kl "Normal(mu_1, sigma_1)" "Normal(mu_2, sigma_2)"
"""

BAYES_HELP = """Bayes' theorem: the posterior P(A | B) = P(B | A) P(A) / P(B), with the evidence P(B)
expanded by the law of total probability. A is the hypothesis (has the disease), B the
observation (tests positive).

Examples:

  symtutor bayes --prior 0.01 --likelihood 0.95 --false-positive 0.05

  symtutor bayes --prior 1/100 --likelihood 95/100 --false-positive 5/100

  symtutor bayes --prior 0.3 --likelihood 0.8 --evidence 0.5
"""

DistOption = typer.Option(None, "--dist", "-d", help="The distribution: a table, a list or e.g. Binomial(10, 1/2).")
PdfOption = typer.Option(None, "--pdf", help="A density f(x) for a continuous distribution.")
SupportOption = typer.Option(None, "--support", help="Where the density lives: lower,upper (e.g. 0,1 or 0,oo).")
VarOption = typer.Option(None, "--var", help="The random variable's name when the expression has several symbols.")
BaseOption = typer.Option(None, "--base", "-b", help="Logarithm base: 2 (bits), e (nats, default) or 10 (hartleys).")


def expect(
    g: Optional[str] = typer.Argument(None, metavar="G", help="g(X), or a distribution for E[X]."),
    dist: Optional[str] = DistOption,
    pdf: Optional[str] = PdfOption,
    support: Optional[str] = SupportOption,
    var: Optional[str] = VarOption,
    fmt: Optional[OutputFormat] = FormatOption, no_steps: bool = NoStepsOption, timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.probability import explain_expectation

    def solve(text: str):
        return explain_expectation(text or None, dist=dist, pdf=pdf, support=support, var=var)

    solve_and_print(solve, [g or ""], fmt, no_steps, timeout, standalone)


def variance(
    distribution: Optional[str] = typer.Argument(None, metavar="DIST", help="The distribution (or use --dist)."),
    dist: Optional[str] = DistOption,
    pdf: Optional[str] = PdfOption,
    support: Optional[str] = SupportOption,
    var: Optional[str] = VarOption,
    definition: bool = typer.Option(False, "--definition", help="Use Var(X) = E[(X - mu)^2] directly."),
    fmt: Optional[OutputFormat] = FormatOption, no_steps: bool = NoStepsOption, timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.probability import explain_variance

    def solve(text: str):
        return explain_variance(text or None, dist=dist, pdf=pdf, support=support, var=var, definition=definition)

    solve_and_print(solve, [distribution or ""], fmt, no_steps, timeout, standalone)


def entropy(
    distribution: Optional[str] = typer.Argument(None, metavar="DIST", help="The distribution (or use --dist)."),
    dist: Optional[str] = DistOption,
    pdf: Optional[str] = PdfOption,
    support: Optional[str] = SupportOption,
    var: Optional[str] = VarOption,
    base: Optional[str] = BaseOption,
    fmt: Optional[OutputFormat] = FormatOption, no_steps: bool = NoStepsOption, timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.probability import explain_entropy

    def solve(text: str):
        return explain_entropy(text or None, dist=dist, pdf=pdf, support=support, var=var, base=base)

    solve_and_print(solve, [distribution or ""], fmt, no_steps, timeout, standalone)


def cross_entropy(
    p: str = typer.Argument(..., metavar="P", help="The true distribution p."),
    q: str = typer.Argument(..., metavar="Q", help="The predicted distribution q."),
    base: Optional[str] = BaseOption,
    fmt: Optional[OutputFormat] = FormatOption, no_steps: bool = NoStepsOption, timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.probability import explain_cross_entropy

    solve_and_print(lambda _text: explain_cross_entropy(p, q, base=base), [p], fmt, no_steps, timeout, standalone)


def kl(
    p: str = typer.Argument(..., metavar="P", help="The distribution p."),
    q: str = typer.Argument(..., metavar="Q", help="The distribution q."),
    base: Optional[str] = BaseOption,
    fmt: Optional[OutputFormat] = FormatOption, no_steps: bool = NoStepsOption, timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.probability import explain_kl

    solve_and_print(lambda _text: explain_kl(p, q, base=base), [p], fmt, no_steps, timeout, standalone)


def bayes(
    prior: str = typer.Option(..., "--prior", help="P(A): how likely the hypothesis is before the evidence."),
    likelihood: str = typer.Option(..., "--likelihood", help="P(B | A): the evidence when A holds (sensitivity)."),
    false_positive: Optional[str] = typer.Option(None, "--false-positive",
                                                 help="P(B | not A): the evidence when A does not hold."),
    evidence: Optional[str] = typer.Option(None, "--evidence", help="P(B), when known directly."),
    fmt: Optional[OutputFormat] = FormatOption, no_steps: bool = NoStepsOption, timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.probability import explain_bayes

    def solve(_text: str):
        return explain_bayes(prior=prior, likelihood=likelihood, false_positive=false_positive, evidence=evidence)

    solve_and_print(solve, [prior], fmt, no_steps, timeout, standalone)


def register(app: typer.Typer) -> None:
    app.command("expect", help=EXPECT_HELP)(expect)
    app.command("variance", help=VARIANCE_HELP)(variance)
    app.command("entropy", help=ENTROPY_HELP)(entropy)
    app.command("cross-entropy", help=CROSS_ENTROPY_HELP)(cross_entropy)
    app.command("kl", help=KL_HELP)(kl)
    app.command("bayes", help=BAYES_HELP)(bayes)
