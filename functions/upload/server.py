"""The local server: the built site at /, the upload API at /api/, and an S3-like form endpoint.

One origin, so the site's upload page needs no CORS. The web app is asgi.py (Starlette), served
here by uvicorn on a socket bound before it starts; it runs the same api.Service and handler code
as Lambda: after a form upload it stores the file and fires the handler with a real-shaped S3
ObjectCreated event, in a small worker pool (S3 notifications are asynchronous too).

Connections are bounded: request headers within `header_timeout` seconds of connecting (or of
the previous answer) and at most 16 KiB of them, an idle keep-alive connection closed after
`keep_alive` seconds, a body that stalls for `idle_seconds` refused, at most `max_connections`
at once (uvicorn answers 503 beyond).
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import pathlib
import signal
import socket
import sys
import threading
import time
import urllib.parse

from .api import KEY_RE, Service, bundle_key, report_key
from .asgi import FORM_PATH, IDLE_SECONDS, create_app
from .handler import lambda_handler, respond
from .logsafe import configure
from .ratelimit import Limiter
from .signing import LocalSigner
from .storage import LocalStorage, S3Storage, StorageError

log = logging.getLogger("functions.upload")

REPO = pathlib.Path(__file__).resolve().parents[2]


def s3_event(key: str, size: int, bucket: str = "local") -> dict:
    """What S3 sends Lambda on ObjectCreated:Post (keys URL-encoded, spaces as '+')."""
    return {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "local",
                "eventName": "ObjectCreated:Post",
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
                    "object": {"key": urllib.parse.quote_plus(key, safe="/"), "size": size},
                },
            }
        ]
    }


class App:
    def __init__(
        self,
        service: Service,
        site: pathlib.Path | None,
        signer: LocalSigner | None,
        workers: int = 2,
    ):
        self.service = service
        self.site = site
        self.signer = signer
        self.pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="validate"
        )
        self.polled: set[str] = set()
        self.lock = threading.Lock()
        self.running: set[concurrent.futures.Future] = set()

    def fire(self, key: str, size: int) -> concurrent.futures.Future:
        def run():
            try:
                lambda_handler(s3_event(key, size), None, service=self.service)
            except Exception:  # logged, never lost: the bundle stays, recover() retries
                log.exception("validation failed for an upload; it stays pending")
                m = KEY_RE.match(key)
                if m:  # with S3 storage, the next status poll tries again
                    with self.lock:
                        self.polled.discard(m.group(1))

        future = self.pool.submit(run)
        with self.lock:
            self.running.add(future)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, future: concurrent.futures.Future) -> None:
        with self.lock:
            self.running.discard(future)

    def settle(self, timeout: float | None = None) -> bool:
        """Waits until every validation fired so far has finished (tests wait on this rather
        than poll); False if some were still running after `timeout` seconds."""
        with self.lock:
            running = list(self.running)
        return not concurrent.futures.wait(running, timeout=timeout).not_done

    def recover(self) -> int:
        """Validates bundles that landed without a report (e.g. the server stopped mid-way)."""
        storage = self.service.storage
        count = 0
        for key in storage.list_keys("uploads/"):
            m = KEY_RE.match(key)
            if m and storage.get(report_key(m.group(1))) is None:
                self.fire(key, storage.size(key) or 0)
                count += 1
        return count

    def poll_hook(self, upload_id: str) -> None:
        """With S3 storage the local server gets no events: validate when a pending bundle exists."""
        if self.signer is not None:
            return
        key = bundle_key(upload_id)
        with self.lock:
            if upload_id in self.polled:
                return
            try:
                size = self.service.storage.size(key)
            except StorageError:  # storage down between the status read and here: next poll
                return
            if size is None:
                return
            self.polled.add(upload_id)
        self.fire(key, size)


SECURITY_400 = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]


def _protocol(header_timeout: float):
    """uvicorn's h11 protocol, with a deadline for request headers (uvicorn has none: a client
    sending one header byte a second would hold a connection for ever) and the security headers
    on the 400 it writes itself for a request h11 cannot read."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        _deadline = None

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            # uvicorn logs the raw request line whenever "uvicorn.access" has a handler (root's
            # counts): the app writes its own line, escaped and masked (asgi.Guard).
            self.access_log = False

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(header_timeout, self._headers_too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the request's headers are in
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
                self._arm()  # the next request's headers get the same time

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _headers_too_slow(self) -> None:
            self._deadline = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                log.info("connection closed: request headers not complete in %gs", header_timeout)
                self.transport.close()

        def send_400_response(self, msg: str) -> None:
            event = h11.Response(
                status_code=400,
                headers=[
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"connection", b"close"),
                    *SECURITY_400,
                ],
                reason=b"Bad Request",
            )
            for out in (event, h11.Data(data=msg.encode("ascii")), h11.EndOfMessage()):
                self.transport.write(self.conn.send(out))
            self.transport.close()

    return GuardedH11Protocol


def __getattr__(name: str):
    """`GuardedH11Protocol` (10 s for headers), built on first use so that importing this module
    does not import uvicorn: `uvicorn --http functions.upload.server:GuardedH11Protocol …`."""
    if name == "GuardedH11Protocol":
        found = globals().get("_guarded") or _protocol(10.0)
        globals()["_guarded"] = found
        return found
    raise AttributeError(name)


