"""The site suite reads the one site built for the whole test session (tests/conftest.py),
with the real data, and drives it with the session's one headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy.programs import load_programs

from .pages import all_pages


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    return built_site


@pytest.fixture(scope="session")
def site_url(site_url) -> str:
    """The session's static server, as a base that page paths are appended to."""
    return site_url.rstrip("/") + "/"


@pytest.fixture(scope="session")
def programs() -> dict[str, dict]:
    return load_programs()


@pytest.fixture(scope="session")
def pages(site):
    return all_pages(site)
