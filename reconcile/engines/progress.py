"""A one-line progress display on stderr, shown only to a person watching a terminal."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def wanted(stream: TextIO | None = None) -> bool:
    """True when the stream is an interactive terminal and no CI is running."""
    stream = stream if stream is not None else sys.stderr
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class Progress:
    """`extracting 1,234/10,000 articles  12%  310/s` redrawn in place with a carriage return,
    at most ten times a second, and erased when done."""

    def __init__(self, total: int, label: str, enabled: bool, stream: TextIO | None = None,
                 interval: float = 0.1):
        self.total, self.label, self.enabled = total, label, enabled and total > 0
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.interval = interval
        self.started = time.perf_counter()
        self._shown = 0.0
        self._width = 0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._shown >= self.interval or self.done >= self.total:
            self._shown = now
            rate = self.done / max(now - self.started, 1e-9)
            self._write(f"{self.label} {self.done:,}/{self.total:,}  {100 * self.done // self.total:3d}%  "
                        f"{rate:,.0f}/s")

    def say(self, line: str) -> None:
        """Show a line of its own (what is happening now) in place of the count."""
        if self.enabled:
            self._write(line)

    def close(self) -> None:
        if self.enabled and self._width:
            self._write("")
            self.stream.write("\r")
            self.stream.flush()
            self._width = 0

    def _write(self, line: str) -> None:
        padding = " " * max(0, self._width - len(line))
        try:
            self.stream.write("\r" + line + padding)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False
        self._width = len(line)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
