"""Benchmark: validating a large group bundle, next to `unzip -t` on the same file.

Method. A synthetic group bundle for wushen-2024 (N candidates, one folder each with their PDFs
padded with random bytes so the archive is incompressible like real scans, one roster workbook,
one photo folder) is written to a temporary folder. Then, each best of --repeat runs:
  - `unzip -t -qq FILE` wall time (reads and CRC-checks every entry);
  - `python -m functions.upload check --program wushen-2024 FILE` wall time, end to end (interpreter
    start, data loading, SHA-256 of the file, central-directory vetting, every entry decompressed
    and CRC-checked, photos decoded by Pillow, roster read by openpyxl), and its peak RSS from
    os.wait4 (ru_maxrss of that child alone);
  - check_file() alone in a warm process (programs loaded, Pillow/openpyxl imported): the
    per-bundle cost a warm Lambda pays;
  - importing functions.upload.handler in a fresh interpreter (time.perf_counter around the import),
    and which heavy modules that import pulled in.
Run: .venv/bin/python bench/validate.py [--size-mb 200] [--candidates 50] [--repeat 3]
Needs the `unzip` command (Debian package unzip).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "functions"))

import upload_factory as factory  # noqa: E402

from functions.upload import programs  # noqa: E402


def make_bundle(path: pathlib.Path, size_mb: int, candidates: int) -> int:
    program = programs.load()["wushen-2024"]
    per_candidate_files = len(
        [m for m in factory.required(program) if m["id"] not in ("info-form", "photo")]
    )
    padding = size_mb * (1 << 20) // (candidates * per_candidate_files)
    files = factory.group_files(program, candidates, padding=padding, seed=7)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path.stat().st_size


def timed(cmd: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit code).

    Peak RSS is VmHWM from /proc/PID/status, polled every 5 ms while the child runs: ru_maxrss
    would include the parent's memory, which a (v)forked child inherits before exec.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    status_file = f"/proc/{proc.pid}/status"
    while proc.poll() is None:
        try:
            with open(status_file) as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.005)
    wall = time.perf_counter() - start
    return wall, peak, proc.returncode


def best(cmd: list[str], repeat: int) -> tuple[float, int, int]:
    runs = [timed(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def warm_check(path: pathlib.Path, repeat: int) -> float:
    from functions.upload.bundle import check_file

    program = programs.load()["wushen-2024"]
    check_file(str(path), program)  # first run pays the imports (Pillow, openpyxl)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        check_file(str(path), program)
        times.append(time.perf_counter() - start)
    return min(times)


def import_time(repeat: int) -> tuple[float, str]:
    code = (
        "import sys, time; t = time.perf_counter(); import functions.upload.handler; "
        "d = time.perf_counter() - t; "
        "print(d, ','.join(m for m in ('PIL', 'openpyxl', 'boto3', 'py7zr') if m in sys.modules)"
        " or '-')"
    )
    results = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.split()
        results.append((float(out[0]), out[1]))
    return min(r[0] for r in results), results[-1][1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size-mb", type=int, default=200)
    ap.add_argument("--candidates", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--make", help=argparse.SUPPRESS)
    ap.add_argument("--warm", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.warm:  # per-bundle cost in a warm process, as a warm Lambda pays it
        print(warm_check(pathlib.Path(args.warm), args.repeat))
        return 0
    if args.make:  # runs in a child so the parent stays small (children inherit RSS at fork)
        make_bundle(pathlib.Path(args.make), args.size_mb, args.candidates)
        return 0
    unzip = shutil.which("unzip")
    if unzip is None:
        print("error: the unzip command is missing (apt-get install unzip)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        bundle = pathlib.Path(tmp) / "group.zip"
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--make",
                str(bundle),
                "--size-mb",
                str(args.size_mb),
                "--candidates",
                str(args.candidates),
            ],
            check=True,
        )
        size = bundle.stat().st_size
        made = time.perf_counter() - t0
        u_wall, u_rss, u_code = best([unzip, "-t", "-qq", str(bundle)], args.repeat)
        warm = float(
            subprocess.run(
                [sys.executable, __file__, "--warm", str(bundle), "--repeat", str(args.repeat)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        c_wall, c_rss, c_code = best(
            [
                sys.executable,
                "-m",
                "functions.upload",
                "check",
                "--program",
                "wushen-2024",
                str(bundle),
            ],
            args.repeat,
        )
    imp, heavy = import_time(max(args.repeat, 5))
    ratio = c_wall / u_wall
    warm_ratio = warm / u_wall
    load = os.getloadavg()[0]
    rows = [
        (
            "bundle",
            f"{size / 2**20:.0f} MB, {args.candidates} candidates (made in {made:.1f} s)",
            "",
        ),
        (f"unzip -t (best of {args.repeat})", f"{u_wall:.2f} s", f"exit {u_code}"),
        (
            f"functions.upload check (best of {args.repeat})",
            f"{c_wall:.2f} s",
            f"exit {c_code} (0 = accepted)",
        ),
        (
            f"check_file in a warm process (best of {args.repeat})",
            f"{warm:.2f} s",
            f"{warm_ratio:.2f}x unzip -t; target <= 2x: "
            + ("met" if warm_ratio <= 2 else "MISSED"),
        ),
        (
            "check / unzip -t",
            f"{ratio:.2f}x",
            "target <= 2x: " + ("met" if ratio <= 2 else "MISSED"),
        ),
        (
            "check peak RSS",
            f"{c_rss / 1024:.0f} MB",
            "target < 200 MB: " + ("met" if c_rss < 200 * 1024 else "MISSED"),
        ),
        ("unzip -t peak RSS", f"{u_rss / 1024:.0f} MB", ""),
        (
            "handler import (fresh interpreter)",
            f"{imp * 1000:.0f} ms",
            "target < 300 ms: " + ("met" if imp < 0.3 else "MISSED"),
        ),
        ("heavy modules after handler import", heavy, "want '-' (none)"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)} | value | note")
    print(f"{'-' * width} | ----- | ----")
    for name, value, note in rows:
        print(f"{name.ljust(width)} | {value} | {note}")
    print(
        f"\nmachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, 1-minute load "
        f"average {load:.1f} at the end; method in this script's docstring"
    )
    return 0 if c_code == 0 else 1


if __name__ == "__main__":
    random.seed(0)
    raise SystemExit(main())
