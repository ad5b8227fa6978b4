"""Files shaped like those real candidates send: each case is one function that builds a valid
bundle, changes the one thing a Chinese Windows tool, phone, WPS or Excel really does, and says
what the check must answer. A new real-world case is one more function with @case.

Every input is generated here (Pillow, openpyxl, zipfile); names and ID numbers are synthetic.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Callable

from tests.functions import upload_factory as f


@dataclasses.dataclass
class Expect:
    accepted: bool
    codes: tuple[str, ...] = ()  # problem codes (errors and warnings) the report must hold
    absent: tuple[str, ...] = ()  # codes it must not hold
    words: tuple[str, ...] = ()  # fragments of the English or Chinese messages
    names: tuple[str, ...] = ()  # candidate names, as staff must read them
    notes: tuple[str, ...] = ()  # note codes


@dataclasses.dataclass
class Case:
    name: str  # the behaviour, as a sentence
    program: str
    kind: str | None
    build: Callable[[dict], bytes]  # program -> the bundle's bytes
    expect: Expect


CASES: list[Case] = []


def case(sentence: str, program: str, expect: Expect, kind: str | None = None):
    def register(build):
        CASES.append(Case(sentence, program, kind, build, expect))
        return build

    return register


def photo_name_of(files: dict) -> str:
    return next(
        n for n in files if n.upper().endswith((".JPG", ".JPEG")) and re.search(r"\d{17}", n)
    )


def renamed(files: dict, old: str, new: str, data: bytes | None = None) -> dict:
    out = {}
    for name, blob in files.items():
        out[new if name == old else name] = data if (name == old and data is not None) else blob
    return out


def xlsx_parts(blob: bytes, edit: Callable[[str, bytes], bytes]) -> bytes:
    """The workbook with each part passed through edit(name, bytes)."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, edit(info.filename, src.read(info)))
    return out.getvalue()


def group_with_roster(program: dict, roster: bytes, count: int = 3) -> dict:
    files = f.group_files(program, count)
    name = next(n for n in files if n.endswith(".xlsx"))
    files[name] = roster
    return files


# --- archive names ---------------------------------------------------------------------------


@case(
    "a GBK name that is also valid UTF-8 is read as GBK when the archive is GBK",
    "wushen-2024",
    Expect(True, names=("谢伟",)),
)
def gbk_name_valid_as_utf8(program):
    who = ("谢伟", f.valid_id(1))
    return f.zip_bytes(f.individual_files(program, who), name_encoding="gbk")


@case(
    "a group folder named 郑伟 in a GBK archive reaches the report as 郑伟",
    "wushen-2024",
    Expect(True, names=("郑伟", "肖强", "谢平")),
    kind="group",
)
def gbk_group_names(program):
    people = [("郑伟", f.valid_id(2)), ("肖强", f.valid_id(3)), ("谢平", f.valid_id(4))]
    files = {}
    for who in people:
        for name, blob in f.individual_files(program, who, folder=who[0]).items():
            if not name.upper().endswith(".JPG"):
                files[name] = blob
    files["信息采集表.xlsx"] = f.xlsx(people)
    for who in people:
        files[f"照片/{who[0]}_{who[1]}.JPG"] = f.jpeg()
    return f.zip_bytes(files, name_encoding="gbk")


# --- photos from phones -------------------------------------------------------------------------


def _mpo() -> bytes:
    from PIL import Image, ImageDraw

    first = Image.new("RGB", (350, 490), (255, 255, 255))
    ImageDraw.Draw(first).ellipse((90, 100, 260, 320), fill=(90, 60, 50))
    second = first.resize((175, 245))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second], quality=60)
    return out.getvalue()


@case(
    "a phone photo that Pillow opens as MPO is a real JPEG",
    "wushen-2024",
    Expect(True, absent=("photo-not-jpeg", "photo-unreadable")),
)
def mpo_photo(program):
    files = f.individual_files(program)
    photo = photo_name_of(files)
    return f.zip_bytes(renamed(files, photo, photo, _mpo()))


@case(
    "a photo named .jpeg follows a rule written .JPG",
    "wushen-2024",
    Expect(True, absent=("photo-name",)),
)
def jpeg_extension(program):
    files = f.individual_files(program)
    photo = photo_name_of(files)
    return f.zip_bytes(renamed(files, photo, photo.rsplit(".", 1)[0] + ".jpeg"))


def _rotated() -> bytes:
    """A portrait photo stored on its side, with EXIF orientation 6 (view rotated 90°)."""
    from PIL import Image, ImageDraw

    upright = Image.new("RGB", (350, 490), (255, 255, 255))
    d = ImageDraw.Draw(upright)
    d.ellipse((90, 100, 260, 320), fill=(90, 60, 50))
    d.rectangle((35, 343, 315, 490), fill=(20, 30, 80))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what the sensor wrote
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=60, exif=exif.tobytes())
    return out.getvalue()


