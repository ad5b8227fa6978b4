"""Validating a received bundle against its program's YAML: the one check the CLI and the function share.

The archive is vetted first (archive.SafeZip); then every file is read exactly once, in archive
order, and judged as soon as it is read, so only a few small facts per file stay in memory.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import tempfile
import threading

from policy import formats, idnumber, naming

from . import photo, roster
from .archive import Entry, Limits, SafeZip, sniff_archive
from .layout import Layout, plan
from .problems import BundleError, material_params, message, problem

log = logging.getLogger("functions.upload")
EXAMPLES = frozenset({naming.EXAMPLE_ID})  # synthetic, shown in naming examples on purpose

MAX_PHOTO_READ = 32 << 20  # Pillow gets at most this much; bigger "photos" are refused by size
MAX_ROSTER_BYTES = 50 << 20
HEAD = 2048
KINDS = ("individual", "group")
DEFAULT_LIMITS = Limits()


@dataclasses.dataclass
class Seen:
    """What the single read pass learned about one file."""

    material: dict | None
    fmt: str | None
    name_id: tuple[str, str] | None = None


def check_file(
    path: str, program: dict, kind: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> dict:
    """The report for the bundle at `path` (bundle-report.schema.json). Never raises on bad input.

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
        report = _check(path, program, kind, limits)
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


def _check(path: str, program: dict, kind: str | None, limits: Limits) -> dict:
    base = {"program": program["id"], "kind": kind or "individual", "sha256": "", "size": 0}
    if os.path.getsize(path) == 0:
        return _report(base, [problem("not-an-archive")], [], [])
    with open(path, "rb") as fh:
        fmt = sniff_archive(fh.read(512))
        if fmt is None:
            return _report(base, [problem("not-an-archive")], [], [])
        if fmt != "zip":
            return _report(base, [problem("unsupported-archive", format=fmt)], [], [])
        try:
            with SafeZip(fh, limits) as z, tempfile.TemporaryDirectory(prefix="bundle-") as tmp:
                return _validate(z, program, kind, base, tmp)
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


def _report(base: dict, problems: list[dict], candidates: list[dict], notes: list[dict]) -> dict:
    for p in problems:  # a path or message may quote a file name holding an ID number
        if p.get("path"):
            p["path"] = idnumber.redact(p["path"])
        p["message"] = {k: idnumber.redact(v, EXAMPLES) for k, v in p["message"].items()}
    for c in candidates:  # folders are often named name_IDnumber
        for field in ("name", "folder"):
            if c.get(field):
                c[field] = idnumber.redact(c[field])
    return {
        **base,
        "accepted": not any(p["severity"] == "error" for p in problems),
        "problems": problems,
        "candidates": candidates,
        "notes": notes,
    }


def _validate(z: SafeZip, program: dict, kind: str | None, base: dict, tmp: str) -> dict:
    files = [e for e in z.entries if not e.is_dir and not _junk(e)]
    if not files:
        return _report(base, [problem("empty-archive")], [], [])
    layout = plan(files, program, kind)
    base["kind"] = layout.kind
    problems: list[dict] = []
    seen: dict[str, Seen] = {}
    roster_file = None
    for entry in files:  # archive order: sequential reads
        if layout.roster is not None and entry.path == layout.roster.path:
            roster_file = _copy_roster(z, entry, tmp, program, problems)
            continue
        seen[entry.path] = _inspect(z, entry, layout.material_of(entry, program), program, problems)
    rows = _read_roster(roster_file, layout.roster, program, problems)
    candidates = layout.judge(seen, rows, program, problems)
    notes = _conditional_notes(program, seen)
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
    z: SafeZip, entry: Entry, material: dict | None, program: dict, problems: list[dict]
) -> Seen:
    is_photo = material is not None and material.get("photo") is not None
    photo_m = naming.photo_material(program)
    # A file named with an ID number and nothing else we know is the photo, named wrongly:
    # say how to name it rather than that the photo is missing.
    if material is None and photo_m is not None and naming.ID_SHAPE.search(entry.name):
        material, is_photo = photo_m, True
    want_all = is_photo and entry.size <= MAX_PHOTO_READ
    data = z.read(entry) if want_all else z.read(entry, head=HEAD)
    fmt = formats.sniff(data[:HEAD], entry.name)
    result = Seen(material, fmt)
    if entry.size == 0:
        problems.append(problem("empty-file", path=entry.path))
        return result
    if material is None:
        problems.append(_unknown(entry.path, program))
        return result
    allowed = [str(f) for f in material.get("formats") or []]
    params = material_params(material)
    if allowed and fmt not in allowed:
        if is_photo and allowed == ["jpeg"]:
            problems.append(problem("photo-not-jpeg", path=entry.path, **params))
        elif allowed == ["pdf"]:
            problems.append(problem("not-pdf", path=entry.path, **params))
        else:
            problems.append(
                problem(
                    "wrong-format",
                    path=entry.path,
                    found=formats.label(fmt),
                    allowed=formats.allowed_label(allowed),
                    **params,
                )
            )
        return result
    limit = material.get("max_bytes")
    if limit and entry.size > int(limit):
        code = "photo-too-large" if is_photo else "file-too-large"
        problems.append(
            problem(
                code, path=entry.path, size_kb=_kb(entry.size), limit_kb=_kb(int(limit)), **params
            )
        )
    result.name_id = _check_name(entry, material, is_photo, problems)
    if is_photo and fmt in ("jpeg", "png"):
        if entry.size > MAX_PHOTO_READ:
            problems.append(
                problem(
                    "file-too-large",
                    path=entry.path,
                    size_kb=_kb(entry.size),
                    limit_kb=_kb(MAX_PHOTO_READ),
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
                )
            )
    return result


