"""Data files our browser scripts load with <script src>: written once per build (per language
where wording is involved) and cached by the browser, rather than repeated inside every page.

A page embeds only what is its own (its program's words, its links); what every page of a kind
shares (rules, profile fields, questions, wording) lives in one of these files.
"""

from __future__ import annotations

import json


def words_file(kind: str, lang: str) -> str:
    """No dot before the language: the site tool's i18n would take x.en.js for x.js's twin."""
    return f"rules/{kind}-{lang}.js"


def window_script(name: str, data: object) -> str:
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.{name}={body};\n"
