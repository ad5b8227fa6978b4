"""The API's one route table: method, path, what answers. Read by the Lambda handler (API
Gateway events) and by the ASGI app (the local server, a web function, a VM behind nginx), so a
route is added in one place. Light on purpose: importing it loads no web framework.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from .problems import error_body

MAX_API_BODY = 64 << 10  # a create-upload request is a few hundred bytes


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # Starlette's syntax: /api/uploads/{upload_id}
    answer: Callable  # answer(service, params, body, base_url, client) -> (status, dict)
    name: str

    @property
    def pattern(self) -> re.Pattern:
        return _compiled(self.path)


def _create(service, params: dict, body: bytes | str | None, base_url: str, client=None):
    """client: the caller's address, for the announcement rate limit (api.Service)."""
    return service.create_upload(body, base_url=base_url, client=client)


def _status(service, params: dict, body: bytes | str | None, base_url: str, client=None):
    return service.status(params["upload_id"])


ROUTES: tuple[Route, ...] = (
    Route("POST", "/api/uploads", _create, "create-upload"),
    Route("GET", "/api/uploads/{upload_id}", _status, "upload-status"),
)

_cache: dict[str, re.Pattern] = {}


def _compiled(path: str) -> re.Pattern:
    found = _cache.get(path)
    if found is None:
        body = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
        # A stage or mount prefix before /api/ (API Gateway's /prod, a VM's /apply) is allowed.
        found = _cache[path] = re.compile(rf"^(?:/[^/]+)*?{body}/?$")
    return found


def match(method: str, path: str) -> tuple[Route, dict] | None:
    """The route for a request, and its path parameters; None if no route has this path and
    method (GET also answers HEAD)."""
    method = "GET" if method == "HEAD" else method
    for route in ROUTES:
        m = route.pattern.match(path)
        if m and route.method == method:
            return route, m.groupdict()
    return None


def too_large() -> tuple[int, dict]:
    return 413, error_body(
        "bad-request", reason_zh="请求正文过大", reason_en="the request body is too large"
    )


def answer_headers(status: int, body: dict) -> dict:
    """Headers an answer needs beyond JSON_HEADERS: Retry-After on a 429 (seconds)."""
    if status == 429:
        wait = (body.get("error") or {}).get("retry_after")
        if isinstance(wait, int) and wait > 0:
            return {"retry-after": str(wait)}
    return {}


def encode(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


JSON_HEADERS = {"content-type": "application/json; charset=utf-8", "cache-control": "no-store"}
