"""`python -m functions.upload admin list|show|download|export`: what was received, for staff.

Reads the same objects the function writes (uploads/<id>/upload.json, bundle, report.json) on
either backend, so staff no longer copy reports into a sheet by hand. Nothing here writes to the
store. Output is redacted once more on the way out (ID-number-shaped text masked, control
characters dropped): reports are already masked, but an announced file name is the candidate's.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pathlib
import sys
import tempfile

from policy import days
from policy.errors import PolicyError

from . import programs
from .admin_records import (
    KIND_WORDS,
    STATUS_WORDS,
    STATUSES,
    candidates,
    clean_text,
    problems,
    read_upload,
    records,
    stream,
    time_text,
    verdict_text,
)
from .admin_sheet import workbook
from .api import ID_RE, bundle_key
from .storage import LocalStorage, S3Storage, StorageError

SHOWN_CANDIDATES = 5  # per line in `list`; `show` and `export` carry them all

# code -> (exit status, zh, en): every message the admin commands can end with, in one place.
MESSAGES = {
    "usage": (
        2,
        "命令用法不对：{detail}。运行 python -m functions.upload admin --help 查看用法",
        "wrong usage: {detail}. Run python -m functions.upload admin --help",
    ),
    "data": (2, "无法读取通知数据：{detail}", "cannot load the program data: {detail}"),
    "unknown-program": (
        2,
        "没有编号为“{program}”的通知（现有：{known}）",
        "no program has the id '{program}' (known: {known})",
    ),
    "bad-id": (
        2,
        "“{id}”不是上传编号（40 位十六进制字符，见 admin list）",
        "'{id}' is not an upload id (40 hex characters, see admin list)",
    ),
    "unknown-id": (
        2,
        "找不到上传编号 {id}（请用 admin list 查看）",
        "no upload has the id {id} (see admin list)",
    ),
    "other-program": (
        2,
        "上传 {id} 属于通知“{actual}”，不属于“{program}”",
        "upload {id} belongs to program '{actual}', not '{program}'",
    ),
    "no-folder": (
        2,
        "存储文件夹“{path}”不存在，请检查 --storage 路径",
        "the storage folder '{path}' does not exist; check --storage",
    ),
    "storage": (
        1,
        "无法读取存储（{detail}），请检查网络、地址和存储桶名称后重试",
        "cannot read the storage ({detail}); check the network, endpoint and bucket, "
        "then try again",
    ),
    "no-bundle": (
        1,
        "上传 {id} 还没有收到文件，没有可下载的内容",
        "upload {id} has no file yet, so there is nothing to download",
    ),
    "exists": (
        1,
        "“{path}”已存在，未覆盖。请删除它或换一个位置",
        "'{path}' already exists and was not overwritten; remove it or choose another place",
    ),
    "os-error": (1, "无法读写“{path}”（{detail}）", "cannot read or write '{path}' ({detail})"),
    "cannot-write": (1, "无法写入“{path}”（{detail}）", "cannot write '{path}' ({detail})"),
    "not-xlsx": (
        2,
        "导出文件名须以 .xlsx 结尾（现为“{path}”）",
        "the export file name must end in .xlsx (got '{path}')",
    ),
    "truncated": (
        0,
        "注意：只读取了前 {count} 个上传，其余未读取，下面的列表不完整",
        "WARNING: only the first {count} uploads were read; the list below is NOT complete",
    ),
    "expired": (
        0,
        "另有 {count} 个登记在表单过期后一直没有收到文件，已不列出",
        "{count} more announced uploads never received a file before their form expired and "
        "are not listed",
    ),
    "replaced": (
        1,
        "上传 {id} 的文件在检查之后被替换，存储中已没有被检查的那个版本；新文件会重新检查，"
        "请在新的检查结果出来后再下载",
        "the file of upload {id} was replaced after its check and the checked version is no "
        "longer stored; the new file is checked again: download it once its new verdict is in",
    ),
    "unreadable": (
        0,
        "上传 {id} 的记录已损坏，无法读取（存储中的文件保持原样）",
        "the record of upload {id} is damaged and cannot be read (the stored files are untouched)",
    ),
    "nothing": (
        0,
        "通知“{program}”还没有{status}上传。",
        "No {status_en}uploads for program '{program}' yet.",
    ),
    "hash-mismatch": (
        1,
        "下载的文件与报告中的 SHA-256 不一致，已删除；请重试",
        "the downloaded file does not match the report's SHA-256 and was removed; try again",
    ),
}


class AdminError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def say(code: str, **params) -> str:
    """One line, Chinese then English, as every bad-input message in the project."""
    _, zh, en = MESSAGES[code]
    clean = {k: clean_text(str(v)) for k, v in params.items()}
    return f"{zh.format(**clean)} / {en.format(**clean)}"


def _warn(code: str, **params) -> None:
    print(say(code, **params), file=sys.stderr)


# ---------------------------------------------------------------------------- commands
def cmd_list(storage, args, out) -> int:
    found = records(storage, args.program, args.status, warn=_warn)
    if not found:
        zh, en = STATUS_WORDS[args.status] if args.status else ("", "")
        zh = f"{zh}的" if zh else ""
        print(
            say("nothing", program=args.program, status=zh, status_en=f"{en} " if en else ""),
            file=out,
        )
        return 0
    print(
        "# 编号 id | 时间 time (UTC+8) | 类型 kind | 状态 status | 问题 problems | 考生 candidates",
        file=out,
    )
    for rec in found:
        people = candidates(rec)
        shown = ", ".join(
            f"{c.get('name')} {c.get('id_number_masked')}" for c in people[:SHOWN_CANDIDATES]
        )
        if len(people) > SHOWN_CANDIDATES:
            shown += f" …(+{len(people) - SHOWN_CANDIDATES})"
        if rec["status"] == "pending" and rec.get("bundle_size") is None:
            shown = "（尚未收到文件 no file yet）"
        n = len(problems(rec))
        line = "  ".join(
            [
                rec["id"],
                time_text(rec["meta"].get("created")),
                rec["meta"].get("kind", "-"),
                rec["status"],
                f"{n} problem{'s' if n != 1 else ''}" if rec["report"] else "-",
                shown or "-",
            ]
        )
        print(clean_text(line), file=out)
    return 0


def _get(storage, args) -> dict:
    if not ID_RE.match(args.id or ""):
        raise AdminError("bad-id", id=args.id)
    rec = read_upload(storage, args.id, need_bundle=True)
    if rec is None or rec.get("unreadable"):
        raise AdminError("unknown-id" if rec is None else "unreadable", id=args.id)
    actual = rec["meta"].get("program")
    if args.program and actual != args.program:
        raise AdminError("other-program", id=args.id, actual=actual, program=args.program)
    return rec


def cmd_show(storage, args, out) -> int:
    rec = _get(storage, args)
    langs = ("zh", "en") if args.lang == "both" else (args.lang,)
    meta, report = rec["meta"], rec["report"] or {}
    zh_kind, en_kind = KIND_WORDS.get(meta.get("kind"), ("?", "?"))
    lines = [
        f"上传 upload {rec['id']}",
        f"  通知 program: {meta.get('program')}    类型 kind: {zh_kind} {en_kind}",
        f"  申请时间 announced: {time_text(meta.get('created'))} (UTC+8)    "
        f"文件名 file name: {meta.get('filename')}    声明大小 declared size: {meta.get('size')} B",
        f"  收到文件 file received: {'是 yes' if rec.get('bundle_size') is not None else '否 no'}"
        + (f" ({rec['bundle_size']} B)" if rec.get("bundle_size") is not None else ""),
        f"  状态 status: {verdict_text(rec['status'])}",
    ]
    if rec["report"]:
        lines.append(
            f"  检查时间 checked: {time_text(report.get('received_at'))} (UTC+8)    "
            f"SHA-256: {report.get('sha256')}"
        )
        lines.append(f"考生 candidates ({len(candidates(rec))}):")
        lines += [f"  - {c.get('name')}  {c.get('id_number_masked')}" for c in candidates(rec)]
        lines.append(f"问题 problems ({len(problems(rec))}):")
        for p in problems(rec):
            lines.append(
                f"  - {p.get('code')} [{p.get('severity')}]"
                + (f"  {p['path']}" if p.get("path") else "")
            )
            lines += [f"      {lang}: {(p.get('message') or {}).get(lang, '')}" for lang in langs]
        notes = report.get("notes") or []
        if notes:
            lines.append(f"说明 notes ({len(notes)}):")
            for n in notes:
                lines.append(f"  - {n.get('code')}")
                lines += [
                    f"      {lang}: {(n.get('message') or {}).get(lang, '')}" for lang in langs
                ]
    for line in lines:
        print(clean_text(line), file=out)
    return 0


def _place(tmp: str, target: pathlib.Path) -> None:
    """Makes `tmp` appear whole at `target`, never replacing an existing file."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise AdminError("exists", path=target) from None
    except OSError:  # a filesystem without hard links: check, then rename
        if target.exists():
            raise AdminError("exists", path=target) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _temp_beside(target: pathlib.Path) -> str:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".admin-", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise AdminError("cannot-write", path=target, detail=exc.strerror) from None
    os.close(fd)
    return tmp


