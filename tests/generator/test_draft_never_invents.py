"""Never invent: words the draft cannot read with certainty (a negation, an exclusion, "or", a
cap, a breakdown, a tentative date, two names for two numbers) become a !todo, never a value.

Each test drafts a small notice whose body holds the words under test and checks the values
stated (with no !todo) and the ones left to do. Found by an outside review of the draft command.
"""

from __future__ import annotations

import pytest

from generator.draft import draft_text
from policy import yamlpos

HEAD = """测试〔2025〕1号
青田县人力资源和社会保障局关于开展政务服务办事员职业技能等级认定的通知
各有关单位：
现将有关事项通知如下：
"""
TAIL = """
青田县人力资源和社会保障局
2025年6月16日
"""


class Draft:
    def __init__(self, body: str, head: str = HEAD, tail: str = TAIL):
        loaded = yamlpos.load(draft_text(head + body + tail, "probe-x", today="2025-06-20"))
        self.data = loaded.data
        self.todos = {tuple(path) for path, _ in loaded.todos}

    def todo(self, *path) -> bool:
        """Whether the value at path, or what holds it, or a part of it, is marked !todo."""
        return any(path[: len(m)] == m or m[: len(path)] == path for m in self.todos)

    def sure(self, *path):
        """The value at path, stated without !todo (an AssertionError otherwise)."""
        assert not self.todo(*path), f"{path} is marked !todo"
        value = self.data
        for key in path:
            value = value[key]
        return value


def audience_atoms(d: Draft) -> list[tuple[dict, bool]]:
    when = d.data["audience"].get("when")
    if when is None:
        return []
    atoms = when["all"] if "all" in when else [when]
    paths = (
        [("audience", "when", "all", k) for k in range(len(atoms))]
        if "all" in when
        else [("audience", "when")]
    )
    return [(a, d.todo(*p)) for a, p in zip(atoms, paths, strict=True)]


def stated_staffing(d: Draft) -> list:
    return [a for a, todo in audience_atoms(d) if a.get("field") == "staffing" and not todo]


# -- (1) audience: negation and exclusion --------------------------------------------------------
@pytest.mark.parametrize(
    "words",
    [
        "全县窗口工作人员（不含编外人员）。",
        "全县窗口工作人员，编外人员不得报名。",
        "全县窗口工作人员，在编人员不参加本次认定。",
        "全县窗口工作人员（在编人员除外）。",
        "全县窗口工作人员（含编外人员）。",
        "全县窗口工作人员，不含机关事业单位在编人员。",
    ],
)
def test_a_staffing_word_beside_a_negation_or_exclusion_is_never_drafted_as_a_rule(words):
    d = Draft("一、认定对象\n" + words + "\n二、时间安排\n1.报名：即日起-7月5日。\n")
    assert stated_staffing(d) == []
    assert any(todo for _, todo in audience_atoms(d))


def test_a_plain_staffing_word_is_still_drafted():
    d = Draft("一、认定对象\n全县各审批服务部门中的非在编人员。\n二、其他\n无。\n")
    assert stated_staffing(d) == [{"field": "staffing", "eq": "non_established"}]


def test_both_kinds_of_staff_named_give_no_staffing_rule():
    d = Draft("一、认定对象\n全县非在编人员及在编人员均可报名。\n二、其他\n无。\n")
    assert [a for a, _ in audience_atoms(d) if a.get("field") == "staffing"] == []


# -- (8) 全市 and the issuer's level --------------------------------------------------------------
def test_whole_city_in_a_county_level_city_notice_is_that_city_not_the_prefecture():
    head = HEAD.replace("青田县", "临海市")
    d = Draft(
        "一、认定对象\n全市窗口工作人员。\n二、其他\n无。\n",
        head=head,
        tail=TAIL.replace("青田县", "临海市"),
    )
    assert d.sure("audience", "when") == {"field": "workplace_region", "within": ["331082"]}


def test_whole_city_in_a_county_notice_is_left_to_do():
    d = Draft("一、认定对象\n全市窗口工作人员。\n二、其他\n无。\n")
    assert d.todo("audience", "when")


