"""Page data for the candidate tools (upload page, bundle builder): what their scripts need from the
program, in the page's language, as one JSON blob.

The scripts hold no notice fact: materials, formats, size limits, naming rules and the group
layout all arrive here from the program in force, so a new notice needs no script change.
"""

from __future__ import annotations

import os

from policy import naming

from ...browserdata import window_script
from ...browserdata import words_file as browser_file
from ..text import describe, strings

# Where the pages call the upload API. Default: the same origin ("/api/"), as `make run` and
# `python -m functions.upload serve --site site` serve it. For an API on another origin, build with
#   CERTNOTICE_API_BASE=https://xxxx.execute-api.REGION.amazonaws.com/api/ python -m generator build
# (the SAM stack's ApiUrl output + "/api/"; deploy the stack with SiteOrigin set to the site's
# origin so CORS allows it). A missing trailing slash is added.
API_BASE_ENV = "CERTNOTICE_API_BASE"
DEFAULT_API_BASE = "/api/"
LINKED_PAGES = ("upload", "builder", "materials", "apply", "selfcheck")


def api_base() -> str:
    base = os.environ.get(API_BASE_ENV, "").strip() or DEFAULT_API_BASE
    return base if base.endswith("/") else base + "/"


def _keyword_zh(material: dict) -> str:
    return naming.keyword_examples(material)[0]


def paper_words(material: dict, lang: str) -> str | None:
    """What the paper form must be, in words (2 copies, A4 paper, bring the original, the
    notice's own words); None for a material handed in as a file only."""
    if material.get("submit", "electronic") == "electronic":
        return None
    t = strings(lang)["tools"]
    paper = material.get("paper") or {}
    parts = []
    if paper.get("copies"):
        copies = paper["copies"]
        parts.append(t["paper_copy"] if copies == 1 else t["paper_copies"].format(n=copies))
    if paper.get("size"):
        parts.append(t["paper_size"].format(size=paper["size"]))
    if paper.get("original"):
        parts.append(t["paper_original"])
    if (paper.get("text") or {}).get(lang):
        parts.append(str(paper["text"][lang]).rstrip("。."))
    return t["paper_sep"].join(parts) if parts else t["paper_plain"]


def only_for(material: dict, program: dict, lang: str) -> str | None:
    """The sentence saying whom a material is for, when it is for some levels or conditions
    only (a list of levels covering every level offered is no restriction)."""
    t = strings(lang)["tools"]
    if material.get("conditions"):
        texts = {
            c.get("id"): (c.get("text") or {}).get(lang, c.get("id"))
            for level in program.get("levels") or []
            for c in level.get("conditions") or []
        }
        said = [str(texts.get(i, i)).rstrip("。.") for i in material["conditions"]]
        return t["needed_conditions"].format(conditions=t["condition_sep"].join(said))
    offered = {lv.get("level") for lv in program.get("levels") or []}
    if material.get("levels") and not offered <= set(material["levels"]):
        names = strings(lang)["levels"]
        words = [str(names.get(n, n)) for n in sorted(material["levels"])]
        return t["needed_levels"].format(levels=t["level_sep"].join(words))
    return None


def material_data(material: dict, lang: str, program: dict | None = None) -> dict:
    rule = material.get("naming") or {}
    pattern = rule.get("pattern")
    when = material.get("required_when")
    only = only_for(material, program or {}, lang)
    return {
        "id": material["id"],
        "name": material["name"][lang],
        "name_zh": material["name"]["zh"],
        "rule": (material.get("rule") or {}).get(lang, ""),
        "clause": material.get("clause", ""),
        "formats": list(material.get("formats") or []),
        "max_bytes": material.get("max_bytes"),
        "min_bytes": material.get("min_bytes"),
        "pattern": pattern,
        "pattern_words": naming.naming_words(pattern, lang) if pattern else None,
        "uppercase_x": bool(rule.get("uppercase_x")),
        "photo": material.get("photo"),
        "keyword": _keyword_zh(material),
        "condition": describe(when, lang) if when else None,
        "only": only,
        "conditional": bool(when or only),
        "submit": material.get("submit", "electronic"),
        "paper": paper_words(material, lang),
    }


def group_data(program: dict) -> dict | None:
    spec = (program.get("packaging") or {}).get("group")
    if not spec:
        return None
    roster = spec.get("roster") or {}
    photos = spec.get("photo_folder") or {}
    columns = roster.get("columns") or {}
    return {
        "candidate_folders": bool(spec.get("candidate_folders")),
        "roster": {
            "material": roster["material"],
            "file": _keyword_zh(naming.by_id(program, roster["material"])) + ".xlsx",
            "name_column": (columns.get("name") or [""])[0],
            "id_column": (columns.get("id_number") or [""])[0],
            "name_words": list(columns.get("name") or []),
            "id_words": list(columns.get("id_number") or []),
        }
        if roster
        else None,
        "photo_folder": {"material": photos["material"], "folder": photos["keywords"][0]}
        if photos
        else None,
    }


