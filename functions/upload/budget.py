"""How much work one bundle may cost to check: wall time and decoded pixels, on top of the
archive limits (entries, bytes inflated: archive.Limits). A hostile bundle cannot keep the
function busy past its timeout or grow its memory with each photo: when the budget is spent the
check stops with one clear refusal.

Real bundles use a small fraction: a 50-candidate group of 200 MB checks in about 3 s, and a
2-inch photo is a few hundred thousand pixels (JPEGs are decoded at 1/8 scale).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from .problems import BundleError, problem

SECONDS = 120.0  # well inside the function's 300 s timeout, with room to store the report
PIXELS = 300_000_000  # decoded, across every photo of the bundle


@dataclasses.dataclass
class Budget:
    seconds: float = SECONDS
    pixels: int = PIXELS
    clock: Callable[[], float] = time.monotonic  # injectable: tests spend time without sleeping
    started: float = dataclasses.field(default=0.0, init=False)
    spent_pixels: int = dataclasses.field(default=0, init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def tick(self) -> None:
        """Raises BundleError once the wall time is spent."""
        if self.clock() - self.started > self.seconds:
            raise BundleError(
                problem(
                    "too-much-work",
                    what_zh=f"检查用时超过 {self.seconds:.0f} 秒",
                    what_en=f"checking it takes more than {self.seconds:.0f} seconds",
                )
            )

    def decode(self, pixels: int, path: str) -> None:
        """Counts pixels about to be decoded; raises BundleError when the budget would be spent."""
        self.spent_pixels += pixels
        if self.spent_pixels > self.pixels:
            raise BundleError(
                problem(
                    "too-much-work",
                    path=path,
                    what_zh=f"照片共需解码超过 {self.pixels // 1_000_000} 百万像素",
                    what_en=f"its photos add up to more than {self.pixels // 1_000_000} "
                    "megapixels to decode",
                )
            )
        self.tick()
