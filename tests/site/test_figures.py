"""Every figure a candidate relies on reaches the pages they read, in both languages.

Expected values come from the program YAML where the data holds them, and a few are written
out literally from the notice text, because that is what candidates compare against.
"""

from __future__ import annotations

import pytest

from generator.site.text import format_date, human_bytes, strings

from .pages import normalise

LANGS = ("zh", "en")


def program_text(pages, program_id: str, lang: str) -> str:
    prefix = ("en/" if lang == "en" else "") + f"programs/{program_id}/"
    return " ".join(p.text for url, p in pages.items() if url.startswith(prefix))


def page_text(pages, url: str) -> str:
    return pages[url].text


def money(amount, lang):
    return strings(lang)["money"].format(amount=amount)


@pytest.mark.parametrize("lang", LANGS)
def test_every_fee_in_the_data_is_on_the_exam_page(pages, programs, lang):
    prefix = "en/" if lang == "en" else ""
    for pid, program in programs.items():
        text = page_text(pages, f"{prefix}programs/{pid}/exam-and-fees/")
        for fee in program.get("fees", []):
            assert money(fee["amount_cny"], lang) in text, (pid, fee["id"])
            if "payee" in fee:
                assert fee["payee"]["account_number"] in text
                assert fee["payee"]["account_name"] in text
                assert fee["payee"]["bank"] in text


@pytest.mark.parametrize(
    ("url", "figures"),
    [
        (
            "programs/huian-2024/exam-and-fees/",
            [
                "1380 元",
                "33.8 课时",
                "104 元",
                "154 元",
                "254 元",
                "60 分",
                "100 分",
                "5959 0345 5010 901",
                "招商银行股份有限公司泉州惠安支行",
                "保留 2 年",
            ],
        ),
        (
            "en/programs/huian-2024/exam-and-fees/",
            [
                "1380 yuan",
                "33.8 class hours",
                "104 yuan",
                "154 yuan",
                "254 yuan",
                "60 points",
                "100 points",
                "5959 0345 5010 901",
                "China Merchants Bank",
                "2 years",
            ],
        ),
        ("programs/huian-2024/subsidies/", ["1000 元", "1500 元", "12个月", "见证补贴"]),
        ("en/programs/huian-2024/subsidies/", ["1000 yuan", "1500 yuan", "12 months"]),
        (
            "programs/huian-2024/",
            [
                "7月5日",
                "7月6日",
                "惠行政管〔2024〕13号",
                "15159506886",
                "283580787@qq.com",
                "2024年6月24日",
            ],
        ),
        (
            "en/programs/huian-2024/",
            [
                "5 July 2024",
                "6 July 2024",
                "惠行政管〔2024〕13号",
                "15159506886",
                "283580787@qq.com",
                "24 June 2024",
            ],
        ),
        ("programs/wushen-2024/materials/", ["20 KB", "JPEG", "学籍"]),
        ("en/programs/wushen-2024/materials/", ["20 KB", "JPEG", "35 × 49 mm"]),
        (
            "programs/wushen-2024/",
            ["乌政务中心发〔2024〕9号", "2024年9月29日", "2024年10月31日", "80%"],
        ),
        (
            "en/programs/wushen-2024/",
            ["乌政务中心发〔2024〕9号", "29 September 2024", "31 October 2024", "80%"],
        ),
        ("programs/huian-2024/materials/", ["学信网电子注册备案表", "PDF"]),
        ("en/programs/huian-2024/materials/", ["CHSI electronic registration record", "PDF"]),
        ("programs/huian-2024/how-to-apply/", ["283580787@qq.com", "50 MB", "1 GB"]),
    ],
)
def test_the_notice_figures_read_as_in_the_notice(pages, url, figures):
    text = page_text(pages, url)
    missing = [f for f in figures if f not in text]
    assert not missing, f"{url} lacks {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_photo_size_limit_is_given_in_kilobytes(pages, programs, lang):
    prefix = "en/" if lang == "en" else ""
    photo = next(m for m in programs["wushen-2024"]["materials"] if m["id"] == "photo")
    assert human_bytes(photo["max_bytes"]) == "20 KB"
    assert "20 KB" in page_text(pages, f"{prefix}programs/wushen-2024/materials/")


@pytest.mark.parametrize("lang", LANGS)
def test_every_timeline_date_is_on_the_overview(pages, programs, lang):
    prefix = "en/" if lang == "en" else ""
    for pid, program in programs.items():
        text = page_text(pages, f"{prefix}programs/{pid}/")
        for item in program["timeline"]:
            for key in ("start", "end"):
                if key in item:
                    assert format_date(item[key], lang) in text, (pid, item["id"], key)


@pytest.mark.parametrize("lang", LANGS)
def test_exam_pass_marks_and_training_hours_come_from_the_data(pages, programs, lang):
    s = strings(lang)["exam"]
    prefix = "en/" if lang == "en" else ""
    for pid, program in programs.items():
        text = page_text(pages, f"{prefix}programs/{pid}/exam-and-fees/")
        if "training" in program:
            assert s["hours"].format(hours=program["training"]["hours"]) in text
        for subject in program.get("exam", {}).get("subjects", []):
            assert s["marks"].format(n=subject["pass_mark"]) in text


def _texts(node, path=""):
    """Every {zh, en} text in a program, with where it sits."""
    if isinstance(node, dict):
        if set(node) >= {"zh", "en"} and all(isinstance(node[k], str) for k in ("zh", "en")):
            yield path, node
            return
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_in_the_data_shows_up_on_the_programs_pages(pages, programs, lang):
    for pid, program in programs.items():
        text = program_text(pages, pid, lang)
        missing = [path for path, value in _texts(program) if normalise(value[lang]) not in text]
        assert not missing, f"{pid} ({lang}) never shows {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_contact_url_and_keyword_in_the_data_shows_up(pages, programs, lang):
    for pid, program in programs.items():
        text = program_text(pages, pid, lang)
        expected = [c.get("phone") or c.get("email") for c in program.get("contacts", [])]
        expected += [site["url"] for site in program["verification_sites"]]
        expected += [
            site["as_printed"] for site in program["verification_sites"] if "as_printed" in site
        ]
        expected += [k for m in program["materials"] for k in m["keywords"]]
        expected += [program["notice"]["document_number"], program["last_verified"][:4]]
        assert not [e for e in expected if e not in text], pid


@pytest.mark.parametrize("lang", LANGS)
def test_every_program_page_shows_when_its_data_was_last_verified_and_changed(
    pages, programs, lang
):
    prefix = "en/" if lang == "en" else ""
    for pid, program in programs.items():
        for url, page in pages.items():
            if url.startswith(f"{prefix}programs/{pid}/"):
                assert format_date(program["last_verified"], lang) in page.text, url
                assert format_date(program["last_changed"], lang) in page.text, url


@pytest.mark.parametrize("lang", LANGS)
def test_the_original_notice_is_reproduced_character_for_character(site, programs, lang):
    import html
    import re

    from policy.programs import DATA_DIR

    for pid, program in programs.items():
        page = site / ("en" if lang == "en" else "") / "programs" / pid / "notice" / "index.html"
        found = re.search(
            r'<pre class="notice-text"[^>]*>(.*?)</pre>', page.read_text("utf-8"), re.S
        )
        original = (DATA_DIR / program["notice"]["source"]).read_text(encoding="utf-8")
        assert html.unescape(found.group(1)) == original, pid
        assert program["notice"]["document_number"] in page.read_text("utf-8")
        # the download beside it is the same file
        assert (page.parent.parent / program["notice"]["source"]).read_text("utf-8") == original
