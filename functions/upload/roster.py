"""Reading the group roster (the 信息采集表 workbook) with openpyxl in read-only mode.

The workbook is itself a zip, so it is vetted by the same safe reader before openpyxl sees it.
Workbooks come from Excel and WPS as people really save them: a sheet-size record that is wrong
(WPS: read-only openpyxl then sees only A1), a hidden first sheet or an instructions sheet with a
sample row before the real list, ID numbers typed as numbers (Excel keeps 15 significant digits
and shows 1.52626E+17), Strict Open XML. Each is read right or refused with the one fix.
"""

from __future__ import annotations

import re
import zipfile

from .archive import Limits, SafeZip
from .problems import BundleError

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 20
# A roster of thousands of rows is a few MB of XML; openpyxl holds shared strings in memory and
# parses about 2-3 MB of XML a second: 8 MB a part bounds it to a few seconds.
WORKBOOK_LIMITS = Limits(
    max_entries=2000, max_total_bytes=32 << 20, max_entry_bytes=8 << 20, max_ratio=200
)
# Sheets that explain how to fill the form in, whatever sample rows they carry.
INSTRUCTION_TITLES = re.compile(
    r"说明|填表|填写|示例|样表|样例|范例|instruction|example|sample", re.I
)
STRICT_NAMESPACE = b"purl.oclc.org/ooxml/spreadsheetml/main"
SAVE_AS_XLSX = (
    "请用 Excel 或 WPS 打开，选择“另存为 → Excel 工作簿（*.xlsx）”后重新放入压缩包",
    "open it in Excel or WPS, choose Save As > Excel Workbook (*.xlsx) and put that file in the "
    "archive",
)


class RosterError(Exception):
    """Why the roster cannot be read, and the one action that fixes it (zh, en each)."""

    def __init__(self, reason_zh: str, reason_en: str, fix: tuple[str, str] | None = None):
        super().__init__(reason_en)
        self.reason_zh, self.reason_en = reason_zh, reason_en
        self.fix_zh, self.fix_en = fix or (None, None)


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


def read(path: str, columns: dict, tick=None) -> dict:
    """{"rows": [{'row', 'name', 'id_number'}], "sheet": title, "sheets": count,
    "numeric_ids": rows whose ID number was stored as a number}; raises RosterError.
    `tick` (the bundle budget's) is called at every row: a budget spent stops the reading."""
    try:
        with open(path, "rb") as fh, SafeZip(fh, WORKBOOK_LIMITS):
            pass
    except BundleError as exc:
        if exc.problem["code"] == "archive-too-large":  # a form of thousands of long cells
            raise RosterError(
                "表格内容过大（超过 8 MB），不像一份报名信息采集表",
                "it holds far more than a candidates' form (over 8 MB of cells)",
            ) from None
        raise RosterError(*DAMAGED) from None
    if _strict(path):
        raise RosterError(
            "它被保存成了“Strict Open XML 电子表格”格式，本系统读不了",
            "it was saved as a Strict Open XML spreadsheet, which cannot be read",
            SAVE_AS_XLSX,
        )
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on damaged workbooks
        raise RosterError(*DAMAGED, SAVE_AS_XLSX) from None
    try:
        sheets = wb.worksheets
        visible = [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"]
        lists = [ws for ws in visible if not INSTRUCTION_TITLES.search(ws.title)]
        # The list is the sheet whose header matches and that holds the most rows: an
        # instructions sheet carries one sample row; a hidden sheet is nobody's list.
        best = None
        for ws in lists or visible:
            ws.reset_dimensions()  # WPS may record the size as A1: read every row there is
            found = _rows(ws, columns, tick)
            if found is not None and (best is None or len(found["rows"]) > len(best["rows"])):
                best = {**found, "sheet": ws.title, "sheets": len(sheets)}
        if best is not None:
            return best
    except (RosterError, BundleError):
        raise
    except Exception:
        raise RosterError(*DAMAGED) from None
    finally:
        wb.close()
    raise RosterError(
        "找不到包含姓名和身份证号的表头行",
        "no header row naming the name and ID number columns was found",
    )


def _strict(path: str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            with zf.open("xl/workbook.xml") as fh:
                return STRICT_NAMESPACE in fh.read(4096)
    except Exception:  # noqa: BLE001 - damaged in any way: not Strict; openpyxl will say damaged
        return False


def _rows(ws, columns: dict, tick=None) -> dict | None:
    name_words = [_norm(w) for w in columns.get("name", [])]
    id_words = [_norm(w) for w in columns.get("id_number", [])]
    header_at = name_col = id_col = None
    out: list[dict] = []
    numeric: list[int] = []
    blank_run = 0
    for index, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if tick is not None:
            tick()
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
        raw_id = row[id_col] if id_col < len(row) else None
        name = _cell_text(row[name_col]) if name_col < len(row) else ""
        number = _cell_text(raw_id)
        if not name and not number:
            blank_run += 1
            if blank_run > 50:
                break
            continue
        blank_run = 0
        if isinstance(raw_id, int | float) and not isinstance(raw_id, bool):
            numeric.append(index)  # Excel kept 15 significant digits: the number is lost
        out.append({"row": index, "name": name, "id_number": number})
    if header_at is None:
        return None
    return {"rows": out, "numeric_ids": numeric}
