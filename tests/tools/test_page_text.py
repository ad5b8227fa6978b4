"""Chinese that our scripts put on English pages (document and clause numbers, file names, the
notice's own words) is marked lang="zh-CN", as the built HTML is, so screen readers switch voice;
Chinese pages get no such marks (generator/assets/js/dom.js)."""

from __future__ import annotations

import pytest

from policy.programs import load_programs

from .bundle_files import PEOPLE, id_number
from .test_builder import fill_candidate, open_builder

PROGRAMS = load_programs()
RESULT = {  # answers in the URL fragment that lead straight to a result
    "wushen-2024": "#workplace=150626&age=30&works=yes&years=12&education=senior&certificate=none"
    "&title=none",
    "huian-2024": "#workplace=350521&age=26&education=bachelor&related-major=yes&staffing=non-established"
    "&pension=enterprise&retired=no&student=no&dishonest=no&ui-months=24&ui-enterprise=yes"
    "&unemployed=no",
}
# Every text node under root holding Chinese whose nearest lang is not Chinese.
UNTAGGED = """(root) => {
  const han = /[\\u3400-\\u9fff\\u3000-\\u303f\\uff00-\\uffef]/;
  const walk = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  const out = [];
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const tag = n.parentElement.closest("script, style");
    const owner = n.parentElement.closest("[lang]");
    if (!tag && han.test(n.nodeValue) && !owner.lang.toLowerCase().startsWith("zh"))
      out.push(n.nodeValue.trim());
  }
  return out;
}"""


def open_result(browser, site_url, program, lang):
    page = browser.new_page()
    prefix = "en/" if lang == "en" else ""
    page.goto(f"{site_url}/{prefix}programs/{program}/self-check/{RESULT[program]}")
    page.wait_for_selector("#selfcheck[data-view=result]")
    return page


@pytest.mark.parametrize("program", sorted(RESULT))
def test_chinese_in_an_english_self_check_result_is_marked_for_screen_readers(
    browser, site_url, program
):
    page = open_result(browser, site_url, program, "en")
    document = PROGRAMS[program]["notice"]["document_number"]
    marked = page.locator("#selfcheck span[lang=zh-CN]").all_inner_texts()
    assert page.evaluate(UNTAGGED, "#selfcheck") == []
    assert any(document in text for text in marked)
    page.close()


def test_a_chinese_self_check_result_gets_no_language_marks(browser, site_url):
    page = open_result(browser, site_url, "wushen-2024", "zh")
    assert page.locator("#selfcheck [lang]").count() == 0
    page.close()


def test_chinese_file_names_in_the_english_bundle_builder_are_marked(browser, site_url, tmp_path):
    program = PROGRAMS["wushen-2024"]
    page, errors = open_builder(browser, site_url, "wushen-2024", lang="en")
    fill_candidate(page, 0, (PEOPLE[0][0], id_number(0)), program, tmp_path, group=False)
    assert page.evaluate(UNTAGGED, "#builder-app") == []
    assert PEOPLE[0][0] in " ".join(page.locator("#builder-app span[lang=zh-CN]").all_inner_texts())
    assert errors == []
    page.close()
