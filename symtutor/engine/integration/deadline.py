"""Short internal deadlines for single attempts (one method, one SymPy call).

The whole command already runs under the budget of ``symtutor.budget``; inside it, one
slow attempt (SymPy's ``integral_steps`` can take 45 s on a plain rational function) must
not eat the time the other methods need.  ``within(seconds)`` raises ``TooSlow`` in the
main thread when the time is up (a ``SIGALRM`` interval timer); nested deadlines keep the
earliest one.  Off the main thread, or where timers are unavailable, it does nothing.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager


class TooSlow(BaseException):
    """An attempt ran past its deadline.  A BaseException so that SymPy's broad
    ``except Exception`` clauses cannot swallow it."""


_active: list[float] = []  # deadlines (monotonic seconds), innermost last


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    if _active and time.monotonic() >= min(_active) - 1e-3:
        raise TooSlow()
    _arm()


def _arm() -> None:
    if not _active:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    remaining = max(min(_active) - time.monotonic(), 1e-3)
    signal.setitimer(signal.ITIMER_REAL, remaining)


@contextmanager
def within(seconds: float):
    """Run the block, raising ``TooSlow`` if it takes longer than ``seconds``."""
    if not _usable() or seconds is None:
        yield
        return
    previous = signal.getsignal(signal.SIGALRM)
    if previous is not _on_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
    _active.append(time.monotonic() + seconds)
    _arm()
    try:
        yield
    finally:
        _active.pop()
        _arm()
        if not _active and previous is not _on_alarm:
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def remaining() -> float | None:
    """Seconds left before the innermost deadline, or None when there is none."""
    if not _active:
        return None
    return min(_active) - time.monotonic()


def attempt(func, *args, seconds: float, default=None):
    """``func(*args)``, or ``default`` when it takes longer than ``seconds``."""
    try:
        with within(seconds):
            return func(*args)
    except TooSlow:
        if remaining() is not None and remaining() <= 0:
            raise  # an outer deadline has passed too: let it through
        return default
