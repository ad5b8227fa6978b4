"""The eligibility engine: a program's conditions applied to a candidate profile.

One semantics, two runtimes: generator/assets/js/rules.js is a line-by-line twin of this
module, and tests/rules/ runs the same vectors through both. Keep them in step: any change
here needs the same change there.

Two modes. "closed" (the `check` command and `window.selfCheck.evaluate`): a field left out
means no / none / 0 by its type in the profile contract. "open" (the interactive
self-check): a field not answered is unknown and Kleene three-valued logic applies, so an
unanswered question never turns into "not eligible".

Pure: program dict + profile dict + field catalogue in, result dict out.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

from . import retirement, yamlpos
from .profile import fields as profile_fields

UNKNOWN = "unknown"
_UNANSWERED = object()
MET = "met"
NOT_MET = "not-met"
NOT_STATED = "not-stated"  # a level the notice offers but whose conditions it leaves elsewhere
OPS = ("eq", "ne", "in", "ge", "gt", "le", "lt", "within")
AUDIENCE = {MET: "met", NOT_MET: "not_met", UNKNOWN: "unknown"}  # the contract's words
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def field_catalogue() -> dict:
    """Profile field types (from the contract) merged with the human labels in fields.yaml.

    The shape is plain JSON so the same catalogue can be shipped to the browser engine.
    """
    copy = yamlpos.read(Path(__file__).parent / "fields.yaml")
    out = {
        "_messages": copy["messages"],
        "_words": copy["words"],
        "_retirement": retirement.table(),
        "fields": {},
    }
    for path, spec in profile_fields().items():
        kind = spec["type"]
        if isinstance(kind, list):
            kind = next(k for k in kind if k != "null")
        entry = {"type": kind}
        if spec["format"]:
            entry["format"] = spec["format"]
        if spec["derived_from"]:
            entry["derived_from"] = list(spec["derived_from"])
        entry.update(copy["fields"].get(path, {}))
        out["fields"][path] = entry
    return out


# --- values -------------------------------------------------------------------------------


def _default(kind: str):
    if kind == "boolean":
        return False
    if kind in ("number", "integer"):
        return 0
    return None


def resolve(profile: dict, path: str, mode: str, catalogue: dict):
    """The value of a dotted path, or _UNANSWERED (open world only). A derived field
    (statutory_retirement_month) is computed from the fields it needs."""
    spec = catalogue["fields"].get(path, {})
    if spec.get("derived_from"):
        inputs = [resolve(profile, f, mode, catalogue) for f in spec["derived_from"]]
        if _UNANSWERED in inputs:
            return _UNANSWERED
        return retirement.retirement_month(*inputs, rules=catalogue["_retirement"])
    parts = path.split(".")
    node = profile
    for i, part in enumerate(parts):
        if node is None:
            return None  # a sub-field of a null object (no certificate, no title…)
        if not isinstance(node, dict) or part not in node:
            if mode == "open":
                return _UNANSWERED
            if i < len(parts) - 1:
                return None  # the object itself is left out: none
            spec = catalogue["fields"].get(path, {})
            return _default(spec.get("type", "string"))
        node = node[part]
    return node


def _is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    if _is_number(a) and _is_number(b):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return False


def compare(actual, op: str, value) -> bool:
    if actual is None:
        return op == "ne"
    if op == "eq":
        return _same(actual, value)
    if op == "ne":
        return not _same(actual, value)
    if op == "in":
        return any(_same(actual, v) for v in value)
    if op == "within":
        return isinstance(actual, str) and any(covers(code, actual) for code in value)
    if isinstance(actual, str) and isinstance(value, str):  # months: YYYY-MM sorts as text
        actual, value = (actual, value) if len(actual) == len(value) else (None, None)
        if actual is None:
            return False
    elif not (_is_number(actual) and _is_number(value)):
        return False
    if op == "ge":
        return actual >= value
    if op == "gt":
        return actual > value
    if op == "le":
        return actual <= value
    return actual < value


def covers(code: str, region: str) -> bool:
    """Whether GB/T 2260 division `code` contains `region`: a province (350000) covers every
    code starting 35, a city (350500) every code starting 3505, a county only itself."""
    if not isinstance(code, str) or len(code) != 6 or len(region) != 6:
        return False
    if code.endswith("0000"):
        return region[:2] == code[:2]
    if code.endswith("00"):
        return region[:4] == code[:4]
    return region == code


def atom_op(expr: dict) -> str:
    return next(k for k in OPS if k in expr)


# --- three-valued evaluation --------------------------------------------------------------


def _and(states: list) -> str:
    if NOT_MET in states:
        return NOT_MET
    return MET if all(s == MET for s in states) else UNKNOWN


def _or(states: list) -> str:
    if MET in states:
        return MET
    return NOT_MET if all(s == NOT_MET for s in states) else UNKNOWN


def evaluate_expr(expr: dict, ctx: dict) -> dict:
    """A node's status plus the atoms that explain it (failed atoms, unknown fields)."""
    if "all" in expr or "any" in expr:
        kids = [evaluate_expr(e, ctx) for e in expr.get("all", expr.get("any"))]
        states = [k["status"] for k in kids]
        status = _and(states) if "all" in expr else _or(states)
        return _combine(status, kids)
    if "not" in expr:
        kid = evaluate_expr(expr["not"], ctx)
        flip = {MET: NOT_MET, NOT_MET: MET, UNKNOWN: UNKNOWN}[kid["status"]]
        return {"status": flip, "missing": [], "unknown": kid["unknown"] if flip == UNKNOWN else []}
    return _atom(expr, ctx)


