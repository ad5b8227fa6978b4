"""Small text helpers the drafting patterns share: width, numbers, level names, sentences.

Pure functions on strings; nothing here knows about the program format.
"""

from __future__ import annotations

import re

# Full-width forms notices mix with ASCII ones; conditions and amounts are compared after this.
_WIDTH = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "，": ",",
        "；": ";",
        "：": ":",
        "．": ".",
        "／": "/",
        "＿": "_",
        "－": "-",
        "～": "~",
        "　": " ",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}

# Level names as the national occupational skill standards print them; longest first, so that
# 高级技师 is read before 技师 and 高级工 before 高级.
LEVEL_WORDS = [
    ("一级/高级技师", 1),
    ("二级/技师", 2),
    ("三级/高级工", 3),
    ("四级/中级工", 4),
    ("五级/初级工", 5),
    ("高级技师", 1),
    ("技师", 2),
    ("高级工", 3),
    ("中级工", 4),
    ("初级工", 5),
    ("一级", 1),
    ("二级", 2),
    ("三级", 3),
    ("四级", 4),
    ("五级", 5),
]
LEVEL_RE = re.compile("|".join(re.escape(w.replace(" ", "")) for w, _ in LEVEL_WORDS))
_LEVEL_OF = dict(LEVEL_WORDS)


def half(text: str) -> str:
    """ASCII punctuation and digits for their full-width forms."""
    return text.translate(_WIDTH)


def squeeze(text: str) -> str:
    """Half-width, without any white space: how wordings are compared."""
    return re.sub(r"\s+", "", half(text))


def cn_number(word: str) -> int | None:
    """'12' -> 12, '五' -> 5, '十二' -> 12, '二十' -> 20; None for anything else."""
    word = half(word)
    if word.isdigit():
        return int(word)
    if not word or any(c not in CN_DIGITS and c != "十" for c in word):
        return None
    if "十" not in word:
        return CN_DIGITS[word] if len(word) == 1 else None
    tens, _, units = word.partition("十")
    value = (CN_DIGITS.get(tens, 0) if tens else 1) * 10
    return value + (CN_DIGITS.get(units, 0) if units else 0)


def levels_in(text: str) -> list[int]:
    """The levels a text names, in order, each once: '二级、一级' -> [2, 1]."""
    found: list[int] = []
    for m in LEVEL_RE.finditer(squeeze(text)):
        level = _LEVEL_OF[m.group(0)]
        if level not in found:
            found.append(level)
    return found


def sentences(text: str) -> list[str]:
    """Split at 。；; (kept on the sentence); empty pieces dropped."""
    return [s.strip() for s in re.findall(r"[^。；;]+[。；;]?", text) if s.strip()]


def clean_end(text: str) -> str:
    """A list item as a sentence: trailing ；;，, and spaces replaced by one 。."""
    text = text.strip().rstrip("；;，,。. ")
    return text + "。" if text else text


def quote(text: str, limit: int = 60) -> str:
    """The notice's words for a comment: one line, shortened in the middle when long."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    return text[: limit // 2 - 1] + "…" + text[-(limit // 2 - 1) :]
