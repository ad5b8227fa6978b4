"""window.selfCheck.evaluate(programId, profile) on every self-check page equals the Python check."""

import pytest

from policy.rules import evaluate
from tests.rules.vectors import load_cases, real_programs

from .candidate import URLS

CASES = [c for c in load_cases() if c["program"]["id"] in ("wushen-2024", "huian-2024")]
CLOSED = [c for c in CASES if c["mode"] == "closed"]


@pytest.mark.parametrize("where", sorted(URLS), ids=[f"{p}-{lang}" for p, lang in sorted(URLS)])
def test_every_self_check_page_answers_for_every_program_like_python(page, where):
    page.goto(page.base + URLS[where])
    jobs = [{"program": c["program"]["id"], "profile": c["profile"]} for c in CLOSED]
    got = page.evaluate(
        "jobs => jobs.map(j => window.selfCheck.evaluate(j.program, j.profile))", jobs
    )
    programs = real_programs()
    for case, js in zip(CLOSED, got, strict=True):
        assert js == evaluate(programs[case["program"]["id"]], case["profile"]), case["id"]


def test_an_unknown_program_id_is_refused_by_name(page):
    page.goto(page.base + URLS[("all", "en")])
    message = page.evaluate(
        "() => { try { window.selfCheck.evaluate('nowhere-2099', {}); return ''; }"
        " catch (e) { return e.message; } }"
    )
    assert message == "unknown program: nowhere-2099"
