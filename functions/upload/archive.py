"""Reading untrusted archives safely.

Everything that could make a hostile archive expensive (entry count, declared sizes, compression
ratio, overlapping entries, depth, links, encryption) is checked from the central directory and the
local headers BEFORE a single byte is decompressed. Decompression then streams in bounded chunks, so
memory stays flat whatever the archive holds. zipfile alone is not enough: Python 3.11 happily
reads overlapping-entry bombs and decodes GBK names as cp437.
"""

from __future__ import annotations

import dataclasses
import stat
import struct
import unicodedata
import zipfile
import zlib

from policy import naming

from .names import decode_names
from .problems import BundleError, problem

MiB = 1 << 20


@dataclasses.dataclass(frozen=True)
class Limits:
    max_entries: int = 10_000
    max_total_bytes: int = 4 << 30
    max_entry_bytes: int = 1 << 30
    max_ratio: int = 100
    ratio_floor_bytes: int = MiB  # tiny entries compress well legitimately (text, blank forms)
    max_depth: int = 8
    max_name_bytes: int = 1024
    # 10 000 entries with long Chinese names and the extra fields tools write fit in ~3 MiB.
    max_central_directory_bytes: int = 8 * MiB


@dataclasses.dataclass
class Entry:
    path: str
    size: int
    compressed: int
    is_dir: bool
    info: zipfile.ZipInfo

    @property
    def name(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]

    @property
    def parts(self) -> list[str]:
        return [p for p in self.path.split("/") if p]


# ----------------------------------------------------------------------------- format sniffing

_SIGNATURES = [
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"PK\x07\x08", "zip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\x1f\x8b", "gzip/tar.gz"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"MSCF", "CAB"),
]


def sniff_archive(head: bytes) -> str | None:
    """The archive format by content: 'zip', another format name, or None when not an archive."""
    for sig, name in _SIGNATURES:
        if head.startswith(sig):
            return name
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    return None


# ----------------------------------------------------------------------------- names


_UNSAFE_REASONS = {
    "absolute": ("绝对路径", "an absolute path"),
    "parent": ("包含“..”，会跳出解压文件夹", "it contains '..' and would escape the folder"),
    "drive": ("包含盘符", "it contains a drive letter"),
    "link": ("是链接（快捷方式）而不是文件", "it is a link, not a file"),
    "device": ("是设备或特殊文件", "it is a device or special file"),
    "control": ("文件名含有控制字符", "its name contains control characters"),
    "bidi": (
        "文件名含有改变文字方向的隐藏字符，会让文件名显示得和实际不同",
        "its name holds hidden characters that reverse the text, so it shows other than it is",
    ),
    "windows": (
        "文件名含有 Windows 无法解压的字符 {chars}",
        "its name holds characters Windows cannot extract: {chars}",
    ),
    "long": ("文件名过长", "its name is too long"),
}


def _unsafe(code: str, path: str, **params) -> dict:
    zh, en = (text.format(**params) for text in _UNSAFE_REASONS[code])
    return problem("unsafe-path", path=path, reason_zh=zh, reason_en=en)


# Bidirectional embeddings, overrides and isolates: "张三_‮gpj.exe" shows as "张三_exe.jpg".
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _too_large(reason_zh: str, reason_en: str, path: str | None = None) -> dict:
    return problem("archive-too-large", path=path, reason_zh=reason_zh, reason_en=reason_en)


def _control(c: str) -> bool:
    """A control character (C0, DEL, C1) or a line or paragraph separator: it breaks a line."""
    return unicodedata.category(c) in ("Cc", "Zl", "Zp")


def _hidden(c: str) -> bool:
    """A format character (Cf) that moves text: bidi marks (LRM, RLM, the Arabic letter mark),
    embeddings, overrides and isolates. Zero-width characters that move nothing (ZWSP, ZWJ,
    soft hyphen, BOM: bidi class BN) are left to the naming checks, which name them by code
    point and say how to rename the file."""
    return c in _BIDI or (
        unicodedata.category(c) == "Cf" and unicodedata.bidirectional(c) not in ("BN", "")
    )


def _escaped(raw: str) -> str:
    """The name with only what cannot be shown as \\xNN / \\uXXXX (controls, separators and
    hidden format characters), so the rest (a candidate's Chinese name) stays readable and
    nothing reorders the message."""
    return "".join(
        c.encode("unicode_escape").decode("ascii") if _control(c) or _hidden(c) else c for c in raw
    )


