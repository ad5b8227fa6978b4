"""Entry names of a zip archive as their author typed them, decided per archive.

A zip entry name is bytes. The UTF-8 flag (general purpose bit 11) says they are UTF-8; without
it zipfile reads them as cp437, and Chinese Windows tools (the Explorer "compressed folder",
older WinRAR and 7-Zip, WeChat's PC client) write GBK. Trouble: some GBK names are also valid
UTF-8 (谢伟 is D0 BB CE B0, which reads as "лΰ" in UTF-8), so "try UTF-8, then GBK" per entry
garbles them. So, for every archive:

1. a name with the UTF-8 flag is UTF-8;
2. a name with an Info-ZIP Unicode Path extra field (0x7075, written by WinRAR and 7-Zip beside
   the legacy name) whose CRC-32 matches the legacy bytes takes the UTF-8 name from it;
3. the other names are read in one encoding for the whole archive (a tool writes all its
   names alike): the one of UTF-8 and GB18030 under which every name decodes, and where both
   do, the one whose reading looks like real names (common Chinese characters, ASCII) rather
   than mojibake (Cyrillic, Greek, rare or private-use characters).
"""

from __future__ import annotations

import struct
import zipfile
import zlib

UNICODE_PATH = 0x7075
ENCODINGS = ("utf-8", "gb18030")


def raw_name(info: zipfile.ZipInfo) -> bytes | None:
    """The name's bytes as stored (zipfile decoded them as cp437, which round-trips)."""
    if info.flag_bits & 0x800:
        return None
    try:
        return info.filename.encode("cp437")
    except UnicodeEncodeError:
        return None


def unicode_path(info: zipfile.ZipInfo, raw: bytes) -> str | None:
    """The UTF-8 name of a 0x7075 extra field, when it belongs to these legacy bytes."""
    extra = info.extra or b""
    at = 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[at : at + 4])
        body = extra[at + 4 : at + 4 + size]
        at += 4 + size
        if kind != UNICODE_PATH or len(body) < 5 or body[0] != 1:
            continue
        (crc,) = struct.unpack("<I", body[1:5])
        if crc != zlib.crc32(raw):
            return None  # the legacy name was changed after the extra field was written
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def plausibility(text: str) -> int:
    """How much a reading looks like a real file name: common Chinese characters (GB2312's
    two levels) and ASCII score, mojibake (Cyrillic, Greek, box drawing, rare CJK) costs."""
    score = 0
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            score += 1
        elif 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
            score += 1  # CJK punctuation, full-width forms
        elif 0x4E00 <= code <= 0x9FFF and _common(ch):
            score += 2
        else:
            score -= 3
    return score


def _common(ch: str) -> bool:
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= lead <= 0xF7  # GB2312 levels 1 and 2: the characters names are written in


def archive_encoding(raws: list[bytes]) -> str:
    """The encoding of an archive's legacy names (see the module's docstring, step 3)."""
    readings = {}
    for encoding in ENCODINGS:
        try:
            readings[encoding] = [raw.decode(encoding) for raw in raws]
        except UnicodeDecodeError:
            continue
    if not readings:
        return "cp437"
    if len(readings) == 1:
        return next(iter(readings))
    scores = {enc: sum(plausibility(n) for n in names) for enc, names in readings.items()}
    return max(ENCODINGS, key=lambda enc: (scores[enc], enc == "utf-8"))


def decode_names(infos: list[zipfile.ZipInfo]) -> list[str]:
    """Every entry's name, in the archive's order."""
    out: list[str | None] = []
    legacy: list[tuple[int, bytes]] = []
    for i, info in enumerate(infos):
        raw = raw_name(info)
        if raw is None:
            out.append(info.filename)
            continue
        name = unicode_path(info, raw)
        out.append(name)
        if name is None:
            legacy.append((i, raw))
    if legacy:
        encoding = archive_encoding([raw for _, raw in legacy])
        for i, raw in legacy:
            out[i] = raw.decode(encoding, errors="replace")
    return out  # type: ignore[return-value]
