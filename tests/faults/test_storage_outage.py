"""The S3 server goes away mid-flow: the API says so in both languages and nothing half-done stays.

The local server runs with S3 storage pointed at a real moto server (HTTP on 127.0.0.1); the moto
server is stopped between steps and started again on the same port. Its objects live in this
process, so they survive the outage, as a real bucket's do.
"""

from __future__ import annotations

import os
import threading

import boto3
import pytest
import requests
from moto.server import ThreadedMotoServer

from functions.upload.api import report_key
from functions.upload.server import make_server
from functions.upload.storage import StorageError
from tests.support.s3server import free_port

from .helpers import assert_bilingual_503, create, deliver, post_form


class Moto:
    """A moto S3 server that can be stopped and started again on the same port."""

    def __init__(self):
        for name, value in (
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_DEFAULT_REGION", "us-east-1"),
        ):
            os.environ.setdefault(name, value)
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.server = None

    def start(self):
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()

    def stop(self):
        if self.server is not None:
            self.server.stop()
            self.server = None


@pytest.fixture
def outage(tmp_path):
    moto = Moto()
    moto.start()
    bucket = "outage-" + os.urandom(4).hex()
    boto3.client("s3", endpoint_url=moto.endpoint, region_name="us-east-1").create_bucket(
        Bucket=bucket
    )
    httpd, app = make_server(port=0, site=str(tmp_path), s3_endpoint=moto.endpoint, bucket=bucket)
    # shutdown() returns once serve_forever next looks (every 0.5 s by default)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    url = "http://{}:{}".format(*httpd.server_address[:2])
    try:
        yield {
            "moto": moto,
            "url": url,
            "app": app,
            "storage": app.service.storage,
            "bucket": bucket,
        }
    finally:
        httpd.shutdown()
        httpd.server_close()
        app.pool.shutdown(wait=True)
        moto.stop()


def test_creating_an_upload_while_storage_is_down_answers_503_in_both_languages(outage):
    assert create(outage["url"], 1000).status_code == 201
    outage["moto"].stop()
    assert_bilingual_503(create(outage["url"], 1000))


def test_asking_for_a_status_while_storage_is_down_answers_503_in_both_languages(outage):
    upload_id = create(outage["url"], 1000).json()["id"]
    outage["moto"].stop()
    assert_bilingual_503(requests.get(f"{outage['url']}/api/uploads/{upload_id}", timeout=60))


def test_storage_going_down_after_a_bundle_lands_leaves_no_report_and_the_retry_writes_one(
    outage, factory, programs
):
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    created = create(outage["url"], len(blob)).json()
    key = created["upload"]["fields"]["key"]
    post_form(created["upload"], blob)
    service = outage["app"].service

    outage["moto"].stop()
    with pytest.raises(StorageError):  # fails loudly, so S3 / Lambda deliver the event again
        deliver(service, key, len(blob), outage["bucket"])
    assert_bilingual_503(requests.get(f"{outage['url']}/api/uploads/{created['id']}", timeout=60))

    outage["moto"].start()  # the outage ends; the bucket kept the bundle
    assert outage["storage"].get(report_key(created["id"])) is None  # nothing half-written
    report = deliver(service, key, len(blob), outage["bucket"])
    assert report == {"processed": 1}
    body = requests.get(f"{outage['url']}/api/uploads/{created['id']}", timeout=60).json()
    assert body["status"] == "accepted"
    assert body["report"]["upload_id"] == created["id"]
    keys = outage["storage"].list_keys(f"uploads/{created['id']}/")
    assert sorted(k.rsplit("/", 1)[1] for k in keys) == ["bundle", "report.json", "upload.json"]


def test_a_status_poll_during_an_outage_does_not_lose_the_bundle_it_would_validate(
    outage, factory, programs
):
    """The local server validates S3 bundles when polled; an outage then must not mark it done."""
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    created = create(outage["url"], len(blob)).json()
    post_form(created["upload"], blob)
    outage["moto"].stop()
    assert_bilingual_503(requests.get(f"{outage['url']}/api/uploads/{created['id']}", timeout=60))
    outage["moto"].start()
    status_url = f"{outage['url']}/api/uploads/{created['id']}"
    assert requests.get(status_url, timeout=60).json()["status"] == "pending"  # starts a validation
    assert outage["app"].settle(60), "the validation the poll started did not finish"
    body = requests.get(status_url, timeout=60).json()
    assert body["status"] == "accepted"


def test_a_validation_cut_short_by_storage_is_tried_again_on_the_next_status_poll(
    outage, factory, programs
):
    """With S3 storage the local server validates on a status poll; if storage fails during that
    validation, a later poll must try again rather than leave the upload pending for ever."""
    import boto3
    from botocore.stub import Stubber

    from .helpers import SplitClient

    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    created = create(outage["url"], len(blob)).json()
    post_form(created["upload"], blob)
    storage = outage["storage"]
    real = storage.client
    faulty = boto3.client("s3", endpoint_url="http://127.0.0.1:9", region_name="us-east-1")
    stubber = Stubber(faulty)
    stubber.add_client_error("put_object", service_error_code="InternalError", http_status_code=500)
    stubber.activate()
    storage.client = SplitClient(real, faulty, {"put_object"})

    status_url = f"{outage['url']}/api/uploads/{created['id']}"
    assert requests.get(status_url, timeout=60).json()["status"] == "pending"
    assert outage["app"].settle(30), "the validation the poll started did not finish"
    stubber.assert_no_pending_responses()  # the validation ran and its report write failed
    storage.client = real

    # the next poll finds the upload still pending and tries again
    assert requests.get(status_url, timeout=60).json()["status"] == "pending"
    assert outage["app"].settle(30), "the second validation did not finish"
    body = requests.get(status_url, timeout=60).json()
    assert body["status"] == "accepted"
