"""A staff member's broken edits: each must be reported with its code, message and exact line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy.errors import DataError
from policy.programs import DATA_DIR, check_dir, load_programs

ROOT = Path(__file__).resolve().parents[2]


def broken_copy(
    tmp_path: Path, old: str, new: str, program: str = "wushen-2024"
) -> tuple[Path, int]:
    """Copy data/ and apply one edit; return the folder and the 1-based line of the edit."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    file = data / f"{program}.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"test edit not found: {old!r}"
    at = text.index(old)
    file.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    line = text[:at].count("\n") + 1 + new[: len(new) - len(new.lstrip("\n"))].count("\n")
    return data, line


def only_problem(data: Path):
    programs, problems = check_dir(data)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_shipped_programs_are_valid():
    programs = load_programs()
    assert set(programs) >= {"wushen-2024", "huian-2024"}


def test_malformed_yaml_is_reported_at_its_line(tmp_path):
    data, line = broken_copy(
        tmp_path, "  document_number: 乌政务中心发〔2024〕9号", "  document_number: [乌政务中心发"
    )
    p = only_problem(data)
    assert p.code == "yaml-syntax"
    assert p.file.endswith("wushen-2024.yaml")
    assert p.line >= line
    assert "YAML" in p.zh and "malformed YAML" in p.en


def test_an_unknown_key_is_reported_at_the_key(tmp_path):
    data, line = broken_copy(
        tmp_path, "    max_bytes: 20480\n", "    max_bytes: 20480\n    max_kb: 20\n"
    )
    p = only_problem(data)
    assert (p.code, p.line + 0) == ("unknown-key", line + 1)
    assert p.path == "materials[2].max_kb"
    assert '"max_kb"' in p.en and "max_bytes" in p.en


# One edit each, as staff make them: the one problem it causes, where, and words the message uses.
# (program, text in the file, what it becomes, code, line of the problem after the edit's first
# line, words in the English message, words in the Chinese message)
BROKEN = {
    "a wrong type names what was expected": (
        "huian-2024",
        "amount_cny: 1380",
        'amount_cny: "1380元"',
        "wrong-type",
        0,
        ["expected number"],
        ["数字"],
    ),
    "a date written with slashes is reported": (
        "huian-2024",
        "    end: 2024-07-05",
        '    end: "2024/07/05"',
        "bad-date",
        0,
        ["YYYY-MM-DD"],
        [],
    ),
    "a duplicate material id is reported at the second": (
        "wushen-2024",
        "  - id: work-proof",
        "  - id: id-card",
        "duplicate-id",
        0,
        ["materials[1]"],
        [],
    ),
    "a condition on a field the profile lacks is reported": (
        "wushen-2024",
        "{field: age, ge: 16}",
        "{field: agee, ge: 16}",
        "unknown-field",
        0,
        ['"agee"', "Did you mean: age?", "state the rule in the text only"],
        ["是不是指：age？"],
    ),
    "a condition value outside the profile choices is reported": (
        "wushen-2024",
        "{field: education.level, eq: technician_school_senior}",
        "{field: education.level, eq: technician_senior}",
        "bad-condition-value",
        0,
        ["technician_school_senior"],
        [],
    ),
    "a reference to an undefined material is reported": (
        "wushen-2024",
        "      material: info-form",
        "      material: info-sheet",
        "undefined-material",
        0,
        ['"info-sheet"'],
        [],
    ),
    "a key written twice is reported at the second": (
        "huian-2024",
        "  hours: 33.8\n",
        "  hours: 33.8\n  hours: 34\n",
        "duplicate-key",
        1,
        ['"hours"'],
        [],
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=lambda name: name.replace(" ", "_"))
def test_a_broken_edit_gives_one_problem_at_its_line(tmp_path, case):
    program, old, new, code, offset, en_words, zh_words = BROKEN[case]
    data, line = broken_copy(tmp_path, old, new, program=program)
    p = only_problem(data)
    assert (p.code, p.line) == (code, line + offset)
    assert p.file.endswith(f"{program}.yaml")
    assert all(w in p.en for w in en_words), p.en
    assert all(w in p.zh for w in zh_words), p.zh


def test_a_missing_english_text_is_reported(tmp_path):
    data, line = broken_copy(
        tmp_path, "  zh: 政务服务办事员\n  en: government service clerk\n", "  zh: 政务服务办事员\n"
    )
    p = only_problem(data)
    assert p.code == "missing-text"
    assert p.path == "occupation"
    assert p.line == line
    assert "English" in p.en and "英文" in p.zh


def test_an_impossible_date_is_reported(tmp_path):
    data, line = broken_copy(tmp_path, "date: 2024-09-29", "date: 2024-13-29")
    p = only_problem(data)
    assert p.line == line
    assert p.code in {"bad-value", "bad-date"}
    assert "YYYY-MM-DD" in p.en


def test_every_problem_is_reported_at_once(tmp_path):
    data, _ = broken_copy(tmp_path, "{field: age, ge: 16}", "{field: agee, ge: 16}")
    file = data / "huian-2024.yaml"
    file.write_text(
        file.read_text("utf-8").replace("amount_cny: 1380", "amount_cny: lots"), "utf-8"
    )
    programs, problems = check_dir(data)
    assert {p.code for p in problems} == {"unknown-field", "wrong-type"}
    assert {Path(p.file).name for p in problems} == {"wushen-2024.yaml", "huian-2024.yaml"}


def test_a_file_named_unlike_its_id_is_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "wushen-2024.yaml").rename(data / "wushen.yaml")
    p = only_problem(data)
    assert p.code == "id-file-mismatch"
    assert "wushen-2024.yaml" in p.en


