"""Contract §1: `python -m generator check` as outside tools call it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.support.commands import run

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "generator" / "contracts"
SHARED = ROOT.parent / "shared"


def check(program: str, profile) -> subprocess.CompletedProcess:
    text = profile if isinstance(profile, str) else json.dumps(profile)
    return run("generator", "check", "--program", program, "--profile", "-", input=text, timeout=60)


def test_our_contract_copies_match_the_shared_contracts():
    if not (SHARED / "contracts").is_dir():
        pytest.fail("../shared/contracts is missing beside the checkout")
    for name in (
        "profile.schema.json",
        "eligibility-result.schema.json",
        "bundle-report.schema.json",
    ):
        ours = json.loads((CONTRACTS / name).read_text("utf-8"))
        theirs = json.loads((SHARED / "contracts" / name).read_text("utf-8"))
        assert ours == theirs, name


def test_a_result_follows_the_eligibility_result_schema():
    r = check("wushen-2024", {"age": 30, "works_in_occupation": True, "years_in_occupation": 6})
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    schema = json.loads((CONTRACTS / "eligibility-result.schema.json").read_text("utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(result)) == []
    assert result["eligible_levels"] == [5, 4]


def test_the_profile_can_be_read_from_a_file(tmp_path):
    f = tmp_path / "p.json"
    f.write_text(json.dumps({"age": 15, "works_in_occupation": True}), "utf-8")
    r = run("generator", "check", "--program", "wushen-2024", "--profile", f, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["eligible_levels"] == []


@pytest.mark.parametrize(
    ("program", "profile", "names"),
    [
        ("nowhere-2024", {}, ["nowhere-2024", "wushen-2024"]),
        ("wushen-2024", {"agee": 30}, ["agee"]),
        ("wushen-2024", {"age": "thirty"}, ["age"]),
        ("wushen-2024", {"education": {"level": "phd"}}, ["education.level"]),
        ("wushen-2024", "{not json", ["JSON"]),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(program, profile, names):
    r = check(program, profile)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    for name in names:
        assert name in lines[0]


def shared_examples():
    f = SHARED / "examples" / "eligibility.json"
    return json.loads(f.read_text("utf-8")) if f.is_file() else []


@pytest.mark.parametrize("example", shared_examples(), ids=lambda e: e["name"])
def test_the_shared_worked_examples_agree(example):
    r = check(example["program"], example["profile"])
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    for key, want in example["expect"].items():
        have = got[key]
        if key == "subsidies":
            have, want = sorted(s["id"] for s in have), sorted(want)
        elif key == "materials":
            have, want = sorted(have), sorted(want)
        assert have == want, key