def _path_problem(raw: str, info: zipfile.ZipInfo) -> dict | None:
    shown = raw
    if any(_control(c) for c in raw):
        return _unsafe("control", _escaped(raw))
    if any(_hidden(c) for c in raw):
        return _unsafe("bidi", _escaped(raw))
    name = raw.replace("\\", "/")
    if name.startswith("/"):
        return _unsafe("absolute", shown)
    if len(name) >= 2 and name[1] == ":" and name[0].isalpha():
        return _unsafe("drive", shown)
    if ".." in name.split("/"):
        return _unsafe("parent", shown)
    odd = [c for part in name.split("/") if part for c in naming.bad_characters(part)]
    if odd:
        return _unsafe("windows", shown, chars=" ".join(dict.fromkeys(odd)))
    if info.create_system == 3:  # unix: mode bits live in the high half of external_attr
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            return _unsafe("link", shown)
        if mode and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) and stat.S_IFMT(mode):
            return _unsafe("device", shown)
    return None


# ----------------------------------------------------------------------------- the reader

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"


def _end_record(fh, size: int) -> tuple[int, int, int, int]:
    """(declared entries, central directory size, its offset, where the end record starts)
    read straight from the tail."""
    tail_len = min(size, 22 + 65535)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise BundleError(problem("not-an-archive"))
    _, _, _, entries, cd_size, cd_offset, _ = struct.unpack("<HHHHIIH", tail[at + 4 : at + 22])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        loc = at - 20
        if loc >= 0 and tail[loc : loc + 4] == _EOCD64_LOCATOR:
            (rec_offset,) = struct.unpack("<Q", tail[loc + 8 : loc + 16])
            fh.seek(rec_offset)
            rec = fh.read(56)
            if len(rec) == 56 and rec[:4] == b"PK\x06\x06":
                entries, cd_size, cd_offset = struct.unpack("<QQQ", rec[32:56])
                return entries, cd_size, cd_offset, rec_offset
    return entries, cd_size, cd_offset, size - tail_len + at


_CENTRAL = b"PK\x01\x02"


def _count_central_records(fh, end: int, cd_size: int, limit: int) -> int:
    """How many entries the central directory really holds (whatever the end record claims),
    counting at most `limit`: the directory ends where the end record starts. Read once and
    walked record by record (46 fixed bytes and three lengths each), before zipfile parses
    anything, so a directory of a million tiny records is refused in milliseconds."""
    start = max(0, end - cd_size)
    fh.seek(start)
    data = fh.read(end - start)
    count = at = 0
    while at + 46 <= len(data) and data[at : at + 4] == _CENTRAL and count < limit:
        name, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        at += 46 + name + extra + comment
        count += 1
    return count


_SUPPORTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


