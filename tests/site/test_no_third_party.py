"""The built site makes no request to any host but its own.

A static scan of every HTML, CSS and JS file for anything the browser would fetch from
elsewhere (plain <a href> links to official sites are fine: the reader chooses to follow them),
and a real browser visit of every page that records every request it makes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

FETCHING_LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "mask-icon",
}
URL_ATTRS = {"src", "srcset", "poster", "data", "background", "formaction", "action"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.I)
JS_FETCH = re.compile(
    r"""(?:\bfetch|\bimport|importScripts|\.open\(\s*['"]\w+['"]\s*,|new\s+(?:Worker|WebSocket|EventSource))"""
    r"""\s*\(?\s*[`'"]((?:https?:|wss?:)?//[^`'"]+)""",
    re.I,
)
JS_IMPORT_FROM = re.compile(r"""\bfrom\s*[`'"]((?:https?:)?//[^`'"]+)""")


def external(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss", "ftp") and bool(parts.netloc)


class _Fetches(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for name in URL_ATTRS & set(a):
            for candidate in re.split(r",\s*", a[name]):
                url = candidate.split()[0] if candidate.split() else ""
                if url and external(url):
                    self.found.append(f"<{tag} {name}={url}>")
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & FETCHING_LINK_RELS and external(a.get("href", "")):
                self.found.append(f"<link rel={a.get('rel')} href={a['href']}>")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            target = a.get("content", "").partition("url=")[2]
            if external(target):
                self.found.append(f"<meta refresh {target}>")
        if "style" in a:
            self.found += [u for u in CSS_URL.findall(a["style"]) if external(u)]
        self.in_style = tag == "style"

    def handle_data(self, data):
        if self.in_style:
            self.found += css_fetches(data)

    def handle_endtag(self, tag):
        self.in_style = False


def css_fetches(css: str) -> list[str]:
    return [u for u in CSS_URL.findall(css) + CSS_IMPORT.findall(css) if external(u)]


def js_fetches(js: str) -> list[str]:
    return [u for u in JS_FETCH.findall(js) + JS_IMPORT_FROM.findall(js) if external(u)]


def test_the_scanner_catches_each_kind_of_third_party_fetch():
    page = _Fetches()
    page.feed(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.com/x.js"></script><img srcset="a.png 1x, https://x.cn/b.png 2x">'
        '<div style="background:url(https://x.cn/bg.png)"></div><a href="https://www.osta.org.cn">ok</a>'
    )
    assert len(page.found) == 4
    assert css_fetches("@import 'https://x.cn/a.css'; a{background:url(//x.cn/i.png)}") == [
        "//x.cn/i.png",
        "https://x.cn/a.css",
    ]
    assert js_fetches('fetch("https://api.example.com/x");import("//cdn.x/m.js")') == [
        "https://api.example.com/x",
        "//cdn.x/m.js",
    ]
    assert not js_fetches('fetch(new URL("search/search_index.json", base))')


def test_no_built_file_fetches_from_another_host(site):
    offenders = {}
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js", ".svg", ".xml") or not path.is_file():
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            parser = _Fetches()
            parser.feed(content)
            found = parser.found
        elif path.suffix == ".css":
            found = css_fetches(content)
        elif path.suffix == ".js":
            found = js_fetches(content)
        else:
            found = []
        if found:
            offenders[str(path.relative_to(site))] = found[:5]
    assert not offenders, offenders


def test_no_google_fonts_or_cdn_is_named_in_any_page(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html, path


@pytest.mark.parametrize(
    "start", ["", "en/", "programs/huian-2024/", "en/programs/wushen-2024/materials/"]
)
def test_a_browser_reading_the_site_requests_nothing_from_other_hosts(browser, site_url, start):
    own = urlsplit(site_url).netloc
    requests = []
    context = browser.new_context()
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + start, wait_until="networkidle")
    page.locator("input.md-search__input").click(force=True)  # loads the search worker and index
    page.locator("input.md-search__input").fill("2024")
    page.wait_for_load_state("networkidle")
    context.close()
    foreign = [
        u for u in requests if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != own
    ]
    assert requests and not foreign, foreign
