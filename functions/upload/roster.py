"""Reading the group roster (the 信息采集表 workbook) with openpyxl in read-only mode.

The workbook is itself a zip, so it is vetted by the same safe reader before openpyxl sees it.
"""

from __future__ import annotations

import re

from .archive import Limits, SafeZip
from .problems import BundleError

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 20
# A roster of thousands of rows is a few MB of XML; openpyxl holds shared strings in memory.
WORKBOOK_LIMITS = Limits(
    max_entries=2000, max_total_bytes=64 << 20, max_entry_bytes=16 << 20, max_ratio=200
)


class RosterError(Exception):
    def __init__(self, reason_zh: str, reason_en: str):
        super().__init__(reason_en)
        self.reason_zh, self.reason_en = reason_zh, reason_en


def _norm(value) -> str:
    return re.sub(r"[\s*＊:：()（）_\-]", "", str(value or "")).casefold()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


DAMAGED = (
    "文件不是有效的 Excel（.xlsx）工作簿，或已损坏",
    "it is not a valid Excel (.xlsx) workbook, or it is damaged",
)


def read(path: str, columns: dict) -> list[dict]:
    """Rows as {'row', 'name', 'id_number'}; raises RosterError with a reason people understand."""
    try:
        with open(path, "rb") as fh, SafeZip(fh, WORKBOOK_LIMITS):
            pass
    except BundleError:
        raise RosterError(*DAMAGED) from None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on damaged workbooks
        raise RosterError(*DAMAGED) from None
    try:
        for ws in wb.worksheets:
            rows = _rows(ws, columns)
            if rows is not None:
                return rows
    except RosterError:
        raise
    except Exception:
        raise RosterError(*DAMAGED) from None
    finally:
        wb.close()
    raise RosterError(
        "找不到包含姓名和身份证号的表头行",
        "no header row naming the name and ID number columns was found",
    )


def _rows(ws, columns: dict) -> list[dict] | None:
    name_words = [_norm(w) for w in columns.get("name", [])]
    id_words = [_norm(w) for w in columns.get("id_number", [])]
    header_at = name_col = id_col = None
    out: list[dict] = []
    blank_run = 0
    for index, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if header_at is None:
            if index > HEADER_SEARCH_ROWS:
                return None
            cells = [_norm(c) for c in row]
            name_col = next((i for i, c in enumerate(cells) if c and c in name_words), None)
            if name_col is None:
                name_col = next(
                    (i for i, c in enumerate(cells) if c and any(w in c for w in name_words)), None
                )
            id_col = next(
                (i for i, c in enumerate(cells) if c and any(w and w in c for w in id_words)), None
            )
            if name_col is not None and id_col is not None and name_col != id_col:
                header_at = index
            continue
        if len(out) >= MAX_ROWS:
            raise RosterError(f"超过 {MAX_ROWS} 行", f"it has more than {MAX_ROWS} rows")
        name = _cell_text(row[name_col]) if name_col < len(row) else ""
        number = _cell_text(row[id_col]) if id_col < len(row) else ""
        if not name and not number:
            blank_run += 1
            if blank_run > 50:
                break
            continue
        blank_run = 0
        out.append({"row": index, "name": name, "id_number": number})
    return out if header_at is not None else None
