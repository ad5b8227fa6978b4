"""Dates and periods: "2021年4月22日至5月18日", "即日起-7月5日", "8月中旬-9月份", "10月下旬",
"缴费截止时间为2026年4月15日", "10月底前".

period() reads one piece of text; schedule() reads the notice's 时间安排 clause into timeline
items. A date whose year the notice leaves out takes the year written before it on the line, else
the notice's year; a rough period (a month, 上旬/中旬/下旬) is `approximate`, and drafted as sure
only when nothing else qualifies it ("其中一周周日" does).
"""

from __future__ import annotations

import calendar
import re

from . import clauses
from .header import iso
from .text import cn_number, half

DAY = r"(?:(?P<{p}y>\d{{4}})\s*年\s*)?(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*[日号]"
ISO = r"(?P<{p}y>\d{{4}})-(?P<{p}m>\d{{1,2}})-(?P<{p}d>\d{{1,2}})"
MONTH = r"(?:(?P<{p}y>\d{{4}})\s*年\s*)?(?P<{p}m>\d{{1,2}})\s*月份?\s*(?P<{p}part>上旬|中旬|下旬|初|底|末)?(?![\d日号])"
NOW = r"(?P<{p}now>即日起?)"
FORMS = {"I": ISO, "D": DAY, "M": MONTH, "N": NOW}  # tried in this order


def _point_rx(p: str) -> str:
    return "|".join(f"(?:{rx.format(p=p + k)})" for k, rx in FORMS.items())


TO = r"\s*(?:至|到|-|—|–|~|－|——)\s*"
PERIOD = re.compile(r"(?P<a>" + _point_rx("a") + r")(?:" + TO + r"(?P<b>" + _point_rx("b") + r"))?")
PARTS = {"上旬": (1, 10), "中旬": (11, 20), "初": (1, 10)}
QUIET = r"[\s,，。；;:：、]|上午|下午|全天|晚上|（[^）]*）|\([^)]*\)"


def _point(m: re.Match, p: str, year: int | None, today: str | None) -> dict | None:
    """{start, end, approximate, year_given} for one date expression."""
    groups = m.groupdict()
    form = next(k for k in FORMS if any(groups.get(n) for n in groups if n.startswith(p + k)))
    g = {n[len(p) + 1 :]: v for n, v in groups.items() if n.startswith(p + form)}
    if g.get("now"):
        return {"start": today, "end": today, "approximate": False, "year": True} if today else None
    y = int(g["y"]) if g.get("y") else year
    if y is None:
        return None
    month = int(g["m"])
    if not 1 <= month <= 12:
        return None
    if g.get("d"):
        day = iso(y, month, g["d"])
        return {"start": day, "end": day, "approximate": False, "year": bool(g.get("y"))}
    last = calendar.monthrange(y, month)[1]
    first, final = PARTS.get(g.get("part") or "", (1, last))
    if g.get("part") in ("下旬",):
        first, final = 21, last
    if g.get("part") in ("底", "末"):
        first = final = last
    return {
        "start": iso(y, month, first),
        "end": iso(y, month, final),
        "approximate": g.get("part") not in ("底", "末"),
        "year": bool(g.get("y")),
    }


def period(text: str, year: int | None = None, today: str | None = None) -> dict | None:
    """The first date or period in text: {start?, end?, approximate, by, words, sure}."""
    text = half(text).replace("年份", "年")
    m = PERIOD.search(text)
    if not m:
        return None
    a = _point(m, "a", year, today)
    if a is None:
        return None
    b = (
        _point(m, "b", int(a["start"][:4]) if a.get("start") else year, today)
        if m.group("b")
        else None
    )
    tail = text[m.end() :]
    out = {"approximate": a["approximate"], "said": m.group(0).strip()}
    if b:
        out.update(start=a["start"], end=b["end"], approximate=a["approximate"] or b["approximate"])
    elif re.match(r"\s*(起|开始|以后)", tail) or m.group("aNnow"):
        out.update(start=a["start"])
        out["open"] = True
    elif re.search(r"(截止|截至|之前|以前)[^，,。；;]{0,6}$", text[: m.start()]) or re.match(
        r"\s*(之?前|截止)", tail
    ):
        out.update(end=a["end"], by=True)
    else:
        out.update(start=a["start"], end=a["end"])
    rest = re.sub(QUIET, "", text[m.end() :])
    rest = "" if out.get("open") else re.sub(r"^(起|开始|之?前|截止)", "", rest)
    given = a["year"] or (b and b["year"])
    guessed_back = today and (out.get("end") or out.get("start") or "9") < today
    out["sure"] = not rest and not (not given and (year is None or guessed_back))
    if out.get("start") and out.get("end") and out["start"] > out["end"]:
        return None
    return out


