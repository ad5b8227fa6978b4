"""Every problem code the upload function can report, with its zh/en message, in one place.

Messages say what is wrong and how to fix it, in words a candidate understands. Placeholders
are filled from the program YAML (material names) or from the bundle (paths, sizes), so no
policy fact is repeated here.
"""

from __future__ import annotations

import re

ERROR = "error"
WARNING = "warning"

# code -> (severity, zh template, en template)
MESSAGES: dict[str, tuple[str, str, str]] = {
    # --- archive level (contract §2) ---
    "not-an-archive": (
        ERROR,
        "上传的文件不是可读取的压缩包（文件为空、不完整，或者根本不是压缩包，与文件名无关）。"
        "请把所有材料放进一个文件夹，用“发送到 → 压缩(zipped)文件夹”重新压缩成 ZIP 后再上传。",
        "The file you sent is not a readable archive (it is empty, cut short, or not an archive at "
        "all, whatever its name says). Put all your materials in one folder, compress it again as a "
        "ZIP file (e.g. 'Send to > Compressed (zipped) folder') and upload that.",
    ),
    "unsupported-archive": (
        ERROR,
        "暂不支持 {format} 格式的压缩包。请解压后，把文件夹重新压缩成 ZIP 格式"
        "（Windows：右键 → 发送到 → 压缩(zipped)文件夹；7-Zip/WinRAR：添加到压缩文件时选择 ZIP）再上传。",
        "{format} archives are not supported. Extract it and compress the folder again as a ZIP file "
        "(Windows: right-click > Send to > Compressed (zipped) folder; in 7-Zip or WinRAR choose the "
        "ZIP format when adding to an archive), then upload the ZIP.",
    ),
    "encrypted": (
        ERROR,
        "压缩包中的“{path}”设置了密码，无法检查。请去掉密码重新压缩后再上传（工作人员同样无法打开加密文件）。",
        "'{path}' in the archive is password-protected, so it cannot be checked. Compress the files "
        "again without a password and upload the new archive (staff cannot open encrypted files "
        "either).",
    ),
    "unsafe-path": (
        ERROR,
        "压缩包中的“{path}”路径不安全（{reason_zh}）。请只放普通文件和文件夹，重新压缩后再上传。",
        "'{path}' in the archive has an unsafe path ({reason_en}). Put only ordinary files and "
        "folders in the archive, compress it again and upload it.",
    ),
    "archive-too-large": (
        ERROR,
        "压缩包超出处理限制：{reason_zh}。请只放报名材料本身，并检查是否误放了其他大文件后重新压缩。",
        "The archive is beyond what we can check: {reason_en}. Put only the application materials "
        "in it, check that no other large files slipped in, and compress it again.",
    ),
    "more-like-this": (
        ERROR,
        "另有 {count} 处同样的问题（{kind}），上面只列出了前 {shown} 处。请按上面的说明一并改正。",
        "{count} more problems of the same kind ({kind}); only the first {shown} are listed "
        "above. Fix them all the same way.",
    ),
    "too-much-work": (
        ERROR,
        "检查这个压缩包所需的工作量超过任何真实报名（{what_zh}），已停止检查。请只放报名材料，"
        "照片用正常的证件照尺寸（二寸照不超过几十万像素），重新压缩后再上传。",
        "Checking this archive would take more work than any real application needs "
        "({what_en}), so the check stopped. Put only the application materials in it, with "
        "photos of a normal ID-photo size (a 2-inch photo needs a few hundred thousand pixels), "
        "and upload it again.",
    ),
    "corrupt-entry": (
        ERROR,
        "压缩包中的“{path}”已损坏，无法解压（校验失败）。请重新压缩原始文件后再上传。",
        "'{path}' in the archive is damaged and cannot be extracted (its checksum does not match). "
        "Compress the original files again and upload the new archive.",
    ),
    "duplicate-entry": (
        ERROR,
        "压缩包中有两个同名文件“{path}”。请删除或重命名其中一个，重新压缩后再上传。",
        "The archive holds two files named '{path}'. Delete or rename one of them, compress again "
        "and upload.",
    ),
    "empty-folder": (
        ERROR,
        "考生文件夹“{path}”是空的。请把这位考生的材料放进这个文件夹；不是考生的文件夹请删掉，然后重新压缩上传。",
        "The candidate folder '{path}' is empty. Put this candidate's materials in it (or delete "
        "it if it is no candidate's), then compress again and upload.",
    ),
    "empty-archive": (
        ERROR,
        "压缩包里没有任何文件。请把报名材料放进文件夹后重新压缩再上传。",
        "The archive holds no files. Put your application materials in a folder, compress it again "
        "and upload.",
    ),
    # --- materials (contract §2) ---
    "missing-material": (
        ERROR,
        "{who_zh}缺少“{material_zh}”。{rule_zh}请在文件名中写明“{keyword_zh}”，放入{where_zh}后重新上传。",
        "{who_en}The {material_en} is missing. {rule_en} Include it with '{keyword_en}' (or "
        "'{keyword_zh}') in the file name, in {where_en}, and upload again.",
    ),
    "photo-not-jpeg": (
        ERROR,
        "“{path}”（{material_zh}）不是真正的 JPG 照片（按文件内容判断，而不是按扩展名）。"
        "请用相机或图片软件另存为 JPG 格式，不要只修改扩展名。",
        "'{path}' ({material_en}) is not a real JPEG photo (judged by its content, not its name). "
        "Save the photo "
        "as JPG in a camera or image app; renaming the file is not enough.",
    ),
    "photo-too-large": (
        ERROR,
        "“{path}”（{material_zh}）有 {size_bytes} 字节，超过通知的上限 {limit_bytes} 字节（{limit_kb} KB）。"
        "请用本站的证件照工具或图片软件降低分辨率或 JPG 质量后另存，使文件不超过 {limit_bytes} 字节。",
        "'{path}' ({material_en}) is {size_bytes} bytes; the notice's limit is {limit_bytes} bytes "
        "= {limit_kb} KB. Save it again smaller or at a lower JPG quality (the site's ID-photo "
        "tool does this) so that it is at most {limit_bytes} bytes.",
    ),
    "nested-archive": (
        ERROR,
        "“{path}”{about_zh}本身是一个压缩包，放在了压缩包里面，里面的文件没有被解开。"
        "请先把它解压，把里面的文件直接放进您的文件夹，再重新压缩上传。",
        "'{path}'{about_en} is itself an archive inside the archive, so the files in it were "
        "never unpacked. Extract it, put its files straight into your folder, then compress the "
        "folder again and upload it.",
    ),
    "photo-name": (
        ERROR,
        "“{path}”（{material_zh}）的文件名不符合要求。{odd_zh}{fix_zh}",
        "'{path}' ({material_en}) is not named as required. {odd_en}{fix_en}",
    ),
    "lowercase-x": (
        ERROR,
        "“{path}”（{material_zh}）文件名中身份证号的最后一位是小写“x”，通知要求大写“X”。"
        "请把文件改名为“{corrected}”（只把这个 x 改成大写 X，其余不变）。",
        "The ID number in the name of '{path}' ({material_en}) ends in a lower-case 'x'; the "
        "notice asks for an upper-case 'X'. Rename the file '{corrected}' (change only that x to "
        "X, nothing else).",
    ),
    "photo-too-many-pixels": (
        ERROR,
        "“{path}”（{material_zh}）的像素尺寸异常大（{width}×{height}），无法安全处理。"
        "请把照片缩小到正常的证件照尺寸后另存。",
        "'{path}' ({material_en}) has an abnormal pixel size ({width}×{height}) and cannot be "
        "processed "
        "safely. Resize it to a normal ID-photo size and save it again.",
    ),
    "photo-unreadable": (
        ERROR,
        "“{path}”（{material_zh}）无法打开（文件可能已损坏）。请用图片软件重新另存后再上传。",
        "'{path}' ({material_en}) cannot be opened (the file may be damaged). Save it again in "
        "an image "
        "app and upload it.",
    ),
    "photo-background": (
        WARNING,
        "“{path}”（{material_zh}）的背景看起来不是{background_zh}。通知要求{background_zh}背景，"
        "请换{background_zh}背景重新拍摄或处理。",
        "The background of '{path}' ({material_en}) does not look {background_en}. The notice "
        "asks for a "
        "{background_en} background; take the photo again against a {background_en} background "
        "or edit it.",
    ),
    "photo-proportions": (
        WARNING,
        "“{path}”（{material_zh}）的宽高为 {width}×{height} 像素，比例与 {w_mm}×{h_mm} 毫米的证件照不符。"
        "请按 {w_mm}:{h_mm} 的比例裁剪。",
        "'{path}' ({material_en}) is {width}×{height} pixels, which does not match the "
        "{w_mm}×{h_mm} mm "
        "ID-photo proportions. Crop it to a {w_mm}:{h_mm} ratio.",
    ),
    "photo-pixel-size": (
        ERROR,
        "“{path}”（{material_zh}）为 {width}×{height} 像素，通知要求 {wanted_zh}，宽高比例也不相符"
        "（应为 {ratio}），直接缩放会把人像拉变形。请先按 {ratio}（宽:高）的比例裁剪，再缩放到 {wanted_zh}"
        "（本站的证件照工具可以直接做出这个尺寸）。",
        "'{path}' ({material_en}) is {width}×{height} pixels; the notice asks for {wanted_en}, "
        "and the proportions differ too (they must be {ratio}), so resizing alone would stretch "
        "the face. Crop it to {ratio} (width:height) first, then resize it to {wanted_en} (the "
        "site's ID-photo tool makes exactly that size).",
    ),
    "photo-pixel-scale": (
        WARNING,
        "“{path}”（{material_zh}）为 {width}×{height} 像素，比例正确，但通知要求 {wanted_zh}。"
        "请把照片缩放到 {wanted_zh}（本站的证件照工具可以直接做出这个尺寸）。",
        "'{path}' ({material_en}) is {width}×{height} pixels: the right proportions, but the "
        "notice asks for {wanted_en}. Resize the photo to {wanted_en} (the site's ID-photo tool "
        "makes exactly that size).",
    ),
    "photo-below-min-size": (
        ERROR,
        "“{path}”（{material_zh}）只有 {size_bytes} 字节，通知要求至少 {min_bytes} 字节（{min_kb} KB）。"
        "请用更高的 JPG 质量重新保存照片（本站的证件照工具会自动做到），使文件不小于 {min_kb} KB。",
        "'{path}' ({material_en}) is {size_bytes} bytes; the notice asks for at least "
        "{min_bytes} bytes = {min_kb} KB. Save the photo again at a higher JPG quality (the "
        "site's ID-photo tool does this) so that it is at least {min_kb} KB.",
    ),
    "file-below-min-size": (
        ERROR,
        "“{path}”（{material_zh}）只有 {size_bytes} 字节，通知要求至少 {min_bytes} 字节（{min_kb} KB）。"
        "请以更高的分辨率（如 300 dpi）重新扫描或保存，使文件不小于 {min_kb} KB。",
        "'{path}' ({material_en}) is {size_bytes} bytes; the notice asks for at least "
        "{min_bytes} bytes = {min_kb} KB. Scan or save it again at a higher resolution (e.g. "
        "300 dpi) so that it is at least {min_kb} KB.",
    ),
    "id-number-invalid": (
        ERROR,
        "“{where}”中的身份证号 {masked} 无效（{reason_zh}）。请核对 18 位身份证号，改正后重新上传。",
        "The ID number {masked} in '{where}' is not valid ({reason_en}). Check the 18-character "
        "resident ID number, correct it and upload again.",
    ),
    "not-pdf": (
        ERROR,
        "“{path}”（{material_zh}）不是真正的 PDF 文件（按文件内容判断）{what_zh}。{fix_zh}。",
        "'{path}' ({material_en}) is not a real PDF (judged by its content){what_en}. {fix_en}.",
    ),
    "wrong-format": (
        ERROR,
        "“{path}”（{material_zh}）是{what_zh}（格式 {found}），不在允许的格式（{allowed}）之内。"
        "请另存为允许的格式后再上传。",
        "'{path}' ({material_en}) is {what_en} (its format is {found}), which is not one of the "
        "allowed formats ({allowed}). Save it in an allowed format and upload again.",
    ),
    "file-too-large": (
        ERROR,
        "“{path}”（{material_zh}）有 {size_bytes} 字节，超过 {limit_bytes} 字节（{limit_kb} KB）的限制。"
        "请降低扫描分辨率或压缩后另存，使它不超过 {limit_kb} KB。",
        "'{path}' ({material_en}) is {size_bytes} bytes, over the limit of {limit_bytes} bytes "
        "= {limit_kb} KB. Scan it at a lower resolution or compress it so that it is at most "
        "{limit_kb} KB.",
    ),
    "unknown-file": (
        WARNING,
        "无法判断“{path}”是哪项材料，工作人员可能会忽略它。请在文件名中写明材料名称（如“{example_zh}”）。",
        "We cannot tell which material '{path}' is, so staff may overlook it. Put the material's "
        "name in the file name (e.g. '{example_en}').",
    ),
    "empty-file": (
        ERROR,
        "“{path}”是空文件（0 字节）。请放入正确的文件后重新压缩上传。",
        "'{path}' is empty (0 bytes). Put the right file in its place, compress again and upload.",
    ),
    # --- group bundles ---
    "group-mismatch": (
        ERROR,
        "集体报名材料不一致：{detail_zh}。考生文件夹、《{roster_zh}》中的行和照片文件夹中的照片必须一一对应，"
        "请补齐或改正后重新上传。",
        "The group bundle does not agree with itself: {detail_en}. Candidate folders, rows of the "
        "{roster_en} and photos in the photo folder must match one to one; add or correct what is "
        "missing and upload again.",
    ),
    "roster-unreadable": (
        ERROR,
        "无法读取《{roster_zh}》“{path}”：{reason_zh}。{fix_zh}。",
        "The {roster_en} '{path}' cannot be read: {reason_en}. {fix_en}.",
    ),
    "roster-id-as-number": (
        ERROR,
        "《{roster_zh}》“{path}”中有 {count} 个身份证号存成了数字（从第 {row} 行起），Excel 只保留 15 位有效数字，"
        "后几位已经丢失（常显示为 1.52626E+17）。请选中“{id_column}”整列，设置单元格格式为“文本”，"
        "重新输入这些号码后保存。",
        "In the {roster_en} '{path}', {count} ID numbers are stored as numbers (from row {row} "
        "on): Excel keeps only 15 significant digits, so their last digits are lost (they often "
        "show as 1.52626E+17). Select the whole '{id_column}' column, set its cell format to "
        "Text, type those numbers again and save.",
    ),
    "roster-sheet": (
        WARNING,
        "“{path}”有多个工作表，已读取名单所在的工作表“{sheet}”（说明页和隐藏的工作表不读）。",
        "'{path}' has several sheets: the list was read from the sheet '{sheet}' (instruction "
        "and hidden sheets are not read).",
    ),
    "conditional-material": (
        WARNING,
        "无法从压缩包判断是否需要“{material_zh}”：{rule_zh}如适用于您，请一并提供。",
        "We cannot tell from the bundle whether the {material_en} is needed: {rule_en} If it "
        "applies to you, include it.",
    ),
    "material-for-levels": (
        WARNING,
        "“{material_zh}”只有报考{levels_zh}的考生需要提供：{rule_zh}如果您报考{levels_zh}，"
        "请把它一并放入压缩包。",
        "The {material_en} is needed only by candidates for {levels_en}: {rule_en} If you apply "
        "for {levels_en}, include it in the archive.",
    ),
    "material-for-conditions": (
        WARNING,
        "“{material_zh}”只有凭以下条件报考的考生需要提供：{conditions_zh}。{rule_zh}"
        "如果您凭这一条件报考，请把它一并放入压缩包。",
        "The {material_en} is needed only by candidates who qualify through: {conditions_en}. "
        "{rule_en} If you qualify that way, include it in the archive.",
    ),
    "paper-material": (
        WARNING,
        "“{path}”看起来是“{material_zh}”，通知要求交纸质材料（{paper_zh}），压缩包里不需要它。"
        "请按通知把纸质材料交到现场；这个文件可以留在包里，也可以删掉。",
        "'{path}' looks like the {material_en}, which the notice asks for on paper "
        "({paper_en}), not in the bundle. Hand it in on paper as the notice says; the file may "
        "stay in the archive or be removed.",
    ),
    # --- upload flow (contract §3) ---
    "bad-request": (
        ERROR,
        "请求格式不正确：{reason_zh}。",
        "The request is not valid: {reason_en}.",
    ),
    "unknown-program": (
        ERROR,
        "没有编号为“{program}”的通知。请从网站上选择报名的通知后重试。",
        "There is no notice with the id '{program}'. Choose your notice on the site and try again.",
    ),
    "upload-too-large": (
        ERROR,
        "文件大小 {size_mb} MB 超过{kind_zh}上传上限 {limit_mb} MB。请删除不需要的文件或压缩图片后重试。",
        "The file is {size_mb} MB, over the {limit_mb} MB limit for {kind_en} uploads. Remove files "
        "that are not needed or make images smaller, then try again.",
    ),
    "upload-mismatch": (
        ERROR,
        "收到的文件与申请上传时声明的不一致（{reason_zh}）。请重新开始上传。",
        "The file that arrived is not the one announced when the upload started ({reason_en}). "
        "Start the upload again.",
    ),
    "not-found": (
        ERROR,
        "找不到这个上传编号。请检查链接，或重新上传。",
        "No upload has this id. Check the link, or upload again.",
    ),
    "check-failed": (
        ERROR,
        "我们没能检查您的文件（检查多次中途失败），文件已经收到，没有丢失。工作人员会人工查看并联系您；"
        "您不需要重新上传。",
        "We could not check your file (the check failed every time it ran). It was received and "
        "nothing is lost: staff will look at it themselves and contact you. You do not need to "
        "upload it again.",
    ),
    "internal-error": (
        ERROR,
        "服务器内部出错，您的文件没有丢失。请稍后重试；如果一直出现，请联系工作人员。",
        "Something went wrong on our side; nothing you sent was lost. Please try again later, and "
        "tell the staff if it keeps happening.",
    ),
    "storage-unavailable": (
        ERROR,
        "存储服务暂时不可用，您的文件没有丢失。请稍后重试。",
        "The storage service is unavailable for a moment; nothing you sent was lost. Please try "
        "again shortly.",
    ),
    "too-many-requests": (
        ERROR,
        "短时间内从您所在的网络登记了太多次上传。请在 {seconds} 秒后再试；您的文件仍在您的设备上。",
        "Too many uploads were announced from your network in a short time. Please try again in "
        "{seconds} seconds; your file is still on your device.",
    ),
}


