"""The browser engine (rules.js in headless Chromium) gives exactly the Python engine's result.

The whole result object is compared, not only the contract's keys: the self-check page shows
the why (gaps, unknowns, failed requirements) from the JS result, so it must match too.
"""

from pathlib import Path

import pytest

from policy.rules import evaluate, field_catalogue

from .vectors import load_cases, mismatches

RULES_JS = Path(__file__).resolve().parents[2] / "generator" / "assets" / "js" / "rules.js"
CASES = load_cases()


@pytest.fixture(scope="module")
def js_results(browser):
    jobs = [{"program": c["program"], "profile": c["profile"], "mode": c["mode"]} for c in CASES]
    page = browser.new_page()
    page.set_content("<!doctype html><title>rules parity</title>")
    page.add_script_tag(path=str(RULES_JS))
    results = page.evaluate(
        """([jobs, catalogue]) => jobs.map(j =>
             SelfCheckRules.evaluate(j.program, j.profile, j.mode, catalogue))""",
        [jobs, field_catalogue()],
    )
    page.close()
    return dict(zip([c["id"] for c in CASES], results, strict=True))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rules_js_in_chromium_gives_the_same_result_as_python(case, js_results):
    python = evaluate(case["program"], case["profile"], case["mode"])
    js = js_results[case["id"]]
    assert js == python
    assert mismatches(js, case["expect"]) == []


def test_a_difference_between_the_engines_would_be_caught(js_results):
    case = next(c for c in CASES if c["expect"].get("eligible_levels"))
    tampered = dict(js_results[case["id"]], eligible_levels=[])
    assert tampered != evaluate(case["program"], case["profile"], case["mode"])
