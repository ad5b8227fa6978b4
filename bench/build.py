"""Benchmark: how the site build grows with the number of programs.

Method: for each N, a temporary data folder gets N programs, each a copy of a seed program
(default huian-2024) under a new id with its own notice text; then the real build runs
(generator.build.build, the same code as `python -m generator build`) into a temporary folder.
"generate" is loading + validating the data ("load", shown apart) and writing the Markdown,
rules and assets;
"render" is the site tool (MkDocs) turning them into HTML; "total" is the whole build including
the swap-in. Wall-clock seconds swing with whatever else the machine runs, so CPU seconds are
shown too (the generator's own process time; the site tool's, from the child's rusage), and the
generator's share is computed from CPU seconds. Each N is built `--repeat` times and the fastest run is reported (least noise).

    .venv/bin/python bench/build.py              # N = 1, 10, 100, 300
    .venv/bin/python bench/build.py --sizes 1 10 --repeat 3
    .venv/bin/python bench/build.py --only overview eligibility materials apply exam \
        subsidies verify notice home     # the public guide's own pages, without the tools
    .venv/bin/python bench/build.py --staging-on-disk   # stage the Markdown in build/

The build stages its Markdown in memory (/dev/shm) when there is room, else in build/ on disk
(generator.build.staging_parent); --staging-on-disk shows what the disk costs.

Page types left out with --only are removed from generator.site.pages.PAGES for the run,
which shows how each kind of page contributes to the growth.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthesise(seed: str, n: int, data_dir: Path, source_dir: Path) -> None:
    """N programs: the seed's YAML and notice text copied under new ids (seed-b0001, ...)."""
    text = (source_dir / f"{seed}.yaml").read_text(encoding="utf-8")
    notice = (source_dir / f"{seed}.notice.txt").read_text(encoding="utf-8")
    for i in range(n):
        pid = f"{seed}-b{i:04d}"
        (data_dir / f"{pid}.yaml").write_text(text.replace(seed, pid), encoding="utf-8")
        (data_dir / f"{pid}.notice.txt").write_text(notice, encoding="utf-8")


def run(n: int, seed: str, repeat: int) -> dict:
    from generator.build import build
    from policy.programs import DATA_DIR

    best = None
    pages = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
            data = Path(tmp) / "data"
            data.mkdir()
            synthesise(seed, n, data, DATA_DIR)
            out = Path(tmp) / "site"
            t0 = time.perf_counter()
            timings = build(out_dir=out, data_dir=data)
            timings["wall"] = time.perf_counter() - t0
            pages = sum(1 for _ in out.rglob("index.html"))
        cpu = timings["generate_cpu"] + timings["render_cpu"]
        if best is None or cpu < best["generate_cpu"] + best["render_cpu"]:
            best = timings
    return {"n": n, "pages": pages, **best}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 300])
    parser.add_argument("--seed", default="huian-2024")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", nargs="+", metavar="PAGE_TYPE", help="render only these")
    parser.add_argument(
        "--staging-on-disk", action="store_true", help="stage in build/, not in memory"
    )
    args = parser.parse_args(argv)
    from generator import build

    if args.staging_on_disk:
        os.environ["CERTNOTICE_STAGING_DIR"] = str(build.STAGING_ROOT)
    if args.only:
        from generator.site.pages import PAGES

        unknown = set(args.only) - {p.name for p in PAGES}
        if unknown:
            parser.error(f"unknown page types: {sorted(unknown)}")
        PAGES[:] = [p for p in PAGES if p.name in args.only]
    print(
        f"# site build benchmark — {platform.python_implementation()} {platform.python_version()},"
        f" {platform.machine()}, {os.cpu_count()} CPUs, seed {args.seed}, best of {args.repeat}"
    )
    if args.only:
        print(f"# page types: {' '.join(args.only)}")
    print(f"# staging folder: {build.staging_parent()}")
    print(f"# load average at start (1/5/15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        "| N programs | HTML pages | load (s) | generate (s) | render (s) | total (s) |"
        " generate CPU (s) | render CPU (s) | generate share (CPU) | CPU per program (s) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        r = run(n, args.seed, args.repeat)
        cpu = r["generate_cpu"] + r["render_cpu"]
        print(
            f"| {n} | {r['pages']} | {r['load']:.2f} | {r['generate']:.2f} | {r['render']:.2f} |"
            f" {r['total']:.2f} | {r['generate_cpu']:.2f} | {r['render_cpu']:.2f} |"
            f" {100 * r['generate_cpu'] / cpu:.1f} % | {cpu / n:.3f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
