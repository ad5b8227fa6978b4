"""The built site, served from its folder: which file a path names (never one outside the folder,
never a dotfile), its bytes (gzipped once per version) and, for a page, the hashes of its inline
scripts for the Content-Security-Policy. No web framework here: the ASGI app wraps the answer.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import pathlib
import re
import urllib.parse
from dataclasses import dataclass, field

from policy.sitefiles import cache_control, content_type

GZIP_MIN_BYTES = 1024
_CACHE_MAX = 512
# Executable inline scripts: no src, and no type or a JavaScript type (JSON data blocks are not run).
_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(rb"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(rb"\bsrc\s*=", re.IGNORECASE)
_JS_TYPES = {b"", b"text/javascript", b"application/javascript", b"module"}
_UNSAFE_CHAR = re.compile(r"[\x00-\x1f\x7f\\]")

NOT_BUILT = (
    "<!doctype html><meta charset=utf-8><title>site not built</title>"
    "<p>The site is not built yet: run <code>python -m generator build</code>."
    "<p>网站尚未生成：请运行 <code>python -m generator build</code>。"
).encode()


@dataclass
class Answer:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict = field(default_factory=dict)
    script_hashes: tuple[str, ...] = ()


def inline_script_hashes(html: bytes) -> tuple[str, ...]:
    """'sha256-…' of every inline script the browser would run, in page order, each once."""
    found: list[str] = []
    for attrs, body in _SCRIPT.findall(html):
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        token = f"'sha256-{digest}'"
        if token not in found:
            found.append(token)
    return tuple(found)


class Site:
    def __init__(self, root: pathlib.Path | None):
        self.root = root.resolve() if root else None
        self._cache: dict[tuple, tuple[bytes | None, tuple[str, ...]]] = {}

    def locate(self, path: str) -> tuple[str, pathlib.Path | str | None]:
        """("file", Path) | ("redirect", location) | ("missing", None) for a decoded URL path.
        Refused as missing without touching the disk: control characters (%00, %0A), a
        backslash, any segment that is `..` or starts with a dot (.env, .git, .tmp)."""
        if _UNSAFE_CHAR.search(path):
            return "missing", None
        segments = [s for s in path.split("/") if s]
        if any(s.startswith(".") for s in segments):
            return "missing", None
        if any(len(s.encode("utf-8", "surrogatepass")) > 255 for s in segments):
            return "missing", None  # no file has a name this long (ENAMETOOLONG)
        target = self.root.joinpath(*segments)
        try:
            real = target.resolve()
            if real != self.root and self.root not in real.parents:  # a link out of the folder
                return "missing", None
            if real.is_dir():
                if not path.endswith("/"):
                    clean = "/" + "/".join(segments) + "/"
                    return "redirect", urllib.parse.quote(clean, safe="/")
                real = real / "index.html"
            return ("file", real) if real.is_file() else ("missing", None)
        except (OSError, RuntimeError, ValueError):  # a name the file system cannot take
            return "missing", None

    def answer(self, path: str, accepts_gzip: bool) -> Answer:
        if self.root is None or not self.root.is_dir():
            return Answer(200 if path == "/" else 404, NOT_BUILT, "text/html; charset=utf-8")
        kind, found = self.locate(path)
        if kind == "redirect":
            return Answer(301, b"", headers={"location": found})
        if kind == "missing":
            page = self.root / "404.html"
            if page.is_file():
                body = page.read_bytes()
                return Answer(404, body, "text/html; charset=utf-8", {}, self._hashes(page, body))
            return Answer(404, b"not found")
        rel = found.relative_to(self.root).as_posix()
        ctype = content_type(rel)
        headers = {"cache-control": cache_control(rel), "vary": "Accept-Encoding"}
        try:
            body = found.read_bytes()
        except OSError:  # removed or unreadable since it was located (a rebuild under way)
            return Answer(404, b"not found")
        hashes = self._hashes(found, body) if ctype.startswith("text/html") else ()
        if accepts_gzip and _compressible(ctype, body):
            body = self._gzipped(found, body)
            headers["content-encoding"] = "gzip"
        return Answer(200, body, ctype, headers, hashes)

    def _entry(self, target: pathlib.Path) -> tuple:
        st = target.stat()
        return (str(target), st.st_mtime_ns, st.st_size)

    def _remember(self, key: tuple, value) -> None:
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[key] = value

    def _hashes(self, target: pathlib.Path, body: bytes) -> tuple[str, ...]:
        key = ("csp", *self._entry(target))
        if key not in self._cache:
            self._remember(key, inline_script_hashes(body))
        return self._cache[key]

    def _gzipped(self, target: pathlib.Path, body: bytes) -> bytes:
        """Compressed once per file version: a page view then costs no CPU for compression."""
        key = ("gz", *self._entry(target))
        if key not in self._cache:
            self._remember(key, gzip.compress(body, compresslevel=6, mtime=0))
        return self._cache[key]


def _compressible(ctype: str, body: bytes) -> bool:
    """Text compresses well; images and archives are compressed already."""
    textual = ctype.startswith(("text/", "image/svg")) or any(
        t in ctype for t in ("javascript", "json", "xml")
    )
    return textual and len(body) >= GZIP_MIN_BYTES
