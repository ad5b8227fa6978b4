"""Proof that a new notice needs no code: staff scaffold a third program, edit its values in
the YAML text as they would in an editor, and it is on the site, in the all-programs
self-check and in the check command."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from policy.programs import DATA_DIR
from tests.support.commands import run

NEW, FROM = "quangang-2025", "huian-2024"
DOCUMENT = "泉港政管〔2025〕7号"
ISSUER = {
    "zh": "泉州市泉港区行政服务中心管理委员会",
    "en": "Quangang District Administrative Service Center",
}
TITLE = {
    "zh": "泉港区政务服务办事员职业技能等级认定（2025）",
    "en": "Quangang District government service clerk certification (2025)",
}
AS_OF = "2025-06-30"  # while the new program's registration is open


def gen(data: Path, *args: str, stdin: str | None = None):
    return run("generator", "--data", data, *args, input=stdin, timeout=120)


def edit(text: str, old: str, new: str) -> str:
    """One edit as staff make it; the test fails if the text to change is not there."""
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.fixture(scope="module")
def third(tmp_path_factory, site_build):
    root = tmp_path_factory.mktemp("third")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    made = gen(data, "new-program", NEW, "--from", FROM)
    assert made.returncode == 0, made.stderr
    path = data / f"{NEW}.yaml"
    original = yaml.safe_load((DATA_DIR / f"{FROM}.yaml").read_text("utf-8"))
    text = path.read_text("utf-8")
    notice = original["notice"]
    text = edit(
        text, f"document_number: {notice['document_number']}", f"document_number: {DOCUMENT}"
    )
    for lang in ("zh", "en"):
        text = edit(text, f"{lang}: {notice['issuer'][lang]}", f"{lang}: {ISSUER[lang]}")
        text = edit(text, f"{lang}: {notice['short_title'][lang]}", f"{lang}: {TITLE[lang]}")
    fee = original["fees"][0]
    new_fee = fee["amount_cny"] + 200
    text = edit(text, f"amount_cny: {fee['amount_cny']}", f"amount_cny: {new_fee}")
    # every date a year later (notice, timeline): the values staff retype from the new notice
    text, moved = re.subn(r"(?m)^(\s*(?:- )?\w+: )2024-(\d\d-\d\d)\s*$", r"\g<1>2025-\2", text)
    assert moved >= 5
    path.write_text(text, "utf-8")
    site = site_build(data, AS_OF)
    registration = next(t for t in original["timeline"] if t.get("registration"))
    return {
        "data": data,
        "site": site,
        "fee": new_fee,
        "start": str(registration["start"]).replace("2024", "2025"),
        "end": str(registration["end"]).replace("2024", "2025"),
        "profile": _example(FROM),
    }


def _example(program_id: str) -> dict:
    examples = json.loads(Path("/work/shared/examples/eligibility.json").read_text("utf-8"))
    return next(e for e in examples if e["program"] == program_id)


def page(site: Path, url: str) -> str:
    from tests.site.pages import read_page

    return read_page(site, site / url / "index.html").text


@pytest.mark.parametrize(("lang", "prefix"), [("zh", ""), ("en", "en/")])
def test_the_third_program_is_listed_on_the_home_page_among_current_programs(third, lang, prefix):
    home = page(third["site"], prefix.rstrip("/"))
    heading = "当前项目" if lang == "zh" else "Current programs"
    assert TITLE[lang] in home.split(heading, 1)[1]
    assert ISSUER[lang] in home and DOCUMENT in home


def test_the_all_programs_self_check_carries_the_third_programs_rules(third):
    html = (third["site"] / "self-check" / "index.html").read_text("utf-8")
    embedded = re.search(
        r'<script type="application/json" id="selfcheck-data">(.*?)</script>', html, re.S
    )
    data = json.loads(embedded.group(1))
    assert NEW in data["shown"]
    assert data["display"][NEW]["document_number"] == DOCUMENT
    # the rules every self-check page evaluates with (rules/engine.js, loaded by the page)
    assert 'src="../rules/engine.js"' in html
    script = (third["site"] / "rules" / "engine.js").read_text("utf-8")
    engine = json.loads(script.removeprefix("window.SelfCheckEngine=").rstrip().rstrip(";"))
    assert engine[NEW]["notice"]["document_number"] == DOCUMENT


@pytest.mark.parametrize(
    ("prefix", "money", "day"),
    [("", "{} 元", "{d.year}年{d.month}月{d.day}日"), ("en/", "{} yuan", "{d.day} {m} {d.year}")],
)
def test_the_third_programs_pages_show_its_own_fee_and_dates_in_both_languages(
    third, prefix, money, day
):
    import datetime as dt

    site = third["site"]
    fees = page(site, f"{prefix}programs/{NEW}/exam-and-fees")
    assert money.format(third["fee"]) in fees and DOCUMENT in fees
    overview = page(site, f"{prefix}programs/{NEW}")
    for iso in (third["start"], third["end"]):
        d = dt.date.fromisoformat(iso)
        assert day.format(d=d, m=d.strftime("%B")) in overview
    assert TITLE["zh" if not prefix else "en"] in overview
    for name in ("eligibility", "materials", "how-to-apply", "self-check", "notice"):
        assert (site / prefix / "programs" / NEW / name / "index.html").is_file()


def test_the_check_command_answers_for_the_third_program(third):
    example = third["profile"]
    done = gen(
        third["data"],
        "check",
        "--program",
        NEW,
        "--profile",
        "-",
        stdin=json.dumps(example["profile"]),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["program"] == NEW
    assert result["eligible_levels"] == example["expect"]["eligible_levels"]
    assert all(level["source"].startswith(DOCUMENT) for level in result["levels"])
