"""Problem codes: every contract code exists, every message is bilingual, every code is documented."""

from __future__ import annotations

import pathlib
import re

import pytest

from functions.upload.problems import MESSAGES, error_body, problem

REPO = pathlib.Path(__file__).resolve().parents[2]

CONTRACT_CODES = [
    "not-an-archive",
    "unsupported-archive",
    "encrypted",
    "unsafe-path",
    "archive-too-large",
    "corrupt-entry",
    "missing-material",
    "photo-not-jpeg",
    "photo-too-large",
    "photo-name",
    "id-number-invalid",
    "not-pdf",
    "group-mismatch",
]


def test_every_code_the_contract_names_exists():
    assert set(CONTRACT_CODES) <= set(MESSAGES)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_has_chinese_and_english_and_says_how_to_fix(code):
    severity, zh, en = MESSAGES[code]
    assert severity in ("error", "warning")
    assert re.search(r"[\u4e00-\u9fff]", zh)
    assert en.isascii() or "×" in en or "’" in en
    built = problem(code, path="a/b.pdf")
    assert built["message"]["zh"] and built["message"]["en"]


def test_a_message_with_a_missing_placeholder_still_renders():
    assert "{reason_en}" in error_body("bad-request")["error"]["message"]["en"]


def test_every_code_is_listed_in_the_functions_readme():
    text = (REPO / "functions" / "README.md").read_text("utf-8")
    missing = [code for code in MESSAGES if f"`{code}`" not in text]
    assert missing == []
