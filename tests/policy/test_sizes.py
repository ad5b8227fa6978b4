"""A tool aims under the decimal reading of a notice's KB or MB, so a file it makes is under the
limit whether a device counts a KB as 1 000 or 1 024 bytes; the check keeps the notice's bytes."""

import pytest

from policy.sizes import aim_bytes


@pytest.mark.parametrize(
    ("limit", "least", "aim"),
    [
        (20 * 1024, None, 20_000),  # "20 KB"
        (30 * 1024, 10 * 1024, 30_000),
        (2 * 1024 * 1024, None, 2_000_000),  # "2 MB"
        (1536 * 1024, None, 1_536_000),  # "1.5 MB" is 1 536 KB
        (25_000, None, 25_000),  # a limit in bytes is aimed at as it is
        (20 * 1024, 20_000, 20 * 1024),  # the decimal reading would be at the smallest size
    ],
)
def test_the_size_aimed_under_reads_kb_and_mb_as_thousands_and_millions(limit, least, aim):
    assert aim_bytes(limit, least) == aim
    assert aim <= limit
