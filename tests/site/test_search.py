"""Search works in each language and stays in it: Chinese words are found mid-page (jieba
segments them, the separator splits on the zero-width space), English words likewise, and a
reader on one language's pages is only ever led to pages in that language."""

from __future__ import annotations

import json
import re

import pytest

from .pages import HAN, language_of

TERMS = ("学信网", "见证补贴", "补考")


def load_index(site, lang):
    path = site / ("en/" if lang == "en" else "") / "search" / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_chinese_index_is_segmented_and_splits_on_the_zero_width_space(site):
    index = load_index(site, "zh")
    assert "\\u200b" in index["config"]["separator"]
    assert "zh" in index["config"]["lang"]
    separator = re.compile(index["config"]["separator"].replace("\\u200b", "\u200b"))
    tokens = {t for doc in index["docs"] for t in separator.split(doc["text"]) if t}
    assert "学信网" in tokens
    assert "补考" in tokens
    assert {"见证", "补贴"} <= tokens or "见证补贴" in tokens


def test_the_chinese_index_holds_the_terms_from_the_middle_of_pages(site):
    docs = load_index(site, "zh")["docs"]
    for term in TERMS:
        hits = [d for d in docs if term in d["text"].replace("\u200b", "") and d["location"]]
        assert hits, term
        # found in running text, not only as a page's first words or its title
        assert any(d["text"].replace("\u200b", "").find(term) > 20 for d in hits), term


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_language_index_holds_exactly_that_languages_pages(site, pages, lang):
    docs = load_index(site, lang)["docs"]
    prefix = "en/" if lang == "en" else ""
    indexed = {prefix + d["location"].split("#")[0] for d in docs}
    expected = {url for url in pages if language_of(url) == lang}
    assert indexed == expected
    for doc in docs:
        page = pages[prefix + doc["location"].split("#")[0]]
        if "#" not in doc["location"]:
            assert doc["title"].replace("\u200b", "") in page.title
    # Chinese in the English index is only quoted names and numbers; the notices' own text
    # (which is Chinese on every page) is kept out of it.
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    share = len(HAN.findall(text)) / len(text)
    assert share < 0.05 if lang == "en" else share > 0.2, share


READY = """() => {
  const placeholder = JSON.parse(document.getElementById("__config").textContent)
    .translations["search.result.placeholder"];
  const meta = document.querySelector(".md-search-result__meta");
  return meta && meta.textContent.trim() === placeholder;
}"""


def _search(browser, url, query):
    """Type into the search box like a reader, once the theme says search is ready."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        page.locator("input.md-search__input").click(force=True)
        page.wait_for_function(READY, timeout=20000)
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")  # the theme reads the query on key-up, as when a person types
        items = page.locator(".md-search-result__item > a")
        items.first.wait_for(timeout=15000)
        return [items.nth(i).get_attribute("href") for i in range(items.count())], page.url
    finally:
        page.close()


@pytest.mark.parametrize(
    ("start", "query", "expect"),
    [
        ("programs/wushen-2024/", "学信网", "programs/huian-2024/materials/"),
        ("", "见证补贴", "programs/huian-2024/subsidies/"),
        ("programs/huian-2024/notice/", "补考", "programs/huian-2024/exam-and-fees/"),
        ("en/", "retake", "en/programs/huian-2024/exam-and-fees/"),
        ("en/programs/wushen-2024/", "CHSI", "en/programs/huian-2024/materials/"),
    ],
)
def test_searching_in_the_browser_finds_the_page_and_stays_in_the_language(
    browser, site_url, start, query, expect
):
    hrefs, _ = _search(browser, site_url + start, query)
    paths = [h.split("#")[0].split("?")[0].replace(site_url, "") for h in hrefs]
    assert expect in paths, paths
    lang = language_of(start)
    assert all(language_of(p) == lang for p in paths), paths
