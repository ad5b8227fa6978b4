"""Fees, the payee account and when to pay: "考核费按等级收取：初级工100元/人", "五级/初级工：
理论40，实操150", "补考理论单科104元", a fee table row "四级/中级工 | 50 | 190", "户名：…".

A number is a fee only when yuan is said (元, or 元/人 in the clause's heading or the table's head)
and a level, an exam subject or a fee's name stands right before it. Its level, subject and kind
come from the same piece of text, its line's label (车工：…) or its clause's heading (耗材费：).
"""

from __future__ import annotations

import re

from . import clauses
from .text import half, levels_in, squeeze

SUBJECTS = [  # longest first; the ids exam.subjects uses
    ("综合评审", "review"),
    ("论文答辩", "defence"),
    ("答辩", "defence"),
    ("口试", "oral"),
    ("理论知识", "theory"),
    ("理论", "theory"),
    ("知识", "theory"),
    ("操作技能", "skill"),
    ("技能操作", "skill"),
    ("实际操作", "skill"),
    ("实操", "skill"),
    ("技能", "skill"),
]
KINDS = [  # what the fee pays for, by the words naming it; first match wins
    ("补考", "retake"),
    ("耗材", "materials"),
    ("材料费", "materials"),
    ("评审", "review"),
    ("证书费", "certificate"),
    ("培训", "training"),
    ("考试", "exam"),
    ("考核", "exam"),
    ("认定", "exam"),
    ("鉴定", "exam"),
    ("考评", "exam"),
]
FEE_NAME = re.compile(r"[\u4e00-\u9fff]{0,8}费")
AMOUNT = re.compile(
    r"(?<![\d.〔\[(])(\d+(?:\.\d+)?)\s*(元)?(?:/人(?:·?次)?)?(?![\d.]|\s*(?:分|年|个|课时|KB|K|%|号|人|周岁|天|日|月|张|份|批|项|寸|\*|像素|小时))"
)
CONTEXT = re.compile(r"收费|费用|费\b|费[:：(（]|元/人|（元|\(元")


def subject_of(text: str) -> str | None:
    return next((sid for word, sid in SUBJECTS if word in text), None)


def kind_of(text: str) -> str | None:
    found = next((kind for word, kind in KINDS if word in text), None)
    if found is None and subject_of(text) in ("theory", "skill", "oral"):
        return "exam"
    return found


def line_fees(text: str, context: str = "", yuan: bool = False) -> list[dict]:
    """Fees on one line: [{amount, levels, subject, kind, label, words}]. `context` is the
    words over the line (its clause's label, the fee table's head); `yuan` says that a bare
    number there is in yuan (收费标准（元/人）)."""
    text = half(text).replace("\t", "，")
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,200元: a thousands separator
    doubt = LINE_DOUBT.search(text)
    label, rest = "", text
    m = re.match(r"^([^，,；;。:]{1,16})[:：](.*)$", text)
    if m:
        label, rest = m.group(1), m.group(2)
    fees = []
    part_of = False  # after 其中: the parts of a total said before
    for piece in re.split(r"[，,；;。]", rest):
        part_of = part_of or "其中" in piece
        for a in AMOUNT.finditer(piece):
            before = piece[: a.start()]
            if part_of:
                continue  # a breakdown of the total: the total alone is drafted
            near = re.sub(r"(单科|每科|每人|标准|为|收取|共)$", "", before.strip())
            named = levels_in(near[-8:]) or subject_of(near[-6:]) or FEE_NAME.search(near[-10:])
            if not named and not near.endswith("补考"):
                continue
            if not (a.group(2) or yuan):
                continue
            words = f"{label}：{piece.strip()}" if label else piece.strip()
            where = " ".join((context, label, before))
            levels = levels_in(before) or levels_in(label) or levels_in(context)
            fees.append(
                {
                    "amount": float(a.group(1)) if "." in a.group(1) else int(a.group(1)),
                    "levels": levels,
                    "subject": subject_of(squeeze(before))
                    or subject_of(label)
                    or subject_of(context),
                    "kind": kind_of(squeeze(before)) or kind_of(label) or kind_of(context),
                    "label": _label(before, label, context),
                    "words": words,
                    "where": where,
                    "doubt": (doubt.group(0) if doubt else None)
                    or _piece_doubt(before, piece[a.end() :]),
                }
            )
    return fees


# Words that make a printed amount something other than what a candidate pays: waived or paid by
# someone else (全免, 财政承担, 个人不另外收取), a former rate (原标准), a reduction (减半), a cap.
LINE_DOUBT = re.compile(
    r"全免|免收|免费|免交|免缴|原标准|原收费|减半|减免|优惠|财政承担|财政补助|单位承担|单位统一缴纳"
    r"|个人不|不另|不再收取|不收取|暂定|另行通知"
)
PIECE_DOUBT = re.compile(r"[(（]?含|包括|不超过|不高于|最高|上限|至多|以内|左右|约")


