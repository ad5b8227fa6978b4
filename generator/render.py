"""Turn program dicts into Markdown pages, one file per page type and language.

MkDocs (or any Markdown site tool) renders what this writes, so nothing here knows about
MkDocs. Page types are a registry: a new kind of page is a template plus one ``register`` line.
Every fact on a page comes from the program dict; templates hold only wording of our own
(generator/templates/strings/<lang>.yaml), never a figure, date or name from a notice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
HTML_LANG = {"zh": "zh-CN", "en": "en"}


@dataclass(frozen=True)
class PageType:
    """One kind of page. ``path`` may use {id}; program pages are rendered once per program."""

    name: str
    template: str
    path: str
    title: dict
    per_program: bool = True
    in_program_menu: bool = True
    # Optional extra template context: callable(page_type, program, programs, lang) -> dict.
    context: object = None


PAGE_TYPES: list[PageType] = []


def register(page_type: PageType) -> PageType:
    if any(p.name == page_type.name for p in PAGE_TYPES):
        raise ValueError(f"page type {page_type.name!r} is registered twice")
    PAGE_TYPES.append(page_type)
    return page_type


def _t(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


def _selfcheck(*args) -> dict:
    from .questions import page_context

    return page_context(*args)


# Menu order is registration order. Slugs sort alphabetically in the same order where it matters.
register(PageType("overview", "overview.md.j2", "programs/{id}/index", _t("概览", "Overview")))
register(
    PageType(
        "eligibility",
        "eligibility.md.j2",
        "programs/{id}/eligibility",
        _t("报考条件", "Who can apply"),
    )
)
register(
    PageType(
        "materials",
        "materials.md.j2",
        "programs/{id}/materials",
        _t("材料清单", "Materials checklist"),
    )
)
register(
    PageType("apply", "apply.md.j2", "programs/{id}/how-to-apply", _t("如何报名", "How to apply"))
)
register(
    PageType(
        "exam",
        "exam.md.j2",
        "programs/{id}/exam-and-fees",
        _t("考试、费用与补考", "Exam, fees and retakes"),
    )
)
register(
    PageType("subsidies", "subsidies.md.j2", "programs/{id}/subsidies", _t("补贴", "Subsidies"))
)
register(
    PageType(
        "verify",
        "verify.md.j2",
        "programs/{id}/verification",
        _t("官方查询网站", "Official verification sites"),
    )
)
register(
    PageType("notice", "notice.md.j2", "programs/{id}/notice", _t("通知原文", "Original notice"))
)
register(
    PageType(
        "home", "home.md.j2", "index", _t("首页", "Home"), per_program=False, in_program_menu=False
    )
)
register(
    PageType(
        "selfcheck",
        "selfcheck.md.j2",
        "programs/{id}/self-check",
        _t("自助检测", "Self-check"),
        context=_selfcheck,
    )
)  # noqa: E501
register(
    PageType(
        "selfcheck-all",
        "selfcheck-all.md.j2",
        "self-check",
        _t("自助检测", "Self-check"),
        per_program=False,
        in_program_menu=False,
        context=_selfcheck,
    )
)  # noqa: E501

register(
    PageType(
        "upload",
        "upload.md.j2",
        "programs/{id}/upload",
        _t("上传材料", "Upload"),
        context=lambda *a: __import__("generator.tools", fromlist=["x"]).page_context(*a),
    )
)  # noqa: E501
register(
    PageType(
        "builder",
        "builder.md.j2",
        "programs/{id}/bundle-builder",
        _t("材料打包助手", "Bundle builder"),
        context=lambda *a: __import__("generator.tools", fromlist=["x"]).page_context(*a),
    )
)  # noqa: E501
register(
    PageType(
        "photo",
        "photo.md.j2",
        "programs/{id}/photo-tool",
        _t("证件照工具", "ID photo tool"),
        context=lambda *a: __import__("generator.questions", fromlist=["x"]).asset_context(*a),
    )
)  # noqa: E501

register(
    PageType(
        "updates",
        "updates.md.j2",
        "updates",
        _t("更新记录", "Updates"),
        per_program=False,
        in_program_menu=False,
        context=lambda *a: __import__("generator.updates", fromlist=["x"]).page_context(*a),
    )
)
register(
    PageType(
        "archive",
        "archive.md.j2",
        "archive",
        _t("往期项目", "Past programs"),
        per_program=False,
        in_program_menu=False,
    )
)


# --- page files ---------------------------------------------------------------------------


def page_file(path: str, lang: str) -> str:
    """Suffix layout: the default language has no suffix (``a.md``), others ``a.en.md``."""
    return f"{path}.md" if lang == DEFAULT_LANG else f"{path}.{lang}.md"


def render_site(
    programs: dict[str, dict],
    docs_dir: Path,
    data_dir: Path,
    *,
    as_of: str | None = None,
    cache_dir: Path | None = None,
) -> list[Path]:
    """Write every registered page for every program and language under docs_dir.

    The notice's own text file is copied beside the program's pages, so readers can download
    exactly what the pages were checked against.
    """
    from .templating import environment

    ordered = sorted(programs.values(), key=lambda p: p["id"])
    notices = {}
    for program in ordered:
        source = Path(data_dir) / program["notice"]["source"]
        notices[program["id"]] = source.read_text(encoding="utf-8")
        target = docs_dir / "programs" / program["id"] / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        for lang in LANGS:  # one copy per language, so each site's link stays inside it
            name = source.name if lang == DEFAULT_LANG else f"{source.stem}.{lang}{source.suffix}"
            (target.parent / name).write_text(notices[program["id"]], encoding="utf-8")
    written = []
    folders: set[Path] = set()
    # What a page's context shares with others is built once: per language (the environment's
    # globals, which imported macros see too), then per program.
    shared = {lang: _language_context(lang, ordered, as_of) for lang in LANGS}
    envs = {lang: environment(cache_dir, shared[lang]) for lang in LANGS}
    menus = {(lang, t.name): menu_shape(lang, t.name) for lang in LANGS for t in PAGE_TYPES}
    per_program = {
        (program["id"], lang): {
            "p": program,
            "examples": naming_examples(program, shared[lang]["s"]["example_person"]),
            "notice_text": notices[program["id"]],
        }
        for program in ordered
        for lang in LANGS
    }
    for page_type in PAGE_TYPES:
        templates = {lang: envs[lang].get_template(page_type.template) for lang in LANGS}
        targets = ordered if page_type.per_program else [None]
        for program in targets:
            path = page_type.path.format(id=program["id"]) if program else page_type.path
            for lang in LANGS:
                context = _context(lang, page_type, program, ordered)
                if program is not None:
                    context["menu"] = program_menu(program, menus[lang, page_type.name])
                    context.update(per_program[program["id"], lang])
                out = docs_dir / page_file(path, lang)
                if out.parent not in folders:
                    out.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(out.parent)
                out.write_text(templates[lang].render(context), encoding="utf-8")
                written.append(out)
    return written


def program_menu(program: dict, shape: tuple) -> list[dict]:
    """Links between one program's pages, from the menu's shape for the current page."""
    return [
        {"title": title, "href": href.replace("{id}", program["id"]), "current": is_current}
        for title, href, is_current in shape
    ]


def menu_shape(lang: str, current: str) -> tuple:
    """The menu of the page named ``current`` with {id} left in: the same for every program,
    so a build works it out once per page type and language."""
    here = next(p for p in PAGE_TYPES if p.name == current)
    return tuple(
        (
            page_type.title[lang],
            relative_link(here.path, page_type.path, lang),
            page_type.name == current,
        )
        for page_type in PAGE_TYPES
        if page_type.per_program and page_type.in_program_menu
    )


def relative_link(from_path: str, to_path: str, lang: str) -> str:
    """A Markdown link from one page source to another; the i18n step maps it to the twin."""
    depth = page_file(from_path, DEFAULT_LANG).count("/")
    return "../" * depth + page_file(to_path, DEFAULT_LANG)


# --- template environment -----------------------------------------------------------------


@cache
def strings(lang: str) -> dict:
    from .yamlpos import read

    return read(TEMPLATES / "strings" / f"{lang}.yaml")


def _language_context(lang: str, programs: list[dict], as_of: str | None) -> dict:
    """What every page in one language shares: wording, the program lists, the helpers."""
    s = strings(lang)
    current = [p for p in programs if not p.get("archived")]
    archived = [p for p in programs if p.get("archived")]
    from . import updates

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
        "value_history": updates.value_history,
        "value_label": updates.value_label,
        "tr": lambda value: text(value, lang),
        "date": lambda iso: format_date(iso, lang),
        "money": lambda amount: s["money"].format(amount=fmt_num(amount)),
        "level_name": lambda level: s["levels"][int(level)],
        "orig": lambda value: original(value, lang),
        "code": lambda value: code_span(value, lang),
        "condition": lambda expr: describe(expr, lang),
        "program_path": lambda p, name="overview": next(
            t.path for t in PAGE_TYPES if t.name == name
        ).format(id=p["id"]),
    }


def _context(lang, page_type, program, programs) -> dict:
    """What only this page has (the language's shared part is the environment's globals)."""
    here = page_type.path.format(id=program["id"]) if program else page_type.path
    ctx = {
        "page": page_type,
        "link": lambda to: relative_link(here, to, lang),
    }
    if page_type.context:
        ctx.update(page_type.context(page_type, program, programs, lang))
    return ctx


# --- text helpers -------------------------------------------------------------------------

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
    import markupsafe

    escaped = str(markupsafe.escape(str(value))).replace("_", "&#95;")
    attr = ' lang="zh-CN"' if lang != "zh" and _HAN.search(str(value)) else ""
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


def describe(expr: dict, lang: str) -> str:
    """A machine condition (as in the YAML) in plain words, with the profile fields' labels."""
    s = strings(lang)
    if "all" in expr:
        return s["all_of"].join(describe(e, lang) for e in expr["all"])
    if "any" in expr:
        return s["any_of"].join(describe(e, lang) for e in expr["any"])
    if "not" in expr:
        return s["not"].format(describe(expr["not"], lang))
    spec = _catalogue().get(expr["field"], {})
    label = spec.get("label", {}).get(lang, expr["field"])
    op = next(k for k in expr if k != "field")
    value = expr[op]
    labels = spec.get("values", {})

    def word(v):
        if isinstance(v, bool):
            return s["yes_word"] if v else s["no_word"]
        return labels.get(v, {}).get(lang, fmt_num(v)) if isinstance(v, str) else fmt_num(v)

    shown = s["list_sep"].join(word(v) for v in value) if isinstance(value, list) else word(value)
    return s["ops"][op].format(label=label, value=shown)


