"""What the updates page adds to its context: amendments in force and announced."""

from __future__ import annotations

from ..history import entries


def page_context(place, program, programs: list[dict]) -> dict:
    return {"entries": entries(programs), "upcoming_entries": entries(programs, upcoming=True)}