# Other wordings of a code, for one circumstance: same code, same severity.
VARIANTS: dict[tuple[str, str], tuple[str, str]] = {
    ("nested-archive", "alone"): (
        "您上传的压缩包里只有另一个压缩包“{path}”，所以什么材料都没有检查到。"
        "请把“{path}”解压，把解开的文件夹重新压缩成 ZIP 后上传（如果它本身就是 ZIP，直接上传它即可）。",
        "The archive you sent holds only another archive, '{path}', so none of your materials "
        "could be checked. Extract '{path}', compress the folder it holds as one ZIP file and "
        "upload that (if it is itself a ZIP file, upload it as it is).",
    ),
}


class _Blank(dict):
    """Leaves unknown placeholders visible rather than raising: a message must never crash."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def material_params(material: dict) -> dict:
    name = material.get("name") or {}
    return {
        "material_zh": name.get("zh", material.get("id", "")),
        "material_en": name.get("en", material.get("id", "")),
    }


# The levels' names, as fields.yaml words them (certificate.level), for notes about materials.
LEVEL_WORDS = {
    1: ("一级/高级技师", "Level 1 / senior technician"),
    2: ("二级/技师", "Level 2 / technician"),
    3: ("三级/高级工", "Level 3 / senior worker"),
    4: ("四级/中级工", "Level 4 / intermediate worker"),
    5: ("五级/初级工", "Level 5 / junior worker"),
}


def grouped(n: int) -> str:
    """31200 -> '31 200': byte counts people can read digit group by digit group."""
    return f"{n:,}".replace(",", " ")


def kb(n: int) -> str:
    value = n / 1024
    return f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}"


def paper_params(material: dict) -> dict:
    """{paper_zh, paper_en}: what the paper form must be (copies, size, original, the notice's
    own words), or just 'on paper' when the notice says no more."""
    paper = material.get("paper") or {}
    zh: list[str] = []
    en: list[str] = []
    if paper.get("copies"):
        zh.append(f"{paper['copies']} 份")
        en.append(f"{paper['copies']} cop{'y' if paper['copies'] == 1 else 'ies'}")
    if paper.get("size"):
        zh.append(f"{paper['size']} 纸")
        en.append(f"{paper['size']} paper")
    if paper.get("original"):
        zh.append("须带原件")
        en.append("bring the original")
    text = paper.get("text") or {}
    if text.get("zh"):
        zh.append(str(text["zh"]).rstrip("。"))
    if text.get("en"):
        en.append(str(text["en"]).rstrip("."))
    return {
        "paper_zh": "，".join(zh) or "纸质件",
        "paper_en": "; ".join(en) or "on paper",
    }


def levels_params(levels: list) -> dict:
    words = [LEVEL_WORDS.get(int(n), (f"{n}级", f"Level {n}")) for n in sorted(levels)]
    return {
        "levels_zh": "或".join(z for z, _ in words),
        "levels_en": " or ".join(e for _, e in words),
    }


def conditions_params(program: dict, ids: list) -> dict:
    """The texts of the conditions (levels[].conditions[]) with these ids."""
    texts = {
        c.get("id"): c.get("text") or {}
        for level in program.get("levels") or []
        for c in level.get("conditions") or []
    }
    found = [texts.get(i) or {"zh": i, "en": i} for i in ids]
    return {
        "conditions_zh": "；".join(str(t.get("zh", "")).rstrip("。") for t in found),
        "conditions_en": "; ".join(str(t.get("en", "")).rstrip(".") for t in found),
    }


MAX_QUOTED = 120  # characters of a name, path or value from the bundle quoted in a message
MAX_PARAM = 600  # any other filled-in text (our own sentences, which may quote a name)
# Values taken from the bundle itself: a file or folder name, a roster cell, a sheet title.
QUOTED = frozenset(
    {"path", "where", "corrected", "found", "masked", "sheet", "format", "name", "folder", "row"}
)
_TRAILING_ID = re.compile(r"[\dXxＸｘ]+$")


def clip(text: str, limit: int = MAX_QUOTED) -> str:
    """`text` cut to `limit` characters with '…' when longer. A cut never leaves the first
    digits of an ID number behind (redaction finds whole numbers only): a trailing run of
    digits is dropped with the rest."""
    if len(text) <= limit:
        return text
    return _TRAILING_ID.sub("", text[: limit - 1]) + "…"


def message(code: str, variant: str | None = None, **params) -> dict:
    """Both languages' text. Every filled-in value is bounded (clip): a file named with 10 000
    characters is quoted by its first MAX_QUOTED, so no report grows with what it quotes."""
    _, zh, en = MESSAGES[code]
    if variant is not None:
        zh, en = VARIANTS[(code, variant)]
    values = _Blank(
        {
            k: ""
            if v is None
            else clip(v, MAX_QUOTED if k in QUOTED else MAX_PARAM)
            if isinstance(v, str)
            else v
            for k, v in params.items()
        }
    )
    return {"zh": zh.format_map(values), "en": en.format_map(values)}


def problem(
    code: str,
    path: str | None = None,
    severity: str | None = None,
    variant: str | None = None,
    **params,
) -> dict:
    """A problem as it appears in the report (bundle-report.schema.json)."""
    if path is not None:
        params.setdefault("path", path)
    return {
        "code": code,
        "severity": severity or MESSAGES[code][0],
        "path": path,
        "message": message(code, variant, **params),
    }


def error_body(code: str, **params) -> dict:
    """The API's error object (contract §3)."""
    return {"error": {"code": code, "message": message(code, **params)}}


class BundleError(Exception):
    """Stops validation when the archive itself cannot be trusted; carries the problem."""

    def __init__(self, problem_: dict):
        super().__init__(problem_["code"])
        self.problem = problem_
