"""The public guide's pages pass axe-core (the pinned npm copy, served from disk) with no
violations, in both languages; without JavaScript every page still reads in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import axe

from .test_languages import own

AXE = axe.AXE


def guide_pages(pages):
    return sorted(url for url in pages if own(url))


def test_axe_finds_no_violation_on_any_page_of_the_guide(browser, site_url, pages, axe_answers):
    assert AXE.is_file(), "run npm ci: axe-core is pinned in package.json"
    context = browser.new_context()
    axe.preload(context)  # in every page as it opens, rather than sent again after each load
    page = context.new_page()
    found = {}
    try:
        for url in guide_pages(pages):
            # The site audit (tests/audit) runs axe on every page of this same site; where
            # nothing was still fading in when its page had loaded, its answer is the one for
            # the page as loaded, which is what is judged here.
            answer = axe_answers.get(site_url + url)
            if answer is not None and answer["settled_at_load"]:
                violations = answer["violations"]
            else:
                page.goto(site_url + url, wait_until="load")
                axe.ensure(page)
                violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})")[
                    "violations"
                ]
            if violations:
                found[url] = [(v["id"], v["nodes"][0]["html"][:120]) for v in violations]
    finally:
        context.close()
    assert not found, found


@pytest.mark.parametrize(
    "url", ["programs/huian-2024/materials/", "en/programs/wushen-2024/how-to-apply/"]
)
def test_pages_read_in_full_without_javascript(browser, site_url, pages, url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + url)
    shown = page.locator("article").inner_text()
    context.close()
    # every heading of the page's own content is there and visible
    for _, heading in pages[url].heading_ids:
        assert heading.rstrip("¶").strip() in shown
    assert len(shown) > 0.8 * len(pages[url].text.replace("¶", ""))


def test_tables_have_header_cells(pages, site):
    for url in guide_pages(pages):
        html = Path(site, url, "index.html").read_text(encoding="utf-8")
        assert html.count("<table>") == html.count("<thead>"), url
