"""An amendment that would leave a program wrong is refused by validate, at its change's line,
with the reason the same check gives for the file itself; none of them crashes anything."""

from __future__ import annotations

import shutil

import pytest

from policy.programs import DATA_DIR, check_dir
from tests.support.commands import run


def amended(tmp_path, program: str, changes: str, extra: str = "") -> tuple:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / f"{program}.yaml"
    text = path.read_text("utf-8").rstrip("\n") + "\n"
    line = text.count("\n") + 9  # the first change's `- path:` line in AMENDMENT below
    path.write_text(
        text
        + "\namendments:\n"
        + "  - id: a1\n    date: 2024-10-10\n    document_number: 测〔2024〕1号\n"
        + "    clause: 一、\n    summary: {zh: 修订, en: amendment}\n    changes:\n"
        + changes
        + extra,
        "utf-8",
    )
    return data, line


# (program, the change, the code it must be refused with, words of the English message)
REFUSED = {
    "a roster naming a material that does not exist": (
        "wushen-2024",
        "      - {path: packaging.group.roster.material, value: nothing}\n",
        "amendment-breaks-program",
        ['"nothing"'],
    ),
    "a material given another's id": (
        "wushen-2024",
        "      - {path: materials.photo.id, value: id-card}\n",
        "unamendable-value",
        ["names things"],
    ),
    "a notice text file that does not exist": (
        "wushen-2024",
        "      - {path: notice.source, value: missing.txt}\n",
        "unamendable-value",
        ["source"],
    ),
    "a condition on a field the profile lacks": (
        "wushen-2024",
        "      - {path: levels.5.conditions.l5-age-and-work.when, value: {field: agee, ge: 16}}\n",
        "amendment-breaks-program",
        ['"agee"', "Did you mean: age?"],
    ),
    "a number written as text in a condition": (
        "wushen-2024",
        '      - {path: levels.5.conditions.l5-age-and-work.when, value: {field: age, ge: "16"}}\n',
        "amendment-breaks-program",
        ['"16"'],
    ),
    "a period that ends before it starts": (
        "huian-2024",
        "      - {path: timeline.registration.end, value: 2024-06-01}\n",
        "amendment-breaks-program",
        ["before the start date"],
    ),
    "an either-or naming no subsidy": (
        "huian-2024",
        "      - {path: subsidies.witness-subsidy.either_or, value: [nothing]}\n",
        "amendment-breaks-program",
        ['"nothing"'],
    ),
    "an amount for a level the notice does not offer": (
        "huian-2024",
        "      - {path: subsidies.witness-subsidy.amounts, value: [{level: 3, amount_cny: 100}]}\n",
        "amendment-breaks-program",
        ["level 3"],
    ),
    "a level's number": (
        "wushen-2024",
        "      - {path: levels.5.level, value: 4}\n",
        "unamendable-value",
        ["level"],
    ),
    "the program's id": (
        "wushen-2024",
        "      - {path: id, value: other-2024}\n",
        "unamendable-value",
        [],
    ),
    "an amendment's own date": (
        "wushen-2024",
        "      - {path: amendments.a1.date, value: 2030-01-01}\n",
        "unamendable-value",
        [],
    ),
    "a naming rule with a placeholder nobody fills": (
        "wushen-2024",
        '      - {path: materials.photo.naming.pattern, value: "{name}_{idnumber}.JPG"}\n',
        "amendment-breaks-program",
        ["{idnumber}"],
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.replace(" ", "_"))
def test_an_amendment_that_would_leave_the_program_wrong_is_refused(tmp_path, case):
    program, changes, code, words = REFUSED[case]
    data, line = amended(tmp_path, program, changes)
    _, problems = check_dir(data)
    assert [(p.code, p.line) for p in problems] == [(code, line)], [str(p) for p in problems]
    assert all(w in problems[0].en for w in words), problems[0].en
    assert problems[0].zh and problems[0].zh != problems[0].en


def test_a_later_amendment_naming_a_value_an_earlier_one_removed_is_refused_not_a_crash(tmp_path):
    data, _ = amended(
        tmp_path,
        "huian-2024",
        "      - {path: materials.id-card.formats, value: [pdf]}\n",
        "  - id: a2\n    date: 2024-10-20\n    document_number: 测〔2024〕2号\n"
        "    clause: 一、\n    summary: {zh: 再修订, en: again}\n    changes:\n"
        "      - {path: materials.id-card.formats.pdf, value: 1}\n",
    )
    done = run("generator", "--data", data, "validate")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "unknown-amended-value" in done.stderr


def test_two_amendments_of_one_day_apply_in_the_order_the_file_lists_them(tmp_path):
    from policy import amend
    from policy.programs import load_programs

    data, _ = amended(
        tmp_path,
        "wushen-2024",
        "      - {path: materials.photo.max_bytes, value: 30720}\n",
        "  - id: a0-correction\n    date: 2024-10-10\n    document_number: 测〔2024〕2号\n"
        "    clause: 一、\n    summary: {zh: 更正, en: correction}\n    changes:\n"
        "      - {path: materials.photo.max_bytes, value: 25600}\n",
    )
    program = load_programs(data)["wushen-2024"]
    assert amend.get(amend.in_force(program, "2024-10-10"), "materials.photo.max_bytes") == 25600


def test_a_follow_up_notice_may_add_a_value_the_first_did_not_state(tmp_path):
    from policy import amend
    from policy.programs import load_programs

    data, _ = amended(
        tmp_path, "huian-2024", "      - {path: materials.photo.max_bytes, value: 51200}\n"
    )
    program = load_programs(data)["huian-2024"]
    assert "max_bytes" not in amend.get(amend.in_force(program, "2024-10-09"), "materials.photo")
    after = amend.in_force(program, "2024-10-10")
    assert amend.get(after, "materials.photo.max_bytes") == 51200
    assert [h["value"] for h in after["history"]["materials.photo.max_bytes"]] == [None, 51200]
