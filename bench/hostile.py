"""Hostile bundles: the worst work each can cause, and honest verdicts while they are checked.

Method.
(a) Worst bundles. Each hostile bundle below is generated here (tests/functions/upload_factory),
    written to a temporary file and checked by `python -m functions.upload check FILE --program P`
    in a fresh child process, one at a time; its wall time and peak resident memory (the child's
    own VmHWM: ru_maxrss would count this process's pages) are recorded with the verdict's problem codes. The bound the issue
    sets: every one under 10 s and 256 MB.
(b) Honest verdicts under hostile load. `python -m functions.upload serve` runs in a child process
    on 127.0.0.1 (bench/load.py's Server). Two client threads upload the heaviest hostile bundle
    of (a) over and over (create, signed form POST, poll for the verdict), so two hostile checks
    are in flight all the time; meanwhile one client uploads --honest valid wushen-2024 bundles
    one after another and times each from create to verdict. Reported: p50/p99 of those honest
    latencies, and the same figures with no hostile load, measured first.
Figures are printed and written to bench/out/hostile.json.
Run: .venv/bin/python bench/hostile.py [--honest 30] [--max-seconds 600]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pathlib
import resource
import struct
import sys
import tempfile
import threading
import time
import urllib.parse
import zipfile

REPO = pathlib.Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests" / "functions"))

import hostile_bundles as reviewed  # noqa: E402  (tests/functions: the second review's bundles)
import load  # noqa: E402  (bench/load.py: the server, client, multipart and summary)

from functions.upload import programs as loader  # noqa: E402

factory = load.factory
LIMIT_S, LIMIT_MB = 10.0, 256


def lying_directory(size_mb: int = 45) -> tuple[str, bytes]:
    """One real entry; the central record repeated to fill size_mb MiB; the end record says 1."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a.pdf", factory.pdf())
    blob = out.getvalue()
    eocd = blob.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack("<II", blob[eocd + 12 : eocd + 20])
    record = blob[cd_offset : cd_offset + cd_size]
    directory = record * (size_mb * 2**20 // len(record))
    end = bytearray(blob[eocd:])
    struct.pack_into("<HHII", end, 8, 1, 1, len(directory) & 0xFFFFFFFF, cd_offset)
    return "wushen-2024", blob[:cd_offset] + directory + bytes(end)


def pixel_bomb(count: int = 60, megapixels: int = 40) -> tuple[str, bytes]:
    """count photo-named PNGs of megapixels each (one small, highly compressible image)."""
    from PIL import Image

    side = int((megapixels * 1_000_000) ** 0.5)
    buf = io.BytesIO()
    Image.new("L", (side, side), 255).save(buf, "PNG", optimize=True)
    program = loader.load()["huian-2024"]
    files = factory.individual_files(program)
    for i in range(count):
        name, number = factory.candidate(i)
        files[f"{name}_{number}.jpg"] = buf.getvalue()
    return "huian-2024", factory.zip_bytes(files)


def roster_rows(rows: int = 5000) -> tuple[str, bytes]:
    people = [factory.candidate(i) for i in range(rows)]
    files = {"信息采集表.xlsx": factory.xlsx(people), "某人/身份证.pdf": factory.pdf()}
    return "wushen-2024", factory.zip_bytes(files)


def deflate_bomb(megabytes: int = 1024) -> tuple[str, bytes]:
    """One entry that inflates to `megabytes` MiB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("身份证.pdf", "w", force_zip64=True) as fh:
            chunk = b"%PDF-1.4\n" + bytes(2**20 - 9)
            fh.write(chunk)
            zero = bytes(2**20)
            for _ in range(megabytes - 1):
                fh.write(zero)
    return "wushen-2024", out.getvalue()


def many_entries(count: int = 60_000) -> tuple[str, bytes]:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for i in range(count):
            zf.writestr(f"f{i}.txt", b"")
    return "wushen-2024", out.getvalue()


def nested(depth: int = 20) -> tuple[str, bytes]:
    blob = factory.zip_bytes(factory.individual_files(loader.load()["wushen-2024"]))
    for i in range(depth):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            zf.writestr(f"报名材料{i}.zip", blob)
        blob = out.getvalue()
    return "wushen-2024", blob


def _reviewed(build, *args, **kw):
    def make() -> tuple[str, bytes]:
        program, _, blob = build(*args, **kw)
        return program, blob

    return make


BUNDLES = {
    "45 MiB directory claiming 1 entry": lying_directory,
    "60 PNG photos of 40 megapixels": pixel_bomb,
    "5 000-row roster": roster_rows,
    "1 GiB deflate bomb": deflate_bomb,
    "60 000 empty entries": many_entries,
    "archive nested 20 deep": nested,
    "forged progressive JPEG 14000² ×20": _reviewed(reviewed.forged_jpeg_bundle, count=20),
    "8 RGBA PNGs of 40 MP": _reviewed(reviewed.rgba_png_bundle, count=8),
    "4 unknown entries of 1 GiB": _reviewed(reviewed.inflate_heavy_bundle),
    "4 material entries of 1 GiB": _reviewed(reviewed.inflate_heavy_bundle, materials=True),
    "long names (roster, files)": _reviewed(reviewed.long_names_bundle),
}
GROUP = ("5 000-row roster", "long names (roster, files)")


def check_in_child(path: pathlib.Path, program: str, kind: str = "individual") -> dict:
    """Wall time, the child's own peak memory (VmHWM: ru_maxrss would count this process's
    pages, inherited at fork) and the verdict's problem codes."""
    found = reviewed.check_in_child(path, program, kind, cwd=REPO)
    try:
        report = json.loads(found["report"])
        said = [" ".join(sorted({p["code"] for p in report["problems"]})) or "accepted"]
        said[0] = f"{'accepted' if report['accepted'] else 'refused'}: {said[0]}"
    except ValueError:
        said = found["report"].strip().splitlines()[:1]
    return {k: found[k] for k in ("seconds", "peak_mb", "exit")} | {"said": said}


