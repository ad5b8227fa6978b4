"""Resident ID numbers (GB 11643-1999): check digit, birth date, and masking for reports and logs."""

from __future__ import annotations

import datetime as _dt
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")

# Reasons are data, so callers can put them into bilingual messages without knowing the checks.
REASONS = {
    "shape": (
        "不是 18 位（17 位数字加一位数字或 X）",
        "it is not 17 digits followed by a digit or X",
    ),
    "date": ("出生日期不存在", "the birth date in it does not exist"),
    "check-digit": (
        "最后一位校验码不对，可能有数字输错",
        "the last (check) character is wrong: a digit may be mistyped",
    ),
}


def check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def problem_with(number: str, today: _dt.date | None = None) -> str | None:
    """None when valid, otherwise a key of REASONS."""
    n = normalise(number)
    if not _SHAPE.match(n):
        return "shape"
    try:
        born = _dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return "date"
    if born.year < 1900 or born > (today or _dt.date.today()):
        return "date"
    if check_digit(n[:17]) != n[17]:
        return "check-digit"
    return None


def is_valid(number: str) -> bool:
    return problem_with(number) is None


def normalise(number: str) -> str:
    return str(number).strip().upper()


def mask(number: str) -> str:
    """First 4 and last 4 kept; short strings are fully masked so nothing identifying leaks."""
    n = normalise(number)
    if len(n) <= 8:
        return "*" * len(n)
    return n[:4] + "*" * (len(n) - 8) + n[-4:]


_ANYWHERE = re.compile(r"(?<![0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9])")


def redact(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Masks anything shaped like an ID number inside free text (paths, log lines), except the
    synthetic examples in `keep` that messages show on purpose."""
    return _ANYWHERE.sub(lambda m: m.group(1) if m.group(1) in keep else mask(m.group(1)), text)
