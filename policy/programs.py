"""Programs from data/: read every file, report *all* that is wrong at once, and give each
consumer the values in force on a day.

This is the one door to policy data. The site, the browser tools' data, the upload check,
`admin` and `publish` all come through here, so the same day gives the same values everywhere.
"""

from __future__ import annotations

from pathlib import Path

from . import amend, days, validate, yamlpos
from .errors import DataError, Problem, UnknownProgram
from .messages import problem

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load_programs(data_dir: Path | None = None) -> dict[str, dict]:
    """Programs by id, as written (amendments not applied); raises DataError listing every
    problem found."""
    programs, problems = check_dir(data_dir)
    if problems:
        raise DataError(problems)
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
    """(valid programs by id, every problem of every file)."""
    data_dir = Path(data_dir or DATA_DIR)
    programs: dict[str, dict] = {}
    problems: list[Problem] = []
    files = sorted(data_dir.glob("*.yaml"))
    if not files:
        problems.append(problem("no-programs", str(data_dir), 1, 1, ""))
    for file in files:
        program, found = check_file(file)
        problems += found
        if program is None:
            continue
        pid = program.get("id")
        if pid in programs:
            problems.append(problem("duplicate-program", _rel(file), 1, 1, "id", {"id": pid}))
        programs[pid] = program
    return programs, problems


def check_file(file: Path) -> tuple[dict | None, list[Problem]]:
    """Parse and check one program file; the program is None when it cannot be used."""
    name = _rel(file)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return None, [problem("not-utf8", name, 1, 1, "", {"reason": e.reason})]
    loaded = yamlpos.load(text)
    problems = validate.check(loaded, file, name)
    return (loaded.data if not problems else None), problems


def _rel(file: Path) -> str:
    try:
        return str(file.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(file)
