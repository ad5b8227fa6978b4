"""Group bundles: candidate folders, the roster workbook and the photo folder must agree."""

from __future__ import annotations

import pytest

from functions.upload.bundle import check_file


def group(tmp_path, factory, program, files, kind="group"):
    return check_file(factory.write(tmp_path / "g.zip", factory.zip_bytes(files)), program, kind)


def mismatches(report):
    return [p for p in report["problems"] if p["code"] == "group-mismatch"]


@pytest.fixture
def wushen(programs):
    return programs["wushen-2024"]


def test_a_roster_row_without_a_candidate_folder_is_a_mismatch(tmp_path, factory, wushen):
    files = {k: v for k, v in factory.group_files(wushen, 3).items() if not k.startswith("王五/")}
    found = mismatches(group(tmp_path, factory, wushen, files))
    assert len(found) == 1
    assert (
        "王五" in found[0]["message"]["zh"]
        and "has no candidate folder" in found[0]["message"]["en"]
    )


def test_a_candidate_folder_missing_from_the_roster_is_a_mismatch(tmp_path, factory, wushen):
    files = factory.group_files(wushen, 2)
    extra = factory.group_files(wushen, 3)
    files.update({k: v for k, v in extra.items() if k.startswith("王五/")})
    found = mismatches(group(tmp_path, factory, wushen, files))
    assert [p["path"] for p in found] == ["王五"]
    assert "has no row in the form" in found[0]["message"]["en"]


def test_a_candidate_without_a_photo_in_the_photo_folder_is_a_mismatch(tmp_path, factory, wushen):
    files = {
        k: v
        for k, v in factory.group_files(wushen, 3).items()
        if not (k.startswith("照片/") and "李四" in k)
    }
    found = mismatches(group(tmp_path, factory, wushen, files))
    assert len(found) == 1 and "no photo" in found[0]["message"]["en"]


def test_a_photo_whose_name_differs_from_the_roster_is_a_mismatch(tmp_path, factory, wushen):
    files = factory.group_files(wushen, 2)
    old = next(k for k in files if k.startswith("照片/李四_"))
    files[old.replace("李四", "李肆")] = files.pop(old)
    found = mismatches(group(tmp_path, factory, wushen, files))
    assert len(found) == 1 and "differs from '李四'" in found[0]["message"]["en"]


def test_a_photo_of_someone_not_in_the_roster_is_a_mismatch(tmp_path, factory, wushen):
    files = factory.group_files(wushen, 2)
    files[f"照片/外人_{factory.valid_id(77)}.JPG"] = factory.jpeg()
    found = mismatches(group(tmp_path, factory, wushen, files))
    assert len(found) == 1 and "matches no candidate" in found[0]["message"]["en"]


def test_a_group_bundle_without_its_roster_says_the_form_is_missing(tmp_path, factory, wushen):
    files = {k: v for k, v in factory.group_files(wushen, 2).items() if not k.endswith(".xlsx")}
    report = group(tmp_path, factory, wushen, files)
    assert [p["code"] for p in report["problems"]] == ["missing-material"]
    assert "信息采集表" in report["problems"][0]["message"]["zh"]


def test_a_group_bundle_without_a_photo_folder_is_a_mismatch(tmp_path, factory, wushen):
    files = {k: v for k, v in factory.group_files(wushen, 2).items() if not k.startswith("照片/")}
    found = mismatches(group(tmp_path, factory, wushen, files))
    assert len(found) == 1 and "no photo folder" in found[0]["message"]["en"]


def test_a_roster_with_an_invalid_id_number_is_reported_with_its_row(tmp_path, factory, wushen):
    files = factory.group_files(wushen, 2)
    bad = factory.with_wrong_check_digit(factory.valid_id(1))
    files["信息采集表.xlsx"] = factory.xlsx([("张三", factory.valid_id(0)), ("李四", bad)])
    report = group(tmp_path, factory, wushen, files)
    invalid = [p for p in report["problems"] if p["code"] == "id-number-invalid"]
    assert len(invalid) == 1 and "#4" in invalid[0]["message"]["en"]


def test_a_roster_that_is_not_a_workbook_is_reported_as_unreadable(tmp_path, factory, wushen):
    files = factory.group_files(wushen, 2)
    files["信息采集表.xlsx"] = factory.zip_bytes({"hello.txt": b"not a workbook"})
    report = group(tmp_path, factory, wushen, files)
    assert "roster-unreadable" in [p["code"] for p in report["problems"]]


def test_a_roster_without_the_name_and_id_columns_is_reported(tmp_path, factory, wushen):
    files = factory.group_files(wushen, 2)
    files["信息采集表.xlsx"] = factory.xlsx([("张三", "x")], headers=("a", "b", "c", "d"))
    report = group(tmp_path, factory, wushen, files)
    problem = next(p for p in report["problems"] if p["code"] == "roster-unreadable")
    assert "header row" in problem["message"]["en"]


def test_a_folder_per_candidate_group_without_a_roster_checks_each_folder(
    tmp_path, factory, programs
):
    huian = programs["huian-2024"]
    files = {
        k: v
        for k, v in factory.group_files(huian, 3).items()
        if not (k.startswith("李四_") and "毕业证" in k)
    }
    report = group(tmp_path, factory, huian, files)
    assert [p["code"] for p in report["problems"]] == ["missing-material"]
    assert report["problems"][0]["path"].startswith("李四_")
    assert len(report["candidates"]) == 3


def test_the_kind_is_detected_from_the_bundles_shape(tmp_path, factory, wushen):
    assert group(tmp_path, factory, wushen, factory.group_files(wushen, 2), None)["kind"] == "group"
    assert group(tmp_path, factory, wushen, factory.individual_files(wushen), None)["kind"] == (
        "individual"
    )


def test_group_files_left_at_the_top_level_are_flagged(tmp_path, factory, wushen):
    files = factory.group_files(wushen, 2)
    files["申报表.pdf"] = factory.pdf()
    found = mismatches(group(tmp_path, factory, wushen, files))
    assert len(found) == 1 and "belongs inside" in found[0]["message"]["en"]
