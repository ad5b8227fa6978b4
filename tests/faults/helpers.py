"""Small shared steps for the fault tests: the API over HTTP, the signed form POST, the S3 event."""

from __future__ import annotations

import re

import requests

from functions.upload.handler import lambda_handler
from functions.upload.server import s3_event

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def create(url: str, size: int, program: str = "huian-2024") -> requests.Response:
    return requests.post(
        f"{url}/api/uploads",
        json={"program": program, "kind": "individual", "filename": "材料.zip", "size": size},
        timeout=60,
    )


def post_form(form: dict, blob: bytes) -> None:
    r = requests.post(form["url"], data=form["fields"], files={"file": ("a.zip", blob)}, timeout=60)
    assert r.status_code in (200, 201, 204), r.text


def deliver(service, key: str, size: int, bucket: str = "local") -> dict:
    """What S3 does after an object lands: call the Lambda handler with the ObjectCreated event."""
    return lambda_handler(s3_event(key, size, bucket), None, service=service)


def assert_bilingual_503(response) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "storage-unavailable"
    assert CHINESE.search(error["message"]["zh"])
    assert "storage" in error["message"]["en"] and not CHINESE.search(error["message"]["en"])
    assert "Traceback" not in response.text


def apigw(method: str, path: str, body: str | None = None) -> dict:
    """An API Gateway HTTP API (payload v2) request, as Lambda receives it."""
    return {
        "version": "2.0",
        "rawPath": path,
        "requestContext": {"http": {"method": method, "path": path}},
        "body": body,
        "isBase64Encoded": False,
    }


class SplitClient:
    """The real S3 client, except the named operations, which go to a second (stubbed) client."""

    def __init__(self, real, faulty, operations: set[str]):
        self._real, self._faulty, self._operations = real, faulty, operations

    def __getattr__(self, name):
        return getattr(self._faulty if name in self._operations else self._real, name)


def report_versions(client, bucket: str, key: str) -> int:
    """How many times a key was written (the test buckets keep versions)."""
    listed = client.list_object_versions(Bucket=bucket, Prefix=key)
    return len([v for v in listed.get("Versions", []) if v["Key"] == key])
