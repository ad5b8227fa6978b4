"""The site audit's pieces, shared by tests/audit and bench/audit.py: every built page, its
declared language, its same-host links and assets, and axe-core in a real browser.

Plain functions over a built site folder and a base URL; the browser is whatever Playwright
browser the caller holds (the test session's one, or the bench script's).
"""

from __future__ import annotations

import concurrent.futures
import pathlib
import re
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

from tests.support import axe

REPO = pathlib.Path(__file__).resolve().parents[2]
AXE = axe.AXE
HAN = re.compile(r"[\u3400-\u9fff]")
FINITE_ANIMATIONS_DONE = """document.getAnimations().every(a => a.playState !== 'running'
    || !a.effect || a.effect.getComputedTiming().endTime === Infinity)"""
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")


def page_urls(site: pathlib.Path) -> list[str]:
    """Every built HTML page as a site-relative URL ('' is the home page, 'en/' the English one)."""
    urls = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


def expected_lang(url: str) -> str:
    return "en" if url.startswith("en/") else "zh-CN"


class _Reader(HTMLParser):
    """Collects <html lang>, link targets (a, link, script, img, source, iframe) and ids."""

    ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.links: list[tuple[str, str]] = []  # (tag, target)
        self.ids: set[str] = set()
        self.article: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag in self.ATTRS and a.get(self.ATTRS[tag]):
            self.links.append((tag, a[self.ATTRS[tag]]))
        if tag in ("img", "source") and a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.links.append((tag, part.strip().split()[0]))
        if tag == "article":
            self._in_article += 1

    def handle_endtag(self, tag):
        if tag == "article" and self._in_article:
            self._in_article -= 1

    def handle_data(self, data):
        if self._in_article:
            self.article.append(data)


def read(path: pathlib.Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text("utf-8"))
    return reader


def file_of(site: pathlib.Path, url: str) -> pathlib.Path:
    return site / (url + "index.html" if url == "" or url.endswith("/") else url)


def lang_problems(site: pathlib.Path) -> dict[str, str]:
    """Pages whose <html lang> is missing or not the one their language needs.

    A page's language is that of its folder (en/… is English, the rest Chinese); the 404 page,
    shared by both, must declare the language its own text is in.
    """
    wrong = {}
    for url in page_urls(site):
        reader = read(file_of(site, url))
        want = expected_lang(url)
        if url == "404.html":
            want = "zh-CN" if HAN.search("".join(reader.article)) else "en"
        if reader.lang != want:
            wrong[url] = f"lang={reader.lang!r}, expected {want!r}"
    return wrong


def internal_targets(site: pathlib.Path, base_url: str) -> dict[str, set[str]]:
    """Same-host link and asset targets (without fragment) -> the pages that use them."""
    host = urllib.parse.urlsplit(base_url).netloc
    used: dict[str, set[str]] = {}
    for url in page_urls(site):
        page_url = urllib.parse.urljoin(base_url + "/", url)
        for _tag, target in read(file_of(site, url)).links:
            target = target.strip()
            if not target or target.startswith("#") or target.lower().startswith(SKIP_SCHEMES):
                continue
            absolute = urllib.parse.urljoin(page_url, target)
            parts = urllib.parse.urlsplit(absolute)
            if parts.netloc != host:
                continue
            clean = urllib.parse.urlunsplit(
                (parts.scheme, parts.netloc, parts.path, parts.query, "")
            )
            used.setdefault(clean, set()).add(url or "/")
    return used


def status_of(url: str) -> int:
    req = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def broken_links(site: pathlib.Path, base_url: str) -> dict[str, dict]:
    """Same-host targets that do not answer 200 -> {status, used_on}."""
    used = internal_targets(site, base_url)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = dict(zip(used, pool.map(status_of, used), strict=True))
    return {
        target: {"status": status, "used_on": sorted(used[target])[:5]}
        for target, status in sorted(statuses.items())
        if status != 200
    }


def axe_violations(
    browser,
    base_url: str,
    urls: list[str],
    failed: dict | None = None,
    seen: dict | None = None,
) -> dict[str, list[dict]]:
    """axe-core (the pinned npm copy, injected from disk) on each page -> its violations.

    With `failed`, same-host requests the pages' scripts make that answer 400 or more are
    collected there too (target -> pages), which a crawl of the HTML cannot see.

    With `seen`, each page's own axe answer is kept there too (its address -> "violations" as
    axe gives them, and "settled_at_load": whether no fade was running when it had loaded, so
    that the answer is also the one axe gives on the page as loaded).
    """
    # axe and the checks below are scripts the test adds: the site's CSP (served by the upload
    # server) is for the site's own scripts, so it is bypassed for them, not weakened
    context = browser.new_context(bypass_csp=True)
    axe.preload(context)  # in every page as it opens, rather than sent again after each load
    page = context.new_page()
    found: dict[str, list[dict]] = {}
    current = [""]

    def on_response(response):
        if failed is not None and response.url.startswith(base_url) and response.status >= 400:
            failed.setdefault(response.url, set()).add(current[0] or "/")

    page.on("response", on_response)
    try:
        for url in urls:
            current[0] = url
            page.goto(f"{base_url}/{url}", wait_until="load")
            settled_at_load = page.evaluate(FINITE_ANIMATIONS_DONE)
            page.wait_for_function(FINITE_ANIMATIONS_DONE)  # judge colours once fades end
            axe.ensure(page)
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            if seen is not None:
                seen[f"{base_url}/{url}"] = {
                    "settled_at_load": settled_at_load,
                    "violations": result["violations"],
                }
            if result["violations"]:
                found[url or "/"] = [
                    {
                        "rule": v["id"],
                        "impact": v.get("impact"),
                        "help": v["help"],
                        "nodes": len(v["nodes"]),
                        "example": v["nodes"][0]["html"][:160] if v["nodes"] else "",
                    }
                    for v in result["violations"]
                ]
    finally:
        context.close()
    return found


def by_rule(violations: dict[str, list[dict]]) -> dict[str, list[str]]:
    rules: dict[str, list[str]] = {}
    for url, items in violations.items():
        for v in items:
            rules.setdefault(v["rule"], []).append(url)
    return rules
