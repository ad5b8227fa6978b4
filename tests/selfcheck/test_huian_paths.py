"""Hui'an County: Level 4 with both subsidies, established staff, and not eligible."""

from .candidate import HUIAN, Candidate


def test_a_graduating_vocational_student_reaches_level_4_and_may_claim_either_subsidy(page):
    c = Candidate(page).open("huian-2024").work_in(*HUIAN)
    c.type_number(19, expect="How old")
    c.choose("secondary vocational school", expect="highest education")
    c.choose("Yes", expect="major")  # eligible now: the years since graduation are moot
    c.choose("non-established staff", expect="established")
    c.choose("enterprise employee pension insurance", expect="pension")
    c.choose("No", expect="retired").choose("No", expect="student").choose(
        "No", expect="dishonesty"
    )
    c.type_number(12, expect="months").choose("Yes", expect="enterprise").choose(
        "No", expect="unemployed"
    )
    assert c.on_result
    assert c.summary() == "You can apply for: Level 4 / intermediate worker."
    assert c.materials() == ["application-form", "diploma", "id-card", "photo"]
    assert c.claimable() == ["witness-subsidy", "unemployment-insurance-subsidy"]
    text = c.text()
    assert "Amount: 1000 yuan" in text and "Amount: 1500 yuan" in text
    assert 'the notice says "or"' in text
    assert "1380 yuan" in text  # the fee
    assert "2 years" in text  # how long a passed subject stays valid


def test_a_junior_college_graduate_needs_the_chsi_record(page):
    c = Candidate(page).open("huian-2024").work_in(*HUIAN)
    c.type_number(23).choose("higher vocational college / junior college (associate)").choose("Yes")
    c.press("See the result so far")
    assert c.materials() == ["application-form", "diploma", "id-card", "photo", "chsi-record"]
    assert "Still needed: staffing" in c.text()


def test_established_staff_are_told_they_cannot_claim_and_are_asked_nothing_more(page):
    c = Candidate(page).open("huian-2024").work_in(*HUIAN)
    c.type_number(35).choose("bachelor's degree").choose("No", expect="major")
    c.type_number(10, expect="How many years ago")
    c.choose("established (permanent) staff", expect="established")
    assert c.on_result
    assert len(c.asked) == 6
    assert c.claimable() == []
    assert "You cannot claim: certificate subsidy" in c.text()
    assert "established (permanent) staff cannot claim it" in c.text()


def test_a_17_year_old_is_told_the_certificate_subsidy_needs_age_18(page):
    c = Candidate(page, "zh").open("huian-2024").work_in(*HUIAN)
    c.type_number(17).choose("中专/中职/职高").choose("是")
    c.choose("编外人员")
    c.type_number(
        0, expect="失业保险"
    )  # a minor: the certificate subsidy's other questions are moot
    assert c.on_result
    assert len(c.asked) == 6
    assert c.summary() == "您可以报考：四级/中级工。"
    assert "还差1岁才年满18周岁" in c.text()
    assert c.claimable() == []


def test_a_high_school_graduate_of_3_years_is_not_eligible_and_not_asked_about_subsidies(page):
    c = Candidate(page).open("huian-2024").work_in(*HUIAN)
    c.type_number(21).choose("senior secondary school").type_number(3)
    assert c.on_result
    assert len(c.asked) == 4
    assert c.summary() == "From your answers, you do not meet the conditions for any level."
    assert "2 more years since graduation (needs 5)" in c.text()
    assert c.materials() == [] and c.claimable() == []
