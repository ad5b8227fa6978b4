"""What changed and when: every program's amendments as one list, and each value's history.

Readers who follow a notice want to hear when a follow-up notice moves a date or a fee; the
updates page and its feeds (feeds.py) list each amendment in force (newest first) with its
document number, and a changed value shows the values it had. Pure functions over the programs
in force (policy.programs.in_force).
"""

from __future__ import annotations

import uuid

from policy.amend import PathError, get

# A fixed namespace so an entry keeps its Atom id across builds and hosts.
_NAMESPACE = uuid.UUID("6f1c2a52-7d1e-4f4b-9a57-2f0c5d1f8e31")


def last_changed(program: dict) -> str:
    """The later of the YAML's last_changed and the newest amendment in force."""
    dates = [str(program["last_changed"])]
    in_force = set(program.get("amendments_in_force") or [])
    dates += [str(a["date"]) for a in program.get("amendments") or [] if a["id"] in in_force]
    return max(dates)


def last_date(program: dict) -> str | None:
    """The last date the program's timeline names (its end, or its start when open-ended)."""
    days = [str(t[k]) for t in program.get("timeline") or [] for k in ("start", "end") if k in t]
    return max(days) if days else None


def is_archived(program: dict, as_of: str) -> bool:
    """Past programs: their last timeline date is before the day the site is built for."""
    last = last_date(program)
    return last is not None and last < as_of


def entries(programs: list[dict], *, upcoming: bool = False) -> list[dict]:
    """Every amendment in force (or, with upcoming, not yet), newest first, with its program."""
    out = []
    for program in programs:
        chosen = set(program.get("amendments_upcoming" if upcoming else "amendments_in_force", []))
        for amendment in program.get("amendments") or []:
            if amendment["id"] in chosen:
                out.append({"program": program, "amendment": amendment})
    out.sort(key=lambda e: (str(e["amendment"]["date"]), e["program"]["id"], e["amendment"]["id"]))
    out.reverse()
    return out


def cited(program: dict, number: str | None = None):
    """What a page or feed cites for a notice: the document number given (an amendment's),
    else the notice's own 文号, else, for a notice printed without one (a college's
    announcement), its short title ({zh, en})."""
    return number or program["notice"].get("document_number") or program["notice"]["short_title"]


def entry_id(program_id: str, amendment_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{program_id}/{amendment_id}')}"


def value_history(program: dict, path: str) -> dict | None:
    """For a value some amendment changes: the values it had (oldest first), the one in force,
    and the ones announced but not yet in force. None when the value never changed."""
    steps = (program.get("history") or {}).get(path)
    if not steps:
        return None
    done = [s for s in steps if s.get("in_force", True)]
    later = [s for s in steps if s.get("in_force") is False]
    return {"past": done[:-1], "current": done[-1], "upcoming": later}


def value_label(program: dict, path: str) -> dict | None:
    """A reader's name for a changed value: the label of the nearest item on its path (a fee's
    or a timeline entry's), so the history reads "Skills retake" rather than a dotted path."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        try:
            node = get(program, ".".join(parts[:end]))
        except PathError:
            return None
        if isinstance(node, dict):
            for key in ("label", "name", "heading"):
                if isinstance(node.get(key), dict):
                    return node[key]
    return None
