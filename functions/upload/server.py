"""The local server: the built site at /, the upload API at /api/, and an S3-like form endpoint.

One origin, so the site's upload page needs no CORS. The web app is asgi.py (Starlette), served
here by uvicorn on a socket bound before it starts; it runs the same api.Service and handler code
as Lambda: after a form upload it stores the file and fires the handler with a real-shaped S3
ObjectCreated event, in one small pool with a bounded queue (S3 notifications are asynchronous
too; a bundle the queue cannot take stays stored and is queued by a later poll or start).

Connections are bounded: request headers within `header_timeout` seconds of connecting (or of
the previous answer) and at most 16 KiB of them however they arrive (431), an idle keep-alive
connection closed after `keep_alive` seconds, a body that stalls for `idle_seconds` refused and
one that is not whole by its deadline too (408), at most `per_client` connections from one
address and `max_connections` in all (503 beyond).
"""

from __future__ import annotations

import collections
import logging
import os
import pathlib
import re
import signal
import socket
import sys
import threading
import time
import urllib.parse

from policy.errors import DataError

from . import programs as program_data
from .api import Service
from .asgi import FORM_PATH, IDLE_SECONDS, Validations, bound_url, create_app, mark_queued
from .handler import lambda_handler, respond
from .logsafe import configure
from .ratelimit import Limiter
from .signing import LocalSigner
from .storage import LocalStorage, S3Storage

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


class App(Validations):
    """The local server's checks: each landed bundle handed to the Lambda handler as S3 would
    hand it (a real-shaped ObjectCreated event), in one bounded pool with a bounded queue
    (asgi.Validations: a full queue leaves the bundle stored, and a status poll or the next
    start queues it)."""

    def __init__(
        self,
        service: Service,
        site: pathlib.Path | None,
        signer: LocalSigner | None,
        workers: int | None = None,
        capacity: int = 16,
    ):
        self.service = service
        self.site = site
        self.signer = signer
        super().__init__(service.storage, self._check, workers=workers, capacity=capacity)

    def _check(self, key: str, size: int) -> None:
        lambda_handler(s3_event(key, size), None, service=self.service)

    def poll_hook(self, upload_id: str) -> bool:
        """A pending status: queue the bundle's check if it landed and none is queued (S3
        storage sends the local server no events; a local queue may have been full)."""
        return self.poll(upload_id)


SECURITY_400 = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]


MAX_HEADER_BYTES = 16 << 10
PER_CLIENT_CONNECTIONS = 32
_HEAD_END = re.compile(rb"\r?\n\r?\n")


