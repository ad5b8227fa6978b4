"""Uploads as plain records, read from either storage backend, and the views staff see of them.

No messages and no printing here: admin.py says things, admin_sheet.py writes the workbook.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import re
import time
from collections.abc import Iterator

from policy import idnumber

from .api import ID_RE, bundle_key, meta_key, report_key

PAGE = 1000
MAX_UPLOADS = 2_000_000  # a bound on one listing, said aloud when reached (admin "truncated")
# An announcement whose form expired with no file is dropped from every listing after this
# grace (the form lives 15 minutes; a slow mobile upload may land just after): announcing needs
# no file, so such records must not crowd out real uploads.
EXPIRED_GRACE_S = 3600

# China has one time zone and no daylight saving: a fixed offset needs no tz database.
CST = dt.timezone(dt.timedelta(hours=8), "UTC+8")
STATUSES = ("accepted", "rejected", "pending")
STATUS_WORDS = {
    "accepted": ("通过", "accepted"),
    "rejected": ("未通过", "rejected"),
    "pending": ("待检查", "pending"),
}
KIND_WORDS = {"individual": ("个人", "individual"), "group": ("集体", "group")}

# Controls (C0 but tab and line breaks, DEL, C1) and invisible format characters: bidi marks,
# overrides and isolates, zero-width spaces and joiners, soft hyphen, BOM.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


_HEX_TOKEN = re.compile(r"([0-9a-fA-F]{32,})")  # upload ids and SHA-256: ours, never ID numbers


_BREAKS = {"\n": "\\n", "\r": "\\r", "\t": " ", "\x85": "\\n", "\u2028": "\\n", "\u2029": "\\n"}
_BREAK = re.compile("[\n\r\t\x85\u2028\u2029]")


def clean_text(text) -> str:
    """Masks ID-number-shaped text, shows a line break inside a value as \\n (a name or file name
    cannot forge a line of a listing) and drops control and bidi characters (no terminal
    escapes). Long hex tokens (upload ids, hashes) are left whole: a digit run inside one is not
    a person."""
    parts = _HEX_TOKEN.split(str(text if text is not None else ""))
    kept = [p if i % 2 and not p.isdigit() else idnumber.redact(p) for i, p in enumerate(parts)]
    return _CONTROL.sub("", _BREAK.sub(lambda m: _BREAKS[m.group()], "".join(kept)))


# ---------------------------------------------------------------------------- reading the store
def _json(raw: bytes | None):
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return ValueError


def _report_shape(report) -> bool:
    """Just enough shape for the views below (the function writes these; a hand edit may not)."""
    if not isinstance(report, dict) or not isinstance(report.get("accepted"), bool):
        return False
    lists = [report.get(k) or [] for k in ("candidates", "problems", "notes")]
    return all(isinstance(v, list) and all(isinstance(x, dict) for x in v) for v in lists)


def read_upload(storage, upload_id: str, need_bundle: bool = False) -> dict | None:
    """An upload's record (announced, report, status), or None when the id is unknown."""
    meta = _json(storage.get(meta_key(upload_id)))
    if meta is None:
        return None
    report = _json(storage.get(report_key(upload_id)))
    if not isinstance(meta, dict) or not (report is None or _report_shape(report)):
        return {"id": upload_id, "unreadable": True}
    status = "pending" if report is None else ("accepted" if report["accepted"] else "rejected")
    record = {"id": upload_id, "meta": meta, "report": report, "status": status}
    if need_bundle or status == "pending":
        record["bundle_size"] = storage.size(bundle_key(upload_id))
    return record


def upload_ids(storage, limit: int = MAX_UPLOADS):
    """Every upload id, page by page, at most `limit`; yields None once if the limit cut it short."""
    token, seen = None, 0
    while True:
        names, token = storage.list_folders("uploads/", token, PAGE)
        for name in names:
            if ID_RE.match(name):
                if seen >= limit:
                    yield None
                    return
                seen += 1
                yield name
        if not token:
            return


def expired(record: dict, now: float) -> bool:
    """An announcement with no file whose form expired more than EXPIRED_GRACE_S ago."""
    expires = record["meta"].get("expires")
    return (
        record["status"] == "pending"
        and record.get("bundle_size") is None
        and isinstance(expires, (int, float))
        and now > expires + EXPIRED_GRACE_S
    )


