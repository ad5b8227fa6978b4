"""The compiled schema check is cached on disk; a missing, broken or unwritable cache must
never change an answer, only its speed."""

from __future__ import annotations

from policy import fastcheck
from policy.validate import program_schema

GOOD = {"id": "x"}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["id"],
    "properties": {"id": {"$ref": "#/$defs/id", "description": "kept beside the $ref"}},
    "$defs": {"id": {"type": "string", "pattern": "^[a-z]+$"}},
}


def answers(check) -> list[bool]:
    return [check(GOOD), check({"id": "X"}), check({"id": "x", "more": 1}), check({})]


def test_the_check_is_written_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr(fastcheck, "CACHE_DIR", tmp_path)
    first = answers(fastcheck.compiled(SCHEMA, "t"))
    cached = list(tmp_path.iterdir())
    assert first == [True, False, False, False]
    assert len(cached) == 1 and cached[0].stat().st_size > 0
    assert answers(fastcheck.compiled(SCHEMA, "t")) == first
    assert list(tmp_path.iterdir()) == cached


def test_a_damaged_cache_file_is_replaced_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setattr(fastcheck, "CACHE_DIR", tmp_path)
    fastcheck.compiled(SCHEMA, "t")
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(b"\x00not bytecode")
    assert answers(fastcheck.compiled(SCHEMA, "t")) == [True, False, False, False]
    assert cached.read_bytes() != b"\x00not bytecode"


def test_an_unwritable_cache_still_gives_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"  # a file where the folder should be: writing fails
    blocker.write_text("not a folder")
    monkeypatch.setattr(fastcheck, "CACHE_DIR", blocker)
    assert answers(fastcheck.compiled(SCHEMA, "t")) == [True, False, False, False]


def test_another_schema_gets_its_own_cache_entry(tmp_path, monkeypatch):
    monkeypatch.setattr(fastcheck, "CACHE_DIR", tmp_path)
    fastcheck.compiled(SCHEMA, "t")
    fastcheck.compiled(program_schema(), "t")
    assert len(list(tmp_path.iterdir())) == 2
