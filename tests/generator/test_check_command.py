"""Contract §1: `python -m generator check` as outside tools call it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.support.commands import run

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "policy" / "contracts"
SHARED = ROOT.parent / "shared"


def check(program: str, profile) -> subprocess.CompletedProcess:
    text = profile if isinstance(profile, str) else json.dumps(profile)
    return run("generator", "check", "--program", program, "--profile", "-", input=text, timeout=60)


def lost(shared, ours, where: str = "") -> list[str]:
    """What of the shared contract our copy does not keep: every key, every listed value (required,
    enum) and every scalar the shared one has. Our copy may add; it may not rename or drop."""
    if isinstance(shared, dict):
        if not isinstance(ours, dict):
            return [where or "/"]
        return [
            miss
            for key, value in shared.items()
            for miss in (
                [f"{where}/{key}"] if key not in ours else lost(value, ours[key], f"{where}/{key}")
            )
        ]
    if isinstance(shared, list):
        if not isinstance(ours, list):
            return [where]
        return [f"{where}: {item!r}" for item in shared if item not in ours]
    return [] if shared == ours else [f"{where}: {shared!r} became {ours!r}"]


@pytest.mark.parametrize(
    "name", ["profile.schema.json", "eligibility-result.schema.json", "bundle-report.schema.json"]
)
def test_our_contract_copies_keep_every_property_of_the_shared_contracts(name):
    if not (SHARED / "contracts").is_dir():
        pytest.fail("../shared/contracts is missing beside the checkout")
    ours = json.loads((CONTRACTS / name).read_text("utf-8"))
    theirs = json.loads((SHARED / "contracts" / name).read_text("utf-8"))
    assert lost(theirs, ours) == []


def test_the_contract_comparison_sees_a_dropped_property_a_dropped_value_and_a_changed_one():
    shared = {"properties": {"a": {"type": "string"}, "b": {"enum": [1, 2]}}, "required": ["a"]}
    assert lost(shared, {**shared, "properties": {**shared["properties"], "c": {}}}) == []
    assert lost(shared, {**shared, "properties": {"b": {"enum": [1, 2]}}}) == ["/properties/a"]
    assert lost(shared, {**shared, "required": []}) == ["/required: 'a'"]
    changed = {**shared, "properties": {"a": {"type": "integer"}, "b": {"enum": [1, 2]}}}
    assert lost(shared, changed) == ["/properties/a/type: 'string' became 'integer'"]


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
