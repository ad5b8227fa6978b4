"""Archive entry names come out as their author typed them, whatever tool wrote the archive."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from functions.upload.names import decode_names

# The commonest surnames and given-name characters (public frequency lists), to find every
# everyday name whose GBK bytes are also valid UTF-8: the kind that per-name guessing garbles.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
GIVEN = "伟强平芳娜敏静丽军磊洋勇艳杰娟涛明超秀英华霞红玲"


def gbk_names_valid_as_utf8() -> list[str]:
    found = []
    for surname in SURNAMES:
        for given in GIVEN:
            name = surname + given
            try:
                name.encode("gbk").decode("utf-8")
            except UnicodeDecodeError:
                continue
            found.append(name)
    return found


AMBIGUOUS = gbk_names_valid_as_utf8()


def legacy_zip(names: list[str], encoding: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A zip whose names are written in `encoding` WITHOUT the UTF-8 flag (as Chinese Windows
    tools write them), with optional extra fields per name."""
    out = io.BytesIO()
    tokens = {}
    with zipfile.ZipFile(out, "w") as zf:
        for i, name in enumerate(names):
            raw = name.encode(encoding)
            token = f"@{i:04d}@".ljust(len(raw), "#")[: len(raw)]
            assert len(token) == len(raw) >= 6
            tokens[token.encode()] = raw
            info = zipfile.ZipInfo(token)
            info.extra = (extra or {}).get(name, b"")
            zf.writestr(info, b"content")
    blob = out.getvalue()
    for token, raw in tokens.items():
        blob = blob.replace(token, raw)
    return blob


def names_of(blob: bytes) -> list[str]:
    return decode_names(zipfile.ZipFile(io.BytesIO(blob)).infolist())


def unicode_path_field(name: str, legacy: bytes) -> bytes:
    body = b"\x01" + struct.pack("<I", zlib.crc32(legacy)) + name.encode("utf-8")
    return struct.pack("<HH", 0x7075, len(body)) + body


def test_the_everyday_names_that_are_both_valid_gbk_and_utf8_are_a_real_class():
    assert {"谢伟", "郑伟", "肖强", "谢平"} <= set(AMBIGUOUS)
    assert len(AMBIGUOUS) >= 20


@pytest.mark.parametrize("name", AMBIGUOUS)
def test_a_gbk_name_that_is_also_valid_utf8_is_read_as_gbk_in_a_gbk_archive(name):
    files = [f"{name}/身份证.pdf", f"{name}/{name}_照片.jpg", f"{name}.xlsx"]
    assert names_of(legacy_zip(files, "gbk")) == files


@pytest.mark.parametrize("name", AMBIGUOUS[:8])
def test_the_same_name_alone_in_its_archive_is_still_read_as_gbk(name):
    assert names_of(legacy_zip([f"{name}.jpg"], "gbk")) == [f"{name}.jpg"]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_an_archive_written_in_one_encoding_without_the_flag_is_read_in_it(encoding):
    files = ["张三_照片.jpg", "李四/毕业证.pdf", "王五/学信网电子注册备案表.pdf", "readme.txt"]
    assert names_of(legacy_zip(files, encoding)) == files


def test_the_unicode_path_field_winrar_and_7zip_write_wins_over_the_legacy_bytes():
    # The legacy name in the local code page of a machine that is not Chinese: unreadable.
    files = ["谢伟_照片.jpg"]
    legacy = "谢伟_照片.jpg".encode("gbk")
    extra = {"谢伟_照片.jpg": unicode_path_field("谢伟_照片.jpg", legacy)}
    assert names_of(legacy_zip(files, "gbk", extra)) == files


def test_a_unicode_path_field_for_other_bytes_is_ignored():
    stale = unicode_path_field("旧名字.jpg", "旧名字.jpg".encode("gbk"))
    assert names_of(legacy_zip(["郑伟.jpg"], "gbk", {"郑伟.jpg": stale})) == ["郑伟.jpg"]


def test_flagged_utf8_names_and_legacy_gbk_names_in_one_archive_are_each_read_right():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("张三/身份证.pdf", b"x")  # non-ASCII: zipfile sets the UTF-8 flag
    flagged = zipfile.ZipFile(io.BytesIO(out.getvalue())).infolist()
    assert flagged[0].flag_bits & 0x800
    legacy = zipfile.ZipFile(io.BytesIO(legacy_zip(["肖强/身份证.pdf"], "gbk"))).infolist()
    assert decode_names(flagged + legacy) == ["张三/身份证.pdf", "肖强/身份证.pdf"]
