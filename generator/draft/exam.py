"""The exam: subjects and how each is sat ("理论知识采用机考"), full and pass marks ("满分均为100分，
60分及以上为合格"), subjects only some levels sit ("申报三级/高级工的，另进行口试"), retakes
("单科合格成绩保留2年", "可在一年内参加一次补考"), and training hours ("33.8课时").

A mode is drafted only from a piece of text that names one subject and one way of sitting it.
"""

from __future__ import annotations

import re

from .clauses import within
from .text import cn_number, half, levels_in

MODES = [  # (words, mode); a piece naming two modes ("现场操作或模拟操作") decides none
    (r"机考|上机", "computer"),
    (r"笔试", "written"),
    (r"情景模拟|模拟操作|模拟实操", "practical_simulated"),
    (r"实际操作|现场操作|实操|现场进行", "practical"),
    (r"口试", "oral"),
    (r"综合评审", "review"),
    (r"答辩", "defence"),
]
NAMES = {
    "theory": r"技术业务理论考试|理论知识考试|理论知识考核|理论考试|理论知识|理论",
    "skill": r"实际操作技能考核|操作技能考核|技能操作考核|实际操作考核|专业技能|技能操作|操作技能|实操考核|技能",
    "oral": r"口试",
    "review": r"综合评审",
    "defence": r"论文答辩|答辩",
}
NOT_MODE = re.compile(r"不采用|不进行|不再|不得|不是|取消|改为|而采用|而是|或")
HEADINGS = [
    re.compile(r"考核方式|考试方式|认定方式|评价方式|考核内容|考试内容|考评方式"),
    re.compile(r"培训及认定|考试安排|考核安排|成绩与证书"),
]
FULL = re.compile(r"满分(?:均)?(?:为)?(\d+)分|(\d+)分制|百分制")
PASS = re.compile(r"(\d+)分(?:\(含\))?(?:及|或)?以上(?:者)?(?:为|考试)?合格")


def exam_text(entries: list[dict]) -> tuple[str, str, list[dict]] | None:
    """(clause, text, the entries) of the clause that says how the exam is held."""
    for heading in HEADINGS:
        for i, e in enumerate(entries):
            if e["numbered"] and e["depth"] == 1 and heading.search(e["text"][:10]):
                inside = [entries[j] for j in within(entries, i)]
                return e["clause"], "\n".join(x["text"] for x in inside), inside
    return None


