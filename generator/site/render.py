"""Write every page of the site as Markdown: each page type, for each program, in each language.

MkDocs (or any Markdown site tool) renders what this writes, so nothing here knows about
MkDocs. Every fact on a page comes from the program in force; templates hold only wording of
our own (templates/strings/<lang>.yaml), never a figure, date or name from a notice.
"""

from __future__ import annotations

from pathlib import Path

from policy import naming

from .context.language import language_context
from .pages import PAGES, PATHS, PageType, place
from .templating import environment
from .text import DEFAULT_LANG, LANGS
from .urls import page_file, relative_link


def render_site(
    programs: dict[str, dict],
    docs_dir: Path,
    data_dir: Path,
    *,
    as_of: str | None = None,
    cache_dir: Path | None = None,
) -> list[Path]:
    """Write every page under docs_dir; returns the files written.

    The notice's own text file is copied beside the program's pages, so readers can download
    exactly what the pages were checked against.
    """
    ordered = sorted(programs.values(), key=lambda p: p["id"])
    notices = {p["id"]: copy_notice(p, docs_dir, data_dir) for p in ordered}
    written = []
    folders: set[Path] = set()
    # What a page's context shares with others is built once: per language (the environment's
    # globals, which imported macros see too), then per program.
    shared = {lang: language_context(lang, ordered, as_of, PATHS) for lang in LANGS}
    envs = {lang: environment(cache_dir, shared[lang]) for lang in LANGS}
    menus = {(lang, t.name): menu_shape(lang, t.name) for lang in LANGS for t in PAGES}
    per_program = {
        program["id"]: {
            "p": program,
            "examples": naming.example_names(program),
            "notice_text": notices[program["id"]],
        }
        for program in ordered
    }
    for page_type in PAGES:
        templates = {lang: envs[lang].get_template(page_type.template) for lang in LANGS}
        for program in ordered if page_type.per_program else [None]:
            for lang in LANGS:
                where = place(page_type, program, lang)
                context = _context(page_type, where, program, ordered)
                if program is not None:
                    context["menu"] = program_menu(program, menus[lang, page_type.name])
                    context.update(per_program[program["id"]])
                out = docs_dir / page_file(where.here, lang)
                if out.parent not in folders:
                    out.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(out.parent)
                out.write_text(templates[lang].render(context), encoding="utf-8")
                written.append(out)
    return written


def copy_notice(program: dict, docs_dir: Path, data_dir: Path) -> str:
    """The notice's text beside the program's pages, once per language (so each site's link
    stays inside it); returns the text."""
    source = Path(data_dir) / program["notice"]["source"]
    notice = source.read_text(encoding="utf-8")
    folder = docs_dir / "programs" / program["id"]
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        name = source.name if lang == DEFAULT_LANG else f"{source.stem}.{lang}{source.suffix}"
        (folder / name).write_text(notice, encoding="utf-8")
    return notice


def _context(page_type: PageType, where, program, programs) -> dict:
    """What only this page has (the language's shared part is the environment's globals)."""
    ctx = {"page": page_type, "link": lambda to: relative_link(where.here, to)}
    if page_type.context:
        ctx.update(page_type.context(where, program, programs))
    return ctx


def program_menu(program: dict, shape: tuple) -> list[dict]:
    """Links between one program's pages, from the menu's shape for the current page."""
    return [
        {"title": title, "href": href.replace("{id}", program["id"]), "current": is_current}
        for title, href, is_current in shape
    ]


def menu_shape(lang: str, current: str) -> tuple:
    """The menu of the page named ``current`` with {id} left in: the same for every program,
    so a build works it out once per page type and language."""
    here = PATHS[current]
    return tuple(
        (page_type.title[lang], relative_link(here, page_type.path), page_type.name == current)
        for page_type in PAGES
        if page_type.per_program and page_type.in_program_menu
    )
