"""Where the candidate works comes first: the region picker, and what a notice's audience rule
(Hui'an 350521, Uxin Banner 150626) does to the questions and the result."""

import json
import re

import pytest

from .candidate import HUIAN, URLS, UXIN, Candidate
from .test_accessibility import axe_violations

PROVINCES = 34  # every province-level division, whatever the rules name


def test_the_all_programs_page_asks_where_the_candidate_works_first(page):
    for lang, question in (("en", "Where do you work?"), ("zh", "您在哪里工作？")):
        c = Candidate(page, lang).open("all")
        assert c.question == question
        assert page.locator("#selfcheck legend .sc-step").inner_text().strip() in (
            "Question 1",
            "第 1 题",
        )
        assert len(c.lists()) == 1 and len(c.lists()[0]) == PROVINCES
    assert page.errors == []


def test_a_candidate_working_in_huian_sees_huian_and_is_told_uxin_banner_is_for_another_place(
    page,
):
    c = Candidate(page).open("all").work_in(*HUIAN)
    c.expect_question("How old")  # asked on: Hui'an's notice is for them
    c.press("See the result so far")
    shown = page.locator(".sc-program").evaluate_all("els => els.map(e => e.dataset.program)")
    assert shown == ["huian-2024"]
    left_out = page.locator(".sc-left-out").inner_text()
    assert "Not listed, because these notices are for other places or people:" in left_out
    line = page.locator(".sc-left-out li[data-program='wushen-2024']").inner_text()
    assert line == (
        "Uxin Banner government service clerk certification (2024): only for people who work "
        "in Uxin Banner, Ordos, Inner Mongolia Autonomous Region (内蒙古自治区鄂尔多斯市乌审旗) (notice, clause 二、（一）)"
    )
    assert "惠安" not in left_out


def test_in_uxin_banner_it_is_the_other_way_round_in_chinese(page):
    c = Candidate(page, "zh").open("all").work_in(*UXIN)
    c.press("查看目前的结果")
    shown = page.locator(".sc-program").evaluate_all("els => els.map(e => e.dataset.program)")
    assert shown == ["wushen-2024"]
    line = page.locator(".sc-left-out li[data-program='huian-2024']").inner_text()
    assert line.startswith(
        "惠安县政务服务办事员职业技能等级认定（2024）：只面向在福建省泉州市惠安县工作的人员"
    )
    assert line.endswith("（依据：通知 二、）")


def test_a_candidate_working_elsewhere_sees_neither_program_and_is_asked_nothing_more(page):
    c = Candidate(page).open("all").work_in("北京市")
    assert c.on_result  # no notice is for them: no other question
    assert page.locator(".sc-program").count() == 0
    text = c.text()
    assert "None of the notices on this site is for you." in text
    left = page.locator(".sc-left-out li").evaluate_all("els => els.map(e => e.dataset.program)")
    assert sorted(left) == ["huian-2024", "wushen-2024"]
    assert (
        "only for people who work in Hui'an County, Quanzhou, Fujian Province (福建省泉州市惠安县) (notice, clause 二、)"
        in text
    )
    assert "Answer the remaining questions" not in text
    assert "Beijing (北京市)" in page.locator(".sc-answers").inner_text()


def test_the_picker_offers_every_province_but_only_the_cities_and_counties_the_rules_need(page):
    c = Candidate(page).open("all")
    select = page.locator("#sc-region-0")
    assert len(c.lists()[0]) == PROVINCES
    select.select_option(label="Beijing (北京市)")  # no rule names a place in Beijing: decided
    assert len(c.lists()) == 1
    select.select_option(label="Fujian Province (福建省)")
    assert c.lists()[1] == [
        "Fuzhou (福州市)",
        "Xiamen (厦门市)",
        "Putian (莆田市)",
        "Sanming (三明市)",
        "Quanzhou (泉州市)",
        "Zhangzhou (漳州市)",
        "Nanping (南平市)",
        "Longyan (龙岩市)",
        "Ningde (宁德市)",
    ]
    page.locator("#sc-region-1").select_option(label="Fuzhou (福州市)")
    assert len(c.lists()) == 2  # no rule names a place inside Fuzhou
    page.locator("#sc-region-1").select_option(label="Quanzhou (泉州市)")
    assert "Hui'an County (惠安县)" in c.lists()[2] and "Jinjiang City (晋江市)" in c.lists()[2]
    select.select_option(label="Inner Mongolia Autonomous Region (内蒙古自治区)")
    assert len(c.lists()) == 2  # a new province: its own cities, nothing below yet
    page.locator("#sc-region-1").select_option(label="Ordos (鄂尔多斯市)")
    assert "Uxin Banner (乌审旗)" in c.lists()[2]
    # and the table the site ships holds nothing more than that
    engine = page.evaluate("window.SelfCheckEngine._regions")
    assert len([c for c in engine if c.endswith("0000")]) == PROVINCES
    assert {c[:2] for c in engine if not c.endswith("0000")} == {"35", "15"}
    assert {c[:4] for c in engine if not c.endswith("00")} == {"3505", "1506"}


