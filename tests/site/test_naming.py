"""File-naming examples: what the site recommends passes the upload check, and the notice's
own example ID number, which fails the GB 11643-1999 check digit, is flagged, never endorsed."""

from __future__ import annotations

import re

import pytest

from policy import idnumber, naming

ID = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")


def notice_example(programs):
    photo = next(m for m in programs["wushen-2024"]["materials"] if m["id"] == "photo")
    return photo["naming"]["notice_example"].rsplit(".", 1)[0].split("_")[1]


def test_the_notices_example_id_number_fails_the_check_digit(programs):
    number = notice_example(programs)
    assert number == "152701198503200355"  # as printed in 乌政务中心发〔2024〕9号
    assert not idnumber.is_valid(number)
    assert idnumber.check_digit(number[:17]) != number[17]


def test_the_one_example_id_number_passes_the_upload_check():
    assert idnumber.is_valid(idnumber.EXAMPLE_ID)


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_every_id_number_the_site_shows_passes_the_check_or_is_flagged(
    pages, programs, lang_prefix
):
    bad = notice_example(programs)
    for url, page in pages.items():
        if not url.startswith(lang_prefix + "programs/"):
            continue
        for number in ID.findall(page.text):
            if number == bad:
                if "notice" in url:  # the original notice text is reproduced as published
                    continue
                assert "GB 11643-1999" in page.text, f"{url} shows {number} without the warning"
            else:
                assert idnumber.is_valid(number), (url, number)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (
            "programs/wushen-2024/how-to-apply/",
            ["无法通过 GB 11643-1999 校验码检验", "最后一位应为"],
        ),
        ("en/programs/wushen-2024/how-to-apply/", ["fails the GB 11643-1999 check digit"]),
        ("programs/wushen-2024/materials/", ["无法通过 GB 11643-1999 校验码检验"]),
        ("en/programs/wushen-2024/materials/", ["fails the GB 11643-1999 check digit"]),
    ],
)
def test_the_notices_example_is_flagged_where_the_naming_rule_is_explained(
    pages, programs, url, words
):
    text = pages[url].text
    assert notice_example(programs) in text
    assert all(w in text for w in words)


def test_example_file_names_follow_the_notices_naming_rule(programs, pages):
    photo = next(m for m in programs["wushen-2024"]["materials"] if m["id"] == "photo")
    examples = naming.example_names(programs["wushen-2024"])
    name = examples["materials"]["photo"]
    pattern = (
        re.escape(photo["naming"]["pattern"])
        .replace(r"\{name\}", r"(\w+)")
        .replace(r"\{id_number\}", r"(\d{17}[\dX])")
    )
    person, number = re.fullmatch(pattern, name).groups()
    assert idnumber.is_valid(number)
    for url in ("programs/wushen-2024/how-to-apply/", "en/programs/wushen-2024/how-to-apply/"):
        assert name in pages[url].text


def test_a_chsi_record_is_asked_only_for_junior_college_and_above(pages):
    zh = pages["programs/huian-2024/materials/"].text
    en = pages["en/programs/huian-2024/materials/"].text
    assert "仅当：学历为大专/高等职业学校、本科、研究生之一" in zh
    assert (
        "only if: education is one of: higher vocational college / junior college (associate), bachelor's degree, postgraduate"
        in en
    )