def _combine(status: str, kids: list) -> dict:
    missing, unknown = [], []
    for k in kids:
        if status == NOT_MET and k["status"] == NOT_MET:
            missing.extend(k["missing"])
        if status == UNKNOWN and k["status"] == UNKNOWN:
            _extend_unique(unknown, k["unknown"])
    return {"status": status, "missing": missing, "unknown": unknown}


def _atom(expr: dict, ctx: dict) -> dict:
    op = atom_op(expr)
    path, value = expr["field"], expr[op]
    actual = resolve(ctx["profile"], path, ctx["mode"], ctx["catalogue"])
    if actual is _UNANSWERED:
        return {"status": UNKNOWN, "missing": [], "unknown": _unanswered(path, ctx)}
    if compare(actual, op, value):
        return {"status": MET, "missing": [], "unknown": []}
    if op == "within" and isinstance(actual, str) and any(covers(actual, c) for c in value):
        # a province or city named where the rule names a county inside it: not yet known
        return {"status": UNKNOWN, "missing": [], "unknown": [path]}
    return {"status": NOT_MET, "missing": [explain(path, op, value, actual, ctx)], "unknown": []}


def _unanswered(path: str, ctx: dict) -> list:
    """The questions that would settle a field: itself, or what a derived field is made of."""
    inputs = ctx["catalogue"]["fields"].get(path, {}).get("derived_from")
    if not inputs:
        return [path]
    profile, mode, catalogue = ctx["profile"], ctx["mode"], ctx["catalogue"]
    return [f for f in inputs if resolve(profile, f, mode, catalogue) is _UNANSWERED]


def _extend_unique(target: list, items: list) -> None:
    for item in items:
        if item not in target:
            target.append(item)


# --- what is missing, in words --------------------------------------------------------------


def round2(x: float) -> float:
    """Half-up rounding that gives the same double in Python and JavaScript."""
    r = math.floor(x * 100 + 0.5) / 100
    return int(r) if r == math.floor(r) else r


def fmt_number(x) -> str:
    if x == math.floor(x):
        return str(int(x))
    return repr(float(x))


def _word(value, lang: str, spec: dict, words: dict) -> str:
    if value is None:
        return words["none"][lang]
    labels = spec.get("values", {})
    if isinstance(value, bool):
        key = "true" if value else "false"
        return labels.get(key, words[key])[lang]
    if _is_number(value):
        key = fmt_number(value)
        return labels[key][lang] if key in labels else key
    return labels[value][lang] if value in labels else str(value)


def _fill(template: str, slots: dict) -> str:
    return _PLACEHOLDER.sub(lambda m: slots.get(m.group(1), m.group(0)), template)


