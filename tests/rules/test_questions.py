"""The self-check's questions can settle every field the policy data tests."""

from generator.questions import questions, strings
from policy.profile import fields as profile_fields

from .test_condition_fields import _used_paths


def test_every_field_the_data_tests_has_a_question_so_the_open_world_can_settle_it():
    asked = {q["field"] for q in questions()["questions"].values()}
    assert _used_paths() - asked == set()


def test_every_question_fills_a_contract_field_with_values_the_contract_allows():
    contract = profile_fields()
    for qid, q in questions()["questions"].items():
        spec = contract[q["field"]]
        assert q["kind"] in ("number", "boolean", "choice", "region", "month", "occupation"), qid
        if q["kind"] in ("region", "month"):  # a division code; a YYYY-MM month
            assert spec["format"] == {"region": "division", "month": "month"}[q["kind"]], qid
        if q["kind"] == "region":
            assert set(q["labels"]) == {"province", "city", "county"}, qid
        if q["kind"] == "occupation":  # its choices are the notice's own occupation codes
            assert spec["type"] == "string" and not spec["enum"], qid
        if q["kind"] == "choice":
            values = [o["value"] for o in q["options"] if not o.get("none")]
            assert set(values) <= set(spec["enum"]), qid
            assert len({o["key"] for o in q["options"]}) == len(q["options"]), qid
        if q["kind"] == "boolean":
            assert spec["type"] == "boolean", qid
        if q["kind"] == "number":
            assert spec["type"] in ("number", "integer"), qid
            assert q.get("integer", False) == (spec["type"] == "integer"), qid


def test_every_question_and_every_self_check_word_exists_in_both_languages():
    for qid, q in questions()["questions"].items():
        assert q["text"]["zh"] and q["text"]["en"], qid
        if "hint" in q:
            assert q["hint"]["zh"] and q["hint"]["en"], qid
        for words in [o["label"] for o in q.get("options", []) if "label" in o] + list(
            q.get("labels", {}).values()
        ):
            assert words["zh"] and words["en"], qid
    words = strings()
    assert set(words["zh"]) == set(words["en"])
    assert all(str(v).strip() for v in words["en"].values())