def test_load_programs_raises_with_every_problem(tmp_path):
    data, _ = broken_copy(tmp_path, "{field: age, ge: 16}", "{field: agee, ge: 16}")
    with pytest.raises(DataError) as e:
        load_programs(data)
    assert "unknown-field" in str(e.value)


def test_the_validate_command_prints_file_line_and_fails(tmp_path):
    data, line = broken_copy(tmp_path, "{field: age, ge: 16}", "{field: agee, ge: 16}")
    r = subprocess.run(
        [sys.executable, "-m", "generator", "--data", str(data), "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1
    assert f"wushen-2024.yaml:{line}:" in r.stderr
    assert "Traceback" not in r.stderr


def test_the_validate_command_passes_on_the_shipped_data():
    r = subprocess.run(
        [sys.executable, "-m", "generator", "validate"], cwd=ROOT, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    assert "wushen-2024" in r.stdout and "huian-2024" in r.stdout


def test_aliases_that_expand_without_end_are_refused(tmp_path):
    laughs = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        laughs.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    data = tmp_path / "data"
    data.mkdir()
    (data / "laughs.yaml").write_text("\n".join(laughs) + "\n", "utf-8")
    p = only_problem(data)  # 10**9 values if expanded: without the cap this never returns
    assert p.code == "yaml-too-large"
    assert "aliases" in p.en


def test_two_missing_keys_are_reported_once_each(tmp_path):
    data, line = broken_copy(
        tmp_path,
        "  document_number: 惠行政管〔2024〕13号\n",
        "  document_number: 惠行政管〔2024〕13号\n",
        program="huian-2024",
    )
    text = (data / "huian-2024.yaml").read_text("utf-8")
    for key, after in (("issuer", "title"), ("region", "source")):  # two required keys out
        start = text.index(f"  {key}:")
        text = text[:start] + text[text.index(f"  {after}:", start) :]
    (data / "huian-2024.yaml").write_text(text, "utf-8")
    programs, problems = check_dir(data)
    assert sorted((p.code, p.path) for p in problems) == [
        ("missing-key", "notice"),
        ("missing-key", "notice"),
    ]
    assert sorted(p.en for p in problems) == [
        'the required key "issuer" is missing.',
        'the required key "region" is missing.',
    ]


def test_a_comma_that_splits_a_flow_text_says_to_quote_it(tmp_path):
    data, line = broken_copy(
        tmp_path,
        "  short_title:\n    zh: 惠安县政务服务办事员职业技能等级认定（2024）\n"
        "    en: Hui'an County government service clerk certification (2024)\n",
        "  short_title: {zh: 惠安县政务服务办事员认定, en: Hui'an, government service clerks}\n",
        program="huian-2024",
    )
    p = only_problem(data)
    assert (p.code, p.line, p.path) == (
        "text-split-by-comma",
        line,
        "notice.short_title.government service clerks",
    )
    assert "quotes" in p.en and 'en: "Hui\'an, government service clerks"' in p.en
    assert "引号" in p.zh


def test_a_level_written_by_name_is_told_its_number(tmp_path):
    data, line = broken_copy(tmp_path, "  - level: 4\n", "  - level: 技师\n")
    p = only_problem(data)
    assert (p.code, p.line) == ("level-by-name", line)
    assert "level: 2" in p.en and "level: 2" in p.zh


def test_a_level_written_as_an_unknown_word_lists_the_numbers(tmp_path):
    data, line = broken_copy(tmp_path, "  - level: 4\n", "  - level: 特级\n")
    p = only_problem(data)
    assert p.code == "bad-choice" and "1, 2, 3, 4, 5" in p.en


def test_an_unknown_field_far_from_any_real_one_lists_the_fields(tmp_path):
    data, line = broken_copy(tmp_path, "{field: age, ge: 16}", "{field: zodiac_sign, ge: 16}")
    p = only_problem(data)
    assert p.code == "unknown-field"
    assert "Fields: age" in p.en and "years_in_occupation" in p.en
    assert "profile.schema.json" in p.en