def explain(path: str, op: str, value, actual, ctx: dict) -> dict:
    """One unmet atom: what it asks, what the profile holds, and the gap where it is numeric."""
    catalogue = ctx["catalogue"]
    spec = catalogue["fields"].get(path, {})
    words = catalogue["_words"]
    out = {"field": path, "op": op, "value": value, "actual": actual}
    gap = None
    if _is_number(value) and (actual is None or _is_number(actual)) and op in ("ge", "gt"):
        gap = round2(value - (actual or 0))
        out["gap"] = gap
    text = {}
    for lang in ("zh", "en"):
        sep = words["list_sep"][lang]
        shown = (
            sep.join(_word(v, lang, spec, words) for v in value)
            if isinstance(value, list)
            else _word(value, lang, spec, words)
        )
        slots = {
            "label": spec.get("label", {}).get(lang, path),
            "unit": spec.get("unit", {}).get(lang, ""),
            "value": shown,
            "actual": _word(actual, lang, spec, words),
            "gap": fmt_number(gap) if gap is not None else "",
        }
        own = spec.get("messages", {})
        keys = [op + "_gap"] if gap is not None and gap > 0 else []
        if gap == 1:
            keys.insert(0, op + "_gap_one")  # "1 more year", not "1 more years"
        if isinstance(value, bool):
            keys.append(op + ("_true" if value else "_false"))
        keys.append(op)
        template = next(
            (src[k] for src in (own, catalogue["_messages"]) for k in keys if k in src), None
        )
        text[lang] = _fill(template[lang], slots)
    out["text"] = text
    return out


# --- the program --------------------------------------------------------------------------


def evaluate(program: dict, profile: dict, mode: str = "closed", catalogue: dict | None = None):
    """The eligibility result (eligibility-result.schema.json) with the why for humans.

    Order of judgement: the notice's audience (who may apply at all; judged with unknowns
    even in the closed world, as the contract says), the occupation the profile names (where
    the notice covers several), each level's conditions, then materials and subsidies."""
    if mode not in ("closed", "open"):
        raise ValueError("mode must be 'closed' or 'open'")
    ctx = {"profile": profile, "mode": mode, "catalogue": catalogue or field_catalogue()}
    unknown: list = []
    audience = _audience(program, ctx)
    if audience is not None and audience["status"] == AUDIENCE[UNKNOWN] and mode == "open":
        _extend_unique(unknown, audience["unknown"])
    offered = _occupations(program, ctx, unknown)
    levels = []
    for level in program["levels"]:
        if offered is not None and level.get("occupation") not in offered:
            continue
        levels.append(_level(program, level, ctx, unknown))
    excluded = audience is not None and audience["status"] == AUDIENCE[NOT_MET]
    if excluded:  # not for this candidate: nothing more to ask or to list
        for lv in levels:
            lv["eligible"] = False
        unknown.clear()
    eligible = sorted({lv["level"] for lv in levels if lv["eligible"]}, reverse=True)
    maybe_eligible = not excluded and any(lv["status"] == UNKNOWN for lv in levels)
    materials, materials_maybe = [], []
    if eligible:
        for m in program.get("materials", []):
            r = _material(m, levels, ctx)
            if r["status"] == MET:
                materials.append(m["id"])
            elif r["status"] == UNKNOWN:
                materials_maybe.append(m["id"])
                _extend_unique(unknown, r["unknown"])
    subsidies, details = [], []
    for s in program.get("subsidies", []):
        detail = _subsidy(s, eligible, maybe_eligible, ctx)
        details.append(detail)
        if detail["status"] == MET:
            item = {"id": s["id"], "amount_cny": detail["amount_cny"]}
            if s.get("either_or"):
                item["either_or"] = list(s["either_or"])
            subsidies.append(item)
        if detail["status"] == UNKNOWN and (eligible or maybe_eligible):
            for f in detail["failed"]:
                _extend_unique(unknown, f["unknown"])
    result = {
        "program": program["id"],
        "mode": mode,
        "eligible_levels": eligible,
        "levels": levels,
        "materials": materials,
        "materials_maybe": materials_maybe,
        "subsidies": subsidies,
        "subsidy_details": details,
        "unknown": unknown,
    }
    if audience is not None:
        result["audience"] = audience
    return result


def source(program: dict, clause: str) -> str:
    """Where in the notice: its document number (文号), or its short title when it has none."""
    notice = program["notice"]
    return f"{notice.get('document_number') or notice['short_title']['zh']} {clause}"


