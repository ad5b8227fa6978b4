"""English from the project's glossary only (docs/glossary.md, the site's own term list).

A Chinese term the glossary does not list has no English here: the draft marks it to do.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"


def parse(markdown: str) -> dict[str, str]:
    """zh -> en from the glossary's table; 'A · B' rows give one entry per side."""
    terms: dict[str, str] = {}
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("中文", "") or set(cells[0]) <= set("- "):
            continue
        zh = re.sub(r"\s*\(\?\)\s*", "", cells[0])
        zh = re.sub(r"\s*\([^)]*\)\s*$", "", zh) if "osta" in zh else zh
        en = re.sub(r"<[^>]+>", "", cells[1]).replace(" (the occupation)", "").strip()
        zhs, ens = zh.split(" · "), en.split(" · ")
        if len(zhs) != len(ens):
            continue
        for z, e in zip(zhs, ens, strict=True):
            terms[z.strip()] = e.strip()
            if " / " in z:
                terms[z.replace(" / ", "/").strip()] = e.strip()
    return terms


@cache
def terms() -> dict[str, str]:
    try:
        return parse(GLOSSARY.read_text("utf-8"))
    except OSError:
        return {}


def english(zh: str) -> str | None:
    """The glossary's English for exactly this Chinese term, or None."""
    return terms().get(zh.strip())


LEVEL_EN = {
    5: "Level 5 / junior worker",
    4: "Level 4 / intermediate worker",
    3: "Level 3 / senior worker",
    2: "Level 2 / technician",
    1: "Level 1 / senior technician",
}


def level_en(level: int) -> str:
    """The glossary's name of a level (五级/初级工 … 一级/高级技师)."""
    return LEVEL_EN[level]