def test_whole_city_in_a_prefecture_notice_is_the_prefecture():
    head, tail = HEAD.replace("青田县", "丽水市"), TAIL.replace("青田县", "丽水市")
    d = Draft("一、认定对象\n全市窗口工作人员。\n二、其他\n无。\n", head=head, tail=tail)
    assert d.sure("audience", "when") == {"field": "workplace_region", "within": ["331100"]}


# -- (2) all of / one of -------------------------------------------------------------------------
CONDITIONS = "1.累计从事本职业或相关职业工作满5年。\n2.取得本职业或相关职业五级/初级工职业资格证书（技能等级证书）后，累计从事本职业或相关职业工作满3年。\n"


@pytest.mark.parametrize(
    "heading",
    [
        "申报四级/中级工，须同时具备以下条件：",
        "申报四级/中级工，应具备以下条件：",
        "（一）申报四级/中级工：",
    ],
)
def test_conditions_not_said_to_be_alternatives_are_left_to_do(heading):
    d = Draft("二、申报条件\n" + heading + "\n" + CONDITIONS + "三、其他\n无。\n")
    conditions = d.data["levels"][0]["conditions"]
    assert len(conditions) == 2
    assert all(d.todo("levels", 0, "conditions", k, "when") for k in range(2))


@pytest.mark.parametrize(
    "heading",
    [
        "（一）申报四级/中级工，具备以下条件之一者：",
        "（一）四级/中级工（具备以下条件之一者）",
        "（一）四级/中级工\n具备以下条件之一者：",
        "具备以下条件之一者，可申报四级/中级工：",
    ],
)
def test_conditions_said_to_be_one_of_are_drafted_as_alternatives(heading):
    d = Draft("二、申报条件\n" + heading + "\n" + CONDITIONS + "三、其他\n无。\n")
    assert d.sure("levels", 0, "level") == 4
    assert d.sure("levels", 0, "conditions", 0, "when") == {"field": "years_in_occupation", "ge": 5}


# -- (3) money -----------------------------------------------------------------------------------
def fees(d: Draft) -> list[tuple]:
    """(amount, stated without !todo) of each drafted fee."""
    return [
        (f["amount_cny"], not d.todo("fees", k, "amount_cny"))
        for k, f in enumerate(d.data.get("fees", []))
    ]


def test_a_thousands_separator_is_part_of_the_amount():
    d = Draft(
        "一、收费标准\n1.理论考试费用为每人每次80元，技能考核费用为每人每次1,200元。\n二、其他\n无。\n"
    )
    assert fees(d) == [(80, True), (1200, True)]


@pytest.mark.parametrize(
    "line",
    [
        "1.认定费用全免，由财政承担（原标准四级/中级工300元/人）。",
        "1.认定费用：四级/中级工每人300元，由单位统一缴纳，个人不另外收取。",
        "1.认定费：四级/中级工300元，建档立卡贫困人员减半收取。",
    ],
)
def test_a_waived_former_or_reduced_amount_is_never_a_stated_fee(line):
    d = Draft("一、收费标准\n" + line + "\n二、其他\n无。\n")
    assert fees(d) and all(not sure for _, sure in fees(d))


def test_a_breakdown_after_qizhong_is_not_three_fees():
    d = Draft(
        "一、收费标准\n1.认定费用：四级/中级工300元/人，其中理论100元、技能200元。\n二、其他\n无。\n"
    )
    assert [a for a, _ in fees(d)] == [300]


def test_a_cap_and_a_part_it_includes_are_never_stated_fees():
    d = Draft("一、收费标准\n1.培训费每人不超过1200元（含教材费80元）。\n二、其他\n无。\n")
    assert fees(d) and all(not sure for _, sure in fees(d))


def test_a_fee_for_a_level_not_offered_is_a_todo_not_a_comment():
    d = Draft("一、收费标准\n1.四级/中级工认定费300元/人，三级/高级工400元/人。\n二、其他\n无。\n")
    for k, _ in enumerate(d.data["fees"]):
        assert d.todo("fees", k, "levels") or d.todo("fees", k, "amount_cny")


