"""Page data for the candidate tools (upload page, bundle builder): what their scripts need from the
program YAML, in the page's language, as one JSON blob.

The scripts hold no notice fact: materials, formats, size limits, naming rules and the group
layout all arrive here from the program dict, so a new notice needs no script change.
"""

from __future__ import annotations

import os

# Where the pages call the upload API. Default: the same origin ("/api/"), as `make run` and
# `python -m functions.upload serve --site site` serve it. For an API on another origin, build with
#   CERTNOTICE_API_BASE=https://xxxx.execute-api.REGION.amazonaws.com/api/ python -m generator build
# (the SAM stack's ApiUrl output + "/api/"; deploy the stack with SiteOrigin set to the site's
# origin so CORS allows it). A missing trailing slash is added.
API_BASE_ENV = "CERTNOTICE_API_BASE"
DEFAULT_API_BASE = "/api/"
# File extensions the builder gives each format (the YAML's format words).
EXTENSIONS = {"jpeg": "jpg", "png": "png", "pdf": "pdf", "xlsx": "xlsx", "xls": "xls"}
EXTENSIONS.update(docx="docx", doc="doc")


def api_base() -> str:
    base = os.environ.get(API_BASE_ENV, "").strip() or DEFAULT_API_BASE
    return base if base.endswith("/") else base + "/"


def _keyword_zh(material: dict) -> str:
    from functions.upload.materials import keyword_examples

    return keyword_examples(material)[0]


def material_data(material: dict, lang: str) -> dict:
    from . import render

    naming = material.get("naming") or {}
    pattern = naming.get("pattern")
    when = material.get("required_when")
    return {
        "id": material["id"],
        "name": material["name"][lang],
        "name_zh": material["name"]["zh"],
        "rule": material.get("rule", {}).get(lang, ""),
        "clause": material.get("clause", ""),
        "formats": list(material.get("formats") or []),
        "max_bytes": material.get("max_bytes"),
        "pattern": pattern,
        "pattern_words": _pattern_words(pattern, lang) if pattern else None,
        "photo": material.get("photo"),
        "keyword": _keyword_zh(material),
        "condition": render.describe(when, lang) if when else None,
    }


def _pattern_words(pattern: str, lang: str) -> str:
    from functions.upload.materials import naming_words

    return naming_words(pattern, lang)


def group_data(program: dict) -> dict | None:
    spec = (program.get("packaging") or {}).get("group")
    if not spec:
        return None
    roster = spec.get("roster") or {}
    photos = spec.get("photo_folder") or {}
    columns = roster.get("columns") or {}
    by_id = {m["id"]: m for m in program.get("materials") or []}
    return {
        "candidate_folders": bool(spec.get("candidate_folders")),
        "roster": {
            "material": roster["material"],
            "file": _keyword_zh(by_id[roster["material"]]) + ".xlsx",
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
    from .browserdata import words_file

    return words_file("tools", lang)


def words_script(lang: str) -> str:
    """The tools' wording, the same on every upload and builder page of a language: one file
    the browser caches (window.ToolsWords), instead of 6 KB inside each page."""
    from . import render
    from .browserdata import window_script

    return window_script("ToolsWords", {"strings": render.strings(lang)["tools"]})


def page_context(page_type, program, programs, lang) -> dict:
    from . import render
    from .questions import asset_url, page_url

    here = page_type.path.format(id=program["id"])
    types = {t.name: t for t in render.PAGE_TYPES}
    strings = render.strings(lang)["tools"]
    packaging = program.get("packaging") or {}
    data = {
        "lang": lang,
        "program": program["id"],
        "api": api_base(),
        "kinds": [k for k in ("individual", "group") if packaging.get(k)],
        "max_bytes": (program.get("upload") or {}).get("max_bytes") or {},
        "materials": [material_data(m, lang) for m in program.get("materials") or []],
        "group": group_data(program),
        "extensions": EXTENSIONS,
        "links": {
            name: page_url(here, types[name].path.format(id=program["id"]))
            for name in ("upload", "builder", "materials", "apply", "selfcheck")
            if name in types
        },
    }
    return {
        "t": strings,
        "tools_data": data,
        "words_file": words_file(lang),
        "packaging": packaging,
        "asset": lambda name: asset_url(here, lang, name),
        "tool_link": lambda name: data["links"].get(name, ""),
    }
