"""Materials: each item of the 报名材料 / 所需材料 list, with what its words fix: file formats
("PDF或JPG"), size limits ("20KB以下", "不低于40KB、不超过200KB"), the naming rule
("以姓名_证件号命名（例：…）"), photo size and background, paper copies ("纸质一式两份", "A4纸",
"原件"), and the levels it is for ("申报四级/中级工、三级/高级工的，…").
"""

from __future__ import annotations

import re

from . import clauses
from .text import cn_number, half, levels_in, squeeze

HEADING = re.compile(r"^(?:所需|报名|申报|提交|提供|报考)?(?:的)?材料")
LEXICON = [  # (words in the item, id, name): the first that the item contains names it
    ("学信网电子注册备案表", "chsi-record", "学信网电子注册备案表"),
    ("信息采集表", "info-form", "信息采集表"),
    ("转正定级审批表", "probation-record", "转正定级审批表"),
    ("申报表", "application-form", "申报表"),
    ("登记表", "registration-form", "登记表"),
    ("报名表", "registration-form", "报名表"),
    ("考评表", "evaluation-form", "考评表"),
    ("诚信承诺书", "integrity-pledge", "诚信承诺书"),
    ("工作年限承诺书", "years-pledge", "工作年限承诺书"),
    ("承诺书", "pledge", "承诺书"),
    ("导入模板", "import-template", "导入模板"),
    ("身份证", "id-card", "身份证"),
    ("照片", "photo", "照片"),
    ("证件照", "photo", "证件照"),
    ("学籍在线验证报告", "education-proof", "教育部学籍在线验证报告"),
    ("毕业证", "diploma", "毕业证"),
    ("学历证书", "diploma", "学历证书"),
    ("工作年限证明", "years-proof", "工作年限证明"),
    ("工作证明", "work-proof", "工作证明"),
    ("在岗证明", "employment-proof", "在岗证明"),
    ("技术总结", "technical-summary", "技术总结"),
    ("论文", "technical-summary", "论文"),
    ("学徒期满证明", "apprenticeship-proof", "学徒期满证明"),
    ("证书", "certificate", "证书"),
]
FORMATS = [
    (r"JPE?G", ["jpeg"]),
    (r"PNG", ["png"]),
    (r"PDF", ["pdf"]),
    (r"EXCEL|XLSX?", ["xlsx", "xls"]),
    (r"WORD|DOCX?", ["docx", "doc"]),
]
PAPER = re.compile(r"[(]纸质[)]|纸质[一二两三四五六七八九十\d]+[份张]|纸质一式|纸质版|A4纸|原件")
ELECTRONIC = re.compile(r"扫描件|电子|EXCEL|JPE?G|PDF|PNG|WORD|格式")
NAMING = re.compile(
    r"以(?:本人)?[“\"‘']?(姓名[_\-—]?(?:证件号码?|身份证号码?)|证件号码?|身份证号码?|姓名)[”\"’']?命名"
)
EXAMPLE = re.compile(r"例[:：]?\s*([^\s（）()，,；;。:：]+\.([A-Za-z]{3,4}))")


# A format named beside these may be one NOT to use: "不要PDF格式", "除PDF外均可"
FORMAT_DOUBT = re.compile(r"不要|不得|不能|不可|不接受|不支持|不用|勿|禁止|除|以外|之外|非")


def _heads_list(e: dict) -> bool:
    """A numbered line that opens the list of materials: 三、报名材料 / （二）所需材料。"""
    if not e["numbered"]:
        return False
    head = re.split(r"[:：（(]", e["text"])[0]
    return bool(
        HEADING.match(head[-8:]) or re.search(r"材料[:：。(（]?[^，,]{0,8}$", e["text"][:16])
    )


def leaves(entries: list[dict]) -> list[tuple[int, str]]:
    """(entry index, 'paper' / 'electronic' / '') of every item of the materials lists; the
    second part is what a sub-heading over it says (（一）纸质材料)."""
    heads: list[int] = []
    for i, e in enumerate(entries):
        if _heads_list(e) and not any(i in clauses.within(entries, k) for k in heads):
            heads.append(i)
    out = []
    for head in heads:
        for j in clauses.within(entries, head)[1:]:
            e = entries[j]
            if not e["numbered"] or clauses.children(entries, j) or "注意事项" in e["clause"]:
                continue
            out.append((j, _medium(entries, head, j)))
    return out


