"""Bounded work: run a computation in a forked worker under a time limit and a memory cap.

SymPy can run for minutes or exhaust memory on innocent-looking input, often inside
C code (gmpy, mpmath) where a signal cannot interrupt it.  So the work runs in a child
process: the child caps its own address space with ``resource.setrlimit`` and sends its
result back through a pipe; the parent waits until the deadline and kills it after.
Forking (not spawning) keeps the already-imported SymPy, so the overhead is a few ms.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

from symtutor.errors import ExitStatus, MemoryLimitError, SymtutorError, TimeLimitError, UnsupportedError

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 2048
TIMEOUT_ENV = "SYMTUTOR_TIMEOUT"
MEMORY_ENV = "SYMTUTOR_MEMORY_MB"


@dataclass(frozen=True)
class Budget:
    """How long (seconds) and how much memory (MiB) one computation may use."""

    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB

    @classmethod
    def from_env(cls, timeout: float | None = None) -> "Budget":
        """The budget set by ``--timeout``, else the environment, else the defaults."""
        if timeout is None:
            timeout = _env_number(TIMEOUT_ENV, DEFAULT_TIMEOUT, float)
        memory = _env_number(MEMORY_ENV, DEFAULT_MEMORY_MB, int)
        if timeout <= 0:
            raise SymtutorError(f"the time limit must be positive, got {timeout:g} seconds")
        return cls(timeout=timeout, memory_mb=memory)


def _env_number(name: str, default, kind):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SymtutorError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise SymtutorError(f"{name} must be positive, got {raw}")
    return value


DEBUG_ENV = "SYMTUTOR_DEBUG"


class WorkerCrash(SymtutorError):
    """The worker failed with an unexpected error: a bug in symtutor.

    Reported as one line naming the error (exit 1, no answer); ``SYMTUTOR_DEBUG=1``
    prints the worker's traceback too.
    """

    exit_status = ExitStatus.NO_ANSWER


def run_bounded(func: Callable[..., Any], *args: Any, budget: Budget | None = None, **kwargs: Any) -> Any:
    """Return ``func(*args, **kwargs)`` computed within ``budget``.

    Raises TimeLimitError / MemoryLimitError when the budget runs out, re-raises a
    SymtutorError from the worker as is, and WorkerCrash for anything else.
    Falls back to calling ``func`` directly where ``fork`` is unavailable.
    """
    budget = budget or Budget.from_env()
    if not hasattr(os, "fork"):
        return func(*args, **kwargs)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        _child(write_fd, budget, func, args, kwargs)
    os.close(write_fd)
    try:
        payload = _collect(read_fd, pid, budget)
    finally:
        os.close(read_fd)
    return _unpack(payload, budget)


def _child(write_fd: int, budget: Budget, func, args, kwargs) -> None:
    """Run in the forked worker: compute, send the pickled outcome, exit."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _cap_memory(budget.memory_mb)
        try:
            outcome = ("ok", func(*args, **kwargs))
        except SymtutorError as exc:
            outcome = ("error", exc)
        except MemoryError:
            outcome = ("memory", None)
        except RecursionError:
            outcome = ("error", SymtutorError("the expression is too deeply nested to work with"))
        except NotImplementedError as exc:  # SymPy's way of saying it cannot do this
            detail = f" ({exc})" if str(exc) else ""
            outcome = ("error", UnsupportedError(f"the computer algebra system cannot finish this problem{detail}"))
        except BaseException:  # a bug: report it with its traceback
            outcome = ("crash", traceback.format_exc())
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", None))
        except Exception:
            data = pickle.dumps(("crash", traceback.format_exc()))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _cap_memory(memory_mb: int) -> None:
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not enforceable here: run uncapped
        pass


def _collect(read_fd: int, pid: int, budget: Budget) -> bytes | None:
    """Read the child's whole answer before the deadline; kill it if it is late."""
    deadline = time.monotonic() + budget.timeout
    chunks: list[bytes] = []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        _reap(pid)


def _reap(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _unpack(payload: bytes | None, budget: Budget) -> Any:
    if payload is None:
        raise TimeLimitError(
            f"stopped after {budget.timeout:g} s (the time limit); "
            f"try a simpler problem or raise it with --timeout"
        )
    if payload == b"":  # the child died without answering: killed by the memory cap
        raise MemoryLimitError(
            f"stopped: the computation needed more than {budget.memory_mb} MiB "
            f"(raise the cap with {MEMORY_ENV})"
        )
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    if kind == "error":
        raise value
    if kind == "memory":
        raise MemoryLimitError(
            f"stopped: the computation needed more than {budget.memory_mb} MiB "
            f"(raise the cap with {MEMORY_ENV})"
        )
    if os.environ.get(DEBUG_ENV):
        print(value, file=sys.stderr)
    last = value.strip().splitlines()[-1] if value.strip() else "unknown error"
    raise WorkerCrash(f"internal error: {last} - this is a bug in symtutor, please report it "
                      f"(set {DEBUG_ENV}=1 to see the traceback)")


def try_within(seconds: float, func: Callable[..., Any], *args: Any) -> Any | None:
    """``func(*args)`` if it finishes within ``seconds`` (in a forked worker), else None.

    For optional polish, such as a nicer simplified form, that must never cost the
    whole time limit.
    """
    try:
        return run_bounded(func, *args, budget=Budget(timeout=seconds, memory_mb=DEFAULT_MEMORY_MB))
    except (TimeLimitError, MemoryLimitError):
        return None
