"""Builds valid synthetic bundles from the program YAML, so tests and the benchmark share one truth.

Every ID number here is synthetic with a correct GB 11643 check digit; every file is real enough
for the validator (real JPEGs from Pillow, a real workbook from openpyxl, PDFs with a PDF header).
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile

from policy import naming as mats
from policy.idnumber import check_digit

EXT = {
    "pdf": "pdf",
    "jpeg": "jpg",
    "png": "png",
    "xlsx": "xlsx",
    "xls": "xls",
    "docx": "docx",
    "doc": "doc",
}
NAMES = ["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "陈一", "刘二"]


def valid_id(index: int = 0, born: str = "19900307", region: str = "150627") -> str:
    body = f"{region}{born}{index % 1000:03d}"
    return body + check_digit(body)


def id_ending_in_x(start: int = 0) -> str:
    """The first synthetic ID number from `start` on whose check character is X."""
    return next(valid_id(i) for i in range(start, start + 1000) if valid_id(i).endswith("X"))


def with_wrong_check_digit(number: str) -> str:
    wrong = "0" if number[-1] != "0" else "1"
    return number[:-1] + wrong


def candidate(index: int) -> tuple[str, str]:
    name = NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else str(index))
    return name, valid_id(index)


def jpeg(
    width: int = 350,
    height: int = 490,
    background=(255, 255, 255),
    quality: int = 60,
    noise: bool = False,
) -> bytes:
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (width, height), background)
    d = ImageDraw.Draw(im)
    d.ellipse((width * 0.25, height * 0.2, width * 0.75, height * 0.65), fill=(90, 60, 50))
    d.rectangle((width * 0.1, height * 0.7, width * 0.9, height), fill=(20, 30, 80))
    if noise:
        im = Image.merge("RGB", [Image.effect_noise((width, height), 60).point(lambda v: v)] * 3)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality)
    return out.getvalue()


def jpeg_at_least(
    least: int, width: int = 350, height: int = 490, most: int | None = None
) -> bytes:
    """A white-background portrait of this size whose JPEG is at least `least` bytes (and at
    most `most`): quality first, then fine noise over the subject, as a real photo has."""
    from PIL import Image, ImageDraw

    for grain in (0, 8, 16, 32, 64):
        im = Image.new("RGB", (width, height), (255, 255, 255))
        d = ImageDraw.Draw(im)
        d.ellipse((width * 0.25, height * 0.2, width * 0.75, height * 0.65), fill=(90, 60, 50))
        d.rectangle((width * 0.1, height * 0.7, width * 0.9, height), fill=(20, 30, 80))
        if grain:
            noise = Image.effect_noise((width, height - height // 2), grain).convert("RGB")
            im.paste(
                Image.blend(im.crop((0, height // 2, width, height)), noise, 0.5), (0, height // 2)
            )
        for quality in range(60, 101, 5):
            out = io.BytesIO()
            im.save(out, "JPEG", quality=quality)
            data = out.getvalue()
            if len(data) >= least:
                assert most is None or len(data) <= most, (least, most, len(data))
                return data
    raise AssertionError(f"no {width}×{height} JPEG of {least} bytes")


def png(width: int = 350, height: int = 490) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (255, 255, 255)).save(out, "PNG")
    return out.getvalue()


def pdf(padding: int = 0, rng: random.Random | None = None) -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    if padding:
        body += (rng or random.Random(0)).randbytes(padding)
    return body + b"\n%%EOF\n"


def xlsx(rows: list[tuple[str, str]], headers=("序号", "姓名", "性别", "身份证号码")) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["乌审旗政务服务办事员信息采集表"])
    ws.append(list(headers))
    for i, (name, number) in enumerate(rows, start=1):
        ws.append([i, name, "女", number])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def content_for(fmt: str, who=("张三", "150627199003070001"), padding: int = 0, rng=None) -> bytes:
    if fmt == "pdf":
        return pdf(padding, rng)
    if fmt == "jpeg":
        return jpeg()
    if fmt == "png":
        return png()
    if fmt == "xlsx":
        return xlsx([who])
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def keyword_zh(material: dict) -> str:
    return mats.keyword_examples(material)[0]


def photo_bytes(material: dict) -> bytes:
    """A photo this material accepts: its pixel size where the notice gives one (else 2-inch
    proportions), at least its min_bytes, under its max_bytes."""
    spec = material.get("photo") or {}
    width, height = spec.get("width_px") or 350, spec.get("height_px") or 490
    if spec.get("width_px") and not spec.get("height_px"):
        height = round(width * 1.4)
    if spec.get("height_px") and not spec.get("width_px"):
        width = round(height / 1.4)
    if material.get("min_bytes"):
        return jpeg_at_least(material["min_bytes"], width, height, material.get("max_bytes"))
    return jpeg(width, height)


def material_file(
    material: dict, who: tuple[str, str], padding: int = 0, rng=None
) -> tuple[str, bytes]:
    """(file name, bytes) for one material, named as the site tells candidates to name it."""
    fmt = material["formats"][0]
    pattern = (material.get("naming") or {}).get("pattern")
    name = pattern.format(name=who[0], id_number=who[1].upper()) if pattern else None
    if material.get("photo") is not None:
        return name or f"{keyword_zh(material)}.jpg", photo_bytes(material)
    least = material.get("min_bytes") or 0
    if least and fmt == "pdf":
        padding = max(padding, least)
    data = content_for(fmt, who, padding, rng)
    if len(data) < least and fmt in ("jpeg", "png"):
        data = jpeg_at_least(least, most=material.get("max_bytes"))
    return name or f"{keyword_zh(material)}.{EXT[fmt]}", data


def required(program: dict) -> list[dict]:
    """The materials every candidate puts in the bundle: not those on paper only, nor those for
    some levels (unless they are all the levels offered), conditions or circumstances only."""
    offered = {lv["level"] for lv in program.get("levels") or []}
    return [
        m
        for m in program["materials"]
        if m.get("submit") != "paper"
        and m.get("required_when") is None
        and not m.get("conditions")
        and (not m.get("levels") or offered <= set(m["levels"]))
    ]


def individual_files(program: dict, who=None, folder: str = "") -> dict[str, bytes]:
    who = who or candidate(0)
    prefix = f"{folder}/" if folder else ""
    return {prefix + n: b for n, b in (material_file(m, who) for m in required(program))}


def group_files(program: dict, count: int, padding: int = 0, seed: int = 1) -> dict[str, bytes]:
    """One folder per candidate; roster and photo folder where the program's packaging asks for them."""
    rng = random.Random(seed)
    spec = program["packaging"]["group"]
    roster_id = (spec.get("roster") or {}).get("material")
    photo_spec = spec.get("photo_folder")
    photo_id = (photo_spec or {}).get("material")
    people = [candidate(i) for i in range(count)]
    files: dict[str, bytes] = {}
    for who in people:
        folder = f"{who[0]}_{who[1]}" if photo_spec is None else who[0]
        for m in required(program):
            if m["id"] in (roster_id, photo_id):
                continue
            name, data = material_file(m, who, padding, rng)
            files[f"{folder}/{name}"] = data
    if roster_id:
        roster_m = mats.by_id(program, roster_id)
        files[f"{keyword_zh(roster_m)}.xlsx"] = xlsx(people)
    if photo_spec:
        photo_m = mats.by_id(program, photo_id)
        folder = photo_spec["keywords"][0]
        for who in people:
            name, data = material_file(photo_m, who)
            files[f"{folder}/{name}"] = data
    return files


