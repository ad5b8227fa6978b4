"""GB 11643-1999 resident ID numbers: check digit, date, masking."""

from __future__ import annotations

import datetime as dt

import pytest

from policy import idnumber
from tests.support.idnumbers import make_id


def test_a_number_with_the_right_check_digit_and_date_is_valid():
    for i in range(30):
        assert idnumber.is_valid(make_id("150627", "19900307", f"{i:03d}"))


def test_a_check_digit_of_ten_is_written_x_and_accepted_in_lower_case():
    body = next(
        b for b in (f"11010519491231{n:03d}" for n in range(1000)) if idnumber.check_digit(b) == "X"
    )
    assert idnumber.is_valid(body + "X") and idnumber.is_valid(body + "x")


def test_the_notices_own_example_fails_the_check_digit():
    assert idnumber.problem_with("152701198503200355") == "check-digit"


@pytest.mark.parametrize(
    "number,reason",
    [
        ("15062719900230000", "shape"),
        ("1506271990023000011", "shape"),
        ("050627199003070001", "shape"),
        ("15062719900A070001", "shape"),
    ],
)
def test_malformed_numbers_are_refused_for_their_shape(number, reason):
    assert idnumber.problem_with(number) == reason


def test_an_impossible_or_future_birth_date_is_refused():
    feb30 = "15062719900230001"
    assert idnumber.problem_with(feb30 + idnumber.check_digit(feb30)) == "date"
    future = "15062730000101001"
    assert idnumber.problem_with(future + idnumber.check_digit(future)) == "date"
    today = dt.date(2000, 1, 1)
    born_later = "15062720000102001"
    assert idnumber.problem_with(born_later + idnumber.check_digit(born_later), today) == "date"


def test_masking_keeps_the_first_four_and_last_four():
    assert idnumber.mask("152627199001011230") == "1526**********1230"
    assert idnumber.mask("123") == "***"


def test_redaction_masks_id_numbers_inside_free_text():
    number = make_id("150627", "19900307", "003")
    assert idnumber.redact(f"照片/张三_{number}.JPG") == f"照片/张三_{idnumber.mask(number)}.JPG"


@pytest.mark.parametrize(
    "text",
    [
        "照片/张三_{n}.JPG",
        "张三_{wide}.jpg",  # full-width digits, as some IMEs type them
        "{spaced}",  # grouped by spaces, as people copy numbers
        "{hyphens}",
    ],
)
def test_an_id_number_in_any_digit_width_or_grouping_is_masked(text):
    number = make_id("150627", "19900307", "001")
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    spaced = " ".join(number[i : i + 4] for i in range(0, 18, 4))
    hyphens = f"{number[:6]}-{number[6:14]}-{number[14:]}"
    shown = idnumber.redact(text.format(n=number, wide=wide, spaced=spaced, hyphens=hyphens))
    assert "1506**********" in shown
    digits = "".join(c for c in shown if c.isdigit())
    assert number[4:14] not in digits


def test_a_lower_case_check_character_keeps_its_case_when_masked():
    assert idnumber.mask("15062719900307001x").endswith("001x")


@pytest.mark.parametrize(
    "sep",
    ["\u00a0", "\u3000", "\u2009", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u2010", "\uff0d"],
)
def test_an_id_number_split_by_any_space_hyphen_or_invisible_character_is_masked(sep):
    number = make_id("110101", "19900307", "777")
    text = f"李四_{number[:6]}{sep}{number[6:14]}{sep}{number[14:]}.zip"
    shown = idnumber.redact(text)
    assert shown == f"李四_{number[:4]}**********{number[-4:]}.zip"


def test_a_zero_width_space_after_the_first_four_digits_does_not_hide_a_number():
    number = make_id("110101", "19900307", "404")
    shown = idnumber.redact(f"/{number[:4]}\u200b{number[4:]}")
    assert number[4:14] not in shown.replace("\u200b", "") and "*" * 10 in shown


def test_a_longer_digit_run_holding_an_id_number_is_masked_keeping_its_first_and_last_four():
    number = make_id("110101", "19900307", "001")
    run = "9" + number  # 19 characters: an ID number with one digit before it
    assert idnumber.redact(f"x{run}y") == f"x{run[:4]}{'*' * (len(run) - 8)}{run[-4:]}y"
    assert idnumber.redact("12345678901234567") == "1234*********4567"  # 17 digits: a cut ID


def test_short_digit_runs_and_the_kept_example_stay_as_they_are():
    assert idnumber.redact("订单 1234567890123456 号") == "订单 1234567890123456 号"
    example = idnumber.EXAMPLE_ID
    assert idnumber.redact(f"例如 {example}", frozenset({example})) == f"例如 {example}"
