"""Search engines get what they need: absolute hreflang alternates between each page and its
twin, an indexable self-check page that turns noindex once its address carries answers, and a
404 page that speaks both languages."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from .pages import language_of, twin_url

TAGS = {"zh": "zh-CN", "en": "en"}


def alternates(page) -> dict[str, str]:
    return {
        link["hreflang"]: link.get("href", "")
        for link in page.links
        if link["tag"] == "link" and link.get("rel") == "alternate" and link.get("hreflang")
    }


def site_root(pages) -> str:
    """The published address, as the home page declares it for itself."""
    return alternates(pages[""])["zh-CN"]


def test_every_page_names_itself_and_its_twin_by_absolute_hreflang_links(pages, site):
    root = site_root(pages)
    assert urlsplit(root).scheme in ("http", "https") and urlsplit(root).netloc, root
    wrong = {}
    for url, page in pages.items():
        found = alternates(page)
        zh = url if language_of(url) == "zh" else twin_url(url)
        expected = {"zh-CN": root + zh, "en": root + twin_url(zh), "x-default": root + zh}
        if found != expected:
            wrong[url] = found
    assert not wrong, dict(list(wrong.items())[:3])


def test_every_hreflang_link_leads_to_a_built_page(pages, site):
    root = site_root(pages)
    missing = set()
    for page in pages.values():
        for href in alternates(page).values():
            assert href.startswith(root), href
            if not (site / href[len(root) :] / "index.html").is_file():
                missing.add(href)
    assert not missing, sorted(missing)[:5]


def test_the_canonical_address_is_the_pages_own_hreflang_address(pages):
    for url, page in pages.items():
        canonical = [x["href"] for x in page.links if x.get("rel") == "canonical"]
        assert canonical == [alternates(page)[TAGS[language_of(url)]]], url


SELF_CHECK = "programs/wushen-2024/self-check/"
ANSWERS = "#age=17&education=bachelor&related-major=yes&staffing=established&view=result"


def robots(page) -> list[str]:
    return page.locator("meta[name=robots]").evaluate_all("ms => ms.map(m => m.content)")


def test_the_self_check_page_is_indexable_until_its_address_carries_answers(browser, site_url):
    page = browser.new_page()
    try:
        for prefix in ("", "en/"):
            page.goto(site_url + prefix + SELF_CHECK)
            page.wait_for_selector("#selfcheck:not([hidden])")
            assert robots(page) == [], prefix
            page.goto(site_url + prefix + SELF_CHECK + ANSWERS)
            page.reload()  # a fresh load of an address with answers, as a crawler would fetch it
            page.wait_for_selector("#selfcheck[data-view=result]")
            assert robots(page) == ["noindex"], prefix
    finally:
        page.close()


def test_answering_the_first_question_turns_the_self_check_page_noindex(browser, site_url):
    page = browser.new_page()
    try:
        page.goto(site_url + "en/" + SELF_CHECK)
        page.wait_for_selector("#selfcheck:not([hidden])")
        assert robots(page) == []
        page.locator("#sc-region-0").select_option(value="110000")  # Beijing
        page.get_by_role("button", name="Continue").click()
        page.wait_for_function("location.hash.includes('workplace=110000')")
        assert robots(page) == ["noindex"]
        page.go_back()
        page.wait_for_function("!location.hash.includes('workplace=')")
        assert robots(page) == []
    finally:
        page.close()


def test_the_404_page_says_not_found_in_chinese_then_english_with_both_homes(
    browser, site_url, site
):
    html = Path(site, "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in html
    page = browser.new_page()
    try:
        # the page a static host answers with for an unknown address (this test server serves
        # it only by name)
        page.goto(site_url + "404.html")
        text = page.locator("article").inner_text()
        assert "页面不存在" in text and "Page not found" in text
        assert text.index("页面不存在") < text.index("Page not found")
        assert page.locator("article [lang=en]").count() >= 1
        homes = page.locator("article a")
        targets = {
            homes.nth(i).get_attribute("hreflang"): homes.nth(i).get_attribute("href")
            for i in range(homes.count())
        }
        assert set(targets) == {"zh-CN", "en"}, targets
        for lang, href in targets.items():
            page.goto(site_url + posixpath.normpath(href).lstrip("/"))
            assert page.locator("html").get_attribute("lang") == lang
            assert page.url.rstrip("/").endswith("/en") == (lang == "en")
    finally:
        page.close()
