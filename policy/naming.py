"""Materials and their file names: which material a file is, the notice's naming rule, examples.

A material is recognised by the keywords its program gives (the longest keyword found in the file
name wins, so 证件照 beats 照片); a naming rule is a pattern such as ``{name}_{id_number}.JPG``.
The upload check, the site's pages and the browser tools' data all take names and examples
from here, with the one example person and ID number below.
"""

from __future__ import annotations

import re
import unicodedata

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
    return re.sub(r"[\s_\-.·]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def on_paper_only(material: dict) -> bool:
    """Handed in on paper only (``submit: paper``): no file of it belongs in a bundle."""
    return material.get("submit") == "paper"


def identify(filename: str, materials: list[dict]) -> dict | None:
    """The material whose matched keyword is longest (so 证件照 beats 照片, 电子注册备案表 beats
    备案表); else the material whose naming rule the name follows (a photo named only
    ``{id_number}.JPG`` carries no keyword); else None. Materials handed in as files are tried
    first: a paper-only one (身份证原件) is a file's material only when no other fits."""
    files = [m for m in materials if not on_paper_only(m)]
    paper = [m for m in materials if on_paper_only(m)]
    return _identify(filename, files) or (_identify(filename, paper) if paper else None)


def _identify(filename: str, materials: list[dict]) -> dict | None:
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
            if pattern and naming_regex(str(pattern)).match(canonical(filename)):
                return material
    return best


# Extensions that name the same format: the format is judged by content anyway, so a photo
# saved as .jpeg by a phone follows a rule written .JPG.
EXTENSION_ALIASES = (("jpg", "jpeg", "jpe", "jfif"), ("tif", "tiff"), ("htm", "html"))


def canonical(filename: str) -> str:
    """A file name as a rule is checked against: NFKC (full-width digits, letters and ＿ become
    plain ones, as IMEs type them) and no spaces around an underscore (the notice itself writes
    "姓名 _ 证件号"). Nothing else is changed: what is still odd is named, not guessed."""
    text = unicodedata.normalize("NFKC", filename)
    return re.sub(r"\s*_\s*", "_", text)


_WINDOWS_REFUSES = frozenset('\\/:*?"<>|')


def bad_characters(filename: str) -> list[str]:
    """The characters of a file name that Windows cannot extract: \\ / : * ? " < > |, control
    characters (below U+0020), and a final dot or space; each once, in the order they first
    appear (a final dot or space last). Full-width look-alikes (：＊？) are other characters,
    and fine. An empty list when the name is fine."""
    found = [c for c in filename if c in _WINDOWS_REFUSES or ord(c) < 0x20]
    if filename[-1:] in (".", " "):
        found.append(filename[-1])
    return list(dict.fromkeys(found))


# Format characters a person cannot see (soft hyphen, zero-width spaces and joiners, bidi marks,
# BOM): a name holding one does not follow a rule; the message names the character.
INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"


def naming_regex(pattern: str) -> re.Pattern:
    """'{name}_{id_number}.JPG' -> a regex for canonical() names; the extension's case and its
    aliases (.jpg, .jpeg) are not held against anyone."""
    stem, dot, ext = pattern.rpartition(".")
    if not dot or "{" in ext:
        stem, ext = pattern, ""
    out = ""
    for piece in re.split(r"(\{name\}|\{id_number\})", stem):
        if piece == "{name}":
            out += r"(?P<name>[^_/\\" + INVISIBLE + r"]+)"
        elif piece == "{id_number}":
            out += r"(?P<id_number>[0-9]{17}[0-9Xx])"
        else:
            out += re.escape(piece)
    if ext:
        same = next((a for a in EXTENSION_ALIASES if ext.lower() in a), (ext.lower(),))
        out += r"\.(?:" + "|".join(re.escape(e) for e in same) + ")"
    return re.compile("^" + out + r"\Z", re.IGNORECASE)


def separator_hint(filename: str, pattern: str) -> tuple[str, str] | None:
    """When a name holds a name and an ID number joined by something other than the rule's
    separator: (found, wanted), e.g. ("-", "_"), so a message can name the odd character."""
    wanted = re.search(r"\{name\}(.*?)\{id_number\}|\{id_number\}(.*?)\{name\}", pattern)
    number = ID_SHAPE.search(canonical(filename))
    if not wanted or not number:
        return None
    sep = wanted.group(1) if wanted.group(1) is not None else wanted.group(2)
    name = canonical(filename)
    around = (
        name[: number.start()] if pattern.index("{name}") < pattern.index("{id_number}") else ""
    )
    found = re.search(r"([^A-Za-z\u3400-\u9fff·]*)$", around).group(1) if around else ""
    return (found, sep) if found != sep else None


def has_name(pattern: str) -> bool:
    """Whether the rule puts the person's name in the file name (``{id_number}.jpg`` does not)."""
    return "{name}" in pattern


def has_id_number(pattern: str) -> bool:
    return "{id_number}" in pattern


def upper_x(filename: str, pattern: str) -> str | None:
    """The file name with its ID number's check character X in upper case, when the name follows
    the rule and ends its ID number in a lower-case x; None otherwise (nothing to correct)."""
    m = naming_regex(pattern).match(filename)
    if not m or not m.groupdict().get("id_number") or m.group("id_number")[-1] != "x":
        return None
    end = m.end("id_number")
    return filename[: end - 1] + "X" + filename[end:]


_SEPARATORS = {
    "_": ("下划线", "an underscore"),
    "＿": ("下划线", "an underscore"),
    "-": ("连字符", "a hyphen"),
    " ": ("空格", "a space"),
}


def naming_parts(pattern: str, lang: str, uppercase_x: bool = False) -> str:
    """The rule spelled out piece by piece: 姓名、下划线、18 位身份证号，扩展名为 .JPG /
    name, an underscore, the 18-character ID number, then .JPG."""
    stem, dot, ext = pattern.rpartition(".")
    if not dot or "{" in ext:
        stem, ext = pattern, ""
    pieces = []
    for piece in re.split(r"(\{name\}|\{id_number\})", stem):
        if piece == "{name}":
            pieces.append("姓名" if lang == "zh" else "name")
        elif piece == "{id_number}":
            pieces.append("18 位身份证号" if lang == "zh" else "the 18-character ID number")
        elif piece:
            known = _SEPARATORS.get(piece)
            if known:
                pieces.append(known[0] if lang == "zh" else known[1])
            else:
                pieces.append(f"“{piece}”" if lang == "zh" else f"'{piece}'")
    if lang == "zh":
        out = ("只用 " if pieces == ["18 位身份证号"] else "") + "、".join(pieces)
        out += f"，扩展名为 .{ext}" if ext else ""
        return out + ("；身份证号末位的 X 须大写" if uppercase_x else "")
    out = ("only " if pieces == ["the 18-character ID number"] else "") + ", ".join(pieces)
    out += f", then .{ext}" if ext else ""
    return out + ("; a final X of the ID number in upper case" if uppercase_x else "")


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
    """The group's photo-folder material, else the first photo handed in as a file, else the
    first photo handed in on paper only."""
    group = (program.get("packaging") or {}).get("group") or {}
    wanted = (group.get("photo_folder") or {}).get("material")
    mats = program.get("materials") or []
    if wanted is not None:
        return next((m for m in mats if m.get("id") == wanted), None)
    photos = [m for m in mats if m.get("photo") is not None]
    return next((m for m in photos if not on_paper_only(m)), photos[0] if photos else None)


def by_id(program: dict, material_id: str | None) -> dict | None:
    return next((m for m in program.get("materials") or [] if m.get("id") == material_id), None)


def parse_name_id(basename: str) -> tuple[str, str] | None:
    """('张三', '1101…') from '张三_1101….jpg'; None when the name is not of that shape."""
    m = NAME_ID.match(canonical(basename).strip())
    return (m.group("name").strip(), m.group("id").upper()) if m else None


def notice_example(material: dict) -> dict | None:
    """The notice's own example file name for a naming rule, checked rather than copied:
    {file, number, valid, expected_check, material, person}; None when the notice gives none."""
    example = (material.get("naming") or {}).get("notice_example")
    if not example:
        return None
    person, sep, number = example.rsplit(".", 1)[0].partition("_")
    if not sep:  # an ID-number-only rule ({id_number}.jpg): no person in the example
        person, number = "", person
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


# Characters that show as nothing (or as a blank) but are part of a name: people paste them in
# from chat apps and web pages without knowing. Named by code point, never guessed away silently.
_INVISIBLE_ZH = {
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2060": "词连接符",
    "\ufeff": "零宽不换行空格",
    "\u00ad": "软连字符",
    "\u3164": "韩文填充符",
}
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")


def _invisible(c: str) -> bool:
    return unicodedata.category(c) == "Cf" or c in _FILLERS


def invisible_words(c: str) -> tuple[str, str]:
    """'U+200B（零宽空格）', 'U+200B zero width space': an invisible character, named."""
    code = f"U+{ord(c):04X}"
    en = unicodedata.name(c, "invisible character").lower()
    return f"{code}（{_INVISIBLE_ZH.get(c, en)}）", f"{code} {en}"


def name_fixes(filename: str, pattern: str) -> tuple[list[tuple[str, str]], str | None]:
    """What is wrong with a file name that does not follow the rule, each as (zh, en) sentence,
    and the corrected name when correcting those things makes it follow the rule (else None).
    Found: invisible characters (named by code point), a doubled extension (.jpg.jpg), spaces
    before the extension, the ID number before the name, the wrong thing between them."""
    reasons: list[tuple[str, str]] = []
    name = filename
    hidden = list(dict.fromkeys(c for c in name if _invisible(c)))
    if hidden:
        shown = [invisible_words(c) for c in hidden]
        reasons.append(
            (
                f"文件名里有看不见的字符 {'、'.join(z for z, _ in shown)}，请删掉。",
                f"The name holds an invisible character ({', '.join(e for _, e in shown)}); "
                "delete it. ",
            )
        )
        name = "".join(c for c in name if not _invisible(c))
    stem, dot, ext = name.rpartition(".")
    if dot and re.fullmatch(r"[A-Za-z0-9]{1,5}", ext):
        inner = re.search(r"\.([A-Za-z0-9]{1,5})\s*$", stem)
        if inner and inner.group(1).lower() in _KNOWN_EXTENSIONS:
            reasons.append(
                (
                    f"扩展名写了两次（“.{inner.group(1)}.{ext}”），只保留一个。",
                    f"The extension is written twice ('.{inner.group(1)}.{ext}'); keep one. ",
                )
            )
            stem = stem[: inner.start()]
        if stem != stem.rstrip():
            reasons.append(
                (
                    f"扩展名“.{ext}”前面有空格，请删掉。",
                    f"There is a space before the extension '.{ext}'; delete it. ",
                )
            )
            stem = stem.rstrip()
        name = f"{stem.strip()}.{ext}"
    else:
        name = name.strip()
    fixed = _reversed(name, pattern)
    if fixed is not None:
        reasons.append(
            (
                "身份证号写在了姓名前面，顺序反了：应先写姓名。",
                "The ID number comes before the name: the order is reversed, the name comes "
                "first. ",
            )
        )
        name = fixed
    else:
        hint = separator_hint(name, pattern)
        if hint is not None:
            found, wanted = hint
            reasons.append(
                (
                    (f"姓名和身份证号之间是“{found}”" if found else "姓名和身份证号之间什么都没有")
                    + f"，应为“{wanted}”。",
                    (
                        f"Between the name and the ID number there is '{found}'"
                        if found
                        else "Nothing stands between the name and the ID number"
                    )
                    + f"; it must be '{wanted}'. ",
                )
            )
            number = ID_SHAPE.search(canonical(name))
            text = canonical(name)
            before = text[: number.start()]
            cut = len(before) - len(found)
            name = before[:cut] + wanted + text[number.start() :]
    follows = naming_regex(pattern).match(canonical(name))
    return reasons, (name if follows and reasons else None)


_KNOWN_EXTENSIONS = frozenset(
    {e for group in EXTENSION_ALIASES for e in group} | set(EXTENSIONS.values()) | {"heic", "bmp"}
)


def _reversed(name: str, pattern: str) -> str | None:
    """The name with its name and ID number in the rule's order, when they came reversed."""
    rule = re.fullmatch(r"\{name\}(.*?)\{id_number\}(\..*)?", pattern)
    if not rule:
        return None
    sep = rule.group(1)
    text = canonical(name)
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    m = re.fullmatch(r"\s*([0-9]{17}[0-9Xx])\s*[_＿\-\s.·]*\s*([^\d_/\\]+?)\s*", stem)
    if not m:
        return None
    return f"{m.group(2)}{sep}{m.group(1)}" + (f".{ext}" if dot else "")
