"""The data behind the new questions: every fact a notice's audience tests can be asked, the
workplace comes first, and the region table is what the rules need (no browser needed)."""

from generator.questions import engine_script, named_regions, questions
from policy.profile import fields as profile_fields
from policy.regions import for_picker
from tests.rules.vectors import real_programs
from tests.support.conditions import atoms as _atoms

from . import synthetic


def _asked() -> set[str]:
    return {q["field"] for q in questions()["questions"].values()}


def test_every_fact_an_audience_tests_can_be_asked_or_is_made_of_facts_that_can():
    contract = profile_fields()
    programs = list(real_programs().values()) + list(synthetic.programs().values())
    for program in programs:
        when = (program.get("audience") or {}).get("when")
        for atom in _atoms(when) if when else ():
            needs = contract[atom["field"]]["derived_from"] or [atom["field"]]
            assert set(needs) <= _asked(), (program["id"], atom["field"])


def test_every_new_profile_field_has_a_question():
    new = {
        "workplace_region",
        "years_worked",
        "apprenticeship_completed",
        "intends_to_work_in_occupation",
        "probation_completed",
        "birth_month",
        "retirement_category",
        "occupation_code",
    }
    assert new <= _asked()


def test_the_workplace_is_asked_first_and_the_occupation_next():
    order = questions()["order"]
    kinds = [questions()["questions"][qid]["kind"] for qid in order]
    assert kinds[:2] == ["region", "occupation"]


def test_the_region_table_is_every_province_and_what_the_named_places_need():
    script = engine_script(list(real_programs().values()))
    assert '"_regions":' in script
    named = named_regions(
        [{"audience": {"when": p["audience"]["when"]}} for p in real_programs().values()]
    )
    assert named == {"350521", "150626"}
    table = for_picker(named)
    assert "350502" in table and "150627" in table  # counties beside the named ones
    assert "350102" not in table  # a county of a city no rule names
