"""Budget of the candidate tool pages (issue 6 item 5): each page's own code under 60 KB gzip.

Usage: .venv/bin/python bench/tools.py [--site DIR] [--pack-mb N]

Method
- The site is built fresh (generator.build.build into a temporary folder) unless --site names a
  built one. For every page in PAGES and every program, the page's own code is: the scripts it
  loads from our assets (listed below: the tool's scripts and the libraries it vendors, e.g.
  fflate), plus the inline blocks of that page (its <style> and its JSON data). Theme scripts
  shared by every page of the site are not counted. Sizes are raw bytes and gzip -9 of each part
  and of the whole (the sum of the parts' gzip sizes, as a browser fetches them separately).
- Packing time (builder only): Debian's headless Chromium opens the built builder page, picks
  generated PDFs adding up to --pack-mb MB, and times fflate.zipSync in the page (median of 5).
- Photo time (ID-photo tool): a ~300 KB 3000x4000 phone-like JPEG drawn with Pillow (the
  tests' generator); each of --photo-runs fresh page loads picks it, and photo.js's own
  performance marks time it from the file chosen to the finished JPEG under the limit (decode,
  preview, crop, resize, quality search). Median, min and max.
- To add a tool page: append one entry to PAGES (its path and its scripts).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGET = 60 * 1024

# One entry per tool page: its path under a program (zh site) and the scripts it loads from our
# own assets, the language's shared tool wording (rules/tools-zh.js) included.
PAGES = [
    {
        "name": "upload",
        "path": "programs/{id}/upload/index.html",
        "scripts": [
            "assets/js/dom.js",
            "assets/js/formats.js",
            "assets/js/upload.js",
            "rules/tools-zh.js",
        ],
    },
    {
        "name": "bundle-builder",
        "path": "programs/{id}/bundle-builder/index.html",
        "scripts": [
            "assets/js/dom.js",
            "assets/js/idnumber.js",
            "assets/js/formats.js",
            "assets/js/naming.js",
            "assets/vendor/fflate/fflate.min.js",
            "assets/js/upload.js",
            "assets/js/builder.js",
            "rules/tools-zh.js",
        ],
    },
    {
        "name": "photo-tool",
        "path": "programs/{id}/photo-tool/index.html",
        "scripts": [
            "assets/js/dom.js",
            "assets/js/idnumber.js",
            "assets/js/formats.js",
            "assets/js/naming.js",
            "assets/js/photo.js",
        ],
    },
]

INLINE = re.compile(
    r'<style>.*?</style>|<script type="application/json" id="(?:tools|photo)-data">.*?</script>',
    re.S,
)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def measure(site: Path, program: str, page: dict) -> dict:
    html = (site / page["path"].format(id=program)).read_text(encoding="utf-8")
    parts = {s: (site / s).read_bytes() for s in page["scripts"]}
    inline = "".join(m.group(0) for m in INLINE.finditer(html)).encode("utf-8")
    parts["(inline style + data)"] = inline
    sizes = {k: (len(v), gz(v)) for k, v in parts.items()}
    return {"parts": sizes, "gzip": sum(g for _, g in sizes.values())}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_site(site: Path) -> http.server.ThreadingHTTPServer:
    """The built site on a loopback static server; the caller shuts it down."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pack_time(site: Path, megabytes: int) -> list[float]:
    from tests.support.browser import chromium

    server = serve_site(site)
    url = f"http://127.0.0.1:{server.server_port}/programs/wushen-2024/bundle-builder/"
    times = []
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url)
            for _ in range(5):
                times.append(
                    page.evaluate(
                        """(mb) => {
                          const files = {};
                          for (let i = 0; i < mb; i++) {
                            const a = new Uint8Array(1 << 20);
                            crypto.getRandomValues(a.subarray(0, 65536));
                            files['考生_' + i + '/材料' + i + '.pdf'] = [a, {level: 6}];
                          }
                          const t0 = performance.now();
                          fflate.zipSync(files);
                          return performance.now() - t0;
                        }""",
                        megabytes,
                    )
                )
            page.close()
    finally:
        server.shutdown()
    return times


def photo_time(site: Path, runs: int) -> tuple[int, list[float]]:
    from tests.support.browser import chromium
    from tests.tools.test_photo_tool import WHITE, drawn_photo, jpeg_near

    server = serve_site(site)
    url = f"http://127.0.0.1:{server.server_port}/programs/wushen-2024/photo-tool/"
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        photo = Path(tmp) / "phone.jpg"
        photo.write_bytes(jpeg_near(drawn_photo(WHITE), 300 * 1024))
        try:
            with chromium() as browser:
                for _ in range(runs):
                    page = browser.new_page()
                    page.goto(url)
                    page.wait_for_selector("#photo-tool[data-state=empty]")
                    page.locator("#pt-file").set_input_files(str(photo))
                    page.wait_for_selector("#photo-tool[data-state=ready]", timeout=60000)
                    times.append(
                        page.evaluate(
                            "performance.measure('photo', 'photo-chosen', 'photo-ready').duration"
                        )
                    )
                    page.close()
        finally:
            server.shutdown()
        return photo.stat().st_size, times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", type=Path, help="an already built site (default: build one)")
    ap.add_argument("--pack-mb", type=int, default=20)
    ap.add_argument("--photo-runs", type=int, default=9)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            from generator.build import build

            site = Path(tmp) / "site"
            build(out_dir=site)
        from policy.programs import load_programs

        programs = sorted(load_programs())
        print(f"{'page':<16} {'program':<13} {'part':<36} {'raw B':>8} {'gzip B':>8}")
        worst = 0
        for page in PAGES:
            for pid in programs:
                m = measure(site, pid, page)
                for part, (raw, g) in m["parts"].items():
                    print(f"{page['name']:<16} {pid:<13} {part:<36} {raw:>8} {g:>8}")
                verdict = "OK" if m["gzip"] < BUDGET else "OVER"
                print(
                    f"{page['name']:<16} {pid:<13} {'TOTAL (gzip -9, budget 61440)':<36} "
                    f"{'':>8} {m['gzip']:>8}  {verdict}"
                )
                worst = max(worst, m["gzip"])
        times = pack_time(site, args.pack_mb)
        print(
            f"\nfflate.zipSync of {args.pack_mb} x 1 MB files in headless Chromium: "
            f"median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, "
            f"max {max(times):.0f} ms (5 runs)"
        )
        size, photo = photo_time(site, max(1, min(args.photo_runs, 100)))
        print(
            f"ID-photo tool, {size // 1024} KB 3000x4000 photo to a JPEG under the limit in "
            f"headless Chromium: median {statistics.median(photo):.0f} ms, "
            f"min {min(photo):.0f} ms, max {max(photo):.0f} ms ({len(photo)} runs)"
        )
        print(f"largest tool page: {worst} B gzip of {BUDGET} B budget")
        return 0 if worst < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
