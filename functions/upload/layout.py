"""The shape of a bundle: individual or group, where each candidate's files are, and whether the
group's folders, roster rows and photos agree. Works on names only; bundle.py reads the bytes.
"""

from __future__ import annotations

import dataclasses

from policy import idnumber, naming

from .archive import Entry
from .problems import clip, material_params, problem


def needed_by_everyone(material: dict, program: dict) -> bool:
    """Whether every candidate must put this material in the bundle. Not one handed in on paper
    only, nor one needed only in circumstances the bundle cannot show: its own condition
    (required_when), the conditions a candidate qualifies through, or some levels only (a list
    of levels that covers every level offered is no restriction)."""
    if naming.on_paper_only(material):
        return False
    if material.get("required_when") is not None or material.get("conditions"):
        return False
    if material.get("levels"):
        offered = {lv.get("level") for lv in program.get("levels") or []}
        return bool(offered) and offered <= set(material["levels"])
    return True


def _group_spec(program: dict) -> dict:
    return (program.get("packaging") or {}).get("group") or {}


def _strip_root(files: list[Entry], keep_depth: int) -> int:
    """How many leading folders every file shares (a wrapper folder around the bundle)."""
    depth = 0
    while True:
        firsts = {tuple(e.parts[: depth + 1]) for e in files}
        if len(firsts) != 1 or any(len(e.parts) <= depth + 1 for e in files):
            return depth
        if not any(len(e.parts) > depth + 1 + keep_depth for e in files):
            return depth
        depth += 1


