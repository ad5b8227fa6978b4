"""The draft of each of the 8 notices with a hand-written program loads with only to-do
warnings, states nothing the hand-written file contradicts, and speaks English only in the
glossary's and the phrase table's words."""

from __future__ import annotations

import importlib.util
import random
from functools import cache
from pathlib import Path

import pytest

from generator.draft import DraftError, draft, draft_text, phrases
from generator.draft.emit import Todo, plain
from generator.draft.glossary import LEVEL_EN, terms
from generator.draft.program import build
from policy import validate, yamlpos
from tests.support.commands import REPO

NOTICES = [REPO / "data" / "wushen-2024.notice.txt", REPO / "data" / "huian-2024.notice.txt"]
NOTICES += sorted((REPO / "tests" / "programs").glob("*.notice.txt"))
IDS = [p.name.removesuffix(".notice.txt") for p in NOTICES]


@cache
def bench():
    spec = importlib.util.spec_from_file_location("bench_draft", REPO / "bench" / "draft.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def drafted(stem: str) -> tuple[str, dict, list]:
    notice = next(p for p in NOTICES if p.name.startswith(stem + "."))
    body = draft_text(notice.read_text("utf-8"), f"{stem}-draft", notice.name, "2026-12-01")
    loaded = yamlpos.load(body)
    return body, loaded.data, [path for path, _ in loaded.todos]


@pytest.mark.parametrize("stem", IDS)
def test_the_draft_of_each_notice_loads_with_only_todo_warnings(stem, tmp_path):
    notice = next(p for p in NOTICES if p.name.startswith(stem + "."))
    result = draft(notice, f"{stem}-draft", tmp_path, today="2026-12-01")
    assert {p.code for p in result["problems"]} == {"todo"}
    assert result["todos"] == len(result["problems"]) > 0


@pytest.mark.parametrize("stem", IDS)
def test_no_drafted_value_is_contradicted_by_the_hand_written_file(stem):
    _, data, todos = drafted(stem)
    gold = next(p for p in NOTICES if p.name.startswith(stem + ".")).with_name(f"{stem}.yaml")
    result = bench().compare(yamlpos.load(gold.read_text("utf-8")).data, data, todos)
    assert result["wrong"] == []


def test_the_drafts_together_state_most_of_the_hand_written_facts():
    gold = right = 0
    for stem in IDS:
        _, data, todos = drafted(stem)
        path = next(p for p in NOTICES if p.name.startswith(stem + ".")).with_name(f"{stem}.yaml")
        kinds = bench().compare(yamlpos.load(path.read_text("utf-8")).data, data, todos)["kinds"]
        gold += sum(c["gold"] for c in kinds.values())
        right += sum(c["right"] for c in kinds.values())
    assert right >= 0.7 * gold


def test_what_the_draft_is_unsure_of_is_marked_todo():
    _, data, todos = drafted("huian-2024")
    marked = {tuple(p) for p in todos}
    exam = next(i for i, t in enumerate(data["timeline"]) if t["id"] == "exam")
    assert ("timeline", exam, "start") in marked  # 8月中旬-9月份其中一周周日: a reading
    assert ("levels", 0, "level") in marked  # 可申报: no level named
    site = next(i for i, s in enumerate(data["verification_sites"]) if s.get("as_printed"))
    assert ("verification_sites", site, "url") in marked  # http//… repaired
    assert ("last_verified",) in marked and ("notice", "short_title") in marked
    condition = data["levels"][0]["conditions"][0]  # 高中或中专及以上学历毕业满五年
    assert ("levels", 0, "conditions", 0, "when") in marked and condition["clause"] == "三、1."


def test_each_drafted_value_has_the_notices_words_beside_it():
    body, _, _ = drafted("t-county-baoying-2023")
    assert "# 「近期二寸白底免冠电子照片，JPG格式，50KB以下，以“姓名_身份证号”命名；」" in body
    assert "# 「宝政务测〔2023〕1号」\n  document_number: 宝政务测〔2023〕1号" in body
    assert "standard wording «own-certificate-years»" in body


def english_values(data):
    if isinstance(data, Todo):
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "en" and not isinstance(value, Todo):
                yield value
            elif not key.startswith("#"):
                yield from english_values(value)
    elif isinstance(data, list):
        for value in data:
            yield from english_values(value)


@pytest.mark.parametrize("stem", IDS)
def test_english_comes_only_from_the_glossary_or_the_phrase_table(stem):
    notice = next(p for p in NOTICES if p.name.startswith(stem + "."))
    program = build(notice.read_text("utf-8"), "x", notice.name, "2026-12-01")
    allowed = set(terms().values()) | set(LEVEL_EN.values())
    standard = {
        phrases.match(c["text"]["zh"])["en"]
        for level in plain(program)["levels"]
        for c in level.get("conditions") or []
        if phrases.match(c["text"]["zh"])
    }
    for en in english_values(program):
        assert en in allowed or en in standard, en


def test_a_draft_never_overwrites_and_writes_the_notice_beside_it(tmp_path):
    result = draft(NOTICES[0], "wushen-copy", tmp_path, today="2026-12-01")
    written = [line for line in Path(result["text"]).read_text("utf-8").splitlines() if line]
    source = NOTICES[0].read_text("utf-8").splitlines()
    assert written == [line.rstrip() for line in source if line.strip()]
    again = tmp_path / "again"
    again.mkdir()
    (again / "wushen-copy.notice.txt").write_text("kept", "utf-8")
    with pytest.raises(DraftError):
        draft(NOTICES[0], "wushen-copy", again)
    assert (again / "wushen-copy.notice.txt").read_text("utf-8") == "kept"


def test_a_cut_shuffled_or_garbled_notice_still_drafts_into_a_file_that_loads(tmp_path):
    """Whatever the text, the draft loads: a value the parsers cannot place is a to-do."""
    rng = random.Random(11)
    texts = [p.read_text("utf-8").split("\n") for p in NOTICES]
    for k in range(24):
        lines = list(rng.choice(texts))
        if k % 4 == 0:
            lines = lines[: rng.randrange(1, len(lines))]
        elif k % 4 == 1:
            rng.shuffle(lines)
        elif k % 4 == 2:
            lines = [line[: rng.randrange(len(line) + 1)] for line in lines]
        else:
            lines = rng.sample(lines, len(lines) // 2) + list(rng.choice(texts))
        body = draft_text("\n".join(lines), "x", "n", "2026-12-01")
        (tmp_path / "x.notice.txt").write_text("\n".join(lines), "utf-8")
        (tmp_path / "x.yaml").write_text(body, "utf-8")
        problems = validate.check(yamlpos.load(body), tmp_path / "x.yaml", "x.yaml")
        assert [p for p in problems if p.severity == "error"] == [], (k, lines[:3])
