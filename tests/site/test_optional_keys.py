"""Whatever validate accepts, the site renders: a notice may leave out anything the schema
calls optional, and every page then still reads as a page, never a traceback or a stray "None".

The sweep takes every optional key (not in its object's ``required``) that each real program of
data/ carries, at every depth, list items included, and leaves out that one key; a random mix
leaves out many at once and shortens lists; and one full build (MkDocs included) shows a program
stripped of every optional key at once. Where a page would have shown the value, it says, in both
languages, that the notice does not say; a section whose whole subject is absent is left out.
"""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.site import history
from generator.site.render import render_site
from generator.site.text import LANGS, strings
from policy import validate
from policy.programs import DATA_DIR, check_dir, in_force, load_programs

from .pages import normalise, read_page

AS_OF = "2024-07-01"  # any day renders; a fixed one keeps the pages the same from run to run
SCHEMA = validate.program_schema()
ORIGINAL = load_programs(DATA_DIR)


# -- which keys are optional, from the schema ------------------------------------------------
def resolve(node: dict) -> dict:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def required_keys(node: dict) -> set:
    """What an object must hold: its `required`, and what an `anyOf` of required keys asks (a
    level needs conditions or not_stated; the sweep treats both as required)."""
    out = set(node.get("required", ()))
    for alternative in node.get("anyOf", ()):
        out |= set(alternative.get("required", ()))
    return out


def optional_keys(value, node: dict, where: str = "", path: tuple = ()) -> Iterator[tuple]:
    """(schema location, path in the program) of every optional key the value carries, at every
    depth: objects by their properties, lists by their items (location ``timeline[].text``)."""
    node = resolve(node)
    if isinstance(value, dict) and "properties" in node:
        required = required_keys(node)
        for key, sub in value.items():
            here = f"{where}.{key}" if where else key
            if key not in required:
                yield here, (*path, key)
            yield from optional_keys(sub, node["properties"][key], here, (*path, key))
    elif isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            yield from optional_keys(item, node["items"], f"{where}[]", (*path, i))


def locations(program: dict) -> dict[str, list[tuple]]:
    """Schema location -> the paths where the program has that key (one per list item)."""
    found: dict[str, list[tuple]] = {}
    for where, path in optional_keys(program, SCHEMA):
        found.setdefault(where, []).append(path)
    return found


LOCATIONS = {pid: locations(program) for pid, program in sorted(ORIGINAL.items())}
CASES = [(pid, where) for pid, found in LOCATIONS.items() for where in found]

# Keys the schema calls optional whose removal validate refuses for a reason of meaning: such a
# file is not a program validate accepts, so it is not part of the sweep. Listed, not skipped.
REFUSED = {
    # Every wushen-2024 timeline entry gives only its end date; an entry with no date at all is
    # refused (policy/validate.py, _dates).
    ("wushen-2024", "timeline[].end"): {"missing-date"},
    # A material handed in as a file names the file types it accepts (validate, missing-formats);
    # none of these is paper-only.
    ("huian-2024", "materials[].formats"): {"missing-formats"},
    ("wushen-2024", "materials[].formats"): {"missing-formats"},
    # huian-2024's retake fees name their exam subject; without the exam there is none to name
    # (undefined-subject). The stripped programs below leave out the exam with its fees.
    ("huian-2024", "exam"): {"undefined-subject"},
}
ACCEPTED = [case for case in CASES if case not in REFUSED]


# -- what pages must say when a value is absent ------------------------------------------------
def _says(section: str, key: str) -> Callable[[dict, dict], str]:
    return lambda s, parent: s[section][key]


