"""Accessibility and quality audit of the built site, on loopback, in headless Debian Chromium.

Method. The site is built from the working tree (generator.build.build into a temporary folder)
and served by the real local server (`functions.upload.server`: the site and the upload API on one
origin, temporary storage) on 127.0.0.1. Then:
  - axe-core (node_modules/axe-core, pinned) is injected into EVERY built page, Chinese and English,
    and run with its default rules; violations are listed by rule and by page;
  - every page's same-host links and assets (a, link, script, img, srcset, iframe) are fetched once
    each; anything not answering 200 is a broken link;
  - every page's <html lang> is checked: zh-CN under /, en under /en/ (the shared 404 page: the
    language of its own text);
  - Lighthouse (npm, pinned; CHROME_PATH=/usr/bin/chromium, --headless=new --no-sandbox
    --disable-gpu, its default mobile emulation with simulated throttling) scores performance,
    accessibility, best practices and SEO on the home page, a program page, a self-check page and
    the upload page, Chinese, with its default mobile settings and again with --preset=desktop;
    audits scoring below 1 are listed per page;
  - same-host requests made by the pages' own scripts while loading, answering 400 or more.
Figures go to bench/out/audit.json and a table on standard output. No browser is downloaded.
Run: .venv/bin/python bench/audit.py [--program wushen-2024] [--no-lighthouse]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))

from tests.audit import siteaudit  # noqa: E402
from tests.support.browser import chromium  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
    "--disable-background-networking --disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url: str, out_json: pathlib.Path, preset: str | None = None) -> dict:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out_json}", "--quiet"]
    if preset:
        cmd.append(f"--preset={preset}")
    cmd += [f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    start = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    took = round(time.monotonic() - start, 1)
    if proc.returncode != 0 or not out_json.exists():
        return {"error": (proc.stderr or proc.stdout)[-800:], "seconds": took}
    lhr = json.loads(out_json.read_text("utf-8"))
    scores = {c: round((lhr["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    below = {}
    for c in CATEGORIES:
        for ref in lhr["categories"][c]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                below.setdefault(c, []).append(f"{ref['id']} ({audit['score']:.2f})")
    metrics = {
        k: lhr["audits"][k].get("displayValue")
        for k in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
        if k in lhr["audits"]
    }
    return {"scores": scores, "below_1": below, "metrics": metrics, "seconds": took}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--program", default="wushen-2024")
    ap.add_argument("--no-lighthouse", action="store_true")
    ap.add_argument("--out", default=str(OUT / "audit.json"))
    args = ap.parse_args(argv)

    from functions.upload.server import make_server
    from generator.build import build

    result: dict = {"method": __doc__.split("Run:")[0].strip()}
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        tmp = pathlib.Path(tmp)
        site = tmp / "site"
        start = time.monotonic()
        build(out_dir=site)
        result["build_s"] = round(time.monotonic() - start, 1)
        httpd, app = make_server(port=0, site=str(site), storage_dir=str(tmp / "store"))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        try:
            urls = siteaudit.page_urls(site)
            result["pages"] = len(urls)
            result["pages_by_language"] = {
                lang: sum(1 for u in urls if siteaudit.expected_lang(u) == lang)
                for lang in ("zh-CN", "en")
            }
            result["lang_problems"] = siteaudit.lang_problems(site)
            result["internal_targets"] = len(siteaudit.internal_targets(site, base))
            result["broken_links"] = siteaudit.broken_links(site, base)
            with chromium() as browser:
                start = time.monotonic()
                failed: dict = {}
                violations = siteaudit.axe_violations(browser, base, urls, failed)
                result["failed_requests_during_load"] = {
                    target.removeprefix(base): {"pages": len(pages), "e.g.": sorted(pages)[:3]}
                    for target, pages in sorted(failed.items())
                }
                result["axe_s"] = round(time.monotonic() - start, 1)
            result["axe_violations_by_page"] = violations
            result["axe_violations_by_rule"] = siteaudit.by_rule(violations)
            if args.no_lighthouse:
                result["lighthouse"] = "skipped (--no-lighthouse)"
            elif not LIGHTHOUSE.exists():
                result["lighthouse"] = "not installed: run npm ci"
            else:
                p = args.program
                targets = {
                    "home": "",
                    "program": f"programs/{p}/",
                    "self-check": f"programs/{p}/self-check/",
                    "upload": f"programs/{p}/upload/",
                    "photo-tool": f"programs/{p}/photo-tool/",
                    "bundle-builder": f"programs/{p}/bundle-builder/",
                    "fees": f"programs/{p}/exam-and-fees/",
                }
                result["lighthouse"] = {}
                for name, url in targets.items():
                    if url not in urls:
                        result["lighthouse"][name] = {"error": f"no page /{url} in this build"}
                        continue
                    for preset in ("mobile", "desktop"):
                        report = tmp / f"lh-{name}-{preset}.json"
                        run = lighthouse(
                            f"{base}/{url}", report, None if preset == "mobile" else preset
                        )
                        key = name if preset == "mobile" else f"{name} (desktop)"
                        result["lighthouse"][key] = {"url": "/" + url, **run}
                        if report.exists():
                            shutil.copy(report, OUT / f"lighthouse-{name}-{preset}.json")
        finally:
            httpd.shutdown()
            httpd.server_close()
            app.pool.shutdown(wait=True)

    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")

    langs = result["pages_by_language"]
    print(
        f"pages: {result['pages']} (zh-CN {langs['zh-CN']}, en {langs['en']}); build {result['build_s']} s"
    )
    rules = result["axe_violations_by_rule"]
    print(f"axe-core: {sum(len(v) for v in rules.values())} violations on {len(violations)} pages")
    for rule, pages in sorted(rules.items()):
        print(f"  {rule}: {len(pages)} pages, e.g. {', '.join(pages[:4])}")
    print(
        f"links: {result['internal_targets']} same-host targets, {len(result['broken_links'])} broken"
    )
    for target, info in result["broken_links"].items():
        print(f"  {info['status']} {target} (on {', '.join(info['used_on'])})")
    print(f"lang: {len(result['lang_problems'])} pages wrong")
    failed = result["failed_requests_during_load"]
    print(f"requests made by page scripts that failed (same host): {len(failed)}")
    for target, info in list(failed.items())[:8]:
        print(f"  {target} (from {info['pages']} pages, e.g. {', '.join(info['e.g.'])})")
    for url, why in result["lang_problems"].items():
        print(f"  /{url}: {why}")
    if isinstance(result["lighthouse"], dict):
        print(f"{'lighthouse':<22} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        for name, lh in result["lighthouse"].items():
            if "scores" in lh:
                print(f"{name:<22} " + " ".join(f"{lh['scores'][c]:>15}" for c in CATEGORIES))
            else:
                print(f"{name:<22} error: {lh['error'][:200]}")
    else:
        print(f"lighthouse: {result['lighthouse']}")
    print(f"figures: {out}")
    lh_ok = not isinstance(result["lighthouse"], dict) or all(
        "scores" in lh and min(lh["scores"].values()) >= 95 for lh in result["lighthouse"].values()
    )
    clean = not rules and not result["broken_links"] and not result["lang_problems"]
    clean = clean and not result["failed_requests_during_load"]
    return 0 if clean and lh_ok else 1


if __name__ == "__main__":
    sys.exit(main())
