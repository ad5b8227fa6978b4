"""The workbook `admin export` writes: the sheet staff used to build by hand from the reports.

Sheet 1 has one row per candidate (a rejected bundle with no recognisable candidate still gets a
row, so nothing received is missing); sheet 2 one row per upload. Every text cell is written as
text, never as a formula: names come from candidates' folder names, and a name starting with "="
must not run in staff's Excel.
"""

from __future__ import annotations

from .admin_records import (
    KIND_WORDS,
    candidates,
    clean_text,
    local_time,
    problem_text,
    problems,
    problems_of,
    verdict_text,
)

MAX_CELL = 32_000  # Excel's cell limit is 32 767 characters
TIME_FORMAT = "yyyy-mm-dd hh:mm"

CANDIDATE_COLUMNS = [
    # (Chinese header, English header, width cap)
    ("姓名", "Name", 16),
    ("身份证号（已遮盖）", "ID number (masked)", 22),
    ("上传编号", "Upload id", 44),
    ("上传时间（北京时间）", "Time (UTC+8)", 18),
    ("类型", "Kind", 14),
    ("结果", "Verdict", 16),
    ("问题（代码：说明）", "Problems (code: message)", 80),
]
UPLOAD_COLUMNS = [
    ("上传编号", "Upload id", 44),
    ("上传时间（北京时间）", "Time (UTC+8)", 18),
    ("检查时间（北京时间）", "Checked (UTC+8)", 18),
    ("类型", "Kind", 14),
    ("结果", "Verdict", 16),
    ("考生人数", "Candidates", 10),
    ("错误数", "Errors", 8),
    ("提示数", "Warnings", 8),
    ("问题代码", "Problem codes", 40),
    ("文件名（申请时填写）", "File name (as announced)", 30),
    ("大小（字节）", "Size (bytes)", 14),
    ("SHA-256", "SHA-256", 66),
]


def _kind(record: dict) -> str:
    zh, en = KIND_WORDS.get(record["meta"].get("kind"), ("?", "?"))
    return f"{zh} {en}"


def candidate_rows(record: dict) -> list[list]:
    meta = record["meta"]
    common = [
        record["id"],
        local_time(meta.get("created")),
        _kind(record),
        verdict_text(record["status"]),
    ]
    people = candidates(record) or [None]
    rows = []
    for person in people:
        found = problems_of(record, person)
        text = "\n".join(problem_text(p) for p in found)
        if record["status"] == "pending":
            received = record.get("bundle_size") is not None
            text = "尚未检查 not checked yet" if received else "尚未收到文件 no file yet"
        rows.append(
            [
                (person or {}).get("name", ""),
                (person or {}).get("id_number_masked", ""),
                *common,
                text,
            ]
        )
    return rows


def upload_row(record: dict) -> list:
    meta, report = record["meta"], record["report"] or {}
    found = problems(record)
    errors = sum(1 for p in found if p.get("severity") == "error")
    return [
        record["id"],
        local_time(meta.get("created")),
        local_time(report.get("received_at")),
        _kind(record),
        verdict_text(record["status"]),
        len(candidates(record)),
        errors,
        len(found) - errors,
        ", ".join(sorted({str(p.get("code")) for p in found})),
        meta.get("filename", ""),
        report.get("size", record.get("bundle_size")),
        report.get("sha256", ""),
    ]


class _Sheet:
    """A write-only sheet (rows go to disk as they come: memory stays bounded however many
    uploads there are), its two header rows bold, frozen and filtered. Column widths are set
    before the first row, from the headers and each column's cap."""

    def __init__(self, wb, title: str, columns):
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        self.ws = ws = wb.create_sheet(title)
        self.columns = columns
        for c, (zh, en, cap) in enumerate(columns, start=1):
            width = max(_width(zh), _width(en), cap)
            ws.column_dimensions[get_column_letter(c)].width = max(10, width + 2)
        ws.freeze_panes = "A3"
        self.bold, self.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.rows = 0
        self.last_column = get_column_letter(len(columns))
        for header in ([zh for zh, _, _ in columns], [en for _, en, _ in columns]):
            self.ws.append([self._cell(h, head=True) for h in header])
        self.rows = 2

    def _cell(self, value, head: bool = False):
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, str):
            value = clean_text(value)[:MAX_CELL]
            cell = WriteOnlyCell(self.ws, value=value)
            cell.data_type = "s"  # text, even when it starts with "=": never a formula
            if head:
                cell.font, cell.fill = self.bold, self.fill
            elif "\n" in value or _width(value) > 40:
                cell.alignment = self.wrap
            return cell
        cell = WriteOnlyCell(self.ws, value=value)
        if hasattr(value, "year"):
            cell.number_format = TIME_FORMAT
        return cell

    def append(self, values: list) -> None:
        self.ws.append([self._cell(v) for v in values])
        self.rows += 1

    def close(self) -> None:
        self.ws.auto_filter.ref = f"A2:{self.last_column}{self.rows}"


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def workbook(program: str, records):
    """The workbook for `records` (any iterable, read once, e.g. admin_records.stream). Written
    as it is read: save() it once. Its `counts` are (candidate rows, uploads)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    people = _Sheet(wb, "考生 Candidates", CANDIDATE_COLUMNS)
    uploads = _Sheet(wb, "上传 Uploads", UPLOAD_COLUMNS)
    for record in records:
        for row in candidate_rows(record):
            people.append(row)
        uploads.append(upload_row(record))
    people.close()
    uploads.close()
    wb.properties.title = f"{program}: uploads received"
    wb.counts = (people.rows - 2, uploads.rows - 2)
    return wb
