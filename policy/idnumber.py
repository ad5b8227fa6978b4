"""Resident ID numbers (GB 11643-1999): validity, and masking for reports, logs and exports.

Validity is python-stdnum's (stdnum.cn.ric): 18 characters, 17 digits and a check character
(ISO 7064 MOD 11-2, ric.calc_check_digit), a birth date that exists (ric.get_birth_date). We do
not call ric.validate, which also looks the division code up in stdnum's table: numbers keep the
code of the county where they were first issued, counties are merged and renamed (GB/T 2260
changes every year), so refusing an unknown code would turn real people away (and stdnum 2.2
raises KeyError for a code that names a province or city but no county). One rule is our own:
the birth date may not lie in the future or before 1900 (a mistyped year). Masking and
redaction are ours too: nothing else does them.

The browser's twin is generator/assets/js/idnumber.js; tests/vectors/idnumbers.yaml runs the
same cases through both.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache

from . import days

# A synthetic number with a correct check character (Beijing Dongcheng, born 1990-03-07), the one
# example the site, the tools and every message show. Reports never mask it.
EXAMPLE_ID = "110101199003070011"

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
_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")


@cache
def _stdnum():
    """(stdnum.cn.ric, InvalidComponent), imported when first needed: stdnum.util imports pydoc
    and ssl (40 ms), which the upload API's cold start should not pay before a bundle lands."""
    from stdnum.cn import ric
    from stdnum.exceptions import InvalidComponent

    return ric, InvalidComponent


def normalise(number: object) -> str:
    """Upper-case, surrounding space removed (a lower-case x is the same check character)."""
    return str(number).strip().upper()


def problem_with(number: str, today: dt.date | None = None) -> str | None:
    """None when valid, otherwise a key of REASONS ("shape", "date" or "check-digit")."""
    n = normalise(number)
    if not _SHAPE.match(n):
        return "shape"
    ric, invalid = _stdnum()
    try:
        born = ric.get_birth_date(n)
    except invalid:
        return "date"
    if born.year < 1900 or born > (today or dt.date.fromisoformat(days.today())):
        return "date"
    if ric.calc_check_digit(n) != n[17]:
        return "check-digit"
    return None


def is_valid(number: str) -> bool:
    return problem_with(number) is None


def check_digit(first17: str) -> str:
    """The 18th character that makes 17 digits a valid number (for examples and tests)."""
    return _stdnum()[0].calc_check_digit(first17 + "0")


def mask(number: str) -> str:
    """First 4 and last 4 kept (digits in any width read as plain ones, the check character's
    case kept: a message about a lower-case x must show it); short strings are fully masked."""
    n = _plain(number)
    if len(n) <= 8:
        return "*" * len(n)
    return n[:4] + "*" * (len(n) - 8) + n[-4:]


def _plain(text: str) -> str:
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", str(text)))


# Between two digits, what a person (or a hostile name) may put and a reader skips: any space
# (NBSP, ideographic), hyphens and dashes of every width, and invisible format characters
# (zero-width space and joiners, soft hyphen, bidi marks, BOM).
_SEP = (
    r"\s\-\u00ad\u2010-\u2015\u2212\ufe58\ufe63\uff0d"
    r"\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u206f\ufeff\ufff9-\ufffb"
)
# A run of 17 or more digits (any script's digits, full-width included), each joined to the
# next by at most three separators, perhaps ended by the check character X: an ID number, or a
# longer run that holds one. Masked whole, wherever it stands.
_ANYWHERE = re.compile(rf"(?<!\d)\d(?:[{_SEP}]{{0,3}}\d){{16,}}(?:[{_SEP}]{{0,3}}[XxＸｘ])?(?!\d)")


def _digits(run: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", run) if c.isdigit() or c in "Xx")


def redact(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Masks anything shaped like an ID number inside free text (paths, log lines, names): 17 or
    more digits in any width, alone or grouped by spaces, hyphens or invisible characters, and
    the check character; a longer digit run keeps its first 4 and last 4 only. Except the
    synthetic examples in `keep` that messages show on purpose."""

    def masked(m: re.Match) -> str:
        plain = _digits(m.group())
        return m.group() if plain.upper() in keep else mask(plain)

    return _ANYWHERE.sub(masked, str(text))
