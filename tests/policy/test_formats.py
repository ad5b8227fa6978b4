"""A file is judged by what it is: its leading signature, not a marker found somewhere inside."""

from __future__ import annotations

import io
import zipfile

from policy.formats import sniff

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def stored_zip(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(name, data)
    return out.getvalue()


def test_a_zip_holding_a_pdf_stored_without_compression_is_a_zip_not_a_pdf():
    blob = stored_zip("身份证.pdf", PDF)
    assert b"%PDF-" in blob[:1024]
    assert sniff(blob[:2048], "身份证.pdf") == "zip"


def test_an_office_document_or_image_that_embeds_a_pdf_is_what_it_is():
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + PDF, "a.doc") == "doc"
    assert sniff(b"\xff\xd8\xff\xe0" + PDF, "a.pdf") == "jpeg"
    assert sniff(b"\x89PNG\r\n\x1a\n" + PDF, "a.pdf") == "png"


def test_a_pdf_is_a_pdf_at_its_start_or_after_a_little_junk_as_readers_accept():
    assert sniff(PDF, "scan.PDF") == "pdf"
    assert sniff(b"\xef\xbb\xbf\r\n" + PDF, "scan.pdf") == "pdf"
    assert sniff(b" " * 1100 + PDF, "scan.pdf") is None


def openpyxl_workbook() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)  # docProps/app.xml first, [Content_Types].xml last
    return out.getvalue()


def test_a_workbook_openpyxl_wrote_is_an_xlsx_by_its_parts_whatever_its_name():
    blob = openpyxl_workbook()
    assert zipfile.ZipFile(io.BytesIO(blob)).namelist()[0] != "[Content_Types].xml"
    for name in ("花名册", "信息采集表.et", "花名册.zip", "花名册.xlsx"):
        assert sniff(blob[:2048], name) == "xlsx", name
        assert sniff(blob, name) == "xlsx", name


def test_the_central_directory_read_from_a_files_end_decides_what_a_zip_is():
    from policy.formats import TAIL, central_names

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", b" " * 5000)
        zf.writestr("word/document.xml", b"<w:document/>")
    blob = out.getvalue()
    members = central_names(blob[-TAIL:], len(blob))
    assert members == ["[Content_Types].xml", "word/document.xml"]
    assert sniff(blob[:2048], "毕业证.pdf", members) == "docx"
    assert central_names(blob[:2048], len(blob)) is None  # not the file's end: no answer
