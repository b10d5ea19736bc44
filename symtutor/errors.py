"""The errors symtutor reports to a user, and the exit code each one maps to.

Anything that is not a ``SymtutorError`` is a bug and is allowed to surface as one.
"""
from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes (the output contract in DESIGN.md)."""

    SUCCESS = 0
    NO_ANSWER = 1  # the problem has no answer symtutor can give (e.g. no closed form)
    BAD_INPUT = 2  # bad input or usage
    LIMIT_EXCEEDED = 3  # stopped by the time or memory limit


class SymtutorError(Exception):
    """Base class: a one-line message for the user and an exit status."""

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __reduce__(self):  # keep subclasses picklable across the worker process boundary
        return (self.__class__, (self.message,))


class ParseError(SymtutorError):
    """The text could not be read as mathematics (or was refused as unsafe)."""


class UsageError(SymtutorError):
    """The input parsed, but does not fit the command (wrong shape, bad option)."""


class UnsupportedError(SymtutorError):
    """A well-formed problem that has no answer symtutor can give."""

    exit_status = ExitStatus.NO_ANSWER


class ProblemBankError(SymtutorError):
    """A problem bank file is missing, malformed or invalid."""


class TimeLimitError(SymtutorError):
    """The computation did not finish within the time limit."""

    exit_status = ExitStatus.LIMIT_EXCEEDED


class MemoryLimitError(SymtutorError):
    """The computation needed more memory than the cap allows."""

    exit_status = ExitStatus.LIMIT_EXCEEDED
