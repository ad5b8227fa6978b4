"""The statutory retirement month (法定退休年龄 reached), from the rule table in retirement.yaml.

A derived profile field: notices admit only candidates "not at statutory retirement age by
<date>", which a candidate cannot answer after the 2025 reform, but a birth month and which
original retirement age applied to them they can. Pure; the browser's twin is in rules.js.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from . import yamlpos

FIELD = "statutory_retirement_month"
INPUTS = ("birth_month", "retirement_category")


@cache
def table() -> dict:
    """retirement.yaml as plain data (dates as YYYY-MM strings)."""
    data = yamlpos.read(Path(__file__).parent / "retirement.yaml")
    for spec in data["categories"].values():
        spec["from_birth"] = str(spec["from_birth"])[:7]
    data["in_force_from"] = str(data["in_force_from"])
    return data


def _months(month: str) -> int:
    year, mm = month.split("-")
    return int(year) * 12 + int(mm) - 1


def _month(count: int) -> str:
    return f"{count // 12:04d}-{count % 12 + 1:02d}"


def retirement_month(birth_month: str | None, category: str | None, rules: dict | None = None):
    """ "YYYY-MM" when the statutory retirement age is reached; None when either input is
    missing or not understood. E.g. ("1965-05", "male") -> "2025-07" (60 years and 2 months)."""
    rules = rules or table()
    spec = rules["categories"].get(category) if isinstance(category, str) else None
    if spec is None or not isinstance(birth_month, str) or len(birth_month) != 7:
        return None
    born = _months(birth_month)
    delay = 0
    if born >= _months(spec["from_birth"]):
        steps = (born - _months(spec["from_birth"])) // spec["months_per_step"] + 1
        delay = min(steps, spec["max_delay_months"])
    return _month(born + spec["original_years"] * 12 + delay)
