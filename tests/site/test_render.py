"""The pure helpers behind the pages: dates, sizes, escaping, conditions, file-name examples,
and the page list other features plug into."""

from __future__ import annotations

import pytest

from generator.site import pages, text, urls
from policy import idnumber, naming
from tests.support.idnumbers import make_id


def test_dates_read_naturally_in_each_language():
    assert text.format_date("2024-07-05", "zh") == "2024年7月5日"
    assert text.format_date("2024-07-05", "en") == "5 July 2024"


def test_sizes_are_given_in_the_unit_people_use():
    assert text.human_bytes(20480) == "20 KB"
    assert text.human_bytes(52428800) == "50 MB"
    assert text.human_bytes(1073741824) == "1 GB"
    assert text.human_bytes(900) == "900 B"


def test_text_from_the_data_cannot_break_the_markdown():
    assert text.md_escape("姓名_证件号 *x* [a](b) <script>") == (
        "姓名\\_证件号 \\*x\\* \\[a\\](b) &lt;script&gt;"
    )


def test_chinese_on_english_pages_is_tagged_and_left_alone_on_chinese_pages():
    assert text.text({"zh": "见证补贴", "en": "apply in 闽政通 now"}, "en") == (
        'apply in <span lang="zh-CN">闽政通</span> now'
    )
    assert text.text({"zh": "见证补贴", "en": "x"}, "zh") == "见证补贴"


def test_a_condition_reads_as_plain_words():
    expr = {"field": "education.level", "in": ["higher_vocational", "bachelor"]}
    assert text.describe(expr, "zh") == "学历为大专/高等职业学校、本科之一"
    both = {"all": [{"field": "age", "ge": 16}, {"field": "works_in_occupation", "eq": True}]}
    assert text.describe(both, "en").count(", and ") == 1


def test_the_gb11643_check_digit_accepts_good_numbers_and_refuses_bad_ones():
    assert idnumber.is_valid("11010519491231002X")  # the standard's own example
    assert not idnumber.is_valid("152701198503200355")  # 乌政务中心发〔2024〕9号's example
    assert not idnumber.is_valid("110105194902301238")  # 30 February
    assert idnumber.is_valid(make_id("350521", "20000229", "001"))


def test_naming_examples_follow_the_pattern_and_flag_the_notices_bad_example():
    program = {
        "materials": [
            {
                "id": "photo",
                "formats": ["jpeg"],
                "naming": {
                    "pattern": "{name}_{id_number}.JPG",
                    "notice_example": "李四_152701198503200355.JPG",
                },
            },
            {"id": "id-card", "formats": ["pdf"], "keywords": ["身份证"]},
        ]
    }
    examples = naming.example_names(program)
    assert examples["person"] == "李四"
    assert examples["materials"]["photo"] == f"李四_{examples['id_number']}.JPG"
    assert examples["id_number"] == idnumber.EXAMPLE_ID
    assert idnumber.is_valid(examples["id_number"])
    assert examples["materials"]["id-card"] == "身份证.pdf"
    assert examples["notice_example"]["valid"] is False
    assert examples["notice_example"]["expected_check"] == idnumber.check_digit("15270119850320035")


def test_a_page_type_cannot_be_listed_twice():
    twice = [*pages.PAGES, pages.PageType("overview", "x.md.j2", "x", {"zh": "x", "en": "x"})]
    with pytest.raises(ValueError, match="overview"):
        pages._unique(twice)


def test_links_between_pages_are_relative_to_the_page_source():
    assert urls.relative_link("programs/a/index", "programs/a/materials") == (
        "../../programs/a/materials.md"
    )
    assert urls.relative_link("index", "programs/a/index") == "programs/a/index.md"
