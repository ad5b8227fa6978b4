"""Administrative divisions (GB/T 2260): current names by code, and the few a site needs.

The names come from python-stdnum's table of division codes (stdnum/cn/loc.dat, kept up to date
with that library), read as the codes stand now: a code whose name carries an end year is gone.
Province codes end in 0000, prefecture-level cities in 00; see rules.covers for containment.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import stdnum  # the package only (its version); the table is read as a file

_NAME = re.compile(r'county="([^"]*)"')
_PERIOD = re.compile(r"^\[(\d*)-(\d*)\](.*)$")


def _current(names: str) -> str | None:
    """The name in use today from '[1983-1994]郊区,[1995-]晋安区'; None when the code is gone."""
    for part in names.split(","):
        found = _PERIOD.match(part)
        if not found:
            return part
        if not found.group(2):
            return found.group(3)
    return None


@cache
def names() -> dict[str, str]:
    """Code -> current Chinese name for every division in use, e.g. "350521" -> "惠安县"."""
    table = Path(stdnum.__file__).parent / "cn" / "loc.dat"
    out: dict[str, str] = {}
    province = ""
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        code, rest = line.split(None, 1)
        found = _NAME.search(rest)
        name = _current(found.group(1)) if found else None
        if name and name not in ("市辖区", "县") and "直辖" not in name:  # groupings, not places
            out[province + code] = name
    return out


def level(code: str) -> str:
    """ "province", "city" or "county" by the code's shape."""
    return "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"


def for_picker(named: set[str]) -> dict[str, str]:
    """The divisions a region picker must offer to decide every rule that names `named` codes:
    every province; the cities of a province some code lies in; the counties of a city some
    code lies in (or of a province without cities, such as a municipality's counties)."""
    table = names()
    provinces = {c[:2] for c in named}
    cities = {c[:4] for c in named if level(c) != "province"}
    out = {}
    for code, name in table.items():
        kind = level(code)
        if (
            kind == "province"
            or (kind == "city" and code[:2] in provinces)
            or (
                kind == "county"
                and (code[:4] in cities or code[:2] in provinces and code[:4] + "00" not in table)
            )
        ):
            out[code] = name
    return out
