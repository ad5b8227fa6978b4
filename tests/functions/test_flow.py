"""The whole upload flow of contract §3, the same tests over both storage backends.

- s3: the Lambda handler answers API Gateway v2 events; the browser's POST goes over real HTTP to a
  moto S3 server with the real presigned form; the test then delivers a real-shaped S3 event to the
  handler (moto cannot deliver notifications without Docker).
- local: everything over real HTTP to the local server, which fires the same handler itself.
"""

from __future__ import annotations

import hashlib
import json
import time

import jsonschema
import pytest
import requests

from functions.upload.api import Service
from functions.upload.handler import lambda_handler
from functions.upload.server import s3_event
from functions.upload.storage import S3Storage


def apigw_event(method: str, path: str, body: str | None = None) -> dict:
    return {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json"},
        "requestContext": {
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
            },
            "stage": "$default",
        },
        "body": body,
        "isBase64Encoded": False,
    }


class S3Flow:
    name = "s3"

    def __init__(self, endpoint: str, bucket: str, clock=time.time):
        self.storage = S3Storage(bucket, endpoint_url=endpoint)
        self.service = Service(self.storage, clock=clock)

    def api(self, method: str, path: str, body=None) -> tuple[int, dict]:
        raw = body if isinstance(body, str) or body is None else json.dumps(body)
        out = lambda_handler(apigw_event(method, path, raw), None, service=self.service)
        assert out["headers"]["content-type"].startswith("application/json")
        return out["statusCode"], json.loads(out["body"])

    def landed(self, key: str, size: int) -> None:
        lambda_handler(s3_event(key, size, self.storage.bucket), None, service=self.service)

    def stored(self, key: str) -> bytes | None:
        return self.storage.get(key)

    def settle(self, timeout: float) -> None:
        """The test delivers each event itself (landed): nothing runs in the background."""


class LocalFlow:
    name = "local"

    def __init__(self, server: dict):
        self.url = server["url"]
        self.app = server["app"]
        self.storage = self.app.service.storage

    def api(self, method: str, path: str, body=None) -> tuple[int, dict]:
        data = body if isinstance(body, str) or body is None else json.dumps(body)
        r = requests.request(method, self.url + path, data=data, timeout=30)
        assert r.headers["content-type"].startswith("application/json")
        return r.status_code, r.json()

    def landed(self, key: str, size: int) -> None:
        """The server fires the handler itself after storing the file."""

    def stored(self, key: str) -> bytes | None:
        return self.storage.get(key)

    def settle(self, timeout: float) -> None:
        """Waits for the validations the server fired (it fires one before answering a form
        upload), as S3 notifications arrive on their own."""
        assert self.app.settle(timeout), f"a validation was still running after {timeout} s"


@pytest.fixture(params=["s3", "local"])
def flow(request):
    if request.param == "s3":
        return S3Flow(request.getfixturevalue("moto_endpoint"), request.getfixturevalue("bucket"))
    return LocalFlow(request.getfixturevalue("local_server"))


def announce(flow, size: int, program="wushen-2024", kind="individual", filename="a.zip"):
    """Ask the API for an upload: (status, answer)."""
    body = {"program": program, "kind": kind, "filename": filename, "size": size}
    return flow.api("POST", "/api/uploads", body)


def send(flow, blob: bytes, program="wushen-2024", kind="individual", filename="材料.zip"):
    status, created = announce(flow, len(blob), program, kind, filename)
    assert status == 201, created
    form = created["upload"]
    assert form["method"] == "POST"
    r = requests.post(
        form["url"], data=form["fields"], files={"file": (filename, blob)}, timeout=60
    )
    assert r.status_code in (200, 201, 204), r.text
    flow.landed(form["fields"]["key"], len(blob))
    return created


def wait_for_verdict(flow, upload_id: str, timeout: float = 60) -> dict:
    """The upload's status once the validations under way have finished (no polling)."""
    flow.settle(timeout)
    status, body = flow.api("GET", f"/api/uploads/{upload_id}")
    assert status == 200, body
    return body


