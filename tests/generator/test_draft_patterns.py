"""Each pattern of a notice the draft reads gives the right value, a to-do where the words leave
room, and never a wrong value. Pure functions: text in, plain data out."""

from __future__ import annotations

import pytest

from generator.draft import (
    audience,
    clauses,
    contacts,
    fees,
    levels,
    materials,
    phrases,
    subsidies,
    timeline,
)
from generator.draft.exam import retake, subjects


def entries(text: str) -> list[dict]:
    return clauses.parse(text)


# -- dates ---------------------------------------------------------------------------------
def test_a_date_range_gives_its_first_and_last_day():
    p = timeline.period("2021年4月22日至5月18日")
    assert (p["start"], p["end"], p["approximate"], p["sure"]) == (
        "2021-04-22",
        "2021-05-18",
        False,
        True,
    )


def test_a_date_without_its_year_takes_the_notices_year():
    p = timeline.period("7月6日起至考试前一天", 2024, "2024-06-24")
    assert p["start"] == "2024-07-06" and "end" not in p and p["sure"]


def test_from_today_即日起_is_the_day_of_the_notice():
    p = timeline.period("即日起-7月5日", 2024, "2024-06-24")
    assert (p["start"], p["end"], p["sure"]) == ("2024-06-24", "2024-07-05", True)


@pytest.mark.parametrize(
    "words, start, end",
    [
        ("2021年7月至9月", "2021-07-01", "2021-09-30"),
        ("2021年10月", "2021-10-01", "2021-10-31"),
        ("2025年10月下旬（具体时间另行通知）", "2025-10-21", "2025-10-31"),
        ("2024年2月中旬", "2024-02-11", "2024-02-20"),
    ],
)
def test_an_approximate_month_is_a_marked_approximate_period(words, start, end):
    p = timeline.period(words)
    assert (p["start"], p["end"], p["approximate"], p["sure"]) == (start, end, True, True)


def test_a_rough_period_qualified_by_more_words_is_left_to_a_person():
    p = timeline.period("8月中旬-9月份其中一周周日(具体时间另行通知)", 2024, "2024-06-24")
    assert p["approximate"] and not p["sure"]


def test_a_deadline_gives_only_an_end_day():
    p = timeline.period("缴费截止时间为2026年4月15日")
    assert p["end"] == "2026-04-15" and p["by"] and "start" not in p


def test_a_day_before_the_notice_with_a_guessed_year_is_left_to_a_person():
    assert not timeline.period("1月5日", 2024, "2024-12-20")["sure"]


def test_the_schedule_clause_gives_labelled_timeline_items():
    text = "五、时间安排\n1.报名：2023年11月13日至11月24日。\n2.考试：2023年12月10日上午（考点另行通知）。"
    items = timeline.schedule(entries(text), "2023-11-06")
    assert [(i["id"], i["start"], i["end"], i["registration"]) for i in items] == [
        ("registration", "2023-11-13", "2023-11-24", True),
        ("exam", "2023-12-10", "2023-12-10", False),
    ]


# -- money ---------------------------------------------------------------------------------
def test_a_fee_line_gives_each_amount_with_its_level_subject_and_kind():
    found = fees.line_fees("五级/初级工：理论知识50，技能操作140；", yuan=True)
    assert [(f["amount"], f["levels"], f["subject"], f["kind"]) for f in found] == [
        (50, [5], "theory", "exam"),
        (140, [5], "skill", "exam"),
    ]


def test_a_fee_in_yuan_per_person_names_its_level():
    found = fees.line_fees("考核费按等级收取：初级工100元/人，技师180元/人。")
    assert [(f["amount"], f["levels"], f["kind"]) for f in found] == [
        (100, [5], "exam"),
        (180, [2], "exam"),
    ]


