"""Load every program file under data/ and report *all* that is wrong with them at once.

Staff fix data in one pass when they see every problem with its file:line:column, so the
loader collects problems (schema, then meaning: ids, references, condition fields) instead
of stopping at the first.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from . import amend, profile, yamlpos
from .errors import DataError, Problem, UnknownProgram

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SCHEMA_FILE = Path(__file__).parent / "schema" / "program.schema.json"
OPS = ("eq", "ne", "in", "ge", "gt", "le", "lt")
NUMERIC_OPS = ("ge", "gt", "le", "lt")
MAX_EXPR_DEPTH = 12


@cache
def program_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def _fast_schema_check():
    from .fastcheck import compiled

    return compiled(program_schema(), "program")


def load_programs(data_dir: Path | None = None) -> dict[str, dict]:
    """Programs by id, as plain data; raises DataError listing every problem found."""
    programs, problems = check_dir(data_dir)
    if problems:
        raise DataError(problems)
    return programs


def get_program(program_id: str, data_dir: Path | None = None) -> dict:
    programs = load_programs(data_dir)
    if program_id not in programs:
        raise UnknownProgram(program_id, sorted(programs))
    return programs[program_id]


def check_dir(data_dir: Path | None = None) -> tuple[dict[str, dict], list[Problem]]:
    data_dir = Path(data_dir or DATA_DIR)
    programs: dict[str, dict] = {}
    problems: list[Problem] = []
    files = sorted(data_dir.glob("*.yaml"))
    if not files:
        problems.append(
            Problem(
                "no-programs",
                str(data_dir),
                1,
                1,
                "",
                "data/ 下没有任何 .yaml 项目文件。",
                "there is no .yaml program file in data/.",
            )
        )
    for file in files:
        program, found = check_file(file)
        problems += found
        if program is None:
            continue
        pid = program.get("id")
        if pid in programs:
            problems.append(
                Problem(
                    "duplicate-program",
                    _rel(file),
                    1,
                    1,
                    "id",
                    f"项目编号 “{pid}” 已被另一个文件使用。",
                    f'program id "{pid}" is already used by another file.',
                )
            )
        programs[pid] = program
    return programs, problems


def check_file(file: Path) -> tuple[dict | None, list[Problem]]:
    """Parse and check one program file; the program is None when it cannot be used."""
    name = _rel(file)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return None, [
            Problem(
                "not-utf8",
                name,
                1,
                1,
                "",
                f"文件不是 UTF-8 编码（{e.reason}）。请用 UTF-8 保存。",
                f"the file is not UTF-8 ({e.reason}). Save it as UTF-8.",
            )
        ]
    loaded = yamlpos.load(text)
    problems = [
        Problem(code, name, m.line, m.column, _dotted(path), zh, en)
        for code, m, path, zh, en in loaded.issues
    ]
    if loaded.data is None:
        return None, problems
    checker = _Checker(file, loaded)
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
    ok = not problems
    return (loaded.data if ok else None), problems


class _Checker:
    def __init__(self, file: Path, loaded: yamlpos.Loaded):
        self.file = file
        self.name = _rel(file)
        self.loaded = loaded
        self.data = loaded.data
        self.problems: list[Problem] = []

    def add(self, code: str, path: tuple, zh: str, en: str, *, key: bool = False) -> None:
        mark = self._where(path, key)
        self.problems.append(
            Problem(code, self.name, mark.line, mark.column, _dotted(path), zh, en)
        )

    def _where(self, path: tuple, key: bool) -> yamlpos.Mark:
        return self.loaded.where(path, key=key)

    # -- structure ---------------------------------------------------------------------------
    def schema(self) -> None:
        if _fast_schema_check()(self.data):
            return  # valid: the full walk below would find nothing
        from jsonschema import Draft202012Validator

        validator = Draft202012Validator(program_schema())
        for e in validator.iter_errors(self.data):
            self._schema_error(e)

    def _schema_error(self, e) -> None:
        path = tuple(e.absolute_path)
        kind, value = e.validator, e.validator_value
        if kind == "required":
            missing = [k for k in value if k not in (e.instance or {})]
            for k in missing:
                if k in ("zh", "en"):
                    lang = "中文" if k == "zh" else "英文"
                    self.add(
                        "missing-text",
                        path,
                        f"缺少{lang}文本（{k}）。每段文字都要有 zh 和 en 两种语言。",
                        f"the {'Chinese' if k == 'zh' else 'English'} text ({k}) is missing. "
                        "Every text needs both zh and en.",
                    )
                else:
                    self.add(
                        "missing-key",
                        path,
                        f"缺少必填项 “{k}”。",
                        f'the required key "{k}" is missing.',
                    )
        elif kind == "additionalProperties":
            allowed = sorted(e.schema.get("properties", {}))
            for k in sorted(set(e.instance) - set(allowed)):
                self.add(
                    "unknown-key",
                    path + (k,),
                    f"未知的键 “{k}”。这里可用的键：{', '.join(allowed)}。",
                    f'unknown key "{k}". Keys allowed here: {", ".join(allowed)}.',
                    key=True,
                )
        elif kind == "type":
            want = value if isinstance(value, str) else " / ".join(value)
            self.add(
                "wrong-type",
                path,
                f"类型不对：这里应是 {_type_zh(want)}，而不是 {_show(e.instance)}。",
                f"wrong type: expected {want}, got {_show(e.instance)}.",
            )
        elif kind == "minLength" and value == 1:
            self.add("empty-text", path, "文本不能为空。", "the text must not be empty.")
        elif kind == "pattern" and "\\d{4}" in value:
            self.add(
                "bad-date",
                path,
                f"日期 {_show(e.instance)} 格式不对，请写成 YYYY-MM-DD，例如 2024-07-05。",
                f"the date {_show(e.instance)} is malformed; write YYYY-MM-DD, e.g. 2024-07-05.",
            )
        elif kind == "pattern" and "a-z0-9" in value:
            self.add(
                "bad-id",
                path,
                f"编号 {_show(e.instance)} 只能用小写字母、数字和连字符，例如 photo、id-card。",
                f"the id {_show(e.instance)} may use only lower-case letters, digits and hyphens, "
                "e.g. photo, id-card.",
            )
        elif kind == "enum":
            choices = ", ".join(str(v) for v in value)
            self.add(
                "bad-choice",
                path,
                f"{_show(e.instance)} 不是可选值之一：{choices}。",
                f"{_show(e.instance)} is not one of: {choices}.",
            )
        elif kind == "minItems":
            self.add(
                "empty-list",
                path,
                f"列表至少要有 {value} 项。",
                f"the list needs at least {value} item(s).",
            )
        else:
            self.add(
                "invalid",
                path,
                f"取值不符合格式：{e.message}",
                f"invalid value: {e.message}",
            )

    # -- meaning -----------------------------------------------------------------------------
    def meaning(self) -> None:
        d = self.data
        pid = d.get("id")
        if isinstance(pid, str) and self.file.stem != pid:
            self.add(
                "id-file-mismatch",
                ("id",),
                f"项目编号 “{pid}” 与文件名 “{self.file.name}” 不一致；文件应命名为 {pid}.yaml。",
                f'program id "{pid}" does not match the file name "{self.file.name}"; '
                f"name the file {pid}.yaml.",
            )
        source = (d.get("notice") or {}).get("source")
        if isinstance(source, str) and not (self.file.parent / source).is_file():
            self.add(
                "missing-source",
                ("notice", "source"),
                f"找不到通知原文文件 data/{source}。请把通知全文保存为这个文件。",
                f"the notice text file data/{source} is missing. Save the notice's full text "
                "under that name.",
            )
        self._unique_ids()
        self._references()
        self._expressions()
        self._dates()
        for path, code, zh, en in amend.problems(self.data):
            self.add(code, path, zh, en)

    def _unique_ids(self) -> None:
        d = self.data
        groups = {
            "materials": _items(d, "materials"),
            "subsidies": _items(d, "subsidies"),
            "timeline": _items(d, "timeline"),
            "fees": _items(d, "fees"),
            "provisions": _items(d, "provisions"),
            "contacts": _items(d, "contacts"),
            "review": _items(d, "review"),
            "audience": _items(d, "audience"),
            "verification_sites": _items(d, "verification_sites"),
            "amendments": _items(d, "amendments"),
            "rules": [(path, c) for path, c in self._rules() if isinstance(c, dict)],
        }
        for items in groups.values():
            seen: dict = {}
            for path, item in items:
                ident = item.get("id") if isinstance(item, dict) else None
                if not isinstance(ident, str):
                    continue
                if ident in seen:
                    self.add(
                        "duplicate-id",
                        path + ("id",),
                        f"编号 “{ident}” 重复（第一次出现在 {_dotted(seen[ident])}）。编号必须唯一。",
                        f'the id "{ident}" is used twice (first at {_dotted(seen[ident])}). '
                        "Ids must be unique.",
                    )
                else:
                    seen[ident] = path
        levels = [(p, lv.get("level")) for p, lv in _items(d, "levels") if isinstance(lv, dict)]
        seen_levels: set = set()
        for path, level in levels:
            if level in seen_levels:
                self.add(
                    "duplicate-level",
                    path + ("level",),
                    f"等级 {level} 出现了两次；同一等级的条件请写在一起。",
                    f"level {level} appears twice; put all its conditions under one entry.",
                )
            seen_levels.add(level)

    def _rules(self):
        """Conditions and requirements: their ids name the why in eligibility results."""
        for lp, level in _items(self.data, "levels"):
            yield from _items(level, "conditions", lp)
        for sp, s in _items(self.data, "subsidies"):
            yield from _items(s, "requirements", sp)

    def _references(self) -> None:
        d = self.data
        materials = {m.get("id") for _, m in _items(d, "materials") if isinstance(m, dict)}
        group = ((d.get("packaging") or {}).get("group")) or {}
        for part in ("roster", "photo_folder"):
            ref = (group.get(part) or {}).get("material") if isinstance(group, dict) else None
            if isinstance(ref, str) and ref not in materials:
                self.add(
                    "undefined-material",
                    ("packaging", "group", part, "material"),
                    f"引用了未定义的材料 “{ref}”。已定义的材料：{', '.join(sorted(materials))}。",
                    f'refers to the undefined material "{ref}". Defined materials: '
                    f"{', '.join(sorted(materials))}.",
                )
        subsidies = {s.get("id") for _, s in _items(d, "subsidies") if isinstance(s, dict)}
        offered = {lv.get("level") for _, lv in _items(d, "levels") if isinstance(lv, dict)}
        for sp, s in _items(d, "subsidies"):
            for i, ref in enumerate(s.get("either_or") or []):
                if ref not in subsidies or ref == s.get("id"):
                    self.add(
                        "undefined-subsidy",
                        sp + ("either_or", i),
                        f"“或”引用了未定义的补贴 “{ref}”。",
                        f'either_or refers to the undefined subsidy "{ref}".',
                    )
            for ap, a in _items(s, "amounts", sp):
                if isinstance(a, dict) and a.get("level") not in offered:
                    self.add(
                        "amount-for-unoffered-level",
                        ap + ("level",),
                        f"补贴金额对应的等级 {a.get('level')} 不在本通知开设的等级中。",
                        f"the amount is for level {a.get('level')}, which this notice does not offer.",
                    )

    def _expressions(self) -> None:
        for path, rule in self._rules():
            if isinstance(rule, dict) and "when" in rule:
                self._expr(rule["when"], path + ("when",), 0)
        for mp, m in _items(self.data, "materials"):
            if isinstance(m, dict) and "required_when" in m:
                self._expr(m["required_when"], mp + ("required_when",), 0)

    def _expr(self, e, path: tuple, depth: int) -> None:
        if depth > MAX_EXPR_DEPTH:
            self.add(
                "condition-too-deep",
                path,
                f"条件嵌套超过 {MAX_EXPR_DEPTH} 层。",
                f"the condition nests more than {MAX_EXPR_DEPTH} levels deep.",
            )
            return
        if not isinstance(e, dict) or len(e) == 0:
            self.add(
                "bad-condition",
                path,
                "条件应写成 {all: [...]}、{any: [...]}、{not: ...} 或 {field: 字段, eq: 值}。",
                "a condition is {all: [...]}, {any: [...]}, {not: ...} or {field: FIELD, eq: VALUE}.",
            )
            return
        for joiner in ("all", "any"):
            if joiner in e:
                if len(e) != 1 or not isinstance(e[joiner], list) or not e[joiner]:
                    self.add(
                        "bad-condition",
                        path,
                        f"“{joiner}” 后面应是一个非空列表，且不能与其他键并列。",
                        f'"{joiner}" takes a non-empty list and stands alone.',
                    )
                    return
                for i, sub in enumerate(e[joiner]):
                    self._expr(sub, path + (joiner, i), depth + 1)
                return
        if "not" in e:
            if len(e) != 1:
                self.add("bad-condition", path, "“not” 不能与其他键并列。", '"not" stands alone.')
                return
            self._expr(e["not"], path + ("not",), depth + 1)
            return
        self._atom(e, path)

    def _atom(self, e: dict, path: tuple) -> None:
        fields = profile.fields()
        name = e.get("field")
        ops = [k for k in e if k != "field"]
        if not isinstance(name, str) or len(ops) != 1 or ops[0] not in OPS:
            self.add(
                "bad-condition",
                path,
                f"条件应写成 {{field: 字段, 运算: 值}}，运算是 {', '.join(OPS)} 之一。",
                f"a condition is {{field: FIELD, OP: VALUE}} with OP one of {', '.join(OPS)}.",
            )
            return
        if name not in fields:
            self.add(
                "unknown-field",
                path + ("field",),
                f"考生资料中没有字段 “{name}”。可用字段：{', '.join(fields)}。",
                f'the candidate profile has no field "{name}". Fields: {", ".join(fields)}.',
            )
            return
        op, value = ops[0], e[ops[0]]
        spec = fields[name]
        values = value if op == "in" else [value]
        if op == "in" and not isinstance(value, list):
            values = [value]
            self.add("bad-condition", path + (op,), "“in” 后面应是列表。", '"in" takes a list.')
        for v in values:
            if not _fits(v, spec, op):
                allowed = ", ".join(map(str, spec["enum"])) if spec["enum"] else spec["type"]
                self.add(
                    "bad-condition-value",
                    path + (op,),
                    f"字段 “{name}” 不能与 {_show(v)} 比较；可用的值：{allowed}。",
                    f'the field "{name}" cannot be compared with {_show(v)}; values: {allowed}.',
                )

    def _dates(self) -> None:
        for tp, t in _items(self.data, "timeline"):
            if not isinstance(t, dict):
                continue
            start, end = t.get("start"), t.get("end")
            if not start and not end:
                self.add(
                    "missing-date",
                    tp,
                    "日程项至少要有 start 或 end 日期。",
                    "a timeline entry needs a start or an end date.",
                )
            if isinstance(start, str) and isinstance(end, str) and start > end:
                self.add(
                    "dates-reversed",
                    tp + ("end",),
                    f"结束日期 {end} 早于开始日期 {start}。",
                    f"the end date {end} is before the start date {start}.",
                )


def _fits(value, spec: dict, op: str) -> bool:
    kind = spec["type"]
    kinds = kind if isinstance(kind, list) else [kind]
    if op in NUMERIC_OPS:
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


def _items(d, key: str, prefix: tuple = ()):
    seq = d.get(key) if isinstance(d, dict) else None
    if not isinstance(seq, list):
        return []
    return [(prefix + (key, i), item) for i, item in enumerate(seq) if isinstance(item, dict)]


def _dotted(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _show(v) -> str:
    return json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else f'"{v}"'


def _type_zh(want: str) -> str:
    names = {
        "string": "文字",
        "integer": "整数",
        "number": "数字",
        "boolean": "true/false",
        "array": "列表",
        "object": "键值表",
        "null": "空值",
    }
    return " / ".join(names.get(w.strip(), w) for w in want.split("/"))


def _rel(file: Path) -> str:
    try:
        return str(file.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(file)
