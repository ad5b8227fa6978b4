"""Benchmark: `generator draft` against the hand-written program files, fact by fact.

Method. The 8 notices with a hand-written program (data/wushen-2024, data/huian-2024 and the six
of tests/programs/) are drafted from their notice text; two of them (and, with --all-formats, all
eight) are also written as DOCX (python-docx), PDF (tests/generator/drafts/notice_files.py writes
it directly; LibreOffice is used instead when `soffice` is on the PATH) and a saved GB 2312 web
page with menus and a footer, their fee lists turned into real tables, and drafted from those.
Each draft is written to a temporary folder, read back with the project's own loader, and must
load with no error (only `todo` warnings).

What counts as a fact. From the hand-written file and from the draft alike, the same function
lists facts as (kind, what, value):
  - dates: notice.date; each timeline item as (start, end, approximate, registration, by);
    payment.due;
  - money: each fee once per level it applies to (a fee without levels: every level offered) as
    (amount, level, kind, subject); each subsidy, that it exists (its name), and each amount
    (name, level, amount);
    payment.after_review;
  - conditions: each level offered (occupation name, level); each condition (occupation name,
    level, its `when`); each level left to an attachment (not_stated); each subsidy requirement
    (subsidy name, its `when`); each part of the audience rule;
  - materials: per material, matched by its clause: it exists, formats (as a set), max_bytes,
    min_bytes, naming pattern / uppercase_x / notice_example, photo keys, submit (none =
    electronic), paper copies / size / original, levels; packaging.group.candidate_folders;
  - contacts: each phone number and who it belongs to (the contact's name, words in brackets
    dropped), e-mail address (contacts and submission), payee account, web address
    (verification sites);
  - notice (reported, counted in "overall"): 文号, issuer, title, addressees, occupation names
    and codes; exam: subjects, each one's mode, full and pass marks, levels; retake years and
    attempts; training hours.
A `when` is compared as canonical JSON (keys sorted, `all`/`any` items and `in` lists sorted).
Values are compared exactly, as loaded (dates as YYYY-MM-DD, numbers as numbers).

A drafted fact is "to do" when any value it is made of stands under a !todo mark; to-do facts
count neither for nor against. Precision = drafted non-to-do facts found among the hand-written
file's facts (a multiset: each matches once) / all drafted non-to-do facts; a drafted fact the
hand-written file does not have counts as wrong. Recall = hand-written facts the draft states,
not to do / all hand-written facts. Time = reading the file and drafting, per notice, best of 3
in one warm process (the command itself adds the interpreter's start).

Held-out set. The 8 notices above are the ones the draft was built on (development set). Four
more notices (tests/generator/drafts/heldout/, an outside reviewer's, rewritten with invented
names and numbers) were not: each is drafted from the format it came in (text, DOCX, PDF, a
GB 2312 web page) and compared with facts written by hand from its text
(tests/generator/drafts/heldout/gold.py, same fact form; a standard condition wording's `when`
is the phrase table's). Their figures are reported apart, with every wrong fact listed.
Free text (labels, a fee's or a date's wording) is not compared: hand-written labels are not the
notice's words; a made-up item still counts as wrong through its values, its owner or its name.

Run: .venv/bin/python bench/draft.py [--all-formats] [--missed]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.draft import draft_text  # noqa: E402
from generator.draft.sources import read_notice  # noqa: E402
from policy import yamlpos  # noqa: E402
from policy.programs import check_file  # noqa: E402
from tests.generator.drafts import notice_files  # noqa: E402
from tests.generator.drafts.heldout.gold import HELDOUT  # noqa: E402

NOTICES = [
    REPO / "data" / "wushen-2024.notice.txt",
    REPO / "data" / "huian-2024.notice.txt",
] + sorted((REPO / "tests" / "programs").glob("*.notice.txt"))
KINDS = ("dates", "money", "conditions", "materials", "contacts", "notice", "exam")
CONVERTED = ("huian-2024", "t-college-zhengzhou-2026")  # also drafted from DOCX, PDF and HTML
HELDOUT_DIR = REPO / "tests" / "generator" / "drafts" / "heldout"


def canon(expr) -> str:
    def norm(e):
        if isinstance(e, dict):
            out = {k: norm(v) for k, v in e.items()}
            for joiner in ("all", "any"):
                if joiner in out:
                    out[joiner] = sorted(out[joiner], key=lambda x: json.dumps(x, sort_keys=True))
            if isinstance(out.get("in"), list):
                out["in"] = sorted(out["in"])
            return out
        return e

    return json.dumps(norm(expr), sort_keys=True, ensure_ascii=False)


def facts(p: dict, todo) -> list[tuple[str, tuple, bool]]:
    """[(kind, fact, to do?)]; todo(path) says whether a value at path is marked !todo."""
    out: list[tuple[str, tuple, bool]] = []

    def add(kind, fact, *paths):
        out.append((kind, fact, any(todo(x) for x in paths)))

    n = p["notice"]
    for key in ("document_number",):
        if key in n:
            add("notice", (key, n[key]), ("notice", key))
    for key in ("issuer", "title", "addressees"):
        if key in n:
            add("notice", (key, n[key]["zh"]), ("notice", key, "zh"))
    if "date" in n:
        add("dates", ("notice.date", n["date"]), ("notice", "date"))
    occ_names = {o["id"]: o["name"]["zh"] for o in p.get("occupations") or []}
    for i, o in enumerate(p.get("occupations") or []):
        add(
            "notice",
            ("occupation", o["name"]["zh"], o["code"]),
            ("occupations", i, "name", "zh"),
            ("occupations", i, "code"),
        )
    if not p.get("occupations"):
        add("notice", ("occupation", p["occupation"]["zh"]), ("occupation", "zh"))
    offered = sorted({lv["level"] for lv in p["levels"]})
    for i, lv in enumerate(p["levels"]):
        occ = occ_names.get(lv.get("occupation"))
        base = ("levels", i)
        add("conditions", ("level", occ, lv["level"]), base + ("level",), base + ("occupation",))
        if "not_stated" in lv:
            add(
                "conditions",
                ("not_stated", occ, lv["level"]),
                base + ("not_stated", "zh"),
                base + ("level",),
            )
        for j, c in enumerate(lv.get("conditions") or []):
            cp = base + ("conditions", j)
            add(
                "conditions",
                ("condition", occ, lv["level"], canon(c["when"])),
                cp + ("when",),
                base + ("level",),
                base + ("occupation",),
            )
    when = (p.get("audience") or {}).get("when")
    if when:
        parts = when["all"] if "all" in when else [when]
        for k, atom in enumerate(parts):
            path = ("audience", "when") + (("all", k) if "all" in when else ())
            add("conditions", ("audience", canon(atom)), ("audience", "when"), path)
    for i, t in enumerate(p.get("timeline") or []):
        value = tuple(t.get(k) for k in ("start", "end")) + tuple(
            bool(t.get(k)) for k in ("approximate", "registration", "by")
        )
        add(
            "dates",
            ("timeline", value),
            *(("timeline", i, k) for k in ("start", "end", "approximate", "registration", "by")),
        )
    pay = p.get("payment") or {}
    if "due" in pay:
        add("dates", ("payment.due", pay["due"]), ("payment", "due"))
    if pay.get("after_review"):
        add("money", ("payment.after_review", True), ("payment", "after_review"))
    for i, f in enumerate(p.get("fees") or []):
        fp = ("fees", i)
        for level in f.get("levels") or offered:
            add(
                "money",
                ("fee", f["amount_cny"], level, f.get("kind"), f.get("subject")),
                fp + ("amount_cny",),
                fp + ("levels",),
                fp + ("kind",),
                fp + ("subject",),
            )
        if "payee" in f:
            payee = f["payee"]
            add(
                "contacts",
                ("payee", payee["account_name"], payee["bank"], payee["account_number"]),
                fp + ("payee",),
            )
    for i, s in enumerate(p.get("subsidies") or []):
        sp = ("subsidies", i)
        # that the subsidy exists at all (an exclusion drafted as a subsidy is wrong)
        add("money", ("subsidy", s["name"]["zh"]), sp + ("name", "zh"))
        for k, a in enumerate(s["amounts"]):
            add(
                "money",
                ("subsidy", s["name"]["zh"], a["level"], a["amount_cny"]),
                sp + ("amounts", k),
                sp + ("name", "zh"),
            )
        for k, r in enumerate(s["requirements"]):
            add(
                "conditions",
                ("subsidy", s["name"]["zh"], canon(r["when"])),
                sp + ("requirements", k, "when"),
                sp + ("name", "zh"),
            )
    for i, m in enumerate(p["materials"]):
        mp, c = ("materials", i), m["clause"]
        add("materials", ("material", c), mp + ("clause",))
        if "formats" in m:
            add("materials", ("formats", c, tuple(sorted(m["formats"]))), mp + ("formats",))
        add("materials", ("submit", c, m.get("submit", "electronic")), mp + ("submit",))
        for key in ("max_bytes", "min_bytes"):
            if key in m:
                add("materials", (key, c, m[key]), mp + (key,))
        for key, v in (m.get("naming") or {}).items():
            add("materials", ("naming." + key, c, v), mp + ("naming", key))
        for key, v in (m.get("photo") or {}).items():
            add("materials", ("photo." + key, c, v), mp + ("photo", key))
        for key, v in (m.get("paper") or {}).items():
            if key != "text":
                add("materials", ("paper." + key, c, v), mp + ("paper", key))
        if "levels" in m:
            add("materials", ("levels", c, tuple(sorted(m["levels"]))), mp + ("levels",))
    if (p["packaging"].get("group") or {}).get("candidate_folders"):
        add("materials", ("candidate_folders", True), ("packaging", "group", "candidate_folders"))
    phones, emails = set(), set()
    for i, c in enumerate(p.get("contacts") or []):
        if "phone" in c and c["phone"] not in phones:
            phones.add(c["phone"])
            add("contacts", ("phone", c["phone"]), ("contacts", i, "phone"))
            # who the number belongs to (a text field that matters: a made-up pairing is wrong)
            add(
                "contacts",
                ("phone.owner", c["phone"], re.sub(r"[（(][^）)]*[）)]", "", c["name"]["zh"])),
                ("contacts", i, "phone"),
                ("contacts", i, "name", "zh"),
            )
        if "email" in c and c["email"] not in emails:
            emails.add(c["email"])
            add("contacts", ("email", c["email"]), ("contacts", i, "email"))
    sub = (p.get("submission") or {}).get("email")
    if sub and sub not in emails:
        add("contacts", ("email", sub), ("submission", "email"))
    route = (p.get("submission") or {}).get("route") or {}
    if route.get("kind") == "system" and "url" in route:
        add(
            "contacts",
            ("url", route["url"]),
            ("submission", "route"),
            ("submission", "route", "url"),
        )
    for i, site in enumerate(p.get("verification_sites") or []):
        add("contacts", ("url", site["url"]), ("verification_sites", i, "url"))
    exam = p.get("exam") or {}
    for i, s in enumerate(exam.get("subjects") or []):
        sp = ("exam", "subjects", i)
        add("exam", ("subject", s["id"]), sp + ("id",))
        for key in ("mode", "full_marks", "pass_mark"):
            if key in s:
                add("exam", (key, s["id"], s[key]), sp + (key,))
        if "levels" in s:
            add("exam", ("levels", s["id"], tuple(sorted(s["levels"]))), sp + ("levels",))
    for key in ("valid_years", "max_attempts"):
        if key in (exam.get("retake") or {}):
            add("exam", ("retake." + key, exam["retake"][key]), ("exam", "retake", key))
    if "training" in p:
        add("exam", ("training.hours", p["training"]["hours"]), ("training", "hours"))
    return out


def compare(gold: dict, drafted: dict, todo_paths: list) -> dict:
    return compare_facts([(k, f) for k, f, _ in facts(gold, lambda _: False)], drafted, todo_paths)


def gold_facts(listed: list) -> list[tuple[str, tuple]]:
    """Hand-written facts (tests/generator/drafts/heldout/gold.py): a `when` written as a
    condition is compared as canonical JSON, as facts() writes it."""
    return [(k, tuple(canon(x) if isinstance(x, dict) else x for x in f)) for k, f in listed]


def compare_facts(gold: list, drafted: dict, todo_paths: list) -> dict:
    marked = {tuple(path) for path in todo_paths}

    def todo(path):  # the value at path, or a part of it, or what holds it, is marked !todo
        return any(path[: len(m)] == m or m[: len(path)] == path for m in marked)

    truth = Counter(f for _, f in gold)
    pool = truth.copy()
    out = {k: Counter() for k in KINDS}
    for kind, _ in gold:
        out[kind]["gold"] += 1
    wrong, stated = [], Counter()
    for kind, f, is_todo in facts(drafted, todo):
        if is_todo:
            out[kind]["todo"] += 1
            continue
        out[kind]["drafted"] += 1
        if pool[f] > 0:
            pool[f] -= 1
            out[kind]["right"] += 1
            stated[f] += 1
        else:
            wrong.append((kind, f))
    missed = [(k, f) for k, f in gold if not _take(stated, f)]
    return {"kinds": out, "wrong": wrong, "missed": missed}


def _take(counter: Counter, f) -> bool:
    if counter[f] > 0:
        counter[f] -= 1
        return True
    return False


def draft_one(path: Path, pid: str, folder: Path) -> tuple[dict, list, float]:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        text, _ = read_notice(path)
        body = draft_text(text, pid, path.name, "2026-12-01")
        best = min(best, time.perf_counter() - start)
    (folder / f"{pid}.yaml").write_text(body, "utf-8")
    (folder / f"{pid}.notice.txt").write_text(text, "utf-8")
    _, problems = check_file(folder / f"{pid}.yaml")
    errors = [str(p) for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit(f"{pid}: the draft does not load:\n" + "\n".join(errors))
    loaded = yamlpos.load(body)
    return loaded.data, [path for path, _ in loaded.todos], best


def convert(text_path: Path, kind: str, folder: Path) -> Path:
    text = text_path.read_text("utf-8")
    stem = text_path.name.replace(".notice.txt", "")
    target = folder / f"{stem}.{kind}"
    if kind == "docx":
        return notice_files.to_docx(text, target)
    if kind == "html":
        return notice_files.to_html(text, target)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        source = notice_files.to_docx(text, folder / f"{stem}-for-pdf.docx")
        subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        made = folder / f"{stem}-for-pdf.pdf"
        made.rename(target)
        return target
    return notice_files.to_pdf(text, target)


def heldout(folder: Path, times: list) -> tuple[dict, list, list]:
    """The held-out notices, each drafted from the format it came in (DOCX, PDF and web page
    written from its text by notice_files), against their hand-written gold facts."""
    totals = {k: Counter() for k in KINDS}
    wrong, missed = [], []
    for stem, (kind, listed) in HELDOUT.items():
        text_path = HELDOUT_DIR / f"{stem}.notice.txt"
        source = text_path if kind == "txt" else convert(text_path, kind, folder)
        drafted, todos, seconds = draft_one(source, f"heldout-{stem}", folder)
        times.append((f"held-out {stem}", kind, seconds))
        result = compare_facts(gold_facts(listed), drafted, todos)
        for k, c in result["kinds"].items():
            totals[k].update(c)
        wrong += [(stem, kind, w) for w in result["wrong"]]
        missed += [(stem, m) for m in result["missed"]]
    return totals, wrong, missed


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f} %" if b else "    –  "


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all-formats", action="store_true", help="convert all 8 notices")
    parser.add_argument("--missed", action="store_true", help="list the facts the drafts miss")
    args = parser.parse_args()
    print(__doc__.split("Run:")[0])
    print(
        "PDF written by",
        "LibreOffice"
        if shutil.which("soffice") or shutil.which("libreoffice")
        else "tests/generator/drafts/notice_files.py (no LibreOffice on this machine)",
    )
    folder = Path(tempfile.mkdtemp(prefix="draft-bench-"))
    by_format: dict[str, Counter] = {}
    totals = {k: Counter() for k in KINDS}
    times: list[tuple[str, str, float]] = []
    wrongs, missed = [], []
    for path in NOTICES:
        stem = path.name.replace(".notice.txt", "")
        gold_file = path.with_name(f"{stem}.yaml")
        gold = yamlpos.load(gold_file.read_text("utf-8")).data
        kinds = ["txt"] + (["docx", "pdf", "html"] if args.all_formats or stem in CONVERTED else [])
        for kind in kinds:
            source = path if kind == "txt" else convert(path, kind, folder)
            drafted, todos, seconds = draft_one(source, f"{stem}-{kind}", folder)
            result = compare(gold, drafted, todos)
            times.append((stem, kind, seconds))
            fmt = by_format.setdefault(kind, Counter())
            same = by_format.setdefault("txt, same notices", Counter())
            for k, c in result["kinds"].items():
                fmt.update(c)
                if kind == "txt" and len(kinds) > 1:
                    same.update(c)
                if kind == "txt":
                    totals[k].update(c)
            wrongs += [(stem, kind, w) for w in result["wrong"]]
            if kind == "txt":
                missed += [(stem, m) for m in result["missed"]]
    print("Per kind of fact (the 8 notices as plain text):")
    print(f"  {'kind':<11}{'gold':>6}{'drafted':>9}{'right':>7}{'to do':>7}   precision   recall")
    overall = Counter()
    for k in KINDS:
        c = totals[k]
        overall.update(c)
        print(
            f"  {k:<11}{c['gold']:>6}{c['drafted']:>9}{c['right']:>7}{c['todo']:>7}   {pct(c['right'], c['drafted'])}   {pct(c['right'], c['gold'])}"
        )
    print(
        f"  {'overall':<11}{overall['gold']:>6}{overall['drafted']:>9}{overall['right']:>7}{overall['todo']:>7}   {pct(overall['right'], overall['drafted'])}   {pct(overall['right'], overall['gold'])}"
    )
    print(
        "\nPer input format ("
        + ", ".join(CONVERTED if not args.all_formats else ["all 8"])
        + " for docx/pdf/html; txt: all 8):"
    )
    for kind, c in by_format.items():
        print(
            f"  {kind:<18} facts {c['gold']:>4}  precision {pct(c['right'], c['drafted'])}  recall {pct(c['right'], c['gold'])}"
        )
    if wrongs:
        print("\nWrong drafted facts (not in the hand-written file):")
        for stem, kind, (k, f) in wrongs:
            print(f"  {stem} [{kind}] {k}: {f}")
    else:
        print("\nWrong drafted facts: none")
    held, held_wrong, held_missed = heldout(folder, times)
    print(
        "\nHELD-OUT notices (not used to build the draft; gold facts written by hand in"
        " tests/generator/drafts/heldout/gold.py; each drafted from the format it came in):"
    )
    print(f"  {'kind':<11}{'gold':>6}{'drafted':>9}{'right':>7}{'to do':>7}   precision   recall")
    held_all = Counter()
    for k in KINDS:
        c = held[k]
        held_all.update(c)
        print(
            f"  {k:<11}{c['gold']:>6}{c['drafted']:>9}{c['right']:>7}{c['todo']:>7}   {pct(c['right'], c['drafted'])}   {pct(c['right'], c['gold'])}"
        )
    print(
        f"  {'overall':<11}{held_all['gold']:>6}{held_all['drafted']:>9}{held_all['right']:>7}{held_all['todo']:>7}   {pct(held_all['right'], held_all['drafted'])}   {pct(held_all['right'], held_all['gold'])}"
    )
    if held_wrong:
        print("\nHeld-out wrong drafted facts (stated without !todo, not in the gold facts):")
        for stem, kind, (k, f) in held_wrong:
            print(f"  {stem} [{kind}] {k}: {f}")
    else:
        print("\nHeld-out wrong drafted facts: none")
    if args.missed:
        print("\nHeld-out gold facts the drafts leave to do or miss:")
        for stem, (k, f) in held_missed:
            print(f"  {stem} {k}: {f}")
    if args.missed:
        print("\nHand-written facts the drafts leave to do or miss (plain text):")
        for stem, (k, f) in missed:
            print(f"  {stem} {k}: {f}")
    print("\nTime per notice (read + draft, best of 3):")
    for stem, kind, seconds in times:
        print(f"  {stem:<26} {kind:<5} {seconds * 1000:7.1f} ms")
    print(f"  slowest: {max(s for *_, s in times) * 1000:.1f} ms (limit 2000 ms)")
    shutil.rmtree(folder, ignore_errors=True)
    ok = (
        not wrongs
        and not held_wrong
        and overall["right"] >= 0.7 * overall["gold"]
        and max(s for *_, s in times) < 2
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