def _said(value, lang: str) -> str | None:
    """A {zh, en} text of the route in the page's language; None when the notice did not say."""
    return str(value[lang]) if isinstance(value, dict) and value.get(lang) else None


def route_data(program: dict, lang: str) -> dict:
    """How the office receives applications (submission.route), for the tool pages: which kind,
    the facts the notice gives (no more), and the sentences saying what to do, built once here
    so the upload page (template) and the builder (script) say the same.

    ``submits`` is true only when this site's upload is the application (``this_site``): every
    other route makes the upload a check, and the pages say so. Without a route the notice's own
    words (``submission.text``) are quoted, or that the notice does not say."""
    t = strings(lang)["tools"]
    sub = program.get("submission") or {}
    route = sub.get("route") or {}
    kind = route.get("kind")
    clause = route.get("clause") or sub.get("clause") or ""
    said = {k: _said(route.get(k), lang) for k in _ROUTE_TEXTS}
    how: list[str] = []
    if kind == "email":
        how.append(t["route_email"].format(clause=clause, address=route["address"]))
        if said["sender"]:
            how.append(t["route_email_sender"].format(sender=said["sender"]))
        if said["subject"]:
            how.append(t["route_subject"].format(subject=said["subject"]))
        if said["attachment"]:
            how.append(t["route_attachment"].format(attachment=said["attachment"]))
    elif kind == "in_person":
        how.append(t["route_in_person"].format(clause=clause, place=said["place"]))
        if said["hours"]:
            how.append(t["route_hours"].format(hours=said["hours"]))
    elif kind == "system":
        how.append(t["route_system"].format(clause=clause, name=said["name"], url=route["url"]))
    elif kind == "this_site":
        how.append(t["route_this_site"].format(clause=clause, receiver=said["receiver"]))
    elif kind == "by_unit":
        collector = said["collector"] or t["route_collector_default"]
        how.append(t["route_by_unit"].format(clause=clause, collector=collector))
        if said["receiver"]:
            how.append(t["route_by_unit_receiver"].format(receiver=said["receiver"]))
    else:
        text = _said(sub.get("text"), lang)
        how.append(
            t["route_notice"].format(text=text, clause=clause)
            if text
            else strings(lang)["apply"]["no_submission"]
        )
    if kind != "this_site":
        how.append(t["route_check_only"])
    # The e-mail itself goes to a Chinese office: its suggested subject and body are Chinese on
    # either language's page ({who} and {file} are filled in by the page).
    zh = strings("zh")["tools"]
    title_zh = (program.get("notice") or {}).get("short_title", {}).get("zh", "")
    return {
        "kind": kind,
        "submits": kind == "this_site",
        "clause": clause,
        "address": route.get("address"),
        "url": route.get("url"),
        **said,
        "how": how,
        "mail_subject": zh["mail_subject"].format(title=title_zh, who="{who}")
        if kind == "email" and not said["subject"]
        else None,
        "mail_body": zh["mail_body"] if kind == "email" else None,
    }


_ROUTE_TEXTS = ("subject", "attachment", "sender", "place", "hours", "name", "receiver", "collector")


def words_file(lang: str) -> str:
    return browser_file("tools", lang)


def words_script(lang: str) -> str:
    """The tools' wording, the same on every upload and builder page of a language: one file
    the browser caches (window.ToolsWords), instead of 6 KB inside each page."""
    return window_script("ToolsWords", {"strings": strings(lang)["tools"]})


def page_context(place, program: dict, programs: list[dict]) -> dict:
    lang = place.lang
    packaging = program.get("packaging") or {}
    data = {
        "lang": lang,
        "program": program["id"],
        "api": api_base(),
        "kinds": [k for k in ("individual", "group") if packaging.get(k)],
        "max_bytes": (program.get("upload") or {}).get("max_bytes") or {},
        "materials": [material_data(m, lang, program) for m in program.get("materials") or []],
        "group": group_data(program),
        "extensions": naming.EXTENSIONS,
        "route": route_data(program, lang),
        "links": {
            name: place.url(name, program["id"]) for name in LINKED_PAGES if name in place.paths
        },
    }
    return {
        "t": strings(lang)["tools"],
        "tools_data": data,
        "words_file": words_file(lang),
        "packaging": packaging,
        "asset": place.asset,
        "tool_link": lambda name: data["links"].get(name, ""),
        "route": data["route"],
    }