NOT_STATED = _says("program_meta", "none_stated")
NO_NUMBER = _says("program_meta", "no_document_number")
NO_DATE = _says("program_meta", "no_date")
# Schema location -> {page file (programs/<id>/<page>.md): what it says in place of the value}.
# The sentence is looked up in the page's language; ``parent`` is the object the key was in.
SAYS: dict[str, dict[str, Callable[[dict, dict], str]]] = {
    "notice.addressees": {"index": NOT_STATED},
    "notice.document_number": {"index": NO_NUMBER, "notice": NO_NUMBER},
    "notice.date": {"index": NO_DATE},
    "timeline": {"index": _says("overview", "no_timeline")},
    "subsidies": {"subsidies": _says("subsidies", "none")},
    "audience": {
        "index": _says("overview", "no_audience"),
        "eligibility": _says("overview", "no_audience"),
    },
    "submission": {
        "how-to-apply": _says("apply", "no_submission"),
        "upload": _says("apply", "no_submission"),
        "bundle-builder": _says("apply", "no_submission"),
    },
    "verification_sites": {"verification": _says("verify", "none")},
    "training": {"exam-and-fees": _says("exam", "no_training")},
    "training.mode": {"exam-and-fees": NOT_STATED},
    "exam": {"exam-and-fees": _says("exam", "no_exam")},
    "exam.certificate": {"exam-and-fees": NOT_STATED},
    "exam.pass_rule": {"exam-and-fees": _says("exam", "no_pass_rule")},
    "payment": {"exam-and-fees": _says("exam", "no_payment")},
    "payment.due": {"exam-and-fees": _says("exam", "no_due")},
    "exam.retake": {"exam-and-fees": _says("exam", "no_retake")},
    "fees": {"exam-and-fees": _says("exam", "no_fees")},
    "materials[].photo.width_mm": {
        "materials": lambda s, photo: s["materials"]["photo_height_only"].format(
            h=photo["height_mm"]
        )
    },
    "materials[].photo.height_mm": {
        "materials": lambda s, photo: s["materials"]["photo_width_only"].format(w=photo["width_mm"])
    },
}
# Left out with their section: the notice's summary points, the review steps, the contacts.
LEFT_OUT = {
    "provisions": ("index", ("overview", "provisions")),
    "review": ("how-to-apply", ("apply", "review")),
    "contacts": ("index", ("overview", "contacts")),
}


# -- what no reader should ever see -----------------------------------------------------------
_SCRIPTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S)
_LITERALS = re.compile(r"<(code|pre)\b[^>]*>.*?</\1>", re.S)  # file names, patterns, the notice
BROKEN = {
    "Python None": re.compile(r"\bNone\b"),
    "undefined value": re.compile(r"undefined", re.I),
    "template syntax": re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"),
    "unfilled placeholder": re.compile(r"\{[a-z_][a-z0-9_]*\}"),
    "Python repr": re.compile(r"\[\]|\{\}|\['|\{'|\[\"|\(\)"),
    "empty table cell": re.compile(r"^\|.*\|[ \t]*\|", re.M),
    "list item without text": re.compile(
        r'^[ \t]*(?:-|\d+\.)[ \t]*(?:<span class="clause">|$)', re.M
    ),
    "label without value": re.compile(r"^\*\*[^*\n]+:\*\*[ \t]*$", re.M),
    "link without target": re.compile(r"\]\(\)|(?:mailto|tel):\)"),
}
_HEADING = re.compile(r"(#{1,6}) ")