def zip_bytes(
    files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED, name_encoding: str | None = None
) -> bytes:
    """A zip of `files`; with name_encoding ('gbk', 'utf-8') names are written in it WITHOUT the
    UTF-8 flag, as Chinese Windows tools do."""
    out = io.BytesIO()
    tokens = {}
    with zipfile.ZipFile(out, "w", compression) as zf:
        for i, (name, data) in enumerate(files.items()):
            stored = name
            if name_encoding:
                raw = name.encode(name_encoding)
                token = f"@{i:05d}@".ljust(len(raw), "#")
                assert len(token) == len(raw), "name too short to patch"
                tokens[token.encode("ascii")] = raw
                stored = token
            zf.writestr(stored, data)
    blob = out.getvalue()
    for token, raw in tokens.items():
        assert blob.count(token) == 2
        blob = blob.replace(token, raw)
    return blob


def write(path, blob: bytes) -> str:
    with open(path, "wb") as fh:
        fh.write(blob)
    return os.fspath(path)


# Bounded by anything alphanumeric, so 18 digits inside a SHA-256 hex digest are not taken for one.
FULL_ID = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")


def no_full_id_number(text: str, count: int = 10) -> bool:
    """Neither one of the test bundles' ID numbers anywhere, nor anything shaped like one."""
    return FULL_ID.search(text) is None and not any(valid_id(i) in text for i in range(count))


