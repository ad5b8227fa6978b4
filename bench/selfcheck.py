"""Budget of the self-check page: script size and time from the last answer to the result.

Usage: .venv/bin/python bench/selfcheck.py [--runs N] [--out bench/README-selfcheck.md]

Method
- Size: the page's own script (generator/assets/js/selfcheck.js) plus the engine (rules.js) and
  the shared DOM builder (dom.js),
  raw, gzip -9 and brotli q11 (the Python brotli module if installed, else Node's zlib). The
  site's rules/engine.js (every program's conditions, one cached file), each language's
  rules/selfcheck-<lang>.js (questions, profile fields, wording: one cached file per language)
  and the data each page embeds (its programs' words and links) are reported beside it.
- Time: a freshly built site (generator.build.build) served from 127.0.0.1; Debian's headless
  Chromium opens a program's self-check with every answer but the last in the URL fragment.
  A capturing listener stamps performance.now() when the last answer is submitted; a
  MutationObserver stamps the moment the result view is in the DOM, and a requestAnimationFrame
  after it the next frame. Median and p90 of N fresh page loads per program.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
JS = ROOT / "generator" / "assets" / "js"
from generator.questions import words_file  # noqa: E402 - after the path is set

BUDGET = 20 * 1024
FRAME_MS = 16.0
SCENARIOS = {
    # program: (fragment with all answers but the last, the last answer as typed)
    "wushen-2024": ("workplace=150626&age=30&works=yes", "12"),
    "huian-2024": (
        "workplace=350521&age=26&education=bachelor&related-major=yes&staffing=non-established&pension=enterprise"
        "&retired=no&student=no&dishonest=no&ui-months=24&ui-enterprise=yes",
        None,  # last question is a yes/no: click the label "No"
    ),
}

MEASURE = """
window.__t = {};
window.addEventListener('submit', () => { window.__t.answer = performance.now(); }, true);
new MutationObserver((_, obs) => {
  const root = document.getElementById('selfcheck');
  if (root.getAttribute('data-view') === 'result' && document.querySelector('.sc-result')) {
    window.__t.dom = performance.now();
    requestAnimationFrame(() => { window.__t.frame = performance.now(); });
    obs.disconnect();
  }
}).observe(document.getElementById('selfcheck'), {attributes: true, childList: true, subtree: true});
"""


def brotli_size(data: bytes) -> tuple[int | None, str]:
    try:
        import brotli

        return len(brotli.compress(data, quality=11)), "python brotli q11"
    except ImportError:
        pass
    node = shutil.which("node")
    if not node:
        return None, "unavailable"
    script = (
        "const z=require('zlib');let b=[];process.stdin.on('data',d=>b.push(d)).on('end',()=>"
        "console.log(z.brotliCompressSync(Buffer.concat(b),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))"
    )
    done = subprocess.run([node, "-e", script], input=data, capture_output=True, check=True)
    return int(done.stdout), "node zlib brotli q11"


def sizes(site: Path) -> dict:
    own = b"".join((JS / f"{name}.js").read_bytes() for name in ("selfcheck", "rules", "dom"))
    br, how = brotli_size(own)
    out = {
        "script": {
            "raw": len(own),
            "gzip": len(gzip.compress(own, 9)),
            "brotli": br,
            "brotli_by": how,
        },
        "pages": {},
    }
    engine = (site / "rules" / "engine.js").read_bytes()  # every program's rules, one file
    out["engine"] = measure(engine)
    out["words"] = {  # a language's questions, profile fields and wording: one file per language
        lang: measure((site / words_file(lang)).read_bytes()) for lang in ("zh", "en")
    }
    pattern = re.compile(
        rb'<script type="application/json" id="selfcheck-data">(.*?)</script>', re.S
    )
    for page in sorted(site.rglob("self-check/index.html")):
        data = pattern.search(page.read_bytes()).group(1)
        rel = "/" + page.parent.relative_to(site).as_posix() + "/"
        out["pages"][rel] = measure(data)
    return out


def measure(data: bytes) -> dict:
    return {"raw": len(data), "gzip": len(gzip.compress(data, 9)), "brotli": brotli_size(data)[0]}


def timings(site: Path, runs: int) -> dict:
    from tests.support.browser import chromium

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    out = {}
    try:
        with chromium() as browser:
            page = browser.new_page()
            for program, (fragment, last) in SCENARIOS.items():
                dom, frame = [], []
                for _ in range(runs):
                    page.goto(f"{base}/en/programs/{program}/self-check/#{fragment}")
                    page.wait_for_selector("#selfcheck form")
                    page.evaluate(MEASURE)
                    if last is None:
                        page.locator("#selfcheck label", has_text=re.compile("^No$")).click()
                    else:
                        page.locator("#sc-input").fill(last)
                    page.locator("#selfcheck button[type=submit]").click()
                    page.wait_for_function("window.__t.frame !== undefined")
                    t = page.evaluate("window.__t")
                    dom.append(t["dom"] - t["answer"])
                    frame.append(t["frame"] - t["answer"])
                out[program] = {"dom": dom, "frame": frame}
    finally:
        server.shutdown()
    return out


def summarise(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
        "max": ordered[-1],
    }


def report(size: dict, times: dict, runs: int) -> str:
    s = size["script"]
    lines = [
        "# Self-check budget (bench/selfcheck.py)",
        "",
        "Regenerate: `.venv/bin/python bench/selfcheck.py --runs N` (writes this file).",
        "",
        "## Script size (budget: under 20 KB compressed)",
        "",
        "| what | raw | gzip -9 | brotli |",
        "| --- | ---: | ---: | ---: |",
        f"| selfcheck.js + rules.js + dom.js | {s['raw']} B | {s['gzip']} B | {s['brotli']} B ({s['brotli_by']}) |",
    ]
    e = size["engine"]
    lines.append(
        f"| rules/engine.js (every program's rules) | {e['raw']} B | {e['gzip']} B | {e['brotli']} B |"
    )
    for lang, w in size["words"].items():
        lines.append(
            f"| {words_file(lang)} (questions, fields, wording) | {w['raw']} B | {w['gzip']} B"
            f" | {w['brotli']} B |"
        )
    for rel, d in size["pages"].items():
        lines.append(f"| embedded data, {rel} | {d['raw']} B | {d['gzip']} B | {d['brotli']} B |")
    biggest = max(size["pages"].values(), key=lambda d: d["gzip"])
    words = max(size["words"].values(), key=lambda d: d["gzip"])
    total = s["gzip"] + e["gzip"] + words["gzip"] + biggest["gzip"]
    ok = s["gzip"] < BUDGET
    lines += [
        "",
        f"Script within budget: {'yes' if ok else 'NO'} (gzip {s['gzip']} B < {BUDGET} B).",
        "Everything a self-check page loads (script, rules/engine.js, the larger words file,"
        f" the largest page's embedded data): gzip {total} B"
        f" ({'within' if total < BUDGET else 'OVER'} the same budget).",
        "",
        f"## Last answer → result (budget: one frame, {FRAME_MS:g} ms); {runs} fresh loads each",
        "",
        f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} when the runs ended"
        " (other work on the machine inflates the tail).",
        "",
        "| program | DOM updated: median / p90 / max | next frame: median / p90 / max |",
        "| --- | --- | --- |",
    ]
    for program, t in times.items():
        d, f = summarise(t["dom"]), summarise(t["frame"])
        lines.append(
            f"| {program} | {d['median']:.2f} / {d['p90']:.2f} / {d['max']:.2f} ms "
            f"| {f['median']:.2f} / {f['p90']:.2f} / {f['max']:.2f} ms |"
        )
    lines += ["", "Method:", "", __doc__.split("Method", 1)[1].split("\n", 1)[1].rstrip(), ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "README-selfcheck.md")
    args = parser.parse_args()
    runs = max(1, min(args.runs, 500))
    from generator.build import build

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(out_dir=site)
        size = sizes(site)
        times = timings(site, runs)
    text = report(size, times, runs)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    print(json.dumps({"written": str(args.out)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
