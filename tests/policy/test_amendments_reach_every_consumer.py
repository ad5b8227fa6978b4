"""One door to the data: an amendment changes the pages, the browser tools' data and the upload
check alike, from its date on; before its date nothing changes anywhere.

The amendments (synthetic follow-up notices, dated 2024-10-10) raise Uxin Banner's photo limit
from 20 KB to 30 KB and change its photo naming rule, and let Hui'an take the ID card as a JPEG.
Each consumer is run as a person runs it: `generator build --as-of`, the built pages and their
embedded tool data, `functions.upload check --as-of` on bundles built here.
"""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from generator.build import build
from policy.programs import DATA_DIR
from tests.functions import upload_factory as factory
from tests.support.commands import run

BEFORE, AFTER = "2024-10-09", "2024-10-10"
WUSHEN = """
amendments:
  - id: photo-limit-raised
    date: 2024-10-10
    document_number: 乌政务中心发〔2024〕12号
    clause: 二、
    summary:
      zh: 照片大小上限调整为30KB，照片以“身份证号_姓名”命名。
      en: The photo may be up to 30 KB and is named "IDnumber_name".
    changes:
      - path: materials.photo.max_bytes
        value: 30720
      - path: materials.photo.naming.pattern
        value: "{id_number}_{name}.JPG"
"""
HUIAN = """
amendments:
  - id: id-card-as-photo
    date: 2024-10-10
    document_number: 惠行政管〔2024〕20号
    clause: 一、
    summary:
      zh: 身份证可提交PDF或JPG。
      en: The ID card may be sent as a PDF or a JPEG.
    changes:
      - path: materials.id-card.formats
        value: [pdf, jpeg]
"""


@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    root = tmp_path_factory.mktemp("amended")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    for pid, text in (("wushen-2024", WUSHEN), ("huian-2024", HUIAN)):
        path = data / f"{pid}.yaml"
        path.write_text(path.read_text("utf-8") + text, "utf-8")
    return data


@pytest.fixture(scope="module")
def sites(amended, tmp_path_factory):
    out = {}
    for day in (BEFORE, AFTER):
        out[day] = tmp_path_factory.mktemp("site") / day
        build(out_dir=out[day], data_dir=amended, as_of=day)
    return out


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def embedded(html: str, element_id: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html)
    assert found, element_id
    return json.loads(found.group(1))


def tool_material(site, pid: str, tool: str, material: str) -> dict:
    data = embedded(page(site, f"programs/{pid}/{tool}"), "tools-data")
    return next(m for m in data["materials"] if m["id"] == material)