class SafeZip:
    """A zip archive whose structure has been vetted; raises BundleError at the first danger."""

    def __init__(self, fh, limits: Limits | None = None, budget=None):
        """budget (budget.Budget, optional): its wall time is checked as bytes are inflated."""
        limits = limits or Limits()
        self.budget = budget
        self.limits = limits
        self.fh = fh
        fh.seek(0, 2)
        self.size = fh.tell()
        entries, cd_size, cd_offset, end = _end_record(fh, self.size)
        if cd_size > limits.max_central_directory_bytes:
            raise BundleError(_too_large("文件目录过大", "its table of contents is too large"))
        entries = max(entries, _count_central_records(fh, end, cd_size, limits.max_entries + 1))
        if entries > limits.max_entries:
            raise BundleError(
                _too_large(
                    f"有超过 {limits.max_entries} 个条目",
                    f"it has more than {limits.max_entries} entries",
                )
            )
        try:
            self.zf = zipfile.ZipFile(fh)
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            ValueError,
            struct.error,
            NotImplementedError,
            LookupError,
            OverflowError,
        ):
            # zipfile raises NotImplementedError for a made-up "version needed" and friends
            raise BundleError(problem("not-an-archive")) from None
        infos = self.zf.infolist()
        if len(infos) > limits.max_entries:
            raise BundleError(
                _too_large(
                    f"有 {len(infos)} 个条目，上限为 {limits.max_entries}",
                    f"it has {len(infos)} entries; the limit is {limits.max_entries}",
                )
            )
        self.entries = self._vet(infos, cd_offset)

    def close(self) -> None:
        self.zf.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- structure checks, no decompression --
    def _vet(self, infos: list[zipfile.ZipInfo], cd_offset: int) -> list[Entry]:
        lim = self.limits
        entries: list[Entry] = []
        seen: dict[str, str] = {}
        total = 0
        for info in infos:
            if len(info.filename.encode("utf-8", "surrogateescape")) > lim.max_name_bytes:
                raise BundleError(_unsafe("long", info.filename[:80] + "…"))
        for info, path in zip(infos, decode_names(infos), strict=True):
            bad = _path_problem(path, info)
            if bad:
                raise BundleError(bad)
            path = path.replace("\\", "/")
            if info.flag_bits & 0x1 or info.compress_type == 99:
                raise BundleError(problem("encrypted", path=path))
            if info.compress_type not in _SUPPORTED_METHODS:
                raise BundleError(
                    problem(
                        "unsupported-archive",
                        format=f"ZIP (compression method {info.compress_type})",
                    )
                )
            is_dir = path.endswith("/")
            parts = [p for p in path.split("/") if p and p != "."]
            if len(parts) > lim.max_depth:
                raise BundleError(
                    _too_large(
                        f"文件夹层级超过 {lim.max_depth} 层",
                        f"folders are nested deeper than {lim.max_depth} levels",
                        path,
                    )
                )
            clean = "/".join(parts) + ("/" if is_dir else "")
            if not parts:
                continue
            key = clean.casefold()
            if key in seen and not is_dir:
                raise BundleError(problem("duplicate-entry", path=clean))
            seen[key] = clean
            if info.file_size > lim.max_entry_bytes:
                raise BundleError(
                    _too_large(
                        f"“{clean}”解压后有 {info.file_size // MiB} MB",
                        f"'{clean}' would be {info.file_size // MiB} MB once extracted",
                        clean,
                    )
                )
            if info.file_size > lim.ratio_floor_bytes and info.file_size > lim.max_ratio * max(
                info.compress_size, 1
            ):
                raise BundleError(
                    _too_large(
                        f"“{clean}”的压缩比异常（可能是压缩炸弹）",
                        f"'{clean}' has a suspicious compression ratio (a possible zip bomb)",
                        clean,
                    )
                )
            total += info.file_size
            entries.append(Entry(clean, info.file_size, info.compress_size, is_dir, info))
        if total > lim.max_total_bytes:
            raise BundleError(
                _too_large(
                    f"解压后共 {total // MiB} MB，上限为 {lim.max_total_bytes // MiB} MB",
                    f"it would be {total // MiB} MB once extracted; the limit is "
                    f"{lim.max_total_bytes // MiB} MB",
                )
            )
        if total > lim.ratio_floor_bytes and total > lim.max_ratio * max(self.size, 1):
            raise BundleError(
                _too_large(
                    "整体压缩比异常（可能是压缩炸弹）",
                    "a suspicious overall compression ratio (a possible zip bomb)",
                )
            )
        self._check_overlaps(entries, cd_offset)
        return entries

    def _check_overlaps(self, entries: list[Entry], cd_offset: int) -> None:
        """Each entry's bytes must sit alone, before the central directory (defeats overlap bombs)."""
        spans = []
        for e in entries:
            start = e.info.header_offset
            if start < 0 or start >= self.size:
                raise BundleError(problem("corrupt-entry", path=e.path))
            self.fh.seek(start)
            header = self.fh.read(30)
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                raise BundleError(problem("corrupt-entry", path=e.path))
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            end = start + 30 + name_len + extra_len + e.compressed
            spans.append((start, end, e.path))
        spans.sort()
        limit = min(getattr(self.zf, "start_dir", cd_offset), self.size)
        previous_end = 0
        for start, end, path in spans:
            if start < previous_end:
                raise BundleError(
                    _too_large(
                        "条目相互重叠（压缩炸弹的特征）",
                        "entries overlap each other (a zip bomb trait)",
                        path,
                    )
                )
            if end > limit:
                raise BundleError(problem("corrupt-entry", path=path))
            previous_end = end

    # -- decompression, bounded --
    def stream(self, entry: Entry, chunk: int = MiB):
        """Yields the entry's bytes; stops at the declared size and checks the CRC at the end."""
        produced = 0
        try:
            with self.zf.open(entry.info) as src:
                while True:
                    block = src.read(chunk)
                    if not block:
                        break
                    produced += len(block)
                    if self.budget is not None:
                        self.budget.tick()
                    if produced > entry.size:
                        raise BundleError(problem("corrupt-entry", path=entry.path))
                    yield block
        except BundleError:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            RuntimeError,
            NotImplementedError,
            LookupError,
            struct.error,
        ):
            raise BundleError(problem("corrupt-entry", path=entry.path)) from None
        except Exception as exc:  # lzma/bz2 raise their own error types
            if type(exc).__module__ in ("_lzma", "lzma", "_bz2", "bz2"):
                raise BundleError(problem("corrupt-entry", path=entry.path)) from None
            raise
        if produced != entry.size:
            raise BundleError(problem("corrupt-entry", path=entry.path))

    def read(self, entry: Entry, head: int | None = None) -> bytes:
        """All of a (size-checked) entry, or just its first `head` bytes after a full CRC check."""
        out = bytearray()
        for block in self.stream(entry):
            if head is None:
                out += block
            elif len(out) < head:
                out += block[: head - len(out)]
        return bytes(out)

    def ends(self, entry: Entry, head: int, tail: int) -> tuple[bytes, bytes]:
        """The first `head` and the last `tail` bytes of an entry, in one checked read: what a
        file is shows at its start, and a zip's list of entries at its end."""
        first, last = bytearray(), bytearray()
        for block in self.stream(entry):
            if len(first) < head:
                first += block[: head - len(first)]
            last += block
            if len(last) > tail:
                del last[: len(last) - tail]
        return bytes(first), bytes(last)

    def copy_to(self, entry: Entry, dst) -> None:
        for block in self.stream(entry):
            dst.write(block)
