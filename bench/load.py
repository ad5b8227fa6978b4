"""Load on the real local server, over loopback: many create-upload calls, then many 5 MB uploads.

Method. `python -m functions.upload serve` is started in a child process on 127.0.0.1 and a free
port, with a fresh temporary storage folder and an empty site folder (or --site DIR), exactly as a
person runs it. A client thread pool (http.client, one keep-alive connection per thread) then runs:
  (a) --creates POST /api/uploads requests (a valid wushen-2024 individual request) at
      --create-concurrency in flight; each request's latency is wall time from send to full answer;
  (b) --uploads complete uploads at --upload-concurrency in flight, each: create, the signed
      multipart POST of a --upload-mb MB bundle (a valid wushen-2024 individual bundle from the
      test factory, one PDF padded with random bytes, stored uncompressed), then GET the status
      every 0.1 s until the verdict; latency is create to verdict.
Errors are any answer other than the contract's (201, 204, 200) or a transport failure. After the
run the storage folder is counted: every phase-(b) upload must have exactly one report.json, whose
upload_id and sha256 match what was sent, and no temporary file may be left. Everything is bounded:
fixed counts, a 30 s timeout per request, a --max-seconds budget for the whole run; the server is
stopped at the end. Figures are printed as a table and written to bench/out/load.json.
Run: .venv/bin/python bench/load.py [--creates 1000] [--uploads 100] [--upload-mb 5]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import http.client
import json
import os
import pathlib
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zipfile

REPO = pathlib.Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "functions"))

import upload_factory as factory  # noqa: E402

from functions.upload import programs  # noqa: E402
from tests.support.s3server import free_port  # noqa: E402

PROGRAM = "wushen-2024"
TIMEOUT = 30


def make_bundle(size_mb: float) -> bytes:
    """A valid individual bundle of about size_mb MB (random padding in one PDF, stored)."""
    program = programs.load()[PROGRAM]
    files = factory.individual_files(program)
    pdf_name = next(n for n in files if n.endswith(".pdf"))
    room = int(size_mb * 2**20) - sum(len(b) for b in files.values()) - 4096
    files[pdf_name] = factory.pdf(padding=max(room, 0), rng=random.Random(5))
    return factory.zip_bytes(files, compression=zipfile.ZIP_STORED)


class Server:
    """The local server in a child process; stopped (SIGTERM, then SIGKILL) on exit."""

    def __init__(self, site: pathlib.Path, storage: pathlib.Path):
        self.port = free_port()
        cmd = [sys.executable, "-m", "functions.upload", "serve", "--host", "127.0.0.1"]
        cmd += ["--port", str(self.port), "--site", str(site), "--storage", str(storage)]
        # one address stands in for many candidates: no announcement limit, no connection cap
        cmd += ["--announce-limit", "0", "--connections-per-client", "100000"]
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=self.log, text=True
        )
        line = self.proc.stdout.readline()  # "Serving ... at http://127.0.0.1:PORT/ ..."
        if "Serving" not in line:
            self.stop()
            raise SystemExit(f"the server did not start: {line!r}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Client:
    """One keep-alive connection per thread; reconnects when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.local = threading.local()

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        for _ in (1, 2):
            conn = getattr(self.local, "conn", None)
            reused = conn is not None
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
                self.local.conn = conn
            try:
                conn.request(method, path, body=body, headers=headers or {})
                resp = conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    self.local.conn = None
                return resp.status, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()
                self.local.conn = None
                if not reused:  # only a kept-alive connection the server closed is retried
                    raise
        raise AssertionError("unreachable")

    def create(self, size: int) -> tuple[int, dict]:
        body = json.dumps(
            {"program": PROGRAM, "kind": "individual", "filename": "材料.zip", "size": size}
        ).encode()
        status, data = self.request(
            "POST", "/api/uploads", body, {"Content-Type": "application/json"}
        )
        return status, json.loads(data)


