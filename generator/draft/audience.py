"""Who the notice is for (认定对象, 培训对象, 人员范围) and the rule the words state: where the
candidate works ("全县", "全市（含各区（市、县））", "在重庆市行政区域内"), staffing ("非在编人员",
"在编在岗"), probation ("已转正定级"), the retirement age ("2021年10月31日前未达到法定退休年龄").
"""

from __future__ import annotations

import calendar
import re

from policy import regions

from . import clauses
from .text import half

HEADING = re.compile(r"对象|人员范围|面向|适用范围|(?:认定|申报|报名|考核)范围")


def audience(entries: list[dict]) -> dict | None:
    """{clause, words, groups: [{clause, words}], atoms: [{words, when}]} or None."""
    for i, e in enumerate(entries):
        if not (e["numbered"] and e["depth"] <= 2 and HEADING.search(e["text"][:12])):
            continue
        inside = clauses.within(entries, i)
        items = clauses.children(entries, i)
        body = [entries[j] for j in inside[1:] if not entries[j]["numbered"]]
        if items:
            groups = [{"clause": entries[j]["clause"], "words": entries[j]["text"]} for j in items]
        else:
            lines = [x["text"] for x in body] or [re.sub(r"^[^。]*?。", "", e["text"])]
            groups = [{"clause": e["clause"], "words": " ".join(lines).strip()}]
        groups = [g for g in groups if g["words"]]
        text = " ".join(g["words"] for g in groups)
        return {"clause": e["clause"], "words": text, "groups": groups}
    return None


# Words that turn a group around or limit it: a term near one of them is not read as a rule
# ("不含编外人员", "在编人员除外", "编外人员不得报名", "含编外人员" = both kinds).
NEGATION = re.compile(r"不含|不包括|除外|除|不得|不参加|不属于|不予|不能|不可|以外|含|包括|均可")


def _near(text: str, m: re.Match, width: int = 6) -> str:
    """The words around a match inside its own comma piece."""
    start = max(text.rfind(c, 0, m.start()) for c in ",，;；。") + 1
    ends = [i for i in (text.find(c, m.end()) for c in ",，;；。") if i >= 0]
    end = min(ends) if ends else len(text)
    return (
        text[max(start, m.start() - width) : m.start()]
        + "|"
        + text[m.end() : min(end, m.end() + width)]
    )


def _unsure(text: str, m: re.Match, width: int = 6) -> bool:
    return bool(NEGATION.search(_near(text, m, width)))


def rules(words: str, region: dict | None) -> list[dict]:
    """The conditions the audience's words state: [{words, when, unsure?}]. An atom whose words
    stand beside a negation or an exclusion is `unsure`: the draft writes it as a to-do."""
    text = half(words)
    out = []
    whole = re.search(r"全(县|市|旗|区|省)|本(县|市|旗)", text)
    if whole and region:
        code = region["code"]
        want = whole.group(1) or whole.group(2)
        own = region["parts"][-1] if region.get("parts") else ""
        if want == "市" and not code.endswith("00"):
            # a county-level city's 全市 is the city itself; a county's 全市 is not sure
            code = code if own.endswith("市") else None
        if want in ("县", "旗", "区") and code.endswith("00"):
            code = None
        if want == "省":
            code = code[:2] + "0000"
        if code:
            out.append(
                {
                    "words": whole.group(0),
                    "when": {"field": "workplace_region", "within": [code]},
                    "unsure": _unsure(text, whole),
                }
            )
        else:
            out.append({"words": whole.group(0), "when": None, "unsure": True})
    inside = re.search(r"在(\S{2,10}?)(?:行政区域|辖区)内", text)
    if inside and not whole:
        names = {v: k for k, v in regions.names().items()}
        code = names.get(inside.group(1))
        if code:
            out.append(
                {
                    "words": inside.group(0),
                    "when": {"field": "workplace_region", "within": [code]},
                    "unsure": _unsure(text, inside),
                }
            )
    non = re.search(r"非在编|编外", text)
    established = re.search(r"(?<!非)在编(?:在岗|人员)(?!不在)", text)
    if non and established:
        pass  # both kinds named: no rule on staffing
    elif non:
        out.append(
            {
                "words": non.group(0),
                "when": {"field": "staffing", "eq": "non_established"},
                "unsure": _unsure(text, non, 12),
            }
        )
    elif established:
        out.append(
            {
                "words": established.group(0),
                "when": {"field": "staffing", "eq": "established"},
                "unsure": _unsure(text, established, 12),
            }
        )
    probation = re.search(r"已转正定级|试用期满|已转正", text)
    if probation:
        out.append(
            {
                "words": probation.group(0),
                "when": {"field": "probation_completed", "eq": True},
                "unsure": _unsure(text, probation),
            }
        )
    retire = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:之)?前未达到法定退休年龄", text)
    if retire:
        y, m, d = (int(x) for x in retire.groups())
        if 1 <= m <= 12 and d == calendar.monthrange(y, m)[1]:
            out.append(
                {
                    "words": retire.group(0),
                    "when": {"field": "statutory_retirement_month", "gt": f"{y:04d}-{m:02d}"},
                    "unsure": False,
                }
            )
    return out
