"""Real files for the tools' browser tests, made here with Pillow and openpyxl: a photo under or
over a program's limit, PDFs, a filled form; and the real local server (site + API) in a subprocess.

Every ID number is synthetic with a correct GB 11643 check digit.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
PEOPLE = [("张三", "150627199003070"), ("李四", "350521198811230"), ("王五", "110101199501011")]


def id_number(index: int) -> str:
    body = PEOPLE[index][1] + f"{index + 1:02d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def jpeg(target_bytes: int | None = None, width: int = 350, height: int = 490) -> bytes:
    """A 2-inch-proportioned JPEG; with target_bytes, noisy enough to land just above that size."""
    from PIL import Image, ImageDraw

    if target_bytes is None:
        im = Image.new("RGB", (width, height), (255, 255, 255))
        d = ImageDraw.Draw(im)
        d.ellipse((width * 0.25, height * 0.2, width * 0.75, height * 0.65), fill=(90, 60, 50))
        out = io.BytesIO()
        im.save(out, "JPEG", quality=60)
        return out.getvalue()
    noise = Image.merge("RGB", [Image.effect_noise((width, height), 40)] * 3)
    for quality in range(5, 96, 2):
        out = io.BytesIO()
        noise.save(out, "JPEG", quality=quality)
        if out.tell() >= target_bytes:
            return out.getvalue()
    raise AssertionError("could not make a photo that large")


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def xlsx(rows: list[tuple[str, str]], headers=("序号", "姓名", "身份证号码")) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for i, (name, number) in enumerate(rows, start=1):
        ws.append([i, name, number])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def file_for(material: dict, folder: Path, person: tuple[str, str]) -> Path:
    """A real file this material accepts, under the program's size limit, named as a phone or
    scanner would name it (the builder renames it)."""
    formats = material["formats"]
    if material.get("photo") is not None:
        path = folder / (
            f"{person[0]}_{person[1]}.JPG" if material.get("naming") else "IMG_0001.JPG"
        )
        data = jpeg()
        assert len(data) < (material.get("max_bytes") or 1 << 30)
    elif "pdf" in formats:
        path, data = folder / f"scan_{material['id']}.pdf", pdf()
    elif "xlsx" in formats:
        path, data = folder / f"form_{material['id']}.xlsx", xlsx([person])
    else:
        raise AssertionError(f"no test file for {formats}")
    path.write_bytes(data)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def local_server(site: Path, storage: Path, programs: Path | None = None):
    """`python -m functions.upload serve` in a subprocess: the built site and the API on one origin
    (the programs of `programs`, a data folder, when given; else data/)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "functions.upload",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--site",
            str(site),
            "--storage",
            str(storage),
            "--announce-limit",  # one address (this test run) announces many bundles
            "0",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            **({"PROGRAMS_DIR": str(programs)} if programs else {}),
        },
    )
    log: list[str] = []
    listening, ended = threading.Event(), threading.Event()

    def read_log():  # drained all along, so the server never blocks on a full pipe
        for line in proc.stdout:
            log.append(line.decode("utf-8", "replace"))
            if line.startswith(b"Serving"):  # printed once the socket listens
                listening.set()
        ended.set()
        listening.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        if not listening.wait(30):
            raise AssertionError("the local server did not start within 30 s")
        if ended.is_set() and not any(line.startswith("Serving") for line in log):
            raise AssertionError("the local server stopped:\n" + "".join(log))
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(10)
        proc.stdout.close()


def check(program: str, kind: str, bundle: Path) -> tuple[int, dict]:
    """The upload function's own validation (contract §2) on a bundle."""
    import json

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "functions.upload",
            "check",
            "--program",
            program,
            "--kind",
            kind,
            str(bundle),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run.returncode, json.loads(run.stdout)
