"""The site knows what time it is: registration status by the reader's own date (status.js in
the browser), and programs whose last date has passed move to the archive at build time."""

from __future__ import annotations

import datetime as dt

import pytest

from policy.programs import DATA_DIR, load_programs

from .pages import read_page

HUIAN, WUSHEN = "huian-2024", "wushen-2024"


@pytest.fixture(scope="module")
def sites(site_build):
    """The real data built for three days: both running, one past, both past."""
    days = ("2024-07-01", "2024-10-01", "2025-01-01")
    return dict(zip(days, site_build.each(*((DATA_DIR, day) for day in days)), strict=True))


def home(site, lang="zh"):
    url = "index.html" if lang == "zh" else "en/index.html"
    return read_page(site, site / url)


def sections(text: str, current: str, past: str) -> tuple[str, str]:
    """(current programs section, archive section) of the home page's text."""
    after_table = text.split(current, 1)[1]
    head, _, tail = after_table.partition(past)
    return head, tail


def titles(programs, lang):
    return {pid: p["notice"]["short_title"][lang] for pid, p in programs.items()}


def test_while_both_programs_run_neither_is_archived(sites):
    programs = load_programs()
    page = home(sites["2024-07-01"])
    current, archive = sections(page.text, "当前项目", "往期项目")
    for title in titles(programs, "zh").values():
        assert title in current
    assert archive == ""
    assert "目前没有正在进行的项目" not in page.text


@pytest.mark.parametrize(
    ("lang", "current_heading", "past_heading", "past_mark"),
    [
        ("zh", "当前项目", "往期项目", "（往期）"),
        ("en", "Current programs", "Past programs", "(past)"),
    ],
)
def test_a_program_whose_last_date_has_passed_moves_to_the_archive_and_comes_last(
    sites, lang, current_heading, past_heading, past_mark
):
    site = sites["2024-10-01"]  # Hui'an's exam window ended 29 Sept; Uxin runs to December
    t = titles(load_programs(), lang)
    page = home(site, lang)
    current, archive = sections(page.text, current_heading, past_heading)
    assert t[WUSHEN] in current and t[HUIAN] not in current
    assert t[HUIAN] in archive and t[WUSHEN] not in archive
    # the comparison keeps current programs first; the past one is marked
    table = page.text.split(current_heading, 1)[0]
    assert table.index(t[WUSHEN]) < table.index(t[HUIAN])
    assert f"{t[HUIAN]}{past_mark}" in table
    # still readable, and listed on the archive page linked from the sidebar
    prefix = "" if lang == "zh" else "en/"
    assert (site / prefix / "programs" / HUIAN / "exam-and-fees" / "index.html").is_file()
    assert "archive/" in sidebar(site, prefix + "index.html")
    archive_page = read_page(site, site / prefix / "archive" / "index.html").text
    assert t[HUIAN] in archive_page.split(current_heading)[0]


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("zh", "目前没有正在进行的项目；下表和下方列出的是往期项目"),
        ("en", "No program is open right now; the table and the list below show past programs"),
    ],
)
def test_when_every_program_is_past_the_home_page_says_so_and_still_compares_them(
    sites, lang, note
):
    site = sites["2025-01-01"]
    page = home(site, lang)
    assert note in page.text
    t = titles(load_programs(), lang)
    current_heading = "当前项目" if lang == "zh" else "Current programs"
    table, rest = page.text.split(current_heading, 1)
    assert t[HUIAN] in table and t[WUSHEN] in table
    current, archive = sections(
        page.text, current_heading, "往期项目" if lang == "zh" else "Past programs"
    )
    assert t[HUIAN] not in current and t[HUIAN] in archive and t[WUSHEN] in archive


def sidebar(site, url="index.html") -> list[str]:
    """Links in the site's navigation sidebar (not the page's own content)."""
    import re

    html = (site / url).read_text("utf-8")
    nav = html.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    return re.findall(r'href="([^"#]+)"', nav)


def test_program_pages_leave_the_sidebar_when_archived_and_stay_in_it_while_current(sites):
    early, late = sidebar(sites["2024-07-01"]), sidebar(sites["2025-01-01"])
    assert f"programs/{HUIAN}/" in early and f"programs/{WUSHEN}/" in early
    assert f"programs/{HUIAN}/" not in late and f"programs/{WUSHEN}/" not in late
    assert "archive/" in late
    middle = sidebar(sites["2024-10-01"], "en/index.html")
    assert f"programs/{WUSHEN}/" in middle and f"programs/{HUIAN}/" not in middle


# --- registration status by the reader's date (status.js) ----------------------------------

STATES = {
    # reader's day: (zh, en) for Hui'an's registration, 24 June – 5 July 2024
    "2024-06-20": ("尚未开始（4 天后开始）", "not open yet (opens in 4 days)"),
    "2024-06-25": ("进行中", "open now"),
    "2024-07-01": ("即将截止（还剩 4 天）", "closing soon (4 days left)"),
    "2024-07-05": ("今天截止", "closes today"),
    "2024-07-06": ("已截止", "closed"),
}


@pytest.fixture(scope="module")
def reader(browser):
    """One reader's browser tab for the status tests: each test sets the reader's clock, then
    loads the pages afresh (a fresh context per test cost more than the pages themselves)."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("day", sorted(STATES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_registration_status_follows_the_readers_clock(reader, site_url, day, lang):
    page = reader
    page.clock.set_fixed_time(dt.datetime.fromisoformat(f"{day}T10:00:00"))
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{site_url}{prefix}programs/{HUIAN}/")
    assert page.evaluate("new Date().toISOString().slice(0, 10)") == day  # this test's day
    status = page.locator(".timeline .period-status")
    assert status.count() == 1
    expected = STATES[day][0 if lang == "zh" else 1]
    assert status.inner_text() == expected
    # the home page's comparison shows the same status beside the same dates
    page.goto(f"{site_url}{prefix}")
    assert expected in page.locator(".compare .period-status").all_inner_texts()


def test_the_status_rule_itself_counts_whole_days(browser, site_url):
    page = browser.new_page()
    try:
        page.goto(f"{site_url}programs/{HUIAN}/")
        got = page.evaluate(
            """() => {
              const s = window.periodStatus, d = s.day;
              return [
                s.periodState(d("2024-06-24"), d("2024-07-05"), d("2024-06-23")),
                s.periodState(d("2024-06-24"), d("2024-07-05"), d("2024-06-24")),
                s.periodState(d("2024-06-24"), d("2024-07-05"), d("2024-06-28")),
                s.periodState(d("2024-06-24"), d("2024-07-05"), d("2024-06-27")),
                s.periodState(null, d("2024-07-05"), d("2024-07-06")),
                s.periodState(d("2024-07-06"), null, d("2030-01-01")),
              ];
            }"""
        )
    finally:
        page.close()
    assert got == [
        {"state": "upcoming", "days": 1},
        {"state": "open"},
        {"state": "soon", "days": 7},
        {"state": "open"},
        {"state": "closed"},
        {"state": "open"},
    ]


def test_without_javascript_the_dates_are_shown_plainly(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}en/programs/{HUIAN}/")
        timeline = page.locator(".timeline").inner_text()
        assert "24 June 2024 – 5 July 2024" in timeline and "Registration" in timeline
        assert page.locator(".timeline .period-status").inner_text() == ""
    finally:
        context.close()
