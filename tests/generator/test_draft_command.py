"""Staff draft a program from a notice as text, DOCX, PDF or a saved web page with one command;
a file it cannot read gets a clear message in both languages, and nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.__main__ import main
from policy.programs import check_dir
from tests.generator.drafts import notice_files
from tests.support.commands import REPO, run

NOTICE = REPO / "tests" / "programs" / "t-college-zhengzhou-2026.notice.txt"


def make(kind: str, folder: Path) -> Path:
    text = NOTICE.read_text("utf-8")
    if kind == "txt":
        return NOTICE
    maker = {"docx": notice_files.to_docx, "pdf": notice_files.to_pdf, "html": notice_files.to_html}
    return maker[kind](text, folder / f"notice.{kind}")


class Result:
    def __init__(self, returncode: int, out):
        self.returncode, self.stdout, self.stderr = returncode, out.out, out.err


def draft(notice: Path, data: Path, capsys, pid: str = "xian-2026") -> Result:
    """The command as `python -m generator draft NOTICE --id ID --data DIR` runs it (in this
    process: one interpreter start is tested below, the rest would only add seconds)."""
    code = main(["draft", str(notice), "--id", pid, "--data", str(data)])
    return Result(code, capsys.readouterr())


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf", "html"])
def test_the_command_drafts_each_input_format_into_a_file_that_loads_with_only_todo_warnings(
    kind, tmp_path, capsys
):
    data = tmp_path / "data"
    data.mkdir()
    r = draft(make(kind, tmp_path), data, capsys)
    assert r.returncode == 0, r.stderr
    assert (
        f"read as {kind.upper() if kind != 'txt' else 'TEXT'}" in r.stdout and "!todo" in r.stdout
    )
    programs, problems = check_dir(data)
    assert {p.code for p in problems} == {"todo"}
    program = programs["xian-2026"]
    assert program["notice"]["source"] == "xian-2026.notice.txt"
    # the fee table (a real table in DOCX, PDF and HTML) and the photo rule come through
    fees = {
        (f["amount_cny"], tuple(f.get("levels", ())), f.get("subject")) for f in program["fees"]
    }
    assert {(50, (5,), "theory"), (240, (3,), "skill"), (60, (3,), "oral")} <= fees
    photo = next(m for m in program["materials"] if m["id"] == "photo")
    assert (photo["min_bytes"], photo["max_bytes"]) == (40960, 204800)
    text = (data / "xian-2026.notice.txt").read_text("utf-8")
    assert "某学院2026年度职业技能等级认定（社评）考试计划" in text


def test_the_command_runs_as_staff_type_it_with_the_data_folder_named_first(tmp_path):
    r = run("generator", "--data", tmp_path, "draft", NOTICE, "--id", "xian-2026", timeout=60)
    assert r.returncode == 0, r.stderr
    assert "草稿已写好 / draft written" in r.stdout and (tmp_path / "xian-2026.yaml").is_file()
    again = run("generator", "--data", tmp_path, "draft", NOTICE, "--id", "xian-2026", timeout=60)
    assert again.returncode == 2 and "Traceback" not in again.stderr


def test_an_existing_program_file_is_never_overwritten(tmp_path, capsys):
    (tmp_path / "xian-2026.yaml").write_text("kept", "utf-8")
    r = draft(NOTICE, tmp_path, capsys)
    assert r.returncode == 2 and "never overwritten" in r.stderr and "不会覆盖" in r.stderr
    assert (tmp_path / "xian-2026.yaml").read_text("utf-8") == "kept"
    assert not (tmp_path / "xian-2026.notice.txt").exists()


@pytest.mark.parametrize(
    "name, content, english",
    [
        ("notice.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "save it as .docx"),
        ("notice.docx", b"PK\x03\x04" + b"\0" * 100, "not a DOCX"),
        ("notice.pdf", b"%PDF-1.4\nnot really a pdf", "could not be read as PDF"),
        ("notice.bin", bytes(range(256)) * 4, "not plain text, DOCX, PDF or a web page"),
        ("notice.txt", b"only English here", "no Chinese text found"),
        ("notice.txt", "通知".encode("utf-16"), "neither UTF-8 nor GBK"),
    ],
)
def test_an_unreadable_or_unsupported_file_gets_a_bilingual_message_and_no_traceback(
    name, content, english, tmp_path, capsys
):
    source = tmp_path / name
    source.write_bytes(content)
    r = draft(source, tmp_path, capsys)
    assert r.returncode == 2
    assert english in r.stderr and " / " in r.stderr and "Traceback" not in r.stderr
    assert not list(tmp_path.glob("xian-2026*"))


def test_a_missing_notice_and_a_bad_id_are_refused_in_both_languages(tmp_path, capsys):
    missing = draft(tmp_path / "nowhere.pdf", tmp_path, capsys)
    assert (
        missing.returncode == 2 and "无法读取" in missing.stderr and "cannot read" in missing.stderr
    )
    bad = draft(NOTICE, tmp_path, capsys, pid="Xian 2026")
    assert bad.returncode == 2 and "lower-case" in bad.stderr and "Traceback" not in bad.stderr
