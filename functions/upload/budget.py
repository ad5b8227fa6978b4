"""How much work one bundle may cost to check: wall time, bytes inflated and decoded pixels, on
top of the archive limits (entries, declared sizes, ratios: archive.Limits). A hostile bundle
cannot keep the function busy past its timeout or grow its memory with each photo: when the
budget is spent the check stops with one clear refusal.

The budget grows with the archive received (Budget.for_archive): a small hostile bundle gets a
small budget, so the worst of them is checked in a few seconds (bench/hostile.py), while an
honest 1 GB group bundle, whose files compress hardly at all, gets the time and bytes it needs.
Real bundles use a small fraction: a 50-candidate group of 200 MB checks in about 3 s and
inflates about 200 MB; a 2-inch photo is a few hundred thousand pixels (JPEGs are decoded at
1/8 scale, so a 48-megapixel phone photo costs 0.75 MP).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from .problems import BundleError, problem

MiB = 1 << 20
SECONDS = 8.0  # any bundle up to FREE_BYTES: the worst hostile one ends within 10 s
SECONDS_PER_MIB = (
    1 / 16
)  # past FREE_BYTES, ~4x the slowest honest pace measured (bench/validate.py)
FREE_BYTES = 64 * MiB
INFLATE = 512 * MiB  # bytes inflated for any bundle ...
INFLATE_PER_BYTE = 3  # ... plus 3 per byte received: scans and photos hardly compress
PIXELS = 200_000_000  # decoded, across every photo of the bundle


@dataclasses.dataclass
class Budget:
    seconds: float = SECONDS
    pixels: int = PIXELS
    inflate: int = INFLATE
    clock: Callable[[], float] = time.monotonic  # injectable: tests spend time without sleeping
    started: float = dataclasses.field(default=0.0, init=False)
    spent_pixels: int = dataclasses.field(default=0, init=False)
    spent_bytes: int = dataclasses.field(default=0, init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    @classmethod
    def for_archive(cls, size: int, **kw) -> Budget:
        """The default budget for an archive of `size` bytes as received."""
        extra = max(0, size - FREE_BYTES) / MiB
        kw.setdefault("seconds", SECONDS + extra * SECONDS_PER_MIB)
        kw.setdefault("inflate", INFLATE + INFLATE_PER_BYTE * max(0, size))
        return cls(**kw)

    def tick(self) -> None:
        """Raises BundleError once the wall time is spent."""
        if self.clock() - self.started > self.seconds:
            _spent(
                None,
                f"检查用时超过 {self.seconds:.0f} 秒",
                f"checking it takes more than {self.seconds:.0f} seconds",
            )

    def inflated(self, size: int, path: str) -> None:
        """Counts bytes about to be inflated (an entry's declared size, which the reader never
        passes); raises BundleError when the budget would be spent."""
        self.spent_bytes += size
        if self.spent_bytes > self.inflate:
            _spent(
                path,
                f"解压后的文件共超过 {self.inflate // MiB} MB",
                f"its files add up to more than {self.inflate // MiB} MB once extracted",
            )
        self.tick()

    def decode(self, pixels: int, path: str) -> None:
        """Counts pixels about to be decoded; raises BundleError when the budget would be spent."""
        self.spent_pixels += pixels
        if self.spent_pixels > self.pixels:
            _spent(
                path,
                f"照片共需解码超过 {self.pixels // 1_000_000} 百万像素",
                f"its photos add up to more than {self.pixels // 1_000_000} megapixels to decode",
            )
        self.tick()


def _spent(path: str | None, what_zh: str, what_en: str):
    """The one refusal when a budget is spent: `too-much-work`, saying which budget."""
    raise BundleError(problem("too-much-work", path=path, what_zh=what_zh, what_en=what_en))