def _audience(program: dict, ctx: dict) -> dict | None:
    """Who may apply at all, judged with unknowns (a fact the profile leaves out is not yet
    known, never "no"); None when the notice has no such rule."""
    spec = program.get("audience")
    if not isinstance(spec, dict) or "when" not in spec:
        return None
    r = evaluate_expr(spec["when"], {**ctx, "mode": "open"})
    return {
        "status": AUDIENCE[r["status"]],
        "source": source(program, spec["clause"]),
        "clause": spec["clause"],
        "missing": r["missing"],
        "unknown": r["unknown"],
    }


def _occupations(program: dict, ctx: dict, unknown: list) -> set | None:
    """The occupation ids to judge: those whose code the profile names; None for every level
    (a notice of one occupation, or a profile that names none)."""
    occupations = program.get("occupations") or []
    if not occupations:
        return None
    code = resolve(ctx["profile"], "occupation_code", ctx["mode"], ctx["catalogue"])
    if code is _UNANSWERED or code is None:
        if code is _UNANSWERED and len(occupations) > 1:
            _extend_unique(unknown, ["occupation_code"])
        return None
    return {o["id"] for o in occupations if o["code"] == code}


def _level(program: dict, level: dict, ctx: dict, unknown: list) -> dict:
    out = {
        "level": level["level"],
        "eligible": False,
        "met": [],
        "source": source(program, level["clause"]),
        "status": NOT_STATED,
        "clause": level["clause"],
        "conditions": [],
    }
    if level.get("occupation"):
        out["occupation"] = level["occupation"]
    if not level.get("conditions"):
        return out  # conditions left to an attachment or the national standard: not stated
    for cond in level["conditions"]:
        r = evaluate_expr(cond["when"], ctx)
        out["conditions"].append(
            {
                "id": cond["id"],
                "clause": cond["clause"],
                "status": r["status"],
                "missing": r["missing"],
                "unknown": r["unknown"],
            }
        )
    status = _or([c["status"] for c in out["conditions"]])
    if status == UNKNOWN:
        for c in out["conditions"]:
            _extend_unique(unknown, c["unknown"])
    out.update(
        status=status,
        eligible=status == MET,
        met=[c["id"] for c in out["conditions"] if c["status"] == MET],
    )
    return out


def _material(material: dict, levels: list, ctx: dict) -> dict:
    """Whether a material is needed: for the levels it names, for the conditions it names (the
    candidate qualifies through one of them), and when its own condition holds."""
    states, unknown = [], []
    if material.get("levels"):
        wanted = [lv for lv in levels if lv["level"] in material["levels"]]
        states.append(_or([_eligible_state(lv) for lv in wanted]))
    if material.get("conditions"):
        named = [
            c["status"] if lv["eligible"] or lv["status"] == UNKNOWN else NOT_MET
            for lv in levels
            for c in lv["conditions"]
            if c["id"] in material["conditions"]
        ]
        states.append(_or(named))
    if material.get("required_when"):
        r = evaluate_expr(material["required_when"], ctx)
        states.append(r["status"])
        unknown = r["unknown"]
    return {"status": _and(states), "unknown": unknown}


def _eligible_state(level: dict) -> str:
    if level["eligible"]:
        return MET
    return UNKNOWN if level["status"] == UNKNOWN else NOT_MET


def _subsidy(subsidy: dict, eligible: list, maybe_eligible: bool, ctx: dict) -> dict:
    failed, states = [], []
    for req in subsidy.get("requirements", []):
        r = evaluate_expr(req["when"], ctx)
        states.append(r["status"])
        if r["status"] != MET:
            failed.append(
                {
                    "id": req["id"],
                    "clause": req["clause"],
                    "status": r["status"],
                    "missing": r["missing"],
                    "unknown": r["unknown"],
                }
            )
    status = _and(states)
    amount = None
    for level in sorted(eligible):
        found = [a["amount_cny"] for a in subsidy.get("amounts", []) if a["level"] == level]
        if found:
            amount = found[0]
            break
    reason = None
    if not eligible:
        reason = "no-eligible-level"
        status = UNKNOWN if (maybe_eligible and status != NOT_MET) else NOT_MET
    elif status != MET:
        reason = "requirements"
    return {
        "id": subsidy["id"],
        "status": status,
        "amount_cny": amount,
        "reason": reason,
        "failed": failed,
    }
