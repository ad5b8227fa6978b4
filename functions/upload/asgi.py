"""The one web app (ASGI, Starlette): the upload API from the route table in routes.py, and, for
the local server, the built site and the S3-like form endpoint. The same app runs under uvicorn
on a laptop, as a web function (Aliyun FC, Tencent SCF custom runtime) or on a VM behind nginx:
`uvicorn --factory functions.upload.asgi:from_env`. On AWS Lambda the thin event handler
(handler.py) answers from the same route table without loading this module.

Every answer carries the security headers (nosniff, a Content-Security-Policy the site's pages
satisfy, no framing, no referrer). A body is read with a bound on its size and on how long it may
stall; framing a proxy could read two ways (Content-Length with Transfer-Encoding) is refused.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from . import formpost, routes
from .handler import service_from_env
from .logsafe import clean
from .problems import error_body
from .signing import FormError
from .statics import Site

log = logging.getLogger("functions.upload")

FORM_PATH = "/storage/upload"
IDLE_SECONDS = 30.0

BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def content_security_policy(script_hashes=(), connect=()) -> str:
    """The site's scripts are its own files; inline ones are allowed by their hash only. Styles
    may be inline (the theme and the tools set style attributes); images may be data: or blob:
    (the photo tool shows what it made on the device)."""
    script = " ".join(("'self'", *script_hashes))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "connect-src " + " ".join(("'self'", *connect)),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _json(status: int, body: dict, close: bool = False) -> Response:
    headers = dict(routes.JSON_HEADERS)
    if close:
        headers["connection"] = "close"
    return Response(routes.encode(body), status, headers=headers)


def _s3_error(status: int, code: str, reason: str) -> Response:
    from xml.sax.saxutils import escape

    body = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{escape(code)}</Code>'
        f"<Message>{escape(reason)}</Message></Error>"
    ).encode()
    return Response(
        body,
        status,
        headers={"content-type": "application/xml; charset=utf-8", "connection": "close"},
    )


async def read_body(request: Request, limit: int, idle_seconds: float) -> bytes | None:
    """The whole body, or None when it is over `limit` (a declared length over it is refused
    before reading a byte; a chunked body once it passes it). A stall raises TimeoutError."""
    declared = request.headers.get("content-length")
    if declared is not None and int(declared) > limit:
        return None
    buf = bytearray()
    stream = request.stream().__aiter__()
    try:
        while True:
            try:
                chunk = await asyncio.wait_for(stream.__anext__(), idle_seconds)
            except StopAsyncIteration:
                return bytes(buf)
            buf += chunk
            if len(buf) > limit:
                return None
    finally:
        await stream.aclose()


def create_app(
    service,
    site=None,
    signer=None,
    on_stored: Callable[[str, int], None] | None = None,
    on_answer: Callable[[str, dict, int, dict], None] | None = None,
    connect_sources: tuple[str, ...] = (),
    idle_seconds: float = IDLE_SECONDS,
):
    """service: api.Service. site: the built site's folder (None: the API alone). signer: the
    local form signer (None: forms are signed by real object storage, no form endpoint).
    on_stored(key, size) after a form's file is kept; on_answer(route name, params, status,
    body) after each API answer. connect_sources: origins the pages may call besides their own
    (the bucket the browser posts to)."""
    statics = Site(site) if site is not None else None

    def api_endpoint(route: routes.Route):
        async def endpoint(request: Request) -> Response:
            body = b""
            if request.method == "POST":
                try:
                    body = await read_body(request, routes.MAX_API_BODY, idle_seconds)
                except TimeoutError:
                    return _json(408, _timeout_body(), close=True)
                if body is None:
                    return _json(*routes.too_large(), close=True)
            params = dict(request.path_params)
            host = request.headers.get("host") or "127.0.0.1"
            base_url = f"{request.url.scheme}://{host}"
            client = request.client.host if request.client else None
            status, data = await run_in_threadpool(
                route.answer, service, params, body, base_url, client
            )
            if on_answer is not None:
                on_answer(route.name, params, status, data)
            return _json(status, data)

        return endpoint

    async def form_endpoint(request: Request) -> Response:
        try:
            key, size = await formpost.receive(request, service.storage, signer, idle_seconds)
        except FormError as exc:
            log.info("form refused: %s", exc.code)
            return _s3_error(exc.status, exc.code, exc.reason)
        except ClientDisconnect:
            return Response(status_code=400, headers={"connection": "close"})
        if on_stored is not None:
            on_stored(key, size)
        return Response(status_code=204)

    async def api_not_found(request: Request) -> Response:
        return _json(404, error_body("not-found"), close=request.method not in ("GET", "HEAD"))

    async def static_endpoint(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return _json(404, error_body("not-found"), close=True)
        if statics is None:
            return _json(404, error_body("not-found"))
        gz = "gzip" in request.headers.get("accept-encoding", "")
        found = await run_in_threadpool(statics.answer, request.scope["path"], gz)
        headers = dict(found.headers)
        if found.script_hashes:
            headers["content-security-policy"] = content_security_policy(
                found.script_hashes, connect_sources
            )
        return Response(found.body, found.status, headers=headers, media_type=found.content_type)

    table = [Route(r.path, api_endpoint(r), methods=[r.method], name=r.name) for r in routes.ROUTES]
    if signer is not None:
        table.append(Route(FORM_PATH, form_endpoint, methods=["POST"], name="form-post"))
    every = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    table.append(Route("/api/{rest:path}", api_not_found, methods=every))
    table.append(Route("/{path:path}", static_endpoint, methods=every))
    app = Starlette(routes=table)
    return Guard(app, content_security_policy((), connect_sources))


def _timeout_body() -> dict:
    return error_body(
        "bad-request",
        reason_zh="请求正文停顿太久，连接已关闭",
        reason_en="the request body stalled for too long; the connection is closed",
    )


class Guard:
    """Outermost ASGI layer: refuses ambiguous framing, adds the security headers to every
    answer, writes one escaped access-log line, and turns an unexpected error into the API's
    JSON 500 (never a traceback to the client)."""

    def __init__(self, app, csp: str):
        self.app = app
        self.csp = csp
        self.headers = [(k.encode(), v.encode()) for k, v in BASE_HEADERS.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.monotonic()
        state = {"status": 0, "sent": False}

        async def guarded_send(message):
            if message["type"] == "http.response.start":
                state["status"], state["sent"] = message["status"], True
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self.headers if k not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.csp.encode()))
                message = {**message, "headers": headers}
            await send(message)

        names = {k.lower() for k, _ in scope.get("headers") or []}
        try:
            if b"transfer-encoding" in names and b"content-length" in names:
                await _json(
                    400,
                    error_body(
                        "bad-request",
                        reason_zh="请求同时带有 Content-Length 和 Transfer-Encoding",
                        reason_en="the request has both Content-Length and Transfer-Encoding",
                    ),
                    close=True,
                )(scope, receive, guarded_send)
            else:
                await self.app(scope, receive, guarded_send)
        except Exception:
            log.exception("unexpected error answering %s", clean(scope.get("path", ""), 200))
            if not state["sent"]:
                await _json(500, error_body("internal-error"), close=True)(
                    scope, receive, guarded_send
                )
        finally:
            client = scope.get("client") or ("-", 0)
            log.info(
                "%s %s %s %s %.0fms",
                client[0],
                scope.get("method", "-"),
                clean(scope.get("path", ""), 300),
                state["status"] or "-",
                (time.monotonic() - started) * 1000,
            )


def from_env():
    """The API alone, configured from the environment as the Lambda handler is (STORAGE_BACKEND,
    BUCKET, …; see handler.service_from_env): for a web function or a VM behind nginx. With local
    storage the form endpoint is served too; no site (the site is static files)."""
    service = service_from_env()
    signer = getattr(service.storage, "signer", None)

    def judge(key: str, size: int) -> None:  # what an S3 event does, for a local folder
        threading.Thread(target=service.object_created, args=(key,), daemon=True).start()

    return create_app(service, site=None, signer=signer, on_stored=judge)
