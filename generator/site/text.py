"""Words on pages: our own wording per language, and plain values made safe for Markdown.

Nothing here knows a notice's facts; it turns values the program gives (texts, dates, amounts,
conditions) into what a reader sees in Chinese or English.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import markupsafe

from policy import regions, yamlpos

from generator import places
from policy.rules import field_catalogue

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
HTML_LANG = {"zh": "zh-CN", "en": "en"}


@cache
def strings(lang: str) -> dict:
    """Our wording for one language (templates/strings/<lang>.yaml)."""
    return yamlpos.read(TEMPLATES / "strings" / f"{lang}.yaml")


_HAN = re.compile(
    r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2e80-\u2fdf\uf900-\ufaff]+(?:[\s·\-/_0-9A-Za-z.〔〕()（）]*[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2e80-\u2fdf\uf900-\ufaff]+)*"
)
_MD_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]|#"}}
)


def md_escape(value) -> str:
    """Plain text made safe to drop into Markdown (and its inline HTML): HTML's three
    characters as entities, Markdown's own backslash-escaped, in one pass."""
    return str(value).translate(_MD_ESCAPES)


def mark_chinese(escaped: str, lang: str) -> str:
    """On English pages, tag quoted Chinese so screen readers switch voice (and tests can tell)."""
    if lang == "zh":
        return escaped
    return _HAN.sub(lambda m: f'<span lang="zh-CN">{m.group(0)}</span>', escaped)


def has_chinese(value) -> bool:
    return bool(_HAN.search(str(value)))


def text(value, lang: str) -> str:
    """A {zh, en} text (or a plain value) for this page's language, escaped for Markdown."""
    if isinstance(value, dict) and lang in value:
        value = value[lang]
    return mark_chinese(md_escape(value), lang)


def original(value, lang: str) -> str:
    """The notice's own Chinese words, quoted on English pages (nothing extra on Chinese ones)."""
    zh = value["zh"] if isinstance(value, dict) else value
    if lang == "zh":
        return ""
    return f'<q lang="zh-CN">{md_escape(zh)}</q>'


def code_span(value, lang: str) -> str:
    """Literal text (a file name, a pattern) as inline code; Chinese in it tagged on English pages."""
    escaped = str(markupsafe.escape(str(value))).replace("_", "&#95;")
    attr = ' lang="zh-CN"' if lang != "zh" and has_chinese(value) else ""
    return f"<code{attr}>{escaped}</code>"


def fmt_num(x) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return str(x)


def human_bytes(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{fmt_num(round(n / size, 1))} {unit}"
    return f"{n} B"


def format_date(iso: str, lang: str) -> str:
    day = dt.date.fromisoformat(str(iso))
    return strings(lang)["date_format"].format(
        y=day.year, m=day.month, d=day.day, month=strings(lang)["months"][day.month - 1]
    )


def format_month(value: str, lang: str) -> str:
    """A "YYYY-MM" month as people write it: 2025年6月 / June 2025."""
    year, month = (int(x) for x in str(value).split("-")[:2])
    return strings(lang)["month_format"].format(
        y=year, m=month, month=strings(lang)["months"][month - 1]
    )


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def mentions(expr, field: str) -> bool:
    """Whether a machine condition tests this profile field anywhere inside it."""
    if isinstance(expr, list):
        return any(mentions(e, field) for e in expr)
    if not isinstance(expr, dict):
        return False
    if expr.get("field") == field:
        return True
    return any(mentions(expr[k], field) for k in ("all", "any", "not") if k in expr)


def describe(expr: dict, lang: str) -> str:
    """A machine condition (as in the YAML) in plain words, with the profile fields' labels."""
    s = strings(lang)
    if "all" in expr:
        return s["all_of"].join(describe(e, lang) for e in expr["all"])
    if "any" in expr:
        return s["any_of"].join(describe(e, lang) for e in expr["any"])
    if "not" in expr:
        return s["not"].format(describe(expr["not"], lang))
    spec = field_catalogue()["fields"].get(expr["field"], {})
    label = spec.get("label", {}).get(lang, expr["field"])
    op = next(k for k in expr if k != "field")
    value = expr[op]
    labels = spec.get("values", {})

    def word(v):
        if op == "within":  # a division code: its name and code; a city or province covers
            zh = regions.names().get(v, v)  # the counties inside it, and says so
            name = places.english(v) if lang == "en" else zh
            inside = "region" if regions.level(v) == "county" else "region_inside"
            return s["ops"][inside].format(name=name, zh=zh, code=v)
        if isinstance(v, bool):
            return s["yes_word"] if v else s["no_word"]
        if isinstance(v, str) and _MONTH.match(v) and v not in labels:
            return format_month(v, lang)
        return labels.get(v, {}).get(lang, fmt_num(v)) if isinstance(v, str) else fmt_num(v)

    shown = s["list_sep"].join(word(v) for v in value) if isinstance(value, list) else word(value)
    if isinstance(value, str) and _MONTH.match(value) and f"{op}_month" in s["ops"]:
        op = f"{op}_month"  # a month compares as earlier / later, not as more / less
    return s["ops"][op].format(label=label, value=shown)
