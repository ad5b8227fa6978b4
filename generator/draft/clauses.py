"""The clause tree: every line of a notice with the clause it stands in, as the notice numbers it.

Notices number their clauses 一、 （一） 1. (1) ①, but not always in that order nor consistently
("3、 报考要求" where 三、 is meant, （1） then （二） on the same level). A marker's kind is its
bracket and its numerals; a kind already open continues its level; a new kind opens a level below,
unless it continues the number of an open level with the same bracket in other numerals
(二、 … 3、, （1） … （二）). Clause names are the markers as printed, joined (三、（一）2.(3)),
so a reader finds each one by searching the notice for it.

Pure: text in, a list of plain dicts out.
"""

from __future__ import annotations

import re

from .text import cn_number

CN = "一二三四五六七八九十"
MARKERS = [
    # (regex at the start of a line, bracket, numerals)
    (rf"([{CN}]+)\s*[、，,．.]", "sep", "cn"),
    (rf"（\s*([{CN}]+)\s*）", "full", "cn"),
    (rf"\(\s*([{CN}]+)\s*\)", "half", "cn"),
    (r"(\d{1,2})\s*(?:[、．]|\.(?!\d)|\.(?=\d+\.\d))", "sep", "ar"),
    (r"（\s*(\d{1,2})\s*）", "full", "ar"),
    (r"\(\s*(\d{1,2})\s*\)", "half", "ar"),
    (r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])", "circle", "ar"),
]
_MARKERS = [(re.compile(r"\s*" + rx), bracket, digits) for rx, bracket, digits in MARKERS]
ATTACHMENT = re.compile(r"\s*附件\s*(\d{1,2})(?![\d.、．])[\s:：　]*(.*)$")
ATTACHMENT_LIST = re.compile(r"\s*附件\s*[:：]")
DATE_LINE = re.compile(r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
# a line of the clause above the signature, not a signer's name: a label, an address, a number
CONTACT_LINE = re.compile(r"[:：@，,。；;]|\d{3,}|https?:|www\.")
SUBLABEL = re.compile(r"\s*([\u4e00-\u9fff]{2,8})\s*[:：]\s*$")


def marker(line: str) -> tuple[str, tuple[str, str], int, str] | None:
    """(marker as printed, kind, number, rest of the line) or None for an unnumbered line."""
    for rx, bracket, digits in _MARKERS:
        m = rx.match(line)
        if not m:
            continue
        word = m.group(1)
        number = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(word) + 1 if bracket == "circle" else None
        number = number or cn_number(word)
        rest = line[m.end() :].strip()
        if number is None or not rest and bracket == "sep" and digits == "ar":
            return None
        return re.sub(r"\s+", "", m.group(0)), (bracket, digits), number, rest
    return None


def parse(text: str, body_start: int = 0) -> list[dict]:
    """One dict per line from body_start on (0-based line index): {line (1-based), text (the
    line without its marker), clause (the full clause name), marker (this line's own marker or
    ''), depth, numbered}. Lines before the first top-level clause are the 序言 (preamble);
    the signature and date after the last clause are the 落款; an attachment starts its own tree
    named 附件N."""
    lines = text.split("\n")
    out: list[dict] = []
    stack: list[dict] = []  # open levels: {kind, number, marker}
    root = "序言"
    label: tuple[str, int] | None = None  # a sub-heading such as 注意事项： over a restarted list
    previous_plain = ""
    in_list = False  # inside 附件：1.… 2.… (the list of attachments)
    closed = False  # an unnumbered paragraph after a finished list item: the item's list is over
    for index, raw in enumerate(lines):
        if index < body_start:
            continue
        line = raw.strip()
        entry = {"line": index + 1, "text": line, "marker": "", "numbered": False}
        if not line:
            previous_plain = ""
            continue
        att = ATTACHMENT.match(line)
        if att and len(line) < 40 and not ATTACHMENT_LIST.match(line):
            root, stack, label, in_list, closed = f"附件{att.group(1)}", [], None, False, False
            entry.update(text=att.group(2).strip(), clause=root, depth=0)
            out.append(entry)
            continue
        if ATTACHMENT_LIST.match(line):
            root, stack, label, in_list = "附件", [], None, True
            entry.update(clause=root, depth=0)
            out.append(entry)
            continue
        found = None if in_list else marker(line)
        if found is None:
            if in_list and not re.match(r"\s*\d", line):
                in_list = False
                root, stack = "落款", []
            if len(stack) >= 2 and (
                closed or (out and out[-1]["numbered"] and _ends_item(out[-1], stack))
            ):
                # a paragraph after a list item that ended its sentence ("4. …。" then
                # "以上材料请…"): it stands in the enclosing clause, never in the last item
                closed = True
                entry.update(clause=_name(root, stack[:-1], label), depth=len(stack) - 1)
            else:
                entry.update(clause=_name(root, stack, label), depth=len(stack))
            out.append(entry)
            previous_plain = line
            continue
        closed = False
        printed, kind, number, rest = found
        level = _level(stack, kind, number)
        if label and level < label[1]:
            label = None
        if level < len(stack) and stack[level]["kind"] == kind and number == 1 and level > 0:
            sub = SUBLABEL.match(previous_plain)
            if sub:
                label = (sub.group(1), level)
        if level < len(stack):
            kind = stack[level]["kind"]  # 二、 … 3、: the level keeps the kind it opened with
        del stack[level:]
        if level == 0 and root in ("序言", "落款"):
            root = ""
        stack.append({"kind": kind, "number": number, "marker": printed})
        entry.update(text=rest, clause=_name(root, stack, label), marker=printed, depth=level + 1)
        entry["numbered"] = True
        out.append(entry)
        previous_plain = ""
    _signature(out)
    return out


def _ends_item(entry: dict, stack: list[dict]) -> bool:
    """Whether a numbered line is a finished list item (below a top-level clause, its text a
    sentence ending in 。；), so that an unnumbered line after it is a paragraph of the parent
    clause rather than more of the item (a heading such as （一）五级/初级工 or 3.材料： does not
    end so)."""
    return len(stack) >= 2 and bool(re.search(r"[。；;]\s*$", entry["text"]))


def _level(stack: list[dict], kind: tuple, number: int) -> int:
    """Where a marker of this kind and number goes in the open levels (an index into stack)."""
    for i, open_level in enumerate(stack):
        if open_level["kind"] == kind:
            return i
    for same in (lambda b: b == kind[0], lambda b: _family(b) == _family(kind[0])):
        for i in range(len(stack) - 1, -1, -1):  # 二、 … 3、: other numerals continue the level
            if same(stack[i]["kind"][0]) and stack[i]["number"] == number - 1:
                return i
    return len(stack)


def _family(bracket: str) -> str:
    return "paren" if bracket in ("full", "half") else bracket


def _name(root: str, stack: list[dict], label: tuple[str, int] | None) -> str:
    if not stack:
        return root or "序言"
    markers = [s["marker"] for s in stack]
    if label and len(markers) > label[1]:
        markers.insert(label[1], label[0])
    name = "".join(markers)
    if root.startswith("附件"):
        sep = " " if re.match(rf"[{CN}]", markers[0]) else ""
        return root + sep + name
    return (root + name) if root not in ("", "序言") else name


def _signature(out: list[dict]) -> None:
    """The unnumbered lines after the last clause that end in a date line are the 落款."""
    for i in range(len(out) - 1, -1, -1):
        if DATE_LINE.match(out[i]["text"]) and not out[i]["numbered"]:
            j = i
            while (
                j > 0
                and not out[j - 1]["numbered"]
                and len(out[j - 1]["text"]) < 40
                and not CONTACT_LINE.search(out[j - 1]["text"])
            ):
                if out[j - 1]["clause"] in ("附件",) or out[j - 1]["text"].startswith("附件"):
                    break
                j -= 1
            if j > 0 or out[0]["clause"] != "序言":
                for e in out[j : i + 1]:
                    e["clause"], e["depth"] = "落款", 0
            return


def root_of(clause: str) -> str:
    """'附件1' for a clause of attachment 1, '落款', or '' for the notice's own clauses."""
    if clause.startswith("附件"):
        return (
            clause.split(" ")[0].split("（")[0].split("(")[0][:4].rstrip("一二三四五六七八九十、")
        )
    return "落款" if clause == "落款" else ""


def within(entries: list[dict], i: int) -> list[int]:
    """Indices of every line inside entry i's clause (its own line first)."""
    depth, root = entries[i]["depth"], root_of(entries[i]["clause"])
    found = [i]
    for j in range(i + 1, len(entries)):
        e = entries[j]
        if (e["numbered"] and e["depth"] <= depth) or root_of(e["clause"]) != root:
            break
        if not e["numbered"] and e["depth"] < depth:  # a paragraph of the enclosing clause
            break
        if depth == 0 and e["depth"] == 0 and e["clause"] != entries[i]["clause"]:
            break
        found.append(j)
    return found


def children(entries: list[dict], i: int) -> list[int]:
    """Indices of the numbered lines directly below entry i."""
    depth = entries[i]["depth"]
    return [
        j
        for j in within(entries, i)[1:]
        if entries[j]["numbered"] and entries[j]["depth"] == depth + 1
    ]
