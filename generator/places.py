"""English names of administrative divisions (GB/T 2260) for the English pages and picker.

policy.regions gives the current Chinese name of a code; its English is, in order: the project's
glossary (docs/glossary.md: "Hui'an County", "Uxin Banner", "Ordos"), the customary names of the
provinces whose English is not their pinyin (Shaanxi, Inner Mongolia, Tibet …), else the name's
Hanyu Pinyin (pypinyin, GB/T 16159 apostrophes: Hui'an) with its kind in English (County,
District, Banner …). A prefecture-level city is named without "City", as the glossary does.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from policy import regions

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"

# Provinces (first two digits) whose English is not the pinyin of their short name.
PROVINCES = {
    "11": "Beijing",
    "12": "Tianjin",
    "15": "Inner Mongolia Autonomous Region",
    "31": "Shanghai",
    "45": "Guangxi Zhuang Autonomous Region",
    "50": "Chongqing",
    "54": "Tibet Autonomous Region",
    "61": "Shaanxi Province",
    "64": "Ningxia Hui Autonomous Region",
    "65": "Xinjiang Uygur Autonomous Region",
    "71": "Taiwan Province",
    "81": "Hong Kong Special Administrative Region",
    "82": "Macao Special Administrative Region",
}

# The kind a name ends with, longest first, and its English word (None: city, named bare).
KINDS = (
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("林区", "Forest District"),
    ("地区", "Prefecture"),
    ("新区", "New Area"),
    ("省", "Province"),
    ("盟", "League"),
    ("市", "City"),
    ("县", "County"),
    ("区", "District"),
    ("旗", "Banner"),
)


@cache
def _glossary() -> dict[str, str]:
    """zh -> en for the place names in the glossary's table ('A · B' cells pair up)."""
    found: dict[str, str] = {}
    try:
        text = GLOSSARY.read_text("utf-8")
    except OSError:
        return found
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2:
            continue
        zhs = cells[0].split(" · ")
        ens = re.sub(r"<[^>]+>", "", cells[1]).split(" · ")
        if len(zhs) == len(ens):
            found.update((z.strip(), e.strip()) for z, e in zip(zhs, ens, strict=True))
    return found


def pinyin(zh: str) -> str:
    """'惠安' -> "Hui'an": one word, capitalised, an apostrophe before a syllable that starts
    with a, o or e (GB/T 16159)."""
    from pypinyin import lazy_pinyin

    out = ""
    for syllable in lazy_pinyin(zh, errors="ignore"):
        if out and syllable[:1] in ("a", "o", "e"):
            out += "'"
        out += syllable
    return out[:1].upper() + out[1:]


@cache
def english(code: str) -> str:
    """The English name of a division code in use, e.g. "350521" -> "Hui'an County";
    the code itself when the table has no such division."""
    zh = regions.names().get(code)
    if zh is None:
        return code
    if zh in _glossary():
        return _glossary()[zh]
    kind = regions.level(code)
    if kind == "province" and code[:2] in PROVINCES:
        return PROVINCES[code[:2]]
    for suffix, word in KINDS:
        if zh.endswith(suffix) and len(zh) > len(suffix):
            stem = pinyin(zh[: -len(suffix)])
            if suffix == "市" and kind != "county":
                return stem  # a prefecture-level city: "Quanzhou", as the glossary writes it
            return f"{stem} {word}"
    return pinyin(zh)
