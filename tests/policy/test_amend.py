"""A follow-up notice changes a value from its date on; the original stays in the history."""

from __future__ import annotations

import shutil

from policy import amend
from policy.programs import DATA_DIR, check_dir, load_programs

AMENDMENT = """
amendments:
  - id: exam-date-fixed
    date: 2024-08-01
    document_number: 惠行政管〔2024〕15号
    clause: 一、
    summary:
      zh: 考试日期确定为8月25日，补考技能单科费用调整为160元。
      en: The exam is set for 25 August; the skills retake fee becomes 160 yuan.
    changes:
      - path: timeline.exam.start
        value: 2024-08-25
      - path: timeline.exam.end
        value: 2024-08-25
      - path: fees.retake-skill.amount_cny
        value: 160
"""


def amended_data(tmp_path, text=AMENDMENT):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    f = data / "huian-2024.yaml"
    f.write_text(f.read_text("utf-8") + text, "utf-8")
    return data


def test_before_the_amendment_the_original_values_are_in_force(tmp_path):
    program = load_programs(amended_data(tmp_path))["huian-2024"]
    before = amend.in_force(program, "2024-07-31")
    assert amend.get(before, "fees.retake-skill.amount_cny") == 154
    assert amend.get(before, "timeline.exam.start") == "2024-08-11"
    assert before["amendments_upcoming"] == ["exam-date-fixed"]


def test_from_its_date_the_amended_values_are_in_force_with_history(tmp_path):
    program = load_programs(amended_data(tmp_path))["huian-2024"]
    after = amend.in_force(program, "2024-08-01")
    assert amend.get(after, "fees.retake-skill.amount_cny") == 160
    assert amend.get(after, "timeline.exam.end") == "2024-08-25"
    history = after["history"]["fees.retake-skill.amount_cny"]
    assert [(h["date"], h["document_number"], h["value"]) for h in history] == [
        ("2024-06-24", "惠行政管〔2024〕13号", 154),
        ("2024-08-01", "惠行政管〔2024〕15号", 160),
    ]
    # the loaded program itself is never overwritten
    assert amend.get(program, "fees.retake-skill.amount_cny") == 154


def test_an_amendment_naming_a_missing_value_is_reported_at_its_line(tmp_path):
    data = amended_data(tmp_path, AMENDMENT.replace("fees.retake-skill", "fees.retake-skills"))
    _, problems = check_dir(data)
    assert [p.code for p in problems] == ["unknown-amended-value"]
    text = (data / "huian-2024.yaml").read_text("utf-8").splitlines()
    assert "fees.retake-skills" in text[problems[0].line - 1]
    assert '"retake-skills"' in problems[0].en


def test_an_amendment_changing_a_fee_to_text_is_reported(tmp_path):
    data = amended_data(tmp_path, AMENDMENT.replace("value: 160", "value: 一百六十元"))
    _, problems = check_dir(data)
    assert [p.code for p in problems] == ["amended-value-type"]
