"""Follow-up notices as dated amendments, never as overwrites.

As OpenFisca keeps dated parameter values, a program keeps its original values and a list of
amendments, each with its own date and document number. The value in force on a day is the
original with every amendment dated on or before that day applied, and pages can show the
history of each changed value with the document that changed it.
"""

from __future__ import annotations

from . import days


class PathError(LookupError):
    """A change names a value the program does not have."""


def _step(node, segment: str):
    if isinstance(node, dict):
        if segment not in node:
            raise PathError(segment)
        return node[segment]
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and str(item.get("id", item.get("level"))) == segment:
                return item
        raise PathError(segment)
    raise PathError(segment)


def get(program: dict, path: str):
    """The value at a dotted path; list items are named by their id (levels by number)."""
    node = program
    for segment in path.split("."):
        node = _step(node, segment)
    return node


def _set(program: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    node = program
    for segment in parents:
        node = _step(node, segment)
    if not isinstance(node, dict) or last not in node:
        raise PathError(last)
    node[last] = value


def problems(program: dict) -> list[tuple[tuple, str, dict]]:
    """(key path, code, message params) for each change that cannot apply
    (messages.MESSAGES words them)."""
    out = []
    for i, amendment in enumerate(program.get("amendments") or []):
        changes = amendment.get("changes") if isinstance(amendment, dict) else None
        for j, change in enumerate(changes if isinstance(changes, list) else []):
            where = ("amendments", i, "changes", j, "path")
            path = change.get("path") if isinstance(change, dict) else None
            if not isinstance(path, str):
                continue  # the schema check has reported it
            try:
                old = get(program, path)
            except PathError as e:
                out.append(
                    (where, "unknown-amended-value", {"value_path": path, "missing": str(e)})
                )
                continue
            new = change.get("value")
            if not _same_kind(old, new):
                out.append(
                    (
                        ("amendments", i, "changes", j, "value"),
                        "amended-value-type",
                        {"new": repr(new), "old": repr(old)},
                    )
                )
    return out


def _same_kind(old, new) -> bool:
    number = (int, float)
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool)
    if isinstance(old, number) and isinstance(new, number):
        return True
    return type(old) is type(new)


def plain_copy(value):
    """A deep copy of YAML-loaded data (dicts, lists, scalars): what copy.deepcopy does for it,
    several times faster, as every build copies every program."""
    if type(value) is dict:
        return {k: plain_copy(v) for k, v in value.items()}
    if type(value) is list:
        return [plain_copy(v) for v in value]
    return value


def in_force(program: dict, as_of: str | None = None) -> dict:
    """The program as it reads on `as_of` (default today), with `history` and `amendments_in_force`.

    history: dotted path -> list of {date, document_number, clause, value, amendment} from the
    original notice on, oldest first; only for values some amendment changes.
    """
    day = as_of or days.today()
    result = plain_copy(program)
    notice = program["notice"]
    history: dict[str, list[dict]] = {}
    applied, upcoming = [], []
    for amendment in sorted(program.get("amendments") or [], key=lambda a: (a["date"], a["id"])):
        (applied if amendment["date"] <= day else upcoming).append(amendment)
        for change in amendment["changes"]:
            path = change["path"]
            if path not in history:
                history[path] = [
                    {
                        "date": notice["date"],
                        "document_number": notice["document_number"],
                        "clause": None,
                        "value": plain_copy(get(program, path)),
                        "amendment": None,
                    }
                ]
            history[path].append(
                {
                    "date": amendment["date"],
                    "document_number": amendment["document_number"],
                    "clause": amendment["clause"],
                    "value": change["value"],
                    "amendment": amendment["id"],
                    "in_force": amendment["date"] <= day,
                }
            )
            if amendment["date"] <= day:
                _set(result, path, plain_copy(change["value"]))
    result["as_of"] = day
    result["history"] = history
    result["amendments_in_force"] = [a["id"] for a in applied]
    result["amendments_upcoming"] = [a["id"] for a in upcoming]
    return result
