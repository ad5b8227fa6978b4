"""The AWS Lambda entry point: API Gateway HTTP API (payload v2) requests and S3 ObjectCreated events.

Thin on purpose: configuration comes from environment variables, the flow lives in api.Service.
Imports stay light (no boto3, Pillow or openpyxl at import time) so cold starts are quick.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from urllib.parse import unquote_plus

from . import routes
from .api import Service
from .problems import error_body
from .ratelimit import Limiter
from .signing import LocalSigner
from .storage import LocalStorage, S3Storage

log = logging.getLogger("functions.upload")
logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))

_service: Service | None = None


def service_from_env(env=os.environ) -> Service:
    """STORAGE_BACKEND=s3 (BUCKET, S3_ENDPOINT_URL, S3_SSE, S3_ADDRESSING_STYLE) or local
    (LOCAL_STORAGE_DIR, LOCAL_SIGNING_SECRET, UPLOAD_FORM_URL)."""
    backend = env.get("STORAGE_BACKEND", "s3" if env.get("BUCKET") else "local")
    expires = int(env.get("UPLOAD_EXPIRES_SECONDS", "900"))
    if backend == "s3":
        storage = S3Storage(
            env["BUCKET"],
            endpoint_url=env.get("S3_ENDPOINT_URL") or None,
            sse=env.get("S3_SSE", "AES256"),
            addressing_style=env.get("S3_ADDRESSING_STYLE") or None,
        )
    else:
        secret = env.get("LOCAL_SIGNING_SECRET")
        storage = LocalStorage(
            env.get("LOCAL_STORAGE_DIR", "uploads"),
            signer=LocalSigner(secret.encode() if secret else None),
            form_url=env.get("UPLOAD_FORM_URL", "/storage/upload"),
        )
    # Announcements per client address in 10 minutes, per warm instance (0: no limit); the
    # API's throttling (template.yaml) is the brake across instances.
    per_client = int(env.get("ANNOUNCE_LIMIT", "30"))
    limiter = Limiter(per_client=per_client) if per_client > 0 else None
    return Service(storage, expires_in=expires, limiter=limiter)


def _service_once() -> Service:
    global _service
    if _service is None:
        _service = service_from_env()
    return _service


def respond(status: int, body: dict) -> dict:
    return {
        "statusCode": status,
        "headers": {**routes.JSON_HEADERS, **routes.answer_headers(status, body)},
        "body": json.dumps(body, ensure_ascii=False),
    }


def lambda_handler(event: dict, context=None, service: Service | None = None) -> dict:
    service = service or _service_once()
    if isinstance(event, dict) and isinstance(event.get("Records"), list):
        return handle_s3_event(event, service)
    return handle_http(event, service)


def handle_s3_event(event: dict, service: Service) -> dict:
    """S3 ObjectCreated records: judge each bundle. SQS records: the dead-letter queue handing
    back an S3 event whose checks failed every retry (the function timed out or died): each of
    those bundles gets a "could not check, staff will look" report, so no upload stays pending."""
    done = 0
    for record in event["Records"]:
        if record.get("eventSource") == "aws:sqs":
            for key, _ in _created(_json_or_empty(record.get("body"))):
                service.check_failed(key)
                done += 1
            continue
        for key, etag in _created({"Records": [record]}):
            service.object_created(key, etag=etag)
            done += 1
    return {"processed": done}


def _created(event: dict) -> list[tuple[str, str | None]]:
    """(key, ETag) of each ObjectCreated record of an S3 event."""
    out = []
    for record in event.get("Records") or []:
        if record.get("eventSource") != "aws:s3" or not str(record.get("eventName", "")).startswith(
            "ObjectCreated"
        ):
            continue
        obj = record["s3"]["object"]
        etag = str(obj.get("eTag") or "").strip('"') or None
        out.append((unquote_plus(obj["key"]), etag))  # S3 event keys are URL-encoded
    return out


def _json_or_empty(text) -> dict:
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def handle_http(event: dict, service: Service) -> dict:
    try:
        return _route(event, service)
    except Exception:  # answer in JSON, never a traceback; the log has the details
        log.exception("unexpected error answering an API request")
        return respond(500, error_body("internal-error"))


def _route(event: dict, service: Service) -> dict:
    http = (event.get("requestContext") or {}).get("http") or {}
    method = http.get("method", "")
    path = event.get("rawPath") or http.get("path") or ""
    body = event.get("body")
    if body and event.get("isBase64Encoded"):
        try:
            body = base64.b64decode(body)
        except ValueError:
            body = b""
    found = routes.match(method, path)
    if found is None:
        return respond(404, error_body("not-found"))
    if body and len(body) > routes.MAX_API_BODY:
        return respond(*routes.too_large())
    route, params = found
    context = event.get("requestContext") or {}
    client = http.get("sourceIp") or (context.get("identity") or {}).get("sourceIp")
    return respond(*route.answer(service, params, body, "", client))