# --- a synthetic program with every materials rule --------------------------------------------

RULES_ID = "t-rules-2025"
PAPER_CONTRACT = {
    "id": "labour-contract",
    "clause": "六、2.(6)",
    "name": {"zh": "劳动合同", "en": "labour contract"},
    "rule": {
        "zh": "劳动合同复印件两份（A4），报到时带原件核验。",
        "en": "Two copies of your labour contract (A4); bring the original to be seen.",
    },
    "keywords": ["劳动合同", "labour contract"],
    "submit": "paper",
    "paper": {"copies": 2, "size": "A4", "original": True},
}
LEVEL3_CONDITION = {
    "id": "l3-certificate",
    "clause": "三、2.",
    "text": {
        "zh": "取得本职业四级/中级工证书后，从事本职业工作满4年。",
        "en": "Four years in the occupation after obtaining its Level 4 certificate.",
    },
    "when": {
        "all": [
            {"field": "certificate.level", "le": 4},
            {"field": "certificate.years_in_occupation_since", "ge": 4},
        ]
    },
}


def rules_program(base: dict) -> dict:
    """huian-2024 with every rule the materials format has: a paper-only material, one handed in
    both ways, one for Level 3 only, one for a condition only, a minimum file size, a photo
    sized in pixels named by the ID number alone with an upper-case X."""
    import copy

    p = copy.deepcopy(base)
    p["id"] = RULES_ID
    p["notice"]["source"] = f"{RULES_ID}.notice.txt"
    p["levels"].append({"level": 3, "clause": "三、2.", "conditions": [LEVEL3_CONDITION]})
    mats = {m["id"]: m for m in p["materials"]}
    mats["application-form"].update(submit="both", paper={"copies": 2, "size": "A4"})
    mats["diploma"]["min_bytes"] = 40960
    mats["photo"].update(
        formats=["jpeg"],
        min_bytes=60 * 1024,
        max_bytes=100 * 1024,
        naming={"pattern": "{id_number}.jpg", "uppercase_x": True},
        photo={"width_px": 358, "height_px": 441, "background": "white"},
    )
    p["materials"] += [
        PAPER_CONTRACT,
        {
            "id": "skills-summary",
            "clause": "六、2.(7)",
            "name": {"zh": "技术总结", "en": "skills summary"},
            "rule": {"zh": "报考三级的，提交技术总结一篇。", "en": "Level 3: a skills summary."},
            "keywords": ["技术总结", "skills summary"],
            "formats": ["pdf"],
            "levels": [3],
        },
        {
            "id": "level-certificate",
            "clause": "六、2.(8)",
            "name": {"zh": "职业技能等级证书", "en": "vocational skill level certificate"},
            "rule": {
                "zh": "凭证书报考的，提交该证书扫描件。",
                "en": "If you apply on the strength of a certificate, a scan of it.",
            },
            "keywords": ["等级证书", "level certificate"],
            "formats": ["pdf", "jpeg"],
            "conditions": ["l3-certificate"],
        },
    ]
    return p


def write_program(folder, program: dict, notice_text: str = "通知全文。\n") -> str:
    """The program as data/ holds it: ID.yaml beside its notice's text. Returns the YAML path."""
    import pathlib

    import yaml

    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / program["notice"]["source"]).write_text(notice_text, "utf-8")
    path = folder / f"{program['id']}.yaml"
    path.write_text(yaml.safe_dump(program, allow_unicode=True, sort_keys=False), "utf-8")
    return os.fspath(path)