def test_a_fee_table_row_gives_one_fee_per_column():
    rows = ["等级\t理论知识\t技能操作\t口试", "三级/高级工\t50\t240\t60"]
    found = fees.table_fees(rows, yuan=True)
    assert [(f["amount"], f["levels"], f["subject"]) for f in found] == [
        (50, [3], "theory"),
        (240, [3], "skill"),
        (60, [3], "oral"),
    ]


def test_a_retake_fee_and_a_training_fee_are_told_apart():
    found = fees.line_fees("补考理论单科104元，两门均补考254元，报名培训费1380元")
    assert [(f["amount"], f["kind"], f["subject"]) for f in found] == [
        (104, "retake", "theory"),
        (254, "retake", None),
        (1380, "training", None),
    ]


@pytest.mark.parametrize(
    "line", ["满分100分，60分及以上为合格。", "按渝价〔2016〕128号执行", "培训时长为33.8课时"]
)
def test_a_number_that_is_no_amount_of_money_is_never_a_fee(line):
    assert fees.line_fees(line, yuan=True) == []


def test_the_payee_account_is_read_from_its_three_lines():
    text = "四、缴费\n户名:某某培训中心\n开户行:某某银行某某支行\n账号:5959 0345 5010 901"
    payee = fees.payee(entries(text))
    assert (payee["account_name"], payee["bank"], payee["account_number"]) == (
        "某某培训中心",
        "某某银行某某支行",
        "5959 0345 5010 901",
    )


# -- conditions ----------------------------------------------------------------------------
CURRENT = [
    ("累计从事本职业或相关职业工作满8年。", {"field": "years_in_occupation", "ge": 8}),
    (
        "取得本职业或相关职业四级/中级工职业资格(职业技能等级)证书后，累计从事本职业或相关职业工作满4年。",
        {
            "all": [
                {"field": "certificate.level", "le": 4},
                {"field": "certificate.years_in_occupation_since", "ge": 4},
            ]
        },
    ),
    (
        "取得本职业或相关职业三级/高级工职业技能等级证书后，累计从事本职业或相关职业工作满五年",
        {
            "all": [
                {"field": "certificate.level", "le": 3},
                {"field": "certificate.years_in_occupation_since", "ge": 5},
            ]
        },
    ),
    (
        "年满16周岁，从事本职业或相关职业工作。",
        {"all": [{"field": "age", "ge": 16}, {"field": "works_in_occupation", "eq": True}]},
    ),
    ("本职业或相关职业学徒期满。", {"field": "apprenticeship_completed", "eq": True}),
    (
        "取得本专业或相关专业的技工院校高级工班及以上毕业证书（含在读应届毕业生）",
        {
            "all": [
                {"field": "education.level", "eq": "technician_school_senior"},
                {"field": "education.related_major", "eq": True},
            ]
        },
    ),
]
OLDER = [
    ("累计从事本职业或相关职业工作6年（含）以上。", {"field": "years_in_occupation", "ge": 6}),
    (
        "取得本职业或相关职业五级/初级工职业资格证书（技能等级证书）后，累计从事本职业或相关职业工作4年（含）以上。",
        {
            "all": [
                {"field": "certificate.level", "le": 5},
                {"field": "certificate.years_in_occupation_since", "ge": 4},
            ]
        },
    ),
    (
        "取得本职业或相关职业四级/中级工职业资格证书（技能等级证书），并具有高级技工学校、技师学院毕业证书（含尚未取得毕业证书的在校应届毕业生）。",
        {
            "all": [
                {"field": "certificate.level", "le": 4},
                {"field": "education.level", "eq": "technician_school_senior"},
            ]
        },
    ),
]


@pytest.mark.parametrize("wording, when", CURRENT + OLDER)
def test_each_standard_condition_wording_becomes_its_condition(wording, when):
    found = phrases.match(wording)
    assert found is not None and found["when"] == when


