"""Benchmark: are our overrides of Jinja internals (generator/site/templating.py) worth keeping?

Method: N programs are synthesised from a seed (bench/build.py's synthesise), loaded and put in
force once; then the site's Markdown is written (generator.site.render.render_site, every page
type, both languages) with the tuned environment (PageContext.call, DataEnvironment.getattr and
make_globals) and with Jinja's own environment, alternately, `--repeat` times each, compiled
templates cached as in a real build. CPU seconds of this process are compared (steadier than
wall time on a shared machine); the fastest run of each variant is reported, and the pages of
both variants are checked to be byte-identical. No MkDocs: it is the same for both.

    .venv/bin/python bench/templating.py                 # N = 100, 5 runs each
    .venv/bin/python bench/templating.py --sizes 10 100 --repeat 7
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*.md")):
        h.update(f.relative_to(folder).as_posix().encode() + f.read_bytes())
    return h.hexdigest()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--seed", default="huian-2024")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from bench.build import synthesise
    from generator.build import STAGING_ROOT
    from generator.site import history, render, templating
    from policy import days
    from policy.programs import DATA_DIR, in_force, load_programs

    print(
        f"# Jinja overrides benchmark — {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, seed {args.seed}, "
        f"best of {args.repeat}; load average (1/5/15 min): "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    print("| N programs | pages | tuned CPU (s) | Jinja's own CPU (s) | saved | identical |")
    print("| ---: | ---: | ---: | ---: | ---: | :---: |")
    original = render.environment
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-jinja-") as tmp:
            data = Path(tmp) / "data"
            data.mkdir()
            synthesise(args.seed, n, data, DATA_DIR)
            day = days.today()
            shown = in_force(load_programs(data), day)
            for p in shown.values():
                p["last_changed"] = history.last_changed(p)
                p["archived"] = history.is_archived(p, day)
            best = {}
            sums = {}
            pages = 0
            for i in range(args.repeat * 2):
                tuned = i % 2 == 0
                render.environment = functools.partial(templating.environment, tuned=tuned)
                out = Path(tmp) / f"docs-{i}"
                out.mkdir()
                c0 = time.process_time()
                written = render.render_site(
                    shown, out, data, as_of=day, cache_dir=STAGING_ROOT / "jinja-bench"
                )
                cpu = time.process_time() - c0
                pages = len(written)
                best[tuned] = min(best.get(tuned, cpu), cpu)
                sums.setdefault(tuned, digest(out))
            render.environment = original
            saved = 1 - best[True] / best[False]
            print(
                f"| {n} | {pages} | {best[True]:.2f} | {best[False]:.2f} | {saved:.0%} |"
                f" {'yes' if sums[True] == sums[False] else 'NO'} |"
            )
    print(
        "# saved = 1 - tuned/Jinja's own. The whole build's CPU is mostly MkDocs "
        "(bench/build.py: the generator is under 5 % of it)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
