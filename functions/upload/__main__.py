"""Command line: `check` a bundle offline, `serve` the site and upload API locally, `package` for Lambda."""

from __future__ import annotations

import argparse
import json
import os
import sys

from policy import days
from policy.errors import BadDay, PolicyError

from . import programs
from .admin import add_parser, run
from .bundle import check_file
from .package import build
from .server import serve


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with one line, as contract §2 says
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m functions.upload")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("check", help="validate a bundle exactly as the upload function does")
    c.add_argument("--program", required=True)
    c.add_argument("--kind", choices=["individual", "group"])
    c.add_argument(
        "--as-of",
        default=None,
        metavar="YYYY-MM-DD",
        help="judge by the notice as amended on this day (default: today in China), "
        "as the function judges a bundle by the day it arrived",
    )
    c.add_argument("file")
    s = sub.add_parser("serve", help="serve the site at / and the upload API at /api/")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--site", default=None, help="built site folder (default: site/)")
    s.add_argument("--storage", default=None, help="local storage folder (default: uploads/)")
    s.add_argument("--s3-endpoint", default=None)
    s.add_argument("--bucket", default=None)
    s.add_argument(
        "--announce-limit",
        type=int,
        default=30,
        metavar="N",
        help="uploads one client address may announce in 10 minutes (0: no limit)",
    )
    s.add_argument(
        "--connections-per-client",
        type=int,
        default=None,
        metavar="N",
        help="connections one address may hold at once (default 32; raise it behind a proxy)",
    )
    k = sub.add_parser(
        "package", help="assemble the Lambda code folder that template.yaml points at"
    )
    k.add_argument("--out", default="build/lambda")
    add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _check(args)
    if args.command == "serve":
        if args.s3_endpoint and not args.bucket:
            print("error: --s3-endpoint needs --bucket NAME", file=sys.stderr)
            return 2
        if args.bucket and args.storage:
            print(
                "error: choose --storage DIR or --s3-endpoint URL --bucket NAME, not both",
                file=sys.stderr,
            )
            return 2
        return serve(
            host=args.host,
            port=args.port,
            site=args.site,
            storage_dir=args.storage,
            s3_endpoint=args.s3_endpoint,
            bucket=args.bucket,
            announce_limit=args.announce_limit,
            **({"per_client": args.connections_per_client} if args.connections_per_client else {}),
        )
    if args.command == "admin":
        return run(args)
    if args.command == "package":
        try:
            print(build(args.out))
        except PolicyError as exc:  # invalid data is never packaged: say what, one line each
            print(f"error: program data is invalid, nothing packaged:\n{exc}", file=sys.stderr)
            return 1
        return 0
    return 2


def _check(args) -> int:
    try:
        catalogue = programs.on(days.parse(args.as_of) if args.as_of is not None else days.today())
    except BadDay as exc:
        print(f"error: --as-of {exc.en}", file=sys.stderr)
        return 2
    except PolicyError as exc:  # invalid policy data: a usage-level failure, said in one line
        print(f"error: cannot load program data: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    program = catalogue.get(args.program)
    if program is None:
        known = ", ".join(sorted(catalogue))
        print(f"error: unknown program '{args.program}' (known: {known})", file=sys.stderr)
        return 2
    if not os.path.isfile(args.file) or not os.access(args.file, os.R_OK):
        print(f"error: cannot read file '{args.file}'", file=sys.stderr)
        return 2
    try:
        report = check_file(args.file, program, args.kind)
    except OSError as exc:
        print(f"error: cannot read file '{args.file}': {exc.strerror}", file=sys.stderr)
        return 2
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0 if report["accepted"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
