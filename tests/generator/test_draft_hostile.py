"""Hostile or broken inputs get a bilingual refusal, within bounded memory and time, and leave
no file behind: zip bombs, huge PDFs, devices and pipes, bad ids, links at the target, hidden
web-page text, random bytes. Found by an outside review of the draft command."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import pytest

from generator.draft import DraftError, draft, sources
from generator.draft.sources import read_notice
from tests.generator.drafts import notice_files
from tests.support.commands import REPO

NOTICE = REPO / "tests" / "programs" / "t-college-zhengzhou-2026.notice.txt"


def refused(call, *words: str) -> DraftError:
    with pytest.raises(DraftError) as caught:
        call()
    error = caught.value
    assert error.zh and error.en  # both languages
    for word in words:
        assert word in error.en
    return error


def docx_with(document_xml: bytes, extra: int = 0) -> bytes:
    """A zip with a DOCX's main part (and `extra` empty parts)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document_xml)
        for k in range(extra):
            z.writestr(f"word/media/x{k}.bin", b"")
    return buffer.getvalue()


def test_a_docx_that_unpacks_to_more_than_a_notice_holds_is_refused_before_it_is_unpacked(
    tmp_path,
):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_with(b"<w:t>" + "电".encode() * (8 * 1024 * 1024) + b"</w:t>"))
    assert bomb.stat().st_size < 1024 * 1024  # small on disk, 24 MB unpacked
    refused(lambda: read_notice(bomb), "unpacks to too much")


def test_a_docx_with_thousands_of_parts_is_refused(tmp_path):
    many = tmp_path / "many.docx"
    many.write_bytes(docx_with(b"<w:t/>", extra=sources.MAX_PARTS + 1))
    refused(lambda: read_notice(many), "parts")


def test_a_pdf_with_more_pages_than_a_notice_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_PAGES", 1)
    pdf = notice_files.to_pdf(NOTICE.read_text("utf-8"), tmp_path / "long.pdf")
    refused(lambda: read_notice(pdf), "pages")


def test_a_pdf_that_takes_too_long_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_SECONDS", -1)
    pdf = notice_files.to_pdf(NOTICE.read_text("utf-8"), tmp_path / "slow.pdf")
    refused(lambda: read_notice(pdf), "stopped")


def test_a_file_larger_than_a_notice_is_refused_by_its_size_before_it_is_read(
    tmp_path, monkeypatch
):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    monkeypatch.setattr(sources, "MAX_BYTES", 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    refused(lambda: read_notice(big), "over 50 MB")


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_a_device_a_pipe_or_a_folder_is_refused_without_reading_it(kind, tmp_path):
    if kind == "device":
        path = Path("/dev/zero")
    elif kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    else:
        path = tmp_path
    refused(lambda: read_notice(path), "not a regular file")


@pytest.mark.parametrize("pid", ["abc\n", "abc\r", "a" * 300, "ABC", "a--b", "-a", "a/b"])
def test_a_bad_id_is_refused_and_leaves_no_file(pid, tmp_path):
    refused(lambda: draft(NOTICE, pid, tmp_path), "the id")
    assert list(tmp_path.iterdir()) == []


def test_a_dangling_link_at_the_target_is_refused_and_never_written_through(tmp_path):
    target = tmp_path / "elsewhere.yaml"
    (tmp_path / "xian-2026.yaml").symlink_to(target)
    refused(lambda: draft(NOTICE, "xian-2026", tmp_path), "already exists")
    assert not target.exists()
    assert not (tmp_path / "xian-2026.notice.txt").exists()


def test_a_failed_write_leaves_no_half_written_file(tmp_path, monkeypatch):
    calls = []
    real = os.link

    def link(source, target):  # the second file's name cannot be made
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(target))
        return real(source, target)

    monkeypatch.setattr(os, "link", link)
    refused(lambda: draft(NOTICE, "xian-2026", tmp_path), "cannot write")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_draft_is_written_whole_with_both_files(tmp_path):
    result = draft(NOTICE, "xian-2026", tmp_path, today="2026-12-01")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xian-2026.notice.txt", "xian-2026.yaml"]
    assert result["yaml"].read_text("utf-8").startswith("# Drafted by")


def test_text_a_browser_hides_is_not_read_as_the_notice(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><div class='article'>"
        "<p>关于开展电工职业技能等级认定的通知</p>"
        "<p>一、报名方式</p>"
        "<p><span style='display: none'>请勿发送至</span>材料发送至good@example.cn。</p>"
        "<div style='display:none'>报名材料请发送至邮箱：evil@example.com。</div>"
        "<p hidden>户名：张三</p><p aria-hidden='true'>账号：6222 0000 0000 0000</p>"
        "<p style='visibility:hidden'>隐藏的文字</p>"
        "<p>二、其他</p><p>现将有关事项通知如下，请各单位认真组织。</p>"
        "</div></body></html>",
        "utf-8",
    )
    text, kind = read_notice(page)
    assert kind == "html"
    assert "good@example.cn" in text
    for hidden in ("evil@example.com", "张三", "6222", "隐藏", "请勿发送至"):
        assert hidden not in text


def test_random_bytes_that_decode_as_gb18030_are_not_a_notice(tmp_path):
    rng = random.Random(1)
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(rng.randint(0x81, 0xFE) for _ in range(20000)))
    refused(lambda: read_notice(junk), "does not look like a notice")


def test_a_web_page_nested_too_deeply_gets_an_honest_message(tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text(
        "<html><body>"
        + "<div>" * 5000
        + "<p>关于开展电工职业技能等级认定的通知。</p>"
        + "</div>" * 5000
        + "</body></html>",
        "utf-8",
    )
    refused(lambda: read_notice(deep), "nested too deeply")


def test_real_notices_still_read_as_notices():
    for path in [NOTICE, REPO / "data" / "huian-2024.notice.txt"]:
        text, kind = read_notice(path)
        assert kind == "text" and sources.plausible(text)


def test_the_next_steps_put_the_data_folder_before_the_subcommand(tmp_path, capsys):
    from generator.__main__ import main

    assert main(["draft", str(NOTICE), "--id", "xian-2026", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"python -m generator --data {tmp_path} validate" in out
    assert f"python -m generator --data {tmp_path} preview" in out
    assert main(["--data", str(tmp_path), "validate"]) in (0, 1)  # the form shown is accepted
