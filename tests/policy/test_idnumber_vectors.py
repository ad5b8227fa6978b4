"""One rule, two runtimes: the shared ID-number vectors give the same verdict in Python
(policy/idnumber.py, on python-stdnum) and in the browser (idnumber.js in headless Chromium)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from policy import idnumber

ROOT = Path(__file__).resolve().parents[2]
VECTORS = yaml.safe_load((ROOT / "tests/vectors/idnumbers/gb11643.yaml").read_text("utf-8"))
TODAY = dt.date.fromisoformat(str(VECTORS["today"]))
CASES = VECTORS["cases"]
IDNUMBER_JS = ROOT / "generator" / "assets" / "js" / "idnumber.js"


@pytest.fixture(scope="module")
def js_reasons(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>id numbers</title>")
    page.add_script_tag(path=str(IDNUMBER_JS))
    reasons = page.evaluate(
        """([numbers, today]) => numbers.map(n => {
             const p = IdNumber.problem(n, new Date(today + "T12:00:00"));
             return p === null ? null : p.code;
           })""",
        [[c["number"] for c in CASES], TODAY.isoformat()],
    )
    page.close()
    return dict(zip([c["name"] for c in CASES], reasons, strict=True))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_python_gives_the_reason_the_vector_expects(case):
    assert idnumber.problem_with(case["number"], TODAY) == case["reason"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_browser_gives_the_same_reason_as_python(case, js_reasons):
    assert js_reasons[case["name"]] == case["reason"]