def cmd_download(storage, args, out) -> int:
    rec = _get(storage, args)
    if rec.get("bundle_size") is None:
        raise AdminError("no-bundle", id=rec["id"])
    target = pathlib.Path(args.out) / f"{rec['id']}.zip"  # the id only: never a candidate's name
    if target.exists():
        raise AdminError("exists", path=target)
    tmp = _temp_beside(target)
    try:
        judged = (rec["report"] or {}).get("object") or {}  # exactly the version judged
        got = storage.download(bundle_key(rec["id"]), tmp, version=judged.get("version"))
        digest = hashlib.sha256()
        with open(tmp, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        expected = (rec["report"] or {}).get("sha256")
        if expected and digest.hexdigest() != expected:
            if judged.get("etag") and (got or {}).get("etag") not in (None, judged["etag"]):
                raise AdminError("replaced", id=rec["id"])
            raise AdminError("hash-mismatch")
        _place(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    print(f"{target}  sha256={digest.hexdigest()}", file=out)
    return 0


def cmd_export(storage, args, out) -> int:

    target = pathlib.Path(args.out)
    if target.suffix.lower() != ".xlsx":
        raise AdminError("not-xlsx", path=target)
    if target.exists():
        raise AdminError("exists", path=target)
    # Streamed: records are read a batch at a time and written as they come (bounded memory).
    wb = workbook(args.program, stream(storage, args.program, warn=_warn))
    tmp = _temp_beside(target)
    try:
        wb.save(tmp)
        _place(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    rows, uploads = wb.counts
    print(f"{target}  考生行 candidate rows: {rows}  上传 uploads: {uploads}", file=out)
    return 0


COMMANDS = {"list": cmd_list, "show": cmd_show, "download": cmd_download, "export": cmd_export}


# ---------------------------------------------------------------------------- command line
def _usage_error(parser, message):  # one line; the message points at --help
    print(say("usage", detail=message), file=sys.stderr)
    raise SystemExit(2)


def _bilingual(parser):
    parser.error = lambda message: _usage_error(parser, message)
    return parser


def add_parser(sub) -> None:
    """Adds `admin` and its four commands to the module's command line."""
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument("--storage", help="local storage folder (default: uploads/)")
    store.add_argument("--s3-endpoint", help="S3-compatible endpoint URL")
    store.add_argument("--bucket", help="bucket name (S3)")
    admin = _bilingual(sub.add_parser("admin", help="staff: what was received"))
    cmds = admin.add_subparsers(dest="admin_command", required=True)

    def command(name, help_, program_required):
        p = _bilingual(cmds.add_parser(name, help=help_, parents=[store]))
        p.add_argument("--program", required=program_required)
        return p

    p = command("list", "one line per upload, newest first", True)
    p.add_argument("--status", choices=STATUSES)
    p = command("show", "what was announced and the report", False)
    p.add_argument("id")
    p.add_argument("--lang", choices=["zh", "en", "both"], default="both")
    p = command("download", "the bundle as DIR/<id>.zip", False)
    p.add_argument("id")
    p.add_argument("--out", required=True, metavar="DIR")
    p = command("export", "an Excel workbook, one row per candidate", True)
    p.add_argument("--out", required=True, metavar="FILE.xlsx")


def open_storage(args):
    if args.s3_endpoint and not args.bucket:
        raise AdminError("usage", detail="--s3-endpoint needs --bucket NAME")
    if args.bucket and args.storage:
        raise AdminError("usage", detail="choose --storage DIR or --s3-endpoint URL --bucket NAME")
    if args.bucket:
        return S3Storage(args.bucket, endpoint_url=args.s3_endpoint)
    root = pathlib.Path(args.storage or pathlib.Path(__file__).resolve().parents[2] / "uploads")
    if not root.is_dir():
        raise AdminError("no-folder", path=root)
    return LocalStorage(root)


def run(args, out=None) -> int:
    out = out or sys.stdout
    try:
        if args.program is not None:
            try:
                known = programs.on(days.today())
            except PolicyError as exc:  # invalid policy data: said in one line, as `check` does
                raise AdminError("data", detail=str(exc).splitlines()[0][:200]) from None
            if args.program not in known:
                raise AdminError(
                    "unknown-program", program=args.program, known=", ".join(sorted(known))
                )
        storage = open_storage(args)
        return COMMANDS[args.admin_command](storage, args, out)
    except AdminError as exc:
        print(say(exc.code, **exc.params), file=sys.stderr)
        return MESSAGES[exc.code][0] or 1
    except StorageError as exc:
        print(
            say("storage", detail=str(exc).splitlines()[0][:200] if str(exc) else "-"),
            file=sys.stderr,
        )
        return 1
    except OSError as exc:  # the staff machine's own disk or folder
        where = exc.filename or args.__dict__.get("out") or "-"
        print(say("os-error", path=where, detail=exc.strerror or exc), file=sys.stderr)
        return 1
    except Exception as exc:  # botocore config/credential errors and the like: one line, no trace
        if type(exc).__module__.startswith(("botocore", "boto3", "urllib3")):
            print(say("storage", detail=type(exc).__name__), file=sys.stderr)
            return 1
        raise
