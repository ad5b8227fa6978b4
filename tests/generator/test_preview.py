"""Staff preview: a saved data change reaches the open browser page by itself, errors included."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from policy.programs import DATA_DIR
from tests.support.s3server import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"preview did not answer at {url} within {seconds}s")


@pytest.fixture
def preview(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    port = free_port()
    log = (tmp_path / "preview.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--data", str(data), "preview", "--port", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, MkDocs server included
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        yield data, f"http://127.0.0.1:{port}", tmp_path / "preview.log"
    finally:
        # Ctrl-C, as staff stop it: the preview then stops its MkDocs server too (terminate()
        # ended the preview alone and left that server running for the rest of the session)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(
                timeout=60
            )  # a rebuild under way finishes first; on a loaded CI box that is slow
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of the group
            proc.wait()
            log.close()


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new), "utf-8")


def test_a_data_change_reloads_the_open_page_and_an_error_shows_its_line(preview, browser):
    data, base, log = preview
    page = browser.new_page()
    page.goto(f"{base}/programs/huian-2024/exam-and-fees/")
    assert "1380" in page.inner_text("body")
    edit(data / "huian-2024.yaml", "amount_cny: 1380", "amount_cny: 1480")
    page.wait_for_function("document.body.innerText.includes('1480')", timeout=45_000)

    edit(data / "huian-2024.yaml", "amount_cny: 1480", "amount_cny: lots")
    page.wait_for_function("document.body.innerText.includes('huian-2024.yaml:')", timeout=45_000)
    text = page.inner_text("body")
    assert "wrong type" in text and "类型不对" in text
    deadline = time.monotonic() + 10
    while "huian-2024.yaml:" not in log.read_text("utf-8") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "fees[0].amount_cny" in log.read_text("utf-8")