@dataclasses.dataclass
class Layout:
    kind: str
    strip: int
    files: list[Entry]
    roster: Entry | None = None
    photo_folder: str | None = None
    folders: dict[str, list[Entry]] = dataclasses.field(default_factory=dict)
    stray: list[Entry] = dataclasses.field(default_factory=list)
    empty: set[str] = dataclasses.field(default_factory=set)  # candidate folders with no file

    def rel(self, e: Entry) -> list[str]:
        return e.parts[self.strip :]

    def material_of(self, e: Entry, program: dict) -> dict | None:
        rel = self.rel(e)
        if self.kind == "group" and self.photo_folder is not None and rel[0] == self.photo_folder:
            return naming.photo_material(program)
        return naming.identify(e.name, program.get("materials") or [])

    # ------------------------------------------------------------------ verdicts
    def judge(
        self, seen: dict, rows: list[dict] | None, program: dict, problems: list[dict]
    ) -> list[dict]:
        if self.kind == "individual":
            return self._judge_individual(seen, program, problems)
        return self._judge_group(seen, rows, program, problems)

    def _judge_individual(self, seen, program, problems) -> list[dict]:
        found = {s.material.get("id") for s in seen.values() if s.material}
        if not any(getattr(s, "archive", False) for s in seen.values()):
            # an archive inside may hold what looks missing: it is said once, as an archive
            problems.extend(_missing(program, found, set(), None))
        for s in seen.values():
            if s.name_id:
                return [_candidate(s.name_id[0], s.name_id[1], None)]
        return []

    def _judge_group(self, seen, rows, program, problems) -> list[dict]:
        for folder in sorted(self.empty):
            problems.append(problem("empty-folder", path=folder + "/"))
        spec = _group_spec(program)
        roster_spec = spec.get("roster") or {}
        photo_spec = spec.get("photo_folder") or {}
        exempt = {roster_spec.get("material"), photo_spec.get("material")} - {None}
        for entry in self.stray:
            s = seen.get(entry.path)
            if (
                s
                and s.material
                and s.material.get("id") not in exempt
                and not naming.on_paper_only(s.material)
            ):
                problems.append(
                    _mismatch(
                        program,
                        f"“{entry.path}”应放进该考生的文件夹",
                        f"'{entry.path}' belongs inside its candidate's folder",
                        entry.path,
                    )
                )
        if not self.folders:
            problems.append(
                _mismatch(
                    program,
                    "压缩包里没有考生文件夹（每位考生一个文件夹）",
                    "the archive has no candidate folders (one folder per candidate)",
                    None,
                )
            )
        for folder, entries in self.folders.items():
            found = {
                seen[e.path].material.get("id")
                for e in entries
                if e.path in seen and seen[e.path].material
            }
            if not any(getattr(seen.get(e.path), "archive", False) for e in entries):
                problems.extend(_missing(program, found, exempt, folder))
        if roster_spec and self.roster is None:
            m = naming.by_id(program, roster_spec.get("material")) or {}
            problems.extend(_missing(program, set(), set(), None, only=m.get("id")))
        photos: dict[str, tuple[str, str]] = {}
        if photo_spec:
            if self.photo_folder is None:
                word = str((photo_spec.get("keywords") or ["photo"])[0])
                problems.append(
                    _mismatch(
                        program,
                        f"没有照片文件夹（如“{word}”）",
                        f"there is no photo folder (e.g. '{word}')",
                        None,
                    )
                )
            for e in self.files:
                rel = self.rel(e)
                if self.photo_folder is not None and rel[0] == self.photo_folder and e.path in seen:
                    photos[e.path] = seen[e.path].name_id or ("", "")
        if rows is not None:
            return self._match_roster(
                rows,
                photos,
                program,
                problems,
                bool(photo_spec) and self.photo_folder is not None,
                seen,
            )
        return self._folder_candidates(seen, photos)

    def _folder_candidates(self, seen, photos) -> list[dict]:
        out = []
        for folder, entries in self.folders.items():
            ident = naming.parse_name_id(folder)
            if ident is None:
                ident = next(
                    (
                        seen[e.path].name_id
                        for e in entries
                        if e.path in seen and seen[e.path].name_id
                    ),
                    None,
                )
            name, number = ident or (folder, "")
            out.append(_candidate(name, number, folder))
        return out

    def _match_roster(self, rows, photos, program, problems, want_photos, seen=None) -> list[dict]:
        """Rows, folders and photos matched by ID number. A row whose ID number the workbook
        lost (stored as a number: roster-id-as-number says so once) is matched by name; when
        not even that finds its folder or photo, nothing is claimed about it, and its ID number
        is taken from its folder or photo, never from the rounded number."""
        candidates = []
        by_id: dict[str, dict] = {}
        lost = [r for r in rows if r.get("id_lost")]
        unsure_folders = unsure_photos = False
        named_photos: set[str] = set()
        for row in rows:
            if row.get("id_lost"):
                continue
            number = idnumber.normalise(row["id_number"])
            if number in by_id:
                problems.append(
                    _mismatch(
                        program,
                        f"身份证号 {clip(idnumber.mask(number))} 在表中出现了两次",
                        f"the ID number {clip(idnumber.mask(number))} appears twice in the form",
                        self.roster.path,
                    )
                )
            by_id[number] = row
        unmatched_folders = set(self.folders)
        for row in lost:
            folder = _folder_by_name(row["name"], unmatched_folders)
            hit = [p for p, (pname, _) in photos.items() if pname and pname == row["name"]]
            named_photos.update(hit)
            unsure_folders |= folder is None
            unsure_photos |= not hit
            if folder is not None:
                unmatched_folders.discard(folder)
            number = self._number_of(folder, hit, photos, seen or {})
            candidates.append(_candidate(row["name"], number, folder))
        for row in rows:
            if row.get("id_lost"):
                continue
            number = idnumber.normalise(row["id_number"])
            masked = clip(idnumber.mask(number))
            folder = _folder_for(row, number, unmatched_folders)
            if folder is None and _folder_for(row, number, set(self.empty)) is not None:
                pass  # its folder is there but empty: said once, by empty-folder
            elif folder is None:
                problems.append(
                    _mismatch(
                        program,
                        f"表中第 {row['row']} 行“{clip(row['name'])}”（{masked}）没有对应的考生文件夹",
                        f"row {row['row']} of the form, '{clip(row['name'])}' ({masked}), has no candidate "
                        "folder",
                        self.roster.path,
                    )
                )
            else:
                unmatched_folders.discard(folder)
            if want_photos:
                hit = [p for p, (_, pid) in photos.items() if pid == number]
                if not hit:
                    problems.append(
                        _mismatch(
                            program,
                            f"“{clip(row['name'])}”（{masked}）在照片文件夹中没有照片",
                            f"'{clip(row['name'])}' ({masked}) has no photo in the photo folder",
                            self.photo_folder,
                        )
                    )
                for p in hit:
                    if photos[p][0] and photos[p][0] != row["name"]:  # ID-only names carry none
                        problems.append(
                            _mismatch(
                                program,
                                f"照片“{clip(p)}”上的姓名与表中“{clip(row['name'])}”不一致",
                                f"the name on the photo '{clip(p)}' differs from '{clip(row['name'])}' in the form",
                                p,
                            )
                        )
            candidates.append(_candidate(row["name"], number, folder))
        for folder in sorted(unmatched_folders) if not unsure_folders else ():
            problems.append(
                _mismatch(
                    program,
                    f"考生文件夹“{clip(folder)}”在表中没有对应的行",
                    f"the candidate folder '{clip(folder)}' has no row in the form",
                    folder,
                )
            )
        for p, (_, pid) in photos.items():
            if pid not in by_id and p not in named_photos and not unsure_photos:
                problems.append(
                    _mismatch(
                        program,
                        f"照片“{clip(p)}”在表中没有对应的考生",
                        f"the photo '{clip(p)}' matches no candidate in the form",
                        p,
                    )
                )
        return candidates

    def _number_of(self, folder, photos_hit, photos, seen) -> str:
        """A candidate's ID number from their folder's name, photo or files; "" when none."""
        if folder is not None:
            ident = naming.ID_SHAPE.search(folder)
            if ident:
                return ident.group(1).upper()
        for p in photos_hit:
            if photos[p][1]:
                return photos[p][1]
        for e in self.folders.get(folder, []) if folder is not None else []:
            found = seen.get(e.path)
            if found is not None and getattr(found, "name_id", None):
                return found.name_id[1]
        return ""


