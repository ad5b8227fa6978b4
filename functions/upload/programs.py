"""Where the upload function gets program data: the lead's loader when present, else the YAML files.

The fallback keeps the Lambda package small (it needs only data/*.yaml and PyYAML).
"""

from __future__ import annotations

import os
import pathlib
import threading

_lock = threading.Lock()
_cache: dict[str, dict] | None = None

DATA_DIR = pathlib.Path(__file__).resolve().parents[2] / "data"


def _from_yaml(folder: pathlib.Path) -> dict[str, dict]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster
    programs = {}
    for path in sorted(folder.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=loader)  # noqa: S506 - a SafeLoader
        if isinstance(data, dict) and "id" in data:
            programs[str(data["id"])] = data
    return programs


def load() -> dict[str, dict]:
    global _cache
    with _lock:
        if _cache is None:
            folder = os.environ.get("PROGRAMS_DIR")
            if folder:
                _cache = _from_yaml(pathlib.Path(folder))
            else:
                try:
                    from generator.programs import load_programs
                except ImportError:
                    _cache = _from_yaml(DATA_DIR)
                else:
                    _cache = load_programs()
        return _cache
