"""S3 errors injected with botocore's Stubber: loud failures, clear 503s, one report after a retry.

Storage is a real moto S3 server; only the operation under test goes to a client whose responses
botocore's Stubber supplies, so every other call is real.
"""

from __future__ import annotations

import hashlib
import json

import boto3
import pytest
from botocore.exceptions import ReadTimeoutError
from botocore.stub import Stubber

from functions.upload.api import Service, report_key
from functions.upload.handler import lambda_handler
from functions.upload.storage import S3Storage, StorageError

from .helpers import CHINESE, SplitClient, apigw, deliver, post_form, report_versions


@pytest.fixture
def s3(moto_endpoint, bucket):
    storage = S3Storage(bucket, endpoint_url=moto_endpoint)
    storage.client.put_bucket_versioning(
        Bucket=bucket, VersioningConfiguration={"Status": "Enabled"}
    )
    return storage


def inject(storage: S3Storage, operation: str, code: str, status: int) -> Stubber:
    faulty = boto3.client("s3", endpoint_url="http://127.0.0.1:9", region_name="us-east-1")
    stubber = Stubber(faulty)
    stubber.add_client_error(operation, service_error_code=code, http_status_code=status)
    stubber.activate()
    storage.client = SplitClient(storage.client, faulty, {operation})
    return stubber


def landed_bundle(storage, factory, programs) -> tuple[str, str, bytes]:
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    status, created = Service(storage).create_upload(
        json.dumps(
            {"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": len(blob)}
        )
    )
    assert status == 201
    post_form(created["upload"], blob)
    return created["id"], created["upload"]["fields"]["key"], blob


@pytest.mark.parametrize(
    "code,status", [("InternalError", 500), ("SlowDown", 503), ("AccessDenied", 403)]
)
def test_a_failed_report_write_fails_the_event_loudly_and_the_retry_writes_one_correct_report(
    s3, factory, programs, code, status
):
    upload_id, key, blob = landed_bundle(s3, factory, programs)
    real = s3.client
    stubber = inject(s3, "put_object", code, status)
    with pytest.raises(StorageError):
        deliver(Service(s3), key, len(blob), s3.bucket)
    stubber.assert_no_pending_responses()  # the report write was really attempted and failed

    s3.client = real  # S3 / Lambda deliver the event again
    assert s3.get(report_key(upload_id)) is None
    assert deliver(Service(s3), key, len(blob), s3.bucket) == {"processed": 1}
    report = json.loads(s3.get(report_key(upload_id)))
    assert report["accepted"] is True and report["upload_id"] == upload_id
    assert report["sha256"] == hashlib.sha256(blob).hexdigest() and report["size"] == len(blob)
    assert report_versions(real, s3.bucket, report_key(upload_id)) == 1


def test_a_report_stored_but_its_answer_lost_is_not_written_twice_on_retry(s3, factory, programs):
    upload_id, key, blob = landed_bundle(s3, factory, programs)
    real = s3.client

    class LostAnswer:
        def __getattr__(self, name):
            return getattr(real, name)

        def put_object(self, **kwargs):
            real.put_object(**kwargs)
            raise ReadTimeoutError(endpoint_url="http://127.0.0.1")

    s3.client = LostAnswer()
    with pytest.raises(StorageError):
        deliver(Service(s3), key, len(blob), s3.bucket)
    s3.client = real
    deliver(Service(s3), key, len(blob), s3.bucket)
    assert report_versions(real, s3.bucket, report_key(upload_id)) == 1
    assert json.loads(s3.get(report_key(upload_id)))["accepted"] is True


def test_a_failed_announcement_write_answers_503_in_both_languages_and_stores_nothing(s3):
    inject(s3, "put_object", "InternalError", 500)
    body = json.dumps({"program": "huian-2024", "kind": "individual", "filename": "a", "size": 9})
    out = lambda_handler(apigw("POST", "/api/uploads", body), None, service=Service(s3))
    assert out["statusCode"] == 503
    error = json.loads(out["body"])["error"]
    assert error["code"] == "storage-unavailable" and CHINESE.search(error["message"]["zh"])
    assert "nothing you sent was lost" in error["message"]["en"]
    assert s3.list_keys("uploads/") == []


def test_a_failed_read_answers_a_status_request_with_503_in_both_languages(s3, factory, programs):
    upload_id, _, _ = landed_bundle(s3, factory, programs)
    inject(s3, "get_object", "InternalError", 500)
    out = lambda_handler(apigw("GET", f"/api/uploads/{upload_id}"), None, service=Service(s3))
    assert out["statusCode"] == 503
    assert json.loads(out["body"])["error"]["code"] == "storage-unavailable"
