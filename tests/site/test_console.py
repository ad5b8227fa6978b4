"""A reader's browser meets no failed request and no console error on the site's pages, in
either language (the theme once fetched a sitemap.xml beside every page: a 404 each time)."""

from __future__ import annotations

PAGES = (
    "",
    "programs/wushen-2024/",
    "programs/huian-2024/materials/",
    "programs/wushen-2024/self-check/",
    "programs/huian-2024/upload/",
    "programs/wushen-2024/bundle-builder/",
    "programs/wushen-2024/photo-tool/",
    "glossary/",
    "staff/",
)


def test_pages_in_both_languages_load_without_a_failed_request_or_console_error(browser, site_url):
    page = browser.new_page()
    failed, errors = [], []
    page.on("response", lambda r: r.status >= 400 and failed.append((r.status, r.url)))
    page.on("requestfailed", lambda r: failed.append(("failed", r.url)))
    page.on("console", lambda m: m.type == "error" and errors.append((page.url, m.text)))
    page.on("pageerror", lambda e: errors.append((page.url, str(e))))
    requested = 0
    try:
        for url in PAGES:
            for prefix in ("", "en/"):
                response = page.goto(site_url + prefix + url, wait_until="networkidle")
                assert response.status == 200, prefix + url
                requested += 1
    finally:
        page.close()
    assert requested == 2 * len(PAGES)
    assert not failed, failed[:5]
    assert not errors, errors[:5]
