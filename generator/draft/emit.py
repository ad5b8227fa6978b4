"""Write a drafted program as YAML staff can read: !todo marks, and the notice's words as comments.

The draft is plain data (dicts, lists, strings, numbers, booleans) with two additions:
- Todo(value): a value a person must check, written `!todo value` (validate lists it as a
  warning; build and publish refuse it);
- in a dict, the key "#" holds a comment written above the item, and "#key" a comment written
  above that key (the notice's words the value comes from).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Todo:
    value: object


def plain(data):
    """The data as validate will read it: Todo marks and comments gone."""
    if isinstance(data, Todo):
        return plain(data.value)
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items() if not k.startswith("#")}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


_PLAIN = re.compile(r"^[\w\u3000-\u9fff\uff00-\uffef][^:#\[\]{},\"'\n]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if value is None:
        return "null"
    text = str(value)
    if _DATE.match(text):
        return text  # read back as the same YYYY-MM-DD
    if _PLAIN.match(text) and not text.endswith(" ") and not _ambiguous(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _ambiguous(text: str) -> bool:
    """Plain text that YAML would read as a number, a boolean, null or a date."""
    try:
        return yaml.safe_load(text) != text
    except yaml.YAMLError:
        return True


def _tag(value) -> tuple[str, object]:
    return ("!todo ", value.value) if isinstance(value, Todo) else ("", value)


def flow(value) -> str:
    tag, value = _tag(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {flow(v)}" for k, v in value.items() if not k.startswith("#"))
        return tag + "{" + inner + "}"
    if isinstance(value, list):
        return tag + "[" + ", ".join(flow(v) for v in value) + "]"
    return tag + scalar(value)


def _flat(value) -> bool:
    """Scalars, or a list of them: what one line shows best."""
    _, value = _tag(value)
    if isinstance(value, list):
        return all(not isinstance(_tag(v)[1], dict | list) for v in value)
    return not isinstance(value, dict)


def _small(value, width: int) -> bool:
    _, value = _tag(value)
    if isinstance(value, dict) and any(k.startswith("#") for k in value):
        return False
    if isinstance(value, dict | list):
        text = flow(value)
        if isinstance(value, dict) and all(_flat(v) for v in value.values()):
            return len(text) <= max(width, 160)  # a condition's atom stays on one line
        nested = isinstance(value, dict) and any(
            isinstance(_tag(v)[1], dict | list) and len(flow(v)) > 60 for v in value.values()
        )
        return len(text) <= width and not nested
    return True


def _comment(text: str, indent: int) -> list[str]:
    return [" " * indent + "# " + line for line in str(text).splitlines()]


def dump(data: dict) -> str:
    return "\n".join(_mapping(data, 0)) + "\n"


def _mapping(data: dict, indent: int, own_comment: bool = True) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for key, value in data.items():
        if key.startswith("#"):
            if key == "#" and own_comment:
                lines += _comment(value, indent)
            continue
        if f"#{key}" in data:
            lines += _comment(data[f"#{key}"], indent)
        lines += _entry(f"{pad}{key}:", value, indent)
    return lines


def _entry(head: str, value, indent: int) -> list[str]:
    tag, inner = _tag(value)
    if isinstance(inner, dict | list) and not inner:
        return [f"{head} {tag}{'{}' if isinstance(inner, dict) else '[]'}"]
    if _small(value, 100 - len(head)):
        return [f"{head} {flow(value)}"]
    if isinstance(inner, dict):
        return [f"{head} {tag}".rstrip(), *_mapping(inner, indent + 2)]
    return [f"{head} {tag}".rstrip(), *_sequence(inner, indent + 2)]


def _sequence(items: list, indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for item in items:
        tag, inner = _tag(item)
        if isinstance(inner, dict) and "#" in inner:
            lines += _comment(inner["#"], indent)
        if isinstance(inner, dict) and not _small(item, 96 - indent):
            body = _mapping(inner, indent + 2, own_comment=False)
            if tag:
                lines += [f"{pad}- {tag}".rstrip(), *body]
            else:
                first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
                lines += body[:first]
                lines.append(f"{pad}- {body[first][indent + 2 :]}")
                lines += body[first + 1 :]
        elif isinstance(inner, list) and not _small(item, 96 - indent):
            lines += [f"{pad}- {tag}".rstrip(), *_sequence(inner, indent + 2)]
        else:
            lines.append(f"{pad}- {flow(item)}")
    return lines
