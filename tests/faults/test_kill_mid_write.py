"""The local server killed (SIGKILL) while it writes an upload: no partial file under any key."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
import urllib.request

from functions.upload.signing import LocalSigner
from functions.upload.storage import LocalStorage
from tests.support.commands import start_upload_server
from tests.support.s3server import free_port

SIZE = 40 << 20


def create(port: int, size: int) -> dict:
    body = json.dumps(
        {"program": "wushen-2024", "kind": "individual", "filename": "a.zip", "size": size}
    ).encode()
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/uploads",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def start_upload(port: int, form: dict, size: int) -> socket.socket:
    """Sends the form's headers and fields and the first 8 MiB of a `size`-byte file, then waits."""
    boundary = "----killtest"
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in form["fields"].items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n'
        "Content-Type: application/zip\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(
        (
            "POST /storage/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(head) + size + len(tail)}\r\n\r\n"
        ).encode()
        + head
    )
    sock.sendall(b"PK\x03\x04" + os.urandom((8 << 20) - 4))
    return sock


def wait_for_partial(storage: LocalStorage, at_least: int) -> list:
    deadline = time.monotonic() + 30
    while True:
        parts = [p for p in storage.tmp.glob("*.part") if p.stat().st_size >= at_least]
        if parts:
            return parts
        assert time.monotonic() < deadline, "the server never started writing the upload"
        time.sleep(0.01)


def test_a_server_killed_mid_upload_leaves_no_partial_file_under_the_final_key(tmp_path):
    store = tmp_path / "store"
    port = free_port()
    server = start_upload_server(port, tmp_path, store)
    storage = LocalStorage(store, signer=LocalSigner(b"unused"))
    try:
        created = create(port, SIZE)
        sock = start_upload(port, created["upload"], SIZE)
        wait_for_partial(storage, 1 << 20)
    finally:
        server.send_signal(signal.SIGKILL)  # mid-write: no cleanup code runs
        server.wait(30)
    sock.close()

    key = created["upload"]["fields"]["key"]
    assert not storage.path(key).exists() and storage.get(key) is None
    assert storage.list_keys() == [f"uploads/{created['id']}/upload.json"]
    left = list(storage.tmp.glob("*.part"))
    assert left and all(p.stat().st_size < SIZE for p in left)  # only the private temp file

    # Restarted, the server still answers "pending" for it (the browser saw no success and may
    # send the file again) and validates nothing partial.
    for part in left:
        os.utime(part, (time.time() - 2 * 86400,) * 2)  # as if the kill was days ago
    server = start_upload_server(port, tmp_path, store)
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/uploads/{created['id']}", timeout=30
        ) as r:
            assert json.load(r)["status"] == "pending"
    finally:
        server.terminate()
        server.wait(30)
    assert list(storage.tmp.glob("*.part")) == []  # old temp files are swept on start
    assert storage.list_keys() == [f"uploads/{created['id']}/upload.json"]
