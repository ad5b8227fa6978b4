"""The upload flow of contract §3, independent of how requests arrive (Lambda or the local server).

Bytes never pass through here: create_upload hands out a signed form, object_created validates
what landed, status reads the report. Everything is keyed by the random upload id only.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import tempfile
import time

from policy import days, idnumber

from . import programs as program_data
from .problems import error_body, problem
from .ratelimit import Limiter
from .storage import StorageError

log = logging.getLogger("functions.upload")

ID_RE = re.compile(r"^[0-9a-f]{40}$")
KEY_RE = re.compile(r"^uploads/([0-9a-f]{40})/bundle$")
EXPIRES_IN = 900
KIND_WORDS = {"individual": ("个人", "individual"), "group": ("集体", "group")}


def bundle_key(upload_id: str) -> str:
    return f"uploads/{upload_id}/bundle"


def meta_key(upload_id: str) -> str:
    return f"uploads/{upload_id}/upload.json"


def report_key(upload_id: str) -> str:
    return f"uploads/{upload_id}/report.json"


MAX_STATUS_BYTES = 256 << 10  # what a page polls for; staff read the whole report (admin show)


def _for_status(report: dict) -> dict:
    """The report as the status answer carries it: whole when under MAX_STATUS_BYTES, else with
    its candidate list cut (and counted), so a phone never downloads megabytes to learn a
    verdict. Problems are already grouped by the check (bundle._grouped)."""
    size = len(_json(report))
    candidates = report.get("candidates") or []
    if size <= MAX_STATUS_BYTES or not candidates:
        return report
    keep = max(1, int(len(candidates) * MAX_STATUS_BYTES / size * 0.9))
    left_out = report.get("candidates_left_out", 0) + len(candidates) - keep
    return {**report, "candidates": candidates[:keep], "candidates_left_out": left_out}


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


# Control characters (C0, DEL, C1), line and paragraph separators, and lone surrogates (which
# JSON can carry as \ud800 but no file can be named with, and UTF-8 cannot store).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _printable(text: str) -> bool:
    return _UNPRINTABLE.search(text) is None


def _bad(reason_zh: str, reason_en: str) -> tuple[int, dict]:
    return 400, error_body("bad-request", reason_zh=reason_zh, reason_en=reason_en)


class Service:
    """storage: LocalStorage or S3Storage; programs(day) -> the programs in force on that day
    (YYYY-MM-DD, China); clock() -> Unix seconds (injectable, so tests need not sleep)."""

    def __init__(
        self,
        storage,
        programs=program_data.on,
        expires_in: int = EXPIRES_IN,
        clock=time.time,
        limiter=None,
    ):
        self.storage = storage
        self.programs = programs
        self.clock = clock
        self.expires_in = min(int(expires_in), EXPIRES_IN)
        self.limiter: Limiter | None = limiter  # None: no limit (tests, trusted callers)

    # ------------------------------------------------------------------ POST /api/uploads
    def create_upload(
        self, body: bytes | str | None, base_url: str = "", client: str | None = None
    ) -> tuple[int, dict]:
        """client: the caller's address, for the announcement rate limit (429 when spent)."""
        if self.limiter is not None and not self.limiter.allow(client):
            wait = self.limiter.retry_after(client)
            refused = error_body("too-many-requests", seconds=wait)
            refused["error"]["retry_after"] = wait  # and the Retry-After header (routes)
            return 429, refused
        try:
            req = json.loads(body or b"")
        except (ValueError, UnicodeDecodeError):
            return _bad("请求正文不是有效的 JSON", "the request body is not valid JSON")
        except RecursionError:  # e.g. 30 000 nested arrays: no request of ours is deeper than 1
            return _bad("请求正文嵌套过深", "the request body is nested too deeply")
        if not isinstance(req, dict):
            return _bad("请求正文必须是 JSON 对象", "the request body must be a JSON object")
        program_id, kind = req.get("program"), req.get("kind")
        filename, size = req.get("filename"), req.get("size")
        if not isinstance(program_id, str) or not _printable(program_id):
            return _bad("program 必须是通知的编号（文字）", "program must be a notice's id (text)")
        if not isinstance(kind, str) or kind not in KIND_WORDS:
            return _bad("kind 必须是 individual 或 group", "kind must be individual or group")
        if (
            not isinstance(filename, str)
            or not filename.strip()
            or len(filename) > 255
            or not _printable(filename)
        ):
            return _bad(
                "filename 必须是 1 至 255 个字符的文件名，不含控制字符",
                "filename must be a file name of 1 to 255 characters, without control characters",
            )
        now = self.clock()
        catalogue = self.programs(days.day_of(now))
        if program_id not in catalogue:
            return 400, error_body("unknown-program", program=program_id[:80])
        program = catalogue[program_id]
        if kind == "group" and not (program.get("packaging") or {}).get("group"):
            return _bad("该通知不接受集体报名", "this notice does not take group applications")
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            return _bad(
                "size 必须是正整数（字节）", "size must be a positive whole number of bytes"
            )
        limit = int(((program.get("upload") or {}).get("max_bytes") or {}).get(kind) or 0)
        if not limit:
            return _bad("该通知未设置上传上限", "this notice has no upload size limit set")
        if size > limit:
            zh, en = KIND_WORDS[kind]
            return 400, error_body(
                "upload-too-large",
                size_mb=f"{size / 2**20:.1f}",
                limit_mb=f"{limit / 2**20:.0f}",
                kind_zh=zh,
                kind_en=en,
            )
        upload_id = secrets.token_hex(20)  # 160 random bits
        meta = {
            "id": upload_id,
            "program": program_id,
            "kind": kind,
            # what the browser announced, kept only to show staff; never a full ID number
            "filename": idnumber.redact(filename),
            "size": size,
            "key": bundle_key(upload_id),
            "created": int(now),
            "expires": int(now + self.expires_in),
        }
        try:
            self.storage.put(meta_key(upload_id), _json(meta))
            form = self.storage.upload_form(
                bundle_key(upload_id), size, self.expires_in, base_url=base_url
            )
        except StorageError as exc:
            log.error("create upload: storage unavailable: %s", exc)
            return 503, error_body("storage-unavailable")
        log.info("upload %s created: program=%s kind=%s size=%d", upload_id, program_id, kind, size)
        return 201, {"id": upload_id, "upload": form, "expires_in": self.expires_in}

    # ------------------------------------------------------------------ GET /api/uploads/{id}
    def status(self, upload_id: str) -> tuple[int, dict]:
        if not ID_RE.match(upload_id or ""):
            return 404, error_body("not-found")
        try:
            meta = self.storage.get(meta_key(upload_id))
            if meta is None:
                return 404, error_body("not-found")
            report = self.storage.get(report_key(upload_id))
        except StorageError as exc:
            log.error("status %s: storage unavailable: %s", upload_id, exc)
            return 503, error_body("storage-unavailable")
        if report is None:
            return 200, {"id": upload_id, "status": "pending", "report": None}
        data = json.loads(report)
        return 200, {
            "id": upload_id,
            "status": "accepted" if data["accepted"] else "rejected",
            "report": _for_status(data),
        }

    # ------------------------------------------------------------------ object created
    def object_created(self, key: str, etag: str | None = None) -> dict | None:
        """Validates a landed bundle; a repeated event for the same object returns the stored
        report unchanged. A form can be posted again before it expires, and S3 then replaces
        the object: an event for an object other than the one judged (another ETag) judges the
        new one, and its report replaces the old, so a verdict always belongs to the bundle
        that is there."""
        match = KEY_RE.match(key)
        if not match:
            log.warning("object created at an unexpected key; ignored")
            return None
        upload_id = match.group(1)
        meta_raw = self.storage.get(meta_key(upload_id))
        if meta_raw is None:
            log.warning("object created for unknown upload %s; kept, not validated", upload_id)
            return None
        existing = self.storage.get(report_key(upload_id))
        landed = self.storage.stat(key)
        if landed is None:
            log.warning("upload %s: object vanished before validation", upload_id)
            return json.loads(existing) if existing is not None else None
        if existing is not None:
            judged = (json.loads(existing).get("object") or {}).get("etag")
            current = etag or landed.get("etag")
            if judged is None or current is None or judged == current:
                return json.loads(existing)
            log.warning(
                "upload %s: the bundle was replaced after its check; judged again", upload_id
            )
        meta = json.loads(meta_raw)
        try:
            report = self._validate(meta, key, landed)
        except StorageError:
            raise  # transient: let the event be retried
        except Exception:  # a bug must not leave the candidate waiting forever
            log.exception("upload %s: validation failed unexpectedly", upload_id)
            report = self._failed(meta, key)
        report["upload_id"] = upload_id
        report["received_at"] = int(self.clock())
        if existing is not None:  # a replaced bundle: this report is the one that holds now
            self.storage.put(report_key(upload_id), _json(report))
        elif not self.storage.put(report_key(upload_id), _json(report), exclusive=True):
            existing = self.storage.get(report_key(upload_id))
            return json.loads(existing) if existing else report
        log.info(
            "upload %s validated: accepted=%s problems=%s",
            upload_id,
            report["accepted"],
            ",".join(sorted({p["code"] for p in report["problems"]})) or "-",
        )
        return report

    def check_failed(self, key: str) -> dict | None:
        """The last word on a bundle whose check died every time it was tried (a timeout, a
        crash): a report that says so, unless one exists. Nothing stays "pending" for ever."""
        match = KEY_RE.match(key)
        if not match or self.storage.get(meta_key(match.group(1))) is None:
            return None
        upload_id = match.group(1)
        existing = self.storage.get(report_key(upload_id))
        if existing is not None:
            return json.loads(existing)
        meta = json.loads(self.storage.get(meta_key(upload_id)))
        report = self._failed(meta, key, code="check-failed")
        report["upload_id"] = upload_id
        report["received_at"] = int(self.clock())
        self.storage.put(report_key(upload_id), _json(report), exclusive=True)
        log.error("upload %s: every check failed; reported for staff", upload_id)
        return report

    def _failed(self, meta: dict, key: str, code: str = "internal-error") -> dict:
        from .bundle import hash_file  # cold start: the validator loads when a bundle lands

        with tempfile.TemporaryDirectory(prefix="landed-") as tmp:
            path = self.storage.local_path(key)
            if path is None:
                path = os.path.join(tmp, "bundle")
                self.storage.download(key, path)
            size, digest = hash_file(path)
        return {
            "program": meta["program"],
            "kind": meta["kind"],
            "accepted": False,
            "sha256": digest,
            "size": size,
            "candidates": [],
            "notes": [],
            "problems": [problem(code)],
        }

    def _validate(self, meta: dict, key: str, landed: dict) -> dict:
        """The bundle judged by its program as in force on the day it landed (China time)."""
        day = days.day_of(landed["landed"])
        program = self.programs(day).get(meta["program"])
        judged = {"etag": landed.get("etag"), "version": landed.get("version")}
        with tempfile.TemporaryDirectory(prefix="landed-") as tmp:
            path = self.storage.local_path(key)
            if path is None:  # exactly the version looked at, where the bucket keeps versions
                path = os.path.join(tmp, "bundle")
                judged = self.storage.download(key, path, judged["version"])
            report = self._judge(meta, path, landed["size"], program)
        report["object"] = judged  # which object this verdict is about (ETag, version)
        return report

    def _judge(self, meta: dict, path: str, size: int, program: dict | None) -> dict:
        from .bundle import check_file, hash_file  # cold start: only when a bundle lands

        if size == 0 or size > int(meta["size"]) or program is None:
            # Defence in depth: the store should have refused this; keep it, reject it.
            real_size, digest = hash_file(path)
            reason = (
                ("文件大小超过声明的大小", "it is larger than the size declared")
                if size > int(meta["size"])
                else ("文件为空", "it is empty")
            )
            if program is None:
                reason = ("通知已不存在", "its notice no longer exists")
            return {
                "program": meta["program"],
                "kind": meta["kind"],
                "accepted": False,
                "sha256": digest,
                "size": real_size,
                "candidates": [],
                "notes": [],
                "problems": [problem("upload-mismatch", reason_zh=reason[0], reason_en=reason[1])],
            }
        return check_file(path, program, meta["kind"])