LABEL_IDS = [
    ("报名", "registration"),
    ("缴费", "payment-due"),
    ("培训", "training"),
    ("成绩", "results"),
    ("考试", "exam"),
    ("考核", "exam"),
    ("认定", "exam"),
]


def _id(label: str, taken: set) -> str:
    base = next((slug for word, slug in LABEL_IDS if word in label), "date")
    batch = re.search(r"第([一二三四五六七八九十\d]+)批", label)
    if batch:
        base = f"batch-{cn_number(batch.group(1))}-{base}"
    ident, k = base, 2
    while ident in taken:
        ident, k = f"{base}-{k}", k + 1
    taken.add(ident)
    return ident


LABEL_COLON = r"(?<!\d)[:：]"
DATED_LABEL = re.compile(r"\s*(?:报名|考试|考核|认定|评审|鉴定)(?:时间|日期)")
TENTATIVE = re.compile(
    r"初定|暂定|拟于|拟定|拟在|预计|预定|左右|待定|视情况|如有(?:变[动化更]|调整)"
    r"|(?:时间|日期)[^，,。；;（）()]{0,4}另行(?:通知|公布)"
)


def schedule(entries: list[dict], notice_date: str | None) -> list[dict]:
    """Timeline items from the clause headed 时间安排 (or …计划, …时间): one per dated piece,
    {id, clause, label, words, line, start?, end?, approximate, by, registration, sure}."""
    year = int(notice_date[:4]) if notice_date else None
    heads = [
        i
        for i, e in enumerate(entries)
        if e["depth"] == 1 and e["numbered"] and re.search(r"时间|日程|计划", e["text"][:12])
    ]
    inside = {j for h in heads for j in clauses.within(entries, h)[1:]}
    # elsewhere, a line labelled with what it dates: 四、报名方式（一）报名时间：…, or
    # 五、考核安排 "考核时间暂定于…"
    labelled = [
        j
        for j, e in enumerate(entries)
        if j not in inside
        and e["depth"] >= 1
        and e["clause"] not in ("落款", "序言")
        and DATED_LABEL.match(e["text"])
    ]
    items: list[dict] = []
    taken: set = set()
    for j in sorted(inside | set(labelled)):
        e = entries[j]
        if j not in inside:  # only the labelled sentence
            e = {**e, "text": re.split(r"(?<=[。；;])", e["text"])[0].strip()}
        if True:
            label, rest = "", e["text"]
            if re.search(LABEL_COLON, e["text"]):  # 17:00 is a time, not a label's colon
                label, rest = re.split(LABEL_COLON, e["text"], maxsplit=1)
            tentative = TENTATIVE.search(e["text"])
            label = label.strip()
            line_year = year
            for piece in re.split(r"[，,；;。]", rest):
                found = period(piece, line_year, notice_date)
                if not found:
                    continue
                if found.get("start") or found.get("end"):
                    line_year = int((found.get("start") or found["end"])[:4])
                sub = re.split(r"\d|即日", half(piece))[0].strip()
                name = label or sub
                if sub and label and label in sub:
                    name = sub
                elif sub and label and sub not in label:
                    name = label + sub
                name = re.sub(r"(时间为|为|:|(?:暂定|初定|拟定|定|拟)?于)$", "", name)
                if not name:
                    continue
                if tentative:  # 初定于9月13日，如有变动另行通知: not a firm date
                    found = {**found, "approximate": True, "tentative": tentative.group(0)}
                item = {
                    "id": _id(name, taken),
                    "clause": e["clause"],
                    "label": name,
                    "words": e["text"],
                    "line": e["line"],
                    "registration": "报名" in name and "考试" not in name,
                    **found,
                }
                items.append(item)
    return items


DEADLINE = re.compile(r"(?:于|在|力争|确保)?((?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末))(?:之)?前")


def deadlines(entries: list[dict], notice_date: str | None, skip: set) -> list[dict]:
    """ "10月底前…" elsewhere in the notice: drafted as to-dos (a target, or a real date?)."""
    year = int(notice_date[:4]) if notice_date else None
    found: list[dict] = []
    seen: set = set()
    for e in entries:
        if e["line"] in skip or e["clause"] in ("落款", "序言"):
            continue
        for m in DEADLINE.finditer(e["text"]):
            p = period(m.group(1), year, notice_date)
            if p and p.get("end") and p["end"] not in seen:
                seen.add(p["end"])
                sentence = next(s for s in re.split(r"(?<=[。；;])", e["text"]) if m.group(0) in s)
                found.append(
                    {
                        "clause": e["clause"],
                        "line": e["line"],
                        "words": sentence.strip(),
                        "end": p["end"],
                        "by": True,
                    }
                )
    return found
