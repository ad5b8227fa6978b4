"""The layout holds: imports only go downward, the site and the function share only `policy/`.

Every module of policy/, generator/ and functions/ is parsed (not imported) and its imports of
the project's own modules, wherever they stand, become edges of one graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("policy", "generator", "functions")
# A function-local import of our own code is allowed only with its reason on the line.
COLD_START = "# cold start"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(p): p
        for package in PACKAGES
        for p in (ROOT / package).rglob("*.py")
        if "__pycache__" not in p.parts
    }


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, int, bool]]:
    """(imported project module, line, whether the import is inside a function or class)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nested = {
        id(node)
        for outer in ast.walk(tree)
        if isinstance(outer, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        for node in ast.walk(outer)
        if node is not outer
    }
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, node.lineno, id(node) in nested))
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {
        name: {target for target, _, _ in imports(name, path, set(mods))}
        for name, path in mods.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_module_of_ours_is_part_of_an_import_cycle():
    assert cycles(graph()) == []


def test_the_cycle_finder_sees_a_cycle_through_three_modules():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_site_and_the_function_share_only_the_policy_package():
    crossings = [
        (name, target)
        for name, targets in graph().items()
        for target in targets
        if name.split(".")[0] != target.split(".")[0]
        and not target.startswith("policy")  # both may import policy; policy imports neither
    ]
    assert crossings == []
    policy_imports = {t for n, ts in graph().items() if n.startswith("policy") for t in ts}
    assert all(t.startswith("policy") for t in policy_imports), policy_imports


def test_our_own_modules_are_imported_at_the_top_unless_cold_start_says_why():
    mods = modules()
    hidden = []
    for name, path in mods.items():
        lines = path.read_text("utf-8").splitlines()
        for target, line, nested in imports(name, path, set(mods)):
            if nested and COLD_START not in lines[line - 1]:
                hidden.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert hidden == []


def test_policy_never_imports_the_site_tool_or_the_cloud():
    heavy = ("mkdocs", "boto3", "botocore", "jinja2", "material")
    found = []
    for name, path in modules().items():
        if not name.startswith("policy"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            found += [f"{name}: {n}" for n in names if n.split(".")[0] in heavy]
    assert found == []


def test_no_module_imports_by_a_computed_name_where_this_walk_cannot_see():
    """__import__ and importlib.import_module would hide an import from every check above."""
    found = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if called in ("__import__", "import_module"):
                    found.append(f"{name}:{node.lineno}")
    assert found == []
