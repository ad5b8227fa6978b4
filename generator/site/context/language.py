"""What every page of one language shares: our wording, the program lists and the helpers that
templates call (``tr``, ``date``, ``money``…). Built once per language and build; it becomes the
Jinja environment's globals, which imported macros see too."""

from __future__ import annotations

from policy import retirement

from ..history import cited, value_history, value_label
from ..text import (
    HTML_LANG,
    code_span,
    describe,
    fmt_num,
    format_date,
    mentions,
    original,
    strings,
    text,
)


def language_context(lang: str, programs: list[dict], as_of: str | None, paths: dict) -> dict:
    """programs: in force and sorted by id; paths: page type name -> path with {id}."""
    s = strings(lang)
    current = [p for p in programs if not p.get("archived")]
    archived = [p for p in programs if p.get("archived")]

    def reference(program: dict, number: str | None = None) -> str:
        """How the pages cite a notice, as Markdown (history.cited: the 文号 or short title)."""
        return text(cited(program, number), lang)

    def levels_named(levels) -> str:
        return s["list_sep"].join(s["levels"][int(n)] for n in levels)

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
        "num": fmt_num,
        "level_name": lambda level: s["levels"][int(level)],
        "levels_named": levels_named,
        "orig": lambda value: original(value, lang),
        "code": lambda value: code_span(value, lang),
        "condition": lambda expr: describe(expr, lang),
        "mentions": mentions,
        "reference": reference,
        # The same as plain text, for raw HTML (| h, | hz) and scripts.
        "reference_text": lambda program, number=None: _plain(cited(program, number), lang),
        "retirement_reference": lambda: text(retirement.table()["reference"], lang),
        "occupation_groups": occupation_groups,
        "occupation_of": occupation_of,
        "condition_by_id": condition_by_id,
        "subject_name": subject_name,
        "subjects_by_level": subjects_by_level,
        "program_path": lambda p, name="overview": paths[name].format(id=p["id"]),
    }


def _plain(value, lang: str) -> str:
    return value[lang] if isinstance(value, dict) else str(value)


# -- a program's structure, for templates that group what it lists --------------------------
def occupation_of(program: dict, occupation_id: str | None) -> dict | None:
    """The occupation (occupations[]) with this id; None when the program names none."""
    return next((o for o in program.get("occupations") or [] if o["id"] == occupation_id), None)


def occupation_groups(program: dict) -> list[dict]:
    """The levels by occupation, in the notice's order: [{occupation, levels}]. A notice of
    one occupation (occupations left out or of one entry) is one group whose occupation is None
    when left out."""
    occupations = program.get("occupations") or []
    if len(occupations) <= 1:
        return [
            {"occupation": occupations[0] if occupations else None, "levels": program["levels"]}
        ]
    return [
        {
            "occupation": o,
            "levels": [lv for lv in program["levels"] if lv.get("occupation") == o["id"]],
        }
        for o in occupations
    ]


def condition_by_id(program: dict, condition_id: str) -> dict | None:
    """A level's condition (levels[].conditions[]) by its id, with the level it belongs to:
    {condition, level}; None when no level has it."""
    return next(
        (
            {"condition": c, "level": lv}
            for lv in program["levels"]
            for c in lv.get("conditions") or []
            if c["id"] == condition_id
        ),
        None,
    )


def offered_levels(program: dict) -> list[int]:
    """Level numbers offered, highest number (junior) first, each once across occupations."""
    return sorted({int(lv["level"]) for lv in program["levels"]}, reverse=True)


def subject_name(program: dict, subject_id: str) -> dict | None:
    subjects = (program.get("exam") or {}).get("subjects") or []
    return next((sub["name"] for sub in subjects if sub["id"] == subject_id), None)


def subjects_by_level(program: dict) -> list[dict]:
    """Exam subjects per level offered: [{level, subjects}], or one entry with level None when
    every subject is for every level (nothing to tell apart)."""
    subjects = (program.get("exam") or {}).get("subjects") or []
    if not any("levels" in sub for sub in subjects):
        return [{"level": None, "subjects": subjects}]
    return [
        {"level": n, "subjects": [sub for sub in subjects if n in sub.get("levels", [n])]}
        for n in offered_levels(program)
    ]
