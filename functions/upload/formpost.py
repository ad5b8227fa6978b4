"""The local server's S3-like form endpoint: a multipart POST (the signed fields, then one file)
read as it arrives with python-multipart's streaming parser.

As S3 does, the fields are read first and the signature checked before any file byte is kept; the
file goes straight to a private temporary file in the store and is cut off the moment it passes
the signed size (refused at once when the declared length cannot fit). Unlike S3, a form is used
once: its key is created exclusively, so a second post of the same form is refused and the first
bundle and its verdict stay as they are.
"""

from __future__ import annotations

import asyncio
import pathlib
import time

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from .api import KEY_RE
from .signing import FormError

MAX_FIELDS_BYTES = 64 << 10
# What can follow the file part: the closing boundary, perhaps a field S3 would ignore.
MAX_AFTER_FILE = 64 << 10

ALREADY_USED = (
    "此上传表单已经用过：文件已收到，正在或已经检查，不会被替换。如需另交一个文件，请重新开始上传。"
    " / This upload form was used already: its file was received and is being or has been "
    "checked, and it is not replaced. To send another file, start a new upload."
)


class _Form:
    def __init__(self, boundary: bytes, length: int, storage, signer):
        self.storage, self.signer = storage, signer
        self.length = length
        self.fields: dict[str, str] = {}
        self.field_bytes = 0
        self.headers: dict[bytes, bytes] = {}
        self._hname = self._hvalue = b""
        self.part: str | None = None  # "field", "file", "after"
        self.name = ""
        self.value = bytearray()
        self.key: str | None = None
        self.max_size = 0
        self.size = 0
        self.after = 0
        self.sink = None
        self.pending = bytearray()  # file bytes of the current chunk, written after parsing it
        self.ended = False
        self.fed = 0  # body bytes given to the parser before the current chunk
        self.sized = False  # the early size check ran
        self.data_start: int | None = None
        self.parser = MultipartParser(
            boundary,
            callbacks={
                "on_part_begin": self._part_begin,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
                "on_end": self._end,
            },
            max_size=length,
        )

    # ------------------------------------------------------------ parser callbacks
    def _count(self, n: int) -> None:
        self.field_bytes += n
        if self.field_bytes > MAX_FIELDS_BYTES:
            raise FormError("MalformedPOSTRequest", "the form fields are too large", 400)

    def _part_begin(self) -> None:
        self.headers, self._hname, self._hvalue = {}, b"", b""

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._count(end - start)
        self._hname += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._count(end - start)
        self._hvalue += data[start:end]

    def _header_end(self) -> None:
        self.headers[self._hname.lower()] = self._hvalue
        self._hname, self._hvalue = b"", b""

    def _headers_finished(self) -> None:
        if self.part in ("file", "after"):  # S3 ignores what follows the file
            self.part = "after"
            return
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        name = options.get(b"name")
        if name is None:
            raise FormError("MalformedPOSTRequest", "a form part has no name", 400)
        self.name = name.decode("utf-8", "replace")
        if self.name == "file" or b"filename" in options:
            self._authorise()
            self.part = "file"
            self.sink = self.storage.temp_file()
        else:
            if self.name in self.fields:
                raise FormError("InvalidArgument", f"the field {self.name} appears twice", 400)
            self.part, self.value = "field", bytearray()

    def _authorise(self) -> None:
        key, max_size = self.signer.verify(self.fields)
        if not KEY_RE.match(key):
            raise FormError("AccessDenied", "the key is not an upload key")
        if self.storage.path(key).exists():  # checked again, atomically, when the file is kept
            raise FormError("FormAlreadyUsed", ALREADY_USED, 409)
        self.key, self.max_size = key, max_size

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        n = end - start
        if self.part == "field":
            self._count(n)
            self.value += data[start:end]
        elif self.part == "file":
            if self.data_start is None:
                self.data_start = start
            self.size += n
            if self.size > self.max_size:
                raise FormError("EntityTooLarge", "the file is larger than allowed", 400)
            self.pending += data[start:end]
        else:
            self.after += n
            if self.after > MAX_AFTER_FILE:
                raise FormError("MalformedPOSTRequest", "the form goes on after the file", 400)

    def _part_end(self) -> None:
        if self.part == "field":
            try:
                self.fields[self.name] = self.value.decode("utf-8")
            except UnicodeDecodeError:
                raise FormError(
                    "MalformedPOSTRequest", "a form field is not UTF-8 text", 400
                ) from None
            self.part = None

    def _end(self) -> None:
        self.ended = True

    # ------------------------------------------------------------ feeding
    def feed(self, chunk: bytes) -> None:
        self.data_start = None
        was_file = self.part == "file"
        self.parser.write(chunk)
        if self.part in ("file", "after") and not self.sized and not was_file:
            # The file's headers ended in this chunk: what is left of the declared body is the
            # file and the closing boundary. Refuse now what cannot fit, reading no more of it.
            start = self.data_start if self.data_start is not None else len(chunk)
            left = self.length - (self.fed + start)  # the file, the closing boundary, any rest
            self.sized = True
            if left - MAX_AFTER_FILE > self.max_size:
                raise FormError("EntityTooLarge", "the file is larger than allowed", 400)
        self.fed += len(chunk)


async def receive(
    request, storage, signer, idle_seconds: float, total_seconds=None
) -> tuple[str, int]:
    """Reads the form; returns (key, size) of the file, now stored under its key. Raises
    FormError (nothing is kept) or starlette's ClientDisconnect. A stall of idle_seconds is
    refused, and so is a body not complete within total_seconds(declared length) seconds (a
    byte now and then restarts no clock)."""
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise FormError("MalformedPOSTRequest", "expected multipart/form-data", 400)
    length = request.headers.get("content-length")
    if length is None or request.headers.get("transfer-encoding"):
        raise FormError("MissingContentLength", "Content-Length is required", 411)
    form = _Form(boundary, int(length), storage, signer)
    allowed = total_seconds(int(length)) if total_seconds else float("inf")
    deadline = time.monotonic() + allowed
    stream = request.stream().__aiter__()
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise FormError(
                    "RequestTimeout", f"the upload took longer than {allowed:.0f} s", 408
                )
            try:
                chunk = await asyncio.wait_for(stream.__anext__(), min(idle_seconds, left))
            except StopAsyncIteration:
                break
            except TimeoutError:
                if time.monotonic() >= deadline:
                    raise FormError(
                        "RequestTimeout", f"the upload took longer than {allowed:.0f} s", 408
                    ) from None
                raise FormError(
                    "RequestTimeout", "the upload stalled: no data for too long", 400
                ) from None
            try:
                form.feed(chunk)
            except MultipartParseError:
                raise FormError(
                    "MalformedPOSTRequest", "the form is not valid multipart", 400
                ) from None
            if form.pending:
                data, form.pending = bytes(form.pending), bytearray()
                await asyncio.to_thread(form.sink.write, data)
        if not form.ended:
            raise FormError("IncompleteBody", "the request body ended early", 400)
        if form.key is None:
            raise FormError("InvalidArgument", "the form has no file part", 400)
        if form.size < 1:
            raise FormError("EntityTooSmall", "the file is empty", 400)
        form.sink.close()
        if not await asyncio.to_thread(storage.adopt, form.sink.name, form.key, True):
            raise FormError("FormAlreadyUsed", ALREADY_USED, 409)
        return form.key, form.size
    finally:
        await stream.aclose()
        if form.sink is not None:
            form.sink.close()
            pathlib.Path(form.sink.name).unlink(missing_ok=True)
