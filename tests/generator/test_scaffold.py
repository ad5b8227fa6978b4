"""Staff start a new notice from an existing one, without touching code."""

from __future__ import annotations

import shutil
from pathlib import Path

from policy.programs import DATA_DIR, load_programs
from tests.support.commands import run


def gen(data: Path, *args: str):
    return run("generator", "--data", data, *args, timeout=60)


def test_a_new_program_copied_from_an_existing_one_is_valid_at_once(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    r = gen(data, "new-program", "xian-2025", "--from", "huian-2024")
    assert r.returncode == 0, r.stderr
    assert "xian-2025.notice.txt" in r.stdout
    programs = load_programs(data)
    assert programs["xian-2025"]["notice"]["source"] == "xian-2025.notice.txt"
    assert (data / "xian-2025.yaml").read_text("utf-8").startswith("# Policy data")  # comments kept


def test_an_existing_program_is_never_overwritten(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    before = (data / "wushen-2024.yaml").read_bytes()
    r = gen(data, "new-program", "wushen-2024", "--from", "huian-2024")
    assert r.returncode == 2
    assert "not overwriting" in r.stderr and "Traceback" not in r.stderr
    assert (data / "wushen-2024.yaml").read_bytes() == before


def test_copying_from_an_unknown_program_names_the_known_ones(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    r = gen(data, "new-program", "xian-2025", "--from", "nowhere-2024")
    assert r.returncode == 2
    assert "huian-2024" in r.stderr and "wushen-2024" in r.stderr