def _medium(entries: list[dict], head: int, j: int) -> str:
    for k in range(j - 1, head, -1):
        e = entries[k]
        if e["numbered"] and e["depth"] < entries[j]["depth"]:
            if "纸质" in e["text"][:8]:
                return "paper"
            if "电子" in e["text"][:8]:
                return "electronic"
    return ""


def material(text: str, medium: str = "") -> dict:
    """What one item's words fix. Keys only for what the words say: id, name, formats, submit,
    paper {copies, size, original}, max_bytes, min_bytes, naming {pattern, uppercase_x,
    notice_example}, photo {background, width_mm/height_mm or width_px/height_px}, levels,
    by (the words of a 'needed only if…' rule: 以…为申报条件的)."""
    flat = squeeze(text)
    upper = flat.upper()
    titled = re.search(r"《([^》]+)》", text)
    found = [(flat.index(w), -len(w), i, n) for w, i, n in LEXICON if w in flat]
    ident, name = min(found)[2:] if found else ("material", None)
    out: dict = {"id": ident, "name": titled.group(1) if titled else name}
    formats: list[str] = []
    hits = sorted((m.start(), kinds) for rx, kinds in FORMATS for m in [re.search(rx, upper)] if m)
    for _, kinds in hits:
        formats += [k for k in kinds if k not in formats]
    paper = medium == "paper" or bool(PAPER.search(flat))
    electronic = medium == "electronic" or bool(ELECTRONIC.search(upper)) or bool(formats)
    if paper and "原件" in flat and not re.search(r"[(]纸质[)]|纸质[\d一二两三]|一式|A4", flat):
        paper = True
    copies = re.search(r"一式[两二三四五\d]份", flat)
    if paper:
        out["submit"] = "both" if electronic and (formats or "扫描件" in flat) else "paper"
        out["paper"] = _paper(flat)
    elif copies and not electronic:
        # "申报表一式两份": paper copies, but on paper only or also sent with the electronic files?
        out["submit"] = "paper"
        out["submit_unsure"] = copies.group(0)
        out["paper"] = _paper(flat)
    if formats and out.get("submit") != "paper":
        out["formats"] = formats
        doubt = FORMAT_DOUBT.search(upper)
        if doubt:
            out["formats_doubt"] = doubt.group(0)
    out |= _sizes(upper)
    naming = _naming(text, flat, formats)
    if naming:
        out["naming"] = naming
    if ident == "photo" and out.get("submit") == "paper":
        out["id"] = "paper-photos"
    if "照" in (name or "") or ident == "photo":
        out["photo"] = _photo(flat, electronic=out.get("submit") != "paper")
    who = re.match(r"^申报(.{1,30}?)的[,，]", flat)
    if who and levels_in(who.group(1)):
        out["levels"] = levels_in(who.group(1))
    by = re.match(r"^以(.{1,20}?)为(?:申报)?条件的", flat)
    if by:
        out["by"] = by.group(1)
    return out


def _paper(flat: str) -> dict:
    paper: dict = {}
    copies = re.search(r"一式([两二三四五\d])份", flat) or re.search(
        r"(?<![每])([一二两三四五六七八九十\d]{1,2})[份张]", flat
    )
    if copies:
        paper["copies"] = cn_number(copies.group(1))
    if "A4" in flat.upper():
        paper["size"] = "A4"
    if "原件" in flat:
        paper["original"] = True
    return paper


SIZE = r"(\d+(?:\.\d+)?)(KB|K|MB|M|兆|千字节)"
UNIT = {
    "K": 1024,
    "KB": 1024,
    "千字节": 1024,
    "M": 1024 * 1024,
    "MB": 1024 * 1024,
    "兆": 1024 * 1024,
}
RANGE = re.compile(SIZE + r"(?:至|到|-|~|—|－)" + SIZE)
BELOW = [
    re.compile(SIZE + r"(?:以下|以内|之内|内)"),
    re.compile(r"(?:不超过|不大于|不高于|(?<!不)小于|(?<!不)低于|最大)" + SIZE),
]
ABOVE = [
    re.compile(SIZE + r"(?:以上)"),
    re.compile(r"(?:不低于|不小于|不少于|(?<!不)大于|最小)" + SIZE),
]


