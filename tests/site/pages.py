"""Read the built site the way a reader sees it: visible text, links, language, per page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
HIDDEN = {"script", "style", "template", "svg"}


@dataclass
class Page:
    path: Path
    url: str  # site-relative, e.g. "en/programs/huian-2024/materials/"
    html_lang: str = ""
    title: str = ""
    text: str = ""  # visible text of the article (the page's own content)
    unquoted_han: list[str] = field(default_factory=list)  # Chinese outside lang=zh-* in article
    links: list[dict] = field(default_factory=list)
    heading_ids: list[tuple[str, str]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[tuple[str, dict]] = []
        self.article_depth = None
        self.hidden = 0
        self.chunks: list[str] = []
        self.heading: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.page.html_lang = a.get("lang", "")
        if tag == "a" or tag == "link":
            self.page.links.append({"tag": tag, **a})
        if tag in VOID:
            return
        self.stack.append((tag, a))
        if tag in HIDDEN:
            self.hidden += 1
        if tag == "article" and self.article_depth is None:
            self.article_depth = len(self.stack)
        if tag in ("h1", "h2", "h3", "h4") and self.in_article:
            self.heading = [a.get("id", ""), ""]
        if tag in ("p", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "pre", "div", "br"):
            self.chunks.append(" ")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag in HIDDEN:
                self.hidden -= 1
            if self.article_depth is not None and len(self.stack) < self.article_depth:
                self.article_depth = -1  # the article has closed
            if open_tag == tag:
                break
        if tag in ("h1", "h2", "h3", "h4") and self.heading is not None:
            self.page.heading_ids.append((self.heading[0], self.heading[1].strip()))
            self.heading = None
        if tag in ("p", "li", "td", "th", "pre", "div"):
            self.chunks.append(" ")

    @property
    def in_article(self) -> bool:
        return self.article_depth not in (None, -1)

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "title":
            self.page.title += data
        if self.hidden or not self.in_article:
            return
        self.chunks.append(data)
        if self.heading is not None:
            self.heading[1] += data
        quoted = any(a.get("lang", "").startswith("zh") for _, a in self.stack)
        if not quoted:
            self.page.unquoted_han.extend(HAN.findall(data))


def read_page(site: Path, path: Path) -> Page:
    rel = path.relative_to(site).as_posix()
    url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
    page = Page(path=path, url=url)
    reader = _Reader(page)
    reader.feed(path.read_text(encoding="utf-8"))
    page.text = normalise("".join(reader.chunks))
    return page


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()


def all_pages(site: Path) -> dict[str, Page]:
    pages = {}
    for path in sorted(site.rglob("index.html")):
        if path.relative_to(site).parts[0] == "assets":  # files shipped with libraries, not pages
            continue
        page = read_page(site, path)
        pages[page.url] = page
    return pages


def language_of(url: str) -> str:
    return "en" if url.startswith("en/") else "zh"


def twin_url(url: str) -> str:
    return url[len("en/") :] if url.startswith("en/") else "en/" + url
