"""What a file is, judged by its content rather than its name.

A zip is an Office Open XML file when its entries say so: parts under ``word/`` make a Word
document, under ``xl/`` a workbook, under ``ppt/`` a presentation, whatever the file is named and
in whatever order the entries come (Excel writes ``[Content_Types].xml`` first, openpyxl last).
The entry names are read from the central directory when the bytes hold the whole file (or from
``members``, read by the caller from the file's end), else from the local headers in the bytes.
"""

from __future__ import annotations

import posixpath
import struct

NAMES = {
    "jpeg": "JPG",
    "png": "PNG",
    "pdf": "PDF",
    "xlsx": "XLSX",
    "xls": "XLS",
    "docx": "DOCX",
    "doc": "DOC",
}
# What a format is, in words a candidate knows (messages of the upload check).
WORDS = {
    "jpeg": ("JPG 图片", "a JPG picture"),
    "png": ("PNG 图片", "a PNG picture"),
    "pdf": ("PDF 文件", "a PDF"),
    "xlsx": ("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"),
    "xls": ("旧版 Excel 97-2003 工作簿（.xls）", "an old Excel 97-2003 workbook (.xls)"),
    "docx": ("Word 文档", "a Word document"),
    "doc": ("旧版 Word 97-2003 文档（.doc）", "an old Word 97-2003 document (.doc)"),
    "pptx": ("PowerPoint 演示文稿", "a PowerPoint presentation"),
    "zip": ("ZIP 压缩包", "a ZIP archive"),
    "rar": ("RAR 压缩包", "a RAR archive"),
    "7z": ("7z 压缩包", "a 7z archive"),
    "gif": ("GIF 图片", "a GIF picture"),
    "bmp": ("BMP 图片", "a BMP picture"),
    "webp": ("WebP 图片", "a WebP picture"),
    "tiff": ("TIFF 图片", "a TIFF picture"),
    "heic": ("iPhone 的 HEIC 照片", "an iPhone HEIC photo"),
    "mp4": ("视频", "a video"),
    "text": ("纯文本（如 CSV）文件", "a plain-text file (such as CSV)"),
    None: ("无法识别的格式", "of a format we do not recognise"),
}
ARCHIVES = ("zip", "rar", "7z")
OOXML_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
MAX_MEMBERS = 2000  # entry names read to tell what a zip is; an Office file has a few dozen
LOCAL = b"PK\x03\x04"
END = b"PK\x05\x06"
CENTRAL = b"PK\x01\x02"
TAIL = 65_557  # the end record (22 bytes) and the longest zip comment (65 535 bytes)


def _local_names(data: bytes) -> list[str]:
    """Entry names from the local headers at the start of `data`, as far as they can be followed
    (a header whose sizes come after its data, flag bit 3, ends the walk)."""
    names, at = [], 0
    while len(names) < MAX_MEMBERS and data[at : at + 4] == LOCAL and at + 30 <= len(data):
        flags, method, size = struct.unpack_from("<HH8xI", data, at + 6)
        name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
        end = at + 30 + name_len
        if end > len(data):
            break
        names.append(data[at + 30 : end].decode("utf-8", "replace"))
        if flags & 0x08:
            break
        at = end + extra_len + size
    return names


def central_names(tail: bytes, size: int | None = None) -> list[str] | None:
    """Entry names from the central directory found in `tail`, the last bytes of a zip whose
    whole size is `size` (default: `tail` is the whole file); None when there is none."""
    size = len(tail) if size is None else size
    at = tail.rfind(END, max(0, len(tail) - TAIL))
    if at < 0 or at + 22 > len(tail):
        return None
    count, cd_size, cd_offset = struct.unpack_from("<HII", tail, at + 10)
    start = at - cd_size
    if start < 0 or cd_offset + cd_size != size - (len(tail) - at):
        return None  # zip64, or not the end of this file: no answer rather than a wrong one
    names, pos = [], start
    while len(names) < min(count, MAX_MEMBERS) and tail[pos : pos + 4] == CENTRAL:
        if pos + 46 > at:
            break
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", tail, pos + 28)
        names.append(tail[pos + 46 : pos + 46 + name_len].decode("utf-8", "replace"))
        pos += 46 + name_len + extra_len + comment_len
    return names


def _ooxml(names: list[str]) -> str | None:
    for prefix, kind in OOXML_PARTS:
        if any(n.startswith(prefix) for n in names):
            return kind
    return None


def sniff(head: bytes, name: str = "", members: list[str] | None = None) -> str | None:
    """One of the YAML's format words (jpeg, png, pdf, xlsx, xls, docx, doc), another label
    (pptx, zip, rar, 7z, gif, heic…), or None.

    A zip (OOXML) is told by its entries' names (`members`, else those `head` shows); only when
    they show no Office part is the extension asked (a file cut short, a .xlsm). An OLE
    container (Office 97-2003) is told by its extension.
    """
    ext = posixpath.splitext(name)[1].lower().lstrip(".")
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(LOCAL):
        complete = members is not None
        if members is None:
            found = central_names(head)
            complete = found is not None
            members = found if found is not None else _local_names(head)
        kind = _ooxml(members)
        if kind:
            return kind
        office = ext in ("xlsx", "xlsm", "docx", "docm")
        if "[Content_Types].xml" in members or (office and not complete):
            return "docx" if ext.startswith("doc") else "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ext if ext in ("xls", "doc") else "xls"
    for sig, label_ in (
        (b"GIF8", "gif"),
        (b"BM", "bmp"),
        (b"RIFF", "webp"),
        (b"II*\x00", "tiff"),
        (b"MM\x00*", "tiff"),
        (b"Rar!", "rar"),
        (b"7z\xbc\xaf", "7z"),
    ):
        if head.startswith(sig):
            return label_
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "heic" if head[8:12] in (b"heic", b"heix", b"mif1", b"msf1") else "mp4"
    if b"%PDF-" in head[:1024]:
        # Readers accept a PDF whose header follows a little junk (ISO 32000 allows it within
        # the first 1 024 bytes); only after every leading signature has been ruled out, so an
        # archive or a document that merely contains a PDF is judged by what it is.
        return "pdf"
    return None


def label(fmt: str | None) -> str:
    if fmt is None:
        return "?"
    return NAMES.get(fmt, fmt.upper())


def allowed_label(formats: list[str]) -> str:
    return " / ".join(label(f) for f in formats)


def words(fmt: str | None) -> tuple[str, str]:
    """(zh, en) saying what a file of this format is: "Word 文档" / "a Word document"."""
    if fmt in WORDS:
        return WORDS[fmt]
    return (f"{label(fmt)} 文件", f"a file in {label(fmt)} format")


def looks_like_text(head: bytes) -> bool:
    """Plain text (a CSV saved from Excel, in UTF-8 or GBK): no NUL byte, and it decodes."""
    if not head or b"\0" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:  # a character cut by the end of the head
                return True
    return False