def test_a_fee_table_total_column_is_no_fee():
    body = "一、收费标准\n收费标准如下表（元/人）：\n等级\t理论\t技能\t合计\n五级/初级工\t60\t140\t200\n二、其他\n无。\n"
    assert sorted(a for a, _ in fees(Draft(body))) == [60, 140]


# -- (4) sizes -----------------------------------------------------------------------------------
def material(body_item: str) -> tuple[dict, Draft]:
    d = Draft("一、报名材料\n" + body_item + "\n2.学历证书。\n二、其他\n无。\n")
    return d.data["materials"][0], d


@pytest.mark.parametrize(
    ("item", "key", "value"),
    [
        ("1.证件照（JPG格式，大小1.5MB以内）；", "max_bytes", 1572864),
        ("1.身份证扫描件（PDF格式，不超过0.5MB）；", "max_bytes", 524288),
        ("1.身份证扫描件（PDF格式，不超过2兆）；", "max_bytes", 2097152),
        ("1.证件照（JPG格式，小于200K）；", "max_bytes", 204800),
        ("1.证件照（JPG格式，不小于20KB）；", "min_bytes", 20480),
        ("1.证件照（JPG格式，20KB以上）；", "min_bytes", 20480),
    ],
)
def test_a_size_limit_keeps_its_decimals_and_units(item, key, value):
    m, d = material(item)
    assert d.sure("materials", 0, key) == value
    other = "min_bytes" if key == "max_bytes" else "max_bytes"
    assert other not in m


@pytest.mark.parametrize(
    "item", ["1.证件照（JPG格式，20KB至50KB）；", "1.身份证扫描件，JPG格式，大小在50KB-200KB之间；"]
)
def test_a_size_range_gives_both_limits(item):
    m, d = material(item)
    low, high = (20480, 51200) if "20KB" in item else (51200, 204800)
    assert (d.sure("materials", 0, "min_bytes"), d.sure("materials", 0, "max_bytes")) == (low, high)


def test_two_different_limits_in_one_item_are_left_to_do():
    m, d = material("1.身份证扫描件（PDF格式，单个文件不超过10M，总大小不超过20M）；")
    assert d.todo("materials", 0, "max_bytes")


# -- (5) formats and background ------------------------------------------------------------------
@pytest.mark.parametrize(
    "item", ["1.身份证扫描件（不要PDF格式，请用JPG）；", "1.毕业证书扫描件（除PDF外均可）；"]
)
def test_a_format_named_with_a_negation_is_left_to_do(item):
    _, d = material(item)
    assert d.todo("materials", 0, "formats")


def test_formats_joined_by_or_are_all_allowed():
    _, d = material("1.学历证书扫描件（PDF或JPG格式）；")
    assert sorted(d.sure("materials", 0, "formats")) == ["jpeg", "pdf"]


@pytest.mark.parametrize(
    "item",
    ["1.证件照（蓝底或白底，一寸）；", "1.证件照（小二寸，红底）；", "1.证件照（不要白底）；"],
)
def test_a_background_other_than_plain_white_is_never_drafted_as_white(item):
    m, _ = material(item)
    assert "background" not in m.get("photo", {})


def test_a_white_background_beside_an_unrelated_negation_is_still_white():
    _, d = material("1.近期白底免冠证件照（JPG格式，大小不超过30KB）；")
    assert d.sure("materials", 0, "photo", "background") == "white"


# -- (6) e-mail ----------------------------------------------------------------------------------
def test_an_address_the_notice_says_not_to_use_is_never_chosen():
    d = Draft("一、联系方式\n邮箱：qt2025@163.com（请勿发送至qt@163.com）。\n二、其他\n无。\n")
    emails = [c.get("email") for c in d.data.get("contacts", [])]
    assert "qt@163.com" not in emails
    assert d.data.get("submission", {}).get("email") != "qt@163.com"


