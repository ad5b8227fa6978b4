"""Build the public site: validate data, write Markdown, let the site tool render, swap in.

The generator only writes Markdown and assets into a staging folder; the site tool (MkDocs
today, configured entirely by the root mkdocs.yml) turns it into HTML. The finished site
replaces ``out_dir`` in one rename, so a failed build never leaves a half-built site behind:
invalid data stops before anything is written, and a failed render leaves the old site as is.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policy import days
from policy.errors import BadDay
from policy.programs import DATA_DIR, in_force, load_programs

from .errors import GeneratorError
from .questions import ENGINE_FILE, engine_script
from .questions import words_file as selfcheck_words_file
from .questions import words_script as selfcheck_words_script
from .site import feeds, history
from .site.context import tools
from .site.render import render_site
from .site.text import LANGS

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
ASSETS = Path(__file__).parent / "assets"
STAGING_ROOT = ROOT / "build"
STAGE_PREFIX = "certnotice-stage-"
# The staged Markdown (thousands of small files, read once by the site tool, then deleted) is
# kept in memory when the machine has a RAM-backed folder with this much room: creating files
# on disk costs more CPU in the kernel than rendering them (see bench/README.md).
MEMORY_STAGING = Path("/dev/shm")
MEMORY_STAGING_MIN_FREE = 1 << 30
STALE_STAGING_SECONDS = 24 * 3600
# What the site tool must find beside the staged docs: the config and the theme overrides.
CONFIG_SIDECARS = ("overrides",)


class BuildError(GeneratorError):
    """The site tool failed; carries its own output so staff see why."""

    def __init__(self, zh: str, en: str, detail: str = ""):
        self.zh, self.en, self.detail = zh, en, detail
        super().__init__(f"{zh} / {en}" + (f"\n{detail}" if detail else ""))


def stage(
    programs: dict[str, dict], staging: Path, data_dir: Path | None, *, as_of: str | None = None
) -> Path:
    """Write the site tool's input: config, hand-written docs, generated pages, rules, assets."""
    source_dir = Path(data_dir or DATA_DIR)
    for program in programs.values():
        source = source_dir / program["notice"]["source"]
        if not source.is_file():
            raise BuildError(
                f"找不到通知原文 {source}（notice.source）：请把通知全文放在该文件中。",
                f"the notice text {source} (notice.source) is missing: put the notice's full "
                "text in that file.",
            )
    docs = staging / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns(".*"))
    if ASSETS.is_dir():
        # Assets are files, never pages: a library's README.md must not become one.
        shutil.copytree(
            ASSETS, docs / "assets", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md")
        )
    for name in CONFIG_SIDECARS:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, staging / name)
    # Pages show each value as in force on the build date (or --as-of), with its history.
    day = as_of or days.today()
    shown = in_force(programs, day)
    for program in shown.values():
        program["last_changed"] = history.last_changed(program)
        program["archived"] = history.is_archived(program, day)
    render_site(shown, docs, source_dir, as_of=day, cache_dir=STAGING_ROOT / "jinja")
    feeds.write_feeds(list(shown.values()), docs, day)
    engine = docs / ENGINE_FILE  # every program's conditions, once, for every self-check page
    engine.parent.mkdir(parents=True, exist_ok=True)
    engine.write_text(engine_script(list(shown.values())), encoding="utf-8")
    for lang in LANGS:  # wording every tool page of a language shares, once
        (docs / selfcheck_words_file(lang)).write_text(
            selfcheck_words_script(lang), encoding="utf-8"
        )
        (docs / tools.words_file(lang)).write_text(tools.words_script(lang), encoding="utf-8")
    rules = docs / "rules" / "programs.json"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text(  # the browser's rules read as the pages do: values in force
        json.dumps(shown, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        encoding="utf-8",
    )
    config = staging / "mkdocs.yml"
    nav = navigation(docs, sorted(p for p in shown if not shown[p]["archived"]))
    config.write_text(
        "\n".join(
            [
                f"INHERIT: {json.dumps(str(CONFIG))}",
                "docs_dir: docs",
                "nav:",
                *(f"  - {json.dumps(item)}" for item in nav),
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


# Above this many programs the sidebar lists none of them (the home page lists them all):
# a long sidebar helps nobody, and it is rendered into every page, so the build would grow
# with the square of the number of programs.
NAV_PROGRAMS_MAX = 12


def navigation(docs: Path, program_ids: list[str]) -> list[str]:
    """Sidebar: home, each program's overview (when few), other top-level pages, glossary."""
    top = sorted(
        p.relative_to(docs).as_posix()
        for p in [*docs.glob("*.md"), *docs.glob("*/index.md")]
        if p.name.count(".") == 1 and p.parent.name != "programs"
    )
    first, last = ["index.md"], ["glossary.md", "staff/index.md"]
    middle = (
        [f"programs/{pid}/index.md" for pid in program_ids]
        if len(program_ids) <= NAV_PROGRAMS_MAX
        else []
    )
    middle += [p for p in top if p not in first + last]
    return [p for p in first if p in top] + middle + [p for p in last if p in top]


def staging_parent() -> Path:
    """Where a build stages its Markdown: CERTNOTICE_STAGING_DIR if set, else memory when
    there is room (a container's small /dev/shm is not), else build/ on disk."""
    configured = os.environ.get("CERTNOTICE_STAGING_DIR")
    if configured:
        parent = Path(configured)
    else:
        parent = STAGING_ROOT
        try:
            room = os.statvfs(MEMORY_STAGING)
            if (
                os.access(MEMORY_STAGING, os.W_OK | os.X_OK)
                and room.f_bavail * room.f_frsize >= MEMORY_STAGING_MIN_FREE
            ):
                parent = MEMORY_STAGING
        except OSError:
            pass
    parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_stages(parent)
    return parent


def _remove_stale_stages(parent: Path) -> None:
    """A build killed outright cannot clean up after itself; the next one does, once the
    leftover is a day old (younger ones may belong to a build still running)."""
    now = time.time()
    for old in parent.glob(f"{STAGE_PREFIX}*"):
        try:
            if now - old.stat().st_mtime > STALE_STAGING_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue


def render_html(config: Path, site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=config.parent)
    if done.returncode != 0:
        raise BuildError(
            "网站生成失败，原网站保持不变。",
            "the site tool failed; the previous site is unchanged.",
            (done.stderr or done.stdout)[-4000:],
        )


def swap_in(new_site: Path, out_dir: Path) -> None:
    """Replace out_dir by new_site with renames only (same filesystem), old one removed last."""
    out_dir = Path(out_dir)
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}-{time.time_ns()}")
        out_dir.rename(old)
    try:
        new_site.rename(out_dir)
    except OSError:
        if old is not None:
            old.rename(out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _check_day(as_of: str | None) -> None:
    """--as-of is compared with the YAML's ISO dates, so anything but a real day is refused."""
    if as_of is None:
        return
    try:
        days.parse(as_of)
    except BadDay as e:
        raise BuildError(f"--as-of {e.zh}", f"--as-of {e.en}") from e


def build(
    out_dir: Path = Path("site"), data_dir: Path | None = None, *, as_of: str | None = None
) -> dict[str, float]:
    """Validate, stage, render, swap in. Returns seconds spent per step (for bench/build.py):
    load (read + validate the data), generate (load + write Markdown, rules, assets),
    render (the site tool), total; *_cpu are CPU seconds, steadier on a busy machine."""

    _check_day(as_of)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    c0 = time.process_time()
    # raises DataError before anything is written; a value still marked !todo stops it too
    programs = load_programs(data_dir, publish=True)
    timings["load"] = time.perf_counter() - t0
    out_dir = Path(out_dir).resolve()
    STAGING_ROOT.mkdir(exist_ok=True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=staging_parent()))
    # The new site is built beside out_dir so the final rename never crosses filesystems.
    fresh = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        config = stage(programs, staging, data_dir, as_of=as_of)
        timings["generate"] = time.perf_counter() - t0
        timings["generate_cpu"] = time.process_time() - c0
        t1 = time.perf_counter()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        render_html(config, fresh)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        timings["render"] = time.perf_counter() - t1
        timings["render_cpu"] = (after.ru_utime + after.ru_stime) - (
            children.ru_utime + children.ru_stime
        )
        swap_in(fresh, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if fresh.exists():
            shutil.rmtree(fresh, ignore_errors=True)
    timings["total"] = time.perf_counter() - t0
    return timings
