"""`python -m generator draft NOTICE --id ID`: a notice (text, DOCX, PDF or a saved web page) to
a draft program file and the notice's text, right where it speaks and marked !todo where unsure.

Modules, one job each: sources (files to text), webpage (a saved page's article), clauses (the
clause tree); header, timeline, fees, levels + phrases.py/phrases.yaml (conditions), materials,
packaging, contacts, exam, subsidies, audience (the parsers: text in, plain data out); program,
items, money, shape (the program format); emit (YAML with !todo and quoted words); glossary
(English only from docs/glossary.md); text (shared string helpers).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from policy.programs import check_file

from . import program as program_mod
from .emit import dump
from .errors import DraftError
from .sources import read_notice

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_ID = 64


def draft_text(
    notice_text: str, program_id: str, source_name: str = "notice", today: str | None = None
) -> str:
    """The draft program file's YAML for a notice already read as text."""
    today = today or dt.date.today().isoformat()
    return dump(program_mod.build(notice_text, program_id, source_name, today))


def draft(notice: Path, program_id: str, data_dir: Path, today: str | None = None) -> dict:
    """Write data_dir/ID.yaml and data_dir/ID.notice.txt; never overwrite. Returns {yaml, text,
    kind, todos, problems} (problems: what validate says of the new file, warnings only)."""
    if len(program_id) > MAX_ID or not ID.fullmatch(program_id):
        raise DraftError(
            f"编号 {program_id!r} 只能用小写字母、数字和连字符（如 xian-2025），最多 {MAX_ID} 个",
            f"the id {program_id!r} may hold only lower-case letters, digits and hyphens "
            f"(e.g. xian-2025), at most {MAX_ID} of them",
        )
    data_dir = Path(data_dir)
    yaml_path, text_path = data_dir / f"{program_id}.yaml", data_dir / f"{program_id}.notice.txt"
    for path in (yaml_path, text_path):
        if os.path.lexists(path):  # a dangling link too: never written through
            raise DraftError(
                f"{path} 已存在，不会覆盖；请换一个编号或先移走该文件",
                f"{path} already exists and is never overwritten: choose another id or move it away",
            )
    if not data_dir.is_dir():
        raise DraftError(
            f"数据文件夹 {data_dir} 不存在", f"the data folder {data_dir} does not exist"
        )
    text, kind = read_notice(notice)
    body = draft_text(text, program_id, Path(notice).name, today)
    _write_new({text_path: text, yaml_path: body})
    _, problems = check_file(yaml_path)
    return {
        "yaml": yaml_path,
        "text": text_path,
        "kind": kind,
        "todos": sum(1 for p in problems if p.code == "todo"),
        "problems": problems,
    }


def _write_new(files: dict[Path, str]) -> None:
    """Write each file whole or not at all: each goes to a new temporary file beside it (O_EXCL,
    never through a link), and is linked to its name only when all are written; a name taken
    meanwhile is refused. On any failure nothing new remains."""
    temps: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for path, content in files.items():
            temp = path.with_name(f".{path.name}.draft-{os.getpid()}")
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0))
            temps[path] = temp
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(content)
        for path, temp in temps.items():
            os.link(temp, path)  # fails if the name exists, as anything: never overwrites
            done.append(path)
    except OSError as e:
        for path in done:
            path.unlink(missing_ok=True)
        raise DraftError(
            f"无法写入草稿 {e.filename or ''}：{e.strerror or e}",
            f"cannot write the draft {e.filename or ''}: {e.strerror or e}",
        ) from None
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)


__all__ = ["DraftError", "draft", "draft_text"]
