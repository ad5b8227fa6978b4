"""Our command-line entry points run as a person runs them: a fresh Python process in the repo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(module: str, *args, timeout: int = 300, **kwargs) -> subprocess.CompletedProcess:
    """`python -m <module> args…`, output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", module, *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def start_upload_server(port: int, site, store) -> subprocess.Popen:
    """`python -m functions.upload serve` on a local folder store; returns once it listens."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "functions.upload", "serve", "--port", str(port)]
        + ["--site", str(site), "--storage", str(store), "--announce-limit", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert "Serving" in proc.stdout.readline()
    return proc
