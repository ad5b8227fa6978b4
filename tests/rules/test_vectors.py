"""Every vector holds in the Python engine, and its result keeps the result contract."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from policy.rules import evaluate

from .vectors import load_cases, mismatches

CASES = load_cases()
RESULT_SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "policy"
        / "contracts"
        / "eligibility-result.schema.json"
    ).read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_python_engine_gives_what_the_vector_expects(case):
    result = evaluate(case["program"], case["profile"], case["mode"])
    assert mismatches(result, case["expect"]) == []
    Draft202012Validator(RESULT_SCHEMA).validate(result)


def test_the_vectors_cover_both_notices_and_both_modes():
    programs = {c["program"]["id"] for c in CASES}
    modes = {c["mode"] for c in CASES}
    assert {"wushen-2024", "huian-2024"} <= programs
    assert modes == {"closed", "open"}


def test_the_shared_worked_examples_are_all_among_the_vectors():
    shared = Path(__file__).resolve().parents[3] / "shared" / "examples" / "eligibility.json"
    examples = json.loads(shared.read_text(encoding="utf-8"))
    ours = {c["id"].split(": ", 1)[1]: c for c in CASES if c["id"].startswith("examples: ")}
    for example in examples:
        case = ours[example["name"]]
        assert case["profile"] == example["profile"]
        assert case["expect"] == example["expect"]


def test_every_condition_and_requirement_of_both_notices_is_met_by_some_vector():
    met, needed = set(), set()
    for case in CASES:
        if case["program"]["id"] not in ("wushen-2024", "huian-2024"):
            continue
        for level in case["program"]["levels"]:
            needed |= {(case["program"]["id"], c["id"]) for c in level.get("conditions") or []}
        for s in case["program"].get("subsidies", []):
            needed |= {(case["program"]["id"], r["id"]) for r in s.get("requirements", [])}
        result = evaluate(case["program"], case["profile"], case["mode"])
        for level in result["levels"]:
            met |= {(result["program"], cid) for cid in level["met"]}
        for s in result["subsidy_details"]:
            failed = {f["id"] for f in s["failed"]}
            sub = next(x for x in case["program"]["subsidies"] if x["id"] == s["id"])
            if s["reason"] != "no-eligible-level":
                met |= {
                    (result["program"], r["id"])
                    for r in sub["requirements"]
                    if r["id"] not in failed
                }
    assert needed - met == set()


def test_every_requirement_of_both_notices_fails_in_some_vector():
    failed, needed = set(), set()
    for case in CASES:
        program = case["program"]
        if program["id"] not in ("wushen-2024", "huian-2024"):
            continue
        for s in program.get("subsidies", []):
            needed |= {r["id"] for r in s.get("requirements", [])}
        result = evaluate(program, case["profile"], case["mode"])
        for s in result["subsidy_details"]:
            failed |= {f["id"] for f in s["failed"] if f["status"] == "not-met"}
    assert needed - failed == set()