@case(
    "an EXIF-rotated phone photo is judged upright: no false proportion or background warning",
    "wushen-2024",
    Expect(True, absent=("photo-proportions", "photo-background")),
)
def exif_rotated(program):
    files = f.individual_files(program)
    photo = photo_name_of(files)
    return f.zip_bytes(renamed(files, photo, photo, _rotated()))


@case(
    "a 48-megapixel phone photo is checked, not refused, where the notice sets no size",
    "huian-2024",
    Expect(True, absent=("photo-too-many-pixels",)),
)
def huge_photo(program):
    files = f.individual_files(program)
    name = next(n for n in files if "照片" in n or "证件照" in n)
    return f.zip_bytes(renamed(files, name, name, f.jpeg(8000, 6000, quality=40)))


@case(
    "a photo one byte over 20 KB is told both byte counts",
    "wushen-2024",
    Expect(False, codes=("photo-too-large",), words=("20 481 bytes", "20 480 bytes = 20 KB")),
)
def one_byte_over(program):
    files = f.individual_files(program)
    photo = photo_name_of(files)
    blob = f.jpeg()
    pad = 20481 - len(blob) - 4
    blob = blob[:2] + b"\xff\xfe" + (pad + 2).to_bytes(2, "big") + b"\0" * pad + blob[2:]
    assert len(blob) == 20481
    return f.zip_bytes(renamed(files, photo, photo, blob))


# --- names typed by people ------------------------------------------------------------------------


@case(
    "full-width digits and underscore in a photo name are read as the plain ones",
    "wushen-2024",
    Expect(True, absent=("photo-name",), names=("张三",)),
)
def full_width_name(program):
    files = f.individual_files(program)
    photo = photo_name_of(files)
    wide = photo.translate(str.maketrans("0123456789_", "０１２３４５６７８９＿"))
    return f.zip_bytes(renamed(files, photo, wide))


@case(
    "the notice's own spaced form 姓名 _ 证件号 is accepted",
    "wushen-2024",
    Expect(True, absent=("photo-name",)),
)
def spaced_name(program):
    files = f.individual_files(program)
    photo = photo_name_of(files)
    return f.zip_bytes(renamed(files, photo, photo.replace("_", " _ ")))


@case(
    "a hyphen where the underscore belongs is named in the message",
    "wushen-2024",
    Expect(False, codes=("photo-name",), words=("there is '-'", "it must be '_'")),
)
def hyphen_name(program):
    files = f.individual_files(program)
    photo = photo_name_of(files)
    return f.zip_bytes(renamed(files, photo, photo.replace("_", "-")))


# --- what a file is --------------------------------------------------------------------------------


def _stored_zip(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(name, data)
    return out.getvalue()


@case(
    "a 身份证.zip that holds a PDF is an archive inside the archive, not the ID-card PDF",
    "huian-2024",
    Expect(False, codes=("nested-archive",), absent=("not-pdf",)),
)
def pdf_in_a_zip(program):
    files = f.individual_files(program)
    card = next(n for n in files if "身份证" in n)
    return f.zip_bytes(renamed(files, card, "身份证.zip", _stored_zip("身份证.pdf", f.pdf())))


@case(
    "a zip inside the zip in the photo's place is said to be an archive, not 'not a real JPG'",
    "wushen-2024",
    Expect(False, codes=("nested-archive",), absent=("photo-not-jpeg",)),
)
def zip_as_photo(program):
    files = f.individual_files(program)
    photo = photo_name_of(files)
    return f.zip_bytes(renamed(files, photo, photo, _stored_zip("a.jpg", f.jpeg())))


# --- rosters from Excel and WPS -------------------------------------------------------------------


@case(
    "a WPS roster with a sheet size recorded as A1 is read in full",
    "wushen-2024",
    Expect(True, names=("张三", "李四", "王五")),
    kind="group",
)
def wps_dimension(program):
    people = [f.candidate(i) for i in range(3)]

    def one_cell(name, data):
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
        return data

    return f.zip_bytes(group_with_roster(program, xlsx_parts(f.xlsx(people), one_cell)))


def _roster_with_sheets(people, *, hidden_first: bool, instructions: bool) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    first.title = "旧名单"
    first.append(["姓名", "身份证号码"])
    first.append(["赵六", f.valid_id(9)])
    if hidden_first:
        first.sheet_state = "hidden"
    if instructions:
        guide = wb.create_sheet("填表说明")
        guide.append(["姓名", "身份证号码"])
        guide.append(["张三", "110101199003070011"])
    real = wb.create_sheet("名单")
    real.append(["序号", "姓名", "性别", "身份证号码"])
    for i, (name, number) in enumerate(people, start=1):
        real.append([i, name, "女", number])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@case(
    "a roster whose first sheet is hidden and second an instructions sheet is read from its list",
    "wushen-2024",
    Expect(True, names=("张三", "李四", "王五"), notes=("roster-sheet",), words=("名单",)),
    kind="group",
)
def hidden_and_instructions(program):
    people = [f.candidate(i) for i in range(3)]
    roster = _roster_with_sheets(people, hidden_first=True, instructions=True)
    return f.zip_bytes(group_with_roster(program, roster))


@case(
    "ID numbers stored as numbers in Excel are one problem for the column, with the fix",
    "wushen-2024",
    Expect(
        False,
        codes=("roster-id-as-number",),
        absent=("id-number-invalid", "group-mismatch"),
        words=("stored as numbers", "Text"),
        names=("张三", "李四"),
    ),
    kind="group",
)
def numeric_ids(program):
    from openpyxl import Workbook

    people = [f.candidate(i) for i in range(12)]
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "性别", "身份证号码"])
    for i, (name, number) in enumerate(people, start=1):
        ws.append([i, name, "女", float(number[:17] + "0")])  # what Excel keeps: 15 digits
    out = io.BytesIO()
    wb.save(out)
    files = f.group_files(program, 12)
    name = next(n for n in files if n.endswith(".xlsx"))
    files[name] = out.getvalue()
    return f.zip_bytes(files)


