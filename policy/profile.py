"""The candidate profile contract (contracts/profile.schema.json), read as a field catalogue.

Conditions in policy data name profile fields by dotted path; the validator checks them
against this catalogue and the `check` command validates a candidate's profile with it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from . import retirement
from .errors import ProfileError

CONTRACTS = Path(__file__).parent / "contracts"


@cache
def schema() -> dict:
    return json.loads((CONTRACTS / "profile.schema.json").read_text(encoding="utf-8"))


# Strings that are ordered (compared with ge/gt/le/lt as text) or contain one another, told by
# the contract's pattern: YYYY-MM months, and GB/T 2260 division codes (the `within` operator).
FORMATS = {"^[0-9]{4}-(0[1-9]|1[0-2])$": "month", "^[0-9]{6}$": "division"}
# Fields computed from others, never asked: name -> (kind, format, the fields it needs).
DERIVED = {retirement.FIELD: ("string", "month", retirement.INPUTS)}


@cache
def fields() -> dict[str, dict]:
    """Dotted path -> {"type": boolean|number|integer|string, "enum": list|None,
    "format": "month"|"division"|None, "derived_from": tuple|None}: the contract's fields and
    the derived ones (DERIVED)."""
    out: dict[str, dict] = {}

    def walk(props: dict, prefix: str) -> None:
        for name, spec in props.items():
            path = prefix + name
            if "properties" in spec:
                walk(spec["properties"], path + ".")
                continue
            kind = spec.get("type", "string")
            out[path] = {
                "type": kind,
                "enum": spec.get("enum"),
                "format": FORMATS.get(spec.get("pattern")),
                "derived_from": None,
            }

    walk(schema()["properties"], "")
    for name, (kind, fmt, inputs) in DERIVED.items():
        out[name] = {"type": kind, "enum": None, "format": fmt, "derived_from": inputs}
    return out


def validate(profile: object) -> dict:
    """Return the profile if it keeps the contract; raise ProfileError naming the field."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(profile), key=lambda e: list(e.absolute_path))
    if not errors:
        return profile  # type: ignore[return-value]
    e = errors[0]
    where = ".".join(str(p) for p in e.absolute_path)
    if e.validator == "additionalProperties":
        extra = sorted(set(e.instance) - set(e.schema.get("properties", {})))
        where = ".".join([where, extra[0]]) if where else extra[0]
        raise ProfileError(f"profile field {where!r} is not part of the profile contract")
    raise ProfileError(f"profile field {where or '(top level)'!r}: {e.message}")
