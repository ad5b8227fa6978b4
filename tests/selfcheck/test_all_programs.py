"""The across-programs self-check: where, and at which level, can I apply?"""

from urllib.parse import urlsplit

from .candidate import Candidate


def test_one_set_of_answers_shows_every_program_and_links_to_the_detailed_check(page):
    c = Candidate(page).open("all")
    c.press("Skip (not sure)")  # the workplace: while it is not known, every program is shown
    c.type_number(30).choose("Yes").type_number(6)
    c.choose("bachelor's degree").choose("Yes")
    c.press("See the result so far")
    assert c.summary("wushen-2024").startswith(
        "You can apply for: Level 5 / junior worker, Level 4"
    )
    assert c.summary("huian-2024") == "You can apply for: Level 4 / intermediate worker."
    page.locator(".sc-program[data-program='huian-2024'] a").click()
    assert urlsplit(page.url).path == "/en/programs/huian-2024/self-check/"
    assert "age=30" in urlsplit(page.url).fragment
    assert Candidate(page).summary() == "You can apply for: Level 4 / intermediate worker."


def test_in_chinese_a_high_school_leaver_is_told_per_program(page):
    c = Candidate(page, "zh").open("all")
    c.press("跳过（不确定）")  # the workplace
    c.type_number(20).choose("否").type_number(0).choose("普通高中").type_number(2)
    c.choose("没有").choose("没有")
    assert c.on_result
    assert c.summary("wushen-2024") == "按您的回答，您不符合任何等级的报考条件。"
    assert c.summary("huian-2024") == "按您的回答，您不符合任何等级的报考条件。"
