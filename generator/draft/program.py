"""The drafted program: what the parsers found, in the program format, with every value either
sure (the notice's words fix it; the words are quoted beside it) or marked !todo.

A required value the notice does not give is a !todo placeholder of the right type, so the draft
always loads; English comes only from the glossary and the phrase table, any other is a to-do.
"""

from __future__ import annotations

from . import audience as audience_mod
from . import clauses, header, items, money
from . import contacts as contacts_mod
from . import fees as fees_mod
from . import levels as levels_mod
from . import subsidies as subsidies_mod
from .emit import Todo
from .glossary import english
from .shape import EN, said, text, unique, value
from .text import clean_end

UPLOAD = {"individual": 52428800, "group": 1073741824}  # this service's limits, not the notice's


def build(notice_text: str, program_id: str, source_name: str, today: str) -> dict:
    lines = notice_text.split("\n")
    top = header.head(lines)
    entries = clauses.parse(notice_text, top["body_start"])
    date = top["date"]["value"] if top["date"] else None
    program: dict = {
        "#": (
            f"Drafted by `python -m generator draft` from {source_name} on {today}.\n"
            "Every value marked !todo is the draft's guess or a placeholder: check it against the\n"
            "notice, correct it, and delete the !todo (validate lists them; build and publish refuse\n"
            "them). Comments quote the notice's words each value comes from. Guide: docs/staff/draft.md"
        ),
        "id": program_id,
        "#last_verified": "the draft has not been checked against the notice yet",
        "last_verified": Todo(today),
        "last_changed": today,
    }
    program["notice"] = _notice(top, entries, program_id, date)
    occupations = levels_mod.occupations(entries)
    program |= _occupation(occupations, top)
    names = [o["name"] for o in occupations] if len(occupations) > 1 else []
    region = header.region(value(value(program["notice"]["issuer"])["zh"]))
    aud = _audience(entries, region)
    if aud:
        program["audience"] = aud
    found_fees = fees_mod.fees(entries)
    subs = subsidies_mod.subsidies(entries)
    program["levels"] = _levels(levels_mod.levels(entries, names), occupations, found_fees, subs)
    offered = {value(lv["level"]) for lv in program["levels"]}
    program["materials"] = items.materials(entries, program["levels"], offered)
    program["packaging"] = items.packaging(entries, program["materials"])
    sub = contacts_mod.submission(entries)
    if sub:
        program["submission"] = {
            "clause": sub["clause"],
            "#text": said(sub["words"]),
            "text": text(sub["words"]),
            "email": sub["email"] if sub["sure"] else Todo(sub["email"]),
        }
        if not sub["sure"]:
            program["submission"]["#email"] = (
                "the notice gives more than one e-mail address: which one takes the applications?"
            )
    online = items.route(entries, emailed=bool(sub))
    if online and sub:
        program["submission"]["#route"] = online["#route"]
        program["submission"]["route"] = online["route"]
    elif online:
        program["submission"] = online
    program["#upload"] = "this service's largest bundle (not a rule of the notice)"
    program["upload"] = {"max_bytes": dict(UPLOAD)}
    people = items.contacts(entries)
    if people:
        program["contacts"] = people
    exam = money.exam(entries, offered)
    charged = money.fees(entries, found_fees, exam, offered, occupations)
    if charged:
        program["fees"] = charged
    pay = fees_mod.payment(entries)
    if pay:
        program["payment"] = money.payment(pay)
    trained = money.hours(entries)
    if trained:
        program["training"] = {
            "clause": trained["clause"],
            "#hours": said(trained["words"]),
            "hours": trained["hours"],
            "text": text(trained["words"]),
        }
    if exam:
        program["exam"] = exam
    dates = money.timeline(entries, top, date)
    if dates:
        program["timeline"] = dates
    if subs:
        program["subsidies"] = money.subsidies(subs, offered)
    sites = items.sites(entries)
    if sites:
        program["verification_sites"] = sites
    return program


def _notice(top: dict, entries: list[dict], program_id: str, date: str | None) -> dict:
    notice: dict = {}
    if top["document_number"]:
        notice["#document_number"] = said(top["document_number"]["words"])
        notice["document_number"] = top["document_number"]["value"]
    else:
        notice["#"] = "no 文号 found at the head of the notice: document_number is left out"
    if date:
        notice["#date"] = said(top["date"]["words"])
        notice["date"] = date
    title = top["title"]
    signed = header.signature(entries)
    who = header.issuer(title, signed)
    if who:
        notice["#issuer"] = said(who["words"]) + (
            "" if who["sure"] else " (title and signature differ, or no signature)"
        )
        notice["issuer"] = text(who["value"], sure=who["sure"])
    else:
        notice["issuer"] = Todo({"zh": "TODO 发文单位", "en": EN})
    if title:
        notice["#title"] = said(title["words"])
        notice["title"] = text(title["value"])
    else:
        notice["title"] = Todo({"zh": "TODO 标题", "en": EN})
    notice["#short_title"] = "a short name for pages and citations: write one"
    notice["short_title"] = Todo({"zh": (title or {}).get("value", "TODO 简称")[:40], "en": EN})
    zh = who["value"] if who else ""
    region = header.region(zh) or header.region((title or {}).get("value", ""))
    if region:
        en = [english(p) for p in region["parts"]]
        notice["#region"] = (
            f"from the division name {region['words']} ({region['code']}) in the issuer's name"
        )
        notice["region"] = Todo({"zh": region["zh"], "en": ", ".join(en[::-1]) if all(en) else EN})
    else:
        notice["region"] = Todo({"zh": "TODO 地区", "en": EN})
    if top["addressees"]:
        notice["#addressees"] = said(top["addressees"]["words"])
        notice["addressees"] = text(top["addressees"]["value"])
    notice["source"] = f"{program_id}.notice.txt"
    return notice


