"""Staff start a new notice from an existing one, without touching code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from policy.programs import DATA_DIR, load_programs
from tests.support.commands import REPO as ROOT
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


def test_a_copy_is_warned_about_the_document_number_and_notice_text_it_kept(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    r = gen(data, "new-program", "xian-2025", "--from", "huian-2024")
    assert r.returncode == 0, r.stderr
    assert "惠行政管〔2024〕13号" in r.stdout and "huian-2024's" in r.stdout
    assert "Paste the new notice's full text into xian-2025.notice.txt" in r.stdout
    v = gen(data, "validate")
    assert v.returncode == 0  # warnings, not errors: the copy still builds
    assert v.stderr.count("warning:") == 2 and "same-document-number" in v.stderr
    assert "same-notice-text" in v.stderr and "xian-2025.yaml" in v.stderr
    (data / "xian-2025.notice.txt").write_text("某县关于开展职业技能等级认定的通知\n", "utf-8")
    text = (data / "xian-2025.yaml").read_text("utf-8")
    (data / "xian-2025.yaml").write_text(
        text.replace("惠行政管〔2024〕13号", "某政〔2025〕1号", 1), "utf-8"
    )
    assert "warning" not in gen(data, "validate").stderr


def test_the_copys_header_points_to_files_that_exist(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    gen(data, "new-program", "xian-2025", "--from", "wushen-2024")
    header = [
        line
        for line in (data / "xian-2025.yaml").read_text("utf-8").splitlines()
        if line.startswith("#")
    ][:3]
    named = re.findall(r"(?:docs|policy)/[\w./-]+\.(?:md|json)", "\n".join(header))
    assert len(named) == 3
    assert all((ROOT / path).is_file() for path in named), named
    for program in ("huian-2024", "wushen-2024"):
        own = (DATA_DIR / f"{program}.yaml").read_text("utf-8")
        assert all(
            (ROOT / path).is_file()
            for path in re.findall(r"(?:docs|policy)/[\w./-]+\.(?:md|json)", own)
        )