# Words in a fee clause that set another rate for some group (我院在籍学生按上表标准减半收取,
# 低保家庭免收, 在校学生另行收取): the clause's amounts are then not plainly what every candidate
# pays. (培训费另行收取 names another fee, no group: it is no such word.)
GROUP_RATE = re.compile(
    r"减半|减免|免收|免交|免缴|免费|优惠"
    r"|(?:学生|学员|人员|考生|职工|员工|者|的)[^。；;]{0,8}"
    r"(?:按[^。；;]{0,16}标准[^。；;]{0,6}收取|另行(?:收取|确定|核定|计收))"
)


def group_rate(entries: list[dict], line: int | None) -> str | None:
    """The words of the fee's whole top-level clause (its table's caption and notes too) that set
    another rate for some group, or None."""
    at = next((i for i, e in enumerate(entries) if e["line"] == line), None)
    if at is None:
        return None
    top = at
    while top > 0 and not (entries[top]["numbered"] and entries[top]["depth"] <= 1):
        top -= 1
    if not (entries[top]["numbered"] and entries[top]["depth"] <= 1):
        return None
    for j in clauses.within(entries, top):
        text = half(entries[j]["text"])
        for m in GROUP_RATE.finditer(text):
            start = max(text.rfind(c, 0, m.start()) for c in "。；;") + 1
            ends = [k for k in (text.find(c, m.end()) for c in "。；;") if k >= 0]
            return text[start : min(ends, default=len(text)) + 1].strip()
    return None


def _piece_doubt(before: str, after: str) -> str | None:
    """A cap or a part near the amount: 不超过1200元, 含教材费80元, 300元左右."""
    m = PIECE_DOUBT.search(before[-12:]) or re.match(r"\s*(以内|以下|左右|封顶|上限)", after)
    return m.group(0) if m else None


def _fee_names(text: str) -> list[str]:
    return [
        n
        for n in FEE_NAME.findall(text)
        if not n.endswith(("收费", "缴费", "交费", "免费", "经费"))
    ]


def _label(before: str, label: str, context: str) -> str:
    """A short Chinese name for the fee, in the notice's words: 车工耗材费（五级）, 报名培训费."""
    before = re.sub(r"^.*(将|把|按照|按|根据|收取)", "", before).strip(" ：:")
    if _fee_names(before):
        return before
    names = _fee_names(label) or _fee_names(context)
    owner = label if label and not _fee_names(label) and not levels_in(label) else ""
    if names:
        return f"{owner}{names[-1]}（{before}）" if before else owner + names[-1]
    return (label + before) or "费用"


def table_fees(rows: list[str], context: str = "", yuan: bool = False) -> list[dict]:
    """A fee table: a head row naming the columns (理论知识, 技能操作, or 收费标准（元）) and one
    row per level: "四级/中级工<TAB>50<TAB>190"."""
    head = [half(c) for c in rows[0].split("\t")]
    yuan = yuan or any("元" in c for c in head)
    out = []
    for row in rows[1:]:
        cells = [half(c).strip() for c in row.split("\t")]
        levels = levels_in(cells[0])
        for k, cell in enumerate(cells[1:], 1):
            m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(元)?(?:/人(?:·?次)?)?", cell)
            column = head[k] if k < len(head) else ""
            if re.search(r"合计|小计|总计|总额|共计", column):
                continue  # the sum of the other columns, not a fee of its own
            if not m or not (yuan or m.group(2)) or not (levels or subject_of(column)):
                continue
            where = " ".join((context, column))
            out.append(
                {
                    "amount": float(m.group(1)) if "." in m.group(1) else int(m.group(1)),
                    "levels": levels,
                    "subject": subject_of(squeeze(column)) or subject_of(context),
                    "kind": kind_of(squeeze(column)) or kind_of(context),
                    "label": f"{cells[0]}{re.sub(r'[(（].*', '', column)}",
                    "words": f"{head[0]}：{cells[0]}，{column}：{cell}",
                    "where": where,
                    "doubt": None,
                }
            )
    return out