@cache
def _catalogue() -> dict:
    try:
        from .rules import field_catalogue

        return field_catalogue()["fields"]
    except Exception:  # the labels are a nicety; a bare field name still reads
        return {}


# --- ID numbers for file-name examples ----------------------------------------------------

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits of a resident ID number."""
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_number_valid(number: str) -> bool:
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return check_digit(number[:17]) == number[17]


def synthetic_id(region: str = "110101", birth: str = "19900101", sequence: str = "123") -> str:
    """A made-up number that passes the check digit, for examples only."""
    first17 = f"{region}{birth}{sequence}"
    return first17 + check_digit(first17)


def naming_examples(program: dict, default_person: str) -> dict:
    """Example names for each material; the photo rule's own example is checked, not copied."""
    out = {"materials": {}, "notice_example": None, "person": None, "id_number": None}
    photo_rules = [m for m in program.get("materials", []) if m.get("naming")]
    person = None
    region = "110101"
    for material in photo_rules:
        example = material["naming"].get("notice_example")
        if example:
            stem = example.rsplit(".", 1)[0]
            name, _, number = stem.partition("_")
            person = name or person
            if re.fullmatch(r"\d{6}", number[:6]):
                region = number[:6]
            out["notice_example"] = {
                "file": example,
                "number": number,
                "valid": id_number_valid(number),
                "expected_check": check_digit(number[:17])
                if re.fullmatch(r"\d{17}.", number)
                else None,
                "material": material["id"],
            }
    number = synthetic_id(region)
    person = person or default_person
    out["person"] = person
    out["id_number"] = number
    for material in program.get("materials", []):
        naming = material.get("naming")
        formats = material.get("formats") or ["pdf"]
        if naming:
            name = naming["pattern"].format(name=person or "name", id_number=number)
        else:
            keyword = (material.get("keywords") or [material["id"]])[0]
            name = f"{keyword}.{_EXT.get(formats[0], formats[0])}"
        out["materials"][material["id"]] = name
    return out


_EXT = {"jpeg": "jpg"}