@case(
    "a roster saved as Strict Open XML is said to be Strict, with how to save it again",
    "wushen-2024",
    Expect(False, codes=("roster-unreadable",), words=("Strict Open XML", "Save As")),
    kind="group",
)
def strict_ooxml(program):
    people = [f.candidate(i) for i in range(3)]

    def strict(name, data):
        transitional = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        return data.replace(transitional, b"http://purl.oclc.org/ooxml/spreadsheetml/main")

    return f.zip_bytes(group_with_roster(program, xlsx_parts(f.xlsx(people), strict)))


@case(
    "one ID number stored as a number among text ones is one problem, with no mismatch after it",
    "wushen-2024",
    Expect(False, codes=("roster-id-as-number",), absent=("group-mismatch", "id-number-invalid")),
    kind="group",
)
def one_numeric_id(program):
    from openpyxl import Workbook

    people = [f.candidate(i) for i in range(4)]
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "性别", "身份证号码"])
    for i, (name, number) in enumerate(people, start=1):
        ws.append([i, name, "女", float(number[:15] + "000") if i == 2 else number])
    out = io.BytesIO()
    wb.save(out)
    return f.zip_bytes(group_with_roster(program, out.getvalue(), 4))


def _workbook_as(program, name: str, blob: bytes) -> bytes:
    people = [f.candidate(i) for i in range(3)]
    files = group_with_roster(program, f.xlsx(people))
    old = next(n for n in files if n.endswith(".xlsx"))
    return f.zip_bytes(renamed(files, old, name, blob))


@case(
    "a roster workbook without an extension is read as the xlsx it is",
    "wushen-2024",
    Expect(True, names=("张三", "李四", "王五"), absent=("roster-unreadable",)),
    kind="group",
)
def roster_without_extension(program):
    return _workbook_as(program, "信息采集表", f.xlsx([f.candidate(i) for i in range(3)]))


@case(
    "a roster saved by WPS as .et is read as the xlsx it is",
    "wushen-2024",
    Expect(True, names=("张三", "李四", "王五"), absent=("roster-unreadable",)),
    kind="group",
)
def roster_saved_as_et(program):
    return _workbook_as(program, "信息采集表.et", f.xlsx([f.candidate(i) for i in range(3)]))


@case(
    "a roster saved as CSV is said to be a plain-text CSV file, with how to save it as .xlsx",
    "wushen-2024",
    Expect(
        False,
        codes=("roster-unreadable",),
        words=("plain-text file (such as CSV)", "纯文本", "Save As > Excel Workbook (*.xlsx)"),
    ),
    kind="group",
)
def roster_as_csv(program):
    people = [f.candidate(i) for i in range(3)]
    text = "序号,姓名,身份证号码\r\n" + "".join(
        f"{i},{n},{d}\r\n" for i, (n, d) in enumerate(people, 1)
    )
    return _workbook_as(program, "信息采集表.csv", text.encode("gbk"))


@case(
    "an old .xls roster is said to be an Excel 97-2003 workbook, not 'a XLS file'",
    "wushen-2024",
    Expect(False, codes=("roster-unreadable",), words=("an old Excel 97-2003 workbook (.xls)",)),
    kind="group",
)
def roster_as_xls(program):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000
    return _workbook_as(program, "信息采集表.xls", ole)


