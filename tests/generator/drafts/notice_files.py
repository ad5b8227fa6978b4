"""A notice's text written as DOCX, PDF and a saved web page, the way notices reach staff.

Fee lists ("1.五级/初级工：理论40，实操150；") become real tables, so the readers are tried on the
tables where plain copies lose facts. The PDF is written here, byte by byte: text in a CID font
with a ToUnicode map (what a word processor's "save as PDF" produces, without embedding glyphs)
and tables drawn with ruled lines, so no PDF library or office suite is needed. Used by the
tests and by bench/draft.py.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

FEE_ROW = re.compile(
    r"^\d+\.((?:[一二三四五]级/)?[初中高]级工|[二一]级/(?:高级)?技师)："
    r"((?:[\u4e00-\u9fff]+\d+[，,]?)+)[；;。]$"
)


def blocks(text: str) -> list[tuple[str, object]]:
    """[("p", line) | ("table", rows)]: runs of fee lines become one table each."""
    out: list[tuple[str, object]] = []
    run: list[tuple[str, list[tuple[str, str]]]] = []

    def flush() -> None:
        if not run:
            return
        columns: list[str] = []
        for _, cells in run:
            columns += [c for c, _ in cells if c not in columns]
        rows = [["等级", *columns]]
        for level, cells in run:
            got = dict(cells)
            rows.append([level, *(got.get(c, "—") for c in columns)])
        out.append(("table", rows))
        run.clear()

    for line in text.split("\n"):
        if "\t" in line:  # a table row already (cells separated by tabs)
            flush()
            if out and out[-1][0] == "tabbed":
                out[-1][1].append(line.split("\t"))
            else:
                out.append(("tabbed", [line.split("\t")]))
            continue
        m = FEE_ROW.match(line.strip())
        if m:
            cells = re.findall(r"([\u4e00-\u9fff]+)(\d+)", m.group(2))
            run.append((m.group(1), cells))
            continue
        flush()
        out.append(("p", line))
    flush()
    return [("table", item) if kind == "tabbed" else (kind, item) for kind, item in out]


def to_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, item in blocks(text):
        if kind == "p":
            document.add_paragraph(item)
        else:
            table = document.add_table(rows=len(item), cols=len(item[0]))
            for r, row in enumerate(item):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.save(path)
    return path


def to_html(text: str, path: Path) -> Path:
    """A government site's saved page: menus, a header, the article, a footer; GB 2312."""
    body = []
    for kind, item in blocks(text):
        if kind == "p":
            body.append(f"<p>{_esc(item)}</p>" if item.strip() else "<p>&nbsp;</p>")
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>" for row in item
            )
            body.append(f'<table border="1">{rows}</table>')
    page = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=gb2312"><title>通知公告</title>'
        "<script>var nav = '首页';</script><style>p{margin:0}</style></head><body>"
        '<div class="top"><ul class="menu"><li><a href="/">首页</a></li>'
        '<li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li>'
        '<li><a href="/hdjl">互动交流</a></li></ul></div>'
        '<div class="path">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg">通知公告</a></div>'
        '<div class="main"><div class="article">' + "".join(body) + "</div></div>"
        '<div class="footer"><p>主办单位：某某人民政府办公室 <a href="/about">网站地图</a></p>'
        "<p>备案号：某ICP备00000000号</p></div></body></html>"
    )
    path.write_bytes(page.encode("gb18030"))
    return path


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- PDF ---------------------------------------------------------------------------------------
SIZE, LEAD, LEFT, TOP, WIDTH, BOTTOM = 10.5, 16, 50, 792, 47, 60  # 47 characters to a line


def to_pdf(text: str, path: Path) -> Path:
    pages: list[list[str]] = [[]]
    y = TOP

    def need(height: float) -> None:
        nonlocal y
        if y - height < BOTTOM:
            pages.append([])
            y = TOP

    for kind, item in blocks(text):
        if kind == "p":
            chunks = [item[i : i + WIDTH] for i in range(0, len(item), WIDTH)] or [""]
            for chunk in chunks:
                need(LEAD)
                if chunk:
                    pages[-1].append(_text(LEFT, y, chunk))
                y -= LEAD
        else:
            columns = len(item[0])
            cell = WIDTH * SIZE / columns
            need(len(item) * (LEAD + 6) + 10)
            y -= 4
            for row in item:
                top = y
                for c, value in enumerate(row):
                    x = LEFT + c * cell
                    pages[-1].append(f"{x:.1f} {top - LEAD - 6:.1f} {cell:.1f} {LEAD + 6} re S")
                    pages[-1].append(_text(x + 3, top - LEAD + 2, value))
                y -= LEAD + 6
            y -= 8
    path.write_bytes(_document(pages))
    return path


def _text(x: float, y: float, line: str) -> str:
    codes = "".join(f"{ord(ch):04X}" for ch in line if ord(ch) < 0x10000)
    return f"BT /F1 {SIZE} Tf {x:.1f} {y:.1f} Td <{codes}> Tj ET"


def _document(pages: list[list[str]]) -> bytes:
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "".join(
            f"{len(chunk)} beginbfrange\n"
            + "".join(f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>\n" for h in chunk)
            + "endbfrange\n"
            for chunk in (
                [h for h in range(k, min(k + 100, 256)) if not 0xD8 <= h <= 0xDF]
                for k in range(0, 256, 100)
            )
        )
        + "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    objects: list[bytes] = []
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # pages, filled in below
    objects.append(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DraftSong /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>"
    )
    objects.append(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DraftSong /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R "
        b"/DW 1000 /CIDToGIDMap /Identity >>"
    )
    objects.append(
        b"<< /Type /FontDescriptor /FontName /DraftSong /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    objects.append(_stream(cmap.encode("ascii")))
    kids = []
    for page in pages:
        content = _stream("\n".join(page).encode("ascii"))
        objects.append(content)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
            f"/Resources << /Font << /F1 3 0 R >> >> >>".encode("ascii")
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode("ascii")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{o:010d} 00000 n \n".encode("ascii") for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)


def _stream(data: bytes) -> bytes:
    packed = zlib.compress(data)
    return (
        f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode("ascii")
        + packed
        + b"\nendstream"
    )
