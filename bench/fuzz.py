"""Coverage-guided fuzzing of the bundle validator (atheris / libFuzzer) for a fixed time.

Method. A child process runs atheris with the upload function's modules instrumented for coverage
(functions.upload.*), seeded with valid individual and group bundles of every program from the test
factory plus a few hostile shapes. Each input is written to a file in /dev/shm (or a temp folder)
and given to check_file() exactly as the function does. A "crash" is any exception escaping
check_file, a report with the internal-error safety net or an unknown problem code, or an input
taking longer than --slow seconds; every crashing input is saved to bench/out/fuzz-crash-<sha1>.zip
and fuzzing goes on. libFuzzer stops itself after --seconds (-max_total_time) and reports its run
count; the child also counts executions and problem codes itself. Figures: executions, exec/s,
crashes, codes seen; written to bench/out/fuzz.json.
Without atheris, the same target runs under a seeded random byte-mutation loop instead.
Run: .venv/bin/python bench/fuzz.py [--seconds 60]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "functions"))


def seeds(folder: pathlib.Path) -> int:
    """Valid bundles of every program and a few hostile shapes, as the fuzzer's starting corpus."""
    import zipfile

    import upload_factory as f

    from functions.upload import programs

    catalogue = programs.load()
    blobs = {}
    for pid, program in catalogue.items():
        blobs[f"{pid}-individual"] = f.zip_bytes(f.individual_files(program))
        if (program.get("packaging") or {}).get("group"):
            blobs[f"{pid}-group"] = f.zip_bytes(f.group_files(program, 2))
        blobs[f"{pid}-gbk-names"] = f.zip_bytes(f.individual_files(program), name_encoding="gbk")
    blobs["stored"] = f.zip_bytes({"a/b.pdf": f.pdf()}, compression=zipfile.ZIP_STORED)
    blobs["traversal"] = f.zip_bytes({"../evil.pdf": f.pdf()})
    blobs["empty"] = b"PK\x05\x06" + b"\0" * 18
    folder.mkdir(parents=True, exist_ok=True)
    for name, blob in blobs.items():
        (folder / name).write_bytes(blob)
    return len(blobs)


