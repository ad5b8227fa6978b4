"""Program sections for what it costs and when: fees, payment, training hours, the exam, the
timeline, subsidies."""

from __future__ import annotations

import re

from . import exam as exam_mod
from . import fees as fees_mod
from . import timeline as timeline_mod
from .emit import Todo
from .glossary import english
from .shape import EN, said, text, unique
from .timeline import period


def fees(entries, found: list[dict], exam: dict | None, offered: set, occupations) -> list[dict]:
    subjects = {s["id"] for s in (exam or {}).get("subjects", [])}
    names = (
        {o["name"]: f"occupation-{k}" for k, o in enumerate(occupations, 1)}
        if len(occupations) > 1
        else {}
    )
    payee = fees_mod.payee(entries)
    out: list[dict] = []
    taken: set = set()
    for f in found + fees_mod.retake_fees(entries, found):
        entry: dict = {
            "#": said(f["words"]),
            "id": unique(_fee_id(f), taken),
            "clause": f["clause"],
        }
        entry["label"] = text(f["label"])
        other = fees_mod.group_rate(entries, f.get("line"))
        if other and not f.get("doubt"):
            entry["#amount_cny"] = (
                f"the fee clause also says 「{other}」: another rate for some group —"
                " whom does this amount apply to?"
            )
            entry["amount_cny"] = Todo(f["amount"])
        elif f.get("doubt"):
            entry["#amount_cny"] = (
                f"「{f['doubt']}」 stands with this amount (waived, a former rate, a cap or a part):"
                " is it what a candidate pays?"
            )
            entry["amount_cny"] = Todo(f["amount"])
        else:
            entry["amount_cny"] = f["amount"]
        if f["levels"] and set(f["levels"]) <= offered:
            entry["levels"] = f["levels"]
        elif f["levels"]:
            entry["#levels"] = f"for levels {f['levels']}, not all offered: set `levels` by hand"
            kept = [lv for lv in f["levels"] if lv in offered]
            if kept:
                entry["levels"] = Todo(kept)
            elif not isinstance(entry["amount_cny"], Todo):
                entry["amount_cny"] = Todo(f["amount"])  # a fee for no level offered: check it
        if f["subject"] in subjects:
            entry["subject"] = f["subject"]
        if f["kind"] and f["subject"] and f["subject"] not in subjects:
            entry["#kind"] = (
                f"a fee for the subject «{f['subject']}», which the drafted exam does not list:"
                " add the subject to exam.subjects and set `subject` here"
            )
            entry["kind"] = Todo(f["kind"])
        elif f["kind"]:
            entry["kind"] = f["kind"]
        owner = next((names[n] for n in names if n in f["where"]), None)
        if owner:
            entry["occupation"] = owner
        if payee and payee["clause"] == f["clause"]:
            entry["#payee"] = said(" ".join(payee["words"]))
            entry["payee"] = {k: payee[k] for k in ("account_name", "bank", "account_number")}
        elif payee:  # the account in a clause of its own (七、费用缴纳): for this fee?
            entry["#payee"] = (
                said(" ".join(payee["words"]))
                + f" — given in {payee['clause']}: is this fee paid to it?"
            )
            entry["payee"] = Todo({k: payee[k] for k in ("account_name", "bank", "account_number")})
        out.append(entry)
    return out


def _fee_id(f: dict) -> str:
    parts = [f["kind"] or "fee"]
    if f["subject"] and f["subject"] != f["kind"]:
        parts.append(f["subject"])
    if f["levels"]:
        parts.append("level-" + "-".join(map(str, f["levels"])))
    return "-".join(parts)


def payment(pay: dict) -> dict:
    out: dict = {"#": said(pay["words"]), "clause": pay["clause"], "text": text(pay["words"])}
    if pay["after_review"]:
        out["after_review"] = True
    if pay["due_words"]:
        due = period("截止" + pay["due_words"], None)
        if due and due.get("end") and due["sure"]:
            out["due"] = due["end"]
    return out


def hours(entries: list[dict]) -> dict | None:
    return exam_mod.hours(entries)


