"""The local server over real HTTP: site and API on one origin, and forms checked like S3 checks them."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import signal
import subprocess
import sys

import pytest
import requests

from functions.upload.signing import LocalSigner

REPO = pathlib.Path(__file__).resolve().parents[2]


def create(url, size, program="wushen-2024", kind="individual"):
    r = requests.post(
        url + "/api/uploads",
        json={"program": program, "kind": kind, "filename": "a.zip", "size": size},
        timeout=10,
    )
    assert r.status_code == 201
    return r.json()


def leftovers(root):
    return [p for p in root.rglob("*") if p.is_file() and p.name.endswith(".part")]


def test_the_site_is_served_at_the_root_with_its_content_type(local_server):
    r = requests.get(local_server["url"] + "/", timeout=10)
    assert r.status_code == 200 and "首页" in r.text
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert requests.get(local_server["url"] + "/missing.html", timeout=10).status_code == 404


def raw_get(url: str, path: str, **headers):
    import http.client
    import urllib.parse

    netloc = urllib.parse.urlsplit(url).netloc
    conn = http.client.HTTPConnection(netloc, timeout=10)
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r, body


def test_text_is_sent_gzipped_to_browsers_that_accept_it_and_plain_to_others(local_server):
    import gzip

    css = "body { color: #222; }\n" * 200
    asset = local_server["site"] / "assets" / "main.6f8fc17f.min.css"
    asset.parent.mkdir()
    asset.write_text(css, "utf-8")
    r, body = raw_get(
        local_server["url"], "/assets/main.6f8fc17f.min.css", **{"Accept-Encoding": "gzip, br"}
    )
    assert r.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body).decode() == css
    assert len(body) < len(css) / 10
    assert "immutable" in r.getheader("Cache-Control")
    assert r.getheader("Content-Type") == "text/css; charset=utf-8"
    r, body = raw_get(local_server["url"], "/assets/main.6f8fc17f.min.css")
    assert r.getheader("Content-Encoding") is None and body.decode() == css


def test_pages_are_revalidated_and_images_are_not_recompressed(local_server):
    (local_server["site"] / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(4096))
    r, _ = raw_get(local_server["url"], "/logo.png", **{"Accept-Encoding": "gzip"})
    assert r.getheader("Content-Encoding") is None
    r, _ = raw_get(local_server["url"], "/", **{"Accept-Encoding": "gzip"})
    assert r.getheader("Cache-Control") == "no-cache"


def test_paths_outside_the_site_folder_are_not_served(local_server):
    (local_server["site"].parent / "secret.txt").write_text("secret")
    r = requests.get(local_server["url"] + "/..%2Fsecret.txt", timeout=10)
    assert r.status_code == 404 and "secret" not in r.text


def test_an_upload_larger_than_the_form_allows_is_refused_and_leaves_nothing(local_server):
    created = create(local_server["url"], 10)
    form = created["upload"]
    r = requests.post(
        form["url"], data=form["fields"], files={"file": ("a.zip", b"x" * 5000)}, timeout=10
    )
    assert r.status_code == 400 and "EntityTooLarge" in r.text
    key_path = local_server["root"] / form["fields"]["key"]
    assert not key_path.exists() and leftovers(local_server["root"]) == []


def test_an_upload_one_byte_over_is_refused_and_exactly_the_size_is_stored(local_server):
    created = create(local_server["url"], 1000)
    form = created["upload"]
    r = requests.post(
        form["url"], data=form["fields"], files={"file": ("a.zip", b"y" * 1001)}, timeout=10
    )
    assert r.status_code == 400
    r = requests.post(
        form["url"], data=form["fields"], files={"file": ("a.zip", b"y" * 1000)}, timeout=10
    )
    assert r.status_code == 204
    assert (local_server["root"] / form["fields"]["key"]).read_bytes() == b"y" * 1000


def test_an_empty_upload_is_refused(local_server):
    form = create(local_server["url"], 10)["upload"]
    r = requests.post(form["url"], data=form["fields"], files={"file": ("a.zip", b"")}, timeout=10)
    assert r.status_code == 400 and "EntityTooSmall" in r.text


def test_an_expired_form_is_refused(local_server):
    signer: LocalSigner = local_server["app"].signer
    key = "uploads/" + "c" * 40 + "/bundle"
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)
    form = signer.form(local_server["url"] + "/storage/upload", key, 100, 900, now=old)
    r = requests.post(form["url"], data=form["fields"], files={"file": ("a.zip", b"x")}, timeout=10)
    assert r.status_code == 403 and "expired" in r.text
    assert not (local_server["root"] / key).exists()


def test_a_form_posted_with_another_key_is_refused(local_server):
    form = create(local_server["url"], 100)["upload"]
    fields = dict(form["fields"], key="uploads/" + "d" * 40 + "/bundle")
    r = requests.post(form["url"], data=fields, files={"file": ("a.zip", b"x")}, timeout=10)
    assert r.status_code == 403 and "AccessDenied" in r.text
    assert not (local_server["root"] / fields["key"]).exists()


def test_a_forged_signature_is_refused(local_server):
    form = create(local_server["url"], 100)["upload"]
    fields = dict(form["fields"], **{"x-amz-signature": "0" * 64})
    r = requests.post(form["url"], data=fields, files={"file": ("a.zip", b"x")}, timeout=10)
    assert r.status_code == 403 and "SignatureDoesNotMatch" in r.text


def test_the_serve_command_prints_its_address_and_stops_on_ctrl_c(tmp_path):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "functions.upload",
            "serve",
            "--port",
            "0",
            "--storage",
            str(tmp_path / "store"),
            "--site",
            str(tmp_path),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line and "Ctrl-C" in line
        url = line.split("at ", 1)[1].split("/ ", 1)[0]
        r = requests.post(
            url + "/api/uploads",
            json={"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": 5},
            timeout=10,
        )
        assert r.status_code == 201
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate(timeout=10)
            raise AssertionError(f"serve did not stop on Ctrl-C; its log:\n{err[-3000:]}") from None
    assert code == 0


def test_the_server_validates_bundles_that_landed_while_it_was_down(tmp_path, factory, programs):
    from functions.upload.server import make_server

    httpd, app = make_server(port=0, site=str(tmp_path), storage_dir=str(tmp_path / "s"))
    try:
        status, created = app.service.create_upload(
            '{"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": 99999}'
        )
        blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
        app.service.storage.put(created["upload"]["fields"]["key"], blob)
        assert app.recover() == 1
        assert app.settle(30), "the validation recover() started did not finish"
        assert app.service.status(created["id"])[1]["status"] == "accepted"
    finally:
        httpd.server_close()
        app.pool.shutdown(wait=True)


def test_with_s3_storage_the_local_server_validates_a_bundle_when_its_status_is_polled(
    moto_endpoint, bucket, factory, programs, tmp_path
):
    import threading

    from functions.upload.server import make_server

    httpd, app = make_server(port=0, site=str(tmp_path), s3_endpoint=moto_endpoint, bucket=bucket)
    # shutdown() returns once serve_forever next looks (every 0.5 s by default)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    url = "http://{}:{}".format(*httpd.server_address[:2])
    try:
        blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
        created = create(url, len(blob), program="huian-2024")
        form = created["upload"]
        assert form["url"].startswith(moto_endpoint)  # the browser posts straight to the bucket
        r = requests.post(
            form["url"], data=form["fields"], files={"file": ("a.zip", blob)}, timeout=30
        )
        assert r.status_code in (200, 204)
        status_url = f"{url}/api/uploads/{created['id']}"
        # nothing tells the server the bundle landed: the poll finds it and starts the validation
        assert requests.get(status_url, timeout=10).json()["status"] == "pending"
        assert app.settle(30), "the validation the poll started did not finish"
        body = requests.get(status_url, timeout=10).json()
        assert body["status"] == "accepted"
    finally:
        httpd.shutdown()
        httpd.server_close()
        app.pool.shutdown(wait=True)


# ---------------------------------------------------------------------------------------------
# Hostile requests (issue 13, item 6 and part of 8): each sent with a raw socket to 127.0.0.1,
# bounded in time and in the bytes read back, and answered with a refusal, never a 500.

INLINE = "document.documentElement.className = 'js';"
PAGE = f"<!doctype html><title>home</title><p>首页</p><script>{INLINE}</script>"


@pytest.fixture
def strict_server(tmp_path):
    """The real server with short limits (1 s for headers, keep-alive and a stalled body) and a
    site folder holding dotfiles, beside a secret outside it."""
    import threading

    from functions.upload.server import make_server

    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / "index.html").write_text(PAGE, "utf-8")
    (site / ".env").write_text("SECRET=dotenv")
    (site / ".git" / "config").write_text("[core] secret=gitconfig")
    (tmp_path / "secret.txt").write_text("SECRET=outside")
    httpd, app = make_server(
        port=0,
        site=str(site),
        storage_dir=str(tmp_path / "store"),
        header_timeout=1,
        keep_alive=1,
        idle_seconds=1,
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield {"host": host, "port": port, "url": f"http://{host}:{port}", "app": app}
    finally:
        httpd.shutdown()
        httpd.server_close()
        app.pool.shutdown(wait=True)


MAX_READ = 1 << 20


def exchange(server, data: bytes = b"", *, trickle: float = 0, within: float = 5.0):
    """Sends `data` (one byte every `trickle` seconds when set), then reads what comes back
    until the server closes or `within` seconds pass; at most 1 MiB. Returns (status or None,
    the answer's bytes, seconds until the server closed or the time ran out, closed?)."""
    import socket
    import time

    start = time.monotonic()
    sock = socket.create_connection((server["host"], server["port"]), timeout=within)
    got, closed = b"", False
    try:
        if trickle:
            for i in range(len(data)):
                if time.monotonic() - start > within:
                    break
                try:
                    sock.sendall(data[i : i + 1])
                except OSError:  # the server closed the connection mid-trickle
                    closed = True
                    break
                time.sleep(trickle)
        elif data:
            sock.sendall(data)
        while not closed and len(got) < MAX_READ:
            sock.settimeout(max(0.05, within - (time.monotonic() - start)))
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            except OSError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            got += chunk
    finally:
        sock.close()
    status = int(got.split(b" ", 2)[1]) if got.startswith(b"HTTP/1.1 ") else None
    return status, got, time.monotonic() - start, closed


def request(method: str, path: str, *headers: str, body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def test_a_content_length_of_minus_one_is_refused_at_once_without_reading_on(strict_server):
    body = b"x" * 4096  # whatever follows is never read as the request's body
    status, got, took, closed = exchange(
        strict_server, request("POST", "/api/uploads", "Content-Length: -1", body=body)
    )
    assert status == 400 and closed and took < 2
    assert b"nosniff" in got  # uvicorn's own 400 carries the security headers too


def test_a_non_numeric_content_length_is_refused_with_400_not_500(strict_server):
    for value in ("abc", "1e3", "0x10", "12 34"):
        status, _, took, closed = exchange(
            strict_server, request("POST", "/api/uploads", f"Content-Length: {value}")
        )
        assert status == 400 and closed and took < 2, value


def test_content_length_together_with_transfer_encoding_is_refused_and_the_connection_closed(
    strict_server,
):
    smuggled = request("GET", "/api/uploads/" + "a" * 40)
    chunked = b"0\r\n\r\n" + smuggled
    status, got, took, closed = exchange(
        strict_server,
        request(
            "POST",
            "/api/uploads",
            "Content-Length: 5",
            "Transfer-Encoding: chunked",
            body=chunked,
        ),
    )
    assert status == 400 and closed and took < 2
    assert b"Content-Length and Transfer-Encoding" in got
    assert got.count(b"HTTP/1.1 ") == 1  # the request hidden in the body was never answered


def test_a_chunked_request_is_read_and_answered(strict_server):
    payload = json.dumps(
        {"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": 5}
    ).encode()
    chunked = f"{len(payload):x}\r\n".encode() + payload + b"\r\n0\r\n\r\n"
    status, got, _, _ = exchange(
        strict_server,
        request(
            "POST", "/api/uploads", "Transfer-Encoding: chunked", "Connection: close", body=chunked
        ),
    )
    assert status == 201 and b'"upload"' in got


def test_a_chunked_body_over_the_limit_is_refused_with_413_once_it_passes_64_kib(
    strict_server,
):
    chunk = b"[" * 0x8000
    body = b"".join(b"8000\r\n" + chunk + b"\r\n" for _ in range(3)) + b"0\r\n\r\n"
    status, got, took, closed = exchange(
        strict_server, request("POST", "/api/uploads", "Transfer-Encoding: chunked", body=body)
    )
    assert status == 413 and closed and took < 3
    assert b'"bad-request"' in got and "过大".encode() in got


def test_a_declared_body_over_the_limit_is_refused_with_413_before_it_is_sent(strict_server):
    status, got, took, closed = exchange(
        strict_server, request("POST", "/api/uploads", f"Content-Length: {200 << 20}")
    )
    assert status == 413 and closed and took < 2  # 200 MiB announced, not one byte sent


def test_a_form_post_declaring_more_than_its_signed_size_is_refused_before_the_file_is_sent(
    strict_server, tmp_path
):
    form = create(strict_server["url"], 100)["upload"]
    boundary = "hostile"
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in form["fields"].items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n\r\n'
    ).encode()
    status, got, took, closed = exchange(
        strict_server,
        request(
            "POST",
            "/storage/upload",
            f"Content-Type: multipart/form-data; boundary={boundary}",
            f"Content-Length: {len(head) + (1 << 30)}",
            body=head,
        ),
    )
    assert status == 400 and b"EntityTooLarge" in got and closed and took < 2
    store = strict_server["app"].service.storage
    assert not store.path(form["fields"]["key"]).exists() and leftovers(store.root) == []


def test_a_slow_trickle_of_request_headers_is_cut_at_the_header_deadline(strict_server):
    """Slowloris: one byte every 0.1 s never completes the headers; the server closes the
    connection when the 1 s deadline passes (uvicorn alone would wait for ever)."""
    headers = request("GET", "/", *[f"X-Pad-{i}: {'a' * 20}" for i in range(40)])
    status, _, took, closed = exchange(strict_server, headers, trickle=0.1, within=8)
    assert closed and status is None and took < 4


def test_a_connection_that_sends_nothing_is_closed_at_the_header_deadline(strict_server):
    status, _, took, closed = exchange(strict_server, b"", within=8)
    assert closed and status is None and 0.5 < took < 4


def test_an_idle_keep_alive_connection_is_closed(strict_server):
    status, got, took, closed = exchange(strict_server, request("GET", "/"), within=8)
    assert status == 200 and got.count(b"HTTP/1.1 ") == 1
    assert closed and took < 4


def test_a_body_that_stalls_is_refused_with_408_and_the_connection_closed(strict_server):
    status, got, took, closed = exchange(
        strict_server, request("POST", "/api/uploads", "Content-Length: 100", body=b"{"), within=8
    )
    assert status == 408 and closed and took < 4
    assert b'"bad-request"' in got


def test_a_form_upload_that_stalls_is_refused_and_leaves_nothing(strict_server):
    form = create(strict_server["url"], 100)["upload"]
    boundary = "stall"
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in form["fields"].items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n\r\n'
    ).encode() + b"PK"
    status, got, took, closed = exchange(
        strict_server,
        request(
            "POST",
            "/storage/upload",
            f"Content-Type: multipart/form-data; boundary={boundary}",
            f"Content-Length: {len(head) + 50}",
            body=head,
        ),
        within=8,
    )
    assert status == 400 and b"RequestTimeout" in got and closed and took < 4
    store = strict_server["app"].service.storage
    assert not store.path(form["fields"]["key"]).exists() and leftovers(store.root) == []


