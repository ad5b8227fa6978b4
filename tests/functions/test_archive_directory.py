"""An archive cannot lie about its table of contents: the central directory is bounded by its
byte size and its real number of records before anything parses it."""

from __future__ import annotations

import io
import struct
import zipfile

from functions.upload.archive import Limits, SafeZip
from functions.upload.problems import BundleError


def one_file_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a.pdf", b"%PDF-1.4\n%%EOF\n")
    return out.getvalue()


def with_copies_of_its_record(copies: int, claimed_entries: int = 1) -> bytes:
    """The one-file zip with its central record repeated, the end record claiming
    `claimed_entries` entries and the directory's true size and offset."""
    blob = one_file_zip()
    eocd = blob.rfind(b"PK\x05\x06")
    (cd_size, cd_offset) = struct.unpack("<II", blob[eocd + 12 : eocd + 20])
    record = blob[cd_offset : cd_offset + cd_size]
    directory = record * copies
    end = bytearray(blob[eocd:])
    struct.pack_into("<HHII", end, 8, claimed_entries, claimed_entries, len(directory), cd_offset)
    return blob[:cd_offset] + directory + bytes(end)


def refusal(blob: bytes, limits: Limits | None = None) -> dict:
    try:
        with SafeZip(io.BytesIO(blob), limits):
            pass
    except BundleError as e:
        return e.problem
    raise AssertionError("the archive was accepted")


def test_a_directory_larger_than_any_real_one_is_refused_before_parsing():
    blob = with_copies_of_its_record(200_000)  # ~10 MB of records claiming 1 entry
    p = refusal(blob)
    assert p["code"] == "archive-too-large"
    assert "table of contents" in p["message"]["en"]


def test_an_end_record_that_claims_one_entry_for_many_is_counted_for_real():
    p = refusal(with_copies_of_its_record(50_000))  # 2.6 MB: under the size bound
    assert p["code"] == "archive-too-large"
    assert "more than 10000 entries" in p["message"]["en"]


def test_the_count_stops_at_the_limit_a_program_sets():
    p = refusal(with_copies_of_its_record(30, claimed_entries=1), Limits(max_entries=20))
    assert "more than 20 entries" in p["message"]["en"]


def test_an_honest_archive_at_the_entry_limit_is_read():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for i in range(20):
            zf.writestr(f"f{i}.pdf", b"%PDF-1.4\n")
    with SafeZip(io.BytesIO(out.getvalue()), Limits(max_entries=20)) as z:
        assert len(z.entries) == 20