def test_the_english_of_a_standard_wording_comes_from_the_phrase_table():
    found = phrases.match(
        "取得本职业或相关职业五级/初级工职业技能等级证书后，累计从事本职业或相关职业工作满3年。"
    )
    assert found["en"] == (
        "After obtaining a Level 5 / junior worker vocational skill level certificate in this or a "
        "related occupation, at least 3 years in total working in this or a related occupation."
    )


@pytest.mark.parametrize(
    "wording",
    [
        "高中或中专及以上学历毕业满五年。",  # not a standard wording
        "累计从事本职业工作满5年。",  # 或相关职业 missing: another rule
        "取得初级工技术等级证书后，在本工种岗位工作满5年。",  # the older 机关工考 wording
        "累计从事本职业或相关职业工作满5年，且年满18周岁。",  # a standard wording and more
    ],
)
def test_a_wording_outside_the_phrase_table_is_never_guessed(wording):
    assert phrases.match(wording) is None


def test_levels_and_their_conditions_are_read_under_the_conditions_clause():
    text = (
        "三、申报条件\n（一）具备以下条件之一者，可申报四级/中级工：\n1.累计从事本职业或相关职业工作满5年。\n"
        "2.某某条件。\n（二）技师的申报条件见附件2。"
    )
    found = levels.levels(entries(text), [])
    assert [(lv["level"], len(lv["conditions"]), bool(lv.get("not_stated"))) for lv in found] == [
        (4, 2, False),
        (2, 0, True),
    ]
    assert found[0]["conditions"][0]["standard"]["id"] == "years"
    assert found[0]["conditions"][1]["standard"] is None


def test_the_clause_tree_names_clauses_as_the_notice_prints_them():
    text = "二、主要任务\n3、 报考要求\n（1） 申报条件。\n1.具备以下条件之一者，可申报五级/初级工：\n(1)年满16周岁。\n（二）所需材料。\n1.填写信息采集表；\n注意事项：\n1.个人报名打包。\n四、工作要求"
    names = [e["clause"] for e in entries(text)]
    assert names == [
        "二、",
        "3、",
        "3、（1）",
        "3、（1）1.",
        "3、（1）1.(1)",
        "3、（二）",
        "3、（二）1.",
        "3、（二）",  # 注意事项： after a finished item: a paragraph of （二）, not of its 1.
        "3、（二）注意事项1.",
        "四、",
    ]


# -- materials -----------------------------------------------------------------------------
def test_a_size_limit_20KB以下_is_20480_bytes():
    m = materials.material("二寸白底免冠电子照片，格式为 JPG，20KB 以下")
    assert (m["max_bytes"], m["formats"], m["photo"]["background"]) == (20480, ["jpeg"], "white")


def test_a_size_range_gives_the_smallest_and_the_largest_size():
    m = materials.material("电子照片，JPG格式，大小不低于40KB、不超过200KB")
    assert (m["min_bytes"], m["max_bytes"]) == (40960, 204800)


def test_a_naming_rule_以姓名_证件号命名_keeps_the_notices_example():
    m = materials.material(
        "照片，格式为 JPG，以姓名 _ 证件号命名（例：张三_152701198503200355.JPG）"
    )
    assert m["naming"] == {
        "pattern": "{name}_{id_number}.JPG",
        "notice_example": "张三_152701198503200355.JPG",
        "sure": True,
    }


def test_a_naming_rule_by_id_number_with_an_upper_case_x():
    m = materials.material("电子照片：JPG格式，以本人身份证号命名（身份证号末位为X的，请把X大写）")
    assert m["naming"] == {"pattern": "{id_number}.jpg", "sure": True, "uppercase_x": True}


def test_a_naming_rule_whose_file_type_is_unknown_is_left_to_a_person():
    assert not materials.material("证件照，以“姓名_身份证号”命名")["naming"]["sure"]


