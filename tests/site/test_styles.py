"""What a reader sees of our own styles: form fields with a visible box, a compact program menu,
and printouts of the checklist and the self-check result without the screen-only parts."""

from __future__ import annotations

SELF_CHECK = "en/programs/wushen-2024/self-check/"
RESULT = "#age=17&education=bachelor&related-major=yes&staffing=established&view=result"


def test_the_self_check_number_field_has_a_visible_box_and_room_to_tap(browser, site_url):
    page = browser.new_page()
    try:
        page.goto(site_url + SELF_CHECK + "#workplace=150626")
        field = page.locator("#selfcheck input[type=number]")
        style = field.evaluate(
            "e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopWidth,"
            " s.borderTopColor, e.getBoundingClientRect().height]; }"
        )
        assert style[0] == "solid" and style[1] != "0px", style
        assert style[2] != "rgba(0, 0, 0, 0)", style
        assert style[3] >= 40, style  # a finger-sized target (2.4rem)
    finally:
        page.close()


def test_the_program_menu_is_a_row_of_tabs_not_a_long_column(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(site_url + "programs/huian-2024/materials/")
        tops = page.locator(".program-menu li").evaluate_all(
            "ls => ls.map(l => Math.round(l.getBoundingClientRect().top))"
        )
        assert len(tops) >= 8 and len(set(tops)) <= 3, tops
    finally:
        page.close()


def test_printouts_leave_out_the_menus_and_the_self_checks_buttons(browser, site_url):
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        page.goto(site_url + "programs/huian-2024/materials/")
        assert not page.locator(".program-menu").is_visible()
        assert not page.locator(".md-sidebar--primary").is_visible()
        assert page.locator("article h2.check").first.is_visible()
        page.goto(site_url + SELF_CHECK + RESULT)
        page.reload()
        page.wait_for_selector("#selfcheck[data-view=result]")
        assert page.locator("#selfcheck .sc-result").first.is_visible()
        assert page.locator("#selfcheck button:visible, #selfcheck .md-button:visible").count() == 0
    finally:
        page.close()


def test_the_upload_page_does_not_jump_when_its_script_reveals_the_form(browser, site_url):
    page = browser.new_page(viewport={"width": 412, "height": 823})
    try:
        # scripts arrive late, as on a slow phone connection: the page is painted before them
        page.route("**/*.js", lambda route: (page.wait_for_timeout(600), route.continue_()))
        page.add_init_script(
            "window.__shift = 0; new PerformanceObserver(l => { for (const e of l.getEntries())"
            " window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"
        )
        page.goto(site_url + "programs/wushen-2024/upload/", wait_until="networkidle")
        page.wait_for_selector("#upload-app:not([hidden])")
        assert page.evaluate("window.__shift") < 0.01
    finally:
        page.close()
