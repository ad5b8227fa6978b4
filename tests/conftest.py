"""Session-wide fixtures: one headless Chromium and one built site for every suite.

Playwright's sync API allows one running instance per thread, so every browser test shares
this browser; building the site once keeps the suite fast.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.support.browser import chromium


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    from generator.build import build

    out = tmp_path_factory.mktemp("built") / "site"
    build(out_dir=out)
    return out


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site on a loopback static server, as any static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
