"""An object-created event delivered twice, at once, or after a crash: exactly one correct report."""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import time

import pytest
import requests

from functions.upload.api import Service, report_key
from functions.upload.signing import LocalSigner
from functions.upload.storage import LocalStorage, S3Storage
from tests.support.clock import FakeClock
from tests.support.commands import start_upload_server
from tests.support.s3server import free_port

from .helpers import deliver, report_versions


def announce(service: Service, size: int) -> tuple[str, str]:
    body = {"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": size}
    status, created = service.create_upload(json.dumps(body))
    assert status == 201
    return created["id"], created["upload"]["fields"]["key"]


@pytest.fixture(params=["s3", "local"])
def storage(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "store", signer=LocalSigner(b"k" * 32))
    endpoint, bucket = request.getfixturevalue("moto_endpoint"), request.getfixturevalue("bucket")
    s3 = S3Storage(bucket, endpoint_url=endpoint)
    s3.client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return s3


def writes_of(storage, key: str) -> int:
    if isinstance(storage, S3Storage):
        return report_versions(storage.client, storage.bucket, key)
    return 1 if storage.get(key) is not None else 0


def test_the_same_event_delivered_four_times_at_once_writes_one_report(storage, factory, programs):
    service = Service(storage)
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    upload_id, key = announce(service, len(blob))
    storage.put(key, blob)  # the object lands
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: service.object_created(key), range(4)))
    stored = json.loads(storage.get(report_key(upload_id)))
    assert all(a == stored for a in answers)  # every delivery sees the one stored report
    assert stored["accepted"] is True and stored["sha256"] == hashlib.sha256(blob).hexdigest()
    assert writes_of(storage, report_key(upload_id)) == 1


def test_an_event_delivered_again_later_returns_the_stored_report_unchanged(
    storage, factory, programs
):
    clock = FakeClock()
    service = Service(storage, clock=clock)
    blob = factory.zip_bytes({"只有一个文件.txt": b"hello"})
    upload_id, key = announce(service, len(blob))
    storage.put(key, blob)
    bucket = getattr(storage, "bucket", "local")
    deliver(service, key, len(blob), bucket)
    first = storage.get(report_key(upload_id))
    clock.advance(60)  # a later delivery would carry a later received_at if it wrote again
    deliver(service, key, len(blob), bucket)
    assert storage.get(report_key(upload_id)) == first
    assert json.loads(first)["accepted"] is False
    assert writes_of(storage, report_key(upload_id)) == 1


def test_a_server_killed_between_storing_and_reporting_reports_exactly_once_on_restart(
    tmp_path, factory, programs
):
    """State as a crash leaves it: the bundle stored, a report half-written in the temp folder."""
    store = tmp_path / "store"
    storage = LocalStorage(store, signer=LocalSigner(b"k" * 32))
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    upload_id, key = announce(Service(storage), len(blob))
    storage.put(key, blob)
    with storage.temp_file() as half:  # the report write the crash cut short
        half.write(b'{"program": "huian-2024", "accep')

    port = free_port()
    server = start_upload_server(port, tmp_path, store)
    try:
        deadline = time.monotonic() + 60
        while True:
            body = requests.get(f"http://127.0.0.1:{port}/api/uploads/{upload_id}", timeout=30)
            if body.json()["status"] != "pending":
                break
            assert time.monotonic() < deadline, "the landed bundle was never validated"
            time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(30)
    assert body.json()["status"] == "accepted"
    assert body.json()["report"]["sha256"] == hashlib.sha256(blob).hexdigest()
    assert storage.list_keys(f"uploads/{upload_id}/") == [
        f"uploads/{upload_id}/bundle",
        f"uploads/{upload_id}/report.json",
        f"uploads/{upload_id}/upload.json",
    ]