def _listed(storage) -> tuple[list[str], bool]:
    """(every upload id, whether the listing stopped at its bound)."""
    found = list(upload_ids(storage))
    return [i for i in found if i is not None], None in found


def records(
    storage, program: str, status: str | None = None, warn=None, now: float | None = None
) -> list[dict]:
    """The program's uploads, newest first, read in parallel (one request per object on S3);
    announcements that expired without a file are left out. `warn(code, **params)` hears of
    damaged records, of expired announcements left out and of a listing cut at its bound;
    now: Unix seconds (default the clock)."""
    now = time.time() if now is None else now
    ids, truncated = _listed(storage)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda i: read_upload(storage, i), ids))
    out, gone = [], 0
    for rec in found:
        if rec is None:
            continue
        if rec.get("unreadable"):
            if warn:
                warn("unreadable", id=rec["id"])
            continue
        if rec["meta"].get("program") != program:
            continue
        if expired(rec, now):
            gone += 1
        elif status in (None, rec["status"]):
            out.append(rec)
    if gone and warn:
        warn("expired", count=gone)
    if truncated and warn:
        warn("truncated", count=MAX_UPLOADS)
    out.sort(key=lambda r: (_number(r["meta"].get("created")), r["id"]), reverse=True)
    return out


def stream(
    storage, program: str, warn=None, now: float | None = None, batch: int = 64
) -> Iterator[dict]:
    """records() for a program with many uploads, newest first, without holding them all: the
    small upload.json of each is read first (to filter and sort), then the records are read a
    batch at a time as they are consumed. Warnings as records() gives them, at the end."""
    now = time.time() if now is None else now
    ids, truncated = _listed(storage)

    def head(upload_id: str):
        return upload_id, _json(storage.get(meta_key(upload_id)))

    order = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for upload_id, meta in pool.map(head, ids):
            if meta is None:
                continue
            if not isinstance(meta, dict):
                if warn:
                    warn("unreadable", id=upload_id)
                continue
            if meta.get("program") == program:
                order.append((_number(meta.get("created")), upload_id))
        del ids
        order.sort(reverse=True)
        gone = 0
        for start in range(0, len(order), batch):
            chunk = [i for _, i in order[start : start + batch]]
            for rec in pool.map(lambda i: read_upload(storage, i), chunk):
                if rec is None:
                    continue
                if rec.get("unreadable"):
                    if warn:
                        warn("unreadable", id=rec["id"])
                    continue
                if expired(rec, now):
                    gone += 1
                    continue
                yield rec
    if gone and warn:
        warn("expired", count=gone)
    if truncated and warn:
        warn("truncated", count=MAX_UPLOADS)


def _number(value) -> float:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


# ---------------------------------------------------------------------------- plain data views
def local_time(epoch) -> dt.datetime | None:
    if not isinstance(epoch, (int, float)):
        return None
    return dt.datetime.fromtimestamp(epoch, CST).replace(tzinfo=None)


def time_text(epoch) -> str:
    t = local_time(epoch)
    return t.strftime("%Y-%m-%d %H:%M") if t else "-"


def candidates(record: dict) -> list[dict]:
    return list((record.get("report") or {}).get("candidates") or [])


def problems(record: dict) -> list[dict]:
    return list((record.get("report") or {}).get("problems") or [])


def problems_of(record: dict, candidate: dict | None) -> list[dict]:
    """The candidate's own problems (path inside their folder) plus those about the whole bundle."""
    folders = {c.get("folder") for c in candidates(record) if c.get("folder")}
    own = candidate.get("folder") if candidate else None
    out = []
    for p in problems(record):
        parts = set((p.get("path") or "").split("/"))
        about = parts & folders
        if not about or (own and own in about):
            out.append(p)
    return out


def problem_text(p: dict, lang: str = "zh") -> str:
    mark = "" if p.get("severity") == "error" else ("[提示] " if lang == "zh" else "[warning] ")
    return f"{mark}{p.get('code')}：{(p.get('message') or {}).get(lang, '')}"


def verdict_text(status: str) -> str:
    zh, en = STATUS_WORDS[status]
    return f"{zh} {en}"
