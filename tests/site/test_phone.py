"""The guide on a phone (390 × 844, touch) as a candidate first meets it: the self-check on the
first screen of the home page, an exam-and-fees page that fits the screen and says when and how to
pay, clause numbers explained once, English that reads with its spaces, and pages without scripts
that say each sentence once. A desktop (1366 px) sees the same. Screenshots of the phone views go
to the test's own tmp folder (pytest --basetemp to keep them somewhere)."""

from __future__ import annotations

import re

import pytest

from tests.support import axe

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
HUIAN = "programs/huian-2024/"
WUSHEN = "programs/wushen-2024/"
ZH_EN = pytest.mark.parametrize("lang", ["zh", "en"])


def prefix(lang: str) -> str:
    return "en/" if lang == "en" else ""


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


@pytest.fixture
def no_script(browser):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def violations(page) -> list:
    axe.ensure(page)
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    return [(v["id"], v["nodes"][0]["html"][:120]) for v in found]


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def sentences(text: str) -> list[str]:
    """The sentences of a page's visible text, spacing made plain; short bits (labels, menu
    entries, figures) are left out: a label may well be said twice."""
    parts = re.split(r"(?<=[。！？])|(?<=[.!?])\s+|\n", text)
    plain = (re.sub(r"\s+", " ", p).strip() for p in parts)
    return [p for p in plain if len(p) >= 12]


def repeated(text: str) -> list[str]:
    seen, twice = set(), []
    for s in sentences(text):
        if s in seen and s not in twice:
            twice.append(s)
        seen.add(s)
    return twice


# -- the home page ---------------------------------------------------------------------------
@ZH_EN
def test_the_home_page_shows_a_self_check_link_on_the_first_phone_screen_without_the_menu(
    phone, site_url, lang, tmp_path
):
    phone.goto(site_url + prefix(lang))
    link = phone.locator("article .home-selfcheck a")
    assert link.count() == 1
    assert (
        link.inner_text().strip()
        == {"zh": "自助检测：我能报考吗？", "en": "Self-check: can I apply?"}[lang]
    )
    box = link.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box  # on the first screen
    assert box["height"] >= 44, box  # a finger-sized target
    assert not phone.locator("#__drawer").is_checked()  # the menu stays closed
    phone.screenshot(path=tmp_path / f"home-{lang}.png")
    link.tap()
    phone.wait_for_selector("#selfcheck:not([hidden])")
    assert phone.url.endswith(prefix(lang) + "self-check/")


@ZH_EN
def test_on_a_desktop_the_home_pages_self_check_link_is_in_view_too(desktop, site_url, lang):
    desktop.goto(site_url + prefix(lang))
    link = desktop.locator("article .home-selfcheck a")
    box = link.bounding_box()
    assert link.is_visible() and box["y"] + box["height"] <= 900, box


# -- exam and fees ---------------------------------------------------------------------------
FEES = {
    "zh": {
        "when": "何时缴费 审核通过后",
        "receipts": "由各有关单位指定专人收集缴费回执单",
        "after_review": "请在审核通过后再缴费。",
        "for": "用于缴纳 报名培训费：1380 元",
        "old": "收款账户 1380 元",
    },
    "en": {
        "when": "When to pay only after the review has passed",
        "receipts": "each unit names one person who collects the payment receipts",
        "after_review": "Pay only after the review has passed.",
        "for": "For registration and training fee: 1380 yuan",
        "old": "Pay to 1380 yuan",
    },
}


@ZH_EN
def test_the_fees_page_fits_a_phone_and_states_when_and_how_to_pay(phone, site_url, lang, tmp_path):
    phone.goto(site_url + prefix(lang) + HUIAN + "exam-and-fees/")
    no_sideways_scroll(phone)
    table = phone.locator(".fee-table table")
    # every column in view, the clause included, without scrolling the table sideways
    wrap = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert wrap[0] <= wrap[1], wrap
    last = table.locator("tbody tr").first.locator("td").last.bounding_box()
    assert last["x"] + last["width"] <= 390, last
    text = re.sub(r"\s+", " ", phone.locator("article").inner_text())
    words = FEES[lang]
    for part in ("receipts", "after_review", "for", "when"):
        assert words[part] in text, part
    assert words["old"] not in text  # the account is not labelled by an amount
    # the conditions come before the account they are about
    assert text.index(words["after_review"]) < text.index(words["for"])
    phone.screenshot(path=tmp_path / f"exam-and-fees-{lang}.png", full_page=True)


@ZH_EN
def test_on_a_desktop_the_fee_table_keeps_its_full_width_columns(desktop, site_url, lang):
    desktop.goto(site_url + prefix(lang) + HUIAN + "exam-and-fees/")
    widths = desktop.locator(".fee-table thead th").evaluate_all(
        "ths => ths.map(th => th.getBoundingClientRect().width)"
    )
    assert len(widths) == 5 and min(widths) >= 99, widths  # the theme's 5rem at 20 px


# -- clause numbers --------------------------------------------------------------------------
@ZH_EN
@pytest.mark.parametrize(
    ("program", "parts"), [(HUIAN, ["六、", "2.", "(1)"]), (WUSHEN, ["3、", "（1）", "1.", "(1)"])]
)
def test_each_overview_explains_clause_numbers_once_with_one_of_its_own(
    phone, site_url, lang, program, parts, tmp_path
):
    phone.goto(site_url + prefix(lang) + program)
    help_ = phone.locator("article .clause-help")
    assert help_.count() == 1
    text = help_.inner_text()
    quoted = re.findall(r"“([^”]+)”", text)
    assert quoted == parts, quoted
    assert "".join(parts) in text  # the reference itself, as the pages write it
    assert help_.locator("a[href$='notice/']").count() == 1
    glossary = help_.locator("a[href$='glossary/#clause-numbers']")
    assert glossary.count() == 1
    help_.screenshot(path=tmp_path / f"clause-help-{lang}.png")
    glossary.tap()
    phone.wait_for_url("**/glossary/#clause-numbers")
    heading = phone.locator("#clause-numbers")
    assert (
        heading.inner_text().rstrip("¶").strip() == {"zh": "条款编号", "en": "Clause numbers"}[lang]
    )
    assert "三、(一) 2." in phone.locator("article").inner_text().replace("\u00a0", " ")


