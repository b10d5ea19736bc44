"""Hardening benchmark: the adversarial payload corpus through the real executable.

For every command x payload (injection, resource bombs, malformed input) it runs the
installed `symtutor`, and prints per command: payloads tried, executed (a marker file
appeared; must be 0), tracebacks (must be 0), over the time limit + 1 s (must be 0),
exit codes seen, and the peak memory (max RSS of the process and its worker).
Usage: python bench/payloads_bench.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.adversarial.harness import MARKER, TIME_LIMIT, available_commands, fill  # noqa: E402
from tests.adversarial.test_bombs import BOMBS  # noqa: E402
from tests.adversarial.test_injection import PAYLOADS  # noqa: E402

MALFORMED = ["sin(x", "", "log(x, 2, 3)", "[[1, 2, 3], [4, 5, 6]]", "[1/2, 1/3]", "x=", "((x)"]


def executable() -> str:
    beside = Path(sys.executable).with_name("symtutor")
    return str(beside) if beside.exists() else "symtutor"


def run_one(args: list[str], workdir: str) -> tuple[int, str, float, int]:
    env = {**os.environ, "SYMTUTOR_TIMEOUT": str(TIME_LIMIT), "NO_COLOR": "1",
           "SYMTUTOR_HOME": os.path.join(workdir, "home")}
    start = time.monotonic()
    proc = subprocess.Popen([executable(), *args], cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, stderr, time.monotonic() - start, usage.ru_maxrss


def main() -> None:
    payloads = [*PAYLOADS, *BOMBS.values(), *MALFORMED]
    rows = defaultdict(lambda: {"tried": 0, "executed": 0, "tracebacks": 0, "slow": 0, "codes": set(), "peak": 0})
    with tempfile.TemporaryDirectory() as workdir:
        for name, template in sorted(available_commands().items()):
            for payload in payloads:
                code, stderr, seconds, peak_kb = run_one(fill(template, payload), workdir)
                row = rows[name]
                row["tried"] += 1
                row["codes"].add(code)
                row["tracebacks"] += "Traceback" in stderr
                row["slow"] += seconds > TIME_LIMIT + 1
                row["peak"] = max(row["peak"], peak_kb)
                for place in (Path(workdir) / MARKER, Path("/tmp") / MARKER):
                    if place.exists():
                        row["executed"] += 1
                        place.unlink()
    print(f"time limit {TIME_LIMIT:g} s per command; {len(payloads)} payloads per command")
    print("| command | tried | executed | tracebacks | over limit | exit codes | peak MiB |")
    print("|---|---:|---:|---:|---:|---|---:|")
    totals = defaultdict(int)
    for name, row in rows.items():
        print(f"| {name} | {row['tried']} | {row['executed']} | {row['tracebacks']} | {row['slow']} "
              f"| {sorted(row['codes'])} | {row['peak'] / 1024:.0f} |")
        for key in ("tried", "executed", "tracebacks", "slow"):
            totals[key] += row[key]
    print(f"| all | {totals['tried']} | {totals['executed']} | {totals['tracebacks']} | {totals['slow']} | | |")


if __name__ == "__main__":
    main()
