"""Validating a received bundle against its program's YAML: the one check the CLI and the function share.

The archive is vetted first (archive.SafeZip); then every file is read exactly once, in archive
order, and judged as soon as it is read, so only a few small facts per file stay in memory.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import tempfile
import threading

from policy import formats, idnumber, naming

from . import photo, roster
from .archive import Entry, Limits, SafeZip, sniff_archive
from .budget import Budget
from .layout import Layout, needed_by_everyone, plan
from .problems import (
    BundleError,
    clip,
    conditions_params,
    grouped,
    kb,
    levels_params,
    material_params,
    message,
    paper_params,
    problem,
)

log = logging.getLogger("functions.upload")
EXAMPLES = frozenset({naming.EXAMPLE_ID})  # synthetic, shown in naming examples on purpose

MAX_PHOTO_READ = 32 << 20  # Pillow gets at most this much; bigger "photos" are refused by size
MAX_ROSTER_BYTES = 50 << 20
HEAD = 2048
KINDS = ("individual", "group")
NESTED_ARCHIVES = ("zip", "rar", "7z")
DEFAULT_LIMITS = Limits()


@dataclasses.dataclass
class Seen:
    """What the single read pass learned about one file."""

    material: dict | None
    fmt: str | None
    name_id: tuple[str, str] | None = None
    archive: bool = False  # an archive inside the archive: what it holds was never unpacked


def check_file(
    path: str,
    program: dict,
    kind: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    budget: Budget | None = None,
) -> dict:
    """The report for the bundle at `path` (bundle-report.schema.json). Never raises on bad input.
    Work is bounded by `limits` (the archive) and `budget` (time, decoded pixels).

    The SHA-256 of the whole file runs in a second thread: hashing and inflating both release the
    GIL, so on two cores the hash costs almost nothing.
    """
    hashed: dict = {}
    hasher = threading.Thread(target=lambda: hashed.update(r=hash_file(path)), name="sha256")
    try:
        hasher.start()
    except RuntimeError:  # no new threads (interpreter shutting down): hash inline instead
        hasher = None
    try:
        report = _check(path, program, kind, limits, budget)
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        raise  # unreadable file: the caller's concern (CLI exit 2, function retries)
    except Exception:  # a validator bug must still end in a report, never a traceback
        log.exception("bundle check failed unexpectedly")
        base = {"program": program["id"], "kind": kind or "individual"}
        report = _report(base, [problem("internal-error")], [], [])
    finally:
        if hasher is not None:
            hasher.join()
    size, digest = hashed["r"] if "r" in hashed else hash_file(path)
    report["sha256"], report["size"] = digest, size
    if program.get("as_of"):  # the day whose rules judged it (policy.programs.in_force)
        report["as_of"] = program["as_of"]
    return report


def _check(
    path: str, program: dict, kind: str | None, limits: Limits, budget: Budget | None
) -> dict:
    base = {"program": program["id"], "kind": kind or "individual", "sha256": "", "size": 0}
    size = os.path.getsize(path)
    budget = budget or Budget.for_archive(size)
    if size == 0:
        return _report(base, [problem("not-an-archive")], [], [])
    with open(path, "rb") as fh:
        fmt = sniff_archive(fh.read(512))
        if fmt is None:
            return _report(base, [problem("not-an-archive")], [], [])
        if fmt != "zip":
            return _report(base, [problem("unsupported-archive", format=fmt)], [], [])
        try:
            with (
                SafeZip(fh, limits, budget) as z,
                tempfile.TemporaryDirectory(prefix="bundle-") as tmp,
            ):
                return _validate(z, program, kind, base, tmp, budget)
        except BundleError as exc:
            return _report(base, [exc.problem], [], [])


def hash_file(path: str) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
            size += len(block)
    return size, h.hexdigest()


def _redact(text: str, keep: frozenset[str] = frozenset()) -> str:
    return idnumber.redact(text, keep)


MAX_SAME = 20  # problems of one code shown one by one; the rest are counted in one entry
MAX_REPORT_BYTES = 1 << 20


def _grouped(problems: list[dict], shown: int = MAX_SAME) -> list[dict]:
    """Repeated problems of one code, past `shown`, become one entry that counts them: 5 000
    rows with the same fault are one fault to fix, not a 10 MB report nobody reads."""
    kept, extra, first, counts = [], {}, {}, {}
    for p in problems:
        code = p["code"]
        first.setdefault(code, p)
        if "more" in p:  # already a count (a report bounded once more)
            extra[code] = extra.get(code, 0) + p["more"]
        elif counts.get(code, 0) < shown:
            counts[code] = counts.get(code, 0) + 1
            kept.append(p)
        else:
            extra[code] = extra.get(code, 0) + 1
    for code, count in extra.items():
        kept.append(
            {
                "code": code,
                "severity": first[code]["severity"],
                "path": None,
                "more": count,
                "message": message(
                    "more-like-this", count=grouped(count), kind=code, shown=counts.get(code, 0)
                ),
            }
        )
    return kept


def _report(base: dict, problems: list[dict], candidates: list[dict], notes: list[dict]) -> dict:
    problems = _grouped(problems)
    for p in problems:  # a path or message may quote a file name holding an ID number
        if p.get("path"):
            p["path"] = clip(_redact(p["path"]))
        p["message"] = {k: _redact(v, EXAMPLES) for k, v in p["message"].items()}
    for c in candidates:  # folders are often named name_IDnumber
        for field in ("name", "folder"):
            if c.get(field):
                c[field] = clip(_redact(c[field]))
    for n in notes:
        if n.get("path"):
            n["path"] = clip(_redact(n["path"]))
        n["message"] = {k: _redact(v, EXAMPLES) for k, v in n["message"].items()}
    report = {
        **base,
        "accepted": not any(p["severity"] == "error" for p in problems),
        "problems": problems,
        "candidates": candidates,
        "notes": notes,
    }
    return _bounded(report)


def _size(report: dict) -> int:
    return len(json.dumps(report, ensure_ascii=False).encode("utf-8"))


def _bounded(report: dict, limit: int = MAX_REPORT_BYTES) -> dict:
    """A report under `limit` bytes. Every quoted value is clipped (problems.clip), so what can
    still grow is the number of entries: candidates are cut first (a roster of thousands), then
    fewer problems of each code are shown one by one (the rest counted), then notes and
    problems past what fits are left out, each list saying how many it left out. The verdict
    (`accepted`) is decided before and never changes."""
    size = _size(report)
    candidates = report["candidates"]
    if size > limit and candidates:
        keep = max(1, int(len(candidates) * limit / size * 0.9))
        report["candidates_left_out"] = len(candidates) - keep
        report["candidates"] = candidates[:keep]
        size = _size(report)
    for shown in (5, 1):
        if size <= limit:
            return report
        report["problems"] = _grouped(report["problems"], shown)
        size = _size(report)
    for field in ("notes", "problems", "candidates"):
        while size > limit and report[field]:
            items = report[field]
            keep = min(len(items) - 1, int(len(items) * limit / size * 0.8))
            if field == "problems":  # the errors that decide the verdict come first
                items = sorted(items, key=lambda p: p["severity"] != "error")
            report[f"{field}_left_out"] = report.get(f"{field}_left_out", 0) + len(items) - keep
            report[field] = items[:keep]
            size = _size(report)
    return report


def _validate(
    z: SafeZip, program: dict, kind: str | None, base: dict, tmp: str, budget: Budget
) -> dict:
    files = [e for e in z.entries if not e.is_dir and not _junk(e)]
    if not files:
        return _report(base, [problem("empty-archive")], [], [])
    dirs = tuple(e for e in z.entries if e.is_dir)
    layout = plan(files, program, kind, dirs)
    base["kind"] = layout.kind
    problems: list[dict] = []
    seen: dict[str, Seen] = {}
    roster_file = None
    for entry in files:  # archive order: sequential reads
        if layout.roster is not None and entry.path == layout.roster.path:
            roster_file = _copy_roster(z, entry, tmp, program, problems, budget)
            continue
        budget.tick()
        material = layout.material_of(entry, program)
        seen[entry.path] = _inspect(z, entry, material, program, problems, budget)
    if roster_file is None and seen and all(s.archive for s in seen.values()):
        # Nothing but archives inside: the real bundle is in there. One message each, no
        # cascade of materials "missing" that are only packed one level too deep.
        alone = [
            problem("nested-archive", path=path, variant="alone")
            for path, s in seen.items()
            if s.archive
        ]
        return _report(base, alone, [], [])
    notes: list[dict] = []
    rows = _read_roster(roster_file, layout.roster, program, problems, notes, budget)
    candidates = layout.judge(seen, rows, program, problems)
    notes += _paper_notes(seen) + _conditional_notes(program, seen)
    return _report(base, problems, candidates, notes)


def _junk(e: Entry) -> bool:
    name = e.name.casefold()
    return (
        any(p.casefold() == "__macosx" for p in e.parts)
        or name in (".ds_store", "thumbs.db", "desktop.ini")
        or name.startswith("._")
        or name.startswith("~$")
    )


def _inspect(
    z: SafeZip,
    entry: Entry,
    material: dict | None,
    program: dict,
    problems: list[dict],
    budget: Budget,
) -> Seen:
    is_photo = material is not None and material.get("photo") is not None
    photo_m = naming.photo_material(program)
    # A file named with an ID number and nothing else we know is the photo, named wrongly:
    # say how to name it rather than that the photo is missing.
    if (
        material is None
        and photo_m is not None
        and naming.ID_SHAPE.search(naming.canonical(entry.name))
    ):
        material, is_photo = photo_m, True
    if material is None:
        # Not a material: only what it is matters (an archive inside? an unknown file), and
        # its first bytes say that. The rest is never inflated, so unknown files cost nothing
        # however large they claim to be.
        data = _head(z, entry)
        members = None
    else:
        budget.inflated(entry.size, entry.path)  # the reader never passes the declared size
        if is_photo and entry.size <= MAX_PHOTO_READ:
            data = tail = z.read(entry)
        else:
            data, tail = z.ends(entry, HEAD, formats.TAIL)
        members = formats.central_names(tail, entry.size) if data[:4] == b"PK\x03\x04" else None
    fmt = formats.sniff(data[:HEAD], entry.name, members)
    result = Seen(material, fmt)
    if material is not None and naming.on_paper_only(material):
        return result  # handed in on paper: noted (_paper_notes), never judged as a file
    if entry.size == 0:
        problems.append(problem("empty-file", path=entry.path))
        return result
    allowed = [str(f) for f in (material or {}).get("formats") or []]
    if fmt not in allowed and (fmt in NESTED_ARCHIVES or (fmt is None and sniff_archive(data))):
        # An archive inside the archive, whatever its name: the files it holds were never
        # unpacked. Said once; what it may hold is not called missing (layout.judge).
        about = material_params(material) if material is not None else {}
        problems.append(
            problem(
                "nested-archive",
                path=entry.path,
                about_zh=f"（{about['material_zh']}）" if about else "",
                about_en=f" ({about['material_en']})" if about else "",
            )
        )
        result.archive = True
        return result
    if material is None:
        problems.append(_unknown(entry.path, program))
        return result
    params = material_params(material)
    if allowed and fmt not in allowed:
        what_zh, what_en = formats.words(fmt)
        if is_photo and allowed == ["jpeg"]:
            problems.append(problem("photo-not-jpeg", path=entry.path, **params))
        elif allowed == ["pdf"]:
            problems.append(problem("not-pdf", path=entry.path, **_not_pdf(fmt), **params))
        else:
            problems.append(
                problem(
                    "wrong-format",
                    path=entry.path,
                    found=formats.label(fmt),
                    what_zh=what_zh,
                    what_en=what_en,
                    allowed=formats.allowed_label(allowed),
                    **params,
                )
            )
        return result
    limit = material.get("max_bytes")
    if limit and entry.size > int(limit):
        code = "photo-too-large" if is_photo else "file-too-large"
        problems.append(problem(code, path=entry.path, **_sizes(entry.size, int(limit)), **params))
    least = material.get("min_bytes")
    if least and entry.size < int(least):
        problems.append(
            problem(
                "photo-below-min-size" if is_photo else "file-below-min-size",
                path=entry.path,
                size_bytes=grouped(entry.size),
                min_bytes=grouped(int(least)),
                min_kb=kb(int(least)),
                **params,
            )
        )
    result.name_id = _check_name(entry, material, is_photo, problems)
    if is_photo and fmt in ("jpeg", "png"):
        if entry.size > MAX_PHOTO_READ:
            problems.append(
                problem(
                    "file-too-large",
                    path=entry.path,
                    **_sizes(entry.size, MAX_PHOTO_READ),
                    **params,
                )
            )
        else:
            problems.extend(
                photo.inspect(
                    data,
                    entry.path,
                    material.get("photo"),
                    want_jpeg=allowed == ["jpeg"],
                    params=params,
                    budget=budget,
                )
            )
    return result


def _head(z: SafeZip, entry: Entry) -> bytes:
    """The first HEAD bytes of an entry, inflating no more than that: no checksum is checked
    (that needs every byte), so a damaged entry reads as whatever its start holds."""
    try:
        with z.zf.open(entry.info) as src:
            return src.read(HEAD)
    except Exception:  # noqa: BLE001 - damaged in any way: an unknown file with no known start
        return b""


def _not_pdf(fmt: str | None) -> dict:
    """{what_zh, what_en, fix_zh, fix_en}: what the file is instead of a PDF, and how to make
    the PDF from it (a Word document is saved as PDF; a picture or a scan is printed to PDF)."""
    what_zh, what_en = formats.words(fmt)
    if fmt in ("docx", "doc", "xlsx", "xls", "pptx"):
        fix = (
            "请用 Word、WPS 或 Excel 打开它，选择“另存为 → PDF”（或“打印 → 另存为 PDF”），放入 PDF 文件",
            "Open it in Word, WPS or Excel and choose Save As > PDF (or Print > Save as PDF); "
            "put that PDF in its place",
        )
    else:
        fix = (
            "请用扫描软件或“打印 → 另存为 PDF”生成 PDF，不要只修改扩展名",
            "Make a PDF with your scanning app or with 'Print > Save as PDF'; renaming the "
            "file is not enough",
        )
    if fmt is None:
        return {"what_zh": "", "what_en": "", "fix_zh": fix[0], "fix_en": fix[1]}
    return {
        "what_zh": f"，而是{what_zh}",
        "what_en": f": it is {what_en}",
        "fix_zh": fix[0],
        "fix_en": fix[1],
    }


def _name_fix(filename: str, pattern: str, upper: bool) -> dict:
    """{odd_zh, odd_en, fix_zh, fix_en}: what is odd in a name that breaks the rule (invisible
    characters, a doubled extension, a space before it, the order reversed, the separator) and
    the one action: rename it to the corrected name when there is one, else the rule."""
    reasons, corrected = naming.name_fixes(filename, pattern)
    words = {
        "pattern_zh": naming.naming_words(pattern, "zh"),
        "pattern_en": naming.naming_words(pattern, "en"),
        "example": naming.naming_example(pattern),
    }
    if corrected and upper:
        corrected = naming.upper_x(corrected, pattern) or corrected
    if corrected:
        corrected = clip(corrected)
        fix_zh = f"请把文件改名为“{corrected}”（规则是“{words['pattern_zh']}”）。"
        fix_en = f"Rename it '{corrected}' (the rule is '{words['pattern_en']}')."
    else:
        parts_zh = naming.naming_parts(pattern, "zh", upper)
        parts_en = naming.naming_parts(pattern, "en", upper)
        fix_zh = f"请按“{words['pattern_zh']}”命名，例如“{words['example']}”（{parts_zh}）。"
        fix_en = f"Name it '{words['pattern_en']}', e.g. '{words['example']}' ({parts_en})."
    return {
        "odd_zh": "".join(z for z, _ in reasons),
        "odd_en": "".join(e for _, e in reasons),
        "fix_zh": fix_zh,
        "fix_en": fix_en,
        **words,
    }


def _sizes(size: int, limit: int) -> dict:
    """Both byte counts, as people can check them: 20 481 bytes against 20 480 bytes = 20 KB."""
    return {"size_bytes": grouped(size), "limit_bytes": grouped(limit), "limit_kb": kb(limit)}


def _check_name(
    entry: Entry, material: dict, is_photo: bool, problems: list[dict]
) -> tuple[str, str] | None:
    rule = material.get("naming") or {}
    pattern = rule.get("pattern")
    parsed = naming.parse_name_id(entry.name) if is_photo else None
    if pattern:
        pattern = str(pattern)
        m = naming.naming_regex(pattern).match(naming.canonical(entry.name))
        if not m:
            upper = bool(rule.get("uppercase_x"))
            problems.append(
                problem(
                    "photo-name",
                    path=entry.path,
                    **_name_fix(entry.name, pattern, upper),
                    **material_params(material),
                )
            )
            return None
        groups = m.groupdict()
        if groups.get("id_number"):  # {id_number}.jpg names no one: the name stays empty
            parsed = ((groups.get("name") or "").strip(), groups["id_number"].upper())
        corrected = (
            naming.upper_x(naming.canonical(entry.name), pattern)
            if rule.get("uppercase_x")
            else None
        )
        if corrected:
            problems.append(
                problem(
                    "lowercase-x",
                    path=entry.path,
                    corrected=corrected,
                    **material_params(material),
                )
            )
    if parsed:
        reason = idnumber.problem_with(parsed[1])
        if reason:
            zh, en = idnumber.REASONS[reason]
            problems.append(
                problem(
                    "id-number-invalid",
                    path=entry.path,
                    where=entry.path,
                    masked=idnumber.mask(parsed[1]),
                    reason_zh=zh,
                    reason_en=en,
                )
            )
    return parsed


def _unknown(path: str, program: dict) -> dict:
    mats = [m for m in program.get("materials") or [] if not naming.on_paper_only(m)]
    examples = [naming.keyword_examples(m) for m in mats[:2]]
    zh = "、".join(f"{z}.pdf" for z, _ in examples)
    en = ", ".join(f"{e}.pdf" for _, e in examples)
    return problem("unknown-file", path=path, example_zh=zh, example_en=en)


def _copy_roster(
    z: SafeZip, entry: Entry, tmp: str, program: dict, problems: list[dict], budget: Budget
):
    if entry.size > MAX_ROSTER_BYTES:
        problems.append(_roster_problem(entry.path, program, "文件过大", "the file is too large"))
        return None
    budget.inflated(entry.size, entry.path)
    target = os.path.join(tmp, "roster.xlsx")
    with open(target, "wb") as out:
        z.copy_to(entry, out)
    with open(target, "rb") as fh:
        head = fh.read(HEAD)
        fh.seek(max(0, entry.size - formats.TAIL))
        tail = fh.read()
    members = formats.central_names(tail, entry.size) if head[:4] == b"PK\x03\x04" else None
    fmt = formats.sniff(head, entry.name, members)  # by content: .et, no extension, .xlsm
    if fmt != "xlsx":
        problems.append(_roster_problem(entry.path, program, *_not_xlsx(fmt, head)))
        return None
    return target


def _not_xlsx(fmt: str | None, head: bytes) -> tuple[str, str, tuple[str, str]]:
    """(reason_zh, reason_en, (fix_zh, fix_en)) for a roster that is no .xlsx workbook."""
    kind = "text" if fmt is None and formats.looks_like_text(head) else fmt
    what_zh, what_en = formats.words(kind)
    if kind is None:
        reason = (
            "它的文件格式无法识别，不是 Excel 工作簿（.xlsx）",
            "its format is not one we recognise, not an Excel workbook (.xlsx)",
        )
    else:
        reason = (
            f"它是{what_zh}，不是 Excel 工作簿（.xlsx）",
            f"it is {what_en}, not an Excel workbook (.xlsx)",
        )
    if kind in (None, "xls", "text"):
        fix = roster.SAVE_AS_XLSX
    else:
        fix = (
            "请在 Excel 或 WPS 表格中打开信息采集表，选择“另存为 → Excel 工作簿（*.xlsx）”后重新放入压缩包",
            "open the form in Excel or WPS Spreadsheets, choose Save As > Excel Workbook (*.xlsx) "
            "and put that file in the archive",
        )
    return reason[0], reason[1], fix


def _roster_spec(program: dict) -> dict:
    return ((program.get("packaging") or {}).get("group") or {}).get("roster") or {}


def _roster_words(program: dict) -> dict:
    spec = _roster_spec(program)
    m = naming.by_id(program, spec.get("material")) or {}
    cols = spec.get("columns") or {}
    heads = [str((cols.get(k) or ["?"])[0]) for k in ("name", "id_number")]
    return {
        "roster_zh": (m.get("name") or {}).get("zh", ""),
        "roster_en": (m.get("name") or {}).get("en", ""),
        "columns_zh": "、".join(heads),
        "columns_en": ", ".join(heads),
        "id_column": heads[1],
    }


def _roster_problem(
    path: str, program: dict, reason_zh: str, reason_en: str, fix=(None, None)
) -> dict:
    words = _roster_words(program)
    fix_zh = fix[0] or f"请用 Excel 另存为 .xlsx 格式，并在第一行写上表头（{words['columns_zh']}）"
    fix_en = fix[1] or (
        "save it from Excel as an .xlsx workbook with a header row naming the columns "
        f"({words['columns_en']})"
    )
    return problem(
        "roster-unreadable",
        path=path,
        reason_zh=reason_zh,
        reason_en=reason_en,
        fix_zh=fix_zh,
        fix_en=fix_en[:1].upper() + fix_en[1:],
        **words,
    )


def _read_roster(
    target: str | None,
    entry: Entry | None,
    program: dict,
    problems: list[dict],
    notes: list[dict],
    budget: Budget | None = None,
) -> list[dict] | None:
    if target is None or entry is None:
        return None
    try:
        found = roster.read(
            target,
            _roster_spec(program).get("columns") or {},
            budget.tick if budget is not None else None,
        )
    except roster.RosterError as exc:
        problems.append(
            _roster_problem(
                entry.path, program, exc.reason_zh, exc.reason_en, (exc.fix_zh, exc.fix_en)
            )
        )
        return None
    rows, numeric = found["rows"], set(found["numeric_ids"])
    if found["sheets"] > 1:
        notes.append(
            {
                "code": "roster-sheet",
                "message": message("roster-sheet", path=entry.path, sheet=found["sheet"]),
            }
        )
    if numeric:  # one problem for the column, not one per row: the cause is the format
        first = min(numeric)
        problems.append(
            problem(
                "roster-id-as-number",
                path=entry.path,
                count=len(numeric),
                row=first,
                **_roster_words(program),
            )
        )
    for row in rows:
        if row["row"] in numeric:
            # the workbook kept 15 digits: the number is lost, never compared nor shown
            row["id_number"], row["id_lost"] = "", True
            continue
        reason = idnumber.problem_with(row["id_number"])
        if reason:
            zh, en = idnumber.REASONS[reason]
            where = f"{entry.path} #{row['row']} {row['name']}"
            problems.append(
                problem(
                    "id-number-invalid",
                    path=entry.path,
                    where=where,
                    masked=idnumber.mask(row["id_number"]),
                    reason_zh=zh,
                    reason_en=en,
                )
            )
    return rows


def _paper_notes(seen: dict[str, Seen]) -> list[dict]:
    """A file of a material handed in on paper only is no error: a note says so."""
    notes = []
    for path, s in seen.items():
        if s.material is not None and naming.on_paper_only(s.material):
            notes.append(
                {
                    "code": "paper-material",
                    "material": s.material.get("id"),
                    "path": path,
                    "message": message(
                        "paper-material",
                        path=path,
                        **paper_params(s.material),
                        **material_params(s.material),
                    ),
                }
            )
    return notes


def _conditional_notes(program: dict, seen: dict[str, Seen]) -> list[dict]:
    """Materials needed only in circumstances the bundle cannot show (their own condition, the
    condition a candidate qualifies through, some levels) are noted, never demanded."""
    present = {s.material.get("id") for s in seen.values() if s.material}
    notes = []
    for m in program.get("materials") or []:
        if naming.on_paper_only(m) or needed_by_everyone(m, program) or m.get("id") in present:
            continue
        rule = m.get("rule") or {}
        words = {"rule_zh": rule.get("zh", ""), "rule_en": rule.get("en", ""), **material_params(m)}
        if m.get("conditions"):
            code, words = (
                "material-for-conditions",
                {
                    **words,
                    **conditions_params(program, m["conditions"]),
                },
            )
        elif m.get("levels") and m.get("required_when") is None:
            code, words = "material-for-levels", {**words, **levels_params(m["levels"])}
        else:
            code = "conditional-material"
        notes.append({"code": code, "material": m.get("id"), "message": message(code, **words)})
    return notes


__all__ = ["check_file", "KINDS", "Layout"]
