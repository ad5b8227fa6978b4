"""Log lines that say what happened and nothing more: no line breaks or control characters from a
request (a path, a header, a file name) and no ID number in clear (first 4 and last 4 kept).
"""

from __future__ import annotations

import logging
import re

from policy import idnumber

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators and bidi overrides.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: object, limit: int = 2000) -> str:
    """One line: each control character as \\xNN / \\uNNNN, ID numbers masked, cut at `limit`."""
    text = str(text)
    if len(text) > limit:
        text = text[:limit] + "…"
    text = _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)
    return idnumber.redact(text)


class OneLineFormatter(logging.Formatter):
    """Escapes the message; a traceback's lines are indented, so none of them can pass for a log
    line of its own."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        record.msg, record.args = clean(record.getMessage()), None
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
