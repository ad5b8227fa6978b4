"""Damaged bundles of every shape get a report with coded problems, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functions.upload.bundle import check_file
from functions.upload.problems import MESSAGES

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def valid_blobs(programs):
    import upload_factory as f

    return {
        "individual": f.zip_bytes(f.individual_files(programs["wushen-2024"])),
        "group": f.zip_bytes(f.group_files(programs["wushen-2024"], 2)),
    }


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same damaged bundles on every run, so CI is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["individual", "group"]),
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8
    ),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_a_randomly_damaged_bundle_always_gets_a_coded_report(
    kind, edits, cut, valid_blobs, programs, tmp_path
):
    blob = bytearray(valid_blobs[kind])
    for where, value in edits:
        blob[int(where * len(blob))] = value
    if cut is not None:
        blob = blob[: int(cut * len(blob))]
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(blob))
    report = check_file(str(path), programs["wushen-2024"])
    assert isinstance(report["accepted"], bool)
    codes = [p["code"] for p in report["problems"]]
    assert all(code in MESSAGES for code in codes)
    assert "internal-error" not in codes  # the safety net must never be what answers


@settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6
    )
)
def test_a_damaged_roster_workbook_gives_a_reason_never_an_exception(edits):
    import tempfile

    import upload_factory as f

    from functions.upload import roster

    blob = bytearray(f.xlsx([("张三", f.valid_id(0)), ("李四", f.valid_id(1))]))
    for where, value in edits:
        blob[int(where * len(blob))] = value
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
        fh.write(blob)
        fh.flush()
        try:
            found = roster.read(fh.name, {"name": ["姓名"], "id_number": ["身份证号码"]})
        except roster.RosterError as exc:
            assert exc.reason_zh and exc.reason_en
        else:
            assert isinstance(found["rows"], list)
