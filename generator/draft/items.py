"""Program sections for what candidates hand in and whom they contact: materials, packaging,
contacts, verification sites."""

from __future__ import annotations

import json
import re

from . import contacts as contacts_mod
from . import materials as materials_mod
from . import packaging as pack_mod
from .emit import Todo
from .glossary import english
from .shape import EN, said, text, unique, value
from .text import clean_end, half, squeeze

BY_FIELDS = [  # 以…为申报条件的: the words, and the profile fields of the conditions meant
    ("毕业证", ("education.",)),
    ("学历", ("education.",)),
    ("证书", ("certificate.",)),
    ("工作年限", ("years_in_occupation", "years_worked")),
    ("学徒", ("apprenticeship_completed",)),
]


def condition_ids(levels: list[dict], by: str | None) -> list[str]:
    """The drafted conditions a 'needed only if you apply by …' material is for."""
    if not by:
        return []
    fields = next((f for word, f in BY_FIELDS if word in by), None)
    if not fields:
        return []
    out = []
    for level in levels:
        for c in level.get("conditions") or []:
            when = c["when"]
            if isinstance(when, Todo):
                continue
            used = re.findall(r'"field": "([^"]+)"', json.dumps(when))
            if any(u.startswith(f) for u in used for f in fields):
                out.append(c["id"])
    return out


def materials(entries: list[dict], levels: list[dict], offered: set) -> list[dict]:
    out: list[dict] = []
    taken: set = set()
    for j, medium in materials_mod.leaves(entries):
        e = entries[j]
        found = materials_mod.material(e["text"], medium)
        out.append(_material(e, found, taken, offered, condition_ids(levels, found.get("by"))))
    if not out:
        out.append(
            {
                "#": "no list of materials found: write the materials",
                "id": "material",
                "clause": Todo("TODO"),
                "name": Todo({"zh": "TODO", "en": EN}),
                "rule": Todo({"zh": "TODO", "en": EN}),
                "keywords": Todo(["TODO"]),
                "formats": Todo(["pdf"]),
            }
        )
    return out


def _material(e: dict, found: dict, taken: set, offered: set, conditions: list[str]) -> dict:
    name = found.get("name")
    m: dict = {"#": said(e["text"]), "id": unique(found["id"], taken), "clause": e["clause"]}
    if name:
        m["name"] = text(name, english(name))
    else:
        m["name"] = Todo({"zh": clean_end(e["text"])[:16].rstrip("。") or "TODO", "en": EN})
    m["rule"] = text(clean_end(e["text"]))
    words = [name] if name else []
    if name and english(name):
        words.append(english(name))
    m["#keywords"] = "words that identify the file in a name: check them"
    m["keywords"] = Todo(words or ["TODO"])
    if "formats" in found and found.get("formats_doubt"):
        m["#formats"] = (
            f"「{found['formats_doubt']}」 stands beside the file types: which are allowed?"
        )
        m["formats"] = Todo(found["formats"])
    elif "formats" in found:
        m["formats"] = found["formats"]
    elif found.get("submit") != "paper":
        m["#formats"] = "the notice names no file type"
        m["formats"] = Todo(["jpeg", "png"] if found["id"] == "photo" else ["pdf", "jpeg", "png"])
    unsure = found.get("unsure_sizes")
    for key in ("max_bytes", "min_bytes"):
        if key in found and unsure and key in unsure:
            m[f"#{key}"] = "the item gives more than one size: which one limits this file?"
            m[key] = Todo(found[key])
        elif key in found:
            m[key] = found[key]
    if unsure == []:
        m["#"] += " — a file size is printed but not read as a limit: set max_bytes/min_bytes"
    naming = found.get("naming")
    if naming:
        n: dict = {
            "pattern": naming["pattern"] if naming["sure"] else Todo(naming["pattern"] + ".jpg")
        }
        for key in ("notice_example", "uppercase_x"):
            if key in naming:
                n[key] = naming[key]
        m["naming"] = n
    doubt = (found.get("photo") or {}).pop("background_doubt", None)
    if doubt:
        m["#"] += (
            f" — the background is given as {doubt}, or with a negation: set photo.background by hand"
        )
    if found.get("photo"):
        if "width_mm" in found["photo"] and "mm" not in e["text"] and "毫米" not in e["text"]:
            m["#photo"] = "二寸 (2-inch) is the standard 35 × 49 mm"
        m["photo"] = found["photo"]
    levels = found.get("levels")
    if levels and set(levels) <= offered:
        m["levels"] = levels
    elif levels:
        m["#"] += f" — for levels {levels}, not all offered: set `levels` by hand"
    if conditions:
        m["#conditions"] = f"以{found['by']}为申报条件的: the conditions that use it"
        m["conditions"] = Todo(conditions)
    elif found.get("by"):
        m["#"] += f" — needed only by those applying through 「{found['by']}」: set `conditions`"
    if found.get("submit_unsure"):
        m["#submit"] = f"「{found['submit_unsure']}」: on paper only, or also with the files?"
        m["submit"] = Todo(found["submit"])
        m["paper"] = found["paper"]
    elif "submit" in found:
        m["submit"] = found["submit"]
        if found.get("paper"):
            m["paper"] = found["paper"]
    return m


