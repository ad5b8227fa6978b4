"""The notice's head and foot: 文号, title, issuer, addressees, date, and its region.

Each finding is a plain dict {value, words, sure}: `words` are the notice's own words for it,
`sure` says whether the draft may state it without a person checking.
"""

from __future__ import annotations

import datetime as dt
import re

from policy import regions

from .text import half

DOC_NUMBER = re.compile(r"^\s*(\S{1,24}?[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号)\s*$")
TITLE_END = re.compile(r"(通知|公告|通告|计划|方案|简章|安排|办法|意见|决定|公示)$")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_LINE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期)\s*[:：]\s*(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})"
)
SKIP = re.compile(r"^\s*(【.*】|来源[:：]|发布时间|发布日期|索引号|分类|浏览|字号)")


def fact(value, words: str, sure: bool = True) -> dict:
    return {"value": value, "words": words, "sure": sure}


def iso(year: str | int, month: str | int, day: str | int) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def head(lines: list[str]) -> dict:
    """{document_number, title, addressees, date, issuer_from_title, body_start}: each a fact
    or None; body_start is the index of the first line after the head."""
    found: dict = {"document_number": None, "title": None, "addressees": None, "date": None}
    i, n = 0, len(lines)
    limit = min(n, 20)
    while i < limit and (not lines[i].strip() or SKIP.match(lines[i])):
        i += 1
    doc = DOC_NUMBER.match(lines[i]) if i < limit else None
    if doc:
        found["document_number"] = fact(re.sub(r"\s+", "", doc.group(1)), lines[i].strip())
        i += 1
    while i < limit and (not lines[i].strip() or SKIP.match(lines[i])):
        i += 1
    title_lines: list[str] = []
    while i < limit and len(title_lines) < 4 and lines[i].strip():
        line = lines[i].strip()
        if line.endswith(("：", ":")) or DOC_NUMBER.match(line):
            break
        title_lines.append(line)
        i += 1
        if TITLE_END.search(line):
            break
    if title_lines and TITLE_END.search(title_lines[-1]):
        title = "".join(title_lines)
        found["title"] = fact(title, " / ".join(title_lines))
    else:
        i -= len(title_lines)
    while i < limit and not lines[i].strip():
        i += 1
    after = DOC_NUMBER.match(lines[i]) if i < limit and found["title"] else None
    if after and not found["document_number"]:  # the 文号 on the line under the title
        found["document_number"] = fact(re.sub(r"\s+", "", after.group(1)), lines[i].strip())
        i += 1
    body_start = i
    for j in range(i, min(n, i + 4)):
        line = lines[j].strip()
        if not line or SKIP.match(line):
            continue
        if (
            line.endswith(("：", ":"))
            and len(line) < 120
            and ("各" in line or "有关" in line)
            and "如下" not in line
        ):
            value = re.sub(r"\s*,\s*", "，", line.rstrip("：:").strip())
            found["addressees"] = fact(value, line)
            body_start = j + 1
        break
    found["date"] = notice_date(lines)
    found["body_start"] = body_start
    return found


def notice_date(lines: list[str]) -> dict | None:
    """The date the notice was signed: a line that is only a date, else 发布时间：…"""
    for line in lines:
        m = DATE_LINE.match(line)
        if m and iso(*m.groups()):
            return fact(iso(*m.groups()), line.strip())
    for line in lines[:20]:
        m = PUBLISHED.search(half(line))
        if m and iso(*m.groups()):
            return fact(iso(*m.groups()), m.group(0))
    return None


def joined(names: str) -> str:
    """Two issuers printed side by side, as one name list: 甲 乙 → 甲、乙."""
    return re.sub(r"\s+", "、", names.strip())


def issuer(title: dict | None, signature: str | None) -> dict | None:
    """Who issued it: the title's 'X关于…' and the signature agree → sure; else a to-do."""
    from_title = None
    if title and "关于" in title["value"]:
        from_title = title["value"].split("关于")[0].strip()
    if signature:
        signature = signature.strip()
    if from_title and signature and joined(from_title) == joined(signature):
        return fact(joined(signature), signature)
    if signature and from_title and joined(signature).startswith(joined(from_title)):
        return fact(joined(signature), signature, sure=False)
    if from_title:
        return fact(joined(from_title), title["value"], sure=False)
    if signature:
        return fact(joined(signature), signature, sure=False)
    if title:
        m = re.match(r"(.+?)\d{4}", title["value"])
        if m:
            return fact(m.group(1), title["value"], sure=False)
    return None


def signature(entries: list[dict]) -> str | None:
    """The name standing above the date in the 落款, if any."""
    foot = [e for e in entries if e["clause"] == "落款"]
    names = [e["text"] for e in foot if not DATE_LINE.match(e["text"])]
    return names[-1] if names else None


def region(text: str) -> dict | None:
    """The administrative division the issuer's name starts with: {code, zh (province, city,
    county), words}; None when no division name is found."""
    table = regions.names()
    best = None
    for code, name in table.items():
        if len(name) >= 2 and name in text[:40]:
            at = text.index(name)
            key = (at, -len(name))
            if best is None or key < best[0]:
                best = (key, code, name)
    if best is None:
        return None
    _, code, name = best
    parts = []
    for prefix in (code[:2] + "0000", code[:4] + "00", code):
        part = table.get(prefix)
        if part and part not in parts:
            parts.append(part)
    return {"code": code, "zh": "".join(parts), "parts": parts, "words": name}
