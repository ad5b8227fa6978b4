"""Staff command line: validate, build, check (and later publish, preview, new-program).

Each command prints a clear message and exits non-zero on bad input; no traceback reaches staff.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from policy import profile as profile_contract
from policy.errors import DataError, PolicyError, ProfileError, UnknownProgram
from policy.programs import DATA_DIR, check_dir, get_program, in_force, load_programs
from policy.rules import evaluate

from . import publish
from .errors import GeneratorError
from .scaffold import new_program


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="政务服务办事员认定通知：校验数据、生成网站、资格自查 / "
        "Certification notices: validate data, build the site, check eligibility.",
    )
    parser.add_argument(
        "--data", type=Path, default=None, help="policy data folder (default: data/)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("validate", help="check every program file and list all problems")

    build = sub.add_parser("build", help="validate, then write the static site")
    build.add_argument(
        "--out", type=Path, default=Path("site"), help="output folder (default: site/)"
    )
    build.add_argument("--as-of", default=None, help="render the site as it reads on YYYY-MM-DD")

    check = sub.add_parser("check", help="eligibility of one candidate profile (JSON)")
    check.add_argument("--program", required=True)
    check.add_argument("--profile", required=True, help="profile JSON file, or - for stdin")

    pub = sub.add_parser("publish", help="build, then upload the site to an S3-compatible bucket")
    pub.add_argument("--bucket", required=True)
    pub.add_argument("--prefix", default="")
    pub.add_argument("--endpoint-url", default=None, help="for MinIO, Ceph, Aliyun OSS...")
    pub.add_argument("--site", type=Path, default=None, help="publish this built folder as is")
    pub.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")

    new = sub.add_parser("new-program", help="start a program file from an existing one")
    new.add_argument("id", help="the new program's id, e.g. xian-2025")
    new.add_argument("--from", dest="from_id", required=True, help="existing program id to copy")

    drafted = sub.add_parser(
        "draft", help="draft a program file from a notice (text, DOCX, PDF or a saved web page)"
    )
    drafted.add_argument("notice", type=Path, help="the notice file")
    drafted.add_argument("--id", required=True, dest="program_id", help="the new program's id")
    drafted.add_argument(
        "--data", type=Path, default=None, dest="draft_data", help="write there (default: data/)"
    )

    prev = sub.add_parser("preview", help="serve the site locally, rebuilt when data changes")
    prev.add_argument("--host", default="127.0.0.1")
    prev.add_argument("--port", type=int, default=8001)

    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DataError as e:
        _print_problems(e)
        return 1


def cmd_validate(args) -> int:
    programs, problems = check_dir(args.data)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if errors:
        _print_problems(DataError(problems))
        return 1
    for p in warnings:
        print(f"  {p}", file=sys.stderr)
    print(
        f"✓ {len(programs)} 个项目数据有效 / {len(programs)} program(s) valid: {', '.join(programs)}"
        + (f"（{len(warnings)} 条提醒 / {len(warnings)} warning(s)）" if warnings else "")
    )
    return 0


def cmd_build(args) -> int:
    from .build import build  # cold start: the site tool's side, only when building

    build(out_dir=args.out, data_dir=args.data, as_of=args.as_of)
    print(f"✓ 网站已生成 / site built: {args.out}/")
    upcoming = next_change(load_programs(args.data), args.as_of)
    if upcoming:
        print(
            f"  下一项修订于 {upcoming} 生效：请在当天重新生成并发布网站（上传检查会按当天的规则判断）/ "
            f"the next amendment applies on {upcoming}: rebuild and publish the site that day "
            "(the upload check judges by that day's rules from then on)"
        )
    return 0


def next_change(programs: dict, as_of: str | None) -> str | None:
    """The first day after as_of on which an amendment changes what the pages say."""
    shown = in_force(programs, as_of)
    dates = [
        a["date"]
        for p in shown.values()
        for a in p.get("amendments") or []
        if a["id"] in p["amendments_upcoming"]
    ]
    return min(dates) if dates else None


def cmd_check(args) -> int:
    """Contract §1: JSON on stdout, exit 0; exit 2 with one line on stderr for bad input."""
    try:
        raw = sys.stdin.read() if args.profile == "-" else Path(args.profile).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return _usage(f"cannot read profile {args.profile!r}: {e}")
    try:
        profile = json.loads(raw)
    except json.JSONDecodeError as e:
        return _usage(f"profile is not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}")
    except RecursionError:
        return _usage("profile is nested far deeper than any profile can be")
    try:
        profile_contract.validate(profile)
        program = get_program(args.program, args.data)
    except (ProfileError, UnknownProgram) as e:
        return _usage(str(e))
    # The browser evaluates the values in force today; so does the command line.
    program = in_force({program["id"]: program})[program["id"]]
    json.dump(evaluate(program, profile), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def cmd_publish(args) -> int:
    """Contract §4: refuses invalid data; changed files only; stale files removed last."""
    from botocore.exceptions import BotoCoreError, ClientError  # cold start: boto3

    load_programs(args.data, publish=True)  # DataError -> printed, exit 1: nothing published
    site = args.site
    if site is None:
        from .build import build  # cold start: the site tool's side

        # A dry run shows the plan for a fresh build without replacing the local site/.
        site = (
            Path(tempfile.mkdtemp(prefix="publish-dry-run-")) / "site"
            if args.dry_run
            else Path("site")
        )
        build(out_dir=site, data_dir=args.data)
    if not (site / "index.html").is_file():
        print(f"error: {site}/ holds no built site (index.html missing)", file=sys.stderr)
        return 1
    try:
        plan = publish.publish(
            site, publish.client(args.endpoint_url), args.bucket, args.prefix, dry_run=args.dry_run
        )
    except (BotoCoreError, ClientError) as e:
        print(
            f"✗ 发布失败，存储桶无法访问 / publishing failed, bucket unreachable: {e}",
            file=sys.stderr,
        )
        return 1
    print(("(dry run) " if args.dry_run else "") + plan.as_text())
    return 0


def cmd_new_program(args) -> int:
    data_dir = args.data or DATA_DIR
    target = new_program(args.id, args.from_id, data_dir)
    print(
        f"✓ 已创建 / created {target} and {args.id}.notice.txt\n"
        "下一步 / next:\n"
        f"  1. 把新通知全文粘贴进 / paste the new notice's full text into {data_dir}/{args.id}.notice.txt\n"
        f"  2. 逐项修改 / edit every value in {target} (文号 document number, 日期 dates, 费用 fees…)\n"
        "  3. python -m generator validate  →  python -m generator preview"
    )
    _, problems = check_dir(args.data)
    for p in problems:
        if p.severity == "warning" and p.file.endswith(f"{args.id}.yaml"):
            print(f"⚠ {p.zh} / {p.en}")
    return 0


def cmd_draft(args) -> int:
    from .draft import DraftError, draft  # cold start: the notice readers only when drafting

    data_dir = args.draft_data or args.data or DATA_DIR
    try:
        result = draft(args.notice, args.program_id, data_dir)
    except DraftError as e:
        print(f"✗ {e.zh} / {e.en}", file=sys.stderr)
        return 2
    errors = [p for p in result["problems"] if p.severity == "error"]
    if errors:  # a draft always loads; if not, say so plainly rather than leave a broken file
        _print_problems(DataError(errors))
        return 1
    todos = result["todos"]
    # --data goes before the subcommand: `python -m generator --data DIR validate`
    where = "" if Path(data_dir) == Path(DATA_DIR) else f"--data {data_dir} "
    print(
        f"✓ 草稿已写好 / draft written: {result['yaml']} and {result['text'].name} "
        f"(read as {result['kind'].upper()})\n"
        f"  {todos} 处标着 !todo，待对照通知核对 / {todos} value(s) marked !todo to check against the notice\n"
        "下一步 / next:\n"
        f"  1. python -m generator {where}preview        预览 / look at the pages\n"
        f"  2. 逐个核对 !todo 并删去标记 / check each !todo in {result['yaml'].name}, then delete the mark\n"
        f"  3. python -m generator {where}validate       直到没有 [todo] / until no [todo] is left\n"
        "  4. python -m generator publish …      发布 / publish (refused while a !todo remains)"
    )
    return 0


def cmd_preview(args) -> int:
    from .preview import preview  # cold start: watchdog and the site tool

    return preview(args.data, args.host, args.port)


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _print_problems(e: DataError) -> None:
    count = len(e.problems)
    print(f"✗ 数据有 {count} 处问题 / {count} problem(s) in the policy data:", file=sys.stderr)
    for p in e.problems:
        print(f"  {p}", file=sys.stderr)


COMMANDS = {
    "validate": cmd_validate,
    "build": cmd_build,
    "check": cmd_check,
    "publish": cmd_publish,
    "new-program": cmd_new_program,
    "preview": cmd_preview,
    "draft": cmd_draft,
}

if __name__ == "__main__":
    try:
        sys.exit(main())
    except (
        GeneratorError,
        PolicyError,
    ) as e:  # a last guard: staff see a message, never a traceback
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
