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
import concurrent.futures
import logging
import os
import threading
import time
import urllib.parse
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from . import formpost, routes
from .api import KEY_RE, bundle_key, report_key
from .handler import service_from_env
from .logsafe import clean
from .problems import error_body
from .signing import FormError
from .statics import Site
from .storage import StorageError

log = logging.getLogger("functions.upload")

FORM_PATH = "/storage/upload"
IDLE_SECONDS = 30.0  # a body may stall this long between two reads
BODY_SECONDS = 60.0  # an API body, whole, within this (it is a few hundred bytes)
FORM_RATE = 50_000  # bytes a second a form post must average, on a slow line …
FORM_MAX_SECONDS = 3600.0  # … and at most this long for any file

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


def _json(status: int, body: dict, close: bool = False, extra: dict | None = None) -> Response:
    headers = {**routes.JSON_HEADERS, **(extra or {})}
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


async def read_body(
    request: Request, limit: int, idle_seconds: float, total_seconds: float = BODY_SECONDS
) -> bytes | None:
    """The whole body, or None when it is over `limit` (a declared length over it is refused
    before reading a byte; a chunked body once it passes it). A stall of `idle_seconds`, or a
    body not complete within `total_seconds` (one byte now and then restarts no clock), raises
    TimeoutError."""
    declared = request.headers.get("content-length")
    if declared is not None and int(declared) > limit:
        return None
    buf = bytearray()
    deadline = time.monotonic() + total_seconds
    stream = request.stream().__aiter__()
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            try:
                chunk = await asyncio.wait_for(stream.__anext__(), min(idle_seconds, left))
            except StopAsyncIteration:
                return bytes(buf)
            buf += chunk
            if len(buf) > limit:
                return None
    finally:
        await stream.aclose()


def form_seconds(
    length: int,
    rate: float = FORM_RATE,
    most: float = FORM_MAX_SECONDS,
    least: float = BODY_SECONDS,
) -> float:
    """How long a form post of `length` bytes may take in all: what a slow line (`rate` bytes a
    second) needs, at least `least` and at most `most` seconds."""
    return min(most, max(least, length / rate))


class Validations:
    """The bundles waiting for their check, and a small pool checking them: at most `workers`
    at once (each check is bounded by its budget; two at once fit a small VM) and at most
    `capacity` waiting. Beyond that a landed bundle is not queued, and not lost: it stays
    stored without a report, and the next status poll for it (or recover() at start) queues
    it again. run(key, size) checks one bundle."""

    def __init__(self, storage, run: Callable[[str, int], None], workers=None, capacity=16):
        self.storage = storage
        self.run = run
        self.workers = workers or min(2, os.cpu_count() or 1)
        self.capacity = capacity
        self.pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=self.workers, thread_name_prefix="validate"
        )
        self.lock = threading.Lock()
        self.waiting: dict[str, concurrent.futures.Future] = {}  # key: queued or running
        self.started: set[str] = set()

    def fire(self, key: str, size: int) -> concurrent.futures.Future | None:
        """Queues the check of `key`; None when the queue is full (it is queued again later)."""
        with self.lock:
            if key in self.waiting:
                return self.waiting[key]
            if len(self.waiting) >= self.workers + self.capacity:
                log.warning("validation queue full: a bundle stays stored and is checked later")
                return None

            def job():
                with self.lock:
                    self.started.add(key)
                try:
                    self.run(key, size)
                except Exception:  # logged, never lost: the bundle stays, a poll retries
                    log.exception("validation failed for an upload; it stays pending")

            future = self.pool.submit(job)
            self.waiting[key] = future
        future.add_done_callback(lambda f: self._finished(key, f))
        return future

    def _finished(self, key: str, future) -> None:
        with self.lock:
            if self.waiting.get(key) is future:
                del self.waiting[key]
            self.started.discard(key)

    def queued(self, key: str) -> bool:
        """Whether `key` waits for a free worker (queued, not yet being checked)."""
        with self.lock:
            return key in self.waiting and key not in self.started

    def settle(self, timeout: float | None = None) -> bool:
        """Waits until every check queued so far has finished (tests wait on this rather than
        poll); False if some were still running after `timeout` seconds."""
        with self.lock:
            running = list(self.waiting.values())
        return not concurrent.futures.wait(running, timeout=timeout).not_done

    def recover(self) -> int:
        """Queues the bundles that landed without a report (the server stopped mid-way, the
        queue was full), as many as the queue takes; a poll queues the rest."""
        count = 0
        for key in self.storage.list_keys("uploads/"):
            m = KEY_RE.match(key)
            if m and self.storage.get(report_key(m.group(1))) is None:
                if self.fire(key, self.storage.size(key) or 0) is None:
                    break
                count += 1
        return count

    def poll(self, upload_id: str) -> bool:
        """For a status answer that says pending: when the bundle has landed and no check is
        queued for it (the queue was full, a check failed, S3 sent no event to a local server),
        queues one. True when the bundle waits in the queue."""
        key = bundle_key(upload_id)
        with self.lock:
            if key in self.waiting:
                return key not in self.started
        try:
            size = self.storage.size(key)
        except StorageError:  # storage down between the status read and here: next poll
            return False
        if size is None:
            return False
        return self.fire(key, size) is None or self.queued(key)

    def shutdown(self) -> None:
        # Queued checks are dropped, not lost: their bundles are stored and recover() queues
        # every bundle without a report on the next start.
        self.pool.shutdown(wait=True, cancel_futures=True)


