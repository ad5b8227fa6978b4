"""The phrase table (phrases.yaml): a condition's wording to its data and its English.

match() answers only for a wording that is a whole entry of the table; anything else is None,
and the draft leaves the condition to a person.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

import yaml

from .glossary import level_en
from .text import LEVEL_WORDS, cn_number, squeeze

TABLE = Path(__file__).with_name("phrases.yaml")
NUMBER = r"(\d+|[一二两三四五六七八九十]+)"
CERTS = {
    "职业资格(职业技能等级)证书": "vocational qualification (vocational skill level) certificate",
    "职业资格证书(技能等级证书)": "vocational qualification certificate (skill level certificate)",
    "职业技能等级证书": "vocational skill level certificate",
    "职业资格证书": "vocational qualification certificate",
}
_LEVEL_OF = dict(LEVEL_WORDS)


def _compile(template: str) -> re.Pattern:
    out, i = "", 0
    names = {"n": 0}
    while i < len(template):
        if template.startswith("{years}", i):
            a, b, c = (f"n{names['n'] + k}" for k in range(3))
            names["n"] += 3
            out += rf"(?:满(?P<{a}>{NUMBER[1:-1]})年|(?P<{b}>{NUMBER[1:-1]})年\(含\)以上|(?P<{c}>{NUMBER[1:-1]})年以上)"
            i += len("{years}")
        elif template.startswith("{n}", i):
            out += rf"(?P<n{names['n']}>{NUMBER[1:-1]})"
            names["n"] += 1
            i += 3
        elif template.startswith("{level}", i):
            words = "|".join(re.escape(w) for w, _ in LEVEL_WORDS)
            out += rf"(?P<level>{words})"
            i += len("{level}")
        elif template.startswith("{cert}", i):
            out += "(?P<cert>" + "|".join(re.escape(c) for c in CERTS) + ")"
            i += len("{cert}")
        elif template[i] == "[":
            j = template.index("]", i)
            out += "(?:" + re.escape(template[i + 1 : j]) + ")?"
            i = j + 1
        else:
            out += re.escape(template[i])
            i += 1
    return re.compile(out)


@cache
def table() -> list[tuple[re.Pattern, dict]]:
    entries = yaml.safe_load(TABLE.read_text("utf-8"))
    return [(_compile(squeeze(e["zh"])), e) for e in entries]


def normalized(wording: str) -> str:
    """How a condition is compared: half-width, no spaces, no final 。；;，, and no 含 variants
    of the same bracket."""
    return squeeze(wording).rstrip("。;,.")


def match(wording: str) -> dict | None:
    """{'id', 'en', 'when'} for a standard wording, else None."""
    text = normalized(wording)
    for pattern, entry in table():
        found = pattern.fullmatch(text)
        if not found:
            continue
        groups = found.groupdict()
        numbers = [cn_number(v) for k, v in groups.items() if k.startswith("n") and v]
        if len(set(numbers)) > 1 or None in numbers:
            continue
        n = numbers[0] if numbers else None
        level = _LEVEL_OF.get(groups.get("level") or "")
        cert = CERTS.get(groups.get("cert") or "", "")
        en = entry["en"].replace("$n", str(n)).replace("$cert", cert)
        en = en.replace("$level", level_en(level) if level else "")
        if n == 1:
            en = en.replace("1 years", "1 year")
        return {"id": entry["id"], "en": en, "when": _fill(entry["when"], n, level)}
    return None


def _fill(template, n, level):
    if isinstance(template, dict):
        return {k: _fill(v, n, level) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, n, level) for v in template]
    if template == "$n":
        return n
    if template == "$level":
        return level
    return copy.deepcopy(template)
