"""Preview for staff: the site as it will read, rebuilt whenever a data file changes.

MkDocs' own server does the serving and tells the browser to reload; this module only keeps
its input folder current. A data error replaces every page with the list of problems (and
prints it), so the person editing sees it wherever they are looking; fixing the file brings
the pages back.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from policy.errors import DataError, PolicyError
from policy.programs import DATA_DIR, load_programs

from . import build
from .errors import GeneratorError

DEBOUNCE_S = 0.3


def error_page(problems) -> str:
    lines = [
        "# 数据有错误 · Data error",
        "",
        '!!! danger "请修改后保存，页面会自动刷新 · Fix and save: this page reloads by itself"',
        "",
    ]
    for p in problems:
        lines.append(f"    - `{p.file}:{p.line}:{p.column}` **{p.path or '—'}** — {p.zh} / {p.en}")
    return "\n".join(lines) + "\n"


def sync(source: Path, target: Path) -> int:
    """Make target's files equal source's, writing only what differs; return files changed."""
    changed = 0
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for rel in sorted(wanted):
        src, dst = source / rel, target / rel
        if dst.is_file() and filecmp.cmp(src, dst, shallow=False):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(dst.name + ".tmp")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
        changed += 1
    for old in sorted(p for p in target.rglob("*") if p.is_file()):
        if old.relative_to(target) not in wanted:
            old.unlink()
            changed += 1
    return changed


def refresh(served: Path, data_dir: Path | None) -> list:
    """Bring the served input up to date; return the data problems (empty when valid)."""
    try:
        programs = load_programs(data_dir)
    except DataError as e:
        for page in served.rglob("*.md"):
            page.write_text(error_page(e.problems), encoding="utf-8")
        return e.problems
    with tempfile.TemporaryDirectory(prefix=build.STAGE_PREFIX, dir=build.staging_parent()) as tmp:
        build.stage(programs, Path(tmp), data_dir)
        sync(Path(tmp), served)
    return []


def report(problems) -> None:
    stamp = time.strftime("%H:%M:%S")
    if problems:
        print(f"[{stamp}] ✗ {len(problems)} problem(s) / 处问题:", file=sys.stderr, flush=True)
        for p in problems:
            print(f"  {p}", file=sys.stderr, flush=True)
    else:
        print(f"[{stamp}] ✓ 已更新 / updated", flush=True)


def watch(paths: list[Path], on_change) -> object:
    """Call on_change (debounced) when anything under paths changes."""
    from watchdog.events import FileSystemEventHandler  # cold start: only when previewing
    from watchdog.observers import Observer

    timer: list[threading.Timer | None] = [None]

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in ("opened", "closed_no_write") or event.is_directory:
                return
            if timer[0] is not None:
                timer[0].cancel()
            timer[0] = threading.Timer(DEBOUNCE_S, on_change)
            timer[0].daemon = True  # Ctrl-C never waits for a rebuild under way
            timer[0].start()

    observer = Observer()
    for path in paths:
        if path.exists():
            observer.schedule(Handler(), str(path), recursive=True)
    observer.start()
    return observer


def preview(data_dir: Path | None = None, host: str = "127.0.0.1", port: int = 8001) -> int:
    # Ctrl-C (SIGINT) stops the preview even when it was started with SIGINT ignored, as a
    # background job of a non-interactive shell inherits it (`serve` does the same).
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
    build.STAGING_ROOT.mkdir(exist_ok=True)
    served = build.STAGING_ROOT / f"preview-{port}"
    shutil.rmtree(served, ignore_errors=True)
    served.mkdir(parents=True)
    try:
        programs = load_programs(data_dir)
        build.stage(programs, served, data_dir)
    except DataError as e:
        report(e.problems)
        return 1
    except (GeneratorError, PolicyError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    lock = threading.Lock()

    def on_change():
        with lock:
            report(refresh(served, data_dir))

    watched = [Path(data_dir or DATA_DIR), build.DOCS, Path(__file__).parent / "templates"]
    observer = watch(watched, on_change)
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-q", "-f", str(served / "mkdocs.yml")]
    cmd += ["-a", f"{host}:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    print(f"预览 / preview: http://{host}:{port}/  (Ctrl-C 停止 / to stop)", flush=True)
    server = subprocess.Popen(cmd, cwd=served, env=env)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=10)
        return 0
    finally:
        observer.stop()
        shutil.rmtree(served, ignore_errors=True)
