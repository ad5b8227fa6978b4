"""Real files from real people (tests/corpus): no false rejection, and every message leads to
the fix. Each case changes one thing of a valid bundle, as a real tool or person does."""

from __future__ import annotations

import json

import pytest

from functions.upload.bundle import check_file
from tests.corpus import CASES


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_real_world_file_gets_the_right_answer(case, tmp_path, programs):
    program = programs[case.program]
    path = tmp_path / "bundle.zip"
    path.write_bytes(case.build(program))
    report = check_file(str(path), program, case.kind)
    codes = [p["code"] for p in report["problems"]]
    errors = [p["code"] for p in report["problems"] if p["severity"] == "error"]
    said = json.dumps(report, ensure_ascii=False)
    expect = case.expect
    assert report["accepted"] is expect.accepted, errors
    assert set(expect.codes) <= set(codes), codes
    assert not set(expect.absent) & set(codes), codes
    assert all(w in said for w in expect.words), [p["message"] for p in report["problems"]]
    assert set(expect.names) <= {c["name"] for c in report["candidates"]}, report["candidates"]
    assert set(expect.notes) <= {n["code"] for n in report["notes"]}, report["notes"]


def test_the_corpus_covers_every_kind_the_field_reported():
    kinds = " ".join(c.name for c in CASES)
    for word in (
        "GBK",
        "MPO",
        ".jpeg",
        "EXIF",
        "WPS",
        "hidden",
        "numbers",
        "Strict",
        "empty",
        "full-width",
        "one byte over",
        "inside the archive",
        "megapixel",
        "stored as a number among",
        "without an extension",
        ".et",
        "CSV",
        ".xls",
        "zipped again",
        "RAR",
        "Word document",
        "reversed",
        "zero-width",
        ".jpg.jpg",
        "space before",
    ):
        assert word in kinds, word
