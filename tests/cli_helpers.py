"""The real Typer app in tests: one runner, the exit code a command really gives, the executable."""
from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from symtutor.cli.main import app
from symtutor.errors import SymtutorError

runner = CliRunner()
EXECUTABLE = Path(sys.executable).with_name("symtutor")


def run(*args):
    """``symtutor ARGS…`` through the app, in process."""
    return runner.invoke(app, list(args))


def status(result) -> int:
    """The exit code the real command gives: CliRunner calls the app directly, so a
    SymtutorError arrives as an exception (symtutor.cli.main.run maps it to its code)."""
    if isinstance(result.exception, SymtutorError):
        return int(result.exception.exit_status)
    return result.exit_code
