"""A clock for the code under test that moves only when the test moves it (no sleeping)."""

from __future__ import annotations

import time


class FakeClock:
    """Unix seconds, as time.time gives them; starts at `start` (now by default) and stands still
    until advance() is called, so two events a test wants apart are apart by exactly that much."""

    def __init__(self, start: float | None = None):
        self.now = float(time.time() if start is None else start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds > 0, "a clock only moves forward"
        self.now += seconds
