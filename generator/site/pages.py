"""Which pages the site has: one list. A new kind of page is a template plus one entry here.

Menu order is list order. A page type's ``context`` adds what its template needs beyond the
program and the language's helpers; it is called with the page's Place (where the page stands,
how to reach the others), the program (None for site-wide pages) and every program.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .context import photo, selfcheck, tools, updates
from .urls import asset_url, page_url


@dataclass(frozen=True)
class Place:
    """A page being rendered: its path, its language, and the way to every other page."""

    here: str  # e.g. programs/wushen-2024/materials
    lang: str
    paths: Mapping[str, str]  # page type name -> path with {id}
    titles: Mapping[str, dict]  # page type name -> {zh, en}

    def path(self, name: str, program_id: str | None = None) -> str:
        return self.paths[name].format(id=program_id)

    def url(self, name: str, program_id: str | None = None) -> str:
        """A relative URL from this page to another (for scripts and raw HTML)."""
        return page_url(self.here, self.path(name, program_id))

    def url_to(self, path: str) -> str:
        return page_url(self.here, path)

    def asset(self, name: str) -> str:
        return asset_url(self.here, self.lang, name)


@dataclass(frozen=True)
class PageType:
    """One kind of page. ``path`` may use {id}; program pages are rendered once per program."""

    name: str
    template: str
    path: str
    title: dict
    per_program: bool = True
    in_program_menu: bool = True
    context: Callable[[Place, dict | None, list[dict]], dict] | None = None


def _t(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


PAGES: list[PageType] = [
    PageType("overview", "overview.md.j2", "programs/{id}/index", _t("概览", "Overview")),
    PageType(
        "eligibility",
        "eligibility.md.j2",
        "programs/{id}/eligibility",
        _t("报考条件", "Who can apply"),
    ),
    PageType(
        "materials",
        "materials.md.j2",
        "programs/{id}/materials",
        _t("材料清单", "Materials checklist"),
    ),
    PageType("apply", "apply.md.j2", "programs/{id}/how-to-apply", _t("如何报名", "How to apply")),
    PageType(
        "exam",
        "exam.md.j2",
        "programs/{id}/exam-and-fees",
        _t("考试、费用与补考", "Exam, fees and retakes"),
    ),
    PageType("subsidies", "subsidies.md.j2", "programs/{id}/subsidies", _t("补贴", "Subsidies")),
    PageType(
        "verify",
        "verify.md.j2",
        "programs/{id}/verification",
        _t("官方查询网站", "Official verification sites"),
    ),
    PageType("notice", "notice.md.j2", "programs/{id}/notice", _t("通知原文", "Original notice")),
    PageType(
        "home", "home.md.j2", "index", _t("首页", "Home"), per_program=False, in_program_menu=False
    ),
    PageType(
        "selfcheck",
        "selfcheck.md.j2",
        "programs/{id}/self-check",
        _t("自助检测", "Self-check"),
        context=selfcheck.page_context,
    ),
    PageType(
        "selfcheck-all",
        "selfcheck-all.md.j2",
        "self-check",
        _t("自助检测", "Self-check"),
        per_program=False,
        in_program_menu=False,
        context=selfcheck.page_context,
    ),
    PageType(
        "upload",
        "upload.md.j2",
        "programs/{id}/upload",
        _t("检查压缩包", "Check your ZIP"),
        context=tools.page_context,
    ),
    PageType(
        "builder",
        "builder.md.j2",
        "programs/{id}/bundle-builder",
        _t("材料打包助手", "Bundle builder"),
        context=tools.page_context,
    ),
    PageType(
        "photo",
        "photo.md.j2",
        "programs/{id}/photo-tool",
        _t("证件照工具", "ID photo tool"),
        context=photo.page_context,
    ),
    PageType(
        "updates",
        "updates.md.j2",
        "updates",
        _t("更新记录", "Updates"),
        per_program=False,
        in_program_menu=False,
        context=updates.page_context,
    ),
    PageType(
        "archive",
        "archive.md.j2",
        "archive",
        _t("往期项目", "Past programs"),
        per_program=False,
        in_program_menu=False,
    ),
]


def _unique(pages: list[PageType]) -> None:
    names = [p.name for p in pages]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"page types listed twice: {', '.join(twice)}")


_unique(PAGES)
PATHS = {p.name: p.path for p in PAGES}
TITLES = {p.name: p.title for p in PAGES}


def place(page_type: PageType, program: dict | None, lang: str) -> Place:
    here = page_type.path.format(id=program["id"]) if program else page_type.path
    return Place(here, lang, PATHS, TITLES)
