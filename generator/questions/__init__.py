"""The self-check's questions and the data a self-check page ships to the browser.

One YAML file per question (its zh/en copy, the profile field it fills, the kind of answer);
flow.yaml holds only the order. Which question comes next is not written anywhere: the page
asks the first one, in that order, whose field the engine still needs, so moot questions are
skipped by the rules themselves and a new notice needs no new routing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from policy import regions, yamlpos
from policy.rules import field_catalogue

from .. import places
from ..browserdata import window_script
from ..browserdata import words_file as browser_file

HERE = Path(__file__).parent
STRINGS = HERE.parent / "templates" / "selfcheck-strings.yaml"


@cache
def questions() -> dict:
    """{"order": [ids], "questions": {id: question}} from flow.yaml and the question files."""
    flow = yamlpos.read(HERE / "flow.yaml")
    out = {}
    for qid in flow["order"]:
        q = yamlpos.read(HERE / f"{qid}.yaml")
        q["id"] = qid
        out[qid] = q
    return {"order": list(flow["order"]), "questions": out}


@cache
def strings() -> dict:
    return yamlpos.read(STRINGS)


def engine_program(program: dict) -> dict:
    """What rules.js needs to evaluate a program, and no more: ids, clauses and conditions."""
    notice = program["notice"]
    out = {
        "id": program["id"],
        "notice": {
            k: notice[k] for k in ("document_number", "short_title") if notice.get(k) is not None
        },
        "levels": [
            {
                **{k: lv[k] for k in ("level", "clause", "occupation", "not_stated") if k in lv},
                "conditions": [
                    {"id": c["id"], "clause": c["clause"], "when": c["when"]}
                    for c in lv.get("conditions") or []
                ],
            }
            for lv in program["levels"]
        ],
        "materials": [
            {k: m[k] for k in ("id", "required_when", "levels", "conditions") if k in m}
            for m in program.get("materials", [])
        ],
        "subsidies": [
            {
                "id": s["id"],
                "amounts": s.get("amounts", []),
                "either_or": s.get("either_or", []),
                "requirements": [
                    {"id": r["id"], "clause": r["clause"], "when": r["when"]}
                    for r in s.get("requirements", [])
                ],
            }
            for s in program.get("subsidies", [])
        ],
    }
    audience = program.get("audience") or {}
    if "when" in audience:
        out["audience"] = {"clause": audience["clause"], "when": audience["when"]}
    if program.get("occupations"):
        out["occupations"] = [{"id": o["id"], "code": o["code"]} for o in program["occupations"]]
    return out


def _lang(value, lang: str):
    """A {zh, en} text in one language; anything else as it is."""
    if isinstance(value, dict) and set(value) >= {"zh", "en"} and len(value) == 2:
        return value[lang]
    if isinstance(value, dict):
        return {k: _lang(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [_lang(v, lang) for v in value]
    return value


def display_program(program: dict, lang: str) -> dict:
    """The words a result shows for one program, in the page's language only."""
    notice = program["notice"]
    out = {
        "title": _lang(notice["short_title"], lang),
        "document_number": notice.get("document_number"),
        "conditions": {
            c["id"]: _lang(c["text"], lang)
            for lv in program["levels"]
            for c in lv.get("conditions") or []
        },
        "materials": {
            m["id"]: {
                "name": _lang(m["name"], lang),
                "rule": _lang(m["rule"], lang),
                "clause": m["clause"],
            }
            for m in program.get("materials", [])
        },
        "subsidies": {
            s["id"]: {
                "name": _lang(s["name"], lang),
                "clause": s["clause"],
                "how_to_apply": _lang(s.get("how_to_apply"), lang),
            }
            for s in program.get("subsidies", [])
        },
        "requirements": {
            r["id"]: _lang(r["text"], lang)
            for s in program.get("subsidies", [])
            for r in s.get("requirements", [])
        },
    }
    for key in ("fees", "exam", "training"):
        if key in program:
            out[key] = _lang(program[key], lang)
    if program.get("occupations"):  # the occupation question's choices, name and code
        out["occupations"] = [
            {"code": o["code"], "name": _lang(o["name"], lang)} for o in program["occupations"]
        ]
    return out


ENGINE_FILE = "rules/engine.js"


REGIONS_KEY = "_regions"  # never a program id (ids start with a letter or digit)


def engine_script(programs: list[dict]) -> str:
    """Every program's rules, once for the whole site: window.selfCheck.evaluate answers for any
    program id on any self-check page, and each page embeds only its own words (linear build).
    Under REGIONS_KEY, the divisions the region question offers (code -> [Chinese name, English
    name]): those needed to decide every rule the programs hold."""
    engine = {p["id"]: engine_program(p) for p in programs}
    named = named_regions(engine.values())
    if named:  # no rule names a place: the region question is never needed
        picker = regions.for_picker(named)
        engine[REGIONS_KEY] = {code: [zh, places.english(code)] for code, zh in picker.items()}
    return window_script("SelfCheckEngine", engine)


def named_regions(engine_programs) -> set[str]:
    """The division codes any rule of these (engine) programs names for a region question's
    field, e.g. {"350521", "150626"} from {field: workplace_region, within: [...]}."""
    fields = {q["field"] for q in questions()["questions"].values() if q["kind"] == "region"}
    found: set[str] = set()

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("field") in fields:
                for op in ("within", "in", "eq", "ne"):
                    value = node.get(op)
                    found.update(v for v in (value if isinstance(value, list) else [value]) if v)
            else:
                for item in node.values():
                    walk(item)

    walk(list(engine_programs))
    return {c for c in found if isinstance(c, str) and len(c) == 6 and c.isdigit()}


def words_file(lang: str) -> str:
    return browser_file("selfcheck", lang)


def words_script(lang: str) -> str:
    """What every self-check page of a language shares (profile fields, questions, wording):
    one file the browser caches, instead of the same 17 KB inside each page."""
    words = {"catalogue": field_catalogue(), "questions": _questions_in(lang)}
    return window_script("SelfCheckWords", {**words, "strings": strings()[lang]})


def page_data(shown: list[dict], lang: str, links: dict) -> dict:
    """The JSON a self-check page embeds: the shown programs' words and links (the rest is in
    engine.js and the language's words file, shared by every page)."""
    return {
        "lang": lang,
        "shown": [p["id"] for p in shown],
        "display": {p["id"]: display_program(p, lang) for p in shown},
        "links": links,
    }


@cache
def _questions_in(lang: str) -> dict:
    """The same on every self-check page of a language: worded once per build."""
    qs = questions()
    return {"order": qs["order"], "questions": _lang(qs["questions"], lang)}