def subjects(text: str) -> list[dict]:
    """[{id, name, mode?, full_marks?, pass_mark?, levels?, levels_unsure?, words}] in the order
    named. The parts a subject is said to include ("综合评审包括论文答辩和业绩评审") are no subjects
    of their own; marks in a sentence that names subjects go to those only. A subject named in a
    sentence that names levels before it ("二级/技师实行…综合评审") is for those levels, across
    every sentence naming levels with it (all levels when the first naming it names none);
    levels named only after it are not read (levels_unsure)."""
    flat = half(text)
    sentences = [p for p in re.split(r"[。；;\n]", flat) if p.strip()]
    found: dict[str, dict] = {}
    order: list[str] = []
    marks: dict = {}
    unsure = False
    heard: dict[str, list] = {}  # subject: per sentence naming it, its levels (None: none named)
    for sentence in sentences:
        in_sentence: list[str] = []
        included = False  # past 包括 in this sentence: the parts of a subject, not subjects
        for piece in (p for p in re.split(r",", sentence) if p.strip()):
            named = []
            head = piece.split("包括")[0] if not included else ""
            for sid, rx in NAMES.items():
                m = next(
                    (
                        m
                        for m in re.finditer(rx, head)
                        if head[max(0, m.start() - 2) : m.start()] != "职业"
                    ),
                    None,
                )
                if m:
                    named.append((m.start(), sid, m.group(0)))
            included = included or "包括" in piece
            for _, sid, word in sorted(named):
                if sid not in found:
                    found[sid] = {"id": sid, "name": word, "words": piece.strip()}
                    order.append(sid)
                if sid not in in_sentence:
                    in_sentence.append(sid)
                    at = sentence.find(word)
                    before, after = levels_in(sentence[:at]), levels_in(sentence[at:])
                    heard.setdefault(sid, []).append(
                        set(before) if before else ("unsure" if after else None)
                    )
            full, passing = FULL.search(piece), PASS.search(piece)
            marks_here = set(re.findall(r"(\d+)分(?!制)", piece)) - {
                full and (full.group(1) or full.group(2))
            }
            if passing and (
                len(marks_here) > 1 or (len(named) > 1 and not re.search(r"均|都|皆|各", piece))
            ):
                unsure = True  # 理论60分、技能70分以上为合格: marks by subject, not read
                continue
            if full or passing:
                for sid in in_sentence or order:
                    if full and "full_marks" not in found[sid] and full.group(0) != "百分制":
                        found[sid]["full_marks"] = int(full.group(1) or full.group(2))
                    elif full and full.group(0) == "百分制" and "full_marks" not in found[sid]:
                        found[sid]["full_marks"] = 100
                    if passing and "pass_mark" not in found[sid]:
                        found[sid]["pass_mark"] = int(passing.group(1))
                    found[sid]["marks_words"] = piece.strip()
                marks = {"words": piece.strip()}
            if len(named) == 1 and not NOT_MODE.search(piece):
                sid = named[0][1]
                modes = {mode for rx, mode in MODES if re.search(rx, piece)}
                if sid in ("oral", "review", "defence"):
                    modes = {sid}
                if len(modes) == 1 and "mode" not in found[sid]:
                    found[sid]["mode"] = modes.pop()
            for _, sid, word in named:
                if re.search("进行" + re.escape(word), piece) and levels_in(sentence):
                    found[sid].setdefault(
                        "mode", sid if sid in ("oral", "review", "defence") else None
                    )
                    if found[sid]["mode"] is None:
                        del found[sid]["mode"]
    for sid, said_levels in heard.items():
        if said_levels[0] is None:
            continue  # first named for everyone ("综合评审包括…" later says nothing of levels)
        said_levels = [x for x in said_levels if x is not None]
        if "unsure" in said_levels:
            found[sid]["levels_unsure"] = True
            continue
        found[sid]["levels"] = sorted(set().union(*said_levels), reverse=True)
    subjects = [found[sid] for sid in order]
    if unsure:  # some marks could not be tied to a subject: draft none of them
        for sub in subjects:
            sub.pop("pass_mark", None)
            sub.pop("full_marks", None)
        marks = {}
    for sub in subjects:
        if marks and "marks_words" not in sub:
            sub["marks_words"] = marks["words"]
        if not marks:
            sub.pop("marks_words", None)
    return subjects


def rule(text: str) -> str | None:
    """The words saying how a candidate passes: the parts of the sentence about marks."""
    for sentence in re.split(r"(?<=[。；;])|\n", text):
        if sentence and PASS.search(half(sentence)):
            parts = re.split(r"[,，]", sentence.strip().rstrip("。；;"))
            kept = [
                p
                for p in parts
                if re.search(r"满分|合格|分制|[分为]\S{0,6}[两二三]?[门科项]", half(p))
            ]
            return "，".join(kept or parts) + "。"
    return None


def retake(text: str) -> dict | None:
    """{words, valid_years?, max_attempts?} from the sentence about 补考 (not its fee)."""
    for sentence in re.split(r"(?<=[。])", text.replace("\n", "")):
        kept = []
        for piece in re.split(r"[,，]", sentence.strip().rstrip("。")):
            if re.search(r"\d+(?:\.\d+)?元", half(piece)):
                break
            kept.append(piece)
        flat = half("，".join(kept))
        if "补考" not in flat:
            continue
        out: dict = {"words": "，".join(kept) + "。"}
        kept = re.search(r"(?:成绩|单科)[^。，,]{0,6}保留([\d一二两三四五]+)年", flat)
        within = re.search(r"([\d一二两三四五]+)年内[^。]{0,8}补考", flat)
        years = kept or within
        if years:
            out["valid_years"] = cn_number(years.group(1))
        times = re.search(r"(?:参加|可)([一二两三\d])次补考", flat)
        if times:
            out["max_attempts"] = cn_number(times.group(1))
        return out
    return None


def hours(entries: list[dict]) -> dict | None:
    """{hours, words, clause} from "培训时长为33.8课时"."""
    for e in entries:
        m = re.search(r"(\d+(?:\.\d+)?)\s*(?:个)?课时", half(e["text"]))
        if m:
            value = float(m.group(1))
            sentence = next(s for s in re.split(r"(?<=[。])", e["text"]) if m.group(0) in half(s))
            return {
                "hours": int(value) if value.is_integer() else value,
                "words": sentence.strip(),
                "clause": e["clause"],
            }
    return None
