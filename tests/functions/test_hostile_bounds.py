"""The reviewer's second round of attacks on the local server and the API, each on 127.0.0.1,
bounded in bytes and seconds: checks that queue instead of piling up threads, a rate limit no
crowd of addresses can turn against everyone, slow bodies and connection hoarding cut off,
malformed requests answered 400/404 (never 500 with a traceback), headers bounded however
they arrive, and the form's address never taken from the Host header."""

from __future__ import annotations

import concurrent.futures
import json
import logging
import socket
import threading
import time

import pytest
import requests

from functions.upload.signing import LocalSigner
from tests.functions.test_server import exchange, request

BODY = {"program": "wushen-2024", "kind": "individual", "filename": "a.zip", "size": 9}


@pytest.fixture
def serve(tmp_path):
    """Starts make_server(**options) on a free port; everything started is stopped after."""
    from functions.upload.server import make_server

    started = []

    def start(**options):
        options = {
            "port": 0,
            "site": str(tmp_path / "site"),
            "storage_dir": str(tmp_path / "store"),
            "header_timeout": 2,
            "keep_alive": 2,
            "idle_seconds": 2,
            **options,
        }
        httpd, app = make_server(**options)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        started.append((httpd, app))
        host, port = httpd.server_address[:2]
        return {"host": host, "port": port, "url": f"http://{host}:{port}", "app": app}

    yield start
    for httpd, app in started:
        httpd.shutdown()
        httpd.server_close()
        app.shutdown()


def announce(server, **changes):
    r = requests.post(server["url"] + "/api/uploads", json={**BODY, **changes}, timeout=10)
    return r.status_code, r.json(), r.headers


def post_form(server, form, blob=b"PK\x05\x06" + bytes(5)):
    return requests.post(
        form["url"], data=form["fields"], files={"file": ("a.zip", blob)}, timeout=10
    )


def trickle(server, head: bytes, body: bytes, every: float, within: float = 8):
    """Sends the head at once, then the body one byte every `every` seconds until an answer
    comes or the body ends; returns (the answer's first bytes, seconds taken)."""
    sock = socket.create_connection((server["host"], server["port"]), timeout=within)
    start, got = time.monotonic(), b""
    try:
        sock.sendall(head)
        for i in range(len(body)):
            if time.monotonic() - start > within:
                break
            try:
                sock.sendall(body[i : i + 1])
            except OSError:
                break
            sock.settimeout(every)
            try:
                got += sock.recv(4096)
            except TimeoutError:
                continue
            if got:
                break
    finally:
        sock.close()
    return got, time.monotonic() - start


# ------------------------------------------------------------------ 4. bounded checks
def test_a_full_check_queue_keeps_the_bundle_stored_says_queued_and_checks_it_on_a_later_poll(
    serve,
):
    server = serve(workers=1, queue=0)
    app = server["app"]
    release, ran = threading.Event(), []

    def slow_check(key, size):  # a hostile bundle holding the only worker
        ran.append(key)
        release.wait(10)

    app.run = slow_check
    first, second = announce(server)[1], announce(server)[1]
    assert post_form(server, first["upload"]).status_code == 204
    assert post_form(server, second["upload"]).status_code == 204  # queue full: kept, not lost
    assert app.storage.size(f"uploads/{second['id']}/bundle") is not None
    status = requests.get(f"{server['url']}/api/uploads/{second['id']}", timeout=10).json()
    assert status["status"] == "pending" and status["queued"] is True
    assert len(ran) == 1 and len(threading.enumerate()) < 40  # no thread per bundle
    release.set()
    assert app.settle(10)
    requests.get(f"{server['url']}/api/uploads/{second['id']}", timeout=10)  # the poll queues it
    assert app.settle(10)
    assert ran == [first["upload"]["fields"]["key"], second["upload"]["fields"]["key"]]


def test_at_most_the_pool_size_of_checks_run_at_once_and_the_queue_is_bounded(tmp_path):
    from functions.upload.asgi import Validations
    from functions.upload.storage import LocalStorage

    running, most, gate = [0], [0], threading.Event()
    lock = threading.Lock()

    def check(key, size):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        gate.wait(10)
        with lock:
            running[0] -= 1

    checks = Validations(LocalStorage(tmp_path), check, workers=2, capacity=3)
    queued = [checks.fire(f"uploads/{i:040x}/bundle", 1) for i in range(20)]
    assert sum(f is not None for f in queued) == 5  # 2 running + 3 waiting; 15 left stored
    deadline = time.monotonic() + 5
    while running[0] < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # a third, were there room for one, would have started by now
    assert running[0] == 2
    gate.set()
    assert checks.settle(10)
    checks.shutdown()
    assert most[0] == 2


def test_the_web_function_app_checks_bundles_in_one_small_pool_not_a_thread_each(
    tmp_path, monkeypatch
):
    from functions.upload import asgi

    monkeypatch.setenv("STORAGE_BACKEND", "local")
    monkeypatch.setenv("LOCAL_STORAGE_DIR", str(tmp_path))
    monkeypatch.setenv("LOCAL_SIGNING_SECRET", "x" * 32)
    app = asgi.from_env()
    assert 1 <= app.validations.workers <= 2 and app.validations.capacity == 16
    app.validations.shutdown()


