"""A fresh browser context per test on the session's built site (tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(5000)
    pg.errors = []
    pg.requests = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.base = site_url
    yield pg
    context.close()
