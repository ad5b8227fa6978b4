"""Uxin Banner: a candidate reaches each level, or none, by answering the questions."""

from .candidate import UXIN, Candidate


def test_a_16_year_old_window_clerk_with_high_school_reaches_level_5_only(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.type_number(16, expect="How old")
    c.choose("Yes", expect="currently work")
    c.type_number(1, expect="How many years in total")
    c.choose("senior secondary school", expect="highest education")
    c.choose("None", expect="certificate")
    c.choose("None", expect="professional title")
    assert c.on_result
    assert c.summary() == "You can apply for: Level 5 / junior worker."
    assert "Eligible" in c.level(5)
    assert "Not eligible" in c.level(4) and "Not eligible" in c.level(3)
    assert "4 more years in the occupation (needs 5, now 1)" in c.text()
    assert c.materials() == [
        "info-form",
        "id-card",
        "photo",
        "education-proof",
        "work-proof",
        "application-form",
        "integrity-pledge",
    ]
    assert c.claimable() == ["skill-upgrade-subsidy"]
    assert "the notice gives no amount" in c.text()
    assert page.errors == []


def test_five_years_in_the_occupation_reach_level_4_and_say_what_level_3_lacks(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.type_number(30).choose("Yes").type_number(5)
    c.choose("junior secondary or below").choose("None").choose("None")
    assert (
        c.summary() == "You can apply for: Level 5 / junior worker, Level 4 / intermediate worker."
    )
    assert "“At least 10 years in total working in this or a related occupation.”" in c.text()
    assert "5 more years in the occupation (needs 10, now 5)" in c.text()
    assert "乌政务中心发〔2024〕9号 3、（1）3." in c.text()


def test_ten_years_reach_level_3_at_once_and_no_moot_question_is_asked(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.type_number(40).choose("Yes").type_number(10)
    assert c.on_result
    assert len(c.asked) == 4
    assert c.summary().startswith("You can apply for: Level 5 / junior worker, Level 4")
    assert "Level 3 / senior worker" in c.summary()


def test_a_certificate_held_for_four_years_reaches_level_3_in_chinese(page):
    c = Candidate(page, "zh").open("wushen-2024").work_in(*UXIN)
    c.type_number(28, expect="年龄").choose("是").type_number(4)
    c.choose("初中及以下").choose("四级/中级工", expect="证书")
    c.type_number(4, expect="取得该证书后")
    assert c.on_result
    assert c.summary() == "您可以报考：五级/初级工、四级/中级工、三级/高级工。"


def test_a_15_year_old_is_not_eligible_and_is_told_why(page):
    c = Candidate(page).open("wushen-2024").work_in(*UXIN)
    c.type_number(15)
    c.type_number(2, expect="How many years in total")  # under 16: "do you work" is moot
    c.choose("junior secondary or below").choose("None").choose("None")
    assert len(c.asked) == 6
    assert c.summary() == "From your answers, you do not meet the conditions for any level."
    assert "1 more year until aged 16" in c.text()
    assert "Materials are listed once you are eligible for a level." in c.text()
    assert c.materials() == [] and c.claimable() == []