def test_on_one_programs_page_the_picker_stops_once_that_programs_rule_is_decided(page):
    c = Candidate(page).open("huian-2024")
    page.locator("#sc-region-0").select_option(label=c.place(0, "内蒙古自治区"))
    assert len(c.lists()) == 1  # Hui'an's rule names nothing in Inner Mongolia


def test_the_picker_can_be_used_with_the_keyboard_alone(page):
    c = Candidate(page).open("all")
    for depth, place in enumerate(HUIAN):
        select = page.locator(f"#sc-region-{depth}")
        if depth == 0:
            select.focus()
        else:
            page.keyboard.press("Tab")  # the next list follows the one just chosen
        assert page.evaluate("document.activeElement.id") == f"sc-region-{depth}"
        for _ in range(c.lists()[depth].index(c.place(depth, place)) + 1):  # past "Choose…"
            page.keyboard.press("ArrowDown")
        assert select.evaluate("s => s.options[s.selectedIndex].text") == c.place(depth, place)
        if depth < 2:
            live = page.locator("#selfcheck [aria-live=polite]").inner_text()
            assert live == "Next, choose: " + ("City or prefecture", "County or district")[depth]
    page.keyboard.press("Enter")
    c.expect_question("How old")
    assert page.evaluate("document.activeElement.id") == "sc-legend"
    assert "workplace=350521" in page.url


def test_an_unfinished_choice_is_refused_and_focus_goes_to_the_list_still_to_choose(page):
    c = Candidate(page).open("all")
    c.press("Continue")
    assert page.locator("#sc-error").inner_text() == (
        "Choose or enter an answer first, then press Continue."
    )
    page.locator("#sc-region-0").select_option(label=c.place(0, "福建省"))
    c.press("Continue")
    assert page.locator("#sc-error").inner_text() == (
        'Choose from the list "City or prefecture" too.'
    )
    assert page.evaluate("document.activeElement.id") == "sc-region-1"
    assert page.locator("#sc-region-1").get_attribute("aria-invalid") == "true"
    c.expect_question("Where do you work")


def test_a_changed_workplace_reopens_the_picker_at_the_places_chosen(page):
    c = Candidate(page).open("all").work_in(*HUIAN)
    c.press("See the result so far")
    page.get_by_role("button", name="Change: Where do you work?").click()
    chosen = page.locator("#selfcheck select").evaluate_all(
        "els => els.map(s => s.options[s.selectedIndex].text)"
    )
    assert chosen == ["Fujian Province (福建省)", "Quanzhou (泉州市)", "Hui'an County (惠安县)"]


def test_english_pages_name_places_in_english_with_the_chinese_after_them(page):
    c = Candidate(page).open("all")
    names = c.lists()[0]
    assert len(names) == PROVINCES and "Fujian Province (福建省)" in names
    assert "Shaanxi Province (陕西省)" in names and "Shanxi Province (山西省)" in names
    assert all(re.fullmatch(r"[A-Z][A-Za-z' ]+ \([\u4e00-\u9fff]+\)", n) for n in names), names
    c = Candidate(page, "zh").open("all")
    assert "福建省" in c.lists()[0]
    assert page.locator("#selfcheck [lang]").count() == 0


