"""Every profile path the policy data tests exists in the profile contract and has words.

The loader rejects unknown paths too; this proves the engine can resolve and explain every
one of them (type for the closed-world default, label for "what is missing").
"""

from pathlib import Path

from policy.profile import fields as profile_fields
from policy.rules import field_catalogue, resolve
from tests.support.conditions import atoms as _atoms

from .vectors import real_programs


def _used_paths():
    used = set()
    for program in real_programs().values():
        exprs = [c["when"] for lv in program["levels"] for c in lv.get("conditions") or []]
        exprs += [m["required_when"] for m in program.get("materials", []) if "required_when" in m]
        exprs += [
            r["when"] for s in program.get("subsidies", []) for r in s.get("requirements", [])
        ]
        for expr in exprs:
            used |= {a["field"] for a in _atoms(expr)}
    return used


def test_every_path_used_in_the_data_is_a_field_of_the_profile_contract():
    used = _used_paths()
    assert used, "the data should test some profile fields"
    assert used - set(profile_fields()) == set()


def test_every_path_used_in_the_data_has_a_zh_and_en_label():
    catalogue = field_catalogue()["fields"]
    for path in _used_paths():
        assert catalogue[path]["label"]["zh"] and catalogue[path]["label"]["en"], path


def test_fields_yaml_names_only_fields_of_the_profile_contract():
    import yaml

    own = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "policy" / "fields.yaml").read_text()
    )
    assert set(own["fields"]) - set(profile_fields()) == set()


def test_every_used_path_resolves_to_its_contract_default_when_left_out():
    catalogue = field_catalogue()
    kinds = {"boolean": False, "number": 0, "integer": 0, "string": None}
    for path in _used_paths():
        value = resolve({}, path, "closed", catalogue)
        if "." in path:
            assert value is None, path  # a sub-field of an object left out
        else:
            assert value == kinds[catalogue["fields"][path]["type"]], path