def packaging(entries: list[dict], materials: list[dict]) -> dict:
    found = pack_mod.packaging(entries)
    out: dict = {}
    for side in ("individual", "group"):
        part = found[side]
        if not part:
            out[side] = Todo({"clause": "TODO", "text": {"zh": "TODO", "en": EN}})
            continue
        entry: dict = {
            "#": said(part["words"]),
            "clause": part["clause"],
            "text": text(part["words"]),
        }
        if side == "group":
            if part.get("candidate_folders"):
                entry["candidate_folders"] = True
            roster = _roster(part.get("roster"), materials)
            if roster:
                entry["#roster"] = said(part["roster"])
                entry["roster"] = Todo(roster)
            photo = next((m["id"] for m in materials if m["id"] == "photo"), None)
            if part.get("photo_folder") and photo:
                entry["#photo_folder"] = said(part["photo_folder"])
                entry["photo_folder"] = Todo(
                    {"material": photo, "keywords": ["照片", "photo", "photos"]}
                )
            if part.get("archive"):
                entry["archive_name"] = text(clean_end(part["archive"]))
        out[side] = entry
    return out


def _roster(words: str | None, materials: list[dict]) -> dict | None:
    if not words:
        return None
    flat = squeeze(words).upper()
    for m in materials:
        name = value(value(m["name"])["zh"])
        if name and name in flat and m["id"] != "photo":
            return {
                "material": m["id"],
                "formats": ["xlsx"],
                "columns": {
                    "name": ["姓名", "name"],
                    "id_number": ["身份证号码", "身份证号", "证件号码", "id number", "id_number"],
                },
            }
    return None


def contacts(entries: list[dict]) -> list[dict]:
    out: list[dict] = []
    taken: set = set()
    for c in contacts_mod.contacts(entries):
        pairs = c["pairs"] or [{"name": None, "phone": None, "extension": None, "sure": True}]
        for k, pair in enumerate(pairs):
            phone = pair["phone"]
            who = pair["name"] or (c["person"] if len(pairs) == 1 or not phone else None)
            who = who or (c["mailbox"] if not phone else None)
            entry: dict = {
                "#": said(c["words"]),
                "id": unique("mailbox" if not phone else "contact", taken),
                "clause": c["clause"],
            }
            if who and pair["sure"]:
                entry["name"] = text(who, english(who))
            else:
                entry["#name"] = "whose number is this? the notice's words do not pair them plainly"
                entry["name"] = Todo({"zh": who or "联系人", "en": EN})
            if phone and pair["extension"]:
                entry["#phone"] = f"extension 转{pair['extension']}: check how to write it"
                entry["phone"] = Todo(f"{phone}-{pair['extension']}")
            elif phone:
                entry["phone"] = phone
            if c["emails"] and k == 0:
                entry["email"] = c["emails"][0]
            out.append(entry)
    return out


def sites(entries: list[dict]) -> list[dict]:
    """The web addresses where certificates or bodies are looked up (查询/验证/核验). An address
    where applications are made (报名/注册/填报) is no such site (see route()); one whose sentence
    says neither, or both, is drafted as a to-do."""
    out = []
    found = [s for s in contacts_mod.sites(entries) if s["purpose"] != "apply"]
    for k, s in enumerate(found, 1):
        entry: dict = {"#": said(s["words"]), "id": f"site-{k}", "clause": s["clause"]}
        if s["purpose"] is None:
            entry["#url"] = (
                "the sentence does not say this address is for looking certificates up"
                " (查询/验证/核验): is it a verification site at all?"
            )
            entry["url"] = Todo(s["url"])
            if not s["sure"]:
                entry["as_printed"] = s["as_printed"]
        elif s["sure"]:
            entry["url"] = s["url"]
        else:
            entry["#url"] = f"printed as {s['as_printed']}: the address repaired, check it"
            entry["url"] = Todo(s["url"])
            entry["as_printed"] = s["as_printed"]
        label = s["label"]
        entry["label"] = text(label, english(label)) if label else Todo({"zh": "TODO", "en": EN})
        out.append(entry)
    return out


def route(entries: list[dict], emailed: bool) -> dict | None:
    """submission (clause, text, route kind system) from the first web address where the notice
    says applications are made (考生登录“…平台”（url）注册并填报): the system's name as quoted.
    A to-do when the notice also names an e-mail address to send to (which route is it?), when
    the address was repaired, or when no name is quoted before it."""
    for s in contacts_mod.sites(entries):
        if s["purpose"] != "apply":
            continue
        sentence = next(
            (x for x in re.split(r"(?<=[。；;])", s["words"]) if s["as_printed"] in half(x)),
            s["words"],
        ).strip()
        found: dict = {"kind": "system", "clause": s["clause"]}
        unsure = emailed or not s["sure"] or not s["label"]
        if s["label"]:
            en = english(s["label"])
            found["name"] = {"zh": s["label"], "en": en or EN} if unsure else text(s["label"], en)
        found["url"] = s["url"]
        out: dict = {"clause": s["clause"], "#text": said(sentence), "text": text(sentence)}
        if unsure:
            out["#route"] = (
                "the notice also names an e-mail address for the materials: which way do they go?"
                if emailed
                else "check the system's name and address against the notice"
            )
            out["route"] = Todo(found)
        else:
            out["#route"] = said(sentence)
            out["route"] = found
        return out
    return None
