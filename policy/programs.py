"""Programs from data/: read every file, report *all* that is wrong at once, and give each
consumer the values in force on a day.

This is the one door to policy data. The site, the browser tools' data, the upload check,
`admin` and `publish` all come through here, so the same day gives the same values everywhere.
"""

from __future__ import annotations

from pathlib import Path

from . import amend, days, messages, validate, yamlpos
from .errors import DataError, Problem, UnknownProgram
from .messages import problem

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load_programs(data_dir: Path | None = None, *, publish: bool = False) -> dict[str, dict]:
    """Programs by id, as written (amendments not applied); raises DataError listing every
    error found. Warnings do not stop anything, except, with publish=True (build, publish),
    the ones no published page may carry: values still marked !todo."""
    programs, problems = check_dir(data_dir)
    errors = [
        p
        for p in problems
        if p.severity == "error" or (publish and p.code in messages.UNPUBLISHABLE)
    ]
    if errors:
        raise DataError(errors)
    return programs


def get_program(program_id: str, data_dir: Path | None = None) -> dict:
    programs = load_programs(data_dir)
    if program_id not in programs:
        raise UnknownProgram(program_id, sorted(programs))
    return programs[program_id]


def in_force(programs: dict[str, dict], day: str | None = None) -> dict[str, dict]:
    """Every program as it reads on `day` (YYYY-MM-DD; default today in China), amendments
    dated on or before it applied. Raises errors.BadDay for anything but a real day."""
    day = days.parse(day) if day is not None else days.today()
    return {pid: amend.in_force(program, day) for pid, program in programs.items()}


def check_dir(data_dir: Path | None = None) -> tuple[dict[str, dict], list[Problem]]:
    """(valid programs by id, every problem of every file: errors and warnings)."""
    data_dir = Path(data_dir or DATA_DIR)
    programs: dict[str, dict] = {}
    problems: list[Problem] = []
    files = sorted(data_dir.glob("*.yaml"))
    for odd in sorted(p for p in data_dir.glob("*") if p.suffix.lower() in (".yml", ".yaml")):
        if odd.suffix != ".yaml":  # .yml, .YAML: would be silently left out
            fixed = odd.with_suffix(".yaml").name
            problems.append(
                problem("wrong-extension", _rel(odd), 1, 1, "", {"file": odd.name, "fixed": fixed})
            )
    if not files:
        problems.append(problem("no-programs", str(data_dir), 1, 1, "", {"folder": str(data_dir)}))
    for file in files:
        program, found = check_file(file)
        problems += found
        if program is None:
            continue
        pid = program.get("id")
        if pid in programs:
            problems.append(problem("duplicate-program", _rel(file), 1, 1, "id", {"id": pid}))
        programs[pid] = program
    problems += _copies(programs, data_dir)
    return programs, problems


def _copies(programs: dict[str, dict], data_dir: Path) -> list[Problem]:
    """Warnings for a program that kept another's document number or notice text: the usual
    leftovers of `new-program`, which a new notice never shares."""
    found = []
    numbers: dict[str, str] = {}
    texts: dict[bytes, str] = {}
    for pid in sorted(programs):
        notice = programs[pid]["notice"]
        file = _rel(data_dir / f"{pid}.yaml")
        number = notice.get("document_number")
        if number and number in numbers:
            params = {"number": number, "other": numbers[number]}
            found.append(
                problem("same-document-number", file, 1, 1, "notice.document_number", params)
            )
        elif number:
            numbers[number] = pid
        try:
            text = (data_dir / notice["source"]).read_bytes()
        except OSError:
            continue
        if text in texts:
            params = {"source": notice["source"], "other": texts[text]}
            found.append(problem("same-notice-text", file, 1, 1, "notice.source", params))
        else:
            texts[text] = pid
    return found


def check_file(file: Path) -> tuple[dict | None, list[Problem]]:
    """Parse and check one program file; the program is None when it cannot be used."""
    name = _rel(file)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return None, [problem("not-utf8", name, 1, 1, "", {"reason": e.reason})]
    loaded = yamlpos.load(text)
    problems = validate.check(loaded, file, name)
    ok = not any(p.severity == "error" for p in problems)
    return (loaded.data if ok else None), problems


def _rel(file: Path) -> str:
    try:
        return str(file.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(file)