def upload_once(
    client: load.Client, blob: bytes, deadline: float, program: str = load.PROGRAM
) -> tuple[float, str]:
    start = time.perf_counter()
    request = {"program": program, "kind": "individual", "filename": "b.zip"}
    status, data = client.request(
        "POST",
        "/api/uploads",
        json.dumps({**request, "size": len(blob)}).encode(),
        {"Content-Type": "application/json"},
    )
    created = json.loads(data)
    if status != 201:
        return time.perf_counter() - start, f"create {status}"
    form = created["upload"]
    body, boundary = load.multipart(form["fields"], blob)
    path = urllib.parse.urlsplit(form["url"]).path
    status, _ = client.request(
        "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    if status not in (200, 201, 204):
        return time.perf_counter() - start, f"form {status}"
    while time.monotonic() < deadline:
        status, data = client.request("GET", f"/api/uploads/{created['id']}")
        answer = json.loads(data)
        if answer.get("status") != "pending":
            return time.perf_counter() - start, answer.get("status", "?")
        time.sleep(0.05)
    return time.perf_counter() - start, "no verdict"


def honest_latencies(port: int, blob: bytes, count: int, deadline: float) -> dict:
    client = load.Client(port)
    times, verdicts = [], {}
    for _ in range(count):
        took, verdict = upload_once(client, blob, deadline)
        times.append(took)
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    out = load.summary(times, 0, sum(times))
    out["verdicts"] = verdicts
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--honest", type=int, default=30)
    ap.add_argument("--max-seconds", type=float, default=600)
    args = ap.parse_args(argv)
    deadline = time.monotonic() + args.max_seconds
    print(__doc__.split("Figures are")[0])
    results, worst = {}, None
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in BUNDLES.items():
            program, blob = make()
            path = pathlib.Path(tmp) / ("roster.zip" if "roster" in name else "bundle.zip")
            path.write_bytes(blob)
            found = check_in_child(path, program, "group" if name in GROUP else "individual")
            found["bundle_mb"] = round(len(blob) / 2**20, 2)
            found["met"] = found["seconds"] < LIMIT_S and found["peak_mb"] < LIMIT_MB
            results[name] = found
            print(
                f"  {name:36} {found['bundle_mb']:7.2f} MB  {found['seconds']:6.2f} s  "
                f"{found['peak_mb']:6.1f} MB peak  {'met' if found['met'] else 'NOT MET'}  "
                f"{(found['said'] or [''])[0][:70]}",
                flush=True,
            )
            if worst is None or found["seconds"] > results[worst[0]]["seconds"]:
                worst = (name, program, blob)
        program_name, hostile_program, hostile_blob = worst
        honest_blob = load.make_bundle(0.2)
        with load.Server(pathlib.Path(tmp) / "site", pathlib.Path(tmp) / "store") as server:
            quiet = honest_latencies(server.port, honest_blob, args.honest, deadline)
            stop = threading.Event()
            hostile_done = []

            def hostile_loop():
                client = load.Client(server.port)
                while not stop.is_set() and time.monotonic() < deadline:
                    done = upload_once(client, hostile_blob, deadline, hostile_program)
                    hostile_done.append(done[1])

            hostile_client = [threading.Thread(target=hostile_loop, daemon=True) for _ in (1, 2)]
            for t in hostile_client:
                t.start()
            time.sleep(1.0)  # both hostile checks under way before the honest clock starts
            loaded = honest_latencies(server.port, honest_blob, args.honest, deadline)
            stop.set()
            for t in hostile_client:
                t.join(120)
    figures = {
        "worst_bundles": results,
        "all_met": all(r["met"] for r in results.values()),
        "hostile_used_for_load": program_name,
        "honest_without_load": quiet,
        "honest_with_two_hostile": loaded,
        "hostile_checks_finished": len(hostile_done),
        "cpu": os.cpu_count(),
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
        "peak_rss_of_this_process_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
    }
    print(
        f"\nHonest verdicts ({args.honest} uploads of {len(honest_blob) / 2**20:.1f} MB, one "
        "after another):"
    )
    print(f"  alone:                         p50 {quiet['p50_ms']} ms, p99 {quiet['p99_ms']} ms")
    print(
        f"  with two '{program_name}' checks running: p50 {loaded['p50_ms']} ms, "
        f"p99 {loaded['p99_ms']} ms ({len(hostile_done)} hostile checks finished meanwhile)"
    )
    print(f"  verdicts: {loaded['verdicts']}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "hostile.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False), "utf-8")
    return 0 if figures["all_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
