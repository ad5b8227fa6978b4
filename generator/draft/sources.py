"""A notice file as plain text lines: plain text, DOCX, PDF, or a saved web page.

Tables are kept: each row becomes one line, its cells separated by a tab, in reading order with
the paragraphs around it (fee tables and occupation lists are where plain copies lose facts).
The kind of file is judged by its first bytes, not by its name.
"""

from __future__ import annotations

import io
import os
import re
import stat
import time
import zipfile
from pathlib import Path

from .errors import DraftError

MAX_BYTES = 50 * 1024 * 1024  # a notice is a few pages; anything larger is not one
MAX_PART = 20 * 1024 * 1024  # the largest part of a DOCX read, uncompressed (a zip bomb is more)
MAX_PARTS = 2000  # entries of a DOCX's zip; a Word file has a few dozen
MAX_PAGES = 100  # pages of a PDF; a notice with its forms has a few dozen at most
MAX_SECONDS = 60  # reading a PDF's text stops after this long


def kind_of(data: bytes, name: str = "") -> str:
    """'docx', 'pdf', 'html', 'text', or the reason it is none of them."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    if name.lower().endswith((".html", ".htm")) and b"<" in head:
        return "html"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"


def read_notice(path: Path) -> tuple[str, str]:
    """(the notice as text, the kind of file it was). Raises DraftError for anything else."""
    data = read_bounded(Path(path))
    kind = kind_of(data, str(path))
    readers = {"text": _text, "docx": _docx, "pdf": _pdf, "html": _html}
    if kind not in readers:
        why = {
            "doc": (
                "旧版 Word（.doc）不受支持，请另存为 .docx",
                "old Word (.doc) files are not read: save it as .docx",
            ),
            "zip": ("这是压缩包，不是 DOCX", "this is a zip archive, not a DOCX"),
        }.get(kind, ("不是文本、DOCX、PDF 或网页", "not plain text, DOCX, PDF or a web page"))
        raise DraftError(f"{path}：{why[0]}", f"{path}: {why[1]}")
    try:
        text = readers[kind](data)
    except DraftError:
        raise
    except Exception as e:  # a damaged file: every reader library raises its own kinds
        raise DraftError(
            f"{path} 无法按 {kind.upper()} 读取（文件可能已损坏）：{e}",
            f"{path} could not be read as {kind.upper()} (the file may be damaged): {e}",
        ) from None
    text = tidy(text)
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise DraftError(
            f"{path} 中没有找到中文文字（扫描版 PDF 需先做文字识别）",
            f"no Chinese text found in {path} (a scanned PDF needs text recognition first)",
        )
    if not plausible(text):
        raise DraftError(
            f"{path} 的内容不像通知的文字（可能是乱码或编码不对）",
            f"{path} does not look like a notice's text (garbled, or in an unexpected encoding)",
        )
    return text, kind


def read_bounded(path: Path) -> bytes:
    """The file's bytes, its kind and size checked before it is read: a regular file (not a
    device, a pipe or a folder) of at most MAX_BYTES."""
    try:
        info = os.stat(path)
    except OSError as e:
        raise DraftError(
            f"无法读取通知文件 {path}：{e.strerror or e}", f"cannot read the notice {path}: {e}"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise DraftError(
            f"{path} 不是普通文件（是文件夹、设备或管道），不像一份通知",
            f"{path} is not a regular file (a folder, a device or a pipe): not a notice",
        )
    if info.st_size > MAX_BYTES:
        raise DraftError(f"{path} 超过 50 MB，不像一份通知", f"{path} is over 50 MB: not a notice")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise DraftError(
            f"无法读取通知文件 {path}：{e.strerror or e}", f"cannot read the notice {path}: {e}"
        ) from None
    if len(data) > MAX_BYTES:  # the file grew while it was read
        raise DraftError(f"{path} 超过 50 MB，不像一份通知", f"{path} is over 50 MB: not a notice")
    return data


# Characters nearly every Chinese notice uses: the share of them among its CJK characters tells a
# notice from random bytes that happen to decode as GB 18030 (which maps most byte pairs).
COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
    "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第"
    "向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管"
    "特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处"
    "理世车证书报名考试认定职技能培训申请材料时间费用元联系单位通知县市省局按照符合条件人员岗位要求须应该办"
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def plausible(text: str) -> bool:
    """Whether text reads as Chinese prose: enough of its CJK characters are common ones and
    Chinese punctuation or ASCII digits appear among them."""
    chars = CJK.findall(text[:20000])
    if not chars:
        return False
    common = sum(1 for c in chars if c in COMMON)
    return common / len(chars) >= 0.25 and bool(re.search(r"[，。：、；\d]", text[:20000]))


def tidy(text: str) -> str:
    """One newline style, no trailing spaces, at most one empty line in a row."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB 18030 (which reads GBK and GB 2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DraftError("文本既不是 UTF-8 也不是 GBK 编码", "the text is neither UTF-8 nor GBK")


