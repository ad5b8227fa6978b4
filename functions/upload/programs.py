"""The programs the upload function judges bundles against, through the one policy loader.

Loaded and validated once per process (a Lambda container, the local server) by policy.programs,
exactly as the site's build loads them; the values in force are worked out per day, so a bundle
is judged by the notice as amended on the day it arrived, as the site read that day.
"""

from __future__ import annotations

import os
import pathlib
import threading
from functools import lru_cache

_lock = threading.Lock()
_cache: dict[str, dict] | None = None


def folder() -> pathlib.Path:
    """data/ beside the code (policy.programs.DATA_DIR); PROGRAMS_DIR where the package puts
    it elsewhere."""
    from policy.programs import DATA_DIR  # cold start: YAML and the schema check load on first use

    return pathlib.Path(os.environ.get("PROGRAMS_DIR") or DATA_DIR)


def load() -> dict[str, dict]:
    """Programs as written, validated; raises policy.errors.DataError on invalid data."""
    global _cache
    with _lock:
        if _cache is None:
            from policy.programs import load_programs  # cold start: see folder()

            _cache = load_programs(folder())
        return _cache


@lru_cache(maxsize=8)
def on(day: str) -> dict[str, dict]:
    """Programs as in force on `day` (YYYY-MM-DD, China). Treat the result as read-only."""
    from policy.programs import in_force  # cold start: see folder()

    return in_force(load(), day)


def reset() -> None:
    """Forget what was loaded (tests that change data/ between runs)."""
    global _cache
    with _lock:
        _cache = None
    on.cache_clear()
