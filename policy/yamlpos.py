"""YAML loading that remembers where every value stands, so errors can say file:line:column.

PyYAML's composer keeps marks on nodes; we build plain data from the node tree and keep a
map from key path to mark beside it. Duplicate keys, which PyYAML silently overwrites, are
reported here because a staff member who pastes a block twice would otherwise lose data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import yaml

Path = tuple  # a key path: ("levels", 0, "conditions", 1, "when")


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Loaded:
    data: object
    values: dict  # Path -> PyYAML mark of the value (0-based; see where())
    keys: dict  # Path -> PyYAML mark of the key that introduces it
    issues: list  # (code, Mark, path, params): messages.MESSAGES words them
    nodes: int = 0  # values built so far, aliases expanded
    todos: list = dataclasses.field(default_factory=list)  # (path, Mark): values tagged !todo

    def where(self, path: Path, *, key: bool = False) -> Mark:
        """Where the value at path (or its key) stands; the nearest enclosing value if the
        path does not exist (a missing key is reported at the mapping that lacks it)."""
        if key and path in self.keys:
            return _mark(self.keys[path])
        while path not in self.values and path:
            path = path[:-1]
        found = self.values.get(path)
        return _mark(found) if found is not None else Mark(1, 1)


# A program file has a few thousand values; aliases (*name) that expand past this are a mistake
# or an attack ("billion laughs") and would otherwise exhaust memory.
MAX_NODES = 200_000


# libyaml's parser is about ten times faster and keeps the same marks; fall back where absent.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(path) -> object:
    """Plain data from one of our own YAML files (strings, questions): fast, no marks kept."""
    with open(path, encoding="utf-8") as f:
        return yaml.load(f.read(), Loader=LOADER)  # noqa: S506 - LOADER is a safe loader


class _TooLarge(Exception):
    pass


def _mark(mark) -> Mark:
    """Marks are converted only when a problem is reported: most files have none."""
    return Mark(mark.line + 1, mark.column + 1)


def load(text: str) -> Loaded:
    """Parse YAML text; never raises on bad YAML, returns the problem as an issue instead."""
    out = Loaded(None, {}, {}, [])
    loader = None
    try:
        loader = LOADER(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        reason = " ".join(str(x) for x in (e.context, e.problem) if x)
        out.issues.append(("yaml-syntax", where, (), {"reason": reason}))
        return out
    except yaml.reader.ReaderError as e:  # a control character pasted in: no mark, a position
        where = Mark(
            text.count("\n", 0, e.position) + 1, e.position - text.rfind("\n", 0, e.position)
        )
        out.issues.append(("yaml-control-character", where, (), {"char": f"{e.character:04x}"}))
        return out
    except RecursionError:
        out.issues.append(_too_deep())
        return out
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        out.issues.append(("empty-file", Mark(1, 1), (), {}))
        return out
    try:
        out.data = _build(node, (), out, loader)
    except RecursionError:  # nesting beyond reason, or an anchor that contains itself
        out.data = None
        out.issues.append(_too_deep())
    except _TooLarge:
        out.data = None
        out.issues.append(("yaml-too-large", Mark(1, 1), (), {"limit": MAX_NODES}))
    return out


def _too_deep() -> tuple:
    return ("yaml-too-deep", Mark(1, 1), (), {})


TODO = "!todo"  # a value a person must still check (`generator draft` writes it): a warning


def _untagged(node, loader):
    """The node as if its !todo tag were not there: plain scalars resolve as YAML would."""
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # libyaml says "" where PyYAML says None
        tag = loader.resolve(yaml.ScalarNode, node.value, (plain, False))
        return yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark, node.style)
    kind = yaml.MappingNode if isinstance(node, yaml.MappingNode) else yaml.SequenceNode
    tag = "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"
    return kind(tag, node.value, node.start_mark, node.end_mark, node.flow_style)


def _build(node, path: Path, out: Loaded, loader):
    out.nodes += 1
    if out.nodes > MAX_NODES:
        raise _TooLarge
    if node.tag == TODO:
        out.todos.append((path, _mark(node.start_mark)))
        node = _untagged(node, loader)
    out.values[path] = node.start_mark
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, path, out, loader)
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                out.issues.append(
                    ("duplicate-key", _mark(key_node.start_mark), path + (key,), {"key": key})
                )
            out.keys[path + (key,)] = key_node.start_mark
            result[key] = _build(value_node, path + (key,), out, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), out, loader) for i, item in enumerate(node.value)]
    return _scalar(node, path, out, loader)


STR = "tag:yaml.org,2002:str"


def _scalar(node, path: Path, out: Loaded, loader):
    if node.tag == STR and isinstance(node, yaml.ScalarNode):
        return node.value  # most values: text, which needs no constructing
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError) as e:
        out.issues.append(
            ("bad-value", _mark(node.start_mark), path, {"value": node.value, "reason": e})
        )
        return node.value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
