"""Rules no real notice has yet, on a site with two synthetic programs (synthetic.py): an
audience of Quanzhou workers not yet at the statutory retirement age, and a notice of several
occupations with a level whose conditions it leaves to an attachment."""

import functools
import http.server
import threading

import pytest

from generator.build import build

from . import synthetic
from .candidate import HUIAN, Candidate
from .test_accessibility import axe_violations

RETIRING, MANY = synthetic.RETIRING, synthetic.MANY


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def synthetic_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic")
    site = root / "site"
    build(out_dir=site, data_dir=synthetic.data_dir(root))
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, synthetic_url):
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(5000)
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.base = synthetic_url
    yield pg
    context.close()


def open_program(page, program: str, lang: str = "en", fragment: str = "") -> Candidate:
    prefix = "/en" if lang == "en" else ""
    page.goto(f"{page.base}{prefix}/programs/{program}/self-check/{fragment}")
    page.wait_for_selector("#selfcheck:not([hidden])")
    return Candidate(page, lang)


def born(c: Candidate, month: str, category: str):
    c.expect_question("In which month were you born?")
    c.asked.append(c.question)
    c.page.locator("#sc-input[type=month]").fill(month)
    c.press("Continue")
    c.choose(category, expect="Under the retirement rules before 2025")
    return c


def test_a_man_born_in_december_1964_is_told_the_notice_is_not_for_him(page):
    c = open_program(page, RETIRING).work_in("福建省", "泉州市")  # the rule names the city
    born(c, "1964-12", "A man")
    assert c.on_result and len(c.asked) == 3
    assert c.summary() == "This notice is not for you, so no more questions are needed."
    assert page.locator(".sc-audience-rule").inner_text() == (
        "must reach the statutory retirement age after 2024-12 "
        "(from your month of birth: 2024-12) (notice, clause 二、)"
    )
    assert page.locator(".sc-level").count() == 0
    answers = page.locator(".sc-answers").inner_text()
    assert "福建省泉州市" in answers and "December 1964" in answers and "A man" in answers
    assert page.errors == []


def test_a_man_born_in_may_1965_retires_later_and_is_asked_on(page):
    c = open_program(page, RETIRING).work_in("福建省", "泉州市")
    born(c, "1965-05", "A man")
    c.expect_question("How old")  # the notice is for him: its levels are judged next
    c.press("See the result so far")
    assert page.locator(".sc-audience").inner_text() == (
        "You are among the people this notice is for. (notice, clause 二、)"
    )


def test_the_retirement_questions_are_in_the_candidates_own_words_in_chinese(page):
    c = open_program(page, RETIRING, "zh", "#workplace=350500&birth-month=1980-03")
    c.expect_question("按 2025 年以前的退休规定")
    options = page.locator("#selfcheck .sc-option label").all_inner_texts()
    assert options == [
        "男性",
        "女性，原 55 岁退休（如管理、专业技术岗位）",
        "女性，原 50 岁退休（如工人岗位）",
    ]


def test_a_birth_month_typed_as_text_is_understood_and_a_wrong_one_refused(page):
    c = open_program(page, RETIRING, "en", "#workplace=350500")
    field = page.locator("#sc-input")
    field.evaluate("e => { e.type = 'text'; }")  # as in a browser without a month field
    field.fill("1965年5月")
    c.press("Continue")
    assert "birth-month=1965-05" in page.url
    c.press("Back")
    field = page.locator("#sc-input")
    field.evaluate("e => { e.type = 'text'; }")
    field.fill("1965-13")
    c.press("Continue")
    assert page.locator("#sc-error").inner_text().startswith("Enter a month from 1900-01 to")
    assert page.evaluate("document.activeElement.id") == "sc-input"


def test_on_the_all_programs_page_who_a_notice_is_for_is_settled_before_the_rest(page):
    page.goto(page.base + "/en/self-check/")
    page.wait_for_selector("#selfcheck:not([hidden])")
    c = Candidate(page).work_in(*HUIAN)
    born(c, "1964-12", "A man")  # the retirement rule of one notice, asked before any level
    c.expect_question("Which occupation are you applying for?")  # the notice of several
    c.press("See the result so far")
    left = page.locator(".sc-left-out li").evaluate_all("els => els.map(e => e.dataset.program)")
    assert sorted(left) == [RETIRING, "wushen-2024"]
    shown = page.locator(".sc-program").evaluate_all("els => els.map(e => e.dataset.program)")
    assert sorted(shown) == ["huian-2024", MANY]


def test_a_notice_of_several_occupations_asks_which_one_with_its_names_and_codes(page):
    c = open_program(page, MANY).work_in(*HUIAN)
    c.expect_question("Which occupation are you applying for?")
    options = page.locator("#selfcheck .sc-option label").all_inner_texts()
    assert options == ["government service clerk (4-01-02-05)", "Chinese cook (4-03-02-01)"]
    c.choose("Chinese cook (4-03-02-01)")
    c.type_number(30, expect="How old")
    c.choose("Yes", expect="intend to work in this occupation")
    c.press("See the result so far")
    assert c.summary().startswith("You can apply for: Level 5 / junior worker.")
    titles = page.locator(".sc-level h4").all_inner_texts()
    assert titles == ["Level 5 / junior worker · Chinese cook: Eligible"]
    assert "Chinese cook (4-03-02-01)" in page.locator(".sc-answers").inner_text()


def test_a_notice_of_one_occupation_never_asks_it(page):
    c = open_program(page, "huian-2024").work_in(*HUIAN)
    c.expect_question("How old")
    c.press("See the result so far")
    assert "Which occupation" not in c.text()


def test_a_level_whose_conditions_are_elsewhere_says_where_and_never_not_eligible(page):
    for lang, expected in (
        ("en", ("Conditions not in this notice", "Where the conditions are: see attachment 2")),
        ("zh", ("本通知未写明条件", "条件见：见附件2")),
    ):
        fragment = "#workplace=350521&occupation=4-01-02-05&age=30&education=senior&graduation-years=1&view=result"
        c = open_program(page, MANY, lang, fragment)
        section = page.locator(".sc-level.sc-not-stated")
        assert section.count() == 1
        heading = section.locator("h4").inner_text()
        assert heading.endswith(expected[0])
        assert expected[1] in section.inner_text()
        assert ("Not eligible" if lang == "en" else "不符合") not in section.inner_text()
        subsidies = page.locator(".sc-no-claim").inner_text()
        assert {"en": "whose conditions this notice states", "zh": "本通知写明条件"}[
            lang
        ] in subsidies
        summary = c.summary()
        assert (
            summary
            == {
                "en": "From your answers, you do not meet the conditions this notice states for any "
                "level. The conditions for Level 3 / senior worker are not in this notice.",
                "zh": "按您的回答，您不符合本通知写明条件的任何等级。三级/高级工的报考条件不在本通知中。",
            }[lang]
        )


@pytest.mark.parametrize(
    "where",
    [
        (RETIRING, "en", "#workplace=350500"),  # the month field
        (RETIRING, "zh", "#workplace=350500&birth-month=1964-12&retirement-category=male"),
        (MANY, "en", "#workplace=350521"),  # the occupation question
        (MANY, "zh", "#workplace=350521&occupation=4-01-02-05&age=30&view=result"),
    ],
    ids=["month-en", "not-for-him-zh", "occupation-en", "not-stated-zh"],
)
def test_the_new_questions_and_results_have_zero_axe_violations(page, where):
    program, lang, fragment = where
    open_program(page, program, lang, fragment)
    assert axe_violations(page) == []