def child(args) -> None:
    """The fuzzing process: one target, crashes saved, stats written every 2 s."""
    import atheris

    with atheris.instrument_imports(include=["functions.upload"]):
        from functions.upload import bundle, programs
        from functions.upload.problems import MESSAGES

    program = programs.load()[args.program]
    scratch = pathlib.Path("/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir())
    path = scratch / f"fuzz-{os.getpid()}.zip"
    stats = {"executions": 0, "crashes": 0, "codes": {}, "slowest_s": 0.0, "started": time.time()}
    last = [0.0]

    def save(data: bytes, why: str) -> None:
        name = f"fuzz-crash-{hashlib.sha1(data).hexdigest()[:16]}.zip"
        (OUT / name).write_bytes(data)
        (OUT / (name + ".txt")).write_text(why + "\n", "utf-8")
        stats["crashes"] += 1

    def target(data: bytes) -> None:
        path.write_bytes(data)
        start = time.perf_counter()
        try:
            report = bundle.check_file(str(path), program)
        except Exception as exc:  # noqa: BLE001 - exactly what we are hunting
            save(data, f"exception: {type(exc).__name__}: {exc}")
            report = None
        took = time.perf_counter() - start
        stats["executions"] += 1
        stats["slowest_s"] = max(stats["slowest_s"], round(took, 3))
        if took > args.slow:
            save(data, f"slow: {took:.1f} s")
        if report is not None:
            for p in report["problems"]:
                stats["codes"][p["code"]] = stats["codes"].get(p["code"], 0) + 1
                if p["code"] == "internal-error" or p["code"] not in MESSAGES:
                    save(data, f"report code {p['code']}")
        now = time.monotonic()
        if now - last[0] > 2:
            last[0] = now
            pathlib.Path(args.stats).write_text(json.dumps(stats), "utf-8")

    argv = [sys.argv[0], f"-max_total_time={args.seconds}", "-rss_limit_mb=2048"]
    argv += ["-max_len=262144", "-timeout=30", f"-artifact_prefix={OUT}/", args.corpus]
    atheris.Setup(argv, target)
    try:
        atheris.Fuzz()
    finally:
        pathlib.Path(args.stats).write_text(json.dumps(stats), "utf-8")


def fallback(args) -> dict:
    """No atheris: seeded random mutations of the seed corpus, the same target and crash rules."""
    from functions.upload import bundle, programs
    from functions.upload.problems import MESSAGES

    program = programs.load()[args.program]
    corpus = [p.read_bytes() for p in sorted(pathlib.Path(args.corpus).iterdir())]
    rng = random.Random(7)
    stats = {"executions": 0, "crashes": 0, "codes": {}, "slowest_s": 0.0}
    deadline = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "b.zip"
        while time.monotonic() < deadline:
            data = bytearray(rng.choice(corpus))
            for _ in range(rng.randint(1, 8)):
                if data:
                    data[rng.randrange(len(data))] = rng.randrange(256)
            if rng.random() < 0.2:
                data = data[: rng.randrange(len(data) + 1)]
            path.write_bytes(bytes(data))
            start = time.perf_counter()
            try:
                codes = [p["code"] for p in bundle.check_file(str(path), program)["problems"]]
            except Exception as exc:  # noqa: BLE001
                codes = [f"exception:{type(exc).__name__}"]
            stats["slowest_s"] = max(stats["slowest_s"], time.perf_counter() - start)
            stats["executions"] += 1
            for code in codes:
                stats["codes"][code] = stats["codes"].get(code, 0) + 1
                if code == "internal-error" or code not in MESSAGES:
                    name = f"fuzz-crash-{hashlib.sha1(data).hexdigest()[:16]}.zip"
                    (OUT / name).write_bytes(bytes(data))
                    stats["crashes"] += 1
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--program", default="wushen-2024")
    ap.add_argument("--slow", type=float, default=10.0, help="seconds after which an input counts")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--stats", help=argparse.SUPPRESS)
    args, _ = ap.parse_known_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.child:
        child(args)
        return 0

    before = set(OUT.glob("fuzz-crash-*.zip"))
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        corpus = pathlib.Path(tmp) / "corpus"
        count = seeds(corpus)
        stats_file = pathlib.Path(tmp) / "stats.json"
        try:
            import atheris  # noqa: F401

            engine = "atheris " + __import__("importlib.metadata").metadata.version("atheris")
        except ImportError:
            engine = None
        start = time.monotonic()
        if engine:
            cmd = [sys.executable, __file__, "--child", "--seconds", str(args.seconds)]
            cmd += ["--program", args.program, "--slow", str(args.slow)]
            cmd += ["--corpus", str(corpus), "--stats", str(stats_file)]
            proc = subprocess.run(
                cmd, cwd=REPO, capture_output=True, text=True, timeout=args.seconds + 120
            )
            stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
            done = re.search(r"Done (\d+) runs in (\d+) second", proc.stderr)
            cov = re.findall(r"cov: (\d+) ft: (\d+)", proc.stderr)
            stats["libfuzzer_runs"] = int(done.group(1)) if done else None
            stats["coverage_edges"], stats["features"] = map(int, cov[-1]) if cov else (None, None)
            stats["exit_code"] = proc.returncode
            if proc.returncode != 0:
                (OUT / "fuzz-stderr.txt").write_text(proc.stderr[-20000:], "utf-8")
        else:
            engine = "random byte mutations (atheris not installed)"
            stats = fallback(argparse.Namespace(**{**vars(args), "corpus": str(corpus)}))
        wall = time.monotonic() - start
        shutil.rmtree(corpus, ignore_errors=True)

    new = sorted(p.name for p in set(OUT.glob("fuzz-crash-*.zip")) - before)
    executions = stats.get("executions", 0)
    result = {
        "method": __doc__.split("Run:")[0].strip(),
        "engine": engine,
        "program": args.program,
        "seconds": args.seconds,
        "wall_s": round(wall, 1),
        "seed_inputs": count,
        "executions": executions,
        "exec_per_s": round(executions / wall, 1) if wall else None,
        "crashes": stats.get("crashes", 0),
        "crash_files": new,
        "slowest_input_s": round(stats.get("slowest_s", 0.0), 3),
        "codes_seen": dict(sorted(stats.get("codes", {}).items(), key=lambda kv: -kv[1])),
        **{
            k: stats[k]
            for k in ("libfuzzer_runs", "coverage_edges", "features", "exit_code")
            if k in stats
        },
    }
    (OUT / "fuzz.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(f"engine:      {engine} on check_file ({args.program}), {args.seconds} s")
    print(f"executions:  {executions} ({result['exec_per_s']} exec/s), seeds {count}")
    if result.get("coverage_edges") is not None:
        print(f"coverage:    {result['coverage_edges']} edges, {result['features']} features")
    print(f"slowest:     {result['slowest_input_s']} s")
    print(f"codes seen:  {', '.join(f'{k} {v}' for k, v in result['codes_seen'].items())}")
    print(f"crashes:     {result['crashes']}" + (f" saved: {', '.join(new)}" if new else ""))
    if result.get("exit_code") not in (None, 0):
        print(f"fuzzer exit code {result['exit_code']}: see bench/out/fuzz-stderr.txt")
    return 0 if result["crashes"] == 0 and result.get("exit_code") in (None, 0) else 1


if __name__ == "__main__":
    sys.exit(main())
