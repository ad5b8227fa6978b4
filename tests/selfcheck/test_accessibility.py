"""Each self-check page: zero axe-core violations (questions and result), noindex once the address
carries answers, a no-JS fallback."""

from pathlib import Path

import pytest

from .candidate import HUIAN, URLS, Candidate

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = sorted(URLS)


def axe_violations(page) -> list:
    """The whole page, theme included: a candidate meets all of it."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run()).violations.map(
             v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))"""
    )


@pytest.mark.parametrize("where", PAGES, ids=[f"{p}-{lang}" for p, lang in PAGES])
def test_the_first_question_has_zero_axe_violations(page, where):
    program, lang = where
    Candidate(page, lang).open(program)
    assert axe_violations(page) == []


@pytest.mark.parametrize("where", PAGES, ids=[f"{p}-{lang}" for p, lang in PAGES])
def test_a_result_with_reasons_has_zero_axe_violations(page, where):
    program, lang = where
    fragment = "#age=17&education=bachelor&related-major=yes&staffing=established&view=result"
    Candidate(page, lang).open(program, fragment)
    assert page.locator("#selfcheck").get_attribute("data-view") == "result"
    assert axe_violations(page) == []


def test_an_error_message_state_has_zero_axe_violations(page):
    c = Candidate(page).open("huian-2024")
    c.press("Continue")
    assert page.locator("#sc-error").is_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("where", PAGES, ids=[f"{p}-{lang}" for p, lang in PAGES])
def test_every_self_check_page_asks_search_engines_not_to_index_it_once_it_carries_answers(
    page, where
):
    Candidate(page, where[1]).open(where[0])
    assert page.locator("meta[name=robots]").count() == 0  # the empty page may be indexed
    page.goto(page.base + URLS[where] + "#age=30&view=result")
    page.reload()
    page.wait_for_selector("#selfcheck[data-view=result]")
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"


def test_every_control_is_labelled_and_grouped_in_a_fieldset_with_a_legend(page):
    c = Candidate(page).open("huian-2024").work_in(*HUIAN)
    c.type_number(30)
    radios = page.locator("#selfcheck fieldset input[type=radio]")
    assert radios.count() == 8
    for i in range(radios.count()):
        rid = radios.nth(i).get_attribute("id")
        assert page.locator(f"label[for='{rid}']").inner_text().strip()
    assert page.locator("#selfcheck fieldset > legend").count() == 1


def test_without_javascript_the_page_gives_the_rules_in_plain_text(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + URLS[("wushen-2024", "en")])
    body = page.locator("body").inner_text()
    assert "This self-check needs JavaScript." in body
    assert "At least 5 years in total working in this or a related occupation." in body
    assert "乌政务中心发〔2024〕9号 3、（1）2." in body
    assert not page.locator("#selfcheck").is_visible()
    page.goto(site_url + URLS[("all", "zh")])
    body = page.locator("body").inner_text()
    assert "本自助检测需要启用 JavaScript。" in body
    assert "惠安县政务服务办事员职业技能等级认定（2024）" in body
    context.close()


def test_the_axe_check_does_see_an_unlabelled_control(page):
    Candidate(page).open("wushen-2024", "#workplace=150626")
    page.evaluate("document.querySelector('#selfcheck label[for=sc-input]').remove()")
    assert "label" in [v["id"] for v in axe_violations(page)]
