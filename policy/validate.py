"""Is one loaded program file right? Structure (the JSON schema), then meaning.

Collects every problem with its place instead of stopping at the first, so staff fix a file in
one pass. Messages come from messages.MESSAGES by code. Pure: a yamlpos.Loaded in, problems out.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path

from . import amend, profile, regions, yamlpos
from .errors import Problem
from .fastcheck import compiled
from .messages import problem
from .rules import OPS

SCHEMA_FILE = Path(__file__).parent / "schema" / "program.schema.json"
ORDER_OPS = ("ge", "gt", "le", "lt")
MAX_EXPR_DEPTH = 12
# The names notices give levels (national occupational skill standards), for staff who write
# `level: 技师` where the file wants the number.
LEVEL_NAMES = {
    "五级": 5,
    "初级工": 5,
    "初级": 5,
    "四级": 4,
    "中级工": 4,
    "中级": 4,
    "三级": 3,
    "高级工": 3,
    "高级": 3,
    "二级": 2,
    "技师": 2,
    "一级": 1,
    "高级技师": 1,
}
TYPE_ZH = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true/false",
    "array": "列表",
    "object": "键值表",
    "null": "空值",
}


@cache
def program_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def _fast_schema_check():
    return compiled(program_schema(), "program")


def schema_valid(data: object) -> bool:
    """Yes or no against the program schema (the compiled check: cheap for valid files)."""
    return bool(_fast_schema_check()(data))


def check(loaded: yamlpos.Loaded, file: Path, name: str) -> list[Problem]:
    """Every problem of a loaded file (its YAML issues included), sorted by place."""
    problems = [
        problem(code, name, m.line, m.column, dotted(path), params)
        for code, m, path, params in loaded.issues
    ]
    problems += [
        problem("todo", name, m.line, m.column, dotted(path), {"where": dotted(path) or "-"})
        for path, m in loaded.todos
    ]
    if loaded.data is None:
        return problems
    checker = Checker(file, name, loaded)
    checker.schema()
    if isinstance(loaded.data, dict):
        try:
            checker.meaning()
        except (TypeError, AttributeError, KeyError, ValueError):
            # The meaning checks rely on the shapes the schema guarantees; when the schema has
            # already found problems (each with its line), those are the answer.
            if not checker.problems:
                raise
    problems += checker.problems
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


class Checker:
    def __init__(self, file: Path, name: str, loaded: yamlpos.Loaded, *, versions: bool = True):
        self.versions = versions  # also check each amended version (not for a version itself)
        self.file = file
        self.name = name
        self.loaded = loaded
        self.data = loaded.data
        self.problems: list[Problem] = []
        self._said: set = set()

    def add(self, code: str, path: tuple, *, at_key: bool = False, **params) -> None:
        said = (code, path, tuple(sorted((k, str(v)) for k, v in params.items())))
        if said in self._said:  # jsonschema may report one fault through several errors
            return
        self._said.add(said)
        mark = self.loaded.where(path, key=at_key)
        self.problems.append(problem(code, self.name, mark.line, mark.column, dotted(path), params))

    # -- structure ---------------------------------------------------------------------------
    def schema(self) -> None:
        if schema_valid(self.data):
            return  # valid: the full walk below would find nothing
        from jsonschema import Draft202012Validator  # cold start: only files with problems

        errors = list(Draft202012Validator(program_schema()).iter_errors(self.data))
        # A value of the wrong type also fails its enum or pattern: the type is the one fault.
        typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
        for e in errors:
            if e.validator != "type" and tuple(e.absolute_path) in typed:
                continue
            self._schema_error(e)

    def _schema_error(self, e) -> None:
        path = tuple(e.absolute_path)
        kind, value = e.validator, e.validator_value
        if kind == "required":
            for k in value:
                if k in (e.instance or {}):
                    continue
                if k in ("zh", "en"):
                    self.add(
                        "missing-text",
                        path,
                        key=k,
                        lang_zh="中文" if k == "zh" else "英文",
                        lang_en="Chinese" if k == "zh" else "English",
                    )
                else:
                    self.add("missing-key", path, key=k)
        elif kind == "additionalProperties":
            allowed = sorted(e.schema.get("properties", {}))
            for k in sorted(set(e.instance) - set(allowed)):
                if set(allowed) == {"zh", "en"} and e.instance.get(k) is None:
                    self._split_text(path, k)
                    continue
                self.add("unknown-key", path + (k,), at_key=True, key=k, allowed=", ".join(allowed))
        elif kind == "type" or (kind == "enum" and path[-1:] == ("level",)):
            self._wrong_type(path, e.instance, value if kind == "type" else None)
        elif kind == "minLength" and value == 1:
            self.add("empty-text", path)
        elif kind == "pattern" and "\\d{4}" in value:
            self.add("bad-date", path, value=show(e.instance))
        elif kind == "pattern" and "a-z0-9" in value:
            self.add("bad-id", path, value=show(e.instance))
        elif kind == "enum":
            self.add("bad-choice", path, value=show(e.instance), choices=", ".join(map(str, value)))
        elif kind == "minItems":
            self.add("empty-list", path, count=value)
        else:
            self.add("invalid", path, reason=e.message)

    def _wrong_type(self, path: tuple, instance, want) -> None:
        if path[-1:] == ("level",):  # levels are numbers 5 (junior) to 1 (senior technician)
            name = (
                instance.strip().replace("（", "(").split("(")[0]
                if isinstance(instance, str)
                else None
            )
            if name in LEVEL_NAMES:
                self.add("level-by-name", path, got=instance, number=LEVEL_NAMES[name])
            else:
                self.add("bad-choice", path, value=show(instance), choices="1, 2, 3, 4, 5")
            return
        want = want if isinstance(want, str) else " / ".join(want)
        zh = " / ".join(TYPE_ZH.get(w.strip(), w) for w in want.split("/"))
        self.add("wrong-type", path, want_zh=zh, want_en=want, got=show(instance))

    def _split_text(self, path: tuple, stray: str) -> None:
        """`{zh: 甲，乙, en: a, b}`: in a flow mapping the comma ends `en`, and `b` becomes a
        key with no value. Say so, and show the quoted text that fixes it."""
        text = self.data
        for step in path:
            text = text[step]
        keys = list(text)
        before = keys[keys.index(stray) - 1] if keys.index(stray) else "en"
        lang = before if before in ("zh", "en") else "en"
        example = f"{text.get(lang) or ''}, {stray}".strip(", ")
        self.add(
            "text-split-by-comma",
            path + (stray,),
            at_key=True,
            key=stray,
            lang=lang,
            example=example,
        )

    # -- meaning -----------------------------------------------------------------------------
    def meaning(self) -> None:
        d = self.data
        pid = d.get("id")
        if isinstance(pid, str) and self.file.stem != pid:
            self.add("id-file-mismatch", ("id",), id=pid, file=self.file.name)
        source = (d.get("notice") or {}).get("source")
        if isinstance(source, str) and not (self.file.parent / source).is_file():
            self.add("missing-source", ("notice", "source"), source=source)
        self._unique_ids()
        self._references()
        self._levels_and_occupations()
        self._expressions()
        self._dates()
        for path, code, params in amend.problems(self.data):
            self.add(code, path, **params)
        if not self.problems and self.versions:
            self._amended_versions()

    def _amended_versions(self) -> None:
        """Each amendment applied must leave a valid program, by every check this file passed:
        what validate accepts, every dated build renders. A problem is reported at the change
        it comes from (the change whose path leads to it, else the amendment's first)."""
        for amendment in amend.ordered(self.data):
            version = amend.in_force(self.data, amendment["date"])
            for key in ("as_of", "history", "amendments_in_force", "amendments_upcoming"):
                version.pop(key)
            stub = yamlpos.Loaded(version, {}, {}, [])
            checker = Checker(self.file, self.name, stub, versions=False)
            checker.schema()
            if not checker.problems:
                checker.meaning()
            index = self.data["amendments"].index(amendment)
            for found in checker.problems:
                self.add(
                    "amendment-breaks-program",
                    self._change_leading_to(index, amendment, found.path),
                    date=amendment["date"],
                    where=found.path or "-",
                    reason_zh=found.zh,
                    reason_en=found.en,
                )

    def _change_leading_to(self, index: int, amendment: dict, path: str) -> tuple:
        plain = path.replace("[", ".").replace("]", "")
        for j, change in enumerate(amendment.get("changes") or []):
            head = str(change.get("path", "")).split(".")[0]
            if plain.split(".")[0] == head:
                return ("amendments", index, "changes", j, "value")
        return ("amendments", index, "date")

    def _unique_ids(self) -> None:
        d = self.data
        groups = {
            "materials": items(d, "materials"),
            "subsidies": items(d, "subsidies"),
            "timeline": items(d, "timeline"),
            "fees": items(d, "fees"),
            "provisions": items(d, "provisions"),
            "contacts": items(d, "contacts"),
            "review": items(d, "review"),
            "audience": items(d.get("audience"), "groups", ("audience",)),
            "occupations": items(d, "occupations"),
            "subjects": items(d.get("exam"), "subjects", ("exam",)),
            "verification_sites": items(d, "verification_sites"),
            "amendments": items(d, "amendments"),
            "rules": [(path, c) for path, c in self._rules() if isinstance(c, dict)],
        }
        for group in groups.values():
            seen: dict = {}
            for path, item in group:
                ident = item.get("id") if isinstance(item, dict) else None
                if not isinstance(ident, str):
                    continue
                if ident in seen:
                    self.add("duplicate-id", path + ("id",), id=ident, first=dotted(seen[ident]))
                else:
                    seen[ident] = path
        seen_levels: set = set()
        for path, level in items(d, "levels"):
            number = (level.get("occupation"), level.get("level"))
            if number in seen_levels:
                self.add("duplicate-level", path + ("level",), level=level.get("level"))
            seen_levels.add(number)

    def _rules(self):
        """Conditions and requirements: their ids name the why in eligibility results."""
        for lp, level in items(self.data, "levels"):
            yield from items(level, "conditions", lp)
        for sp, s in items(self.data, "subsidies"):
            yield from items(s, "requirements", sp)

    def _references(self) -> None:
        d = self.data
        materials = {m.get("id") for _, m in items(d, "materials")}
        group = ((d.get("packaging") or {}).get("group")) or {}
        for part in ("roster", "photo_folder"):
            ref = (group.get(part) or {}).get("material") if isinstance(group, dict) else None
            if isinstance(ref, str) and ref not in materials:
                self.add(
                    "undefined-material",
                    ("packaging", "group", part, "material"),
                    ref=ref,
                    defined=", ".join(sorted(materials)),
                )
        subsidies = {s.get("id") for _, s in items(d, "subsidies")}
        offered = {lv.get("level") for _, lv in items(d, "levels")}
        for sp, s in items(d, "subsidies"):
            for i, ref in enumerate(s.get("either_or") or []):
                if ref not in subsidies or ref == s.get("id"):
                    self.add("undefined-subsidy", sp + ("either_or", i), ref=ref)
            for ap, a in items(s, "amounts", sp):
                if a.get("level") not in offered:
                    self.add("amount-for-unoffered-level", ap + ("level",), level=a.get("level"))

    def _levels_and_occupations(self) -> None:
        """Occupations, levels, materials, fees and exam subjects that name one another."""
        d = self.data
        occupations = {o.get("id") for _, o in items(d, "occupations")}
        for path, level in items(d, "levels"):
            if level.get("conditions") and level.get("not_stated"):
                self.add(
                    "conditions-and-not-stated", path + ("not_stated",), level=level.get("level")
                )
            named = level.get("occupation")
            if occupations and named not in occupations:
                self.add(
                    "undefined-occupation",
                    path + (("occupation",) if named else ()),
                    ref=named or "",
                    defined=", ".join(sorted(occupations)),
                )
            elif named and not occupations:
                self.add("undefined-occupation", path + ("occupation",), ref=named, defined="-")
        offered = {lv.get("level") for _, lv in items(d, "levels")}
        conditions = {c.get("id") for _, c in self._rules()}
        subjects = {s.get("id") for _, s in items(d.get("exam"), "subjects")}
        for mp, m in items(d, "materials"):
            if m.get("submit", "electronic") != "paper" and not m.get("formats"):
                self.add("missing-formats", mp, material=m.get("id"))
            pattern = (m.get("naming") or {}).get("pattern")
            for odd in sorted(set(re.findall(r"\{[^{}]*\}", pattern or ""))):
                if odd not in ("{name}", "{id_number}"):
                    self.add("bad-naming-placeholder", mp + ("naming", "pattern"), found=odd)
            low, high = m.get("min_bytes"), m.get("max_bytes")
            if isinstance(low, int) and isinstance(high, int) and low > high:
                self.add("min-bytes-over-max-bytes", mp + ("min_bytes",), low=low, high=high)
            for i, ref in enumerate(m.get("conditions") or []):
                if ref not in conditions:
                    self.add("undefined-condition", mp + ("conditions", i), ref=ref)
        for seq in (items(d, "materials"), items(d, "fees")):
            for ip, item in seq:
                for i, level in enumerate(item.get("levels") or []):
                    if level not in offered:
                        self.add("level-not-offered", ip + ("levels", i), level=level)
        for sp, subject in items(d.get("exam"), "subjects", ("exam",)):
            full, passing = subject.get("full_marks"), subject.get("pass_mark")
            if (
                isinstance(full, int | float)
                and isinstance(passing, int | float)
                and passing > full
            ):
                self.add(
                    "pass-mark-over-full-marks",
                    sp + ("pass_mark",),
                    pass_mark=passing,
                    full_marks=full,
                )
        for fp, fee in items(d, "fees"):
            named = fee.get("occupation")
            if named and named not in occupations:
                self.add(
                    "undefined-occupation",
                    fp + ("occupation",),
                    ref=named,
                    defined=", ".join(sorted(occupations)) or "-",
                )
            if fee.get("subject") and fee["subject"] not in subjects:
                self.add(
                    "undefined-subject",
                    fp + ("subject",),
                    ref=fee["subject"],
                    defined=", ".join(sorted(subjects)) or "-",
                )

    def _expressions(self) -> None:
        audience = self.data.get("audience")
        if isinstance(audience, dict) and "when" in audience:
            self._expr(audience["when"], ("audience", "when"), 0)
        for path, rule in self._rules():
            if "when" in rule:
                self._expr(rule["when"], path + ("when",), 0)
        for mp, m in items(self.data, "materials"):
            if "required_when" in m:
                self._expr(m["required_when"], mp + ("required_when",), 0)

    def _expr(self, e, path: tuple, depth: int) -> None:
        if depth > MAX_EXPR_DEPTH:
            self.add("condition-too-deep", path, limit=MAX_EXPR_DEPTH)
            return
        if not isinstance(e, dict) or len(e) == 0:
            self.add("bad-condition", path)
            return
        for joiner in ("all", "any"):
            if joiner in e:
                if len(e) != 1 or not isinstance(e[joiner], list) or not e[joiner]:
                    self.add("bad-condition-list", path, joiner=joiner)
                    return
                for i, sub in enumerate(e[joiner]):
                    self._expr(sub, path + (joiner, i), depth + 1)
                return
        if "not" in e:
            if len(e) != 1:
                self.add("bad-condition-not", path)
                return
            self._expr(e["not"], path + ("not",), depth + 1)
            return
        self._atom(e, path)

    def _atom(self, e: dict, path: tuple) -> None:
        fields = profile.fields()
        name = e.get("field")
        ops = [k for k in e if k != "field"]
        if not isinstance(name, str) or len(ops) != 1 or ops[0] not in OPS:
            self.add("bad-condition-atom", path, ops=", ".join(OPS))
            return
        if name not in fields:
            nearest = difflib.get_close_matches(name, list(fields), n=3, cutoff=0.5)
            near = ", ".join(nearest)
            self.add(
                "unknown-field",
                path + ("field",),
                field=name,
                nearest_zh=f"是不是指：{near}？" if nearest else f"可用字段：{', '.join(fields)}。",
                nearest_en=f"Did you mean: {near}? "
                if nearest
                else f"Fields: {', '.join(fields)}. ",
            )
            return
        op, value = ops[0], e[ops[0]]
        spec = fields[name]
        values = value if op in ("in", "within") else [value]
        if op in ("in", "within") and not isinstance(value, list):
            values = [value]
            self.add("bad-condition-in", path + (op,), op=op)
        elif op in ("in", "within") and not value:
            self.add("empty-condition-list", path + (op,), op=op)
        for v in values:
            if not fits(v, spec, op):
                zh, en = allowed_values(spec, op)
                self.add(
                    "bad-condition-value",
                    path + (op,),
                    field=name,
                    value=show(v),
                    allowed_zh=zh,
                    allowed_en=en,
                )
            elif op == "within" and v not in regions.names():
                self.add("unknown-division", path + (op,), division=v)

    def _dates(self) -> None:
        for tp, t in items(self.data, "timeline"):
            start, end = t.get("start"), t.get("end")
            if not start and not end:
                self.add("missing-date", tp)
            if isinstance(start, str) and isinstance(end, str) and start > end:
                self.add("dates-reversed", tp + ("end",), start=start, end=end)


def allowed_values(spec: dict, op: str) -> tuple[str, str]:
    """What a condition on the field described by spec may compare with, in zh and en."""
    if op == "within" or spec.get("format") == "division":
        return (
            "GB/T 2260 的 6 位行政区划代码，如 350521（县）、350500（市）、350000（省）",
            "a 6-digit GB/T 2260 division code, e.g. 350521 (county), 350500 (city), "
            "350000 (province)",
        )
    if spec.get("format") == "month":
        return "年月，写成 YYYY-MM，如 2024-07", "a month written YYYY-MM, e.g. 2024-07"
    if spec["enum"]:
        listed = ", ".join(map(str, spec["enum"]))
        return listed, listed
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    if op in ORDER_OPS or any(k in ("number", "integer") for k in kinds):
        return "数字，如 5", "a number, e.g. 5"
    if "boolean" in kinds:
        return "true 或 false", "true or false"
    return "文字", "text"


def fits(value, spec: dict, op: str) -> bool:
    """Whether a condition may compare the profile field described by spec with value."""
    kind = spec["type"]
    kinds = kind if isinstance(kind, list) else [kind]
    if op == "within":  # GB/T 2260 codes: a county, a city (…00) or a province (…0000)
        return (
            spec.get("format") == "division"
            and isinstance(value, str)
            and bool(re.fullmatch(r"[1-9][0-9]{5}", value))
        )
    if op in ORDER_OPS and spec.get("format") == "month":
        return isinstance(value, str) and bool(re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value))
    if op in ORDER_OPS:
        return (
            any(k in ("number", "integer") for k in kinds)
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        )
    if value is None:
        return True
    if spec["enum"]:
        return value in spec["enum"]
    if "boolean" in kinds:
        return isinstance(value, bool)
    if any(k in ("number", "integer") for k in kinds):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def items(d, key: str, prefix: tuple = ()) -> list[tuple[tuple, dict]]:
    """(key path, item) for each mapping in the list d[key]; nothing when it is not a list."""
    seq = d.get(key) if isinstance(d, dict) else None
    if not isinstance(seq, list):
        return []
    return [(prefix + (key, i), item) for i, item in enumerate(seq) if isinstance(item, dict)]


def dotted(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def show(v) -> str:
    return json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else f'"{v}"'