# -- words -----------------------------------------------------------------------------------
ENGLISH = [
    "en/",
    "en/glossary/",
    *(
        "en/" + program + page
        for program in (HUIAN, WUSHEN)
        for page in (
            "",
            "eligibility/",
            "materials/",
            "how-to-apply/",
            "exam-and-fees/",
            "subsidies/",
            "verification/",
            "self-check/",
        )
    ),
    "en/self-check/",
]
SPACING = [
    (re.compile(r"\S\(notice, clause"), "no space before a clause reference"),
    (re.compile(r"[a-z][.;,!?][A-Z]"), "no space after a sentence"),
    (re.compile(r"[A-Za-z)] [:;,.!?](?!\w)"), "a space before punctuation"),
    (re.compile(r"\S {2,}\S"), "a double space"),
]


def english_lines(page) -> list[str]:
    """The visible text of the page's own content, block by block, code and layouts left out."""
    return page.locator("article").evaluate(
        """a => [...a.querySelectorAll('p, li, td, th, dt, dd, h1, h2, h3, h4, summary')]
                .filter(e => !e.closest('pre, code') && e.offsetParent !== null)
                .map(e => e.innerText)"""
    )


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no-scripts"])
def test_english_reads_with_a_space_before_each_clause_reference_and_no_double_spaces(
    browser, site_url, scripts
):
    context = browser.new_context(java_script_enabled=scripts, **PHONE)
    page = context.new_page()
    found = []
    try:
        for url in ENGLISH:
            page.goto(site_url + url)
            for line in english_lines(page):
                for pattern, why in SPACING:
                    for m in pattern.finditer(line):
                        found.append((url, why, line[max(0, m.start() - 30) : m.end() + 30]))
    finally:
        context.close()
    assert not found, found


@ZH_EN
def test_the_timeline_says_each_label_once(phone, site_url, lang):
    phone.goto(site_url + prefix(lang) + HUIAN)
    items = phone.locator(".timeline li").all_inner_texts()
    label = {"zh": "报名", "en": "Registration"}[lang]
    registration = [i for i in items if label in i]
    assert len(registration) == 1 and registration[0].count(label) == 1, registration


SELF_CHECKS = [
    prefix(lang) + where
    for lang in ("zh", "en")
    for where in ("self-check/", HUIAN + "self-check/", WUSHEN + "self-check/")
]


@pytest.mark.parametrize("url", SELF_CHECKS)
def test_without_scripts_the_self_check_says_each_sentence_once(no_script, site_url, url, tmp_path):
    no_script.goto(site_url + url)
    text = no_script.locator("article").inner_text()
    assert repeated(text) == []
    needs = {"en": "This self-check needs JavaScript.", "zh": "本自助检测需要启用 JavaScript。"}
    lang = "en" if url.startswith("en/") else "zh"
    assert text.count(needs[lang]) == 1
    # the intro tells of questions the page cannot ask without scripts: not shown then
    assert not no_script.locator(".sc-intro").is_visible()
    no_script.screenshot(
        path=tmp_path / (url.strip("/").replace("/", "-") + ".png"), full_page=True
    )


@pytest.mark.parametrize("url", [HUIAN + "photo-tool/", "en/" + WUSHEN + "photo-tool/"])
def test_without_scripts_the_photo_tool_says_each_sentence_once(no_script, site_url, url):
    no_script.goto(site_url + url)
    assert repeated(no_script.locator("article").inner_text()) == []


@pytest.mark.parametrize(
    "url", [HUIAN + "upload/", "en/" + HUIAN + "bundle-builder/", "en/" + WUSHEN + "upload/"]
)
def test_without_scripts_the_upload_and_builder_pages_say_each_sentence_once(
    no_script, site_url, url
):
    """The fallback box says nothing the page around it already says (a rule given per
    material, such as its formats, may recur from one material to the next)."""
    no_script.goto(site_url + url)
    box = no_script.locator(".tool-noscript").inner_text()
    rest = no_script.locator("article").evaluate(
        "a => { const c = a.cloneNode(true); c.querySelectorAll('.tool-noscript')"
        ".forEach(n => n.remove()); document.body.append(c); const t = c.innerText;"
        " c.remove(); return t; }"
    )
    assert box.strip() and repeated(box) == []
    assert [s for s in sentences(box) if s in set(sentences(rest))] == []


# -- accessibility ---------------------------------------------------------------------------
@ZH_EN
@pytest.mark.parametrize("url", ["", HUIAN, HUIAN + "exam-and-fees/", WUSHEN, "glossary/"])
def test_the_changed_pages_have_no_axe_violation_on_a_phone(phone, site_url, lang, url):
    phone.goto(site_url + prefix(lang) + url)
    assert violations(phone) == []


@ZH_EN
@pytest.mark.parametrize("url", ["", HUIAN, HUIAN + "upload/", WUSHEN + "photo-tool/"])
def test_without_scripts_no_page_scrolls_sideways_on_a_phone(no_script, site_url, lang, url):
    no_script.goto(site_url + prefix(lang) + url)
    assert no_script.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
