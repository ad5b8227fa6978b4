"""Values the schema accepts but no notice can mean are refused by validate, at their line, with
words that say what to write instead: a place list no one is in, a division code that does not
exist, a fee for an occupation the notice does not list, a file size no file can have."""

from __future__ import annotations

import shutil

import pytest

from policy.programs import DATA_DIR, check_dir

HUIAN_REGION = 'when: {field: workplace_region, within: ["350521"]}'


def problems_after(tmp_path, program: str, old: str, new: str) -> list:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / f"{program}.yaml"
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")
    programs, problems = check_dir(data)
    errors = [p for p in problems if p.severity == "error"]
    return errors, text[: text.index(old)].count("\n") + 1


CASES = {
    "an empty place list, which no one can be in": (
        HUIAN_REGION,
        "when: {field: workplace_region, within: []}",
        "empty-condition-list",
        "empty list",
    ),
    "a six-digit code that is no division in use": (
        HUIAN_REGION,
        'when: {field: workplace_region, within: ["999999"]}',
        "unknown-division",
        "999999 is not a GB/T 2260 division code",
    ),
    "a four-digit city prefix instead of a code": (
        HUIAN_REGION,
        'when: {field: workplace_region, within: ["3505"]}',
        "bad-condition-value",
        "a 6-digit GB/T 2260 division code",
    ),
    "a fee for an occupation the notice does not list": (
        "    amount_cny: 1380\n",
        "    amount_cny: 1380\n    occupation: nosuch\n",
        "undefined-occupation",
        '"nosuch"',
    ),
    "a photo that must be larger than its own limit": (
        "    max_bytes: 20480\n",
        "    max_bytes: 20480\n    min_bytes: 50000\n",
        "min-bytes-over-max-bytes",
        "min_bytes (50000 bytes) is more than max_bytes (20480 bytes)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_refuses_a_value_no_notice_can_mean(tmp_path, case):
    old, new, code, words = CASES[case]
    program = "wushen-2024" if "max_bytes" in old else "huian-2024"
    errors, line = problems_after(tmp_path, program, old, new)
    assert [p.code for p in errors] == [code], errors
    found = errors[0]
    assert found.file.endswith(f"{program}.yaml") and found.line >= line
    assert words in found.en and found.zh


def test_a_month_written_wrong_is_told_the_form_yyyy_mm(tmp_path):
    errors, _ = problems_after(
        tmp_path,
        "huian-2024",
        HUIAN_REGION,
        'when: {all: [{field: workplace_region, within: ["350521"]}, '
        '{field: statutory_retirement_month, gt: "2024-13"}]}',
    )
    assert [p.code for p in errors] == ["bad-condition-value"]
    assert "a month written YYYY-MM" in errors[0].en and "YYYY-MM" in errors[0].zh