def multipart(fields: dict, blob: bytes) -> tuple[bytes, str]:
    boundary = "----load" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.zip"\r\n'
        "Content-Type: application/zip\r\n\r\n".encode()
    )
    return b"".join(parts) + blob + f"\r\n--{boundary}--\r\n".encode(), boundary


def summary(latencies: list[float], errors: int, wall: float) -> dict:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    return {
        "requests": len(latencies) + errors,
        "ok": len(latencies),
        "errors": errors,
        "wall_s": round(wall, 3),
        "throughput_per_s": round(len(latencies) / wall, 1) if wall else None,
        "p50_ms": round(pct(50) * 1000, 1),
        "p99_ms": round(pct(99) * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else None,
    }


def run_creates(client: Client, count: int, concurrency: int, deadline: float) -> dict:
    errors: list[str] = []
    latencies: list[float] = []

    def one(_):
        if time.monotonic() > deadline:
            return None, "time budget spent"
        start = time.perf_counter()
        try:
            status, data = client.create(1000)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            return None, type(exc).__name__
        took = time.perf_counter() - start
        return (took, None) if status == 201 and "id" in data else (None, f"HTTP {status}")

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        for took, err in pool.map(one, range(count)):
            if err:
                errors.append(err)
            else:
                latencies.append(took)
    out = summary(latencies, len(errors), time.perf_counter() - start)
    out["error_kinds"] = sorted(set(errors))
    return out


def run_uploads(
    client: Client, blob: bytes, count: int, concurrency: int, deadline: float
) -> tuple[dict, list[str], dict]:
    errors: list[str] = []
    latencies: list[float] = []
    post_latencies: list[float] = []
    ids: list[str] = []
    verdicts: dict[str, int] = {}

    def one(_):
        start = time.perf_counter()
        try:
            status, created = client.create(len(blob))
            if status != 201:
                return None, f"create HTTP {status}", None, None, None
            form = created["upload"]
            body, boundary = multipart(form["fields"], blob)
            path = urllib.parse.urlsplit(form["url"]).path
            posted = time.perf_counter()
            status, _ = client.request(
                "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
            )
            post_took = time.perf_counter() - posted
            if status not in (200, 201, 204):
                return None, f"form HTTP {status}", created["id"], None, None
            while True:
                status, data = client.request("GET", f"/api/uploads/{created['id']}")
                answer = json.loads(data)
                if status != 200:
                    return None, f"status HTTP {status}", created["id"], None, None
                if answer["status"] != "pending":
                    break
                if time.monotonic() > deadline:
                    return None, "no verdict in the time budget", created["id"], None, None
                time.sleep(0.1)
        except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
            return None, type(exc).__name__, None, None, None
        return time.perf_counter() - start, None, created["id"], answer["status"], post_took

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        for took, err, upload_id, verdict, post_took in pool.map(one, range(count)):
            if upload_id:
                ids.append(upload_id)
            if err:
                errors.append(err)
                continue
            latencies.append(took)
            post_latencies.append(post_took)
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
    wall = time.perf_counter() - start
    out = summary(latencies, len(errors), wall)
    out["error_kinds"] = sorted(set(errors))
    out["verdicts"] = verdicts
    out["mb_per_s"] = round(len(latencies) * len(blob) / 2**20 / wall, 1)
    post = summary(post_latencies, 0, wall)
    out["form_post_p50_ms"], out["form_post_p99_ms"] = post["p50_ms"], post["p99_ms"]
    return out, ids, {"sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob)}


def count_storage(root: pathlib.Path, ids: list[str], sent: dict) -> dict:
    """Nothing lost: one bundle and one matching report per upload, no temp file left."""
    reports = sorted(root.glob("uploads/*/report.json"))
    per_id = {i: len(list((root / "uploads" / i).glob("report*.json"))) for i in ids}
    wrong = []
    for upload_id in ids:
        path = root / "uploads" / upload_id / "report.json"
        bundle = root / "uploads" / upload_id / "bundle"
        if not path.is_file() or not bundle.is_file():
            wrong.append(upload_id)
            continue
        report = json.loads(path.read_text("utf-8"))
        if report.get("upload_id") != upload_id or report.get("sha256") != sent["sha256"]:
            wrong.append(upload_id)
    leftovers = [p.name for p in (root / ".tmp").iterdir()] if (root / ".tmp").is_dir() else []
    return {
        "uploads": len(ids),
        "reports_in_storage": len(reports),
        "uploads_with_exactly_one_report": sum(1 for n in per_id.values() if n == 1),
        "reports_not_matching_bundle": len(wrong),
        "temp_files_left": len(leftovers),
        "nothing_lost": len(reports) == len(ids)
        and all(n == 1 for n in per_id.values())
        and not wrong
        and not leftovers,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--creates", type=int, default=1000)
    ap.add_argument("--create-concurrency", type=int, default=50)
    ap.add_argument("--uploads", type=int, default=100)
    ap.add_argument("--upload-concurrency", type=int, default=100)
    ap.add_argument("--upload-mb", type=float, default=5)
    ap.add_argument("--site", help="a built site folder (default: an empty one)")
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--out", default=str(OUT / "load.json"))
    args = ap.parse_args(argv)
    deadline = time.monotonic() + args.max_seconds

    blob = make_bundle(args.upload_mb)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        tmp = pathlib.Path(tmp)
        site = pathlib.Path(args.site) if args.site else tmp / "site"
        site.mkdir(exist_ok=True)
        store = tmp / "store"
        with Server(site, store) as server:
            client = Client(server.port)
            creates = run_creates(client, args.creates, args.create_concurrency, deadline)
            uploads, ids, sent = run_uploads(
                client, blob, args.uploads, args.upload_concurrency, deadline
            )
        storage = count_storage(store, ids, sent)

    result = {
        "method": __doc__.split("Run:")[0].strip(),
        "machine": {"nproc": os.cpu_count(), "python": sys.version.split()[0]},
        "create_upload": {"concurrency": args.create_concurrency, **creates},
        "upload_and_validate": {
            "concurrency": args.upload_concurrency,
            "bundle_bytes": len(blob),
            **uploads,
        },
        "storage": storage,
    }
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")

    c, u = result["create_upload"], result["upload_and_validate"]
    print(f"{'phase':<34} {'n':>5} {'conc':>5} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'err':>4}")
    print(
        f"{'(a) POST /api/uploads':<34} {c['requests']:>5} {c['concurrency']:>5} "
        f"{c['throughput_per_s']:>7} {c['p50_ms']:>8} {c['p99_ms']:>8} {c['errors']:>4}"
    )
    print(
        f"{f'(b) {args.upload_mb:g} MB create+POST+verdict':<34} {u['requests']:>5} "
        f"{u['concurrency']:>5} {u['throughput_per_s']:>7} {u['p50_ms']:>8} {u['p99_ms']:>8} "
        f"{u['errors']:>4}"
    )
    print(
        f"(b) form POST alone p50/p99: {u['form_post_p50_ms']}/{u['form_post_p99_ms']} ms; "
        f"{u['mb_per_s']} MB/s; verdicts {u['verdicts']}"
    )
    print(
        f"storage: {storage['reports_in_storage']} reports for {storage['uploads']} uploads, "
        f"{storage['uploads_with_exactly_one_report']} with exactly one, "
        f"{storage['reports_not_matching_bundle']} not matching, "
        f"{storage['temp_files_left']} temp files left -> nothing lost: {storage['nothing_lost']}"
    )
    if c["error_kinds"] or u["error_kinds"]:
        print("errors:", c["error_kinds"], u["error_kinds"])
    print(f"method: see the docstring of bench/load.py; figures in {out}")
    ok = c["errors"] == 0 and u["errors"] == 0 and storage["nothing_lost"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
