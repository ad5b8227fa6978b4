"""The compiled happy-path schema check must never pass a program the full check rejects.

generator/fastcheck.py answers only "valid or not" and lets jsonschema list the problems when
it says no, so a wrong "yes" would let a broken file through unreported. Programs are damaged
as data here (a key dropped or added, a value swapped for another type, text emptied) and both
checks are run on each.
"""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from policy.fastcheck import compiled
from policy.programs import DATA_DIR
from policy.validate import program_schema
from policy.yamlpos import load

PROGRAMS = {p.stem: load(p.read_text("utf-8")).data for p in sorted(DATA_DIR.glob("*.yaml"))}
FULL = Draft202012Validator(program_schema())
FAST = compiled(program_schema(), "program-test")
REPLACEMENTS = [None, "", "x", 0, -1, 1.5, True, [], {}, ["x"], {"zh": "", "en": "x"}, "2024-13-01"]

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def paths(node, prefix=()):
    """Every place in the program: (path, value), the root included."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


@st.composite
def damaged(draw) -> dict:
    program = copy.deepcopy(PROGRAMS[draw(st.sampled_from(sorted(PROGRAMS)))])
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p, _ in paths(program) if p]
        path = draw(st.sampled_from(places))
        parent = program
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["drop", "replace", "extra"]))
        if how == "drop":
            del parent[path[-1]]
        elif how == "replace":
            parent[path[-1]] = draw(st.sampled_from(REPLACEMENTS))
        elif isinstance(parent, dict):
            parent["unexpected_key"] = "x"
        else:
            parent.append(draw(st.sampled_from(REPLACEMENTS)))
    return program


@SETTINGS
@given(program=damaged())
def test_the_fast_check_says_no_whenever_the_full_check_finds_a_problem(program):
    full_ok = next(FULL.iter_errors(program), None) is None
    assert FAST(program) == full_ok


def test_the_real_programs_pass_both_checks():
    for program in PROGRAMS.values():
        assert FAST(program)
        assert next(FULL.iter_errors(program), None) is None