# --- archives inside the archive -------------------------------------------------------------


@case(
    "the valid bundle zipped again inside the zip is one nested-archive problem, not missing files",
    "wushen-2024",
    Expect(
        False,
        codes=("nested-archive",),
        absent=("missing-material", "unknown-file"),
        words=("holds only another archive", "只有另一个压缩包"),
    ),
)
def bundle_inside_a_bundle(program):
    return f.zip_bytes({"报名材料.zip": f.zip_bytes(f.individual_files(program))})


@case(
    "a RAR archive beside valid materials is said to be an archive inside the archive",
    "wushen-2024",
    Expect(False, codes=("nested-archive",), absent=("unknown-file", "missing-material")),
)
def rar_beside_materials(program):
    files = f.individual_files(program)
    files["其他.rar"] = b"Rar!\x1a\x07\x01\x00" + b"\0" * 64
    return f.zip_bytes(files)


@case(
    "a zip named for no material inside a candidate folder is an archive, not an unknown file",
    "wushen-2024",
    Expect(False, codes=("nested-archive",), absent=("unknown-file",), words=("Extract it",)),
)
def unnamed_zip_inside(program):
    files = f.individual_files(program)
    files["扫描件.zip"] = _stored_zip("a.pdf", f.pdf())
    return f.zip_bytes(files)


# --- Office documents in the place of a PDF ------------------------------------------------------


def _word_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>' + " " * 3000)
        zf.writestr("_rels/.rels", "<Relationships/>")
        zf.writestr("word/document.xml", "<w:document>毕业证</w:document>" * 200)
    return out.getvalue()


@case(
    "a Word document named 毕业证.pdf is said to be a Word document to save as PDF",
    "huian-2024",
    Expect(
        False,
        codes=("not-pdf",),
        absent=("nested-archive",),
        words=("it is a Word document", "Save As > PDF", "Word 文档"),
    ),
)
def word_named_pdf(program):
    files = f.individual_files(program)
    diploma = next(n for n in files if "毕业证" in n or "学历" in n)
    return f.zip_bytes(renamed(files, diploma, "毕业证.pdf", _word_document()))


# --- photo names as people type them ---------------------------------------------------------------


def _photo_renamed(program, rename: Callable[[str, str, str], str]) -> bytes:
    files = f.individual_files(program)
    photo = photo_name_of(files)
    stem, ext = photo.rsplit(".", 1)
    name, number = stem.split("_")
    return f.zip_bytes(renamed(files, photo, rename(name, number, ext)))


@case(
    "a photo named ID number first is told the order is reversed, with the corrected name",
    "wushen-2024",
    Expect(
        False,
        codes=("photo-name",),
        absent=("missing-material",),
        words=("order is reversed", "Rename it '张三_", "顺序反了"),
    ),
)
def reversed_photo_name(program):
    return _photo_renamed(program, lambda n, i, e: f"{i}_{n}.{e}")


@case(
    "a zero-width space in a photo name is named by its code point",
    "wushen-2024",
    Expect(
        False,
        codes=("photo-name",),
        words=("U+200B zero width space", "U+200B（零宽空格）", "Rename it '张三_"),
    ),
)
def zero_width_space_name(program):
    return _photo_renamed(program, lambda n, i, e: f"{n}_\u200b{i}.{e}")


@case(
    "a photo named .jpg.jpg is told its extension is written twice, with the corrected name",
    "wushen-2024",
    Expect(False, codes=("photo-name",), words=("written twice", "'.JPG.jpg'", "Rename it")),
)
def doubled_extension_name(program):
    return _photo_renamed(program, lambda n, i, e: f"{n}_{i}.{e}.jpg")


@case(
    "a space before a photo's extension is pointed out, with the corrected name",
    "wushen-2024",
    Expect(False, codes=("photo-name",), words=("a space before the extension", "Rename it")),
)
def space_before_extension(program):
    return _photo_renamed(program, lambda n, i, e: f"{n}_{i} .{e}")


# --- folders -------------------------------------------------------------------------------------


@case(
    "an empty candidate folder is said to be empty, not missing",
    "wushen-2024",
    Expect(False, codes=("empty-folder",), absent=("group-mismatch",)),
    kind="group",
)
def empty_folder(program):
    files = f.group_files(program, 3)
    gone = f.candidate(2)[0]
    files = {n: b for n, b in files.items() if not n.startswith(gone + "/")}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, blob in files.items():
            zf.writestr(name, blob)
        zf.writestr(gone + "/", b"")
    return out.getvalue()
