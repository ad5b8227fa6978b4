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


def material_data(material: dict, lang: str) -> dict:
    rule = material.get("naming") or {}
    pattern = rule.get("pattern")
    when = material.get("required_when")
    return {
        "id": material["id"],
        "name": material["name"][lang],
        "name_zh": material["name"]["zh"],
        "rule": (material.get("rule") or {}).get(lang, ""),
        "clause": material.get("clause", ""),
        "formats": list(material.get("formats") or []),
        "max_bytes": material.get("max_bytes"),
        "pattern": pattern,
        "pattern_words": naming.naming_words(pattern, lang) if pattern else None,
        "photo": material.get("photo"),
        "keyword": _keyword_zh(material),
        "condition": describe(when, lang) if when else None,
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
        "materials": [material_data(m, lang) for m in program.get("materials") or []],
        "group": group_data(program),
        "extensions": naming.EXTENSIONS,
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
    }
