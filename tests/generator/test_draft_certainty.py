"""generator draft cites and drafts only at the level of certainty (second fresh review, issue 15):
each kind of wrong value the reviewer found, with several members."""

from __future__ import annotations

import pytest

from generator.draft import clauses, contacts, exam, subsidies, timeline
from generator.draft import fees as fees_mod
from generator.draft.emit import Todo
from generator.draft.program import build


def entries(text: str) -> list[dict]:
    return clauses.parse(text)


@pytest.mark.parametrize(
    "item",
    ["4.申报四级/中级工的，还需提供证书复印件。", "（4）其他材料；", "2.身份证复印件1份。"],
)
def test_an_unnumbered_paragraph_after_a_finished_item_is_cited_to_the_enclosing_clause(item):
    marker = item.split("申")[0].split("其")[0].split("身")[0]
    found = entries(f"一、总则\n说明。\n六、报名材料\n{item}\n以上材料请发送至邮箱：a@b.cn。\n")
    last = found[-1]
    assert last["clause"] == "六、", marker


def test_a_line_under_a_heading_item_stays_in_the_item():
    found = entries("三、申报条件\n（一）五级/初级工\n具备以下条件之一者：\n1.年满16周岁。\n")
    assert found[2]["clause"] == "三、（一）"


@pytest.mark.parametrize(
    "line", ["电子邮箱：x_y@126.com", "赣州市鉴定中心 钟晓燕 0797-8123456", "网址：http://a.cn"]
)
def test_a_contact_line_above_the_signature_stays_in_its_clause(line):
    found = entries(f"八、联系方式\n{line}\n赣州市人力资源和社会保障局\n2025年9月15日\n")
    assert found[1]["clause"] == "八、"
    assert found[-2]["clause"] == "落款"


@pytest.mark.parametrize(
    "sentence, purpose",
    [
        ("考生登录“某平台”（https://a.cn）注册并填报信息", "apply"),
        ("报名人员登录“考试系统”（http://a.cn）进行网上报名", "apply"),
        ("证书可在技能人才评价工作网(http://a.cn)查询", "verify"),
        ("详见（http://a.cn）", None),
    ],
)
def test_a_web_address_is_a_verification_site_only_in_a_sentence_about_looking_up(
    sentence, purpose
):
    found = contacts.sites(entries(f"一、事项\n{sentence}。\n"))
    assert found[0]["purpose"] == purpose


def test_a_registration_platform_is_the_submission_route_not_a_verification_site():
    text = "一、报名方式\n考生登录“某市认定服务平台”（https://jnrd.example.cn）注册并填报信息。\n"
    program = build(text, "x", "x.txt", "2026-01-01")
    assert "verification_sites" not in program
    route = program["submission"]["route"]
    assert route["kind"] == "system" and route["url"] == "https://jnrd.example.cn"


@pytest.mark.parametrize(
    "note",
    ["我院在籍学生按上表标准减半收取。", "低保家庭人员免收认定费。", "在校学生另行收取。"],
)
def test_every_amount_of_a_fee_clause_that_sets_another_rate_for_a_group_is_a_todo(note):
    text = f"五、收费标准\n四级/中级工每人350元，三级/高级工每人450元。\n{note}\n六、其他\n无。\n"
    program = build(text, "x", "x.txt", "2026-01-01")
    assert program["fees"] and all(isinstance(f["amount_cny"], Todo) for f in program["fees"])


def test_another_fee_charged_apart_leaves_the_amounts_sure():
    text = "五、收费标准\n四级/中级工每人350元。培训费另行收取。\n"
    assert fees_mod.group_rate(entries(text), 2) is None


def test_a_subject_named_after_levels_is_for_those_levels_and_its_parts_are_no_subjects():
    found = exam.subjects(
        "四级、三级实行理论知识考试和操作技能考核。二级/技师实行理论知识考试、操作技能考核和"
        "综合评审。综合评审包括论文答辩和业绩评审，满分100分，60分及以上为合格。"
    )
    by_id = {s["id"]: s for s in found}
    assert set(by_id) == {"theory", "skill", "review"}
    assert by_id["review"]["levels"] == [2]
    assert by_id["review"]["full_marks"] == 100 and by_id["review"]["pass_mark"] == 60


@pytest.mark.parametrize("levels", ["三级/高级工另需进行综合评审", "三级/高级工实行综合评审"])
def test_a_subject_only_some_levels_sit_gets_those_levels(levels):
    found = exam.subjects(f"理论知识考试采用机考。{levels}。")
    assert next(s for s in found if s["id"] == "review")["levels"] == [3]


@pytest.mark.parametrize(
    "text, start",
    [
        ("四、报名方式\n（一）报名时间：2025年9月22日至10月10日。\n", "2025-09-22"),
        ("五、考核安排\n考核时间暂定于2025年10月25日。\n", "2025-10-25"),
        ("二、考试\n1.考试时间：2025年11月2日。\n", "2025-11-02"),
    ],
)
def test_a_date_labelled_with_what_it_dates_is_read_outside_a_schedule_clause(text, start):
    found = timeline.schedule(entries(text), "2025-09-15")
    assert found and found[0]["start"] == start


@pytest.mark.parametrize("verb", ["给予一次性", "发放"])
def test_a_subsidy_given_at_amounts_printed_before_its_name_is_read(verb):
    text = (
        "七、补贴政策\n取得证书的，按照五级/初级工1000元、四级/中级工1500元的标准"
        f"{verb}职业技能提升补贴。\n"
    )
    found = subsidies.subsidies(entries(text))
    assert found[0]["amounts"] == [(5, 1000), (4, 1500)]


@pytest.mark.parametrize(
    "line, pairs",
    [
        ("福鼎市鉴定所：陈雅琴 0593-7812345，林家豪 0593-7812346。", ["陈雅琴", "林家豪"]),
        ("赣州市鉴定中心 钟晓燕 0797-8123456", ["钟晓燕"]),
    ],
)
def test_names_before_numbers_in_a_contact_clause_are_contacts(line, pairs):
    found = contacts.contacts(entries(f"八、联系方式\n{line}\n"))
    assert [p["name"] for p in found[0]["pairs"]] == pairs


@pytest.mark.parametrize("heading", ["认定范围", "申报对象", "报名对象"])
def test_a_clause_titled_for_whom_gives_the_audience(heading):
    text = f"一、{heading}\n全市养老服务机构中从事养老护理工作的在岗人员。\n二、其他\n无。\n"
    program = build(text, "x", "x.txt", "2026-01-01")
    assert program["audience"]["groups"][0]["clause"] == "一、"
