"""How the built site's files are served: Content-Type and Cache-Control by path.

`generator publish` sets these on every object it puts in a bucket, and the local server sends
the same for the same file, so the site behaves alike on a laptop and in production.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import PurePosixPath

FEED_FILE = "updates.xml"  # the Atom feed of amendments (one per language folder)
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?(js|css|json)$")
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300, must-revalidate"
HTML_CACHE = "no-cache"
TEXT_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
EXTRA_TYPES = {
    ".js": "application/javascript",
    ".mjs": "application/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".map": "application/json",
}


def content_type(path: str) -> str:
    """The Content-Type of a site file, with charset=utf-8 for text."""
    p = PurePosixPath(path)
    suffix = ".atom" if p.name == FEED_FILE else p.suffix.lower()
    kind = EXTRA_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind.startswith(TEXT_TYPES) or kind in TEXT_TYPES or kind.endswith("+xml"):
        kind += "; charset=utf-8"
    return kind


def cache_control(path: str) -> str:
    """Pages revalidate every time; fingerprinted assets are immutable; the rest, 5 minutes."""
    if path.endswith(".html"):
        return HTML_CACHE
    if FINGERPRINTED.search(path):
        return LONG_CACHE
    return SHORT_CACHE
