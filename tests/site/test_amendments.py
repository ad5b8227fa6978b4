"""A follow-up notice shows on the pages: the value in force on the build date (or --as-of),
the change list with its document number, the history of each changed value, the site-wide
updates page and its Atom feeds, and the rules the browser evaluates."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from policy.programs import DATA_DIR
from tests.support.commands import run

from .pages import read_page

ATOM = "{http://www.w3.org/2005/Atom}"
BEFORE, AFTER = "2024-07-31", "2024-08-01"
AMENDMENT = """
amendments:
  - id: retake-fee-change
    date: 2024-08-01
    document_number: 惠行政管〔2024〕15号
    clause: 一、
    summary:
      zh: 补考技能单科费用调整为160元。
      en: The skills retake fee becomes 160 yuan.
    changes:
      - path: fees.retake-skill.amount_cny
        value: 160
  - id: registration-extended
    date: 2024-07-01
    document_number: 惠行政管〔2024〕14号
    clause: 一、
    summary:
      zh: 报名截止时间延长至7月12日。
      en: Registration now closes on 12 July.
    changes:
      - path: timeline.registration.end
        value: 2024-07-12
"""


@pytest.fixture(scope="module")
def amended(tmp_path_factory, site_build):
    """The real data with one follow-up notice appended; its data last changed before it."""
    root = tmp_path_factory.mktemp("amended")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "huian-2024.yaml"
    text = re.sub(r"(?m)^last_changed: .*$", "last_changed: 2024-07-01", path.read_text("utf-8"))
    path.write_text(text + AMENDMENT, "utf-8")
    sites = dict(zip((BEFORE, AFTER), site_build.each((data, BEFORE), (data, AFTER)), strict=True))
    sites["data"] = data
    return sites


def text(site, url):
    return read_page(site, site / url / "index.html").text


def html(site, url):
    return (site / url / "index.html").read_text("utf-8")


def test_before_its_date_the_original_fee_is_shown_and_the_change_is_announced(amended):
    site = amended[BEFORE]
    fees = text(site, "programs/huian-2024/exam-and-fees/")
    assert "154 元" in fees
    assert "2024年8月1日 起改为 160 元，依据 惠行政管〔2024〕15号，尚未生效" in fees
    overview = text(site, "programs/huian-2024/")
    assert "惠行政管〔2024〕15号" in overview and "尚未生效" in overview


@pytest.mark.parametrize(
    ("url", "fee", "old", "since"),
    [
        (
            "programs/huian-2024/exam-and-fees/",
            "160 元",
            "154 元",
            "自 2024年8月1日 起，依据 惠行政管〔2024〕15号",
        ),
        (
            "en/programs/huian-2024/exam-and-fees/",
            "160 yuan",
            "154 yuan",
            "from 1 August 2024, 惠行政管〔2024〕15号",
        ),
    ],
)
def test_from_its_date_the_new_fee_is_shown_with_the_old_one_struck_through(
    amended, url, fee, old, since
):
    site = amended[AFTER]
    page = text(site, url)
    assert f"{old} → {fee}" in page and since in page
    assert f"<del>{old}</del> → {fee}" in html(site, url)
    overview = text(site, url.replace("exam-and-fees/", ""))
    for expected in ("惠行政管〔2024〕15号", "惠行政管〔2024〕13号", old, fee):
        assert expected in overview


@pytest.mark.parametrize(
    ("as_of", "fee", "changed"), [(BEFORE, 154, "2024年7月1日"), (AFTER, 160, "2024年8月1日")]
)
def test_the_browser_rules_and_the_last_changed_date_follow_the_build_date(
    amended, as_of, fee, changed
):
    site = amended[as_of]
    rules = json.loads((site / "rules" / "programs.json").read_text("utf-8"))
    fees = {f["id"]: f["amount_cny"] for f in rules["huian-2024"]["fees"]}
    assert fees["retake-skill"] == fee
    assert f"数据最后修改于 {changed}" in text(site, "programs/huian-2024/materials/")


def feed(site, lang):
    path = site / ("updates.xml" if lang == "zh" else "en/updates.xml")
    return ET.parse(path).getroot()


@pytest.mark.parametrize(
    ("lang", "summaries"),
    [
        ("zh", ["补考技能单科费用调整为160元。", "报名截止时间延长至7月12日。"]),
        ("en", ["The skills retake fee becomes 160 yuan.", "Registration now closes on 12 July."]),
    ],
)
def test_the_atom_feed_lists_each_amendment_in_force_newest_first(amended, lang, summaries):
    before, after = feed(amended[BEFORE], lang), feed(amended[AFTER], lang)
    for root in (before, after):
        assert root.tag == f"{ATOM}feed"
        assert root.findtext(f"{ATOM}id").startswith("urn:uuid:")
        assert root.findtext(f"{ATOM}title") and root.find(f"{ATOM}author") is not None
    # on 31 July only the extension (1 July) is in force; from 1 August the fee change too
    assert [e.findtext(f"{ATOM}summary") for e in before.findall(f"{ATOM}entry")] == summaries[1:]
    entries = after.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}summary") for e in entries] == summaries
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        "2024-08-01T00:00:00Z",
        "2024-07-01T00:00:00Z",
    ]
    assert after.findtext(f"{ATOM}updated") == "2024-08-01T00:00:00Z"
    assert before.findtext(f"{ATOM}updated") == "2024-07-01T00:00:00Z"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("urn:uuid:") for i in ids)
    assert ids[1] == before.find(f"{ATOM}entry").findtext(f"{ATOM}id")  # stable across builds
    assert "惠行政管〔2024〕15号" in entries[0].findtext(f"{ATOM}title")
    folder = amended[AFTER] if lang == "zh" else amended[AFTER] / "en"
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        assert href == "programs/huian-2024/"
        assert (folder / href / "index.html").is_file()  # relative to the feed's own address


@pytest.mark.parametrize(
    ("url", "moved"),
    [
        (
            "programs/huian-2024/",
            "2024年7月5日 → 2024年7月12日 （自 2024年7月1日 起，依据 惠行政管〔2024〕14号）",
        ),
        (
            "en/programs/huian-2024/",
            "5 July 2024 → 12 July 2024 (from 1 July 2024, 惠行政管〔2024〕14号)",
        ),
    ],
)
def test_a_moved_date_is_shown_under_the_timeline_with_the_date_it_replaced(amended, url, moved):
    page = text(amended[AFTER], url)
    assert moved in page
    timeline = html(amended[AFTER], url).split('class="timeline"', 1)[1].split("</div>", 1)[0]
    assert 'data-end="2024-07-12"' in timeline  # the status in the browser uses the new date


@pytest.mark.parametrize(
    ("url", "heading", "feed_href"),
    [
        ("updates/", "2024年8月1日", "../updates.xml"),
        ("en/updates/", "1 August 2024", "../updates.xml"),
    ],
)
def test_the_updates_page_lists_the_amendment_and_links_its_feed(amended, url, heading, feed_href):
    site = amended[AFTER]
    page = read_page(site, site / url / "index.html")
    assert heading in page.text and "惠行政管〔2024〕15号" in page.text
    hrefs = [link.get("href") for link in page.links]
    assert feed_href in hrefs and "../programs/huian-2024/" in hrefs
    assert (site / url / feed_href).resolve().is_file()
    head = re.search(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html(site, url)
    )
    assert (site / url / head.group(1)).resolve() == (site / url / feed_href).resolve()


@pytest.mark.parametrize(
    ("url", "upcoming"),
    [("updates/", "已公布、尚未生效的变更"), ("en/updates/", "Announced, not yet in force")],
)
def test_before_its_date_the_updates_page_lists_a_change_only_as_announced(amended, url, upcoming):
    in_force, announced = text(amended[BEFORE], url).split(upcoming, 1)
    assert "惠行政管〔2024〕14号" in in_force and "惠行政管〔2024〕15号" not in in_force
    assert "惠行政管〔2024〕15号" in announced


@pytest.mark.parametrize(
    ("url", "none"),
    [("updates/", "目前没有已生效的变更。"), ("en/updates/", "No amendment is in force yet.")],
)
def test_without_amendments_the_updates_page_says_so(built_site, url, none):
    assert none in text(built_site, url)


def selfcheck_fees(site, url):
    embedded = re.search(r'id="selfcheck-data">(.*?)</script>', html(site, url), re.S)
    display = json.loads(embedded.group(1))["display"]["huian-2024"]
    return {f["id"]: f["amount_cny"] for f in display["fees"]}


@pytest.mark.parametrize(
    "url", ["self-check/", "programs/huian-2024/self-check/", "en/self-check/"]
)
def test_the_self_check_pages_carry_the_fee_in_force(amended, url):
    assert selfcheck_fees(amended[BEFORE], url)["retake-skill"] == 154
    assert selfcheck_fees(amended[AFTER], url)["retake-skill"] == 160


def generator(*args):
    return run("generator", *args)


def test_the_build_command_previews_the_site_as_it_will_read_on_a_given_day(amended, tmp_path):
    out = tmp_path / "preview"
    done = generator("--data", str(amended["data"]), "build", "--out", str(out), "--as-of", AFTER)
    assert done.returncode == 0, done.stderr
    fees = text(out, "en/programs/huian-2024/exam-and-fees/")
    assert "154 yuan → 160 yuan" in fees
    assert "This page shows the situation on 1 August 2024." in text(out, "en/updates/")


@pytest.mark.parametrize("day", ["2024-13-01", "20240801", "tomorrow"])
def test_a_malformed_as_of_date_is_refused_in_both_languages(tmp_path, day):
    done = generator("build", "--out", str(tmp_path / "site"), "--as-of", day)
    assert done.returncode != 0
    assert "YYYY-MM-DD" in done.stderr and "不是有效日期" in done.stderr
    assert "not a valid date" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()
