"""File sizes as notices write them and as devices count them.

A notice's "20 KB" is 20 × 1 024 = 20 480 bytes to the upload check (the lenient reading), but a
phone or Windows may count a KB as 1 000 bytes. A tool that makes a file therefore aims under
the decimal reading, so the file is under the limit whichever way it is counted.
"""

from __future__ import annotations

KIB, MIB = 1024, 1024 * 1024


def aim_bytes(max_bytes: int, min_bytes: int | None = None) -> int:
    """The size a tool aims under for a limit of max_bytes: a whole number of KB or MB (a
    multiple of 1 024 or 1 048 576 bytes) as that many thousands or millions of bytes
    (20 480 -> 20 000; 2 097 152 -> 2 000 000); any other limit as it is. Never at or below
    the notice's smallest size (min_bytes): then the limit itself."""
    if max_bytes % MIB == 0:
        aim = max_bytes // MIB * 1_000_000
    elif max_bytes % KIB == 0:
        aim = max_bytes // KIB * 1_000
    else:
        aim = max_bytes
    return aim if aim > (min_bytes or 0) else max_bytes
