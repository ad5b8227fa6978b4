"""Telling which material a file is, from the program YAML's keywords and naming rules."""

from __future__ import annotations

import re

NAME_ID = re.compile(
    r"^(?P<name>[^_/\\]+?)\s*[_＿]\s*(?P<id>[0-9]{17}[0-9Xx])(?:\.[A-Za-z0-9]{1,5})?$"
)
ID_SHAPE = re.compile(r"(?<![0-9])([0-9]{17}[0-9Xx])(?![0-9])")
_CJK = re.compile(r"[\u3400-\u9fff]")


def normalise(text: str) -> str:
    return re.sub(r"[\s_\-.·]+", " ", text.casefold()).strip()


def identify(filename: str, materials: list[dict]) -> dict | None:
    """The material whose matched keyword is longest (so 证件照 beats 照片, 电子注册备案表 beats 备案表)."""
    stem = normalise(filename.rsplit(".", 1)[0] if "." in filename else filename)
    best, best_len = None, 0
    for material in materials:
        for word in material.get("keywords") or []:
            w = normalise(str(word))
            if w and w in stem and len(w) > best_len:
                best, best_len = material, len(w)
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


NAMING_WORDS = {
    "zh": {"{name}": "姓名", "{id_number}": "身份证号"},
    "en": {"{name}": "name", "{id_number}": "IDnumber"},
}


def naming_words(pattern: str, lang: str) -> str:
    """'{name}_{id_number}.JPG' as people read it: 姓名_身份证号.JPG / name_IDnumber.JPG."""
    for placeholder, word in NAMING_WORDS[lang].items():
        pattern = pattern.replace(placeholder, word)
    return pattern


def naming_example(pattern: str) -> str:
    return pattern.replace("{name}", "张三").replace("{id_number}", EXAMPLE_ID)


# A synthetic number with a correct GB 11643 check digit, for examples only.
EXAMPLE_ID = "110101199003070011"


def keyword_examples(material: dict) -> tuple[str, str]:
    words = [str(w) for w in material.get("keywords") or []]
    zh = next((w for w in words if _CJK.search(w)), (material.get("name") or {}).get("zh", ""))
    en = next((w for w in words if not _CJK.search(w)), (material.get("name") or {}).get("en", ""))
    return zh, en


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
    m = NAME_ID.match(basename.strip())
    return (m.group("name").strip(), m.group("id").upper()) if m else None
