"""A signed form can be posted again before it expires, and S3 then replaces the object. The
verdict always belongs to the bundle that is there: the event for the new object judges it
again, and the report names the object it judged (ETag, version)."""

from __future__ import annotations

import json

from functions.upload.api import Service, report_key
from functions.upload.handler import lambda_handler
from functions.upload.storage import S3Storage

from .helpers import deliver
from .test_repeated_events import announce


def s3_event_with_etag(key: str, size: int, bucket: str, etag: str) -> dict:
    from functions.upload.server import s3_event

    event = s3_event(key, size, bucket)
    event["Records"][0]["s3"]["object"]["eTag"] = etag
    return event


def test_a_second_post_of_one_form_is_judged_again_and_its_verdict_replaces_the_first(
    moto_endpoint, bucket, factory, programs
):
    s3 = S3Storage(bucket, endpoint_url=moto_endpoint)
    service = Service(s3)
    good = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    upload_id, key = announce(service, len(good))
    s3.put(key, good)
    deliver(service, key, len(good), bucket)
    first = json.loads(s3.get(report_key(upload_id)))
    assert first["accepted"] and first["object"]["etag"]

    bad = factory.zip_bytes({"readme.txt": b"x" * 10})
    s3.put(key, bad)  # the same form posted again: S3 replaces the object
    etag = s3.stat(key)["etag"]
    lambda_handler(s3_event_with_etag(key, len(bad), bucket, etag), None, service=service)
    second = json.loads(s3.get(report_key(upload_id)))
    assert second["accepted"] is False
    assert second["object"]["etag"] == etag != first["object"]["etag"]
    assert second["sha256"] != first["sha256"]
    assert service.status(upload_id)[1]["status"] == "rejected"


def test_the_event_of_the_judged_object_delivered_again_changes_nothing(
    moto_endpoint, bucket, factory, programs
):
    s3 = S3Storage(bucket, endpoint_url=moto_endpoint)
    ticks = iter(range(1_800_000_000, 1_900_000_000, 1000))  # each look at the clock: later
    service = Service(s3, clock=lambda: next(ticks))
    good = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    upload_id, key = announce(service, len(good))
    s3.put(key, good)
    etag = s3.stat(key)["etag"]
    received = []
    for _ in range(3):
        lambda_handler(s3_event_with_etag(key, len(good), bucket, etag), None, service=service)
        received.append(json.loads(s3.get(report_key(upload_id)))["received_at"])
    assert received[0] == received[1] == received[2]  # judged once, not three times


def test_a_bundle_whose_check_died_every_retry_is_reported_for_staff_from_the_dead_letter_queue(
    moto_endpoint, bucket, factory, programs
):
    from functions.upload.server import s3_event

    s3 = S3Storage(bucket, endpoint_url=moto_endpoint)
    service = Service(s3)
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    upload_id, key = announce(service, len(blob))
    s3.put(key, blob)
    assert service.status(upload_id)[1]["status"] == "pending"
    dead = {
        "Records": [
            {"eventSource": "aws:sqs", "body": json.dumps(s3_event(key, len(blob), bucket))}
        ]
    }
    assert lambda_handler(dead, None, service=service) == {"processed": 1}
    status = service.status(upload_id)[1]
    assert status["status"] == "rejected"
    problem = status["report"]["problems"][0]
    assert problem["code"] == "check-failed" and "staff will look" in problem["message"]["en"]
    assert status["report"]["sha256"]  # the bundle itself is kept and named
