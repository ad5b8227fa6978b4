"""Program YAML damaged the ways staff damage it: every problem comes back with a line, never an
exception. Mutations: a line deleted, duplicated, re-indented or cut, characters inserted (control
characters, tabs, quotes, colons, anchors), a value replaced.
"""

from __future__ import annotations

import pathlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy import messages, yamlpos
from policy.programs import check_file

DATA = pathlib.Path(__file__).resolve().parents[2] / "data"
TEXTS = {p.name: p.read_text("utf-8") for p in sorted(DATA.glob("*.yaml"))}
PIECES = [
    "\t",
    "\x00",
    "\x07",
    '"',
    "'",
    ": ",
    "- ",
    "&a ",
    "*a",
    "[",
    "{",
    "}",
    "#",
    "\n",
    "  ",
    "？",
]
VALUES = ["", "~", "[]", "{}", "-1", "1e999", "2024-02-30", "yes", "'", "!!binary x", "*nowhere"]

FAST = settings(
    max_examples=50,
    deadline=None,  # each example runs the full schema and meaning checks; bounded by count
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def mutated(draw) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[name].split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["delete", "duplicate", "indent", "cut", "insert", "value"]))
        line = lines[i]
        if how == "delete":
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, line)
        elif how == "indent":
            lines[i] = " " * draw(st.integers(0, 9)) + line.lstrip()
        elif how == "cut":
            lines[i] = line[: draw(st.integers(0, len(line)))]
        elif how == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(PIECES)) + line[at:]
        elif ":" in line:
            lines[i] = line.split(":", 1)[0] + ": " + draw(st.sampled_from(VALUES))
        if not lines:
            lines = [""]
    return name, "\n".join(lines)


@FAST
@given(case=mutated())
def test_damaged_program_text_gives_problems_with_line_numbers_never_an_exception(case, tmp_path):
    name, text = case
    path = tmp_path / name
    path.write_text(text, "utf-8")
    program, problems = check_file(path)
    line_count = text.count("\n") + 1
    for p in problems:
        assert 1 <= p.line <= line_count + 1 and p.column >= 1, p
        assert p.code and p.zh.strip() and p.en.strip()
    assert program is not None or problems  # refused only with a reason


@FAST
@given(text=st.text(max_size=300))
def test_any_text_loads_or_gives_a_yaml_problem_with_a_line(text):
    loaded = yamlpos.load(text)
    for code, mark, _path, params in loaded.issues:
        zh, en = messages.text(code, **params)
        assert code and zh and en
        assert 1 <= mark.line <= text.count("\n") + 2 and mark.column >= 1