def test_a_programs_own_page_tells_someone_from_elsewhere_it_is_not_for_them(page):
    c = Candidate(page).open("huian-2024").work_in("内蒙古自治区")
    assert c.on_result and len(c.asked) == 1
    assert c.summary() == "This notice is not for you, so no more questions are needed."
    rule = page.locator(".sc-audience-rule").inner_text()
    assert rule == (
        "only for people who work in Hui'an County, Quanzhou, Fujian Province (福建省泉州市惠安县) (you work in Inner Mongolia Autonomous Region (内蒙古自治区))"
        " (notice, clause 二、)"
    )
    assert page.locator(".sc-level").count() == 0  # no level is judged for them
    assert page.locator(".sc-materials").count() == 0
    assert "Answer the remaining questions" not in c.text()


def test_in_chinese_the_rule_and_its_clause_are_given_too(page):
    c = Candidate(page, "zh").open("wushen-2024").work_in("福建省")
    assert c.summary() == "本通知不面向您，不需要再回答其他问题。"
    assert page.locator(".sc-audience-rule").inner_text() == (
        "只面向在内蒙古自治区鄂尔多斯市乌审旗工作的人员（您的工作地：福建省）"
        " （依据：通知 二、（一））"
    )


def test_on_a_programs_page_the_result_says_the_notice_is_for_them(page):
    Candidate(page).open("huian-2024", "#workplace=350521&view=result")
    assert page.locator(".sc-audience").inner_text() == (
        "You are among the people this notice is for. (notice, clause 二、)"
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("See the result so far", "Where do you work?", "not yet known", "Skip (not sure)")),
        ("zh", ("查看目前的结果", "您在哪里工作？", "尚不知道", "跳过（不确定）")),
    ],
)
def test_a_fact_not_yet_given_shows_as_not_yet_known(page, lang, words):
    see, question, not_known, skip = words
    c = Candidate(page, lang).open("huian-2024")
    c.press(see)
    assert page.locator(".sc-answers dt").first.inner_text() == question
    assert page.locator(".sc-answers dd").first.inner_text().startswith(not_known)
    assert (
        page.locator(".sc-audience")
        .inner_text()
        .startswith(
            {
                "en": "Not yet known whether this notice is for you.",
                "zh": "尚不知道本通知是否面向您。",
            }[lang]
        )
    )
    page.locator(".sc-answers dd button").first.click()  # "Answer"
    c.expect_question(question)
    c.press(skip)  # skipping is not answering: still not known
    c.press(see)
    assert page.locator(".sc-answers dd").first.inner_text().startswith(not_known)


@pytest.mark.parametrize(
    "where",
    [
        ("all", "en", "#workplace=110000"),  # every program left out
        ("all", "zh", "#workplace=350521&view=result"),  # one listed, one left out
        ("huian-2024", "en", "#workplace=150000"),  # not for them
        ("wushen-2024", "zh", "#workplace=150626&view=result"),  # for them
    ],
    ids=["none-en", "left-out-zh", "not-for-you-en", "for-you-zh"],
)
def test_audience_results_have_zero_axe_violations(page, where):
    program, lang, fragment = where
    Candidate(page, lang).open(program, fragment)
    assert page.locator("#selfcheck").get_attribute("data-view") == "result"
    assert axe_violations(page) == []


def test_the_picker_with_three_lists_and_an_error_has_zero_axe_violations(page):
    c = Candidate(page).open("all")
    page.locator("#sc-region-0").select_option(label=c.place(0, "福建省"))
    page.locator("#sc-region-1").select_option(label=c.place(1, "泉州市"))
    c.press("Continue")
    assert page.locator("#sc-error").is_visible()
    assert len(c.lists()) == 3
    assert axe_violations(page) == []


def test_the_region_table_ships_once_with_the_rules_not_in_each_page(built_site):
    engine = (built_site / "rules" / "engine.js").read_text("utf-8")
    data = json.loads(engine.removeprefix("window.SelfCheckEngine=").rstrip().rstrip(";"))
    assert data["_regions"]["350521"] == ["惠安县", "Hui'an County"]
    assert data["_regions"]["150626"] == ["乌审旗", "Uxin Banner"]
    for where in URLS:
        html = (built_site / URLS[where].strip("/") / "index.html").read_text("utf-8")
        embedded = re.search(r'id="selfcheck-data">(.*?)</script>', html, re.S).group(1)
        assert "_regions" not in embedded and "350521" not in embedded
