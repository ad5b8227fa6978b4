"""Synthetic resident ID numbers for tests: any region, birth date and sequence, with the right
GB 11643 check character (from the project's one implementation, policy.idnumber)."""

from __future__ import annotations

from policy.idnumber import check_digit


def make_id(region: str = "110101", birth: str = "19900101", sequence: str = "123") -> str:
    first17 = f"{region}{birth}{sequence}"
    return first17 + check_digit(first17)
