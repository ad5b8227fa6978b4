"""On a phone the result fits on fewer screens: a level already met shows the routes that met it
and folds the others away, one tap from view; a level not met keeps every route open."""

from __future__ import annotations

import pytest

from .candidate import HUIAN, Candidate

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_page(browser, site_url):
    context = browser.new_context(**PHONE)
    pg = context.new_page()
    pg.set_default_timeout(5000)
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.base = site_url
    yield pg
    context.close()


def graduate_met_level_4(page):
    c = Candidate(page).open("huian-2024").work_in(*HUIAN)
    c.type_number(19).choose("secondary vocational school").choose("Yes")
    c.press("See the result so far")
    return c


def test_a_level_met_shows_its_route_and_folds_the_other_routes_away(phone_page):
    graduate_met_level_4(phone_page)
    level = phone_page.locator(".sc-level.sc-met").first
    shown = level.locator(":scope > ul > li.sc-condition")
    assert shown.count() >= 1 and all(
        "sc-met" in cls for cls in shown.evaluate_all("els => els.map(e => e.className)")
    )
    folded = level.locator("details.sc-other-routes")
    assert folded.count() == 1 and not folded.evaluate("d => d.open")
    summary = folded.locator("summary").inner_text()
    hidden = folded.locator("li.sc-condition")
    assert hidden.count() >= 1 and not hidden.first.is_visible()
    n = hidden.count()
    assert summary == (f"{n} other routes, not needed" if n > 1 else "1 other route, not needed")
    folded.locator("summary").tap()
    assert hidden.first.is_visible()  # one tap opens them
    assert phone_page.errors == []


def test_folding_makes_the_result_shorter_than_showing_every_route(phone_page):
    graduate_met_level_4(phone_page)
    folded = phone_page.evaluate("document.documentElement.scrollHeight")
    phone_page.locator("details.sc-other-routes").evaluate_all(
        "ds => ds.forEach(d => { d.open = true; })"
    )
    unfolded = phone_page.evaluate("document.documentElement.scrollHeight")
    assert folded < unfolded


def test_the_place_lists_fit_a_phone_without_scrolling_sideways(phone_page):
    c = Candidate(phone_page).open("all")
    for depth, place in enumerate(HUIAN):  # the longest names: "Inner Mongolia Autonomous …"
        phone_page.locator(f"#sc-region-{depth}").select_option(label=c.place(depth, place))
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"]