def test_a_submission_address_is_left_to_do_when_the_notice_gives_another():
    body = "一、报名方式\n材料发送至qt2025@163.com。\n二、联系方式\n咨询邮箱：help@163.com。\n"
    d = Draft(body)
    assert d.todo("submission", "email")


def test_the_one_address_a_notice_gives_is_drafted():
    d = Draft("一、报名方式\n材料发送至qt2025@163.com。\n二、其他\n无。\n")
    assert d.sure("submission", "email") == "qt2025@163.com"


# -- (7) marks and modes -------------------------------------------------------------------------
def exam(body: str) -> Draft:
    return Draft("一、考核方式\n" + body + "\n二、其他\n无。\n")


def test_marks_given_per_subject_in_one_phrase_are_not_mixed_up():
    d = exam("理论知识考试和技能考核均采用百分制，理论60分、技能70分以上为合格。")
    for s in d.data["exam"]["subjects"]:
        assert "pass_mark" not in s


def test_marks_given_in_a_sentence_per_subject_are_each_subjects_own():
    d = exam("理论知识考试满分150分，90分及以上为合格；技能考核满分100分，60分及以上为合格。")
    got = {s["id"]: (s["full_marks"], s["pass_mark"]) for s in d.data["exam"]["subjects"]}
    assert got == {"theory": (150, 90), "skill": (100, 60)}


def test_a_mode_named_with_a_negation_is_not_the_subjects_mode():
    d = exam("理论知识考试采用机考，技能考核不采用实际操作方式，而采用笔试方式。")
    modes = {s["id"]: s.get("mode") for s in d.data["exam"]["subjects"]}
    assert modes == {"theory": "computer", "skill": None}


def test_the_pass_rule_does_not_begin_with_the_clause_heading():
    d = exam("认定分理论知识考试和操作技能考核，均实行百分制，成绩皆达60分（含）以上者为合格。")
    assert not d.data["exam"]["pass_rule"]["zh"].startswith("考核方式")


# -- (9) contacts --------------------------------------------------------------------------------
def contacts(line: str) -> tuple[list[dict], Draft]:
    d = Draft("一、联系方式\n" + line + "\n二、其他\n无。\n")
    return d.data.get("contacts", []), d


def test_two_people_each_with_their_number_are_paired_by_position():
    people, d = contacts("联系人：王老师（0578-5550001），李老师（13900000001）。")
    assert [(c["name"]["zh"], c["phone"]) for c in people] == [
        ("王老师", "0578-5550001"),
        ("李老师", "13900000001"),
    ]
    assert not any(d.todo("contacts", k, "name", "zh") for k in range(2))


def test_two_names_then_two_numbers_leave_the_owners_to_do():
    people, d = contacts("联系人：王老师、李老师，电话：0578-5550001、13900000001。")
    assert people and all(d.todo("contacts", k, "name", "zh") for k in range(len(people)))


def test_one_person_with_two_numbers_owns_both():
    people, _ = contacts("联系人：王老师，联系电话：0578-5550001，13900000001。")
    assert [c["name"]["zh"] for c in people] == ["王老师", "王老师"]


def test_an_extension_is_kept_and_left_to_check():
    people, d = contacts("联系人：王老师，联系电话：0578-5550001转8001。")
    assert people[0]["phone"] == "0578-5550001-8001"
    assert d.todo("contacts", 0, "phone")


# -- (10) subsidies ------------------------------------------------------------------------------
def subsidies(text: str) -> list[dict]:
    return Draft("一、补贴政策\n" + text + "\n二、其他\n无。\n").data.get("subsidies", [])


@pytest.mark.parametrize(
    "text",
    [
        "取得证书的，可按规定申领职业技能提升补贴：四级1500元，三级2000元。已享受同一职业同一等级补贴的人员不得重复申领。",
        "取得证书的，按规定享受职业技能提升补贴：四级1500元。机关事业单位在编人员不享受此项补贴。",
        "可申领技能提升补贴：四级1000元；按规定只能享受一次，已领取同等级补贴的不再发放。",
    ],
)
def test_an_exclusion_sentence_is_never_a_subsidy_of_its_own(text):
    names = [s["name"]["zh"] for s in subsidies(text)]
    assert len(names) == 1
    assert names[0] in ("职业技能提升补贴", "技能提升补贴")


