"""Follow-up notices as dated amendments, never as overwrites.

As OpenFisca keeps dated parameter values, a program keeps its original values and a list of
amendments, each with its own date and document number. The value in force on a day is the
original with every amendment dated on or before that day applied — by date, and in the order
the file lists them within a day, so a later correction wins — and pages can show the history
of each changed value with the document that changed it.

A change replaces a value, or adds one the original notice did not state (a key its parent
may have). It may not touch what identifies things (a program's id, an item's id or level
number, its amendments, its notice's text file): a follow-up notice changes facts, not names.
"""

from __future__ import annotations

from . import days

# Keys no amendment may change: they name things that pages, links and other keys refer to.
PROTECTED = frozenset({"id", "level", "amendments", "source", "occupation"})


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


def _parent(program: dict, path: str) -> tuple[object, str]:
    *parents, last = path.split(".")
    node = program
    for segment in parents:
        node = _step(node, segment)
    return node, last


def _set(program: dict, path: str, value) -> None:
    node, last = _parent(program, path)
    if not isinstance(node, dict):
        raise PathError(last)
    node[last] = value


def ordered(program: dict) -> list[dict]:
    """Amendments in the order they apply: by date, then as the file lists them."""
    listed = list(enumerate(program.get("amendments") or []))
    return [a for _, a in sorted(listed, key=lambda pair: (str(pair[1]["date"]), pair[0]))]


def problems(program: dict) -> list[tuple[tuple, str, dict]]:
    """(key path, code, message params) for each change that cannot apply, checked in the
    order the changes apply (a change may name what an earlier one added)."""
    out = []
    listed = program.get("amendments")
    if not isinstance(listed, list):
        return out
    current = plain_copy(program)
    order = sorted(
        (i for i, a in enumerate(listed) if isinstance(a, dict)),
        key=lambda i: (str(listed[i].get("date")), i),
    )
    for i in order:
        changes = listed[i].get("changes")
        for j, change in enumerate(changes if isinstance(changes, list) else []):
            where = ("amendments", i, "changes", j, "path")
            path = change.get("path") if isinstance(change, dict) else None
            if not isinstance(path, str):
                continue  # the schema check has reported it
            segments = path.split(".")
            named = next((k for k in (segments[0], segments[-1]) if k in PROTECTED), None)
            if named:
                out.append((where, "unamendable-value", {"value_path": path, "key": named}))
                continue
            last = segments[-1]
            try:
                node, _ = _parent(current, path)
            except PathError as e:
                out.append(
                    (where, "unknown-amended-value", {"value_path": path, "missing": str(e)})
                )
                continue
            if not isinstance(node, dict):
                out.append((where, "unknown-amended-value", {"value_path": path, "missing": last}))
                continue
            new = change.get("value")
            if last in node and not _same_kind(node[last], new):
                out.append(
                    (
                        ("amendments", i, "changes", j, "value"),
                        "amended-value-type",
                        {"new": repr(new), "old": repr(node[last])},
                    )
                )
                continue
            node[last] = plain_copy(new)
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
    """The program as it reads on `as_of` (default today in China), with `history`,
    `amendments_in_force` and `amendments_upcoming`.

    history: dotted path -> list of {date, document_number, clause, value, amendment} from the
    original notice on, oldest first; only for values some amendment changes. The original's
    value is None where the notice did not state it (an amendment added it).
    """
    day = as_of or days.today()
    result = plain_copy(program)
    notice = program["notice"]
    history: dict[str, list[dict]] = {}
    applied, upcoming = [], []
    state = plain_copy(program)  # every amendment applied in order, for the history's values
    for amendment in ordered(program):
        (applied if amendment["date"] <= day else upcoming).append(amendment)
        for change in amendment["changes"]:
            path = change["path"]
            if path not in history:
                try:
                    original = plain_copy(get(state, path))
                except PathError:
                    original = None  # not stated in the original notice
                history[path] = [
                    {
                        "date": notice.get("date"),
                        "document_number": notice.get("document_number"),
                        "clause": None,
                        "value": original,
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
            _set(state, path, plain_copy(change["value"]))
            if amendment["date"] <= day:
                _set(result, path, plain_copy(change["value"]))
    result["as_of"] = day
    result["history"] = history
    result["amendments_in_force"] = [a["id"] for a in applied]
    result["amendments_upcoming"] = [a["id"] for a in upcoming]
    return result
