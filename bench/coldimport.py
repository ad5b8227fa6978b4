"""Benchmark: how long a cold Lambda start spends importing the handler, and what the web app
would add.

Method: each figure is the median of N fresh interpreters (`python -X importtime -c "import
MODULE"`, run from the repository so the repository's code is imported, no bytecode written):
the wall time `-X importtime` reports for that module (cumulative, the import alone without the
interpreter's own start), and the CPU time of the process across the same import
(time.process_time before and after), which a busy shared machine disturbs far less; the limit
is judged on the CPU median, both are printed. Measured alternately for `functions.upload.handler` (what
Lambda imports) and `functions.upload.asgi` (the Starlette app: what the local server, a web
function or a VM imports), so machine load hits both alike. The handler must stay under 300 ms
and must not load Starlette, uvicorn, boto3, Pillow or openpyxl (checked in the same runs).

    .venv/bin/python bench/coldimport.py            # N = 15
    .venv/bin/python bench/coldimport.py --runs 31
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("functions.upload.handler", "functions.upload.asgi")
HEAVY = ("starlette", "uvicorn", "boto3", "PIL", "openpyxl", "python_multipart")
LIMIT_MS = 300


def once(module: str) -> tuple[float, float, list[str]]:
    """(wall ms, CPU ms, heavy packages loaded) of the import in a fresh interpreter."""
    probe = (
        f"import sys, time; t = time.process_time(); import {module}; "
        "c = (time.process_time() - t) * 1000; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules) + ';' + str(c))"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    cumulative = None
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == module:
            cumulative = int(parts[1])
    if cumulative is None:
        raise SystemExit(f"no import time for {module}:\n{done.stderr[-2000:]}")
    names, cpu = done.stdout.strip().rsplit(";", 1)
    return cumulative / 1000, float(cpu), [m for m in names.split(",") if m]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {m: [] for m in MODULES}
    cpu: dict[str, list[float]] = {m: [] for m in MODULES}
    loaded: dict[str, set[str]] = {m: set() for m in MODULES}
    for _ in range(args.runs):
        for module in MODULES:
            ms, cpu_ms, heavy = once(module)
            times[module].append(ms)
            cpu[module].append(cpu_ms)
            loaded[module].update(heavy)
    print(
        f"cold import, median of {args.runs} fresh interpreters each (python -X importtime, "
        f"cumulative; alternating); Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    for module in MODULES:
        t, c = sorted(times[module]), sorted(cpu[module])
        print(
            f"  {module}: CPU median {statistics.median(c):.0f} ms (min {c[0]:.0f}, "
            f"max {c[-1]:.0f}); wall median {statistics.median(t):.0f} ms (min {t[0]:.0f}, "
            f"max {t[-1]:.0f}); heavy packages loaded: "
            f"{', '.join(sorted(loaded[module])) or 'none'}"
        )
    handler = statistics.median(cpu[MODULES[0]])
    ok = handler < LIMIT_MS and not loaded[MODULES[0]]
    print(f"handler under {LIMIT_MS} ms with no heavy package: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