def _text(data: bytes) -> str:
    return decode(data)


def _docx(data: bytes) -> str:
    import docx  # cold start: python-docx only for .docx notices
    from docx.table import Table

    check_zip(data)
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += table_lines([[cell.text for cell in _unique(row.cells)] for row in block.rows])
        else:
            lines.append(block.text)
    return "\n".join(lines)


def check_zip(data: bytes) -> None:
    """Refuse a DOCX whose zip would unpack to more than a notice holds (a zip bomb): too many
    entries, or a part larger than MAX_PART uncompressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = z.infolist()
        if len(parts) > MAX_PARTS:
            raise DraftError(
                f"DOCX 内含 {len(parts)} 个部件，远多于一份通知，不予读取",
                f"the DOCX holds {len(parts)} parts, far more than a notice: not read",
            )
        big = [p for p in parts if p.file_size > MAX_PART]
        if big or sum(p.file_size for p in parts) > 5 * MAX_PART:
            raise DraftError(
                "DOCX 解压后过大（超过 20 MB 的部件或总计超过 100 MB），不像一份通知，不予读取",
                "the DOCX unpacks to too much (a part over 20 MB, or over 100 MB in all): "
                "not a notice, not read",
            )


def _unique(cells) -> list:
    """A merged cell is returned once per grid column it spans: keep it once."""
    out = []
    for cell in cells:
        if not out or cell._tc is not out[-1]._tc:
            out.append(cell)
    return out


def table_lines(rows: list[list[str | None]]) -> list[str]:
    """Table rows as lines, cells separated by a tab; a cell's own line breaks removed."""
    out = []
    for row in rows:
        cells = [re.sub(r"\s*\n\s*", "", c or "").strip() for c in row]
        if any(cells):
            out.append("\t".join(cells))
    return out


def _pdf(data: bytes) -> str:
    import pdfplumber  # cold start: pdfplumber only for PDF notices

    rows: list[tuple[str, bool]] = []  # (line, whether it runs to the right margin)
    started = time.monotonic()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise DraftError(
                f"PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页，不像一份通知；请只保存通知正文",
                f"the PDF has {len(pdf.pages)} pages, over {MAX_PAGES}: not a notice; "
                "save the notice's own pages",
            )
        for page in pdf.pages:
            if time.monotonic() - started > MAX_SECONDS:
                raise DraftError(
                    f"读取 PDF 超过 {MAX_SECONDS} 秒仍未完成，已停止；请只保存通知正文",
                    f"reading the PDF took over {MAX_SECONDS} s and was stopped: "
                    "save the notice's own pages",
                )
            rows += _pdf_page(page)
    return "\n".join(reflow(rows))


NEW_ITEM = re.compile(
    r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}(?:[、．]|\.(?!\d))|附件)"
)


def reflow(rows: list[tuple[str, bool]]) -> list[str]:
    """Join the lines a PDF's layout wrapped: one that ran to the right margin continues on the
    next, unless it ended a sentence or the next opens a numbered item."""
    out: list[str] = []
    wrapped = False
    for text, full in rows:
        if wrapped and out and not NEW_ITEM.match(text) and "\t" not in text:
            out[-1] += text.strip()
        else:
            out.append(text)
        wrapped = full and not out[-1].rstrip().endswith(("。", "！", "？")) and "\t" not in text
    return out


def _pdf_page(page) -> list[tuple[str, bool]]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_lines = page.filter(outside).extract_text_lines()
    right = max((t["x1"] for t in text_lines), default=0)
    placed: list[tuple[float, str, bool]] = []
    for t in text_lines:
        size = (t["bottom"] - t["top"]) or 10
        placed.append((t["top"], t["text"], t["x1"] >= right - 1.5 * size))
    for table in tables:
        for i, line in enumerate(table_lines(table.extract())):
            placed.append((table.bbox[1] + i * 0.01, line, False))
    return [(text, full) for _, text, full in sorted(placed, key=lambda p: p[0])]


def _html(data: bytes) -> str:
    from .webpage import page_text  # cold start: lxml only for saved web pages

    try:
        text = page_text(data)
    except RecursionError:
        text = ""
    if not re.search(r"[\u4e00-\u9fff]", text) and re.search(
        r">[^<]*[\u4e00-\u9fff]", data.decode("utf-8", "replace")
    ):
        raise DraftError(
            "无法从网页中读出文字（标签嵌套过深或网页已损坏）；请把通知正文另存为文本（.txt）再试",
            "no text could be read from the web page (its tags are nested too deeply, or it is damaged): save the notice's text as .txt",
        )
    return text
