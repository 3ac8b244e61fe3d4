"""One run of ``python -m audit ...`` as a whole process, timed from outside.

The benchmarks that time the command itself (start-up included) share this,
so each measures the same thing the same way.
"""

from __future__ import annotations

import subprocess
import sys
import time


def run_audit(*arguments: str) -> tuple[float, subprocess.CompletedProcess]:
    """Wall seconds of one ``pinyin-audit`` process, and what it printed.

    Exit 0 and 1 (findings) are results; any other status stops the
    benchmark with the command's own error, since its timing would mean nothing.
    """
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "audit", *arguments], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(arguments)} failed ({completed.returncode}): {completed.stderr.strip()}")
    return seconds, completed


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""
