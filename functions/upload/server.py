"""The local server: the built site at /, the upload API at /api/, and an S3-like form endpoint.

One origin, so the site's upload page needs no CORS. It runs the same api.Service and handler code
as Lambda: after a form upload it stores the file and fires the handler with a real-shaped S3
ObjectCreated event, in a small worker pool (S3 notifications are asynchronous too).
"""

from __future__ import annotations

import concurrent.futures
import gzip
import json
import logging
import os
import pathlib
import posixpath
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from policy.sitefiles import cache_control, content_type

from .api import KEY_RE, Service, bundle_key, report_key
from .handler import lambda_handler, respond
from .multipart import MultipartError, read_form
from .problems import error_body
from .signing import FormError, LocalSigner
from .storage import LocalStorage, S3Storage, StorageError

log = logging.getLogger("functions.upload")

REPO = pathlib.Path(__file__).resolve().parents[2]
FORM_PATH = "/storage/upload"
MAX_API_BODY = 64 << 10


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


class _Server(ThreadingHTTPServer):
    """A listen backlog for real bursts: the default of 5 drops connections at 50 concurrent."""

    request_queue_size = 128
    daemon_threads = True


class Handler(BaseHTTPRequestHandler):
    server_version = "certnotice-upload"
    protocol_version = "HTTP/1.1"
    app: App

    def log_message(self, fmt, *args):
        log.info("%s %s", self.address_string(), fmt % args)

    # -------------------------------------------------------------- helpers
    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, data: dict) -> None:
        self._send(
            status,
            json.dumps(data, ensure_ascii=False).encode("utf-8"),
            "application/json; charset=utf-8",
            {"Cache-Control": "no-store"},
        )

    def _s3_error(self, status: int, code: str, reason: str) -> None:
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{reason}</Message></Error>"
        ).encode()
        self.close_connection = True
        self._send(status, body, "application/xml", {"Connection": "close"})

    def _path(self) -> str:
        return urllib.parse.urlsplit(self.path).path

    def _base_url(self) -> str:
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return f"http://{host}"

    # -------------------------------------------------------------- routes
    def do_POST(self):
        self._guarded(self._post)

    def do_GET(self):
        self._guarded(self._get)

    do_HEAD = do_GET

    def _guarded(self, route) -> None:
        try:
            route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:  # answer in JSON, never a traceback; the log has the details
            log.exception("unexpected error answering %s", self._path())
            self.close_connection = True
            try:
                self._json(500, error_body("internal-error"))
            except OSError:
                pass

    def _post(self):
        path = self._path()
        if path == "/api/uploads":
            return self._create()
        if path == FORM_PATH and self.app.signer is not None:
            return self._form_upload()
        self._drain()
        self._json(404, error_body("not-found"))

    def _get(self):
        path = self._path()
        if path.startswith("/api/"):
            parts = [p for p in path.split("/") if p]
            if len(parts) == 3 and parts[:2] == ["api", "uploads"]:
                status, body = self.app.service.status(parts[2])
                if status == 200 and body["status"] == "pending":
                    self.app.poll_hook(parts[2])
                return self._json(status, body)
            return self._json(404, error_body("not-found"))
        self._static(path)

    def _drain(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_API_BODY:
            self.close_connection = True
            return
        if length:
            self.rfile.read(length)

    def _create(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_API_BODY:
            self.close_connection = True
            return self._json(
                413,
                error_body(
                    "bad-request",
                    reason_zh="请求正文过大",
                    reason_en="the request body is too large",
                ),
            )
        body = self.rfile.read(length) if length else b""
        status, data = self.app.service.create_upload(body, base_url=self._base_url())
        self._json(status, data)

    def _form_upload(self) -> None:
        storage: LocalStorage = self.app.service.storage
        length = self.headers.get("Content-Length")
        if length is None:
            return self._s3_error(411, "MissingContentLength", "Content-Length is required")
        holder: dict = {}

        def open_sink():
            holder["fh"] = storage.temp_file()
            return holder["fh"]

        def authorise(fields):
            key, max_size = self.app.signer.verify(fields)
            if not KEY_RE.match(key):
                raise FormError("AccessDenied", "the key is not an upload key")
            holder["key"] = key
            return max_size

        try:
            _, size = read_form(
                self.rfile, int(length), self.headers.get("Content-Type", ""), open_sink, authorise
            )
            storage.adopt(holder["fh"].name, holder["key"])
        except (MultipartError, FormError) as exc:
            if "fh" in holder:
                holder["fh"].close()
                pathlib.Path(holder["fh"].name).unlink(missing_ok=True)
            return self._s3_error(exc.status, exc.code, exc.reason)
        except (ValueError, OSError) as exc:
            if "fh" in holder:
                pathlib.Path(holder["fh"].name).unlink(missing_ok=True)
            return self._s3_error(400, "MalformedPOSTRequest", type(exc).__name__)
        self.app.fire(holder["key"], size)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _static(self, path: str) -> None:
        site = self.app.site
        if site is None or not site.is_dir():
            page = (
                "<!doctype html><meta charset=utf-8><title>site not built</title>"
                "<p>The site is not built yet: run <code>python -m generator build</code>."
                "<p>网站尚未生成：请运行 <code>python -m generator build</code>。"
            )
            return self._send(
                404 if path != "/" else 200, page.encode(), "text/html; charset=utf-8"
            )
        rel = posixpath.normpath(urllib.parse.unquote(path)).lstrip("/")
        target = (site / rel).resolve()
        if site not in target.parents and target != site:
            return self._send(404, b"not found", "text/plain; charset=utf-8")
        if target.is_dir():
            if not path.endswith("/"):
                return self._send(301, b"", "text/plain", {"Location": path + "/"})
            target = target / "index.html"
        if not target.is_file():
            missing = site / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"not found"
            return self._send(404, body, "text/html; charset=utf-8")

        rel = target.relative_to(site).as_posix()
        ctype = content_type(rel)
        headers = {"Cache-Control": cache_control(rel), "Vary": "Accept-Encoding"}
        body = target.read_bytes()
        if "gzip" in self.headers.get("Accept-Encoding", "") and _compressible(ctype, body):
            body = _gzipped(target, body)
            headers["Content-Encoding"] = "gzip"
        self._send(200, body, ctype, headers)


GZIP_MIN_BYTES = 1024
_GZIP_CACHE: dict[tuple, bytes] = {}
_GZIP_CACHE_MAX = 512


def _compressible(ctype: str, body: bytes) -> bool:
    """Text compresses well; images and archives are compressed already."""
    textual = ctype.startswith(("text/", "image/svg")) or any(
        t in ctype for t in ("javascript", "json", "xml")
    )
    return textual and len(body) >= GZIP_MIN_BYTES


def _gzipped(target: pathlib.Path, body: bytes) -> bytes:
    """Compress once per file version: a page view then costs no CPU for compression."""

    st = target.stat()
    key = (str(target), st.st_mtime_ns, st.st_size)
    cached = _GZIP_CACHE.get(key)
    if cached is None:
        cached = gzip.compress(body, compresslevel=6, mtime=0)
        if len(_GZIP_CACHE) >= _GZIP_CACHE_MAX:
            _GZIP_CACHE.clear()
        _GZIP_CACHE[key] = cached
    return cached


def make_server(
    host: str = "127.0.0.1",
    port: int = 0,
    site: str | None = None,
    storage_dir: str | None = None,
    s3_endpoint: str | None = None,
    bucket: str | None = None,
    secret: bytes | None = None,
    clock=time.time,
) -> tuple[ThreadingHTTPServer, App]:
    """clock() -> Unix seconds, for the uploads' times (injectable, so tests need not sleep)."""
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
    app = App(Service(storage, clock=clock), site_dir, signer)
    handler = type("BoundHandler", (Handler,), {"app": app})
    httpd = _Server((host, port), handler)
    return httpd, app


def serve(
    host: str,
    port: int,
    site: str | None,
    storage_dir: str | None,
    s3_endpoint: str | None,
    bucket: str | None,
) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    try:
        httpd, app = make_server(host, port, site, storage_dir, s3_endpoint, bucket)
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


__all__ = ["make_server", "serve", "s3_event", "respond"]
