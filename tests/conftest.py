"""Session-wide fixtures: one headless Chromium and the built sites, each built once.

Playwright's sync API allows one running instance per thread, so every browser test shares
this browser. A whole build takes seconds (MkDocs included), so a site is built once per
session for each set of inputs (the data folder's contents and the as-of day) and shared by
every test that reads it (site_build); the real data as of today is built_site.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import http.server
import os
import threading
from pathlib import Path

import pytest

from tests.support import commands
from tests.support.browser import chromium


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def browser():
    with chromium() as b:
        yield b


def data_fingerprint(folder: Path) -> str:
    """What a build reads from a data folder: every file's name and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class SiteBuilds:
    """site_build(data_dir=None, as_of=None) -> the folder of the site generator.build.build
    makes from them (None: the real data; today). Built once per session for each (contents of
    the data folder, day): tests that ask for the same inputs get the same folder, so they must
    only read it; a test that changes a built site copies it first.

    site_build.each((data_dir, as_of), ...) -> their folders, the missing ones built side by
    side, one `python -m generator build` each, so that a machine's cores share the work."""

    def __init__(self, tmp_path_factory):
        self.tmp = tmp_path_factory
        self.built: dict[tuple[str, str], Path] = {}

    def key(self, data_dir: Path | None, as_of: str | None) -> tuple[str, str]:
        from policy import days
        from policy.programs import DATA_DIR

        return data_fingerprint(Path(data_dir or DATA_DIR)), as_of or days.today()

    def __call__(self, data_dir: Path | None = None, as_of: str | None = None) -> Path:
        key = self.key(data_dir, as_of)
        if key not in self.built:
            from generator.build import build

            out = self.tmp.mktemp("built") / "site"
            build(out_dir=out, data_dir=data_dir, as_of=as_of)
            self.built[key] = out
        return self.built[key]

    def each(self, *wanted: tuple[Path | None, str | None]) -> list[Path]:
        keys = [self.key(data_dir, as_of) for data_dir, as_of in wanted]
        missing = {key: inputs for key, inputs in zip(keys, wanted, strict=True)}
        missing = {key: inputs for key, inputs in missing.items() if key not in self.built}
        at_once = max(1, min(len(missing), os.cpu_count() or 1))
        with concurrent.futures.ThreadPoolExecutor(at_once) as pool:
            done = dict(zip(missing, pool.map(self._build_apart, missing.values()), strict=True))
        self.built.update(done)
        return [self.built[key] for key in keys]

    def _build_apart(self, inputs: tuple[Path | None, str | None]) -> Path:
        data_dir, as_of = inputs
        out = self.tmp.mktemp("built") / "site"
        args = ["--data", str(data_dir)] if data_dir else []
        args += ["build", "--out", str(out)] + (["--as-of", as_of] if as_of else [])
        done = commands.run("generator", *args)
        assert done.returncode == 0, done.stderr
        return out


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> SiteBuilds:
    return SiteBuilds(tmp_path_factory)


@pytest.fixture(scope="session")
def built_site(site_build):
    """The real data built as `make site` builds it, today."""
    return site_build()


@pytest.fixture(scope="session")
def axe_answers() -> dict[str, dict]:
    """axe-core's answer for each page of built_site it was run on this session, by address
    (tests/audit/siteaudit.axe_violations): a page checked in the same state is not checked
    again (tests/site/test_accessibility.py)."""
    return {}


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site on a loopback static server, as any static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # shutdown() returns once serve_forever next looks (every 0.5 s by default)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
