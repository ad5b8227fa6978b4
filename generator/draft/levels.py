"""Levels and their conditions: "具备以下条件之一者，可申报四级/中级工：" and the items under it;
"申报条件见附件2" (conditions not stated here); "申报条件同本条（一）1至3项" (another occupation's
conditions, by reference); the occupations a notice lists with their codes.

Each condition keeps its words; phrases.match() says whether they are a standard wording.
"""

from __future__ import annotations

import re

from . import clauses, phrases
from .text import LEVEL_RE, levels_in, squeeze

CONTEXT = re.compile(r"申报条件|报名条件|报考条件|培训条件|申报要求|报考要求|认定条件|评价条件")
HEADER = re.compile(r"(可申报|申报|报考)")
OCCUPATION = re.compile(
    r"([\u4e00-\u9fff]{2,12})[（(]职业编码\s*[:：]?\s*(\d-\d{2}-\d{2}-\d{2})[）)]"
)
REFERENCE = re.compile(r"同本条[（(]([一二三四五六七八九十]+)[）)](\d+)(?:至(\d+))?项")
ATTACHED = re.compile(r"见附件\s*\d+")
ONE_OF = re.compile(r"之一|其中一项|任一|任意一")
# a numbered heading that is a level's name: （一）申报五级/初级工： / （一）四级/中级工（具备以下条件之一者）
LEVEL_HEADING = re.compile(
    r"^(?:申报|报考)?(?:"
    + LEVEL_RE.pattern
    + r")(?:[:：。]?$|[(（]?具备|[(（]?符合|[(（]?须|[(（]?应)"
)


NAMED = re.compile(
    r"^([\u4e00-\u9fff]{2,10})[：:]\s*((?:[一二三四五]级/[\u4e00-\u9fff]{2,4}[、，,]?\s*)+)[。；;]?$"
)


def occupations(entries: list[dict]) -> list[dict]:
    """[{name, code, clause, levels}] for 电工（职业编码6-31-01-03）：三级/高级工 lines, or
    电工：五级/初级工、四级/中级工 under a heading naming 职业 (no code then)."""
    out: list[dict] = []
    for i, e in enumerate(entries):
        heading = next(
            (x for x in reversed(entries[: i + 1]) if x["numbered"] and x["depth"] == 1), None
        )
        plain = NAMED.match(e["text"])
        if plain and heading and "职业" in heading["text"][:8] and not OCCUPATION.search(e["text"]):
            out.append(
                {
                    "name": plain.group(1),
                    "code": None,
                    "clause": e["clause"],
                    "levels": levels_in(plain.group(2)),
                    "words": e["text"],
                }
            )
            continue
        for m in OCCUPATION.finditer(e["text"]):
            name = re.sub(r"^(认定职业|职业|工种)[:：]?", "", m.group(1))
            if all(o["name"] != name for o in out):
                after = e["text"][m.end() :]
                out.append(
                    {
                        "name": name,
                        "code": m.group(2),
                        "clause": e["clause"],
                        "levels": levels_in(after),
                        "words": e["text"],
                    }
                )
    return out


def _in_context(entries: list[dict]) -> set[int]:
    found: set[int] = set()
    for i, e in enumerate(entries):
        if i in found:
            continue
        if e["numbered"] and CONTEXT.search(e["text"][:12]):
            found |= set(clauses.within(entries, i))
        elif e["clause"].startswith("附件") and e["depth"] == 0 and CONTEXT.search(e["text"]):
            found |= {j for j, x in enumerate(entries) if x["clause"].startswith(e["clause"])}
    return found