def test_a_subsidy_name_inside_a_longer_one_is_not_a_second_subsidy():
    found = subsidies("取得证书的，可按规定申领职业技能提升补贴：四级1500元。")
    assert [s["name"]["zh"] for s in found] == ["职业技能提升补贴"]


def test_amounts_listed_with_dunhao_are_each_levels_own():
    body = (
        "二、申报条件\n（一）申报四级/中级工，具备以下条件之一者：\n1.累计从事本职业或相关职业工作满5年。\n"
        "（二）申报三级/高级工，具备以下条件之一者：\n1.累计从事本职业或相关职业工作满10年。\n"
        "三、补贴\n可申领技能提升补贴：四级1000元、三级1500元。\n"
    )
    found = Draft(body).data["subsidies"]
    assert found[0]["amounts"] == [
        {"level": 4, "amount_cny": 1000},
        {"level": 3, "amount_cny": 1500},
    ]


def test_amounts_for_levels_not_offered_leave_the_list_to_do():
    d = Draft(
        "一、补贴政策\n可申领技能提升补贴：五级800元、四级1000元、三级1500元。\n二、其他\n无。\n"
    )
    assert d.todo("subsidies", 0, "amounts")


# -- (11) tentative dates ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "1.考试：初定于9月13日，如有变动另行通知。",
        "1.考试：暂定9月13日。",
        "1.考试：拟于9月13日举行。",
    ],
)
def test_a_tentative_date_is_approximate_or_to_do(line):
    d = Draft("一、时间安排\n" + line + "\n二、其他\n无。\n")
    item = next(t for t in d.data["timeline"] if t["id"] == "exam")
    k = d.data["timeline"].index(item)
    assert item.get("approximate") or d.todo("timeline", k, "start")


def test_a_site_announced_later_does_not_make_the_date_tentative():
    d = Draft("一、时间安排\n1.考试：2025年12月10日上午（考点另行通知）。\n二、其他\n无。\n")
    item = next(t for t in d.data["timeline"] if t["id"] == "exam")
    assert item["start"] == "2025-12-10" and not item.get("approximate")


# -- (12) times in quoted text -------------------------------------------------------------------
def test_a_time_of_day_is_not_split_as_a_label():
    d = Draft("一、时间安排\n1.报名：截至7月5日17:30。\n二、其他\n无。\n")
    item = next(t for t in d.data["timeline"] if t["id"] == "registration")
    assert item["text"]["zh"] == "截至7月5日17:30。"
    assert item["label"]["zh"] == "报名截至"


# -- C: bank details and 文号 ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "lines",
    [
        "户名：青田县职业技能鉴定指导中心\n开户行：中国农业银行青田县支行\n账号：1932 0000 0000 00001",
        "收款单位：青田县职业技能鉴定指导中心\n开户银行：中国农业银行青田县支行\n银行账号：1932 0000 0000 00001",
        "户 名：青田县职业技能鉴定指导中心\n开 户 行：中国农业银行青田县支行\n账 号：1932 0000 0000 00001",
    ],
)
def test_bank_details_in_their_own_clause_are_offered_for_the_fees_to_check(lines):
    d = Draft(
        "一、收费标准\n认定费：四级/中级工300元/人。\n二、缴费方式\n" + lines + "\n三、其他\n无。\n"
    )
    assert d.data["fees"][0]["payee"] == {
        "account_name": "青田县职业技能鉴定指导中心",
        "bank": "中国农业银行青田县支行",
        "account_number": "1932 0000 0000 00001",
    }
    assert d.todo("fees", 0, "payee")


def test_the_document_number_on_the_line_under_the_title_is_read():
    head = "关于开展电工职业技能等级认定工作的通知\n临人社〔2025〕56号\n各有关单位：\n"
    d = Draft("一、其他\n无。\n", head=head, tail=TAIL.replace("青田县", "临海市"))
    assert d.sure("notice", "document_number") == "临人社〔2025〕56号"