def exam(entries: list[dict], offered: set) -> dict | None:
    found = exam_mod.exam_text(entries)
    if not found:
        return None
    clause, words, _ = found
    subjects = exam_mod.subjects(words)
    if not subjects:
        return None
    out: dict = {"clause": clause, "subjects": []}
    for s in subjects:
        entry: dict = {"#": said(s["words"]), "id": s["id"], "name": text(s["name"])}
        if "mode" in s:
            entry["mode"] = s["mode"]
        for key in ("full_marks", "pass_mark"):
            if key in s:
                entry[f"#{key}"] = said(s["marks_words"])
                entry[key] = s[key]
        if s.get("levels") and set(s["levels"]) == offered:
            pass  # every level offered: no `levels`
        elif s.get("levels") and set(s["levels"]) <= offered:
            entry["levels"] = s["levels"]
        elif s.get("levels") or s.get("levels_unsure"):
            entry["#levels"] = "the notice names levels beside this subject: which levels sit it?"
            entry["levels"] = Todo(
                [lv for lv in s.get("levels") or [] if lv in offered]
                or sorted(offered, reverse=True)
            )
        out["subjects"].append(entry)
    rule = exam_mod.rule(words)
    if rule:
        out["pass_rule"] = text(rule)
    again = exam_mod.retake(words) or exam_mod.retake("\n".join(e["text"] for e in entries))
    if again:
        retake: dict = {"#": said(again["words"]), "text": text(again["words"])}
        for key in ("valid_years", "max_attempts"):
            if key in again:
                retake[key] = again[key]
        out["retake"] = retake
    return out


def timeline(entries: list[dict], top: dict, date: str | None) -> list[dict]:
    out: list[dict] = []
    taken: set = set()
    if date and top["document_number"]:
        taken.add("notice-issued")
        out.append(
            {
                "#": said(top["date"]["words"]),
                "id": "notice-issued",
                "clause": "落款",
                "label": text("通知印发"),
                "end": date,
            }
        )
    items = timeline_mod.schedule(entries, date)
    for it in items:
        taken.add(it["id"])
        entry: dict = {
            "#": said(it["words"]),
            "id": it["id"],
            "clause": it["clause"],
            "label": text(it["label"]),
        }
        if it["approximate"] or not it["sure"]:
            entry["text"] = text(re.split(r"(?<!\d)[:：]", it["words"], maxsplit=1)[-1].strip())
        for key in ("start", "end"):
            if it.get(key):
                entry[key] = it[key] if it["sure"] else Todo(it[key])
        if not it["sure"]:
            entry["#"] += " — the dates are the draft's reading: check them"
        if it.get("tentative"):
            entry["#"] += f" — 「{it['tentative']}」: not a firm date"
        for flag in ("by", "approximate", "registration"):
            if it.get(flag):
                entry[flag] = True
        out.append(entry)
    skip = {it["line"] for it in items}
    for k, d in enumerate(timeline_mod.deadlines(entries, date, skip), 1):
        out.append(
            {
                "#": said(d["words"]) + " — a deadline in the text: keep it in the timeline?",
                "id": unique(f"deadline-{k}", taken),
                "clause": d["clause"],
                "label": Todo({"zh": d["words"][:30], "en": EN}),
                "end": Todo(d["end"]),
                "by": True,
            }
        )
    return out


def subsidies(found: list[dict], offered: set) -> list[dict]:
    ids = {s["name"]: f"subsidy-{k}" for k, s in enumerate(found, 1)}
    out = []
    for s in found:
        entry: dict = {
            "#": said(s["words"]),
            "id": ids[s["name"]],
            "clause": s["clause"],
            "name": text(s["name"], english(s["name"])),
            "text": text(s["words"]),
            "amounts": [
                {"level": lv, "amount_cny": amount} for lv, amount in s["amounts"] if lv in offered
            ],
        }
        dropped = [f"level {lv}: {amount} yuan" for lv, amount in s["amounts"] if lv not in offered]
        if dropped or s.get("amounts_unsure"):
            entry["#amounts"] = (
                "amounts the draft could not tie to the levels offered"
                + (f" ({'; '.join(dropped)} — a level not offered)" if dropped else "")
                + ": write them from the text"
            )
            entry["amounts"] = Todo(entry["amounts"])
        if s["either_or"]:
            entry["either_or"] = [ids[n] for n in s["either_or"] if n in ids]
        entry["requirements"] = [
            {
                "#": said(r["words"]),
                "id": f"{ids[s['name']]}-{r['id']}",
                "clause": r["clause"],
                "text": text(r["words"] + "。"),
                "when": r["when"],
            }
            for r in s["requirements"]
        ]
        how = s.get("how")
        if how:
            entry["how_to_apply"] = text(how["words"])
        else:
            entry["#how_to_apply"] = "the notice does not say how to apply: say so"
            entry["how_to_apply"] = Todo({"zh": "本通知未写明申请渠道。", "en": EN})
        out.append(entry)
    return out
