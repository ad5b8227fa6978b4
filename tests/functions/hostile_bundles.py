"""Hostile bundles an attacker-reviewer built (issue 13), generated at any size: the tests use
small ones, bench/hostile.py the reviewer's own sizes. Each builder returns
(program id, kind, bundle bytes)."""

from __future__ import annotations

import io
import random
import re
import struct
import zlib

import upload_factory as factory

from functions.upload import programs as loader

MiB = 1 << 20


def _programs() -> dict:
    return loader.load()


def patch_sof(jpg: bytes, width: int, height: int) -> bytes:
    """The JPEG with the size in its frame header replaced (the scans stay as they were)."""
    at = 2
    while at < len(jpg):
        marker = jpg[at + 1]
        (length,) = struct.unpack(">H", jpg[at + 2 : at + 4])
        if marker in (0xC0, 0xC1, 0xC2):
            return jpg[: at + 5] + struct.pack(">HH", height, width) + jpg[at + 9 :]
        at += 2 + length
    raise ValueError("no frame header")


def forged_progressive_jpeg(side: int = 14000) -> bytes:
    """A white 64x64 progressive JPEG (4:4:4) whose header claims side x side pixels: libjpeg
    would allocate every coefficient of the claimed size (1.2 GB for 14000)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(
        out, "JPEG", progressive=True, quality=90, subsampling=0
    )
    return patch_sof(out.getvalue(), side, side)


def forged_jpeg_bundle(count: int = 1, side: int = 14000) -> tuple[str, str, bytes]:
    program = _programs()["wushen-2024"]
    files = factory.individual_files(program)
    photo = next(n for n in files if n.upper().endswith(".JPG") and re.search(r"\d{17}", n))
    bomb = forged_progressive_jpeg(side)
    files[photo] = bomb
    for k in range(1, count):  # more photo-shaped names: name_IDnumber.JPG
        name, number = factory.candidate(k)
        files[f"{name}_{number}.JPG"] = bomb
    return "wushen-2024", "individual", factory.zip_bytes(files)


def rgba_png(side: int = 6324) -> bytes:
    """A white RGBA PNG of side x side pixels written by hand: 40 MP in 169 KB at 6324."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\0" + b"\xff" * (side * 4)
    co = zlib.compressobj(9)
    idat = b"".join(co.compress(row) for _ in range(side)) + co.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def rgba_png_bundle(count: int = 1, side: int = 6324) -> tuple[str, str, bytes]:
    files = factory.individual_files(_programs()["huian-2024"])
    del files["照片.jpg"]
    png = rgba_png(side)
    for k in range(count):
        files["照片.png" if count == 1 else f"照片{k}.png"] = png
    return "huian-2024", "individual", factory.zip_bytes(files)


def _deflated(mib: int) -> tuple[bytes, int]:
    """Raw deflate data of `mib` MiB (each MiB: 10 KiB of random bytes after a PDF header, then
    zeros: a ratio of about 85, under the archive's 100:1 limit) and its CRC. One MiB is
    compressed once with a full flush, so the stream is that block repeated."""
    chunk = (b"%PDF-1.4\n" + random.Random(13).randbytes(10 * 1024))[: 10 * 1024]
    chunk += bytes(MiB - len(chunk))
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    return block * mib + b"\x03\x00", crc  # the last, empty, final block


def inflate_heavy_bundle(
    entries: int = 4, mib: int = 1023, materials: bool = False
) -> tuple[str, str, bytes]:
    """A valid wushen-2024 bundle plus `entries` files of `mib` MiB each once inflated, named
    附件k.pdf (unknown files), or, with `materials`, replacing the bundle's PDF materials."""
    files = factory.individual_files(_programs()["wushen-2024"])
    pdfs = [n for n in files if n.lower().endswith(".pdf")]
    comp, crc = _deflated(mib)
    size = mib * MiB
    big = pdfs[:entries] if materials else [f"附件{k}.pdf" for k in range(entries)]
    plain = {n: b for n, b in files.items() if n not in big}
    out, directory, count = io.BytesIO(), io.BytesIO(), 0

    def add(name: bytes, crc: int, data: bytes, size: int) -> None:
        nonlocal count
        offset = out.tell()
        out.write(
            struct.pack(
                "<4sHHHHHIIIHH",
                b"PK\x03\x04",
                20,
                0x800,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(name),
                0,
            )
        )
        out.write(name + data)
        directory.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0x800,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        directory.write(name)
        count += 1

    for name, data in plain.items():
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        add(name.encode(), zlib.crc32(data), co.compress(data) + co.flush(), len(data))
    for name in big:
        add(name.encode(), crc, comp, size)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(
        struct.pack(
            "<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(directory.getvalue()), start, 0
        )
    )
    return "wushen-2024", "individual", out.getvalue()


def long_names_bundle(
    rows: int = 200, chars: int = 10_000, files: int = 30, name_chars: int = 300
) -> tuple[str, str, bytes]:
    """A wushen-2024 group bundle whose roster has `rows` rows of `chars`-character names and
    ID numbers ending in Z, plus `files` unknown .txt and `files` empty .pdf files with names of
    `name_chars` characters."""
    program = _programs()["wushen-2024"]
    bundle = factory.group_files(program, 3)
    roster = next(k for k in bundle if k.endswith(".xlsx") and "/" not in k)
    rng = random.Random(1)
    people = [
        (
            "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(chars)) + str(i),
            factory.valid_id(i)[:-1] + "Z",
        )
        for i in range(rows)
    ]
    bundle[roster] = factory.xlsx(people)
    for i in range(files):
        bundle["文" * name_chars + f"{i}.txt"] = b"hello"
        bundle["空" * name_chars + f"{i}.pdf"] = b""
    return "wushen-2024", "group", factory.zip_bytes(bundle)


# The CLI check in a fresh interpreter, which reports its own peak memory: VmHWM of its own
# address space. ru_maxrss would not do: a forked child counts the parent's pages until exec,
# and Linux keeps that high-water mark across exec.
_CHILD = """
import runpy, sys
sys.argv = ["functions.upload", "check", "--program", sys.argv[1], "--kind", sys.argv[2],
            sys.argv[3]]
try:
    runpy.run_module("functions.upload", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as fh:
        hwm = next(line.split()[1] for line in fh if line.startswith("VmHWM:"))
    print("PEAK_KB", hwm, file=sys.stderr, flush=True)
"""


def check_in_child(path, program: str, kind: str, cwd=None) -> dict:
    """{'report': the CLI's stdout, 'peak_mb', 'seconds', 'exit'} of one check of `path` in a
    fresh `python -m functions.upload check` (run as a module in a new interpreter)."""
    import pathlib
    import subprocess
    import sys
    import time

    repo = pathlib.Path(__file__).resolve().parents[2]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, program, kind, str(path)],
        cwd=cwd or repo,
        capture_output=True,
    )
    took = time.perf_counter() - start
    peak = [
        line.split()[1] for line in done.stderr.decode().splitlines() if line.startswith("PEAK_KB")
    ]
    return {
        "report": done.stdout.decode("utf-8", "replace"),
        "peak_mb": round(int(peak[-1]) / 1024, 1) if peak else float("nan"),
        "seconds": round(took, 2),
        "exit": done.returncode,
    }
