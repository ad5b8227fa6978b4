"""What a file is, judged by its first bytes rather than its name."""

from __future__ import annotations

import posixpath

NAMES = {
    "jpeg": "JPG",
    "png": "PNG",
    "pdf": "PDF",
    "xlsx": "XLSX",
    "xls": "XLS",
    "docx": "DOCX",
    "doc": "DOC",
}


def sniff(head: bytes, name: str = "") -> str | None:
    """One of the YAML's format words (jpeg, png, pdf, xlsx, xls, docx, doc), another label, or None.

    Office files are zip (OOXML) or OLE containers; which of xlsx/docx (or xls/doc) they are is
    told by the extension, since the container is what matters for safety.
    """
    ext = posixpath.splitext(name)[1].lower().lstrip(".")
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if ext in ("xlsx", "docx"):
            return ext
        if b"[Content_Types].xml" in head[:200] or ext in ("xlsm", "docm"):
            return "docx" if ext.startswith("doc") else "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ext if ext in ("xls", "doc") else "xls"
    for sig, label in (
        (b"GIF8", "gif"),
        (b"BM", "bmp"),
        (b"RIFF", "webp"),
        (b"II*\x00", "tiff"),
        (b"MM\x00*", "tiff"),
        (b"Rar!", "rar"),
        (b"7z\xbc\xaf", "7z"),
    ):
        if head.startswith(sig):
            return label
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "heic" if head[8:12] in (b"heic", b"heix", b"mif1", b"msf1") else "mp4"
    return None


def label(fmt: str | None) -> str:
    if fmt is None:
        return "?"
    return NAMES.get(fmt, fmt.upper())


def allowed_label(formats: list[str]) -> str:
    return " / ".join(label(f) for f in formats)