def _occupation(occupations: list[dict], top: dict) -> dict:
    if len(occupations) > 1:
        names = "、".join(o["name"] for o in occupations)
        out: dict = {"#occupation": said(occupations[0]["words"]), "occupation": text(names)}
        out["occupations"] = [
            {
                "#": said(o["words"]),
                "id": f"occupation-{k}",
                "code": o["code"] or Todo("0-00-00-00"),
                "name": text(o["name"], english(o["name"])),
                "clause": o["clause"],
            }
            for k, o in enumerate(occupations, 1)
        ]
        return out
    if occupations:
        o = occupations[0]
        return {"#occupation": said(o["words"]), "occupation": text(o["name"], english(o["name"]))}
    title = (top["title"] or {}).get("value", "")
    if "政务服务办事员" in title:
        return {
            "#occupation": said(title),
            "occupation": text("政务服务办事员", english("政务服务办事员")),
        }
    return {"occupation": Todo({"zh": "TODO 职业", "en": EN})}


def _audience(entries: list[dict], region: dict | None) -> dict | None:
    found = audience_mod.audience(entries)
    if not found:
        return None
    out: dict = {"clause": found["clause"]}
    atoms = audience_mod.rules(found["words"], region)
    if atoms:
        out["#when"] = "; ".join(said(a["words"]) for a in atoms)
        if any(a["unsure"] for a in atoms):
            out["#when"] += (
                " — beside a negation, an exclusion or an unclear place: write the rule"
                " (this placeholder holds for everyone)"
            )
        whens = [Todo({"field": "age", "ge": 0}) if a["unsure"] else a["when"] for a in atoms]
        out["when"] = whens[0] if len(whens) == 1 else {"all": whens}
    out["groups"] = [
        {
            "#": said(g["words"]),
            "id": f"group-{k}",
            "clause": g["clause"],
            "text": text(clean_end(g["words"])),
        }
        for k, g in enumerate(found["groups"], 1)
    ]
    return out


def _levels(
    found: list[dict], occupations: list[dict], fees: list[dict], subs: list[dict]
) -> list[dict]:
    ids = (
        {o["name"]: f"occupation-{k}" for k, o in enumerate(occupations, 1)}
        if len(occupations) > 1
        else {}
    )
    out: list[dict] = []
    taken: set = set()
    used: set = set()
    hinted = [lv for s in subs for lv, _ in s["amounts"]] + [lv for f in fees for lv in f["levels"]]
    for lv in found:
        occupation = ids.get(lv["occupation"]) if ids else None
        guessed = bool(ids) and occupation is None
        levels = [lv["level"]] if lv["level"] else list(dict.fromkeys(hinted + [5, 4, 3, 2, 1]))
        free = [
            (o, x)
            for o in ([occupation] if not guessed else list(ids.values()))
            for x in levels
            if (o, x) not in used
        ]
        if not free:
            continue  # the same level again (an occupation's conditions by reference, say)
        key = free[0]
        used.add(key)
        entry: dict = {"#": said(lv["words"])}
        if lv["level"] is None:
            entry["#level"] = "the notice names no level here: which level is it?"
            entry["level"] = Todo(key[1])
        else:
            entry["level"] = lv["level"]
        if ids:
            entry["occupation"] = Todo(key[0]) if guessed else key[0]
        entry["clause"] = lv["clause"]
        level = key[1]
        if lv.get("not_stated"):
            entry["not_stated"] = text(lv["not_stated"])
        elif lv["conditions"]:
            entry["conditions"] = []
            prefix = (
                (ids.get(lv["occupation"], "") + "-") if ids and lv["occupation"] in ids else ""
            )
            for k, c in enumerate(lv["conditions"], 1):
                std = c["standard"]
                ident = unique(f"{prefix}l{level}-{std['id'] if std else k}", taken)
                cond: dict = {"#": said(c["words"]), "id": ident, "clause": c["clause"]}
                if std and not lv.get("one_of", True):
                    cond["text"] = {"zh": clean_end(c["words"]), "en": std["en"]}
                    cond["#when"] = (
                        f"standard wording «{std['id']}», but the notice does not say these are"
                        " alternatives (具备以下条件之一): if all are required, join them in one"
                        " condition with `all`"
                    )
                    cond["when"] = Todo(std["when"])
                elif std:
                    cond["text"] = {"zh": clean_end(c["words"]), "en": std["en"]}
                    cond["#when"] = f"standard wording «{std['id']}» (generator/draft/phrases.yaml)"
                    cond["when"] = std["when"]
                else:
                    cond["text"] = text(clean_end(c["words"]))
                    cond["#when"] = (
                        "not a standard wording: write the condition (this placeholder holds for everyone)"
                    )
                    cond["when"] = Todo({"field": "age", "ge": 0})
                entry["conditions"].append(cond)
        else:
            entry["not_stated"] = Todo({"zh": lv["words"], "en": EN})
        out.append(entry)
    if not out:
        out.append(
            {
                "#": "no level and no condition found: write them, or say where they stand",
                "level": Todo(5),
                **({"occupation": Todo(next(iter(ids.values())))} if ids else {}),
                "clause": Todo("TODO"),
                "not_stated": Todo({"zh": "TODO", "en": EN}),
            }
        )
    return out