def _bytes(m: re.Match, at: int = 1) -> int:
    return round(float(m.group(at)) * UNIT[m.group(at + 1)])


def _sizes(upper: str) -> dict:
    """max_bytes / min_bytes from "20KB以下", "不超过1.5MB", "50KB-200KB"; a key under
    "unsure_sizes" when the words give more than one limit of a kind (单个…总大小…)."""
    out: dict = {}
    found: dict[str, set] = {"max_bytes": set(), "min_bytes": set()}
    for m in RANGE.finditer(upper):
        found["min_bytes"].add(_bytes(m, 1))
        found["max_bytes"].add(_bytes(m, 3))
    rest = RANGE.sub("", upper)
    for key, patterns in (("max_bytes", BELOW), ("min_bytes", ABOVE)):
        for rx in patterns:
            for m in rx.finditer(rest):
                found[key].add(_bytes(m))
    unsure = []
    for key, values in found.items():
        if len(values) == 1:
            out[key] = values.pop()
        elif values:
            out[key] = min(values) if key == "max_bytes" else max(values)
            unsure.append(key)
    sized = len(re.findall(SIZE, upper))
    if sized > sum(1 for k in ("max_bytes", "min_bytes") if k in out) + len(RANGE.findall(upper)):
        unsure += [k for k in ("max_bytes", "min_bytes") if k in out and k not in unsure]
    if sized and not out:
        out["unsure_sizes"] = []  # a size is printed but not read as a limit
    if unsure:
        out["unsure_sizes"] = unsure
    return out


def _naming(text: str, flat: str, formats: list[str]) -> dict | None:
    m = NAMING.search(flat)
    if not m:
        return None
    words = m.group(1)
    parts = []
    if words.startswith("姓名"):
        parts.append("{name}")
    if "号" in words:
        parts.append("{id_number}")
    sep = re.search(r"姓名([_\-—])", words)
    pattern = (sep.group(1) if sep else "_").join(parts)
    example = EXAMPLE.search(half(text).replace(" ", ""))
    out: dict = {}
    if example:
        out["ext"] = "." + example.group(2)
        out["notice_example"] = example.group(1)
    elif formats == ["jpeg"]:
        out["ext"] = ".jpg"
    elif len(formats) == 1:
        out["ext"] = "." + formats[0]
    out["pattern"] = pattern + out.get("ext", "")
    out["sure"] = "ext" in out
    out.pop("ext", None)
    if re.search(r"X大写|大写X|把X大写|X要大写", flat.upper()):
        out["uppercase_x"] = True
    return out


def _photo(flat: str, electronic: bool) -> dict:
    photo: dict = {}
    px = re.search(r"(\d{2,4})[*×xX](\d{2,4})像素", flat)
    mm = re.search(r"(\d{2,3})[*×xX](\d{2,3})(?:mm|毫米)", flat)
    if px:
        photo["width_px"], photo["height_px"] = int(px.group(1)), int(px.group(2))
    elif mm:
        photo["width_mm"], photo["height_mm"] = int(mm.group(1)), int(mm.group(2))
    elif electronic and re.search(r"(二|2)寸", flat) and not re.search(r"小二寸|大二寸", flat):
        photo["width_mm"], photo["height_mm"] = 35, 49  # 二寸: the standard 35 × 49 mm
    colours = re.findall(r"([白蓝红])色?(?:底|背景)", flat)
    around = "".join(
        flat[max(0, m.start() - 4) : m.end() + 4]
        for m in re.finditer(r"[白蓝红]色?(?:底|背景)", flat)
    )
    if colours == ["白"] and not re.search(r"不|勿|非|除|或", around):
        photo["background"] = "white"
    elif colours:
        photo["background_doubt"] = "、".join(dict.fromkeys(c + "底" for c in colours))
    return photo
