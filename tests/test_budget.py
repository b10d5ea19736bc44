"""The bounded worker: time limit, memory cap, errors carried across, small overhead."""
import time

import pytest
import sympy as sp

from symtutor.budget import Budget, WorkerCrash, run_bounded, try_within
from symtutor.errors import MemoryLimitError, TimeLimitError, UsageError


def spin_forever():
    while True:
        pass


def hog_memory():
    blocks = []
    while True:
        blocks.append(bytearray(50 * 1024 * 1024))


def test_result_comes_back():
    x = sp.Symbol("x")
    assert run_bounded(sp.diff, sp.sin(x**2), x, budget=Budget(5)) == 2 * x * sp.cos(x**2)


def test_a_hang_is_stopped_at_the_deadline():
    start = time.monotonic()
    with pytest.raises(TimeLimitError, match="time limit"):
        run_bounded(spin_forever, budget=Budget(timeout=0.5))
    assert time.monotonic() - start < 2


def test_a_computation_stuck_in_sympy_is_stopped():
    start = time.monotonic()
    with pytest.raises(TimeLimitError):
        run_bounded(sp.factorial, sp.Integer(10) ** 8, budget=Budget(timeout=0.5))
    assert time.monotonic() - start < 2


def test_memory_cap():
    with pytest.raises(MemoryLimitError, match="MiB"):
        run_bounded(hog_memory, budget=Budget(timeout=20, memory_mb=400))


def test_symtutor_errors_cross_the_process_boundary():
    def bad():
        raise UsageError("the matrix must be square")

    with pytest.raises(UsageError, match="square"):
        run_bounded(bad, budget=Budget(5))


def test_a_bug_is_reported_as_a_crash():
    def buggy():
        return 1 / 0

    with pytest.raises(WorkerCrash, match="internal error: ZeroDivisionError"):
        run_bounded(buggy, budget=Budget(5))


def test_try_within_gives_up_quietly():
    assert try_within(0.3, spin_forever) is None
    assert try_within(5, sum, [1, 2]) == 3


def test_overhead_is_small():
    run_bounded(int, budget=Budget(5))
    start = time.perf_counter()
    for _ in range(10):
        run_bounded(int, budget=Budget(5))
    assert (time.perf_counter() - start) / 10 < 0.1


def test_environment_sets_the_limit(monkeypatch):
    monkeypatch.setenv("SYMTUTOR_TIMEOUT", "2.5")
    assert Budget.from_env().timeout == 2.5
    assert Budget.from_env(7).timeout == 7
    monkeypatch.setenv("SYMTUTOR_TIMEOUT", "soon")
    with pytest.raises(Exception, match="not a number"):
        Budget.from_env()


def test_sympy_cannot_do_it_is_no_answer_not_a_crash():
    from symtutor.errors import UnsupportedError

    def cannot():
        raise NotImplementedError("Result depends on the sign of a")

    with pytest.raises(UnsupportedError, match="sign of a"):
        run_bounded(cannot, budget=Budget(5))