def fees(entries: list[dict]) -> list[dict]:
    """Every fee of the notice with its clause, outside the subsidy clauses."""
    found = []
    done: set = set()
    for i, e in enumerate(entries):
        if i in done or e["clause"] in ("落款", "附件") or "补贴" in e["text"]:
            continue
        context, yuan = _context(entries, i)
        if "\t" in e["text"]:
            rows = [e["text"]]
            for j in range(i + 1, len(entries)):
                if "\t" not in entries[j]["text"]:
                    break
                rows.append(entries[j]["text"])
                done.add(j)
            for fee in table_fees(rows, context["label"] if context else "", yuan):
                found.append({**fee, "clause": e["clause"], "line": e["line"]})
            continue
        if not (context or "元" in e["text"] or "费" in e["text"]):
            continue
        for fee in line_fees(e["text"], context["label"] if context else "", yuan):
            found.append({**fee, "clause": e["clause"], "line": e["line"]})
    return found


def _context(entries: list[dict], i: int) -> tuple[dict | None, bool]:
    """The lines above entry i, inside its top clause, that speak of fees: the nearest one's
    label (知识认定费, 耗材费…) and whether any states the unit (元/人)."""
    e = entries[i]
    label, yuan, found, depth = "", False, False, e["depth"]
    for j in range(i, -1, -1):
        above = entries[j]
        if clauses.root_of(above["clause"]) != clauses.root_of(e["clause"]):
            break
        if above["depth"] > depth or (not above["numbered"] and above["depth"] < depth - 1):
            continue
        text = half(above["text"])
        if CONTEXT.search(text) or "费" in text:
            found = True
            if j != i and not label and above["numbered"]:
                label = re.split(r"[:：(（]", text)[0]
            yuan = yuan or "元" in text
        if above["numbered"]:
            depth = min(depth, above["depth"] - (0 if j == i else 0))
            if above["depth"] <= 1:
                break
    return ({"label": label} if found else None), yuan


PAYEE = {
    "account_name": re.compile(
        r"(?:户\s*名|收款单位|收款人|账户名称|帐户名称)\s*[:：]\s*([^\s，,；;。]+)"
    ),
    "bank": re.compile(r"(?:开\s*户\s*行|开户银行)\s*[:：]\s*([^\s，,；;。]+)"),
    "account_number": re.compile(
        r"(?:账\s*号|银行账号|帐\s*号|收款账号)\s*[:：]\s*(\d[\d ]{7,}\d)"
    ),
}


def payee(entries: list[dict]) -> dict | None:
    """{account_name, bank, account_number, clause, words} when all three are printed."""
    found: dict = {}
    for e in entries:
        for key, rx in PAYEE.items():
            m = rx.search(e["text"])
            if m and key not in found:
                found[key] = m.group(1).strip()
                found.setdefault("clause", e["clause"])
                found.setdefault("words", []).append(e["text"])
    if set(PAYEE) <= set(found):
        return found
    return None


AFTER_REVIEW = re.compile(
    r"(审核|复审|复核|审查)[^。；;]{0,8}(通过|无误)后[^。]{0,30}?(缴费|缴纳|转入|交纳|付款|交费)"
)
DUE = re.compile(r"缴费截止(?:时间|日期)?(?:为|至|到)?\s*((?:\d{4}年)?\d{1,2}月\d{1,2}日)")


def payment(entries: list[dict]) -> dict | None:
    """{clause, words, after_review, due_words} from the first sentence about paying."""
    for e in entries:
        text = e["text"]
        review = AFTER_REVIEW.search(text)
        due = DUE.search(text)
        if review or due:
            sentence = [
                s
                for s in re.split(r"(?<=[。])", text)
                if (review and review.group(0) in s) or (due and due.group(0) in s)
            ]
            return {
                "clause": e["clause"],
                "line": e["line"],
                "words": "".join(sentence).strip() or text,
                "after_review": bool(review),
                "due_words": due.group(1) if due else None,
            }
    return None


RETAKE_AT_SUBJECT_RATE = re.compile(
    r"补考[^。]{0,12}按[照]?[^。]{0,12}(单项科目|该科目|单科|所报级别)[^。]{0,6}标准(收费|缴纳|执行)"
)


def retake_fees(entries: list[dict], exam_fees: list[dict]) -> list[dict]:
    """ "补考按照单项科目标准收费": each subject's fee again, as a retake fee, quoting the rule."""
    for e in entries:
        m = RETAKE_AT_SUBJECT_RATE.search(e["text"])
        if not m:
            continue
        out = []
        for fee in exam_fees:
            if fee["kind"] == "exam" and fee["subject"]:
                out.append(
                    {
                        **fee,
                        "kind": "retake",
                        "label": "补考" + fee["label"],
                        "words": f"{m.group(0)}（{fee['words']}）",
                        "clause": f"{e['clause']}；{fee['clause']}"
                        if e["clause"] != fee["clause"]
                        else e["clause"],
                    }
                )
        return out
    return []
