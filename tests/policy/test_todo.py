"""A drafted value marked !todo is a warning for validate and preview, and stops build and
publish until a person has checked it."""

from __future__ import annotations

import shutil

from policy.programs import DATA_DIR, check_dir, load_programs
from tests.support.commands import run


def drafted(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "huian-2024.yaml"
    text = path.read_text("utf-8").replace("amount_cny: 1380", "amount_cny: !todo 1380", 1)
    path.write_text(text, "utf-8")
    line = text[: text.index("!todo")].count("\n") + 1
    return data, line


def test_a_todo_value_is_read_as_its_value_and_listed_as_a_warning_at_its_line(tmp_path):
    data, line = drafted(tmp_path)
    programs, problems = check_dir(data)
    assert programs["huian-2024"]["fees"][0]["amount_cny"] == 1380  # a number, not a string
    assert [(p.code, p.severity, p.line) for p in problems] == [("todo", "warning", line)]
    assert "fees[0].amount_cny" in problems[0].en and "!todo" in problems[0].zh


def test_validate_passes_with_the_warning_and_build_refuses_with_it(tmp_path):
    data, line = drafted(tmp_path)
    checked = run("generator", "--data", data, "validate")
    assert checked.returncode == 0 and f":{line}:" in checked.stderr and "[todo]" in checked.stderr
    built = run("generator", "--data", data, "build", "--out", tmp_path / "site")
    assert built.returncode == 1 and "[todo]" in built.stderr and "Traceback" not in built.stderr
    assert not (tmp_path / "site").exists()
    assert "huian-2024" in load_programs(data)  # preview and the tools still read it


def test_a_todo_on_a_whole_list_or_text_is_read_as_plain_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "wushen-2024.yaml"
    text = path.read_text("utf-8")
    text = text.replace("    formats: [jpeg]\n", "    formats: !todo [jpeg]\n", 1)
    text = text.replace("occupation:\n", "occupation: !todo\n", 1)
    path.write_text(text, "utf-8")
    programs, problems = check_dir(data)
    assert {p.code for p in problems} == {"todo"} and len(problems) == 2
    photo = next(m for m in programs["wushen-2024"]["materials"] if m["id"] == "photo")
    assert photo["formats"] == ["jpeg"]
    assert programs["wushen-2024"]["occupation"]["zh"]
