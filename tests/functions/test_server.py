"""The local server over real HTTP: site and API on one origin, and forms checked like S3 checks them."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import signal
import subprocess
import sys

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
