"""Test vectors (tests/vectors/*.yaml) as plain data, and the comparison of a result with them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml

VECTORS_DIR = Path(__file__).resolve().parent.parent / "vectors"
TEST_PROGRAMS_DIR = Path(__file__).resolve().parent.parent / "programs"


@cache
def real_programs() -> dict:
    from policy.programs import load_programs

    # Through JSON so both engines see exactly the same plain data.
    return json.loads(json.dumps(load_programs(), default=str))


@cache
def unpublished_programs() -> dict:
    """The unpublished programs of tests/programs/, as real_programs()."""
    from policy.programs import load_programs

    return json.loads(json.dumps(load_programs(TEST_PROGRAMS_DIR), default=str))


def load_cases() -> list[dict]:
    """Every case with its program dict resolved; ids are file:name."""
    cases = []
    for file in sorted(VECTORS_DIR.glob("*.yaml")):
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
        own = doc.get("programs", {})
        for case in doc["cases"]:
            pid = case["program"]
            program = own.get(pid) or real_programs().get(pid) or unpublished_programs()[pid]
            cases.append(
                {
                    "id": f"{file.stem}: {case['name']}",
                    "program": json.loads(json.dumps(program, default=str)),
                    "profile": case["profile"],
                    "mode": case.get("mode", "closed"),
                    "expect": case["expect"],
                }
            )
    return cases


def _by_level(result: dict) -> dict:
    return {lv["level"]: lv for lv in result["levels"]}


def _explained(result: dict) -> dict:
    """Condition and requirement id -> entry with its missing atoms."""
    out = {}
    for lv in result["levels"]:
        for c in lv.get("conditions") or []:
            out[c["id"]] = c
    for s in result["subsidy_details"]:
        for f in s["failed"]:
            out[f["id"]] = f
    return out


def mismatches(result: dict, expect: dict) -> list[str]:
    """What differs between a result and a case's expectations (empty when it holds)."""
    bad = []

    def check(what, got, want):
        if got != want:
            bad.append(f"{what}: got {got!r}, expected {want!r}")

    for key in ("eligible_levels", "materials", "materials_maybe", "unknown"):
        if key in expect:
            check(key, result[key], expect[key])
    if "subsidies" in expect:
        want = expect["subsidies"]
        if all(isinstance(w, str) for w in want):
            check("subsidies", [s["id"] for s in result["subsidies"]], want)
        else:
            got = [{"id": s["id"], "amount_cny": s["amount_cny"]} for s in result["subsidies"]]
            check("subsidies", got, want)
    if "audience" in expect:
        check("audience", (result.get("audience") or {}).get("status"), expect["audience"])
    if "occupations" in expect:
        check(
            "occupations",
            sorted({lv.get("occupation") for lv in result["levels"]}),
            expect["occupations"],
        )
    levels = _by_level(result)
    for level, ids in expect.get("met", {}).items():
        check(f"met[{level}]", levels[int(level)]["met"], ids)
    for level, status in expect.get("status", {}).items():
        check(f"status[{level}]", levels[int(level)]["status"], status)
    explained = _explained(result)
    for cid, gaps in expect.get("gaps", {}).items():
        got = {m["field"]: m.get("gap") for m in explained.get(cid, {}).get("missing", [])}
        for field, gap in gaps.items():
            check(f"gap[{cid}][{field}]", got.get(field), gap)
    details = {s["id"]: s for s in result["subsidy_details"]}
    for sid, failed in expect.get("not_claimable", {}).items():
        got = [f["id"] for f in details[sid]["failed"] if f["status"] == "not-met"]
        check(f"not_claimable[{sid}]", got, failed)
        if sid in [s["id"] for s in result["subsidies"]]:
            bad.append(f"{sid} is listed although it should not be claimable")
    return bad
