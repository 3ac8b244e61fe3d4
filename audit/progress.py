"""A progress bar on standard error, for long runs in a terminal only.

It draws nothing until a run has lasted half a second, so short runs stay
silent, and nothing at all when standard error is not a terminal (CI logs,
pipes).  Messages printed through it clear the bar first.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

_DELAY = 0.5     # seconds before the bar first appears
_INTERVAL = 0.1  # seconds between redraws
_WIDTH = 30


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.enabled = total > 1 and self.stream.isatty()
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.visible = False

    def advance(self, label: str) -> None:
        self.done += 1
        now = time.monotonic()
        if self.enabled and now - self.started >= _DELAY and now - self.drawn_at >= _INTERVAL:
            self.drawn_at = now
            self._draw(label)

    def message(self, text: str) -> None:
        self.clear()
        print(text, file=self.stream)

    def clear(self) -> None:
        if self.visible:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.visible = False

    def _draw(self, label: str) -> None:
        filled = _WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (_WIDTH - filled)
        self.stream.write(f"\r\033[K[{bar}] {self.done}/{self.total} {label[-40:]}")
        self.stream.flush()
        self.visible = True