def _plain_answer(status: int, reason: str, text: str) -> bytes:
    """A whole HTTP/1.1 answer, written before (or instead of) reading a request."""
    body = text.encode()
    lines = [
        f"HTTP/1.1 {status} {reason}".encode(),
        b"content-type: text/plain; charset=utf-8",
        b"content-length: " + str(len(body)).encode(),
        b"connection: close",
        *(k + b": " + v for k, v in SECURITY_400),
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _protocol(
    header_timeout: float,
    max_header_bytes: int = MAX_HEADER_BYTES,
    per_client: int = PER_CLIENT_CONNECTIONS,
):
    """uvicorn's h11 protocol, with a deadline for request headers (uvicorn has none: a client
    sending one header byte a second would hold a connection for ever), a bound on their size
    however they arrive (h11 measures only a head still incomplete, so 100 KB of headers in one
    read passed), at most `per_client` connections from one address at once (503 beyond), and
    the security headers on the 400 it writes itself for a request h11 cannot read."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    open_from: collections.Counter = collections.Counter()  # connections per client address

    class GuardedH11Protocol(H11Protocol):
        _deadline = None
        _counted: str | None = None

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            # uvicorn logs the raw request line whenever "uvicorn.access" has a handler (root's
            # counts): the app writes its own line, escaped and masked (asgi.Guard).
            self.access_log = False
            self._head = b""

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            address = self.client[0] if self.client else "?"
            if open_from[address] >= per_client:
                log.info("connection refused: %d open from one address", per_client)
                transport.write(
                    _plain_answer(503, "Service Unavailable", "too many connections at once")
                )
                transport.close()
                return
            open_from[address] += 1
            self._counted = address
            self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(header_timeout, self._headers_too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def data_received(self, data: bytes) -> None:
            if self._counted is None:  # refused at connection: read nothing
                return
            if self.conn.their_state is h11.IDLE and self._head_too_large(data):
                log.info("request refused: headers over %d bytes", max_header_bytes)
                self.transport.write(
                    _plain_answer(431, "Request Header Fields Too Large", "headers too large")
                )
                self.transport.close()
                return
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the request's headers are in
                self._head = b""
                self._disarm()

        def _head_too_large(self, data: bytes) -> bool:
            """Whether the head of the request under way (what came before its blank line)
            passes max_header_bytes, counted on every read."""
            head = self._head + data
            end = _HEAD_END.search(head)
            size = end.end() if end else len(head)
            self._head = b"" if end else head[-(max_header_bytes + 4) :]
            if not end and len(head) > max_header_bytes:
                return True
            return size > max_header_bytes

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._head = b""
            if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
                self._arm()  # the next request's headers get the same time

        def connection_lost(self, exc) -> None:
            self._disarm()
            if self._counted is not None:
                open_from[self._counted] -= 1
                if open_from[self._counted] <= 0:
                    del open_from[self._counted]
                self._counted = None
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
    """`GuardedH11Protocol` (10 s for headers, 16 KiB of them, CONNECTIONS_PER_CLIENT from one
    address: 32 unless set; behind a proxy every client has the proxy's address, so set it to
    the proxy's own connection limit), built on first use so that importing this module
    does not import uvicorn: `uvicorn --http functions.upload.server:GuardedH11Protocol …`."""
    if name == "GuardedH11Protocol":
        per_client = int(os.environ.get("CONNECTIONS_PER_CLIENT") or PER_CLIENT_CONNECTIONS)
        found = globals().get("_guarded") or _protocol(10.0, per_client=per_client)
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
            http=_protocol(
                limits.get("header_timeout", 10.0),
                per_client=limits.get("per_client") or PER_CLIENT_CONNECTIONS,
            ),
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
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
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
    announce_total: int | None = None,
    per_client: int = PER_CLIENT_CONNECTIONS,
    workers: int | None = None,
    queue: int = 16,
    **body_limits,
) -> tuple[LocalServer, App]:
    """clock() -> Unix seconds, for the uploads' times (injectable, so tests need not sleep);
    announce_limit: announcements one client network may make in 10 minutes (None or 0: no
    limit; `serve` sets one); announce_total: a safety cap for everyone together (None: none).
    per_client: connections one address may hold at once. workers, queue: bundles checked at
    once (at most 2 by default) and waiting. body_limits: asgi.create_app's body_seconds,
    form_rate, form_max_seconds."""
    if bucket:
        storage = S3Storage(
            bucket, endpoint_url=s3_endpoint, sse=os.environ.get("S3_SSE", "AES256")
        )
        signer = None
    else:
        env_secret = os.environ.get("LOCAL_SIGNING_SECRET")
        if env_secret is not None and len(env_secret.encode()) < 32:
            log.warning("LOCAL_SIGNING_SECRET is shorter than 32 bytes: forms are easy to forge")
        signer = LocalSigner(secret or (env_secret.encode() if env_secret else None))
        storage = LocalStorage(storage_dir or REPO / "uploads", signer=signer, form_url=FORM_PATH)
    site_dir = pathlib.Path(site).resolve() if site else (REPO / "site")
    limiter = (
        Limiter(per_client=announce_limit, total=announce_total, clock=clock)
        if announce_limit
        else None
    )
    app = App(
        Service(storage, clock=clock, limiter=limiter),
        site_dir,
        signer,
        workers=workers,
        capacity=queue,
    )

    def answered(route: str, params: dict, status: int, body: dict) -> None:
        mark_queued(app, route, params, status, body)

    connect = ()
    if bucket:  # the browser posts the file straight to the bucket
        parts = urllib.parse.urlsplit(s3_endpoint or "https://s3.amazonaws.com")
        connect = (f"{parts.scheme}://{parts.netloc}",)
    bound: list[str] = []  # where the socket is bound, known once it is (port 0 picks one)
    asgi = create_app(
        app.service,
        site=site_dir,
        signer=signer,
        on_stored=app.fire,
        on_answer=answered,
        connect_sources=connect,
        idle_seconds=idle_seconds,
        public_url=lambda: bound[0] if bound else "",
        **body_limits,
    )
    server = LocalServer(
        asgi,
        host,
        port,
        header_timeout=header_timeout,
        keep_alive=keep_alive,
        max_connections=max_connections,
        per_client=per_client,
    )
    bound.append(bound_url(*server.server_address[:2]))
    return server, app


def serve(
    host: str,
    port: int,
    site: str | None,
    storage_dir: str | None,
    s3_endpoint: str | None,
    bucket: str | None,
    announce_limit: int = 30,
    announce_total: int | None = None,
    per_client: int = PER_CLIENT_CONNECTIONS,
) -> int:
    configure(logging.INFO)
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)  # its start-up lines: ours say it
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
            host,
            port,
            site,
            storage_dir,
            s3_endpoint,
            bucket,
            announce_limit=announce_limit,
            announce_total=announce_total,
            per_client=per_client,
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
        app.shutdown()  # queued checks dropped, not lost: recover() queues them at next start
    return 0


__all__ = ["make_server", "serve", "s3_event", "respond", "LocalServer"]
