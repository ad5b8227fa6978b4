"""LocalStack's S3, started once for these tests as a local process on 127.0.0.1 (no Docker).

`make test-s3-policy` builds its environment (.venv/tools/localstack, Python >= 3.12) and runs
these tests; `LOCALSTACK_PYTHON` names another interpreter that has localstack-core installed.
What each case did is printed at the end of the run.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
LAUNCHER = HERE / "localstack_s3.py"
DEFAULT_PYTHON = REPO / ".venv" / "tools" / "localstack" / "bin" / "python"

RESULTS: list[tuple[str, str]] = []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(endpoint: str) -> dict:
    with urllib.request.urlopen(endpoint + "/_localstack/health", timeout=2) as r:  # noqa: S310
        return json.loads(r.read())


@pytest.fixture(scope="session")
def localstack(tmp_path_factory):
    """The endpoint URL of a fresh LocalStack S3; its log is checked for the offline guard."""
    python = pathlib.Path(os.environ.get("LOCALSTACK_PYTHON") or DEFAULT_PYTHON).absolute()
    if not python.exists():
        pytest.fail(f"no LocalStack environment at {python}: run `make test-s3-policy`")
    data = tmp_path_factory.mktemp("localstack")
    log_path = data / "localstack.log"
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALSTACK_"))}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(python), str(LAUNCHER), str(port), str(data / "state")],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=data,
            start_new_session=True,  # its own process group: ended whole, and only it
        )
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail("LocalStack exited:\n" + log_path.read_text("utf-8", "replace")[-4000:])
            try:
                if _health(endpoint)["services"].get("s3") in ("running", "available"):
                    break
            except (OSError, ValueError, KeyError):
                pass
            if time.monotonic() > deadline:
                pytest.fail("LocalStack did not start:\n" + log_path.read_text("utf-8")[-4000:])
            time.sleep(0.5)
        version = _health(endpoint).get("version", "?")
        RESULTS.append(
            ("server", f"LocalStack {version} S3 at {endpoint}, a local process, no Docker")
        )
        yield endpoint
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = log_path.read_text("utf-8", "replace")
    assert "offline guard" not in text, "LocalStack tried to reach the network:\n" + text[-4000:]
    RESULTS.append(("offline", "no bind, connect or name lookup outside the loopback"))


@pytest.fixture
def record():
    def add(case: str, outcome: str) -> None:
        RESULTS.append((case, outcome))

    return add


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    terminalreporter.section("S3 POST policy, as LocalStack's S3 enforced it")
    width = max(len(case) for case, _ in RESULTS)
    for case, outcome in RESULTS:
        terminalreporter.write_line(f"{case.ljust(width)}  {outcome}")