def create_app(
    service,
    site=None,
    signer=None,
    on_stored: Callable[[str, int], None] | None = None,
    on_answer: Callable[[str, dict, int, dict], None] | None = None,
    connect_sources: tuple[str, ...] = (),
    idle_seconds: float = IDLE_SECONDS,
    public_url: Callable[[], str] | str = "",
    body_seconds: float = BODY_SECONDS,
    form_rate: float = FORM_RATE,
    form_max_seconds: float = FORM_MAX_SECONDS,
):
    """service: api.Service. site: the built site's folder (None: the API alone). signer: the
    local form signer (None: forms are signed by real object storage, no form endpoint).
    on_stored(key, size) after a form's file is kept; on_answer(route name, params, status,
    body) after each API answer (it may add to the body). connect_sources: origins the pages may
    call besides their own (the bucket the browser posts to). public_url: where this app is
    reached (or a function giving it), put before the local form's path; "" gives the form's
    path alone, which the page posts to on its own origin. Never the request's Host header:
    a client must not choose where another's file is sent. A body must come whole within
    body_seconds (an API body) or form_seconds(length) (a form post)."""
    statics = Site(site) if site is not None else None

    def api_endpoint(route: routes.Route):
        async def endpoint(request: Request) -> Response:
            body = b""
            if request.method == "POST":
                try:
                    body = await read_body(request, routes.MAX_API_BODY, idle_seconds, body_seconds)
                except TimeoutError:
                    return _json(408, _timeout_body(), close=True)
                except ClientDisconnect:  # nobody to answer; not an error of ours
                    return Response(status_code=400, headers={"connection": "close"})
                if body is None:
                    return _json(*routes.too_large(), close=True)
            params = dict(request.path_params)
            base_url = public_url() if callable(public_url) else public_url
            client = request.client.host if request.client else None
            status, data = await run_in_threadpool(
                route.answer, service, params, body, base_url, client
            )
            if on_answer is not None:
                on_answer(route.name, params, status, data)
            return _json(status, data, extra=routes.answer_headers(status, data))

        return endpoint

    async def form_endpoint(request: Request) -> Response:
        try:
            key, size = await formpost.receive(
                request,
                service.storage,
                signer,
                idle_seconds,
                lambda length: form_seconds(length, form_rate, form_max_seconds, body_seconds),
            )
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


def bound_url(host: str, port: int) -> str:
    """The address a server bound to, as a URL prefix; "" (relative) for a wildcard address,
    which names no one host a browser could reach."""
    if host in ("", "0.0.0.0", "::"):
        return ""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


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
        except ClientDisconnect:  # the client left mid-request: nobody to answer, nothing wrong
            state["status"] = state["status"] or "disconnected"
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
    storage the form endpoint is served too; no site (the site is static files). Landed bundles
    are checked by one small pool with a bounded queue (VALIDATION_WORKERS, at most 2 by
    default; VALIDATION_QUEUE waiting); PUBLIC_URL, when set, is put before the form's path."""
    service = service_from_env()
    signer = getattr(service.storage, "signer", None)
    if signer is not None and len(os.environ.get("LOCAL_SIGNING_SECRET") or "") < 32:
        log.warning(
            "LOCAL_SIGNING_SECRET is missing or shorter than 32 bytes: forms are easy to forge"
        )
    workers = int(os.environ.get("VALIDATION_WORKERS") or 0) or None
    checks = Validations(
        service.storage,
        lambda key, size: service.object_created(key),
        workers=workers,
        capacity=int(os.environ.get("VALIDATION_QUEUE") or 16),
    )
    if signer is not None:  # bundles that landed while the app was down
        threading.Thread(target=checks.recover, name="recover", daemon=True).start()

    def answered(route: str, params: dict, status: int, body: dict) -> None:
        if signer is not None:  # with object storage its events start the checks
            mark_queued(checks, route, params, status, body)

    public = os.environ.get("PUBLIC_URL", "").rstrip("/")
    if public and urllib.parse.urlsplit(public).scheme not in ("http", "https"):
        raise ValueError("PUBLIC_URL must start with http:// or https://")
    app = create_app(
        service,
        site=None,
        signer=signer,
        on_stored=checks.fire,
        on_answer=answered,
        public_url=public,
    )
    app.validations = checks
    return app


def mark_queued(checks: Validations, route: str, params: dict, status: int, body: dict) -> None:
    """A pending status whose bundle has landed and waits for a free checker says so."""
    if route == "upload-status" and status == 200 and body.get("status") == "pending":
        if checks.poll(params["upload_id"]):
            body["queued"] = True