def test_a_complete_bundle_uploaded_through_the_signed_form_is_accepted(
    flow, programs, factory, report_schema
):
    blob = factory.zip_bytes(factory.individual_files(programs["wushen-2024"]))
    created = send(flow, blob)
    assert len(created["id"]) >= 32 and created["expires_in"] <= 900
    body = wait_for_verdict(flow, created["id"])
    assert body["id"] == created["id"]
    assert body["status"] == "accepted", body["report"]["problems"]
    report = body["report"]
    jsonschema.validate(report, report_schema)
    assert report["sha256"] == hashlib.sha256(blob).hexdigest()
    assert report["size"] == len(blob)
    assert report["candidates"][0]["id_number_masked"].count("*") == 10


def test_a_rejected_bundle_is_kept_byte_for_byte_with_its_report_beside_it(flow, programs, factory):
    files = factory.individual_files(programs["wushen-2024"])
    files = {k: v for k, v in files.items() if "诚信" not in k}
    blob = factory.zip_bytes(files)
    created = send(flow, blob)
    body = wait_for_verdict(flow, created["id"])
    assert body["status"] == "rejected"
    codes = [p["code"] for p in body["report"]["problems"]]
    assert codes == ["missing-material"]
    assert "诚信承诺书" in body["report"]["problems"][0]["message"]["zh"]
    assert "integrity pledge" in body["report"]["problems"][0]["message"]["en"]
    assert flow.stored(created["upload"]["fields"]["key"]) == blob
    assert flow.stored(f"uploads/{created['id']}/report.json") is not None


def test_a_status_request_before_the_file_arrives_says_pending(flow):
    status, created = announce(flow, 100, program="huian-2024")
    assert status == 201
    status, body = flow.api("GET", f"/api/uploads/{created['id']}")
    assert (status, body) == (200, {"id": created["id"], "status": "pending", "report": None})


@pytest.mark.parametrize(
    "body,code",
    [
        ("{not json", "bad-request"),
        (
            {"program": "nowhere-2024", "kind": "individual", "filename": "a.zip", "size": 1},
            "unknown-program",
        ),
        (
            {"program": "wushen-2024", "kind": "family", "filename": "a.zip", "size": 1},
            "bad-request",
        ),
        (
            {"program": "wushen-2024", "kind": "individual", "filename": "a.zip", "size": 0},
            "bad-request",
        ),
        (
            {"program": "wushen-2024", "kind": "individual", "filename": "a.zip", "size": 1 << 40},
            "upload-too-large",
        ),
    ],
)
def test_a_bad_create_request_gets_400_with_a_bilingual_error(flow, body, code):
    status, answer = flow.api("POST", "/api/uploads", body)
    assert status == 400
    assert answer["error"]["code"] == code
    assert answer["error"]["message"]["zh"] and answer["error"]["message"]["en"]


def test_an_upload_over_the_programs_limit_is_refused_using_the_yaml_figure(flow, programs):
    limit = programs["huian-2024"]["upload"]["max_bytes"]["individual"]
    ok, _ = flow.api(
        "POST",
        "/api/uploads",
        {"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": limit},
    )
    too_big, answer = flow.api(
        "POST",
        "/api/uploads",
        {"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": limit + 1},
    )
    assert (ok, too_big) == (201, 400)
    assert answer["error"]["code"] == "upload-too-large"


def test_an_unknown_upload_id_is_404(flow):
    assert flow.api("GET", "/api/uploads/" + "0" * 40)[0] == 404
    assert flow.api("GET", "/api/uploads/not-an-id%2F..%2Fupload.json")[0] == 404


def test_a_repeated_object_created_event_leaves_one_unchanged_report(flow, programs, factory):
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    created = send(flow, blob, program="huian-2024")
    first = wait_for_verdict(flow, created["id"])["report"]
    key = created["upload"]["fields"]["key"]
    for _ in range(3):
        lambda_handler(s3_event(key, len(blob)), None, service=_service_of(flow))
    again = wait_for_verdict(flow, created["id"])["report"]
    assert again == first
    reports = [
        k for k in flow.storage.list_keys(f"uploads/{created['id']}/") if k.endswith("report.json")
    ]
    assert reports == [f"uploads/{created['id']}/report.json"]


def _service_of(flow):
    return flow.service if flow.name == "s3" else flow.app.service


def test_the_upload_ids_are_random_and_unguessable(flow):
    ids = {
        flow.api(
            "POST",
            "/api/uploads",
            {"program": "wushen-2024", "kind": "group", "filename": "g.zip", "size": 10},
        )[1]["id"]
        for _ in range(5)
    }
    assert len(ids) == 5
    assert all(len(i) * 4 >= 128 and int(i, 16) for i in ids)


