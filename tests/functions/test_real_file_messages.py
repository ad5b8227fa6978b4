"""The messages real files get lead to the one fix: a photo of other proportions is cropped
before it is resized; a roster that lost its ID numbers is one problem and its candidates carry
the numbers their folders and photos give; a bundle packed twice is one message."""

from __future__ import annotations

import io

import pytest

from functions.upload import photo
from functions.upload.bundle import check_file
from functions.upload.problems import problem
from policy import idnumber, naming
from tests import corpus
from tests.functions import upload_factory as f


@pytest.mark.parametrize(
    ("size", "code"),
    [
        ((240, 320), None),
        ((480, 640), "photo-pixel-scale"),
        ((120, 160), "photo-pixel-scale"),
        ((241, 321), "photo-pixel-scale"),  # 0.4 % off: a resize does not show
        ((295, 413), "photo-pixel-size"),  # 1-inch photo: 0.714 against 0.75
        ((358, 441), "photo-pixel-size"),
        ((413, 579), "photo-pixel-size"),
        ((320, 240), "photo-pixel-size"),
    ],
)
def test_only_a_photo_of_the_same_ratio_is_told_to_resize_other_ratios_to_crop_first(size, code):
    found = photo.pixel_problem(*size, 240, 320)
    assert (found[0] if found else None) == code


def test_the_crop_message_names_the_ratio_and_then_the_size():
    code, words = photo.pixel_problem(295, 413, 240, 320)
    built = problem(code, path="张三.jpg", width=295, height=413, material_en="photo", **words)
    en, zh = built["message"]["en"], built["message"]["zh"]
    assert "Crop it to 3:4 (width:height) first, then resize it to 240×320 pixels" in en
    assert "先按 3:4（宽:高）的比例裁剪，再缩放到 240×320 像素" in zh
    assert "right proportions" not in en


def test_a_ratio_is_given_in_its_smallest_terms():
    assert photo.ratio(240, 320) == "3:4"
    assert photo.ratio(358, 441) == "358:441"


def report_of(tmp_path, build, program, kind=None):
    path = tmp_path / "bundle.zip"
    path.write_bytes(build(program))
    return check_file(str(path), program, kind)


def test_candidates_of_a_roster_with_numeric_ids_carry_the_numbers_of_their_photos(
    tmp_path, programs
):
    report = report_of(tmp_path, corpus.numeric_ids, programs["wushen-2024"], "group")
    assert [p["code"] for p in report["problems"]] == ["roster-id-as-number"]
    masked = {idnumber.mask(f.candidate(i)[1]) for i in range(12)}
    assert {c["id_number_masked"] for c in report["candidates"]} == masked


def test_one_numeric_id_among_text_ones_is_the_only_problem(tmp_path, programs):
    report = report_of(tmp_path, corpus.one_numeric_id, programs["wushen-2024"], "group")
    assert [p["code"] for p in report["problems"]] == ["roster-id-as-number"]
    assert idnumber.mask(f.candidate(1)[1]) in {c["id_number_masked"] for c in report["candidates"]}


def test_a_bundle_packed_twice_gets_one_message_naming_the_inner_archive(tmp_path, programs):
    report = report_of(tmp_path, corpus.bundle_inside_a_bundle, programs["wushen-2024"])
    assert [p["code"] for p in report["problems"]] == ["nested-archive"]
    assert "'报名材料.zip'" in report["problems"][0]["message"]["en"]


def test_a_rar_beside_valid_materials_is_the_only_problem(tmp_path, programs):
    report = report_of(tmp_path, corpus.rar_beside_materials, programs["wushen-2024"])
    assert [p["code"] for p in report["problems"]] == ["nested-archive"]
    assert "'其他.rar' is itself an archive" in report["problems"][0]["message"]["en"]


RULE = "{name}_{id_number}.JPG"
NUMBER = "110101199003070011"


@pytest.mark.parametrize(
    ("typed", "said", "corrected"),
    [
        (f"{NUMBER}_张三.jpg", "order is reversed", f"张三_{NUMBER}.jpg"),
        (f"{NUMBER} 张三.JPG", "order is reversed", f"张三_{NUMBER}.JPG"),
        (f"张三_\u200b{NUMBER}.jpg", "U+200B zero width space", f"张三_{NUMBER}.jpg"),
        (f"张三_{NUMBER}\u2060.jpg", "U+2060 word joiner", f"张三_{NUMBER}.jpg"),
        (f"张三_{NUMBER}.jpg.jpg", "written twice ('.jpg.jpg')", f"张三_{NUMBER}.jpg"),
        (f"张三_{NUMBER}.JPG.jpeg", "written twice", f"张三_{NUMBER}.jpeg"),
        (f"张三_{NUMBER} .jpg", "a space before the extension '.jpg'", f"张三_{NUMBER}.jpg"),
        (f"张三-{NUMBER}.jpg", "there is '-'", f"张三_{NUMBER}.jpg"),
        (f"张三{NUMBER}.jpg", "Nothing stands between", f"张三_{NUMBER}.jpg"),
    ],
)
def test_a_name_typed_wrong_is_told_what_is_wrong_and_the_corrected_name(typed, said, corrected):
    reasons, fixed = naming.name_fixes(typed, RULE)
    assert said in "".join(en for _, en in reasons)
    assert all(zh for zh, _ in reasons)
    assert fixed == corrected
    assert naming.naming_regex(RULE).match(naming.canonical(fixed))


def test_a_reversed_name_is_not_told_that_nothing_stands_between_name_and_number():
    reasons, _ = naming.name_fixes(f"{NUMBER}_张三.jpg", RULE)
    assert "Nothing stands" not in "".join(en for _, en in reasons)


def test_a_name_of_another_format_gets_no_invented_correction():
    assert naming.name_fixes(f"张三_{NUMBER}.png", RULE) == ([], None)


def test_a_csv_roster_is_text_and_an_ole_file_is_not():
    from policy import formats

    assert formats.looks_like_text("姓名,身份证号码\r\n张三,1101".encode("gbk"))
    assert formats.looks_like_text("姓名,身份证号码\r\n".encode())
    assert not formats.looks_like_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0")
    assert not formats.looks_like_text(io.BytesIO(b"").getvalue())
