"""Every built page, in both languages: no axe-core violation, no broken same-host link or asset,
and the right <html lang> (zh-CN for the Chinese pages, en for the English ones)."""

from __future__ import annotations

from . import siteaudit


def test_the_site_has_pages_in_both_languages(built_site):
    urls = siteaudit.page_urls(built_site)
    assert "" in urls and "en/" in urls
    assert {siteaudit.expected_lang(u) for u in urls} == {"zh-CN", "en"}


def test_every_page_declares_the_language_it_is_written_in(built_site):
    assert siteaudit.lang_problems(built_site) == {}


def test_no_internal_link_or_asset_of_any_page_is_broken(built_site, site_url):
    assert siteaudit.internal_targets(built_site, site_url)  # the crawl found links at all
    assert siteaudit.broken_links(built_site, site_url) == {}


def test_axe_finds_no_violation_on_any_built_page_in_either_language(
    browser, built_site, site_url, axe_answers
):
    assert siteaudit.AXE.is_file(), "run npm ci: axe-core is pinned in package.json"
    urls = siteaudit.page_urls(built_site)
    assert siteaudit.axe_violations(browser, site_url, urls, seen=axe_answers) == {}
