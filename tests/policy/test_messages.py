"""Every data problem has one code and its words in both languages, in one table."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from policy.messages import MESSAGES, text

POLICY = Path(__file__).resolve().parents[2] / "policy"


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def codes_used_in_the_code() -> set[str]:
    used = set()
    for path in POLICY.glob("*.py"):
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                used.add(node.value)
    return used & set(MESSAGES)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_each_message_reads_in_chinese_and_english_with_the_same_facts(code):
    zh, en = MESSAGES[code]
    base = lambda names: {re.sub(r"_(zh|en)$", "", n) for n in names}  # noqa: E731
    assert base(placeholders(zh)) == base(placeholders(en))
    filled = text(code, **{n: "X" for n in placeholders(zh) | placeholders(en)})
    assert re.search(r"[\u4e00-\u9fff]", filled[0]) and re.search(r"[A-Za-z]{3}", filled[1])
    names = placeholders(zh) | placeholders(en)
    assert not any("{" + n + "}" in t for t in filled for n in names)


def test_every_code_in_the_table_is_raised_somewhere_in_policy():
    assert set(MESSAGES) - codes_used_in_the_code() == set()
