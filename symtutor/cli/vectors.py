"""``symtutor norm | dot | matmul | transpose | hadamard``: vectors and matrices with every sum written out."""
from __future__ import annotations

from typing import Optional

import typer

from symtutor.cli.common import (FormatOption, NoStepsOption, OutputFormat, StandaloneOption, TimeoutOption,
                                 solve_and_print)

NORM_HELP = """p-norms of a vector with every sum written out (1: add absolute values; 2: Euclidean
length; oo: the largest component; any p >= 1), and the unit vector.

Examples:

  symtutor norm "[3, -4]" --p 1,2,oo

  symtutor norm "[1, 2, 2]"

  symtutor norm "[1, -1, 2]" --p 3
"""

DOT_HELP = """The dot product written out term by term, then the lengths, the cosine similarity and
the angle; orthogonal vectors are named.

Examples:

  symtutor dot "[1, 2, 3]" "[4, 5, 6]"

  symtutor dot "[1, 1]" "[-1, 1]"

  symtutor dot "[1, 0, 1]" "[1, 1, 0]" --find angle
"""

MATMUL_HELP = """Matrix product: the shapes checked (inner sizes must agree), one entry's
row-times-column sum written out, then every entry.

Examples:

  symtutor matmul "[[1, 2], [3, 4]]" "[[5, 6], [7, 8]]"

  symtutor matmul "[[1, 2, 3]]" "[[1], [0], [2]]"

  symtutor matmul "[[a, b], [c, d]]" "[x, y]"
"""

TRANSPOSE_HELP = """Transpose: row i becomes column i.

Examples:

  symtutor transpose "[[1, 2, 3], [4, 5, 6]]"

  symtutor transpose "[[1, 2], [2, 1]]"
"""

HADAMARD_HELP = """Hadamard (entrywise) product of two matrices of the same shape.

Examples:

  symtutor hadamard "[[1, 2], [3, 4]]" "[[5, 6], [7, 8]]"

  symtutor hadamard "[[1, 0, 1]]" "[[a, b, c]]"
"""


def norm(
    vector: str = typer.Argument(..., help="The vector, e.g. [3, -4]."),
    p: str = typer.Option("2", "--p", help="Which norms: numbers >= 1 or oo, comma separated (default 2)."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.vectors import explain_norm

    solve_and_print(lambda text: explain_norm(text, p), [vector], fmt, no_steps, timeout, standalone)


def dot(
    u: str = typer.Argument(..., help="The first vector."),
    v: str = typer.Argument(..., help="The second vector."),
    find: str = typer.Option("dot", "--find", help="dot (default), cosine or angle: what the answer is."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.vectors import explain_dot

    solve_and_print(lambda text: explain_dot(text, v, find), [u], fmt, no_steps, timeout, standalone)


def matmul(
    a: str = typer.Argument(..., help="The left matrix (a list is a row vector before a matrix, else a column)."),
    b: str = typer.Argument(..., help="The right matrix (a list is a column vector)."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.vectors import explain_matmul

    solve_and_print(lambda text: explain_matmul(text, b), [a], fmt, no_steps, timeout, standalone)


def transpose(
    a: str = typer.Argument(..., help="The matrix."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.vectors import explain_transpose

    solve_and_print(explain_transpose, [a], fmt, no_steps, timeout, standalone)


def hadamard(
    a: str = typer.Argument(..., help="The first matrix."),
    b: str = typer.Argument(..., help="The second matrix (same shape)."),
    fmt: Optional[OutputFormat] = FormatOption,
    no_steps: bool = NoStepsOption,
    timeout: Optional[float] = TimeoutOption,
    standalone: bool = StandaloneOption,
) -> None:
    from symtutor.tasks.vectors import explain_hadamard

    solve_and_print(lambda text: explain_hadamard(text, b), [a], fmt, no_steps, timeout, standalone)


def register(app: typer.Typer) -> None:
    app.command("norm", help=NORM_HELP)(norm)
    app.command("dot", help=DOT_HELP)(dot)
    app.command("matmul", help=MATMUL_HELP)(matmul)
    app.command("transpose", help=TRANSPOSE_HELP)(transpose)
    app.command("hadamard", help=HADAMARD_HELP)(hadamard)
