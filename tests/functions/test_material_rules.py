"""The materials rules a notice can set, each judged by the upload check on a synthetic program
(huian-2024 plus every rule, tests/functions/upload_factory.rules_program): paper-only materials,
materials for some levels or conditions, a minimum file size, a photo sized in pixels, an
upper-case X, a photo named by the ID number alone."""

from __future__ import annotations

import copy
import io
import json
import os
import pathlib
import re

import jsonschema
import pytest

from functions.upload.bundle import check_file
from policy import idnumber
from policy.programs import load_programs
from tests.support.commands import run as run_command

REPO = pathlib.Path(__file__).resolve().parents[2]
NOTICE = (REPO / "data" / "huian-2024.notice.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def rules(tmp_path_factory, factory, programs):
    """The synthetic program, written as data/ holds programs and loaded (so validated) again."""
    folder = tmp_path_factory.mktemp("data")
    factory.write_program(folder, factory.rules_program(programs["huian-2024"]), NOTICE)
    return load_programs(folder)[factory.RULES_ID]


def check(tmp_path, factory, program, files, kind=None):
    path = factory.write(tmp_path / "bundle.zip", factory.zip_bytes(files))
    return check_file(path, program, kind)


def codes(report):
    return sorted(p["code"] for p in report["problems"])


def only(report, code):
    found = [p for p in report["problems"] if p["code"] == code]
    assert len(found) == 1, report["problems"]
    return found[0]


def photo_name(files):
    return next(k for k in files if k.lower().endswith(".jpg"))


def phone_photo_resized(size=(358, 441), least=60 * 1024, most=100 * 1024) -> bytes:
    """A 3000×4000 phone picture cropped to the notice's proportions and resized to its pixels,
    saved at the best quality whose file lies between the notice's bounds (as the tool does)."""
    from PIL import Image, ImageDraw

    w, h = 3000, 4000
    im = Image.new("RGB", (w, h), (250, 250, 250))
    draw = ImageDraw.Draw(im)
    draw.ellipse((w * 0.3, h * 0.2, w * 0.7, h * 0.6), fill=(120, 90, 70))
    draw.rectangle((w * 0.1, h * 0.65, w * 0.9, h), fill=(30, 40, 90))
    noise = Image.effect_noise((w // 8, h // 8), 60).resize((w, h)).convert("RGB")
    im = Image.blend(im, noise, 0.1)
    crop_h = round(w * size[1] / size[0])
    im = im.crop((0, (h - crop_h) // 2, w, (h - crop_h) // 2 + crop_h)).resize(size)
    for quality in range(100, 29, -1):
        out = io.BytesIO()
        im.save(out, "JPEG", quality=quality)
        if least <= out.tell() <= most:
            return out.getvalue()
    raise AssertionError("no quality lands between the bounds")


# --- the program as a whole ---------------------------------------------------------------------


def test_a_complete_bundle_is_accepted_without_the_paper_level_and_condition_materials(
    tmp_path, factory, rules, report_schema
):
    files = factory.individual_files(rules)
    assert not any("劳动合同" in n or "技术总结" in n or "等级证书" in n for n in files)
    report = check(tmp_path, factory, rules, files)
    jsonschema.validate(report, report_schema)
    assert (report["accepted"], report["problems"]) == (True, [])
    assert [(n["code"], n["material"]) for n in report["notes"]] == [
        ("conditional-material", "chsi-record"),
        ("material-for-levels", "skills-summary"),
        ("material-for-conditions", "level-certificate"),
    ]


# --- paper only -------------------------------------------------------------------------------


def test_a_paper_only_material_is_never_demanded_and_its_file_is_only_a_note(
    tmp_path, factory, rules
):
    files = factory.individual_files(rules)
    files["劳动合同.pdf"] = factory.pdf()
    report = check(tmp_path, factory, rules, files)
    assert (report["accepted"], report["problems"]) == (True, [])
    note = next(n for n in report["notes"] if n["code"] == "paper-material")
    assert (note["material"], note["path"]) == ("labour-contract", "劳动合同.pdf")
    zh, en = note["message"]["zh"], note["message"]["en"]
    assert "“劳动合同.pdf”看起来是“劳动合同”" in zh and "2 份，A4 纸，须带原件" in zh
    assert "labour contract" in en and "2 copies; A4 paper; bring the original" in en
    assert "Hand it in on paper" in en and "交到现场" in zh


def test_without_its_file_a_paper_only_material_is_not_missing_but_one_handed_in_both_ways_is(
    tmp_path, factory, rules
):
    files = factory.individual_files(rules)
    files.pop("申报表.pdf")
    report = check(tmp_path, factory, rules, files)
    missing = [p for p in report["problems"] if p["code"] == "missing-material"]
    assert len(missing) == 1 and "申报表" in missing[0]["message"]["zh"]
    assert not any("劳动合同" in p["message"]["zh"] for p in report["problems"])


def test_a_name_fitting_both_a_file_material_and_a_paper_one_is_the_file(tmp_path, factory, rules):
    program = copy.deepcopy(rules)
    paper = next(m for m in program["materials"] if m["id"] == "labour-contract")
    paper["keywords"] = ["身份证原件"]  # longer than the ID card's own 身份证
    files = factory.individual_files(program)
    files["身份证原件.pdf"] = files.pop("身份证.pdf")
    report = check(tmp_path, factory, program, files)
    assert (report["accepted"], report["problems"]) == (True, [])
    assert "paper-material" not in [n["code"] for n in report["notes"]]


# --- levels and conditions ----------------------------------------------------------------------


def test_a_material_for_some_levels_is_noted_with_the_level_never_demanded(
    tmp_path, factory, rules
):
    report = check(tmp_path, factory, rules, factory.individual_files(rules))
    note = next(n for n in report["notes"] if n["material"] == "skills-summary")
    assert "报考三级/高级工的考生" in note["message"]["zh"]
    assert "only by candidates for Level 3 / senior worker" in note["message"]["en"]
    assert "Level 3: a skills summary." in note["message"]["en"]
    files = {**factory.individual_files(rules), "技术总结.pdf": factory.pdf()}
    report = check(tmp_path, factory, rules, files)
    assert report["accepted"] and "skills-summary" not in [n["material"] for n in report["notes"]]


def test_a_material_for_every_level_offered_is_demanded_like_any_other(tmp_path, factory, rules):
    program = copy.deepcopy(rules)
    summary = next(m for m in program["materials"] if m["id"] == "skills-summary")
    summary["levels"] = [3, 4]
    report = check(tmp_path, factory, program, factory.individual_files(rules))
    assert codes(report) == ["missing-material"]
    assert "技术总结" in report["problems"][0]["message"]["zh"]


def test_a_material_for_a_condition_is_noted_with_the_conditions_words(tmp_path, factory, rules):
    report = check(tmp_path, factory, rules, factory.individual_files(rules))
    note = next(n for n in report["notes"] if n["material"] == "level-certificate")
    condition = factory.LEVEL3_CONDITION["text"]
    assert condition["zh"].rstrip("。") in note["message"]["zh"]
    assert condition["en"].rstrip(".") in note["message"]["en"]
    assert "who qualify through" in note["message"]["en"]
    assert note["message"]["en"].endswith("If you qualify that way, include it in the archive.")


def test_in_a_group_bundle_level_condition_and_paper_materials_are_not_demanded_per_folder(
    tmp_path, factory, rules
):
    files = factory.group_files(rules, 3)
    files[f"张三_{factory.valid_id(0)}/劳动合同.pdf"] = factory.pdf()
    report = check(tmp_path, factory, rules, files)
    assert report["kind"] == "group"
    assert (report["accepted"], report["problems"]) == (True, [])
    assert "paper-material" in [n["code"] for n in report["notes"]]


# --- minimum size -------------------------------------------------------------------------------


def test_a_file_under_the_minimum_size_is_refused_with_both_byte_counts_and_the_fix(
    tmp_path, factory, rules
):
    files = factory.individual_files(rules)
    small = factory.pdf()
    files["毕业证.pdf"] = factory.pdf(padding=31200 - len(small))
    assert len(files["毕业证.pdf"]) == 31200
    report = check(tmp_path, factory, rules, files)
    assert report["accepted"] is False
    problem = only(report, "file-below-min-size")
    assert problem["path"] == "毕业证.pdf"
    en, zh = problem["message"]["en"], problem["message"]["zh"]
    assert "is 31 200 bytes; the notice asks for at least 40 960 bytes = 40 KB" in en
    assert "Scan or save it again at a higher resolution" in en and "diploma" in en
    assert "只有 31 200 字节，通知要求至少 40 960 字节（40 KB）" in zh and "重新扫描" in zh


def test_a_file_of_exactly_the_minimum_size_passes(tmp_path, factory, rules):
    files = factory.individual_files(rules)
    files["毕业证.pdf"] = factory.pdf(padding=40960 - len(factory.pdf()))
    assert check(tmp_path, factory, rules, files)["problems"] == []


def test_a_photo_under_the_minimum_size_is_refused_with_the_photo_fix(tmp_path, factory, rules):
    files = factory.individual_files(rules)
    files[photo_name(files)] = factory.jpeg(358, 441)
    report = check(tmp_path, factory, rules, files)
    problem = only(report, "photo-below-min-size")
    size = len(factory.jpeg(358, 441))
    assert f"{size:,}".replace(",", " ") + " bytes" in problem["message"]["en"]
    assert "61 440 bytes = 60 KB" in problem["message"]["en"]
    assert (
        "higher JPG quality" in problem["message"]["en"]
        and "证件照工具" in problem["message"]["zh"]
    )


# --- pixels -------------------------------------------------------------------------------------


def test_a_phone_photo_cropped_and_resized_to_the_notices_pixels_passes(tmp_path, factory, rules):
    data = phone_photo_resized()
    files = factory.individual_files(rules)
    files[photo_name(files)] = data
    report = check(tmp_path, factory, rules, files)
    assert (report["accepted"], report["problems"]) == (True, [])


def test_the_right_proportions_at_another_pixel_size_are_a_warning_naming_both_sizes(
    tmp_path, factory, rules
):
    files = factory.individual_files(rules)
    files[photo_name(files)] = phone_photo_resized((716, 882), most=100 * 1024)
    report = check(tmp_path, factory, rules, files)
    problem = only(report, "photo-pixel-scale")
    assert report["accepted"] is True and problem["severity"] == "warning"
    assert "716×882 pixels" in problem["message"]["en"]
    assert "358×441 pixels" in problem["message"]["en"]
    assert "716×882 像素" in problem["message"]["zh"] and "358×441 像素" in problem["message"]["zh"]


def test_other_proportions_are_refused_naming_both_sizes(tmp_path, factory, rules):
    files = factory.individual_files(rules)
    files[photo_name(files)] = factory.jpeg_at_least(60 * 1024, 413, 579, 100 * 1024)
    report = check(tmp_path, factory, rules, files)
    problem = only(report, "photo-pixel-size")
    assert report["accepted"] is False
    assert "413×579" in problem["message"]["en"] and "358×441 pixels" in problem["message"]["en"]
    assert "photo-proportions" not in codes(report)  # pixels, not millimetres, judge it


# --- naming: the ID number alone, an upper-case X -----------------------------------------------


def test_a_photo_named_by_the_id_number_alone_is_recognised_and_names_its_candidate(
    tmp_path, factory, rules
):
    number = factory.valid_id(3)
    files = factory.individual_files(rules, who=("王五", number))
    assert f"{number}.jpg" in files
    report = check(tmp_path, factory, rules, files)
    assert (report["accepted"], report["problems"]) == (True, [])
    assert report["candidates"] == [{"name": "", "id_number_masked": idnumber.mask(number)}]


def test_a_photo_not_named_by_the_id_number_alone_is_told_the_rule_piece_by_piece(
    tmp_path, factory, rules
):
    files = factory.individual_files(rules)
    files[f"王五_{factory.valid_id(3)}.jpg"] = files.pop(photo_name(files))
    report = check(tmp_path, factory, rules, files)
    problem = only(report, "photo-name")
    en, zh = problem["message"]["en"], problem["message"]["zh"]
    assert "Name it 'IDnumber.jpg', e.g. '110101199003070011.jpg'" in en
    assert "only the 18-character ID number, then .jpg" in en
    assert "a final X of the ID number in upper case" in en
    assert "只用 18 位身份证号，扩展名为 .jpg；身份证号末位的 X 须大写" in zh


def test_a_lower_case_x_is_refused_with_the_corrected_file_name(tmp_path, factory, rules):
    number = factory.id_ending_in_x()
    files = factory.individual_files(rules, who=("张三", number))
    files[f"{number[:-1]}x.jpg"] = files.pop(f"{number}.jpg")
    report = check(tmp_path, factory, rules, files)
    problem = only(report, "lowercase-x")
    assert report["accepted"] is False
    masked = idnumber.mask(number)  # reports never carry a full ID number
    assert problem["path"] == f"{masked[:-1]}x.jpg"
    assert f"Rename the file '{masked}.jpg' (change only that x to X" in problem["message"]["en"]
    assert f"请把文件改名为“{masked}.jpg”" in problem["message"]["zh"]
    assert factory.no_full_id_number(json.dumps(report, ensure_ascii=False), 1000)


def test_a_lower_case_x_passes_where_the_notice_does_not_ask_for_upper_case(
    tmp_path, factory, rules
):
    program = copy.deepcopy(rules)
    photo = next(m for m in program["materials"] if m["id"] == "photo")
    photo["naming"].pop("uppercase_x")
    number = factory.id_ending_in_x()
    files = factory.individual_files(program, who=("张三", number))
    files[f"{number[:-1]}x.jpg"] = files.pop(f"{number}.jpg")
    assert check(tmp_path, factory, program, files)["problems"] == []


def test_id_only_photos_in_a_group_photo_folder_match_the_roster_by_number(
    tmp_path, factory, programs
):
    program = copy.deepcopy(programs["wushen-2024"])
    photo = next(m for m in program["materials"] if m["id"] == "photo")
    photo["naming"] = {"pattern": "{id_number}.JPG"}
    files = factory.group_files(program, 3)
    folder = program["packaging"]["group"]["photo_folder"]["keywords"][0]
    assert f"{folder}/{factory.valid_id(1)}.JPG" in files
    report = check(tmp_path, factory, program, files)
    assert (report["accepted"], report["problems"]) == (True, [])
    assert [c["name"] for c in report["candidates"]] == ["张三", "李四", "王五"]


# --- through the command, by the day in force ---------------------------------------------------


def test_the_check_command_judges_by_the_minimum_size_in_force_on_the_day(tmp_path, factory, rules):
    program = copy.deepcopy(rules)
    program["amendments"] = [
        {
            "id": "smaller-scans",
            "date": "2025-03-01",
            "document_number": "测〔2025〕2号",
            "clause": "一、",
            "summary": {"zh": "扫描件不小于 20 KB。", "en": "Scans of at least 20 KB."},
            "changes": [{"path": "materials.diploma.min_bytes", "value": 20480}],
        }
    ]
    data = tmp_path / "data"
    factory.write_program(data, program, NOTICE)
    files = factory.individual_files(program)
    files["毕业证.pdf"] = factory.pdf(padding=31200 - len(factory.pdf()))
    bundle = factory.write(tmp_path / "b.zip", factory.zip_bytes(files))
    env = {**os.environ, "PROGRAMS_DIR": str(data)}
    verdicts = {}
    for day in ("2025-02-28", "2025-03-01"):
        out = run_command(
            "functions.upload",
            *("check", "--program", program["id"], "--kind", "individual"),
            *("--as-of", day, bundle),
            timeout=120,
            env=env,
        )
        verdicts[day] = (out.returncode, codes(json.loads(out.stdout)))
    assert verdicts == {"2025-02-28": (1, ["file-below-min-size"]), "2025-03-01": (0, [])}


# --- the test programs (tests/programs) ---------------------------------------------------------

TEST_PROGRAMS = REPO / "tests" / "programs"
TEST_PROGRAM_IDS = sorted(p.stem for p in TEST_PROGRAMS.glob("*.yaml"))


def test_the_test_programs_validate():
    assert len(TEST_PROGRAM_IDS) >= 6
    out = run_command("generator", "--data", TEST_PROGRAMS, "validate", timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.fixture(scope="module")
def test_programs():
    return load_programs(TEST_PROGRAMS)


@pytest.mark.parametrize("program_id", TEST_PROGRAM_IDS)
def test_a_valid_individual_bundle_for_each_test_program_is_accepted(
    program_id, tmp_path, factory, test_programs
):
    program = test_programs[program_id]
    report = check(tmp_path, factory, program, factory.individual_files(program), "individual")
    assert (report["accepted"], report["problems"]) == (True, [])
    for note in report["notes"]:  # only what the bundle cannot show, said in both languages
        assert note["message"]["zh"] and note["message"]["en"]
        assert not re.search(r"\{\w+\}", note["message"]["en"] + note["message"]["zh"])
