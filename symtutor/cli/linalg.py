"""``symtutor det | eigen | svd``: linear algebra with steps."""
from __future__ import annotations

from typing import Optional

import typer

from symtutor.cli.common import (FormatOption, NoStepsOption, OutputFormat, StandaloneOption, TimeoutOption,
                                 expression_inputs, solve_and_print)

MATRIX_HELP = "The matrix as [[a, b], [c, d]] (entries may be symbols), or - for one per line on stdin."

DET_HELP = """The determinant: 2x2 formula, cofactor expansion along the row or column with most zeros
(up to 4x4), row reduction for larger matrices, and the triangular shortcut.

Examples:

  symtutor det "[[2, 1, 0], [1, 3, 1], [0, 1, 4]]"

  symtutor det "[[a, b], [c, d]]"

  symtutor det "[[1, 2, 3], [0, 4, 5], [0, 0, 6]]" --format latex
"""

EIGEN_HELP = """Eigenvalues and eigenvectors: A - lambda I, the characteristic polynomial, its roots with
multiplicities, each eigenspace by row reduction, and the check A v = lambda v.

Examples:

  symtutor eigen "[[2, 1], [1, 2]]"

  symtutor eigen "[[0, -1], [1, 0]]"

  symtutor eigen "[[a, b], [b, a]]" --format markdown
"""

SVD_HELP = """The singular value decomposition A = U Sigma V^T, from the eigenvalues of A^T A.

Examples:

  symtutor svd "[[3, 0], [4, 5]]"

  symtutor svd "[[1, 2], [2, 4]]"

  symtutor svd "[[1, 0], [0, 1], [1, 1]]" --format json
"""


def _command(task_name: str):
    def command(
        matrix: str = typer.Argument(..., help=MATRIX_HELP),
        fmt: Optional[OutputFormat] = FormatOption,
        no_steps: bool = NoStepsOption,
        timeout: Optional[float] = TimeoutOption,
        standalone: bool = StandaloneOption,
    ) -> None:
        from symtutor.tasks import linalg

        solve_and_print(getattr(linalg, task_name), expression_inputs(matrix), fmt, no_steps, timeout, standalone)

    return command


def register(app: typer.Typer) -> None:
    app.command("det", help=DET_HELP)(_command("explain_det"))
    app.command("eigen", help=EIGEN_HELP)(_command("explain_eigen"))
    app.command("svd", help=SVD_HELP)(_command("explain_svd"))
