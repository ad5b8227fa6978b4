"""Going back, changing an answer, starting again, keyboard use and the URL fragment."""

from urllib.parse import urlsplit

from .candidate import HUIAN, UXIN, Candidate


def test_back_returns_to_the_previous_question_with_its_answer_and_a_changed_answer_counts(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.type_number(30).choose("Yes").type_number(3)
    c.expect_question("highest education")
    c.press("Back")
    c.expect_question("How many years in total")
    assert page.locator("#selfcheck input[type=number]").input_value() == "3"
    c.type_number(10)
    assert c.on_result
    assert "Level 3 / senior worker" in c.summary()


def test_the_browser_back_button_goes_back_one_answer(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.type_number(30).choose("Yes")
    c.expect_question("How many years in total")
    page.go_back()
    c.expect_question("currently work")
    page.go_back()
    c.expect_question("How old")
    page.go_back()
    c.expect_question("Where do you work")


def test_change_an_answer_from_the_result_and_the_result_follows(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.type_number(30).choose("Yes").type_number(10)
    assert "Level 3" in c.summary()
    page.get_by_role(
        "button",
        name="Change: How many years in total have you worked in this or a related occupation?",
    ).click()
    c.type_number(2, expect="How many years in total")
    c.choose("junior secondary or below").choose("None").choose("None")
    assert c.summary() == "You can apply for: Level 5 / junior worker."


def test_start_again_clears_every_answer(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.type_number(30).choose("Yes").type_number(10)
    c.press("Start again")
    c.expect_question("Where do you work")
    assert urlsplit(page.url).fragment == ""
    assert page.locator("#selfcheck select").count() == 1
    assert page.locator("#sc-region-0").input_value() == ""


def test_answers_live_in_the_fragment_so_a_result_can_be_bookmarked_and_nothing_is_sent(page):
    c = Candidate(page).open("huian-2024").work_in(*HUIAN)
    c.type_number(26).choose("bachelor's degree").choose("Yes")
    c.choose("non-established staff").choose("enterprise employee pension insurance")
    c.choose("No").choose("No").choose("No").type_number(24).choose("Yes").choose("No")
    assert c.on_result
    bookmarked = page.url
    assert "age=26" in urlsplit(bookmarked).fragment
    assert "workplace=350521" in urlsplit(bookmarked).fragment
    for url in page.requests:
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1", url
        assert "26" not in parts.query and "bachelor" not in url, url
    again = Candidate(page.context.new_page())
    again.page.base = page.base
    again.page.goto(bookmarked)
    assert again.summary() == "You can apply for: Level 4 / intermediate worker."
    assert again.claimable() == ["witness-subsidy", "unemployment-insurance-subsidy"]


def test_an_empty_or_impossible_answer_is_refused_with_a_message_and_focus_stays(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.press("Continue")
    error = page.locator("#sc-error")
    assert error.inner_text() == "Choose or enter an answer first, then press Continue."
    number = page.locator("#selfcheck input[type=number]")
    assert number.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "sc-input"
    number.fill("200")
    c.press("Continue")
    assert error.inner_text() == "Enter a number from 0 to 120."
    number.fill("30.5")
    c.press("Continue")
    assert error.inner_text() == "Enter a whole number."
    c.expect_question("How old")


def test_keyboard_only_answers_and_focus_moves_to_each_new_question_and_the_result(page):
    # The workplace is in the address; the picker's own keyboard test: test_workplace_first.py
    c = Candidate(page).open("wushen-2024", "#workplace=150626")
    page.locator("#sc-input").focus()
    page.keyboard.type("40")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "sc-legend"
    c.expect_question("currently work")
    page.keyboard.press("Tab")  # into the radio group
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    c.expect_question("How many years in total")
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    assert c.on_result
    assert page.evaluate("document.activeElement.id") == "sc-result-title"
    live = page.locator("#selfcheck [aria-live=polite]").inner_text()
    assert live.startswith("Result: You can apply for: Level 5")


def test_skipping_a_question_leaves_it_unknown_and_the_result_says_what_is_still_needed(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.type_number(30).choose("Yes").type_number(6)
    c.press("Skip (not sure)")  # education
    c.expect_question("major")
    c.press("Skip (not sure)")
    c.choose("Not sure", expect="evaluated")
    c.choose("None").choose("None")
    assert c.summary() == (
        "You can apply for: Level 5 / junior worker, Level 4 / intermediate worker. "
        "Other levels cannot be decided yet."
    )
    assert "Not known yet" in c.level(3)
    assert "Still needed: education" in c.text()
    assert "Not sure" in page.locator(".sc-answers").inner_text()


def test_the_printed_result_shows_the_result_without_buttons_or_site_chrome(page):
    c = Candidate(page).open(
        "huian-2024", "#workplace=350521&age=26&education=bachelor&related-major=yes&view=result"
    )
    page.emulate_media(media="print")
    assert page.locator(".sc-result .sc-summary").is_visible()
    assert page.locator(".sc-materials").is_visible()
    assert not page.get_by_role("button", name="Print the result").is_visible()
    assert not page.locator(".md-header").is_visible()
    page.emulate_media(media="screen")
    assert c.page.get_by_role("button", name="Print the result").is_visible()
