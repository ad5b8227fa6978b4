"""Every problem code the upload function can report, with its zh/en message, in one place.

Messages say what is wrong and how to fix it, in words a candidate understands. Placeholders
are filled from the program YAML (material names) or from the bundle (paths, sizes), so no
policy fact is repeated here.
"""

from __future__ import annotations

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
        "“{path}”（{material_zh}）大小为 {size_kb} KB，超过通知要求的 {limit_kb} KB。"
        "请降低分辨率或 JPG 质量后另存，使文件小于 {limit_kb} KB。",
        "'{path}' ({material_en}) is {size_kb} KB, over the notice's limit of {limit_kb} KB. "
        "Save it "
        "again with a smaller size or lower JPG quality so that it is under {limit_kb} KB.",
    ),
    "photo-name": (
        ERROR,
        "“{path}”（{material_zh}）的文件名不符合要求。请按“{pattern_zh}”命名，例如“{example}”"
        "（姓名与身份证号之间用下划线，扩展名为 .JPG）。",
        "'{path}' ({material_en}) is not named as required. Name it '{pattern_en}', e.g. "
        "'{example}' "
        "(name, an underscore, the 18-character ID number, then .JPG).",
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
    "id-number-invalid": (
        ERROR,
        "“{where}”中的身份证号 {masked} 无效（{reason_zh}）。请核对 18 位身份证号，改正后重新上传。",
        "The ID number {masked} in '{where}' is not valid ({reason_en}). Check the 18-character "
        "resident ID number, correct it and upload again.",
    ),
    "not-pdf": (
        ERROR,
        "“{path}”（{material_zh}）不是真正的 PDF 文件（按文件内容判断）。"
        "请用扫描软件或“打印 → 另存为 PDF”生成 PDF，不要只修改扩展名。",
        "'{path}' ({material_en}) is not a real PDF (judged by its content). Make a PDF with your "
        "scanning app or with 'Print > Save as PDF'; renaming the file is not enough.",
    ),
    "wrong-format": (
        ERROR,
        "“{path}”（{material_zh}）的文件格式是 {found}，不在允许的格式（{allowed}）之内。请另存为允许的格式后再上传。",
        "'{path}' ({material_en}) is a {found} file, which is not one of the allowed formats "
        "({allowed}). Save it in an allowed format and upload again.",
    ),
    "file-too-large": (
        ERROR,
        "“{path}”（{material_zh}）大小为 {size_kb} KB，超过 {limit_kb} KB 的限制。请压缩后再上传。",
        "'{path}' ({material_en}) is {size_kb} KB, over the {limit_kb} KB limit. Make it smaller "
        "and upload again.",
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
        "无法读取《{roster_zh}》“{path}”：{reason_zh}。请用 Excel 另存为 .xlsx 格式，"
        "并在第一行写上表头（{columns_zh}）。",
        "The {roster_en} '{path}' cannot be read: {reason_en}. Save it from Excel as an .xlsx "
        "workbook with a header row naming the columns ({columns_en}).",
    ),
    "conditional-material": (
        WARNING,
        "无法从压缩包判断是否需要“{material_zh}”：{rule_zh} 如适用于您，请一并提供。",
        "We cannot tell from the bundle whether the {material_en} is needed: {rule_en} If it "
        "applies to you, include it.",
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


def message(code: str, **params) -> dict:
    _, zh, en = MESSAGES[code]
    values = _Blank({k: "" if v is None else v for k, v in params.items()})
    return {"zh": zh.format_map(values), "en": en.format_map(values)}


def problem(code: str, path: str | None = None, severity: str | None = None, **params) -> dict:
    """A problem as it appears in the report (bundle-report.schema.json)."""
    if path is not None:
        params.setdefault("path", path)
    return {
        "code": code,
        "severity": severity or MESSAGES[code][0],
        "path": path,
        "message": message(code, **params),
    }


def error_body(code: str, **params) -> dict:
    """The API's error object (contract §3)."""
    return {"error": {"code": code, "message": message(code, **params)}}


class BundleError(Exception):
    """Stops validation when the archive itself cannot be trusted; carries the problem."""

    def __init__(self, problem_: dict):
        super().__init__(problem_["code"])
        self.problem = problem_