def check(amended, pid: str, day: str, files: dict[str, bytes], tmp_path) -> dict:
    bundle = tmp_path / f"{pid}-{day}.zip"
    bundle.write_bytes(factory.zip_bytes(files))
    done = run(
        "functions.upload",
        "check",
        "--program",
        pid,
        "--kind",
        "individual",
        "--as-of",
        day,
        bundle,
        env={**os.environ, "PROGRAMS_DIR": str(amended)},
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def codes(report: dict) -> list[str]:
    return sorted(p["code"] for p in report["problems"] if p["severity"] == "error")


def photo_of(size: int) -> bytes:
    """A real white-background JPEG padded (in a comment segment) to exactly `size` bytes."""
    photo = factory.jpeg()
    pad = size - len(photo) - 4
    assert pad > 0
    return photo[:2] + b"\xff\xfe" + (pad + 2).to_bytes(2, "big") + b"\0" * pad + photo[2:]


def wushen_files(photo_name: str, photo: bytes) -> dict[str, bytes]:
    program = json.loads(json.dumps(_program("wushen-2024")))
    files = {
        name: blob
        for name, blob in factory.individual_files(program).items()
        if not name.upper().endswith(".JPG")
    }
    files[photo_name] = photo
    return files


def _program(pid: str) -> dict:
    from policy.programs import load_programs

    return load_programs()[pid]


def test_the_materials_page_shows_the_photo_limit_in_force_on_each_day(sites):
    assert "20 KB" in page(sites[BEFORE], "programs/wushen-2024/materials")
    after = page(sites[AFTER], "programs/wushen-2024/materials")
    assert "30 KB" in after and "乌政务中心发〔2024〕12号" in after


def test_the_browser_tools_get_the_limit_pattern_and_formats_in_force(sites):
    before = tool_material(sites[BEFORE], "wushen-2024", "bundle-builder", "photo")
    after = tool_material(sites[AFTER], "wushen-2024", "bundle-builder", "photo")
    assert (before["max_bytes"], before["pattern"]) == (20480, "{name}_{id_number}.JPG")
    assert (after["max_bytes"], after["pattern"]) == (30720, "{id_number}_{name}.JPG")
    for tool in ("upload", "bundle-builder"):
        assert tool_material(sites[BEFORE], "huian-2024", tool, "id-card")["formats"] == ["pdf"]
        assert tool_material(sites[AFTER], "huian-2024", tool, "id-card")["formats"] == [
            "pdf",
            "jpeg",
        ]


def test_the_photo_tool_gets_the_limit_and_pattern_in_force(sites):
    before = embedded(page(sites[BEFORE], "programs/wushen-2024/photo-tool"), "photo-data")
    after = embedded(page(sites[AFTER], "en/programs/wushen-2024/photo-tool"), "photo-data")
    assert (before["spec"]["max_bytes"], before["spec"]["pattern"]) == (
        20480,
        "{name}_{id_number}.JPG",
    )
    assert (after["spec"]["max_bytes"], after["spec"]["pattern"]) == (
        30720,
        "{id_number}_{name}.JPG",
    )


def test_the_rules_the_browser_reads_are_the_values_in_force(sites):
    def photo(day):
        rules = json.loads((sites[day] / "rules" / "programs.json").read_text("utf-8"))
        return next(m for m in rules["wushen-2024"]["materials"] if m["id"] == "photo")

    assert photo(BEFORE)["max_bytes"] == 20480
    assert photo(AFTER)["max_bytes"] == 30720


def test_a_27_kb_photo_is_refused_the_day_before_and_accepted_from_the_amendments_date(
    amended, tmp_path
):
    who = factory.candidate(0)
    photo = photo_of(27 * 1024)
    before = check(
        amended, "wushen-2024", BEFORE, wushen_files(f"{who[0]}_{who[1]}.JPG", photo), tmp_path
    )
    assert codes(before) == ["photo-too-large"]
    assert before["as_of"] == BEFORE
    after = check(
        amended, "wushen-2024", AFTER, wushen_files(f"{who[1]}_{who[0]}.JPG", photo), tmp_path
    )
    assert codes(after) == [] and after["accepted"] and after["as_of"] == AFTER


def test_the_naming_rule_in_force_is_the_one_the_check_applies(amended, tmp_path):
    who = factory.candidate(0)
    old_name = wushen_files(f"{who[0]}_{who[1]}.JPG", factory.jpeg())
    new_name = wushen_files(f"{who[1]}_{who[0]}.JPG", factory.jpeg())
    assert codes(check(amended, "wushen-2024", BEFORE, old_name, tmp_path)) == []
    assert codes(check(amended, "wushen-2024", BEFORE, new_name, tmp_path)) == ["photo-name"]
    assert codes(check(amended, "wushen-2024", AFTER, new_name, tmp_path)) == []
    after_old = check(amended, "wushen-2024", AFTER, old_name, tmp_path)
    assert codes(after_old) == ["photo-name"]
    message = next(p for p in after_old["problems"] if p["code"] == "photo-name")["message"]
    assert "身份证号_姓名.JPG" in message["zh"] and "IDnumber_name.JPG" in message["en"]


def test_an_id_card_sent_as_a_jpeg_is_accepted_only_once_the_amendment_applies(amended, tmp_path):
    program = _program("huian-2024")
    files = factory.individual_files(program)
    card = next(n for n in files if "身份证" in n)
    del files[card]
    files["身份证.jpg"] = factory.jpeg()
    assert codes(check(amended, "huian-2024", BEFORE, files, tmp_path)) == ["not-pdf"]
    assert codes(check(amended, "huian-2024", AFTER, files, tmp_path)) == []


def test_a_day_that_is_not_a_date_is_a_usage_error(amended, tmp_path):
    bundle = tmp_path / "b.zip"
    bundle.write_bytes(factory.zip_bytes({"a.pdf": factory.pdf()}))
    done = run(
        "functions.upload", "check", "--program", "huian-2024", "--as-of", "2024-02-30", bundle
    )
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr


def test_an_amendment_that_would_break_the_program_is_refused_by_validate(amended, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(amended, data)
    path = data / "huian-2024.yaml"
    path.write_text(
        path.read_text("utf-8").replace("value: [pdf, jpeg]", "value: [pdf, gif]"), "utf-8"
    )
    done = run("generator", "--data", data, "validate")
    assert done.returncode == 1
    assert "amendment-breaks-program" in done.stderr and "2024-10-10" in done.stderr
