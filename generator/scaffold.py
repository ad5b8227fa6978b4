"""Start a new program from an existing one, so staff edit values instead of writing YAML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from policy import days

from .errors import GeneratorError

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HEADER = (
    "# Policy data for {new_id}, started from {from_id} on {today}: replace every value with the\n"
    "# new notice's, each with its clause. Guide: docs/staff/index.md (中文) · docs/staff/index.en.md\n"
    "# (English); every key: policy/schema/program.schema.json\n"
)


class ScaffoldError(GeneratorError):
    pass


def new_program(new_id: str, from_id: str, data_dir: Path, today: str | None = None) -> Path:
    """Copy data/<from_id>.yaml (comments kept) to data/<new_id>.yaml with its own notice file."""
    if not ID.match(new_id):
        raise ScaffoldError(
            f"编号 “{new_id}” 只能用小写字母、数字和连字符，例如 xian-2025 / "
            f'the id "{new_id}" may use only lower-case letters, digits and hyphens, e.g. xian-2025'
        )
    source = data_dir / f"{from_id}.yaml"
    target = data_dir / f"{new_id}.yaml"
    if not source.is_file():
        known = ", ".join(sorted(p.stem for p in data_dir.glob("*.yaml")))
        raise ScaffoldError(
            f"没有项目 “{from_id}”（现有：{known}） / no program {from_id!r} (known: {known})"
        )
    if target.exists():
        raise ScaffoldError(f"{target} 已存在，不会覆盖 / {target} exists; not overwriting it")
    today = today or days.today()
    text = source.read_text(encoding="utf-8")
    body = re.sub(r"\A(?:#.*\n)+", "", text)  # the old notice's header comment
    text = HEADER.format(new_id=new_id, from_id=from_id, today=today) + body
    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
    text = re.sub(r"(?m)^last_verified: .*$", f"last_verified: {today}", text, count=1)
    text = re.sub(r"(?m)^last_changed: .*$", f"last_changed: {today}", text, count=1)
    text = re.sub(r"(?m)^(\s+source: ).*$", rf"\g<1>{new_id}.notice.txt", text, count=1)
    # Amendments belong to the old notice's history, not the new one's.
    text = re.sub(r"(?ms)^amendments:.*?(?=^\S|\Z)", "", text)
    notice = re.search(r"(?m)^\s+source: (.*)$", source.read_text(encoding="utf-8"))
    if notice:
        shutil.copyfile(data_dir / notice.group(1).strip(), data_dir / f"{new_id}.notice.txt")
    target.write_text(text, encoding="utf-8")
    return target
