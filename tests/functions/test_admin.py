"""`python -m functions.upload admin`: staff see what was received, on both storage backends.

Uploads are made through the real flow of test_flow (create → signed form POST → object created →
report), on the local server and on a moto S3 server; the admin commands then read that store.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import time
import types

import pytest

from functions.upload import admin_records
from functions.upload.__main__ import main
from functions.upload.admin_sheet import workbook
from functions.upload.storage import LocalStorage
from policy.idnumber import mask
from tests.functions.conftest import new_bucket, running_local_server
from tests.functions.test_flow import LocalFlow, S3Flow, send, wait_for_verdict
from tests.support.clock import FakeClock

REPO = pathlib.Path(__file__).resolve().parents[2]
# An ID number on its own (a digit run inside an upload id or a SHA-256 is not one).


@contextlib.contextmanager
def backend(request, name: str, clock, root: pathlib.Path):
    """(flow, storage options for the admin command) for one backend, its service on `clock`."""
    if name == "local":
        with running_local_server(root, clock) as server:
            yield LocalFlow(server), ["--storage", str(server["root"])]
        return
    endpoint = request.getfixturevalue("moto_endpoint")
    bucket = new_bucket(endpoint, f"uploads-admin-{root.name.lower()}-{os.urandom(4).hex()}")
    yield S3Flow(endpoint, bucket, clock=clock), ["--s3-endpoint", endpoint, "--bucket", bucket]


@pytest.fixture(scope="module", params=["local", "s3"])
def received(request, programs, factory, tmp_path_factory):
    """A valid individual bundle, then a group bundle missing one candidate's ID card, then an
    upload announced but never sent (wushen-2024); and one huian-2024 bundle.

    Received once per backend for the tests below, which only read the store."""
    clock = FakeClock()  # the service's clock: the uploads' times, a minute apart
    with backend(request, request.param, clock, tmp_path_factory.mktemp("admin")) as (
        flow,
        options,
    ):
        yield receive(flow, options, clock, programs, factory)


def receive(flow, options, clock, programs, factory):
    wushen = programs["wushen-2024"]
    valid = factory.zip_bytes(factory.individual_files(wushen))
    group = factory.group_files(wushen, 3)
    del group[next(k for k in group if k.startswith("李四/") and "身份证" in k)]
    group_blob = factory.zip_bytes(group)
    ids = {}
    ids["valid"] = send(flow, valid, filename=f"张三_{factory.candidate(0)[1]}.zip")["id"]
    clock.advance(60)  # upload times are whole seconds: newest-first needs distinct ones
    ids["group"] = send(flow, group_blob, kind="group")["id"]
    ids["huian"] = send(
        flow,
        factory.zip_bytes(factory.individual_files(programs["huian-2024"])),
        program="huian-2024",
    )["id"]
    clock.advance(60)
    status, created = flow.api(
        "POST",
        "/api/uploads",
        {"program": "wushen-2024", "kind": "individual", "filename": "a.zip", "size": 100},
    )
    assert status == 201
    ids["pending"] = created["id"]
    for key in ("valid", "group", "huian"):
        assert wait_for_verdict(flow, ids[key])["status"] != "pending"
    return types.SimpleNamespace(
        flow=flow, options=options, ids=ids, blobs={"valid": valid, "group": group_blob}
    )


def run_admin(capsys, *args) -> tuple[int, str, str]:
    code = main(["admin", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_shows_each_upload_newest_first_with_verdict_candidates_and_problem_count(
    received, capsys, factory
):
    code, out, err = run_admin(capsys, "list", "--program", "wushen-2024", *received.options)
    assert code == 0, err
    header, *lines = out.strip().splitlines()
    assert "状态 status" in header and "考生 candidates" in header
    ids = received.ids
    assert [line.split()[0] for line in lines] == [ids["pending"], ids["group"], ids["valid"]]
    pending, group, valid = lines
    assert "pending" in pending and "no file yet" in pending
    assert " group " in group and " rejected " in group and "1 problem " in group
    for i, name in enumerate(["张三", "李四", "王五"]):
        assert f"{name} {mask(factory.candidate(i)[1])}" in group
    assert " individual " in valid and " accepted " in valid and "0 problems" in valid
    assert f"张三 {mask(factory.candidate(0)[1])}" in valid
    assert ids["huian"] not in out
    assert factory.no_full_id_number(out)
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", valid)


def test_list_can_be_narrowed_to_one_status(received, capsys):
    ids = received.ids
    for status, expected in [
        ("accepted", ids["valid"]),
        ("rejected", ids["group"]),
        ("pending", ids["pending"]),
    ]:
        code, out, _ = run_admin(
            capsys, "list", "--program", "wushen-2024", "--status", status, *received.options
        )
        assert code == 0
        assert [line.split()[0] for line in out.strip().splitlines()[1:]] == [expected]
    code, out, _ = run_admin(
        capsys, "list", "--program", "huian-2024", "--status", "rejected", *received.options
    )
    assert code == 0
    assert out.strip() == (
        "通知“huian-2024”还没有未通过的上传。 / No rejected uploads for program 'huian-2024' yet."
    )


def test_show_prints_what_was_announced_and_every_problem_in_both_languages_or_one(
    received, capsys, factory
):
    upload_id = received.ids["group"]
    code, out, err = run_admin(capsys, "show", upload_id, *received.options)
    assert code == 0, err
    assert upload_id in out and "wushen-2024" in out and "集体 group" in out
    assert "未通过 rejected" in out
    assert "missing-material" in out
    assert "zh: 考生文件夹“李四”：缺少“身份证”" in out
    assert "en: Candidate folder '李四': The ID card is missing" in out
    assert f"李四  {mask(factory.candidate(1)[1])}" in out
    code, out, _ = run_admin(capsys, "show", upload_id, "--lang", "en", *received.options)
    assert code == 0
    assert "The ID card is missing" in out and "缺少“身份证”" not in out
    # The announced file name is the candidate's own text: an ID number in it is masked here.
    code, out, _ = run_admin(capsys, "show", received.ids["valid"], *received.options)
    assert f"张三_{mask(factory.candidate(0)[1])}.zip" in out
    assert "通过 accepted" in out and "问题 problems (0)" in out
    assert factory.no_full_id_number(out)
    code, out, err = run_admin(
        capsys, "show", upload_id, "--program", "huian-2024", *received.options
    )
    assert code == 2 and out == ""
    assert "属于通知“wushen-2024”" in err and "belongs to program 'wushen-2024'" in err


def test_download_writes_the_bundle_byte_for_byte_under_its_id_and_never_overwrites(
    received, capsys, tmp_path
):
    out_dir = tmp_path / "received"
    upload_id = received.ids["group"]
    code, out, err = run_admin(
        capsys, "download", upload_id, "--out", str(out_dir), *received.options
    )
    assert code == 0, err
    target = out_dir / f"{upload_id}.zip"
    assert target.read_bytes() == received.blobs["group"]
    assert os.listdir(out_dir) == [target.name]
    target.write_bytes(b"staff notes")
    code, _, err = run_admin(
        capsys, "download", upload_id, "--out", str(out_dir), *received.options
    )
    assert code == 1
    assert "已存在，未覆盖" in err and "already exists and was not overwritten" in err
    assert target.read_bytes() == b"staff notes"
    assert os.listdir(out_dir) == [target.name]
    code, _, err = run_admin(
        capsys, "download", received.ids["pending"], "--out", str(out_dir), *received.options
    )
    assert code == 1 and "还没有收到文件" in err and "has no file yet" in err


def test_export_has_one_row_per_candidate_with_verdicts_problems_and_masked_id_numbers_only(
    received, capsys, tmp_path, factory
):
    from openpyxl import load_workbook

    path = tmp_path / "wushen.xlsx"
    code, out, err = run_admin(
        capsys, "export", "--program", "wushen-2024", "--out", str(path), *received.options
    )
    assert code == 0, err
    wb = load_workbook(path)
    people, uploads = wb.worksheets
    assert [c.value for c in people[1]][:3] == ["姓名", "身份证号（已遮盖）", "上传编号"]
    assert [c.value for c in people[2]][:3] == ["Name", "ID number (masked)", "Upload id"]
    assert people.freeze_panes == "A3" and people.auto_filter.ref.startswith("A2:")
    assert all(people.column_dimensions[col].width >= 10 for col in "ABCDEFG")
    rows = [r for r in people.iter_rows(min_row=3, values_only=True)]
    ids = received.ids
    by_name = {(r[0], r[2]): r for r in rows}
    assert len(rows) == 5  # three in the group, one individual, one announced but never sent
    for i, name in enumerate(["张三", "李四", "王五"]):
        row = by_name[(name, ids["group"])]
        assert row[1] == mask(factory.candidate(i)[1])
        assert row[4] == "集体 group" and row[5] == "未通过 rejected"
        assert row[3].year >= 2024
    assert "missing-material" in by_name[("李四", ids["group"])][6]
    assert "缺少“身份证”" in by_name[("李四", ids["group"])][6]
    assert by_name[("张三", ids["group"])][6] is None  # the problem is 李四's, not theirs
    assert by_name[("张三", ids["valid"])][5] == "通过 accepted"
    assert by_name[(None, ids["pending"])][5] == "待检查 pending"
    assert ids["huian"] not in {r[2] for r in rows}
    assert [r[0] for r in uploads.iter_rows(min_row=3, values_only=True)] == [
        ids["pending"],
        ids["group"],
        ids["valid"],
    ]
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert value is None or factory.no_full_id_number(str(value)), value


def test_a_program_with_nothing_received_says_so_in_both_languages(request, capsys, tmp_path):
    for name in ("local", "s3"):
        if name == "local":
            options = ["--storage", str(tmp_path)]
        else:
            options = ["--s3-endpoint", request.getfixturevalue("moto_endpoint")]
            options += ["--bucket", request.getfixturevalue("bucket")]
        code, out, _ = run_admin(capsys, "list", "--program", "huian-2024", *options)
        assert code == 0
        assert out == "通知“huian-2024”还没有上传。 / No uploads for program 'huian-2024' yet.\n"


def test_a_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    from openpyxl import load_workbook

    record = {
        "id": "a" * 40,
        "meta": {"program": "wushen-2024", "kind": "individual", "created": 1_700_000_000},
        "report": {
            "accepted": True,
            "candidates": [{"name": '=HYPERLINK("http://x","1")', "id_number_masked": "1506**"}],
            "problems": [],
        },
        "status": "accepted",
    }
    path = tmp_path / "x.xlsx"
    workbook("wushen-2024", [record]).save(path)
    cell = load_workbook(path).worksheets[0]["A3"]
    assert cell.value == '=HYPERLINK("http://x","1")' and cell.data_type == "s"


@pytest.mark.parametrize(
    "args,code,zh,en",
    [
        (
            ["list", "--program", "nope"],
            2,
            "没有编号为“nope”的通知",
            "no program has the id 'nope'",
        ),
        (["show", "not-an-id"], 2, "不是上传编号", "is not an upload id"),
        (["show", "0" * 40], 2, "找不到上传编号", "no upload has the id"),
        (
            ["export", "--program", "wushen-2024", "--out", "x.csv"],
            2,
            "须以 .xlsx 结尾",
            "must end in .xlsx",
        ),
        (
            ["list", "--program", "wushen-2024", "--status", "lost"],
            2,
            "命令用法不对",
            "wrong usage",
        ),
        (["list"], 2, "命令用法不对", "wrong usage"),
        (
            ["list", "--program", "wushen-2024", "--s3-endpoint", "http://127.0.0.1:9"],
            2,
            "命令用法不对",
            "--s3-endpoint needs --bucket",
        ),
    ],
)
def test_bad_input_ends_with_one_bilingual_line_and_a_usage_exit(
    args, code, zh, en, capsys, tmp_path
):
    argv = [*args, "--storage", str(tmp_path)] if "--s3-endpoint" not in args else args
    try:
        got = main(["admin", *argv])
    except SystemExit as exc:  # argparse's own usage errors
        got = exc.code
    err = capsys.readouterr().err
    message = err.splitlines()
    assert got == code
    assert len(message) == 1 and zh in message[0] and en in message[0], err


def test_a_missing_storage_folder_is_named(capsys, tmp_path):
    code, _, err = run_admin(
        capsys, "list", "--program", "wushen-2024", "--storage", str(tmp_path / "nowhere")
    )
    assert code == 2
    assert "存储文件夹" in err and "does not exist" in err and "nowhere" in err


def test_unreachable_storage_is_a_one_line_failure_not_a_traceback():
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x")
    out = subprocess.run(
        [sys.executable, "-m", "functions.upload", "admin", "list", "--program", "wushen-2024",
         "--s3-endpoint", f"http://127.0.0.1:{port}", "--bucket", "uploads"],
        cwd=REPO, capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "无法读取存储" in out.stderr and "cannot read the storage" in out.stderr


def test_listing_reads_every_upload_page_by_page_and_stops_at_its_bound(storage):
    names = [f"{i:040x}" for i in range(5)]
    for name in names:
        storage.put(f"uploads/{name}/upload.json", b"{}")
        storage.put(f"uploads/{name}/report.json", b"{}")
    pages, token = [], None
    while True:
        page, token = storage.list_folders("uploads/", token, limit=2)
        pages.append(page)
        if token is None:
            break
    assert pages == [names[0:2], names[2:4], names[4:5]]
    assert list(admin_records.upload_ids(storage, limit=3)) == [*names[:3], None]


def options_for(storage) -> list[str]:
    if isinstance(storage, LocalStorage):
        return ["--storage", str(storage.root)]
    return ["--s3-endpoint", storage.client.meta.endpoint_url, "--bucket", storage.bucket]


def test_a_damaged_record_is_named_and_the_others_still_listed(storage, capsys):
    damaged, fine = "d" * 40, "f" * 40
    meta = b'{"program": "wushen-2024", "kind": "individual", "created": 1700000000}'
    storage.put(f"uploads/{damaged}/upload.json", meta)
    storage.put(f"uploads/{damaged}/report.json", b'{"accepted": "maybe", "candidates": 3')
    storage.put(f"uploads/{fine}/upload.json", meta)
    code, out, err = run_admin(capsys, "list", "--program", "wushen-2024", *options_for(storage))
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[1:]] == [fine]
    assert err.count("\n") == 1 and damaged in err and "已损坏" in err and "damaged" in err
    code, out, err = run_admin(capsys, "show", damaged, *options_for(storage))
    assert code == 1 and out == "" and "已损坏" in err and "Traceback" not in err


def test_announcements_that_never_got_a_file_expire_and_cannot_hide_real_uploads(storage, capsys):
    old = b'{"program": "wushen-2024", "kind": "individual", "created": 1700000000, '
    for i in range(60):  # announced, form long expired, no file ever posted
        storage.put(f"uploads/{i:040x}/upload.json", old + b'"expires": 1700000900}')
    real, fresh = "e" * 40, "f" * 40
    storage.put(f"uploads/{real}/upload.json", old + b'"expires": 1700000900}')
    storage.put(f"uploads/{real}/bundle", b"PK\x05\x06" + b"\0" * 18)
    storage.put(
        f"uploads/{real}/report.json", b'{"accepted": true, "candidates": [], "problems": []}'
    )
    soon = int(time.time()) + 900  # announced a moment ago: its form is still open
    storage.put(
        f"uploads/{fresh}/upload.json",
        b'{"program": "wushen-2024", "kind": "individual", "created": %d, "expires": %d}'
        % (soon - 900, soon),
    )
    code, out, err = run_admin(capsys, "list", "--program", "wushen-2024", *options_for(storage))
    assert code == 0
    assert sorted(line.split()[0] for line in out.splitlines()[1:]) == [real, fresh]
    assert "另有 60 个登记" in err and "60 more announced uploads never received a file" in err


def test_download_of_a_bundle_replaced_after_its_check_says_so_instead_of_try_again(
    storage, capsys, tmp_path
):
    upload = "c" * 40
    storage.put(
        f"uploads/{upload}/upload.json",
        b'{"program": "wushen-2024", "kind": "individual", "created": 1700000000}',
    )
    storage.put(f"uploads/{upload}/bundle", b"the bundle posted again with the same form")
    storage.put(
        f"uploads/{upload}/report.json",
        b'{"accepted": true, "candidates": [], "problems": [], "sha256": "%s", '
        b'"object": {"etag": "the-judged-one", "version": null}}' % (b"0" * 64),
    )
    target = tmp_path / "downloads"
    target.mkdir()
    code, out, err = run_admin(
        capsys, "download", upload, "--out", str(target), *options_for(storage)
    )
    assert code == 1 and out == ""
    assert "被替换" in err and "replaced after its check" in err and "try again" not in err
    assert list(target.iterdir()) == []  # nothing half-written left


def test_a_line_break_in_a_name_cannot_forge_a_line_of_the_listing_or_of_show(storage, capsys):
    upload, forged = "a" * 40, "b" * 40
    storage.put(
        f"uploads/{upload}/upload.json",
        b'{"program": "wushen-2024", "kind": "individual", "created": 1700000000, '
        b'"filename": "x\\nzz.zip"}',
    )
    storage.put(f"uploads/{upload}/bundle", b"PK")
    name = f"张三\n{forged}  2024-01-01 00:00  individual  accepted\u2028李四\r"
    report = {"accepted": True, "problems": [], "candidates": [{"name": name}]}
    storage.put(f"uploads/{upload}/report.json", json.dumps(report).encode())
    code, out, _ = run_admin(capsys, "list", "--program", "wushen-2024", *options_for(storage))
    assert code == 0 and len(out.splitlines()) == 2  # the header and the one upload
    assert out.splitlines()[1].startswith(upload) and "张三\\n" + forged in out
    code, out, _ = run_admin(capsys, "show", upload, *options_for(storage))
    assert code == 0 and not any(line.startswith(forged) for line in out.splitlines())
    assert "x\\nzz.zip" in out


def test_the_reviewers_names_print_on_one_line_with_no_raw_control_or_bidi_character(
    tmp_path, capsys
):
    storage = LocalStorage(tmp_path)
    upload = "9" * 40
    filename = "名单\n伪造行\u202eexe.zip\u2028\u2029\x85\x7f\x9b\u200f\u061c"
    meta = {"program": "wushen-2024", "kind": "group", "created": 1_700_000_000}
    storage.put(
        f"uploads/{upload}/upload.json", json.dumps({**meta, "filename": filename}).encode()
    )
    storage.put(f"uploads/{upload}/bundle", b"PK")
    people = [{"name": "恶意\n0\u202eXX"}, {"name": "李四_110101\u00a019900307\u00a07777"}]
    report = {"accepted": True, "problems": [], "candidates": people}
    storage.put(f"uploads/{upload}/report.json", json.dumps(report).encode())
    raw = set("\n\r\u2028\u2029\x85\x7f\x9b\u200f\u061c\u202e")
    code, out, _ = run_admin(capsys, "list", "--program", "wushen-2024", *options_for(storage))
    assert code == 0 and len(out.splitlines()) == 2
    assert not raw & set(out.splitlines()[1]) and "恶意\\n0XX" in out
    code, out, _ = run_admin(capsys, "show", upload, *options_for(storage))
    assert code == 0 and "名单\\n伪造行exe.zip\\n\\n\\n" in out
    assert not any(raw - {"\n"} & set(line) for line in out.splitlines())
    assert "19900307" not in out and "1101**********7777" in out


def test_a_bad_id_with_a_line_break_is_echoed_escaped_on_one_line(tmp_path, capsys):
    (tmp_path / "uploads").mkdir()
    code, out, err = run_admin(
        capsys, "download", "abc\ndef", "--out", str(tmp_path), "--storage", str(tmp_path)
    )
    assert code != 0 and out == "" and err.count("\n") == 1 and "abc\\ndef" in err


def test_export_streams_its_rows_to_disk_in_bounded_memory(tmp_path):
    import tracemalloc

    from openpyxl import load_workbook

    def many(n):
        for i in range(n):
            yield {
                "id": f"{i:040x}",
                "meta": {"program": "wushen-2024", "kind": "group", "created": 1_700_000_000},
                "report": {
                    "accepted": False,
                    "size": 1000,
                    "sha256": "0" * 64,
                    "candidates": [
                        {"name": f"考生{i}-{j}", "id_number_masked": "1101**"} for j in range(3)
                    ],
                    "problems": [
                        {
                            "code": "missing-material",
                            "severity": "error",
                            "message": {"zh": "缺" * 200, "en": "x" * 200},
                        }
                    ],
                },
                "status": "rejected",
            }

    tracemalloc.start()
    try:
        wb = workbook("wushen-2024", many(800))
        wb.save(tmp_path / "x.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert wb.counts == (2400, 800)
    assert peak < 6 << 20, f"{peak / 2**20:.0f} MiB"  # held in full, 800 uploads took 17
    sheets = load_workbook(tmp_path / "x.xlsx", read_only=True).worksheets
    rows = [sum(1 for _ in sheet.iter_rows(values_only=True)) for sheet in sheets]
    assert rows == [2402, 802]
