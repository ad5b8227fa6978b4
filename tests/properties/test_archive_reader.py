"""Hostile archives, generated: the reader answers with a coded problem, never an exception.

Two layers: SafeZip itself (vetting and streaming every entry; only BundleError may come out, and it
carries a known code), and check_file, the whole validator (always a report whose codes are known,
never the internal-error safety net). Examples are derandomized so CI sees the same inputs.
"""

from __future__ import annotations

import io
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functions.upload.archive import SafeZip
from functions.upload.bundle import check_file
from functions.upload.problems import MESSAGES, BundleError

FAST = settings(
    max_examples=60,
    deadline=2000,  # ms per example: a hostile archive must be answered quickly
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
BOUNDARY = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF]


@pytest.fixture(scope="module")
def valid_zip(programs, factory) -> bytes:
    return factory.zip_bytes(factory.individual_files(programs["huian-2024"]))


def read_everything(blob: bytes) -> str | None:
    """The code of the problem the reader raised, or None when every entry read cleanly."""
    try:
        with SafeZip(io.BytesIO(blob)) as z:
            for entry in z.entries:
                if not entry.is_dir:
                    for _ in z.stream(entry):
                        pass
    except BundleError as exc:
        return exc.problem["code"]
    return None


def structural_mutation(blob: bytes, data) -> bytes:
    """Overwrite a 2- or 4-byte field in the central directory / end record with a boundary value."""
    out = bytearray(blob)
    cd = blob.rfind(b"PK\x01\x02", 0, len(blob) - 22)
    start = blob.find(b"PK\x01\x02") if cd >= 0 else 0
    where = data.draw(st.integers(start, len(out) - 4))
    width = data.draw(st.sampled_from([2, 4]))
    value = data.draw(st.sampled_from(BOUNDARY)) & (0xFFFF if width == 2 else 0xFFFFFFFF)
    out[where : where + width] = struct.pack("<H" if width == 2 else "<I", value)
    return bytes(out)


@FAST
@given(blob=st.binary(max_size=4096))
def test_random_bytes_are_refused_with_a_known_code(blob):
    assert read_everything(b"PK\x03\x04" + blob) in set(MESSAGES) | {None}
    assert read_everything(blob) in set(MESSAGES) | {None}


@FAST
@given(data=st.data(), rounds=st.integers(1, 4))
def test_a_zip_with_damaged_directory_fields_is_answered_with_a_known_code(valid_zip, data, rounds):
    blob = valid_zip
    for _ in range(rounds):
        blob = structural_mutation(blob, data)
    assert read_everything(blob) in set(MESSAGES) | {None}


@FAST
@given(
    data=st.data(),
    cut=st.floats(0, 1),
    junk=st.binary(max_size=256),
)
def test_a_cut_or_padded_zip_is_answered_with_a_known_code(valid_zip, data, cut, junk):
    blob = valid_zip[: int(cut * len(valid_zip))] + junk
    assert read_everything(blob) in set(MESSAGES) | {None}


@settings(
    max_examples=40,
    deadline=None,  # the whole validator decodes photos; bounded by max_examples instead
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), prefix=st.sampled_from([b"", b"PK\x03\x04", b"PK\x05\x06"]))
def test_the_validator_answers_any_damaged_bundle_with_a_coded_report(
    valid_zip, programs, data, prefix, tmp_path
):
    blob = prefix + structural_mutation(valid_zip, data)
    path = tmp_path / "bundle.zip"
    path.write_bytes(blob)
    report = check_file(str(path), programs["huian-2024"])
    codes = [p["code"] for p in report["problems"]]
    assert all(code in MESSAGES for code in codes)
    assert "internal-error" not in codes  # the safety net must never be what answers
    assert isinstance(report["accepted"], bool) and report["size"] == len(blob)
