"""What every page of one language shares: our wording, the program lists and the helpers that
templates call (``tr``, ``date``, ``money``…). Built once per language and build; it becomes the
Jinja environment's globals, which imported macros see too."""

from __future__ import annotations

from ..history import value_history, value_label
from ..text import (
    HTML_LANG,
    code_span,
    describe,
    fmt_num,
    format_date,
    original,
    strings,
    text,
)


def language_context(lang: str, programs: list[dict], as_of: str | None, paths: dict) -> dict:
    """programs: in force and sorted by id; paths: page type name -> path with {id}."""
    s = strings(lang)
    current = [p for p in programs if not p.get("archived")]
    archived = [p for p in programs if p.get("archived")]
    return {
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "s": s,
        "programs": programs,
        "as_of": as_of,
        # Time awareness: programs whose last date has passed (build.py marks them) come last.
        "current": current,
        "archived": archived,
        "by_time": current + archived,
        "feed": "updates.xml",
        "value_history": value_history,
        "value_label": value_label,
        "tr": lambda value: text(value, lang),
        "date": lambda iso: format_date(iso, lang),
        "money": lambda amount: s["money"].format(amount=fmt_num(amount)),
        "level_name": lambda level: s["levels"][int(level)],
        "orig": lambda value: original(value, lang),
        "code": lambda value: code_span(value, lang),
        "condition": lambda expr: describe(expr, lang),
        "program_path": lambda p, name="overview": paths[name].format(id=p["id"]),
    }
