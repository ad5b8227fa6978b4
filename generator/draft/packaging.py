"""How the materials are packed: the individual's and the group's rule ("个人报名的，…",
"集体报名以上材料每个考生单独建立文件夹…"), the one roster file and the photo folder a group sends.
"""

from __future__ import annotations

import re

INDIVIDUAL = re.compile(r"个人报名|个人材料|个人申报")
GROUP = re.compile(r"集体报名|单位集体|统一收集|汇总后报送")
FOLDERS = re.compile(
    r"每(?:名|个|位)(?:考生|报考人员|人员)[^。，,]{0,6}(?:单独)?建立文件夹|单独建立文件夹"
)
PHOTO_FOLDER = re.compile(r"照片[^。]{0,12}(?:统一)?(?:放于|放入|存放)[^。]{0,8}文件夹")
ARCHIVE = re.compile(r"[^。，,；;]*(?:压缩|打包)[^。]*?(?:单位名称|机构名称)[^。，,；;]*")


def _sentence(text: str, rx: re.Pattern) -> str | None:
    for s in re.split(r"(?<=[。；;])", text):
        if rx.search(s):
            return s.strip()
    return None


def packaging(entries: list[dict]) -> dict:
    """{individual, group}: each {clause, words} or None; group also candidate_folders,
    photo_folder (words), roster (words), archive (words)."""
    out: dict = {"individual": None, "group": None}
    for e in entries:
        if e["clause"] in ("落款", "序言") or re.search(r"补贴|费", e["text"][:10]):
            continue
        text = e["text"]
        clause = e["clause"] if e["numbered"] else re.sub(r"\d+\.$", "", e["clause"]) or e["clause"]
        own = _sentence(text, INDIVIDUAL)
        if own and not out["individual"]:
            out["individual"] = {"clause": clause, "words": own, "line": e["line"]}
        group = _sentence(text, GROUP)
        if group and not out["group"]:
            rest = text[text.index(group) :] if group in text else group
            found = {"clause": clause, "words": rest.strip(), "line": e["line"]}
            if FOLDERS.search(rest):
                found["candidate_folders"] = True
            if PHOTO_FOLDER.search(rest):
                found["photo_folder"] = PHOTO_FOLDER.search(rest).group(0)
            roster = re.search(r"(?:统一)?(?:录入|填入)(?:一个|同一)?[^。，,]{0,12}", rest)
            if roster:
                found["roster"] = roster.group(0)
            archive = ARCHIVE.search(rest)
            if archive:
                found["archive"] = archive.group(0).strip()
            out["group"] = found
    return out
