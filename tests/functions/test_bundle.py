"""Bundle validation driven by the program YAML: valid bundles pass, each material rule bites."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from functions.upload.bundle import check_file

PROGRAMS = ["wushen-2024", "huian-2024"]


def check(tmp_path, factory, program, files, kind=None, **zip_args):
    path = factory.write(tmp_path / "bundle.zip", factory.zip_bytes(files, **zip_args))
    return check_file(path, program, kind)


def codes(report):
    return sorted(p["code"] for p in report["problems"])


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_a_complete_individual_bundle_is_accepted(
    program_id, tmp_path, factory, programs, report_schema
):
    report = check(
        tmp_path,
        factory,
        programs[program_id],
        factory.individual_files(programs[program_id], folder="我的报名材料"),
    )
    jsonschema.validate(report, report_schema)
    assert report["accepted"], report["problems"]
    assert report["kind"] == "individual"
    assert [p for p in report["problems"] if p["severity"] == "error"] == []


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_a_complete_group_bundle_is_accepted_and_lists_its_candidates_masked(
    program_id, tmp_path, factory, programs, report_schema
):
    program = programs[program_id]
    files = {
        f"某某单位_政务服务办事员报名/{k}": v for k, v in factory.group_files(program, 4).items()
    }
    report = check(tmp_path, factory, program, files)
    jsonschema.validate(report, report_schema)
    assert report["accepted"], report["problems"]
    assert report["kind"] == "group"
    assert [c["name"] for c in report["candidates"]] == ["张三", "李四", "王五", "赵六"]
    for c, i in zip(report["candidates"], range(4), strict=True):
        number = factory.valid_id(i)
        assert c["id_number_masked"] == number[:4] + "*" * 10 + number[-4:]


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_no_full_id_number_appears_anywhere_in_a_report(program_id, tmp_path, factory, programs):
    program = programs[program_id]
    files = factory.group_files(program, 3)
    files = {k: v for k, v in files.items() if "身份证" not in k}  # problems quoting paths
    report = check(tmp_path, factory, program, files, kind="group")
    text = json.dumps(report, ensure_ascii=False)
    assert not report["accepted"]
    assert factory.no_full_id_number(text)


def test_a_conditional_material_is_not_demanded_but_noted(tmp_path, factory, programs):
    program = programs["huian-2024"]
    report = check(tmp_path, factory, program, factory.individual_files(program))
    assert report["accepted"]
    conditional = [m["id"] for m in program["materials"] if m.get("required_when") is not None]
    assert [n["material"] for n in report["notes"]] == conditional
    assert "学信网电子注册备案表" in report["notes"][0]["message"]["zh"]
    assert "CHSI electronic registration record" in report["notes"][0]["message"]["en"]


def test_each_missing_material_is_named_in_both_languages(tmp_path, factory, programs):
    program = programs["wushen-2024"]
    report = check(tmp_path, factory, program, {"说明.txt": b"hello"})
    missing = [p for p in report["problems"] if p["code"] == "missing-material"]
    required = [m for m in program["materials"] if m.get("required_when") is None]
    assert len(missing) == len(required)
    for problem, material in zip(missing, required, strict=True):
        assert material["name"]["zh"] in problem["message"]["zh"]
        assert material["name"]["en"] in problem["message"]["en"]
    assert "unknown-file" in codes(report)


def _photo_name(files):
    return next(k for k in files if k.upper().endswith(".JPG"))


def test_a_photo_over_the_notices_size_limit_is_rejected(tmp_path, factory, programs):
    program = programs["wushen-2024"]
    files = factory.individual_files(program)
    files[_photo_name(files)] = factory.jpeg(quality=100, noise=True)
    limit_kb = next(m for m in program["materials"] if m["id"] == "photo")["max_bytes"] // 1024
    report = check(tmp_path, factory, program, files)
    assert "photo-too-large" in codes(report)
    problem = next(p for p in report["problems"] if p["code"] == "photo-too-large")
    assert (
        f"{limit_kb} KB" in problem["message"]["en"]
        and f"{limit_kb} KB" in problem["message"]["zh"]
    )


def test_a_png_renamed_to_jpg_is_not_a_jpeg(tmp_path, factory, programs):
    program = programs["wushen-2024"]
    files = factory.individual_files(program)
    files[_photo_name(files)] = factory.png()
    assert codes(check(tmp_path, factory, program, files)) == ["photo-not-jpeg"]


def test_a_photo_not_named_name_underscore_id_number_is_rejected(tmp_path, factory, programs):
    program = programs["wushen-2024"]
    files = factory.individual_files(program)
    files["照片.JPG"] = files.pop(_photo_name(files))
    report = check(tmp_path, factory, program, files)
    assert codes(report) == ["photo-name"]
    message = report["problems"][0]["message"]
    assert "姓名_身份证号.JPG" in message["zh"] and "name_IDnumber.JPG" in message["en"]
    assert "二寸白底免冠照片" in message["zh"]
    assert "2-inch bareheaded photo on a white background" in message["en"]
    example = re.search(r"张三_(\d{17}[\dX])\.JPG", message["zh"])
    assert example and factory.valid_id(0) != example.group(1)  # a full, synthetic example


def test_a_photo_whose_id_number_fails_the_check_digit_is_rejected(tmp_path, factory, programs):
    program = programs["wushen-2024"]
    files = factory.individual_files(program)
    photo = files.pop(_photo_name(files))
    files[f"张三_{factory.with_wrong_check_digit(factory.valid_id(5))}.JPG"] = photo
    report = check(tmp_path, factory, program, files)
    assert codes(report) == ["id-number-invalid"]


def test_the_notices_own_example_id_number_is_refused(tmp_path, factory, programs):
    program = programs["wushen-2024"]
    example = next(m for m in program["materials"] if m["id"] == "photo")["naming"][
        "notice_example"
    ]
    files = factory.individual_files(program)
    files[example] = files.pop(_photo_name(files))
    assert codes(check(tmp_path, factory, program, files)) == ["id-number-invalid"]


def test_a_non_white_background_and_square_photo_are_warnings_only(tmp_path, factory, programs):
    program = programs["wushen-2024"]
    files = factory.individual_files(program)
    files[_photo_name(files)] = factory.jpeg(300, 300, background=(40, 90, 200))
    report = check(tmp_path, factory, program, files)
    assert codes(report) == ["photo-background", "photo-proportions"]
    assert report["accepted"] is True
    assert {p["severity"] for p in report["problems"]} == {"warning"}


def test_a_photo_close_to_two_inch_proportions_passes_within_tolerance(tmp_path, factory, programs):
    program = programs["wushen-2024"]
    files = factory.individual_files(program)
    files[_photo_name(files)] = factory.jpeg(358, 441)  # 413×579 px is 2-inch at 300 dpi; ±few %
    assert codes(check(tmp_path, factory, program, files)) == ["photo-proportions"]
    files[_photo_name(files)] = factory.jpeg(413, 579)
    assert codes(check(tmp_path, factory, program, files)) == []


def test_a_jpeg_named_as_a_pdf_where_the_notice_wants_pdf_is_not_pdf(tmp_path, factory, programs):
    program = programs["huian-2024"]
    files = factory.individual_files(program)
    files["身份证.pdf"] = factory.jpeg()
    report = check(tmp_path, factory, program, files)
    assert codes(report) == ["not-pdf"]
    assert "身份证" in report["problems"][0]["message"]["zh"]
    assert "ID card" in report["problems"][0]["message"]["en"]


def test_a_file_in_a_format_the_notice_does_not_allow_is_wrong_format(tmp_path, factory, programs):
    program = programs["wushen-2024"]
    files = factory.individual_files(program)
    files.pop("申报表.pdf")
    files["申报表.docx"] = factory.zip_bytes({"[Content_Types].xml": b"<x/>"})
    assert codes(check(tmp_path, factory, program, files)) == ["wrong-format"]


def test_the_material_with_the_longest_matching_keyword_wins(tmp_path, factory, programs):
    program = programs["huian-2024"]
    files = factory.individual_files(program)
    files["学信网电子注册备案表.pdf"] = factory.pdf()
    report = check(tmp_path, factory, program, files)
    assert report["accepted"] and report["notes"] == []


def test_an_empty_material_file_is_rejected(tmp_path, factory, programs):
    program = programs["huian-2024"]
    files = factory.individual_files(program)
    files["身份证.pdf"] = b""
    assert "empty-file" in codes(check(tmp_path, factory, program, files))


def test_an_archive_with_only_folders_is_empty(tmp_path, factory, programs):
    path = factory.write(tmp_path / "e.zip", factory.zip_bytes({"材料/": b""}))
    assert codes(check_file(path, programs["huian-2024"])) == ["empty-archive"]