def levels(entries: list[dict], names: list[str]) -> list[dict]:
    """[{level (None when the notice names none), occupation (a name or None), clause, words,
    conditions: [{clause, words, standard (phrases.match or None)}], not_stated, reference}]."""
    scope = _in_context(entries)
    out: list[dict] = []
    for i in sorted(scope):
        e = entries[i]
        text = squeeze(e["text"])
        ref = REFERENCE.search(text)
        named = levels_in(text.split("的申报条件")[0]) if ("条件" in text) else []
        occ = _occupations_named(text, names) or [_ancestor_occupation(entries, i, names)]
        if ref and named:
            for o in occ:
                for level in named:
                    out.append(_level(level, o, e, reference=ref))
            continue
        if ATTACHED.search(text) and named and not HEADER.search(text.split("见附件")[0][-3:]):
            for o in occ:
                for level in named:
                    out.append({**_level(level, o, e), "not_stated": e["text"]})
            continue
        heading = e["numbered"] and bool(LEVEL_HEADING.match(text))
        if (
            not (HEADER.search(text) and re.search(r"具备|符合|以下条件|可申报", text))
            and not heading
        ):
            continue
        items = _items(entries, i)
        if not items:
            continue
        named = levels_in(LEVEL_RE.search(text).group(0)) if LEVEL_RE.search(text) else []
        # the items are alternatives only when the words say so (具备以下条件之一); "须同时具备"
        # or a bare heading leaves it open
        said = text + "".join(
            squeeze(entries[j]["text"])
            for j in range(i + 1, items[0])
            if not entries[j]["numbered"]
        )
        one_of = bool(ONE_OF.search(said)) and not re.search(r"同时|全部|均须|均应|并且", said)
        for o in occ:
            level = _level(named[0] if len(named) == 1 else None, o, e)
            level["one_of"] = one_of
            for j in items:
                level["conditions"].append(
                    {
                        "clause": entries[j]["clause"],
                        "words": entries[j]["text"],
                        "line": entries[j]["line"],
                        "standard": phrases.match(entries[j]["text"]),
                    }
                )
            out.append(level)
    _resolve(out)
    return out


def _level(level, occupation, e, reference=None) -> dict:
    return {
        "level": level,
        "occupation": occupation,
        "clause": e["clause"],
        "words": e["text"],
        "line": e["line"],
        "conditions": [],
        "one_of": True,
        "reference": reference.groups() if reference else None,
    }


def _items(entries: list[dict], i: int) -> list[int]:
    if entries[i]["numbered"]:
        return clauses.children(entries, i)
    depth, found = entries[i]["depth"], []
    for j in range(i + 1, len(entries)):
        e = entries[j]
        if clauses.root_of(e["clause"]) != clauses.root_of(entries[i]["clause"]):
            break
        if e["numbered"] and e["depth"] <= depth:
            break
        if not e["numbered"] and HEADER.search(e["text"]) and LEVEL_RE.search(e["text"]):
            break
        if e["numbered"] and e["depth"] == depth + 1:
            found.append(j)
    return found


def _occupations_named(text: str, names: list[str]) -> list[str]:
    head = re.split(r"申报|报考", text)[0]
    return [n for n in names if n in head]


def _ancestor_occupation(entries: list[dict], i: int, names: list[str]) -> str | None:
    depth = entries[i]["depth"] if entries[i]["numbered"] else entries[i]["depth"] + 1
    for j in range(i, -1, -1):
        e = entries[j]
        if e["numbered"] and e["depth"] < depth:
            name = squeeze(e["text"]).rstrip("。:：")
            if name in names:
                return name
            depth = e["depth"]
    return None


def _resolve(out: list[dict]) -> None:
    """申报条件同本条（一）1至3项: copy the conditions of the levels under that item."""
    for level in out:
        if not level["reference"]:
            continue
        part, first, last = level["reference"]
        top = re.match(r"^[^（(]*[、]", level["clause"])
        prefix = (top.group(0) if top else "") + f"（{part}）"
        wanted = [f"{prefix}{k}." for k in range(int(first), int(last or first) + 1)]
        for source in out:
            if source is level or source["clause"] not in wanted:
                continue
            if source["level"] == level["level"] and source["conditions"]:
                level["conditions"] = [
                    {**c, "clause": f"{level['clause']}；{c['clause']}"}
                    for c in source["conditions"]
                ]