# ------------------------------------------------------------------ 5. rate limit
def test_twenty_addresses_flooding_announcements_do_not_lock_out_anyone_else():
    from functions.upload.ratelimit import Limiter

    limit = Limiter(per_client=30, window_s=600, clock=lambda: 1000.0)
    for i in range(20):
        assert all(limit.allow(f"198.51.100.{i}") for _ in range(30))
        assert not limit.allow(f"198.51.100.{i}")
    assert limit.allow("203.0.113.5")  # a candidate elsewhere still gets through


def test_an_ipv6_client_is_counted_by_its_64_and_a_mapped_ipv4_by_its_address():
    from functions.upload.ratelimit import Limiter, network

    assert network("2001:db8:1:2:aaaa::1") == network("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert network("::ffff:192.0.2.7") == "192.0.2.7"
    limit = Limiter(per_client=2, clock=lambda: 0.0)
    assert limit.allow("2001:db8:1:2::1") and limit.allow("2001:db8:1:2::2")
    assert not limit.allow("2001:db8:1:2::3")  # new addresses in the same /64 do not help
    assert limit.allow("2001:db8:1:3::1")


def test_a_safety_total_holds_only_when_it_is_set():
    from functions.upload.ratelimit import Limiter

    assert Limiter().total is None
    capped = Limiter(per_client=5, total=3, clock=lambda: 0.0)
    assert [capped.allow(f"192.0.2.{i}") for i in range(4)] == [True, True, True, False]
    assert capped.retry_after("192.0.2.9") == 600


def test_a_429_carries_a_retry_after_header_matching_its_message(serve):
    server = serve(announce_limit=1)
    assert announce(server)[0] == 201
    status, body, headers = announce(server)
    assert status == 429
    wait = int(headers["Retry-After"])
    assert 590 <= wait <= 600 and body["error"]["retry_after"] == wait
    assert f"{wait}" in body["error"]["message"]["en"]


def test_the_route_table_gives_the_retry_after_header_for_any_front_end():
    from functions.upload import routes

    assert routes.answer_headers(429, {"error": {"retry_after": 42}}) == {"retry-after": "42"}
    assert routes.answer_headers(200, {"id": "x"}) == {}


# ------------------------------------------------------------------ 6. slow clients
def test_an_api_body_trickled_a_byte_at_a_time_is_cut_with_408_at_its_total_deadline(serve):
    server = serve(idle_seconds=1, body_seconds=2)
    head = request("POST", "/api/uploads", "Content-Type: application/json", "Content-Length: 60")
    got, took = trickle(server, head, b" " * 60, every=0.4)  # under the idle limit, each time
    assert got.startswith(b"HTTP/1.1 408 ")
    assert took < 5


def test_a_form_post_trickled_a_byte_at_a_time_is_cut_with_408_at_its_deadline(serve):
    server = serve(idle_seconds=1, body_seconds=2)
    form = announce(server)[1]["upload"]
    signed = requests.Request("POST", form["url"], data=form["fields"], files={"file": b"x" * 9})
    prepared = signed.prepare()
    head = request(
        "POST",
        "/storage/upload",
        f"Content-Type: {prepared.headers['Content-Type']}",
        f"Content-Length: {len(prepared.body)}",
    )
    got, took = trickle(server, head, prepared.body, every=0.3)
    assert got.startswith(b"HTTP/1.1 408 ") and b"application/xml" in got  # S3-shaped
    assert took < 5
    assert list((server["app"].storage.root / "uploads").rglob("bundle")) == []


def test_the_form_deadline_grows_with_the_size_at_a_slow_line_rate_and_is_capped():
    from functions.upload.asgi import form_seconds

    assert form_seconds(1000) == 60
    assert form_seconds(50 << 20) == pytest.approx((50 << 20) / 50_000)
    assert form_seconds(10 << 30) == 3600


def test_one_address_may_hold_only_so_many_connections_at_once(serve):
    server = serve(per_client=4)
    held = [socket.create_connection((server["host"], server["port"]), timeout=5) for _ in range(4)]
    try:
        time.sleep(0.2)
        status, got, took, closed = exchange(server, b"", within=3)
        assert status == 503 and closed and took < 2
        held.pop().close()
        time.sleep(0.2)
        status, *_ = exchange(server, request("GET", "/api/uploads/" + "0" * 40), within=3)
        assert status == 404  # a slot is free again
    finally:
        for sock in held:
            sock.close()


# ------------------------------------------------------------------ 8. 400/404, never 500
@pytest.mark.parametrize(
    "changes",
    [
        {"kind": ["individual"]},
        {"kind": {"a": 1}},
        {"program": ["wushen-2024"]},
        {"filename": ["a.zip"]},
        {"filename": "\ud800.zip"},
        {"filename": "a\nb.zip"},
        {"filename": "a\x85b.zip"},
        {"program": "wushen-2024\u2028"},
    ],
)
def test_a_value_of_the_wrong_type_or_with_control_characters_is_refused_with_400(
    serve, changes, caplog
):
    server = serve()
    body = json.dumps({**BODY, **changes})  # ensure_ascii: a lone surrogate travels as \ud800
    with caplog.at_level(logging.INFO, logger="functions.upload"):
        r = requests.post(
            server["url"] + "/api/uploads",
            data=body,
            headers={"content-type": "application/json"},
            timeout=10,
        )
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad-request"
    assert not [rec for rec in caplog.records if rec.exc_info]


def test_a_path_segment_longer_than_any_file_name_is_404_not_500(serve, caplog):
    server = serve()
    (server["app"].site).mkdir(parents=True, exist_ok=True)
    (server["app"].site / "index.html").write_text("<p>home</p>", "utf-8")
    with caplog.at_level(logging.INFO, logger="functions.upload"):
        r = requests.get(server["url"] + "/" + "a" * 256, timeout=10)
        deep = requests.get(server["url"] + "/" + "/".join(["b" * 200] * 30), timeout=10)
    assert r.status_code == 404 and deep.status_code == 404
    assert not [rec for rec in caplog.records if rec.exc_info]


def test_a_client_leaving_mid_body_is_not_logged_as_a_500(serve, caplog):
    server = serve()
    head = request("POST", "/api/uploads", "Content-Type: application/json", "Content-Length: 500")
    with caplog.at_level(logging.INFO, logger="functions.upload"):
        sock = socket.create_connection((server["host"], server["port"]), timeout=5)
        sock.sendall(head + b'{"program": ')
        time.sleep(0.3)
        sock.close()
        time.sleep(0.5)
    assert not [rec for rec in caplog.records if rec.exc_info]
    assert not [rec for rec in caplog.records if " 500 " in rec.getMessage()]


# ------------------------------------------------------------------ 11. header size
@pytest.mark.parametrize("size", [30_000, 100_000])
def test_one_header_over_16_kib_in_a_single_write_is_refused(serve, size):
    server = serve()
    data = request("GET", "/api/uploads/" + "0" * 40, "X-Big: " + "a" * size)
    status, got, took, closed = exchange(server, data, within=3)
    assert status == 431 and closed and took < 2


def test_many_headers_adding_up_past_16_kib_are_refused_and_a_normal_request_passes(serve):
    server = serve()
    lines = [f"X-H{i}: " + "b" * 100 for i in range(200)]
    status, *_ = exchange(server, request("GET", "/", *lines), within=3)
    assert status == 431
    status, *_ = exchange(server, request("GET", "/api/uploads/" + "0" * 40), within=3)
    assert status == 404


def test_a_large_body_sent_with_its_headers_in_one_write_is_not_taken_for_headers(serve):
    server = serve()
    body = json.dumps({**BODY, "filename": "a.zip", "pad": "x" * 40_000}).encode()
    data = request(
        "POST",
        "/api/uploads",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        body=body,
    )
    status, *_ = exchange(server, data, within=5)
    assert status == 201


# ------------------------------------------------------------------ 12. the form's address
def test_the_form_address_comes_from_the_bound_address_never_the_host_header(serve):
    server = serve()
    r = requests.post(
        server["url"] + "/api/uploads", json=BODY, headers={"Host": "evil.example"}, timeout=10
    )
    assert r.status_code == 201
    assert r.json()["upload"]["url"] == server["url"] + "/storage/upload"


def asgi_post(app, path: str, body: bytes, host: str) -> tuple[int, bytes]:
    """One POST straight into an ASGI app (no server, no HTTP client library)."""
    import asyncio

    sent: list[dict] = []
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", host.encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # whatever loop this thread runs
        pool.submit(asyncio.run, app(scope, receive, send)).result(timeout=30)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_the_web_function_app_gives_a_same_origin_form_path(tmp_path, monkeypatch):
    from functions.upload import asgi

    monkeypatch.setenv("STORAGE_BACKEND", "local")
    monkeypatch.setenv("LOCAL_STORAGE_DIR", str(tmp_path))
    monkeypatch.setenv("LOCAL_SIGNING_SECRET", "y" * 40)
    app = asgi.from_env()
    try:
        status, body = asgi_post(app, "/api/uploads", json.dumps(BODY).encode(), "evil.example")
        assert status == 201 and json.loads(body)["upload"]["url"] == "/storage/upload"
    finally:
        app.validations.shutdown()


def test_a_short_signing_secret_is_warned_about(tmp_path, monkeypatch, caplog):
    from functions.upload.server import make_server

    monkeypatch.setenv("LOCAL_SIGNING_SECRET", "short")
    with caplog.at_level(logging.WARNING, logger="functions.upload"):
        httpd, app = make_server(port=0, site=str(tmp_path), storage_dir=str(tmp_path / "s"))
    httpd.server_close()
    app.shutdown()
    assert any("shorter than 32 bytes" in r.getMessage() for r in caplog.records)
    assert isinstance(app.signer, LocalSigner)
