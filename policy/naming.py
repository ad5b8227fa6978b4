"""Materials and their file names: which material a file is, the notice's naming rule, examples.

A material is recognised by the keywords its program gives (the longest keyword found in the file
name wins, so 证件照 beats 照片); a naming rule is a pattern such as ``{name}_{id_number}.JPG``.
The upload check, the site's pages and the browser tools' data all take names and examples
from here, with the one example person and ID number below.
"""

from __future__ import annotations

import re

from .idnumber import EXAMPLE_ID, check_digit, is_valid

EXAMPLE_PERSON = "张三"
NAME_ID = re.compile(
    r"^(?P<name>[^_/\\]+?)\s*[_＿]\s*(?P<id>[0-9]{17}[0-9Xx])(?:\.[A-Za-z0-9]{1,5})?$"
)
ID_SHAPE = re.compile(r"(?<![0-9])([0-9]{17}[0-9Xx])(?![0-9])")  # an ID number inside a name
_CJK = re.compile(r"[\u3400-\u9fff]")
# The file extension a material's first format gets in examples and in the builder's names.
EXTENSIONS = {
    "jpeg": "jpg",
    "png": "png",
    "pdf": "pdf",
    "xlsx": "xlsx",
    "xls": "xls",
    "docx": "docx",
    "doc": "doc",
}
NAMING_WORDS = {
    "zh": {"{name}": "姓名", "{id_number}": "身份证号"},
    "en": {"{name}": "name", "{id_number}": "IDnumber"},
}


def normalise(text: str) -> str:
    return re.sub(r"[\s_\-.·]+", " ", text.casefold()).strip()


def identify(filename: str, materials: list[dict]) -> dict | None:
    """The material whose matched keyword is longest (so 证件照 beats 照片, 电子注册备案表 beats
    备案表); else the material whose naming rule the name follows (a photo named only
    ``{id_number}_{name}.JPG`` carries no keyword); else None."""
    stem = normalise(filename.rsplit(".", 1)[0] if "." in filename else filename)
    best, best_len = None, 0
    for material in materials:
        for word in material.get("keywords") or []:
            w = normalise(str(word))
            if w and w in stem and len(w) > best_len:
                best, best_len = material, len(w)
    if best is None:
        for material in materials:
            pattern = (material.get("naming") or {}).get("pattern")
            if pattern and naming_regex(str(pattern)).match(filename):
                return material
    return best


def naming_regex(pattern: str) -> re.Pattern:
    """'{name}_{id_number}.JPG' -> a regex; the extension's case is not held against anyone."""
    out = ""
    for piece in re.split(r"(\{name\}|\{id_number\})", pattern):
        if piece == "{name}":
            out += r"(?P<name>[^_/\\]+)"
        elif piece == "{id_number}":
            out += r"(?P<id_number>[0-9]{17}[0-9Xx])"
        else:
            out += re.escape(piece)
    return re.compile("^" + out + "$", re.IGNORECASE)


def naming_words(pattern: str, lang: str) -> str:
    """'{name}_{id_number}.JPG' as people read it: 姓名_身份证号.JPG / name_IDnumber.JPG."""
    for placeholder, word in NAMING_WORDS[lang].items():
        pattern = pattern.replace(placeholder, word)
    return pattern


def naming_example(pattern: str, person: str = EXAMPLE_PERSON) -> str:
    """The pattern filled with an example person and the example ID number."""
    return pattern.replace("{name}", person).replace("{id_number}", EXAMPLE_ID)


def keyword_examples(material: dict) -> tuple[str, str]:
    """(Chinese keyword, English keyword) to show in a file name; the names when none."""
    words = [str(w) for w in material.get("keywords") or []]
    zh = next((w for w in words if _CJK.search(w)), (material.get("name") or {}).get("zh", ""))
    en = next((w for w in words if not _CJK.search(w)), (material.get("name") or {}).get("en", ""))
    return zh, en


def example_file(material: dict, person: str = EXAMPLE_PERSON) -> str:
    """A file name that the upload check recognises as this material."""
    naming = material.get("naming")
    if naming:
        return naming_example(naming["pattern"], person)
    fmt = (material.get("formats") or ["pdf"])[0]
    return f"{keyword_examples(material)[0] or material['id']}.{EXTENSIONS.get(fmt, fmt)}"


def photo_material(program: dict) -> dict | None:
    group = (program.get("packaging") or {}).get("group") or {}
    wanted = (group.get("photo_folder") or {}).get("material")
    for m in program.get("materials") or []:
        if m.get("id") == wanted or (wanted is None and m.get("photo") is not None):
            return m
    return None


def by_id(program: dict, material_id: str | None) -> dict | None:
    return next((m for m in program.get("materials") or [] if m.get("id") == material_id), None)


def parse_name_id(basename: str) -> tuple[str, str] | None:
    """('张三', '1101…') from '张三_1101….jpg'; None when the name is not of that shape."""
    m = NAME_ID.match(basename.strip())
    return (m.group("name").strip(), m.group("id").upper()) if m else None


def notice_example(material: dict) -> dict | None:
    """The notice's own example file name for a naming rule, checked rather than copied:
    {file, number, valid, expected_check, material, person}; None when the notice gives none."""
    example = (material.get("naming") or {}).get("notice_example")
    if not example:
        return None
    person, _, number = example.rsplit(".", 1)[0].partition("_")
    return {
        "file": example,
        "number": number,
        "person": person or None,
        "valid": is_valid(number),
        "expected_check": check_digit(number[:17]) if re.fullmatch(r"\d{17}.", number) else None,
        "material": material["id"],
    }


def example_names(program: dict) -> dict:
    """What pages show as examples: {materials: {id: file name}, notice_example, person,
    id_number}. The person is the notice's own example's, else EXAMPLE_PERSON."""
    found = [e for m in program.get("materials") or [] if (e := notice_example(m))]
    person = next((e["person"] for e in found if e["person"]), EXAMPLE_PERSON)
    return {
        "materials": {m["id"]: example_file(m, person) for m in program.get("materials") or []},
        "notice_example": found[-1] if found else None,
        "person": person,
        "id_number": EXAMPLE_ID,
    }