def test_paper_copies_and_both_paper_and_scan_are_read():
    both = materials.material(
        "申报表（附件3），经所在单位审核盖章，纸质一式两份，并提交扫描件（PDF）"
    )
    paper = materials.material("身份证正反面复印件1份（A4纸）")
    assert (both["submit"], both["paper"], both["formats"]) == ("both", {"copies": 2}, ["pdf"])
    assert (paper["submit"], paper["paper"]) == ("paper", {"copies": 1, "size": "A4"})
    assert "formats" not in paper


def test_a_material_for_some_levels_only_names_them():
    m = materials.material("申报二级/技师、一级/高级技师的，提供本人技术总结（PDF或Word格式）")
    assert m["levels"] == [2, 1] and m["formats"] == ["pdf", "docx", "doc"]


# -- contacts, subsidies, audience, exam ---------------------------------------------------
def test_an_email_and_a_phone_are_read_from_the_contact_line():
    found = contacts.contacts(
        entries("九、联系方式\n联系人：王老师，电话：0371-1234567，邮箱：a.b@example.cn。")
    )
    assert [(c["person"], c["phones"], c["emails"]) for c in found] == [
        ("王老师", ["0371-1234567"], ["a.b@example.cn"])
    ]


def test_a_mobile_number_after_a_person_is_read():
    found = contacts.contacts(entries("咨询渠道:小陈,联系电话,15159506886。"))
    assert found[0]["phones"] == ["15159506886"] and found[0]["person"] == "小陈"


def test_a_web_address_printed_with_a_slip_is_repaired_only_as_a_todo():
    (site,) = contacts.sites(entries("网址:http//zscx.osta.org.cn)"))
    assert (site["url"], site["as_printed"], site["sure"]) == (
        "http://zscx.osta.org.cn",
        "http//zscx.osta.org.cn",
        False,
    )


def test_a_subsidy_gives_its_amounts_and_its_stated_exclusions():
    text = (
        "八、证书补贴\n1.取得证书者可申请见证补贴(四级1000元)或失业保险技能提升补贴(四级1500元)。\n"
        "2.见证补贴除机关社保、未成年及失信人员无法申请外，其他人员均可申请。"
    )
    found = subsidies.subsidies(entries(text))
    assert [(s["name"], s["amounts"]) for s in found] == [
        ("见证补贴", [(4, 1000)]),
        ("失业保险技能提升补贴", [(4, 1500)]),
    ]
    assert [r["when"] for r in found[0]["requirements"]] == [
        {"field": "social_insurance", "ne": "government"},
        {"field": "age", "ge": 18},
        {"field": "dishonest_record", "ne": True},
    ]
    assert found[0]["either_or"] == ["失业保险技能提升补贴"]


def test_the_audience_rule_is_what_its_words_state():
    words = "全县各审批服务部门中的非在编人员。在编人员不在本次认定范围之内。"
    found = audience.rules(words, {"code": "321023"})
    assert [a["when"] for a in found] == [
        {"field": "workplace_region", "within": ["321023"]},
        {"field": "staffing", "eq": "non_established"},
    ]


def test_a_retirement_day_that_is_not_a_months_end_gives_no_rule():
    assert audience.rules("2021年10月15日前未达到法定退休年龄", None) == []


def test_exam_subjects_modes_marks_and_retakes_are_read():
    words = "理论知识采用机考；专业技能采用情景模拟操作方式。两科满分均为100分，均达到60分（含）以上为合格。"
    found = subjects(words)
    assert [(s["id"], s["mode"], s["full_marks"], s["pass_mark"]) for s in found] == [
        ("theory", "computer", 100, 60),
        ("skill", "practical_simulated", 100, 60),
    ]
    assert retake("有一科合格的，可在一年内参加一次补考。") | {"words": ""} == {
        "words": "",
        "valid_years": 1,
        "max_attempts": 1,
    }


def test_a_subject_sat_two_ways_gets_no_mode():
    (skill,) = subjects("技能操作考核：采用现场操作或模拟操作方式")
    assert "mode" not in skill
