"""Log lines that say what happened and nothing more: no line breaks or control characters from a
request (a path, a header, a file name) and no ID number in clear (first 4 and last 4 kept).

A value is masked before it is cut (a cut first could leave the head of a number in clear), and
each value of a record is masked on its own: masking a whole formatted line would join a path's
digits to the status and duration that follow it.
"""

from __future__ import annotations

import logging
import re

from policy import idnumber

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, bidi marks, overrides and
# isolates, and other invisible format characters.
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    r"\ufeff\ufff9-\ufffb]"
)
_HEX_TOKEN = re.compile(r"([0-9a-fA-F]{32,})")  # upload ids and SHA-256: ours, never ID numbers


def mask(text: object) -> str:
    """ID numbers masked (a long hex token, an upload id or a hash, is left whole)."""
    parts = _HEX_TOKEN.split(str(text))
    return "".join(p if i % 2 else idnumber.redact(p) for i, p in enumerate(parts))


def escape(text: object, limit: int = 2000) -> str:
    """One line, cut at `limit`: each control character as \\xNN / \\uNNNN. No masking."""
    text = _CONTROL.sub(lambda m: ascii(m.group())[1:-1], str(text))
    return text[:limit] + "…" if len(text) > limit else text


def clean(text: object, limit: int = 2000) -> str:
    """One line: ID numbers masked, then each control character escaped, then cut at `limit`."""
    return escape(mask(text), limit)


def _clean_arg(value):
    if isinstance(value, (int, float)):  # %d, %.0f: numbers of ours (status, size, ms)
        return value
    return clean(value)


class OneLineFormatter(logging.Formatter):
    """Escapes the message; a traceback's lines are indented, so none of them can pass for a log
    line of its own. With arguments, each is masked on its own and the template only escaped."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        args = record.args
        if args:
            if isinstance(args, dict):
                args = {k: _clean_arg(v) for k, v in args.items()}
            else:
                args = tuple(_clean_arg(a) for a in args)
            try:
                message = escape(str(record.msg) % args)
            except (TypeError, ValueError):
                message = clean(record.getMessage())
        else:
            message = clean(record.getMessage())
        record.msg, record.args = message, None
        exc_info, record.exc_info, record.exc_text = record.exc_info, None, None
        line = super().format(record)
        if exc_info:
            trace = self.formatException(exc_info)
            line += "\n" + "\n".join("    | " + clean(t) for t in trace.splitlines())
        return line


def configure(level: int = logging.INFO) -> None:
    """The server's logging: one handler on stderr, every line through OneLineFormatter."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
