"""Both languages are complete, correctly tagged, and the switch keeps the reader's place."""

from __future__ import annotations

import posixpath

import pytest

from .pages import HAN, language_of, twin_url

# The public guide's own pages (other pages, such as the self-check, upload and staff pages,
# have their own owners and tests).
GUIDE_PAGES = (
    "",
    "eligibility/",
    "materials/",
    "how-to-apply/",
    "exam-and-fees/",
    "subsidies/",
    "verification/",
    "notice/",
)


def own(url: str) -> bool:
    bare = url[3:] if url.startswith("en/") else url
    if bare in ("", "glossary/"):
        return True
    parts = bare.split("/", 2)
    return len(parts) == 3 and parts[0] == "programs" and parts[2] in GUIDE_PAGES


def test_every_chinese_page_has_an_english_twin_and_back(pages):
    urls = set(pages)
    lonely = sorted(u for u in urls if twin_url(u) not in urls)
    assert not lonely, lonely
    assert any(language_of(u) == "en" for u in urls) and any(language_of(u) == "zh" for u in urls)


def test_pages_declare_their_language(pages):
    for url, page in pages.items():
        assert page.html_lang == {"zh": "zh-CN", "en": "en"}[language_of(url)], url


def test_the_language_switch_lands_on_the_same_page_in_the_other_language(pages):
    for url, page in pages.items():
        other = "zh" if language_of(url) == "en" else "en"
        switch = [
            link for link in page.links if link.get("hreflang") == other and link["tag"] == "a"
        ]
        assert switch, f"{url} has no link to its {other} twin"
        target = posixpath.normpath(posixpath.join("/" + url, switch[0]["href"])).lstrip("/")
        target = target + "/" if target and not target.endswith("/") else target
        assert target == twin_url(url), (url, switch[0]["href"])


def test_english_pages_leave_no_chinese_untranslated_outside_quoted_originals(pages):
    offenders = {
        url: "".join(page.unquoted_han)[:40]
        for url, page in pages.items()
        if language_of(url) == "en" and own(url) and page.unquoted_han
    }
    assert not offenders, offenders


def test_chinese_pages_are_in_chinese(pages):
    for url, page in pages.items():
        if language_of(url) == "zh" and own(url):
            assert len(HAN.findall(page.text)) > len(page.text) / 10, url


def test_chinese_headings_get_readable_chinese_anchors(pages):
    ids = dict(pages["programs/huian-2024/exam-and-fees/"].heading_ids)
    assert any(HAN.search(i) for i in ids), ids
    for anchor, heading in ids.items():
        if anchor and HAN.search(heading):
            assert HAN.search(anchor), (anchor, heading)
    # lower-cased, readable words rather than "_1", "_2"
    assert all(not a.startswith("_") for a in ids), ids


def test_every_program_is_on_the_home_page_in_both_languages(pages, programs):
    for pid, program in programs.items():
        for url, lang in (("", "zh"), ("en/", "en")):
            home = pages[url]
            assert program["notice"]["short_title"][lang] in home.text
            assert program["notice"]["document_number"] in home.text
            hrefs = [link.get("href", "") for link in home.links]
            assert any(f"programs/{pid}/" in h for h in hrefs), (url, pid)


def test_the_glossary_is_published_in_both_languages(pages):
    for url in ("glossary/", "en/glossary/"):
        text = pages[url].text
        assert "政务服务办事员" in text and "government service clerk" in text
        assert 'certificate subsidy (Fujian "witness" subsidy)' in text


@pytest.mark.parametrize(
    ("start", "language", "lands"),
    [
        ("en/programs/huian-2024/materials/", "中文", "programs/huian-2024/materials/"),
        ("programs/wushen-2024/subsidies/", "English", "en/programs/wushen-2024/subsidies/"),
    ],
)
def test_clicking_the_language_switch_in_a_browser_keeps_the_page(
    browser, site_url, start, language, lands
):
    page = browser.new_page()
    try:
        page.goto(site_url + start, wait_until="networkidle")
        page.locator(".md-header__option .md-select").first.hover()  # opens the language menu
        page.locator(".md-select__link", has_text=language).first.click()
        page.wait_for_url(site_url + lands + "**")
        assert page.url.split("?")[0].split("#")[0] == site_url + lands
    finally:
        page.close()


@pytest.mark.parametrize("url", ["", "en/"])
def test_the_home_comparison_has_a_column_per_program_and_row_headers(site, programs, url):
    html = (site / url / "index.html").read_text(encoding="utf-8")
    table = html[html.index("<table>") : html.index("</table>")]
    assert table.count('<th scope="col">') == len(programs) + 1
    rows = table.count('<th scope="row">')
    assert rows >= 9 and table.count("<td>") == rows * len(programs)
