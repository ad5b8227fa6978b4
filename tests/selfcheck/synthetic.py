"""A site with two synthetic programs beside the real ones, for rules no real notice has yet:
an audience of a city and of people not yet at the statutory retirement age, and a notice of
several occupations with a level whose conditions it leaves to an attachment.

Both are copies of data/huian-2024.yaml with a few keys changed (ids match file names)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

from policy.programs import DATA_DIR

FROM = "huian-2024"
RETIRING = "retiring-2099"
MANY = "many-2099"
CLERK, COOK = "4-01-02-05", "4-03-02-01"


def _program(base: dict, pid: str, number: str, title: dict) -> dict:
    program = copy.deepcopy(base)
    program["id"] = pid
    program["notice"]["document_number"] = number
    program["notice"]["short_title"] = title
    return program


def programs() -> dict[str, dict]:
    base = yaml.safe_load((DATA_DIR / f"{FROM}.yaml").read_text("utf-8"))
    retiring = _program(
        base,
        RETIRING,
        "泉测〔2099〕1号",
        {"zh": "泉州市退休年龄测试（合成）", "en": "Quanzhou retirement-age test (synthetic)"},
    )
    retiring["audience"]["when"] = {
        "all": [
            {"field": "workplace_region", "within": ["350500"]},
            {"field": "statutory_retirement_month", "gt": "2024-12"},
        ]
    }
    many = _program(
        base,
        MANY,
        "泉测〔2099〕2号",
        {"zh": "多职业测试（合成）", "en": "Several occupations test (synthetic)"},
    )
    many["occupations"] = [
        {
            "id": "clerk",
            "code": CLERK,
            "name": {"zh": "政务服务办事员", "en": "government service clerk"},
        },
        {"id": "cook", "code": COOK, "name": {"zh": "中式烹调师", "en": "Chinese cook"}},
    ]
    clerk = many["levels"][0]
    clerk["occupation"] = "clerk"
    cook = {
        "level": 5,
        "occupation": "cook",
        "clause": "三、3.",
        "conditions": [
            {
                "id": "cook-intends",
                "clause": "三、3.",
                "text": {"zh": "拟从事本职业。", "en": "Intends to work in this occupation."},
                "when": {"field": "intends_to_work_in_occupation", "eq": True},
            }
        ],
    }
    attachment = {
        "level": 3,
        "occupation": "clerk",
        "clause": "三、4.",
        "not_stated": {"zh": "见附件2", "en": "see attachment 2"},
    }
    many["levels"] = [clerk, cook, attachment]
    return {RETIRING: retiring, MANY: many}


def data_dir(root: Path) -> Path:
    """The real data folder plus the synthetic programs, under root."""
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    for pid, program in programs().items():
        text = yaml.safe_dump(program, allow_unicode=True, sort_keys=False)
        (data / f"{pid}.yaml").write_text(text, "utf-8")
    return data
