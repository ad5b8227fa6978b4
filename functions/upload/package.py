"""Assembles the Lambda code folder that functions/template.yaml points at (build/lambda).

The function needs only its own package, the program YAML and a few pinned libraries; this keeps
the deployed code small and keeps the pins identical to pyproject.toml.
"""

from __future__ import annotations

import pathlib
import shutil
import tomllib

REPO = pathlib.Path(__file__).resolve().parents[2]
RUNTIME_DEPS = ("pyyaml", "pillow", "openpyxl", "boto3")


def build(out: str) -> str:
    target = (REPO / out).resolve() if not pathlib.Path(out).is_absolute() else pathlib.Path(out)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        REPO / "functions",
        target / "functions",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "template.yaml", "*.md"),
    )
    (target / "data").mkdir(parents=True)
    for path in sorted((REPO / "data").glob("*.yaml")):
        shutil.copy2(path, target / "data" / path.name)
    deps = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    pins = [d for d in deps if d.split("==")[0].lower() in RUNTIME_DEPS]
    (target / "requirements.txt").write_text("\n".join(pins) + "\n", "utf-8")
    return str(target)
