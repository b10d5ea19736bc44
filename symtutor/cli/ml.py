"""``symtutor backprop | identity | cdf | lln``: the chain rule in a network, ML identities, probability extras."""
from __future__ import annotations

from typing import Optional

import typer

from symtutor.cli.common import (FormatOption, NoStepsOption, OutputFormat, StandaloneOption, TimeoutOption,
                                 expression_inputs, solve_and_print)

BACKPROP_HELP = """Backpropagation: the partial derivatives of a small network expression by the chain
rule, with the forward quantities named (z = pre-activation, a = activation), the
backward pass node by node, and optionally every value at a point (--at).

Examples:

  symtutor backprop "sigmoid(w2*tanh(w1*x + b1) + b2)" --wrt w1,b1,w2,b2

  symtutor backprop "(w*x + b - y)^2" --wrt w,b --at w=1,b=0,x=2,y=3

  symtutor backprop "log(sigmoid(w*x + b))" --wrt w,b
"""

IDENTITY_HELP = """The identities networks are trained with, derived and checked symbolically and
numerically: sigmoid (sigma' = sigma (1 - sigma)), tanh (tanh' = 1 - tanh^2), log-sigmoid,
softmax (the Jacobian diag(s) - s s^T; --n classes or --at scores) and
softmax-cross-entropy (the gradient yhat - y).

Examples:

  symtutor identity sigmoid

  symtutor identity softmax --at "[1, 2, 3]"

  symtutor identity softmax-cross-entropy --n 3
"""

_DISTRIBUTIONS = ("Distributions: Bernoulli(p), Binomial(n, p), Geometric(p), Poisson(lambda), DiscreteUniform(a, b), "
                  "Uniform(a, b), Normal(mu, sigma), Exponential(lambda), Beta(a, b), Gamma(k, theta), or a table "
                  "{1: 1/2, 2: 1/2}.")

CDF_HELP = f"""The cumulative distribution function F(x) = P(X <= x) with its steps (--at), a
percentile (--percentile q: the smallest x with F(x) >= q), or P(a < X <= b) = F(b) - F(a)
(--between a,b).

{_DISTRIBUTIONS}

Examples:

  symtutor cdf --dist "Normal(0, 1)" --at 1.96

  symtutor cdf --dist "Normal(0, 1)" --percentile 0.975

  symtutor cdf --dist "Binomial(10, 1/2)" --between 3,6
"""

LLN_HELP = f"""The law of large numbers: draw seeded samples and watch the running mean approach E[X]
(n = 1, 10, 100, ...: the mean, its distance from E[X] and the standard error).

{_DISTRIBUTIONS}

Examples:

  symtutor lln --dist "Bernoulli(1/2)" --samples 10000 --seed 1

  symtutor lln --dist "Exponential(2)" --samples 100000

  symtutor lln --dist "{{1: 1/6, 2: 1/6, 3: 1/6, 4: 1/6, 5: 1/6, 6: 1/6}}"
"""

DistOption = typer.Option(None, "--dist", help="The distribution, e.g. \"Normal(0, 1)\".")


def backprop(
    expr: str = typer.Argument(..., help="The network expression, or - for one per line on stdin."),
    wrt: Optional[str] = typer.Option(None, "--wrt", help="The parameters, e.g. w1,b1,w2,b2 (default: all)."),
    at: Optional[str] = typer.Option(None, "--at", help="Evaluate at values of every input, e.g. w=1,b=0,x=2."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.ml import explain_backprop

    solve_and_print(lambda text: explain_backprop(text, wrt, at), expression_inputs(expr), fmt, no_steps, timeout,
                    standalone)


def identity(
    name: str = typer.Argument(..., help="sigmoid, tanh, log-sigmoid, softmax or softmax-cross-entropy."),
    n: int = typer.Option(3, "--n", help="The number of classes for softmax identities (2 to 6)."),
    at: Optional[str] = typer.Option(None, "--at", help="Softmax scores, e.g. \"[1, 2, 3]\"."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.ml import explain_identity

    solve_and_print(lambda text: explain_identity(text, n, at), [name], fmt, no_steps, timeout, standalone)


def cdf(
    dist: Optional[str] = DistOption,
    at: Optional[str] = typer.Option(None, "--at", help="The point x of F(x)."),
    percentile: Optional[str] = typer.Option(None, "--percentile", help="A probability q in (0, 1), e.g. 0.975."),
    between: Optional[str] = typer.Option(None, "--between", help="Two points a,b for P(a < X <= b)."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.ml import explain_cdf

    solve_and_print(lambda text: explain_cdf(text, at, percentile, between), [dist or ""], fmt, no_steps, timeout,
                    standalone)


def lln(
    dist: Optional[str] = DistOption,
    samples: int = typer.Option(10_000, "--samples", help="How many draws (1 to 1,000,000)."),
    seed: int = typer.Option(1, "--seed", help="The random seed (the same seed gives the same table)."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.ml import explain_lln

    solve_and_print(lambda text: explain_lln(text, samples, seed), [dist or ""], fmt, no_steps, timeout, standalone)


def register(app: typer.Typer) -> None:
    app.command("backprop", help=BACKPROP_HELP)(backprop)
    app.command("identity", help=IDENTITY_HELP)(identity)
    app.command("cdf", help=CDF_HELP)(cdf)
    app.command("lln", help=LLN_HELP)(lln)