class LocalServer:
    """uvicorn on a socket bound at once (so port 0 gives its port before serving), with the
    calls tests and tools use: server_address, serve_forever(), shutdown(), server_close()."""

    def __init__(self, asgi, host: str, port: int, **limits):
        import uvicorn

        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((host, port))
            self.socket.listen(128)  # a listen backlog for real bursts
        except OSError:
            self.socket.close()
            raise
        self.server_address = self.socket.getsockname()[:2]
        config = uvicorn.Config(
            asgi,
            http=_protocol(limits.get("header_timeout", 10.0)),
            ws="none",
            lifespan="off",
            loop="asyncio",
            log_config=None,
            access_log=False,  # the app writes its own, escaped (asgi.Guard)
            server_header=False,
            proxy_headers=False,
            timeout_keep_alive=limits.get("keep_alive", 5),
            timeout_graceful_shutdown=5,
            limit_concurrency=limits.get("max_connections", 256),
            h11_max_incomplete_event_size=16 << 10,
        )
        self.uvicorn = uvicorn.Server(config)
        self._stopped = threading.Event()

    def serve_forever(self, poll_interval: float | None = None) -> None:
        """Serves until shutdown() (from another thread) or, in the main thread, SIGINT/SIGTERM."""
        self._stopped.clear()
        try:
            self.uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self, timeout: float = 30) -> None:
        self.uvicorn.should_exit = True
        self._stopped.wait(timeout)

    def server_close(self) -> None:
        self.socket.close()


def make_server(
    host: str = "127.0.0.1",
    port: int = 0,
    site: str | None = None,
    storage_dir: str | None = None,
    s3_endpoint: str | None = None,
    bucket: str | None = None,
    secret: bytes | None = None,
    clock=time.time,
    header_timeout: float = 10.0,
    keep_alive: float = 5,
    idle_seconds: float = IDLE_SECONDS,
    max_connections: int = 256,
    announce_limit: int | None = None,
) -> tuple[LocalServer, App]:
    """clock() -> Unix seconds, for the uploads' times (injectable, so tests need not sleep);
    announce_limit: announcements one client address may make in 10 minutes (None or 0: no
    limit; `serve` sets one)."""
    if bucket:
        storage = S3Storage(
            bucket, endpoint_url=s3_endpoint, sse=os.environ.get("S3_SSE", "AES256")
        )
        signer = None
    else:
        env_secret = os.environ.get("LOCAL_SIGNING_SECRET")
        signer = LocalSigner(secret or (env_secret.encode() if env_secret else None))
        storage = LocalStorage(storage_dir or REPO / "uploads", signer=signer, form_url=FORM_PATH)
    site_dir = pathlib.Path(site).resolve() if site else (REPO / "site")
    limiter = Limiter(per_client=announce_limit, clock=clock) if announce_limit else None
    app = App(Service(storage, clock=clock, limiter=limiter), site_dir, signer)

    def answered(route: str, params: dict, status: int, body: dict) -> None:
        if route == "upload-status" and status == 200 and body.get("status") == "pending":
            app.poll_hook(params["upload_id"])

    connect = ()
    if bucket:  # the browser posts the file straight to the bucket
        parts = urllib.parse.urlsplit(s3_endpoint or "https://s3.amazonaws.com")
        connect = (f"{parts.scheme}://{parts.netloc}",)
    asgi = create_app(
        app.service,
        site=site_dir,
        signer=signer,
        on_stored=app.fire,
        on_answer=answered,
        connect_sources=connect,
        idle_seconds=idle_seconds,
    )
    server = LocalServer(
        asgi,
        host,
        port,
        header_timeout=header_timeout,
        keep_alive=keep_alive,
        max_connections=max_connections,
    )
    return server, app


def serve(
    host: str,
    port: int,
    site: str | None,
    storage_dir: str | None,
    s3_endpoint: str | None,
    bucket: str | None,
    announce_limit: int = 30,
) -> int:
    configure(logging.INFO)
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)  # its start-up lines: ours say it
    from policy.errors import DataError

    from . import programs as program_data

    try:  # judge no bundle by data validate refuses: say what is wrong before listening
        program_data.load()
    except DataError as exc:
        print(exc, file=sys.stderr)
        print(
            "error: 通知数据有误，上传服务未启动；请按上面各行修改后重试（python -m generator "
            "validate）/ the notice data is invalid, so the upload service did not start; fix "
            "each line above and try again (python -m generator validate)",
            file=sys.stderr,
        )
        return 2
    try:
        httpd, app = make_server(
            host, port, site, storage_dir, s3_endpoint, bucket, announce_limit=announce_limit
        )
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 2
    if app.signer is not None:
        app.service.storage.sweep_temp()
        app.recover()
    where = f"bucket {bucket}" if bucket else str(app.service.storage.root)
    h, p = httpd.server_address[:2]
    print(
        f"Serving the site and the upload API at http://{h}:{p}/ (uploads: {where}). "
        "Press Ctrl-C to stop.",
        flush=True,
    )

    # Ctrl-C must stop the server even when it was started with SIGINT ignored (a background
    # job of a non-interactive shell inherits that, and Python then installs no handler).
    # uvicorn catches SIGINT/SIGTERM, closes gracefully, then raises the signal again.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a second Ctrl-C stops at once
    finally:
        httpd.server_close()
        # Queued validations are dropped, not lost: their bundles are stored and recover()
        # validates every bundle without a report on the next start.
        app.pool.shutdown(wait=True, cancel_futures=True)
    return 0


__all__ = ["make_server", "serve", "s3_event", "respond", "LocalServer"]
