"""A hostile corpus, generated here, each rejected with its code in bounded time and memory."""

from __future__ import annotations

import io
import stat
import struct
import tracemalloc
import warnings
import zipfile

import pytest

from functions.upload.bundle import check_file

pytestmark = pytest.mark.timeout(60)


def _zip(entries, compression=zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", compression) as zf:
        warnings.simplefilter("ignore")  # zipfile warns on the duplicate names we want
        for item in entries:
            if isinstance(item, zipfile.ZipInfo):
                zf.writestr(item, b"target")
            else:
                zf.writestr(*item)
    return out.getvalue()


def _central_offsets(blob: bytes) -> list[int]:
    out, at = [], blob.find(b"PK\x01\x02")
    while at >= 0:
        out.append(at)
        at = blob.find(b"PK\x01\x02", at + 4)
    return out


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("申报表.pdf", "w") as fh:
        block = b"\0" * (1 << 20)
        for _ in range(200):
            fh.write(block)
    return out.getvalue()


def overlap_bomb() -> bytes:
    """Two central entries pointing at the same local file (the shape of Fifield's overlap bombs)."""
    blob = bytearray(_zip([("申报表.pdf", b"%PDF-1.4 kernel"), ("身份证.pdf", b"%PDF-1.4 other")]))
    first, second = _central_offsets(bytes(blob))
    (offset,) = struct.unpack("<I", blob[first + 42 : first + 46])
    blob[second + 42 : second + 46] = struct.pack("<I", offset)
    return bytes(blob)


def encrypted() -> bytes:
    blob = bytearray(_zip([("申报表.pdf", b"%PDF-1.4 secret")]))
    blob[6] |= 0x1  # local header general-purpose flag
    for at in _central_offsets(bytes(blob)):
        blob[at + 8] |= 0x1
    return bytes(blob)


def with_mode(name: str, mode: int) -> bytes:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return _zip([info])


def crc_error() -> bytes:
    blob = bytearray(_zip([("申报表.pdf", b"%PDF-1.4 " + b"A" * 1000)]))
    at = blob.find(b"A" * 100)
    blob[at + 10] = ord("B")
    return bytes(blob)


def flood(count: int = 60_000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for i in range(count):
            zf.writestr(f"f{i}.pdf", b"")
    return out.getvalue()


def deep() -> bytes:
    return _zip([("/".join(["d"] * 20) + "/申报表.pdf", b"%PDF-1.4")])


def truncated(factory, programs) -> bytes:
    blob = factory.zip_bytes(factory.individual_files(programs["wushen-2024"]))
    return blob[: len(blob) // 2]


CORPUS = {
    "zip bomb": (lambda f, p: zip_bomb(), "archive-too-large"),
    "overlapping-entry bomb": (lambda f, p: overlap_bomb(), "archive-too-large"),
    "duplicate names": (
        lambda f, p: _zip([("申报表.pdf", b"%PDF-1"), ("申报表.pdf", b"%PDF-2")]),
        "duplicate-entry",
    ),
    "zip slip": (lambda f, p: _zip([("../../etc/申报表.pdf", b"%PDF-1")]), "unsafe-path"),
    "absolute path": (lambda f, p: _zip([("/etc/passwd", b"root")]), "unsafe-path"),
    "drive letter": (lambda f, p: _zip([("C:/Windows/申报表.pdf", b"%PDF-1")]), "unsafe-path"),
    "symlink": (lambda f, p: with_mode("身份证.pdf", stat.S_IFLNK | 0o777), "unsafe-path"),
    "device file": (lambda f, p: with_mode("dev", stat.S_IFCHR | 0o600), "unsafe-path"),
    "encrypted": (lambda f, p: encrypted(), "encrypted"),
    "truncated": (truncated, "not-an-archive"),
    "crc error": (lambda f, p: crc_error(), "corrupt-entry"),
    "60 000-entry flood": (lambda f, p: flood(), "archive-too-large"),
    "folders 20 deep": (lambda f, p: deep(), "archive-too-large"),
    "pdf named .zip": (lambda f, p: f.pdf(), "not-an-archive"),
    "empty file": (lambda f, p: b"", "not-an-archive"),
    "rar": (lambda f, p: b"Rar!\x1a\x07\x01\x00" + b"\0" * 100, "unsupported-archive"),
    "7z": (lambda f, p: b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\0" * 100, "unsupported-archive"),
    "gzip": (lambda f, p: b"\x1f\x8b\x08\x00" + b"\0" * 100, "unsupported-archive"),
}


def check_measuring_memory(path, program) -> tuple[dict, int]:
    """The report, and the most memory Python held while making it (bytes)."""
    tracemalloc.start()
    try:
        report = check_file(path, program)
        return report, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_each_hostile_archive_is_rejected_with_its_code_in_bounded_memory(
    case, tmp_path, factory, programs
):
    make, code = CORPUS[case]
    path = factory.write(tmp_path / "bundle.zip", make(factory, programs))
    report, peak = check_measuring_memory(path, programs["wushen-2024"])
    assert report["accepted"] is False
    assert [p["code"] for p in report["problems"]] == [code]
    assert all(p["message"]["zh"] and p["message"]["en"] for p in report["problems"])
    assert peak < 64 << 20, f"{case}: peak {peak >> 20} MB"


def test_a_zip_bomb_is_refused_before_anything_is_decompressed(
    tmp_path, factory, programs, monkeypatch
):
    path = factory.write(tmp_path / "bomb.zip", zip_bomb())
    opened = []
    monkeypatch.setattr(
        zipfile.ZipFile,
        "open",
        lambda self, *a, **k: opened.append(a) or pytest.fail("decompressed"),
    )
    assert check_file(path, programs["wushen-2024"])["problems"][0]["code"] == "archive-too-large"
    assert opened == []


def test_a_pixel_flood_jpeg_is_refused_before_it_is_decoded(tmp_path, factory, programs):
    photo = bytearray(factory.jpeg())
    sof = photo.find(b"\xff\xc0")
    photo[sof + 5 : sof + 9] = struct.pack(">HH", 65000, 65000)
    files = factory.individual_files(programs["wushen-2024"])
    name = next(k for k in files if k.endswith(".JPG"))
    files[name] = bytes(photo)
    path = factory.write(tmp_path / "b.zip", factory.zip_bytes(files))
    report, peak = check_measuring_memory(path, programs["wushen-2024"])
    assert [p["code"] for p in report["problems"]] == ["photo-too-many-pixels"]
    assert peak < 64 << 20


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8"])
def test_chinese_names_without_the_utf8_flag_come_out_as_the_right_chinese(
    encoding, tmp_path, factory, programs
):
    program = programs["huian-2024"]
    files = factory.group_files(program, 2)
    blob = factory.zip_bytes(files, name_encoding=encoding)
    flags = [zi.flag_bits & 0x800 for zi in zipfile.ZipFile(io.BytesIO(blob)).infolist()]
    assert flags == [0] * len(files)
    report = check_file(factory.write(tmp_path / "g.zip", blob), program, "group")
    assert report["accepted"], report["problems"]
    assert [c["name"] for c in report["candidates"]] == ["张三", "李四"]
    assert report["candidates"][0]["folder"].startswith("张三_")


def test_a_gbk_named_bundle_reports_missing_files_with_readable_chinese_paths(
    tmp_path, factory, programs
):
    program = programs["huian-2024"]
    files = {k: v for k, v in factory.group_files(program, 2).items() if "身份证" not in k}
    report = check_file(
        factory.write(tmp_path / "g.zip", factory.zip_bytes(files, name_encoding="gbk")),
        program,
        "group",
    )
    paths = sorted(p["path"] for p in report["problems"])
    assert [p["code"] for p in report["problems"]] == ["missing-material"] * 2
    assert paths[0].startswith("张三_") and paths[1].startswith("李四_")


_PEAK = """
import json, sys
from functions.upload import programs
from functions.upload.bundle import check_file
report = check_file(sys.argv[1], programs.load()["wushen-2024"])
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"codes": [p["code"] for p in report["problems"]], "peak_kb": peak}))
"""


def _pixel_flood_bundle(factory, programs) -> bytes:
    photo = bytearray(factory.jpeg())
    sof = photo.find(b"\xff\xc0")
    photo[sof + 5 : sof + 9] = struct.pack(">HH", 65000, 65000)
    files = factory.individual_files(programs["wushen-2024"])
    files[next(k for k in files if k.endswith(".JPG"))] = bytes(photo)
    return factory.zip_bytes(files)


@pytest.mark.parametrize(
    "case,code",
    [
        ("zip bomb", "archive-too-large"),
        ("overlapping-entry bomb", "archive-too-large"),
        ("60 000-entry flood", "archive-too-large"),
        ("pixel flood", "photo-too-many-pixels"),
    ],
)
def test_the_whole_process_stays_small_on_the_worst_inputs(case, code, tmp_path, factory, programs):
    """Peak resident memory of a fresh process (VmHWM), so C allocations (zlib, Pillow) count."""
    import json
    import pathlib
    import subprocess
    import sys

    blob = (
        _pixel_flood_bundle(factory, programs)
        if case == "pixel flood"
        else CORPUS[case][0](factory, programs)
    )
    path = factory.write(tmp_path / "bundle.zip", blob)
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, path],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=pathlib.Path(__file__).resolve().parents[2],
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["codes"] == [code]
    assert result["peak_kb"] < 150 * 1024, f"{case}: {result['peak_kb'] // 1024} MB"
