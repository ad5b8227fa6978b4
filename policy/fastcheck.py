"""A compiled yes/no schema check for the happy path, cached on disk between runs.

Nearly every build reads program files that are valid. jsonschema walks the schema for each
file (a few ms each, most of the generator's load time at a hundred programs); fastjsonschema
turns the schema into Python once, which then checks a file several times faster. It only
answers "valid or not": when it says no, the caller runs jsonschema for the full list of
problems with their paths, so staff see exactly the same messages either way.

Compiling the schema costs more than checking a hundred files, so the generated module is kept
under build/cache, named by a hash of the schema and the library version, and imported from
there as bytecode. Where that folder cannot be written (a read-only
function package) the code is compiled in memory instead.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import marshal
import os
import re
from collections.abc import Callable
from pathlib import Path

CACHE_DIR = Path(
    os.environ.get("CERTNOTICE_CACHE_DIR")
    or Path(__file__).resolve().parent.parent / "build" / "cache"
)


def compiled(schema: dict, name: str) -> Callable[[object], bool]:
    """A function telling whether data is valid against schema (True) or not (False)."""
    import fastjsonschema

    key = hashlib.sha256(
        json.dumps(schema, sort_keys=True).encode()
        + fastjsonschema.VERSION.encode()
        + importlib.util.MAGIC_NUMBER  # bytecode is only good for this Python
    ).hexdigest()[:16]
    namespace = _cached_module(f"{name}_{key}", schema)
    check = namespace["validate"] if namespace else _compile(schema)

    def is_valid(data: object) -> bool:
        try:
            check(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


def _compile(schema: dict):
    import fastjsonschema

    return fastjsonschema.compile(_as_draft7(schema), **OPTIONS)


# Never write defaults into the data being checked; a yes/no answer needs no details.
OPTIONS = {"use_default": False, "detailed_exceptions": False}


def _as_draft7(schema: dict) -> dict:
    """fastjsonschema knows drafts 4 to 7. The keywords our schemas use (type, properties,
    required, items, enum, pattern, minimum, $ref into $defs, ...) mean the same in 2020-12 and
    in draft 7; tests/properties checks that both libraries agree on damaged files."""
    return {**_inline_refs(schema), "$schema": "http://json-schema.org/draft-07/schema#"}


ANNOTATIONS = {"description", "title", "$comment"}
DEFS = "#/$defs/"


def _inline_refs(schema: dict) -> dict:
    """Each non-recursive $ref replaced by its definition: fastjsonschema calls a function per
    $ref and builds an error path for it each time, which costs more than the check itself."""
    defs = schema.get("$defs", {})

    def names(node) -> set[str]:
        if isinstance(node, dict):
            ref = node.get("$ref")
            own = {ref[len(DEFS) :]} if isinstance(ref, str) and ref.startswith(DEFS) else set()
            return own.union(*(names(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(names(v) for v in node))
        return set()

    def reachable(name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:  # bounded: each definition is visited once
            for ref in names(defs.get(todo.pop(), {})) - seen:
                seen.add(ref)
                todo.append(ref)
        return seen

    recursive = {name for name in defs if name in reachable(name)}

    def inline(node):
        if isinstance(node, list):
            return [inline(v) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if (
            isinstance(ref, str)
            and ref.startswith(DEFS)
            and ref[len(DEFS) :] in defs
            and ref[len(DEFS) :] not in recursive
            and set(node) - {"$ref"} <= ANNOTATIONS
        ):
            return inline(defs[ref[len(DEFS) :]])
        return {k: (v if k == "$defs" else inline(v)) for k, v in node.items()}

    return inline(schema)


def _cached_module(module_name: str, schema: dict) -> dict | None:
    """The compiled check's globals; its bytecode is cached by us, since many setups (and our
    CI) turn off Python's own bytecode files."""
    path = CACHE_DIR / f"{module_name}.marshal"
    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        code = _generate(module_name, schema, path)
    if code is None:
        return None
    namespace: dict = {"__name__": f"_certnotice_cache.{module_name}"}
    exec(code, namespace)  # noqa: S102 - our own schema, compiled by fastjsonschema
    return namespace


def _generate(module_name: str, schema: dict, path: Path):
    import fastjsonschema

    source = fastjsonschema.compile_to_code(_as_draft7(schema), **OPTIONS)
    root = re.search(r"^def (\w+)\(", source, re.M)  # the first function checks the root
    if root is None:
        return None
    source += f"\n\nvalidate = {root.group(1)}\n"
    code = compile(source, f"<{module_name}>", "exec")
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(code))
        tmp.replace(path)  # whole or not at all, even with two builds at once
    except OSError:
        pass  # a read-only package: compiled in memory, every time
    return code