# ---------------------------------------------------------------- defence in depth on S3 (moto)
# moto accepts any POST to a bucket, so these show the function itself re-checks what landed.


def test_an_object_larger_than_declared_is_rejected_when_it_lands(
    moto_endpoint, bucket, factory, programs
):
    flow = S3Flow(moto_endpoint, bucket)
    blob = factory.zip_bytes(factory.individual_files(programs["wushen-2024"]))
    status, created = announce(flow, 100)
    form = created["upload"]
    r = requests.post(form["url"], data=form["fields"], files={"file": ("a.zip", blob)}, timeout=30)
    assert r.status_code in (200, 204)  # moto does not enforce content-length-range
    flow.landed(form["fields"]["key"], len(blob))
    body = wait_for_verdict(flow, created["id"])
    assert body["status"] == "rejected"
    assert [p["code"] for p in body["report"]["problems"]] == ["upload-mismatch"]
    assert flow.stored(form["fields"]["key"]) == blob  # kept all the same


def test_an_object_landing_under_a_key_that_was_not_issued_is_not_validated(
    moto_endpoint, bucket, factory, programs
):
    flow = S3Flow(moto_endpoint, bucket)
    blob = factory.zip_bytes(factory.individual_files(programs["wushen-2024"]))
    _, created = announce(flow, len(blob))
    form = created["upload"]
    for key in (f"uploads/{created['id']}/bundle.exe", "uploads/" + "f" * 40 + "/bundle"):
        fields = dict(form["fields"], key=key)
        assert requests.post(
            form["url"], data=fields, files={"file": ("a.zip", blob)}, timeout=30
        ).status_code in (200, 204)
        flow.landed(key, len(blob))
    assert flow.api("GET", f"/api/uploads/{created['id']}")[1]["status"] == "pending"
    assert flow.api("GET", "/api/uploads/" + "f" * 40)[0] == 404
    assert not [k for k in flow.storage.list_keys("uploads/") if k.endswith("report.json")]


def test_an_s3_event_key_is_url_decoded_before_use(moto_endpoint, bucket, factory, programs):
    flow = S3Flow(moto_endpoint, bucket)
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    created = send(flow, blob, program="huian-2024")
    event = s3_event(created["upload"]["fields"]["key"], len(blob))
    event["Records"][0]["s3"]["object"]["key"] = event["Records"][0]["s3"]["object"]["key"].replace(
        "/", "%2F"
    )
    flow.storage.client.delete_object(Bucket=bucket, Key=f"uploads/{created['id']}/report.json")
    assert lambda_handler(event, None, service=flow.service) == {"processed": 1}
    assert flow.api("GET", f"/api/uploads/{created['id']}")[1]["status"] == "accepted"


def test_reports_on_s3_are_written_with_server_side_encryption(
    moto_endpoint, bucket, factory, programs
):
    flow = S3Flow(moto_endpoint, bucket)
    blob = factory.zip_bytes(factory.individual_files(programs["huian-2024"]))
    created = send(flow, blob, program="huian-2024")
    head = flow.storage.client.head_object(
        Bucket=bucket, Key=f"uploads/{created['id']}/report.json"
    )
    assert head["ServerSideEncryption"] == "AES256"


def test_an_unexpected_validation_failure_still_ends_with_a_report(
    tmp_path, monkeypatch, factory, programs
):
    from functions.upload import bundle
    from functions.upload.signing import LocalSigner
    from functions.upload.storage import LocalStorage

    service = Service(LocalStorage(tmp_path, signer=LocalSigner(b"k")))
    _, created = service.create_upload(
        json.dumps(
            {"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": 100}
        )
    )
    service.storage.put(created["upload"]["fields"]["key"], b"PK\x05\x06" + b"\0" * 18)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(bundle, "check_file", broken)
    lambda_handler(s3_event(created["upload"]["fields"]["key"], 22), None, service=service)
    status = service.status(created["id"])[1]
    assert status["status"] == "rejected"
    assert [p["code"] for p in status["report"]["problems"]] == ["internal-error"]
    assert status["report"]["sha256"] == hashlib.sha256(b"PK\x05\x06" + b"\0" * 18).hexdigest()
