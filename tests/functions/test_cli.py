"""`python -m functions.upload check` (contract §2): JSON report on stdout, exit 0 / 1 / 2."""

from __future__ import annotations

import json

import jsonschema

from tests.support.commands import run as run_command


def run(*args):
    return run_command("functions.upload", *args, timeout=120)


def test_an_accepted_bundle_prints_its_report_and_exits_0(
    tmp_path, factory, programs, report_schema
):
    path = factory.write(
        tmp_path / "a.zip", factory.zip_bytes(factory.individual_files(programs["wushen-2024"]))
    )
    out = run("check", "--program", "wushen-2024", path)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    jsonschema.validate(report, report_schema)
    assert report["accepted"] is True and report["program"] == "wushen-2024"


def test_a_rejected_bundle_exits_1_with_the_problems_in_the_report(tmp_path, factory, programs):
    path = factory.write(tmp_path / "a.zip", factory.pdf())
    out = run("check", "--program", "huian-2024", "--kind", "individual", path)
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert [p["code"] for p in report["problems"]] == ["not-an-archive"]
    assert report["kind"] == "individual"


def test_the_kind_can_be_forced_to_group(tmp_path, factory, programs):
    path = factory.write(
        tmp_path / "g.zip", factory.zip_bytes(factory.group_files(programs["huian-2024"], 1))
    )
    out = run("check", "--program", "huian-2024", "--kind", "group", path)
    assert out.returncode == 0, out.stdout
    assert json.loads(out.stdout)["kind"] == "group"


def test_an_unknown_program_exits_2_with_one_line(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(b"PK")
    out = run("check", "--program", "nowhere", str(path))
    assert out.returncode == 2 and out.stdout == ""
    assert "unknown program 'nowhere'" in out.stderr and out.stderr.count("\n") == 1


def test_an_unreadable_file_exits_2(tmp_path):
    out = run("check", "--program", "huian-2024", str(tmp_path / "missing.zip"))
    assert out.returncode == 2 and "cannot read file" in out.stderr


def test_a_usage_error_exits_2():
    assert run("check", "--kind", "both", "x.zip").returncode == 2
    assert run().returncode == 2


def test_serve_refuses_an_endpoint_without_a_bucket():
    out = run("serve", "--port", "0", "--s3-endpoint", "http://127.0.0.1:9")
    assert out.returncode == 2 and "--bucket" in out.stderr