def broken(markdown: str) -> list[str]:
    """What is wrong on one rendered page, as a reader would see it (scripts and literal file
    names aside): Python or template leftovers, empty cells, items, labels and sections."""
    text = _LITERALS.sub("`literal`", _SCRIPTS.sub("", markdown))
    found = [
        f"{what}: {text[max(0, m.start() - 40) : m.end() + 40]!r}"
        for what, pattern in BROKEN.items()
        for m in pattern.finditer(text)
    ]
    lines = [line for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        heading = _HEADING.match(line)
        if not heading:
            continue
        after = _HEADING.match(lines[i + 1]) if i + 1 < len(lines) else None
        if i + 1 == len(lines) or (after and len(after.group(1)) <= len(heading.group(1))):
            found.append(f"empty section: {line!r}")
    return found


def assert_clean(pages: dict[str, str]) -> None:
    found = {name: problems for name, text in pages.items() if (problems := broken(text))}
    assert not found, found


def page_file(program_id: str, page: str, lang: str) -> str:
    return f"programs/{program_id}/{page}{'' if lang == 'zh' else '.' + lang}.md"


# -- a program without some keys, validated and rendered ----------------------------------------
def without(program: dict, path: tuple) -> tuple[dict, dict]:
    """A copy of the program without the key at path, and the object that held it."""
    changed = copy.deepcopy(program)
    parent = changed
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return changed, parent


def write_data(folder: Path, changed: dict) -> Path:
    """A data folder as staff keep it: the changed program's YAML, the other programs' files as
    they are, every notice's text."""
    folder.mkdir(parents=True)
    for file in DATA_DIR.glob("*.txt"):
        shutil.copy(file, folder)
    for pid in ORIGINAL:
        if pid != changed["id"]:
            shutil.copy(DATA_DIR / f"{pid}.yaml", folder)
    write_program(folder, changed)
    return folder


def write_program(folder: Path, program: dict) -> None:
    text = yaml.dump(program, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    (folder / f"{program['id']}.yaml").write_text(text, encoding="utf-8")


def shown(programs: dict[str, dict]) -> dict[str, dict]:
    """What generator/build.py stage() hands render_site: the programs in force, each with
    last_changed and archived set."""
    result = in_force(programs, AS_OF)
    for program in result.values():
        program["last_changed"] = history.last_changed(program)
        program["archived"] = history.is_archived(program, AS_OF)
    return result


def render(data: Path, docs: Path, cache: Path, programs: dict | None = None) -> dict[str, str]:
    """Validate as `python -m generator validate` does (unless given the programs it accepted),
    then write the site's Markdown; returns each page's text by its file."""
    if programs is None:
        programs, problems = check_dir(data)
        assert problems == [], [str(p) for p in problems]
    written = render_site(shown(programs), docs, data, as_of=AS_OF, cache_dir=cache)
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in written}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """One folder for the module; compiled templates are kept in it between renders."""
    return tmp_path_factory.mktemp("optional-keys")


# -- the sweep: one optional key at a time -------------------------------------------------------
def test_the_sweep_reaches_the_keys_the_issue_names_nested_keys_and_list_items():
    named = {"notice.addressees", "audience", "provisions", "submission", "verification_sites"}
    for pid in ("wushen-2024", "huian-2024"):
        assert named <= set(LOCATIONS[pid]), pid
    assert "training.text" in LOCATIONS["huian-2024"]
    # inside list items and nested objects too
    assert "materials[].photo.height_mm" in LOCATIONS["wushen-2024"]
    assert "fees[].payee.bank_en" in LOCATIONS["huian-2024"]
    assert set(REFUSED) <= set(CASES)


@pytest.mark.parametrize(
    ("program_id", "where"), sorted(REFUSED), ids=[":".join(c) for c in sorted(REFUSED)]
)
def test_an_optional_key_whose_removal_validate_refuses_is_refused_for_its_meaning(
    program_id, where, workspace
):
    for i, path in enumerate(LOCATIONS[program_id][where]):
        changed, _ = without(ORIGINAL[program_id], path)
        _, problems = check_dir(
            write_data(workspace / f"refused-{program_id}-{where}-{i}", changed)
        )
        assert {p.code for p in problems} == REFUSED[program_id, where], path


@pytest.mark.parametrize(("program_id", "where"), ACCEPTED, ids=[":".join(c) for c in ACCEPTED])
def test_a_program_without_one_optional_key_validates_and_every_page_renders_cleanly(
    program_id, where, workspace
):
    tried = {}
    for i, path in enumerate(LOCATIONS[program_id][where]):
        changed, parent = without(ORIGINAL[program_id], path)
        data = write_data(workspace / f"{program_id}-{where}-{i}" / "data", changed)
        programs, problems = check_dir(data)
        if not problems:  # one list item without the key is enough
            break
        tried[path] = sorted({p.code for p in problems})
    else:
        pytest.fail(f"validate refuses every removal {tried}: list {where} in REFUSED")
    pages = render(data, data.parent / "docs", workspace / "jinja", programs)
    assert_clean(pages)
    for lang in LANGS:
        s = strings(lang)
        for page, says in SAYS.get(where, {}).items():
            assert says(s, parent) in pages[page_file(program_id, page, lang)], (page, lang)
        if where in LEFT_OUT:
            page, (section, key) = LEFT_OUT[where]
            assert f"## {s[section][key]}\n" not in pages[page_file(program_id, page, lang)]


# -- many at once ------------------------------------------------------------------------------
def strip(value, node: dict, cut: Callable[[], bool], keep: Callable[[int, int], list[int]]):
    """The value without the optional keys ``cut`` picks, at every depth, and each list down to
    the items ``keep(length, minItems)`` keeps."""
    node = resolve(node)
    if isinstance(value, dict) and "properties" in node:
        required = required_keys(node)
        return {
            key: strip(sub, node["properties"][key], cut, keep)
            for key, sub in value.items()
            if key in required or not cut()
        }
    if isinstance(value, list) and "items" in node:
        return [
            strip(value[i], node["items"], cut, keep)
            for i in keep(len(value), node.get("minItems", 0))
        ]
    return value


def keep_meaning(program: dict, original: dict) -> dict:
    """Put back what validate's meaning checks require (policy/validate.py) after a cut: a date
    for each timeline entry, the materials the group packing names, the subsidies an either/or
    names, amounts only for levels still offered, and what fees and materials name (an exam
    subject, levels, conditions) only while it is there."""
    dates = {t["id"]: t for t in original.get("timeline", [])}
    for entry in program.get("timeline", []):
        if "start" not in entry and "end" not in entry:
            key = "end" if "end" in dates[entry["id"]] else "start"
            entry[key] = dates[entry["id"]][key]
    formats = {m["id"]: m.get("formats") for m in original["materials"]}
    for m in program["materials"]:  # a file needs its formats (validate: missing-formats)
        if m.get("submit", "electronic") != "paper" and not m.get("formats") and formats[m["id"]]:
            m["formats"] = formats[m["id"]]
    materials = {m["id"] for m in program["materials"]}
    group = program["packaging"]["group"]
    for part in ("roster", "photo_folder"):
        if part in group and group[part]["material"] not in materials:
            del group[part]
    subsidies = {s["id"] for s in program.get("subsidies", [])}
    levels = {level["level"] for level in program["levels"]}
    subjects = {s["id"] for s in (program.get("exam") or {}).get("subjects", [])}
    conditions = {c["id"] for level in program["levels"] for c in level.get("conditions", [])}
    for fee in program.get("fees", []):  # what a fee names must still be there
        if fee.get("subject") not in subjects:
            fee.pop("subject", None)
    for item in program["materials"] + program.get("fees", []):
        if "levels" in item:
            item["levels"] = [n for n in item["levels"] if n in levels] or sorted(levels)
    for material in program["materials"]:
        if "conditions" in material:
            material["conditions"] = [c for c in material["conditions"] if c in conditions]
            if not material["conditions"]:
                del material["conditions"]
    for subsidy in program.get("subsidies", []):
        if "either_or" in subsidy:
            subsidy["either_or"] = [o for o in subsidy["either_or"] if o in subsidies]
        subsidy["amounts"] = [a for a in subsidy["amounts"] if a["level"] in levels]
    return program


@st.composite
def stripped(draw) -> dict:
    """Either program with a random set of optional keys left out and lists shortened."""
    original = ORIGINAL[draw(st.sampled_from(sorted(ORIGINAL)))]

    def keep(length: int, minimum: int) -> list[int]:
        if length <= minimum:
            return list(range(length))
        dropped = draw(st.lists(st.integers(0, length - 1), unique=True, max_size=length - minimum))
        return [i for i in range(length) if i not in dropped]

    return keep_meaning(strip(original, SCHEMA, lambda: draw(st.booleans()), keep), original)


FAST = settings(
    max_examples=25,
    deadline=None,  # each example validates and renders two programs; bounded by count
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@FAST
@given(program=stripped())
def test_any_mix_of_optional_keys_left_out_and_lists_shortened_validates_and_renders(
    program, workspace
):
    with tempfile.TemporaryDirectory(dir=workspace) as folder:
        data = write_data(Path(folder) / "data", program)
        pages = render(data, Path(folder) / "docs", workspace / "jinja")
    assert_clean(pages)


# -- every optional key at once, through the whole build ---------------------------------------
BARE = {
    pid: keep_meaning(strip(program, SCHEMA, lambda: True, lambda n, _: list(range(n))), program)
    for pid, program in ORIGINAL.items()
}


@pytest.fixture(scope="module")
def bare_site(workspace) -> Path:
    """Both programs stripped of every optional key at once, built as `make build` builds."""
    data = workspace / "bare" / "data"
    write_data(data, BARE["huian-2024"])
    write_program(data, BARE["wushen-2024"])
    _, problems = check_dir(data)
    assert problems == [], [str(p) for p in problems]
    site = workspace / "bare" / "site"
    build(out_dir=site, data_dir=data, as_of=AS_OF)
    return site


def test_the_bare_programs_keep_no_optional_key_but_what_validate_requires():
    """A timeline entry's one date, and the file types of a material handed in as a file."""
    for program in BARE.values():
        assert set(locations(program)) <= {
            "timeline[].start",
            "timeline[].end",
            "materials[].formats",
        }
        assert all("formats" in m for m in program["materials"] if m.get("submit") != "paper")
        assert all(("start" in t) != ("end" in t) for t in program.get("timeline", []))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("program_id", sorted(ORIGINAL))
def test_the_built_pages_of_a_program_without_optional_keys_say_the_notice_does_not_say(
    bare_site, program_id, lang
):
    s = strings(lang)
    expected = {
        "": [
            s["program_meta"]["none_stated"],
            s["overview"]["no_audience"],
            s["program_meta"]["no_document_number"],
            s["program_meta"]["no_date"],
            s["overview"]["no_timeline"],
        ],
        "eligibility/": [s["overview"]["no_audience"]],
        "how-to-apply/": [s["apply"]["no_submission"]],
        "verification/": [s["verify"]["none"]],
        "notice/": [s["program_meta"]["no_document_number"]],
        "subsidies/": [s["subsidies"]["none"]],
        "exam-and-fees/": [s["exam"]["none"]],
    }
    folder = bare_site / ("" if lang == "zh" else lang) / "programs" / program_id
    missing = {}
    for page, sentences in expected.items():
        text = read_page(bare_site, folder / page / "index.html").text
        missing[page] = [x for x in sentences if normalise(x) not in text]
    assert not any(missing.values()), missing
    for path in sorted(folder.rglob("index.html")):
        text = read_page(bare_site, path).text
        assert not re.search(r"\bNone\b|undefined|\{\{|\{%", text, re.I), path


# -- the checks above can fail ----------------------------------------------------------------
@pytest.mark.parametrize(
    "page",
    [
        "| Addressed to | None |",
        "Where to apply: {{ p.submission.text }}",
        "Apply by {date}.",
        "Materials: []",
        "| Fee |  |",
        '- <span class="clause"> (notice, clause 六、1.)</span>',
        "**Certificate:** ",
        "## Who it is for\n\n## Contacts\n\n- Xiao Chen",
        "text\n\n## What the notice says\n",
        "[Email](mailto:)",
    ],
)
def test_the_page_check_catches_what_a_reader_would_see_as_broken(page):
    assert broken(page)


def test_the_page_check_passes_the_pages_of_the_real_data(workspace):
    assert_clean(render(DATA_DIR, workspace / "real", workspace / "jinja"))
