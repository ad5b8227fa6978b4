"""Subsidies: their names (见证补贴, 技能提升补贴…), amounts per level ("见证补贴(四级1000元)",
"可申请技能提升补贴：五级/初级工1000元…"), alternatives ("…或…"), and the requirements and
stated exclusions the draft can turn into data ("累计缴交失业保险满12个月", "除机关社保、未成年、
退休、非毕业班在校生及失信人员无法申请外").
"""

from __future__ import annotations

import re

from .glossary import terms
from .text import half, levels_in

REQUIREMENTS = [  # (words, id, condition); the words become the requirement's text
    (
        r"(?:累计)?(?:缴交|缴纳|参加)失业保险(?:累计)?满?(\d+)个月",
        "unemployment-insurance-months",
        lambda m: {"field": "unemployment_insurance_months", "ge": int(m.group(1))},
    ),
    (
        r"缴纳失业保险(?:的)?主体为企业",
        "paid-by-enterprise",
        lambda m: {"field": "unemployment_insurance_paid_by_enterprise", "eq": True},
    ),
    (
        r"非失业状态|(?:申请时)?处于在岗状态",
        "not-unemployed",
        lambda m: {"field": "currently_unemployed", "ne": True},
    ),
]
EXCLUSIONS = {  # who a subsidy leaves out, by the notice's word for them
    "机关社保": ("not-government-pension", {"field": "social_insurance", "ne": "government"}),
    "未成年": ("not-minor", {"field": "age", "ge": 18}),
    "退休": ("not-retired", {"field": "retired", "ne": True}),
    "非毕业班在校生": (
        "not-non-graduating-student",
        {"field": "non_graduating_student", "ne": True},
    ),
    "失信人员": ("not-dishonest", {"field": "dishonest_record", "ne": True}),
}


# Words before a subsidy's name that make the sentence an exclusion, not an offer: "不享受此项补贴",
# "已享受同一职业同一等级补贴的人员不得重复申领", "已领取同等级补贴的不再发放".
NOT_OFFER = re.compile(r"不得|不享受|不予|不再|不能|不可|无法|已享受|已领取|已申领|重复|只能享受")
NOT_A_NAME = re.compile(r"^(此项|该项|此|该|本项|上述|同一|同等级|同级|相关|相应|有关|其他)")


GIVEN = re.compile(r"(?:给予|发放)(?:一次性)?$")


def _names(text: str) -> list[tuple[int, str]]:
    known = sorted((t for t in terms() if t.endswith("补贴")), key=len, reverse=True)
    spans: list[tuple[int, int, str]] = []
    for m in re.finditer(
        r"(?:申请|享受|申领|给予|发放)(?:一次性)?([\u4e00-\u9fff]{2,10}补贴)", text
    ):
        spans.append((m.start(1), m.end(1), m.group(1)))
    for name in known:
        for m in re.finditer(re.escape(name), text):
            spans.append((m.start(), m.end(), name))
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for start, end, name in sorted(spans, key=lambda s: s[0] - s[1]):  # longest first
        if any(start < b and a < end for a, b in taken):
            continue  # inside a longer name already taken (技能提升补贴 in 职业技能提升补贴)
        sentence_start = max(text.rfind(c, 0, start) for c in "。;；") + 1
        if NOT_A_NAME.search(name) or NOT_OFFER.search(text[sentence_start:start]):
            continue  # an exclusion ("不享受此项补贴"), never a subsidy of its own
        found.append((start, name))
        taken.append((start, end))
    return sorted(found)


def subsidies(entries: list[dict]) -> list[dict]:
    """[{name, clause, words, amounts: [(level, amount)], either_or, requirements, how}]"""
    out: list[dict] = []
    for e in entries:
        text = half(e["text"])
        if "补贴" not in text or not re.search(r"申请|享受|申领|给予|发放", text):
            continue
        names = _names(text)
        for k, (at, name) in enumerate(names):
            if any(s["name"] == name for s in out):
                continue
            end = names[k + 1][0] if k + 1 < len(names) else len(text)
            span = text[at + len(name) : end]
            amounts = []
            unsure = False
            for piece in re.split(r"[,;。、]", re.sub(r"^[(:：]", "", span))[:8]:
                money = re.findall(r"(\d+(?:\.\d+)?)元", piece)
                named = levels_in(piece)
                if money and len(money) == 1 and len(named) == 1:
                    amounts.append((named[0], int(float(money[0]))))
                elif money or (named and re.search(r"\d", piece)):
                    unsure = True  # an amount not tied to one level, or a level to no amount
                if re.search(r"[)）]", piece) and amounts:
                    break
            start = max(text.rfind(c, 0, at) for c in "。;；") + 1
            if not amounts and not unsure and GIVEN.search(text[start:at]):
                # "按照五级/初级工1000元、四级/中级工1500元…的标准给予一次性…补贴": the amounts
                # stand before the name
                for piece in re.split(r"[,;。、]", text[start:at]):
                    money = re.findall(r"(\d+(?:\.\d+)?)元", piece)
                    named = levels_in(piece)
                    if money and len(money) == 1 and len(named) == 1:
                        amounts.append((named[0], int(float(money[0]))))
                    elif money or (named and re.search(r"\d", piece)):
                        unsure = True
            sentence = next(
                (s for s in re.split(r"(?<=[。])", e["text"]) if name in half(s)), e["text"]
            )
            out.append(
                {
                    "name": name,
                    "clause": e["clause"],
                    "line": e["line"],
                    "words": sentence.strip(),
                    "amounts": amounts,
                    "amounts_unsure": unsure,
                    "either_or": [n for _, n in names if n != name]
                    if re.search(name + r"[^。]{0,20}或[^。]{0,6}", text) or "或" + name in text
                    else [],
                    "requirements": [],
                }
            )
    _requirements(entries, out)
    return out


def _owner(text: str, found: list[dict]) -> list[dict]:
    """The subsidies a sentence speaks of: by name, or by a shorter name (失业保险补贴)."""
    named = [s for s in found if s["name"] in text]
    if named:
        return named
    short = re.findall(r"([\u4e00-\u9fff]{2,6})补贴", text)
    return [s for s in found for w in short if w and s["name"].startswith(w)]


def _requirements(entries: list[dict], found: list[dict]) -> None:
    for e in entries:
        text = half(e["text"])
        if "补贴" not in text and not any(s["clause"] == e["clause"] for s in found):
            continue
        owners = _owner(text, found) or [s for s in found if s["clause"] == e["clause"]]
        for s in owners:
            for rx, ident, make in REQUIREMENTS:
                m = re.search(rx, text)
                if m and all(r["id"] != ident for r in s["requirements"]):
                    s["requirements"].append(
                        {"id": ident, "clause": e["clause"], "words": m.group(0), "when": make(m)}
                    )
            excluded = re.search(r"除(.+?)(?:均)?(?:无法|不能|不得|不可)申请外", text)
            if excluded:
                for word in re.split(r"、|及|和", excluded.group(1)):
                    rule = EXCLUSIONS.get(word.strip())
                    if rule and all(r["id"] != rule[0] for r in s["requirements"]):
                        s["requirements"].append(
                            {
                                "id": rule[0],
                                "clause": e["clause"],
                                "words": f"{word.strip()}无法申请",
                                "when": rule[1],
                            }
                        )
            how = re.search(r"[^。]*(?:通过|小程序|自行申请|申请渠道|直接发放)[^。]*。", e["text"])
            if how and "how" not in s:
                s["how"] = {"clause": e["clause"], "words": how.group(0).strip()}
