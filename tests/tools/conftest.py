"""A site built from a temporary data folder holding one synthetic program with every materials
rule (tests/functions/upload_factory.rules_program: paper-only and both-ways materials, a material
for Level 3 only and one for a condition only, a minimum file size, a photo sized in pixels named
by the ID number alone with an upper-case X), for the builder's and the photo tool's tests."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from policy.programs import load_programs
from tests.functions import upload_factory

ROOT = Path(__file__).resolve().parents[2]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def rules_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rules-data")
    base = load_programs()["huian-2024"]
    notice = (ROOT / "data" / "huian-2024.notice.txt").read_text("utf-8")
    upload_factory.write_program(folder, upload_factory.rules_program(base), notice)
    return folder


@pytest.fixture(scope="session")
def rules_program(rules_data) -> dict:
    return load_programs(rules_data)[upload_factory.RULES_ID]


@pytest.fixture(scope="session")
def rules_site_url(rules_data, tmp_path_factory):
    from generator.build import build

    out = tmp_path_factory.mktemp("rules-built") / "site"
    build(out_dir=out, data_dir=rules_data)
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


# --- programs for each route to the office (submission.route) ----------------------------------
# huian-2024 (an e-mail route) with the other kinds: this site's upload is the application, a desk
# to go to, a provincial system, and no route at all (the notice's words only).
ROUTES = {
    "t-route-site-2025": {
        "kind": "this_site",
        "clause": "六、1.",
        "receiver": {
            "zh": "惠安县行政服务中心",
            "en": "the Hui'an County Administrative Service Center",
        },
    },
    "t-route-desk-2025": {
        "kind": "in_person",
        "clause": "六、1.",
        "place": {
            "zh": "县行政服务中心三楼人社窗口",
            "en": "the HR window, 3rd floor of the county service center",
        },
        "hours": {"zh": "工作日 9:00—17:00", "en": "working days, 9:00 to 17:00"},
    },
    "t-route-system-2025": {
        "kind": "system",
        "clause": "六、1.",
        "name": {
            "zh": "省职业技能等级认定报名系统",
            "en": "the provincial certification registration system",
        },
        "url": "https://apply.example.org/",
    },
    "t-route-none-2025": None,
}


@pytest.fixture(scope="session")
def route_data(tmp_path_factory) -> Path:
    import copy

    folder = tmp_path_factory.mktemp("route-data")
    base = load_programs()["huian-2024"]
    notice = (ROOT / "data" / "huian-2024.notice.txt").read_text("utf-8")
    for pid, route in ROUTES.items():
        p = copy.deepcopy(base)
        p["id"] = pid
        p["notice"]["source"] = f"{pid}.notice.txt"
        p["submission"].pop("email", None)
        if route is None:
            p["submission"].pop("route", None)
        else:
            p["submission"]["route"] = route
        upload_factory.write_program(folder, p, notice)
    return folder


@pytest.fixture(scope="session")
def route_programs(route_data) -> dict:
    return load_programs(route_data)


@pytest.fixture(scope="session")
def route_site(route_data, site_build) -> Path:
    return site_build(route_data)


@pytest.fixture(scope="session")
def route_site_url(route_site):
    handler = functools.partial(_QuietHandler, directory=str(route_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


# --- phones: a 390 x 844 touch screen, WeChat's built-in browser, older engines -----------------
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "device_scale_factor": 1}
# WeChat 8 on Android (its X5/XWEB WebView): what matters is "MicroMessenger".
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 13; V2148A Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 "
    "MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 "
    "Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)
# Android WebView < 76 and iOS Safari < 14 have no Blob.prototype.arrayBuffer.
OLD_ENGINE = "delete Blob.prototype.arrayBuffer;"


@pytest.fixture
def phone(browser):
    """phone(wechat=False, old=None) -> a new page in a 390 x 844 touch context (WeChat's user
    agent, an init script run before the page's own scripts); every context closed after."""
    contexts = []

    def open_page(wechat: bool = False, old: str | None = None, **kw):
        context = browser.new_context(
            **PHONE, accept_downloads=True, user_agent=WECHAT_UA if wechat else None, **kw
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        if old:
            context.add_init_script(old)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory, request):
    """Where the phone views' screenshots go (under pytest's temporary folder, never committed);
    the folder is printed at the end of the run."""
    folder = tmp_path_factory.mktemp("phone-screenshots")
    yield folder
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"phone screenshots: {folder}")