def test_json_nested_30_000_deep_is_answered_400_not_500(strict_server):
    body = b"[" * 30_000 + b"]" * 30_000
    status, got, _, _ = exchange(
        strict_server,
        request("POST", "/api/uploads", f"Content-Length: {len(body)}", body=body[: 64 << 10]),
    )
    assert status in (400, 413) and b"internal-error" not in got
    small = b"[" * 30_000
    status, got, _, _ = exchange(
        strict_server,
        request("POST", "/api/uploads", f"Content-Length: {len(small)}", body=small),
    )
    assert status == 400 and "嵌套过深".encode() in got and b"nested too deeply" in got


@pytest.mark.parametrize(
    "path",
    [
        "/%00",
        "/index.html%00.txt",
        "/%0a",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5csecret.txt",
        "/.env",
        "/.git/config",
        "/%2egit/config",
        "/assets/../.env",
    ],
)
def test_a_hostile_path_is_not_found_and_never_reaches_a_file_outside_the_site(strict_server, path):
    status, got, _, _ = exchange(strict_server, request("GET", path, "Connection: close"))
    assert status in (400, 404), got[:200]
    assert b"SECRET" not in got and b"root:" not in got


def test_every_answer_carries_the_security_headers(strict_server):
    import base64
    import hashlib

    url = strict_server["url"]
    answers = [
        requests.get(url + "/", timeout=10),
        requests.get(url + "/missing", timeout=10),
        requests.get(url + "/api/uploads/" + "0" * 40, timeout=10),
        requests.post(url + "/api/uploads", data=b"{", timeout=10),
        requests.get(url + "/api/elsewhere", timeout=10),
    ]
    for r in answers:
        assert r.headers["x-content-type-options"] == "nosniff", r.url
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
        policy = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    digest = base64.b64encode(hashlib.sha256(INLINE.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in answers[0].headers["content-security-policy"]


def test_control_characters_and_id_numbers_in_a_request_never_reach_the_log_as_such(
    strict_server, caplog
):
    import logging

    from policy.naming import EXAMPLE_ID

    caplog.set_level(logging.INFO, logger="functions.upload")
    forged = f"/x%0d%0a2026-01-01%20INFO%20forged%1b[31m/{EXAMPLE_ID}"
    status, _, _, _ = exchange(strict_server, request("GET", forged, "Connection: close"))
    assert status == 404
    lines = [r.getMessage() for r in caplog.records if "forged" in r.getMessage()]
    assert lines, "the request was not logged"
    for line in lines:
        assert "\n" not in line and "\r" not in line and "\x1b" not in line
        assert "\\r\\n2026-01-01 INFO forged\\x1b[31m" in line
        assert EXAMPLE_ID not in line and EXAMPLE_ID[:4] in line


def test_the_server_log_formatter_keeps_each_record_on_its_own_line():
    import logging

    from functions.upload.logsafe import OneLineFormatter

    record = logging.LogRecord(
        "functions.upload", logging.INFO, __file__, 1, "name %s", ("a\nFAKE b\u202e",), None
    )
    line = OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert line == "INFO name a\\nFAKE b\\u202e"


def test_a_second_post_of_the_same_form_is_refused_in_both_languages_and_the_first_verdict_stands(
    local_server, factory, programs
):
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    created = create(local_server["url"], len(blob), program="huian-2024")
    form = created["upload"]
    r = requests.post(form["url"], data=form["fields"], files={"file": ("a.zip", blob)}, timeout=30)
    assert r.status_code == 204
    assert local_server["app"].settle(60)
    key_path = local_server["root"] / form["fields"]["key"]
    report_path = key_path.parent / "report.json"
    first_report = report_path.read_bytes()
    assert json.loads(first_report)["accepted"] is True

    other = factory.zip_bytes({"readme.txt": b"not the bundle"})
    r = requests.post(
        form["url"], data=form["fields"], files={"file": ("a.zip", other)}, timeout=30
    )
    assert r.status_code == 409 and "FormAlreadyUsed" in r.text
    assert "此上传表单已经用过" in r.text and "This upload form was used already" in r.text
    assert local_server["app"].settle(60)
    assert key_path.read_bytes() == blob and report_path.read_bytes() == first_report
    status = requests.get(f"{local_server['url']}/api/uploads/{created['id']}", timeout=10)
    assert status.json()["status"] == "accepted"
    assert leftovers(local_server["root"]) == []


def test_two_posts_of_one_form_at_once_keep_exactly_one_file(local_server, factory, programs):
    import concurrent.futures

    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    form = create(local_server["url"], len(blob), program="huian-2024")["upload"]

    def post(_):
        return requests.post(
            form["url"], data=form["fields"], files={"file": ("a.zip", blob)}, timeout=30
        ).status_code

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        codes = sorted(pool.map(post, range(4)))
    assert codes.count(204) == 1 and codes.count(409) == 3
    assert local_server["app"].settle(60)
    assert leftovers(local_server["root"]) == []


def test_a_flood_of_announcements_from_one_address_gets_429_in_both_languages(tmp_path):
    import threading

    import requests as http

    from functions.upload.server import make_server

    httpd, app = make_server(
        port=0, site=str(tmp_path), storage_dir=str(tmp_path / "s"), announce_limit=3
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        body = {"program": "wushen-2024", "kind": "individual", "filename": "a.zip", "size": 9}
        answers = [
            http.post(f"http://{host}:{port}/api/uploads", json=body, timeout=10) for _ in range(5)
        ]
        assert [a.status_code for a in answers] == [201, 201, 201, 429, 429]
        refused = answers[-1].json()["error"]
        assert refused["code"] == "too-many-requests"
        assert "秒后再试" in refused["message"]["zh"] and "try again" in refused["message"]["en"]
        assert len(list((tmp_path / "s").glob("uploads/*/upload.json"))) == 3
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_serve_refuses_to_start_on_notice_data_that_validate_refuses(tmp_path):
    import shutil

    from policy.programs import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "wushen-2024.yaml"
    path.write_text(path.read_text("utf-8").replace("field: age", "field: agee", 1), "utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "functions.upload", "serve", "--port", "0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PROGRAMS_DIR": str(data)},
    )
    assert out.returncode == 2 and out.stdout == ""
    assert "wushen-2024.yaml:" in out.stderr and "[unknown-field]" in out.stderr
    assert "上传服务未启动" in out.stderr and "did not start" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_log_value_is_masked_before_it_is_cut_so_no_prefix_of_a_number_leaks():
    from functions.upload.logsafe import clean
    from tests.support.idnumbers import make_id

    number = make_id("110101", "19900307", "404")
    text = "/" + "a" * 290 + number  # the cut at 300 falls inside the number
    shown = clean(text, 300)
    assert number[4:12] not in shown and len(shown) <= 301


def test_masking_a_path_in_the_access_line_keeps_its_status_and_duration():
    import logging

    from functions.upload.logsafe import OneLineFormatter
    from tests.support.idnumbers import make_id

    number = make_id("110101", "19900307", "404")
    path = f"/{number[:4]}\u200b{number[4:]}"
    record = logging.LogRecord(
        "functions.upload",
        logging.INFO,
        __file__,
        1,
        "%s %s %s %s %.0fms",
        ("127.0.0.1", "GET", path, 404, 4.2),
        None,
    )
    line = OneLineFormatter("%(message)s").format(record)
    assert line == f"127.0.0.1 GET /{number[:4]}**********{number[-4:]} 404 4ms"