def _kb(n: int) -> str:
    kb = n / 1024
    return f"{kb:.0f}" if kb >= 10 or kb.is_integer() else f"{kb:.1f}"


def _check_name(
    entry: Entry, material: dict, is_photo: bool, problems: list[dict]
) -> tuple[str, str] | None:
    pattern = (material.get("naming") or {}).get("pattern")
    parsed = naming.parse_name_id(entry.name) if is_photo else None
    if pattern:
        m = naming.naming_regex(str(pattern)).match(entry.name)
        if not m:
            problems.append(
                problem(
                    "photo-name",
                    path=entry.path,
                    pattern_zh=naming.naming_words(str(pattern), "zh"),
                    pattern_en=naming.naming_words(str(pattern), "en"),
                    example=naming.naming_example(str(pattern)),
                    **material_params(material),
                )
            )
            return None
        groups = m.groupdict()
        if groups.get("name") and groups.get("id_number"):
            parsed = (groups["name"].strip(), groups["id_number"].upper())
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
    mats = program.get("materials") or []
    examples = [naming.keyword_examples(m) for m in mats[:2]]
    zh = "、".join(f"{z}.pdf" for z, _ in examples)
    en = ", ".join(f"{e}.pdf" for _, e in examples)
    return problem("unknown-file", path=path, example_zh=zh, example_en=en)


def _copy_roster(z: SafeZip, entry: Entry, tmp: str, program: dict, problems: list[dict]):
    if entry.size > MAX_ROSTER_BYTES:
        problems.append(_roster_problem(entry.path, program, "文件过大", "the file is too large"))
        return None
    head = z.read(entry, head=HEAD) if entry.size else b""
    fmt = formats.sniff(head, entry.name)
    if fmt != "xlsx":
        found = formats.label(fmt)
        problems.append(
            _roster_problem(
                entry.path,
                program,
                f"文件格式是 {found}，不是 .xlsx",
                f"it is a {found} file, not .xlsx",
            )
        )
        return None
    target = os.path.join(tmp, "roster.xlsx")
    with open(target, "wb") as out:
        z.copy_to(entry, out)
    return target


def _roster_spec(program: dict) -> dict:
    return ((program.get("packaging") or {}).get("group") or {}).get("roster") or {}


def _roster_problem(path: str, program: dict, reason_zh: str, reason_en: str) -> dict:
    spec = _roster_spec(program)
    m = naming.by_id(program, spec.get("material")) or {}
    cols = spec.get("columns") or {}
    heads = [str((cols.get(k) or ["?"])[0]) for k in ("name", "id_number")]
    return problem(
        "roster-unreadable",
        path=path,
        roster_zh=(m.get("name") or {}).get("zh", ""),
        roster_en=(m.get("name") or {}).get("en", ""),
        reason_zh=reason_zh,
        reason_en=reason_en,
        columns_zh="、".join(heads),
        columns_en=", ".join(heads),
    )


def _read_roster(
    target: str | None, entry: Entry | None, program: dict, problems: list[dict]
) -> list[dict] | None:
    if target is None or entry is None:
        return None
    try:
        rows = roster.read(target, _roster_spec(program).get("columns") or {})
    except roster.RosterError as exc:
        problems.append(_roster_problem(entry.path, program, exc.reason_zh, exc.reason_en))
        return None
    for row in rows:
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


def _conditional_notes(program: dict, seen: dict[str, Seen]) -> list[dict]:
    """Materials needed only in circumstances the bundle cannot show are noted, never demanded."""
    present = {s.material.get("id") for s in seen.values() if s.material}
    notes = []
    for m in program.get("materials") or []:
        if m.get("required_when") is not None and m.get("id") not in present:
            rule = m.get("rule") or {}
            notes.append(
                {
                    "code": "conditional-material",
                    "material": m.get("id"),
                    "message": message(
                        "conditional-material",
                        rule_zh=rule.get("zh", ""),
                        rule_en=rule.get("en", ""),
                        **material_params(m),
                    ),
                }
            )
    return notes


__all__ = ["check_file", "KINDS", "Layout"]
