"""The Lambda page: light to import, routes API Gateway v2 and S3 events, answers JSON."""

from __future__ import annotations

import base64
import json
import pathlib
import subprocess
import sys

from functions.upload.api import Service
from functions.upload.handler import lambda_handler, service_from_env
from functions.upload.signing import LocalSigner
from functions.upload.storage import LocalStorage

REPO = pathlib.Path(__file__).resolve().parents[2]


def test_importing_the_handler_loads_no_pillow_openpyxl_boto3_nor_the_web_stack():
    heavy = ("PIL", "openpyxl", "boto3", "py7zr", "starlette", "uvicorn", "python_multipart")
    code = (
        "import sys, functions.upload.handler; "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def _service(tmp_path):
    return Service(LocalStorage(tmp_path, signer=LocalSigner(b"k")))


def _event(method, path, body=None, b64=False):
    if b64 and body is not None:
        body = base64.b64encode(body.encode()).decode()
    return {
        "version": "2.0",
        "rawPath": path,
        "requestContext": {"http": {"method": method}},
        "body": body,
        "isBase64Encoded": b64,
    }


def test_a_base64_encoded_api_gateway_body_is_decoded(tmp_path):
    body = json.dumps(
        {"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": 10}
    )
    out = lambda_handler(
        _event("POST", "/api/uploads", body, b64=True), None, service=_service(tmp_path)
    )
    assert out["statusCode"] == 201
    assert json.loads(out["body"])["upload"]["fields"]["key"].startswith("uploads/")


def test_an_unknown_route_is_a_bilingual_404(tmp_path):
    out = lambda_handler(_event("DELETE", "/api/uploads/x"), None, service=_service(tmp_path))
    assert out["statusCode"] == 404
    assert json.loads(out["body"])["error"]["message"]["zh"]


def test_events_that_are_not_object_created_are_ignored(tmp_path):
    event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectRemoved:Delete",
                "s3": {"object": {"key": "uploads/x/bundle"}},
            }
        ]
    }
    assert lambda_handler(event, None, service=_service(tmp_path)) == {"processed": 0}


def test_the_service_is_configured_from_environment_variables(tmp_path):
    svc = service_from_env(
        {
            "STORAGE_BACKEND": "local",
            "LOCAL_STORAGE_DIR": str(tmp_path),
            "UPLOAD_EXPIRES_SECONDS": "3600",
        }
    )
    assert svc.storage.kind == "local" and svc.expires_in == 900
    s3 = service_from_env(
        {"BUCKET": "b-u-c", "S3_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_REGION": "us-east-1"}
    )
    assert s3.storage.kind == "s3" and s3.storage.bucket == "b-u-c"
    assert s3.storage.client.meta.config.signature_version == "s3v4"


def test_unreachable_storage_answers_503_with_a_bilingual_message(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    svc = service_from_env({"BUCKET": "bucket-x", "S3_ENDPOINT_URL": "http://127.0.0.1:9"})
    body = json.dumps(
        {"program": "huian-2024", "kind": "individual", "filename": "a.zip", "size": 10}
    )
    out = lambda_handler(_event("POST", "/api/uploads", body), None, service=svc)
    assert out["statusCode"] == 503
    error = json.loads(out["body"])["error"]
    assert (
        error["code"] == "storage-unavailable"
        and "nothing you sent was lost" in error["message"]["en"]
    )


def test_the_handler_and_the_web_app_answer_from_one_route_table():
    """A route is listed once (routes.ROUTES); the Lambda handler and the ASGI app both read it."""
    from functions.upload import routes
    from functions.upload.asgi import create_app

    app = create_app(Service(None), site=None)
    paths = {(r.path, m) for r in app.app.routes for m in (r.methods or ())}
    for route in routes.ROUTES:
        assert (route.path, route.method) in paths
    assert routes.match("POST", "/prod/api/uploads")[0].name == "create-upload"
    assert routes.match("GET", "/api/uploads/" + "a" * 40)[1] == {"upload_id": "a" * 40}
    assert routes.match("DELETE", "/api/uploads/x") is None


def test_a_flood_through_the_lambda_handler_gets_429_with_retry_after(tmp_path):
    from functions.upload.api import Service
    from functions.upload.handler import lambda_handler
    from functions.upload.ratelimit import Limiter
    from functions.upload.signing import LocalSigner
    from functions.upload.storage import LocalStorage

    service = Service(
        LocalStorage(tmp_path, signer=LocalSigner(b"k")), limiter=Limiter(per_client=1)
    )
    body = '{"program": "wushen-2024", "kind": "individual", "filename": "a.zip", "size": 9}'
    event = {
        "rawPath": "/api/uploads",
        "body": body,
        "requestContext": {"http": {"method": "POST", "sourceIp": "198.51.100.20"}},
    }
    assert lambda_handler(event, service=service)["statusCode"] == 201
    refused = lambda_handler(event, service=service)
    assert refused["statusCode"] == 429
    assert int(refused["headers"]["retry-after"]) > 0
    assert "your network" in refused["body"]
