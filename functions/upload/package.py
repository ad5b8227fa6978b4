"""Assembles the Lambda code folder that functions/template.yaml points at (build/lambda).

The function needs its own package, the policy package it shares with the site (loading,
validation, amendments in force, naming, ID numbers), the program YAML and a few pinned
libraries; this keeps the deployed code small and the pins identical to pyproject.toml. Invalid
program data is refused here, as `generator publish` refuses it, so a bad file never ships.
"""

from __future__ import annotations

import pathlib
import shutil
import tomllib

from policy.programs import load_programs

REPO = pathlib.Path(__file__).resolve().parents[2]
RUNTIME_DEPS = (
    "pyyaml",
    "pillow",
    "openpyxl",
    "boto3",
    "python-stdnum",
    "fastjsonschema",
    "jsonschema",
)
CODE = ("functions", "policy")


def build(out: str) -> str:
    """The folder written (absolute path); raises policy.errors.DataError on invalid data."""
    load_programs(REPO / "data")
    target = (REPO / out).resolve() if not pathlib.Path(out).is_absolute() else pathlib.Path(out)
    if target.exists():
        shutil.rmtree(target)
    for package in CODE:
        shutil.copytree(
            REPO / package,
            target / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "template.yaml", "*.md"),
        )
    (target / "data").mkdir(parents=True)
    for path in sorted((REPO / "data").glob("*")):  # the YAML and the notice texts it names
        if path.suffix in (".yaml", ".txt"):
            shutil.copy2(path, target / "data" / path.name)
    deps = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    pins = [d for d in deps if d.split("==")[0].lower() in RUNTIME_DEPS]
    (target / "requirements.txt").write_text("\n".join(pins) + "\n", "utf-8")
    return str(target)
