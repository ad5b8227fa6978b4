"""A streaming multipart/form-data reader for the local server's upload form.

S3 reads the policy fields first and streams the file; so does this: small fields are held (with a
cap), the file part goes straight to disk and is cut off the moment it passes the signed size.
"""

from __future__ import annotations

import re

CHUNK = 1 << 20
MAX_FIELDS_BYTES = 64 << 10
_NAME = re.compile(r'\bname="([^"]*)"', re.IGNORECASE)
_FILENAME = re.compile(r'\bfilename="', re.IGNORECASE)


class MultipartError(Exception):
    def __init__(self, code: str, reason: str, status: int = 400):
        super().__init__(reason)
        self.code, self.reason, self.status = code, reason, status


def boundary_of(content_type: str) -> bytes:
    m = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not content_type.lower().startswith("multipart/form-data") or not m:
        raise MultipartError("MalformedPOSTRequest", "expected multipart/form-data")
    return m.group(1).encode("latin-1")


class _Body:
    def __init__(self, rfile, length: int):
        self.rfile, self.left, self.buf = rfile, length, bytearray()
        self.consumed = 0

    def _more(self, want: int) -> bool:
        if self.left <= 0:
            return False
        chunk = self.rfile.read(min(self.left, max(want, 64 << 10)))
        if not chunk:
            raise MultipartError("IncompleteBody", "the request body ended early")
        self.left -= len(chunk)
        self.buf += chunk
        return True

    def take_until(self, delim: bytes, cap: int) -> bytes:
        start = 0
        while True:
            i = self.buf.find(delim, start)
            if i >= 0:
                out = bytes(self.buf[:i])
                del self.buf[: i + len(delim)]
                self.consumed += i + len(delim)
                return out
            if len(self.buf) > cap:
                raise MultipartError("MalformedPOSTRequest", "a form field is too large")
            start = max(0, len(self.buf) - len(delim) + 1)
            if not self._more(CHUNK):
                raise MultipartError("MalformedPOSTRequest", "the form ended unexpectedly")

    def take(self, n: int) -> bytes:
        while len(self.buf) < n:
            if not self._more(n - len(self.buf)):
                raise MultipartError("MalformedPOSTRequest", "the form ended unexpectedly")
        out = bytes(self.buf[:n])
        del self.buf[:n]
        self.consumed += n
        return out

    def stream_until(self, delim: bytes, sink, limit: int) -> int:
        """Writes bytes up to `delim` into sink; stops as soon as more than `limit` would be written."""
        written = 0
        while True:
            i = self.buf.find(delim)
            if i >= 0:
                written += i
                if written > limit:
                    raise MultipartError("EntityTooLarge", "the file is larger than allowed")
                sink.write(self.buf[:i])
                del self.buf[: i + len(delim)]
                return written
            safe = len(self.buf) - len(delim) + 1
            if safe > 0:
                written += safe
                if written > limit:
                    raise MultipartError("EntityTooLarge", "the file is larger than allowed")
                sink.write(self.buf[:safe])
                del self.buf[:safe]
            if not self._more(CHUNK):
                raise MultipartError("IncompleteBody", "the file part ended unexpectedly")


def read_form(rfile, length: int, content_type: str, open_sink, authorise) -> tuple[dict, int]:
    """Reads fields until the file part, calls authorise(fields) -> max size, streams the file.

    Returns (fields, file size). open_sink() gives the file object the file part is written to.
    """
    boundary = boundary_of(content_type)
    body = _Body(rfile, length)
    dash = b"--" + boundary
    body.take_until(dash + b"\r\n", MAX_FIELDS_BYTES)
    fields: dict[str, str] = {}
    while True:
        headers = body.take_until(b"\r\n\r\n", MAX_FIELDS_BYTES).decode("utf-8", "replace")
        m = _NAME.search(headers)
        if not m:
            raise MultipartError("MalformedPOSTRequest", "a form part has no name")
        name = m.group(1)
        if name == "file" or _FILENAME.search(headers):
            break
        if name in fields:
            raise MultipartError("InvalidArgument", f"the field {name} appears twice")
        fields[name] = body.take_until(b"\r\n" + dash, MAX_FIELDS_BYTES).decode("utf-8")
        if sum(len(v) for v in fields.values()) > MAX_FIELDS_BYTES:
            raise MultipartError("MalformedPOSTRequest", "the form fields are too large")
        if body.take(2) != b"\r\n":
            raise MultipartError("MalformedPOSTRequest", "the form has no file part")
    max_size = authorise(fields)
    # Refuse early when the declared body cannot fit: do not read what we will throw away.
    remaining = body.left + len(body.buf)
    if remaining - len(dash) - 8 > max_size:
        raise MultipartError("EntityTooLarge", "the file is larger than allowed")
    with open_sink() as sink:
        size = body.stream_until(b"\r\n" + dash, sink, max_size)
    if size < 1:
        raise MultipartError("EntityTooSmall", "the file is empty")
    return fields, size