def _folder_by_name(name: str, folders: set[str]) -> str | None:
    """The one folder named after this person (张三, 张三_<ID>, 01张三), or None."""
    name = str(name).strip()
    if not name:
        return None
    exact = sorted(
        f for f in folders if f.strip() == name or (naming.parse_name_id(f) or ("",))[0] == name
    )
    if exact:
        return exact[0]
    loose = [f for f in folders if name in f]
    return loose[0] if len(loose) == 1 else None


def _folder_for(row: dict, number: str, folders: set[str]) -> str | None:
    for folder in sorted(folders):
        ident = naming.ID_SHAPE.search(folder)
        if ident and ident.group(1).upper() == number:
            return folder
    name = str(row["name"]).strip()
    if not name:
        return None
    exact = [f for f in folders if f.strip() == name and not naming.ID_SHAPE.search(f)]
    if exact:
        return sorted(exact)[0]
    loose = [f for f in folders if name in f and not naming.ID_SHAPE.search(f)]
    return sorted(loose)[0] if len(loose) == 1 else None


def _candidate(name: str, number: str, folder: str | None) -> dict:
    out = {"name": clip(name), "id_number_masked": clip(idnumber.mask(number)) if number else ""}
    if folder is not None:
        out["folder"] = folder
    return out


def _mismatch(program: dict, zh: str, en: str, path: str | None) -> dict:
    roster_m = naming.by_id(program, (_group_spec(program).get("roster") or {}).get("material"))
    name = (roster_m or {}).get("name") or {"zh": "名单", "en": "list of candidates"}
    return problem(
        "group-mismatch",
        path=path,
        detail_zh=zh,
        detail_en=en,
        roster_zh=name["zh"],
        roster_en=name["en"],
    )


def _missing(
    program: dict, found: set, exempt: set, folder: str | None, only: str | None = None
) -> list[dict]:
    out = []
    for m in program.get("materials") or []:
        mid = m.get("id")
        if only is not None and mid != only:
            continue
        if only is None and (not needed_by_everyone(m, program) or mid in exempt or mid in found):
            continue
        kw_zh, kw_en = naming.keyword_examples(m)
        rule = m.get("rule") or {}
        where_zh = f"考生文件夹“{clip(folder)}”" if folder else "压缩包"
        where_en = f"the candidate folder '{clip(folder)}'" if folder else "the archive"
        out.append(
            problem(
                "missing-material",
                path=folder,
                who_zh=f"考生文件夹“{clip(folder)}”：" if folder else "",
                who_en=f"Candidate folder '{clip(folder)}': " if folder else "",
                rule_zh=rule.get("zh", ""),
                rule_en=rule.get("en", ""),
                keyword_zh=kw_zh,
                keyword_en=kw_en,
                where_zh=where_zh,
                where_en=where_en,
                **material_params(m),
            )
        )
    return out


def plan(files: list[Entry], program: dict, kind: str | None, dirs: tuple = ()) -> Layout:
    """Decides the bundle's kind (unless given) and sorts its files into candidates; `dirs`
    are the archive's folder entries, to tell an empty candidate folder from a missing one."""
    spec = _group_spec(program)
    strip = _strip_root(files, keep_depth=1)
    layout = Layout(kind="group", strip=strip, files=files)
    roster_spec = spec.get("roster") or {}
    photo_words = [
        naming.normalise(str(w)) for w in (spec.get("photo_folder") or {}).get("keywords") or []
    ]
    roster_m = naming.by_id(program, roster_spec.get("material"))
    tops: dict[str, list[Entry]] = {}
    for e in files:
        rel = layout.rel(e)
        if len(rel) == 1:
            layout.stray.append(e)
            if roster_m is not None and naming.identify(e.name, [roster_m]) is not None:
                if layout.roster is None or e.name.lower().endswith(".xlsx"):
                    layout.roster = e
        else:
            tops.setdefault(rel[0], []).append(e)
    for top in sorted(tops):
        norm = naming.normalise(top)
        if (
            layout.photo_folder is None
            and photo_words
            and any(w and w in norm for w in photo_words)
        ):
            layout.photo_folder = top
        else:
            layout.folders[top] = tops[top]
    if layout.roster is not None:
        layout.stray.remove(layout.roster)
    for d in dirs:
        rel = d.parts[strip:]
        if len(rel) == 1 and rel[0] not in tops and rel[0] != layout.photo_folder:
            layout.empty.add(rel[0])
    looks_group = bool(spec) and (
        len(layout.folders) >= 2
        or (
            len(layout.folders) == 1
            and (layout.roster is not None or layout.photo_folder is not None)
        )
    )
    if kind == "individual" or (kind is None and not looks_group):
        return Layout(kind="individual", strip=_strip_root(files, keep_depth=0), files=files)
    return layout
