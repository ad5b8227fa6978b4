"""What a fresh reviewer found on a phone: names with characters no one can see, ID numbers as
people paste them, a phone photo where a PDF is due, pages that said "send" where the site only
checks, the office's address as a link, and touch targets."""

from __future__ import annotations

import pytest
from PIL import Image

from generator.site.text import strings
from policy.programs import load_programs

from .bundle_files import id_number
from .test_phone import open_builder, open_photo_tool

PROGRAMS = load_programs()
HUIAN_EMAIL = PROGRAMS["huian-2024"]["submission"]["route"]["address"]


@pytest.mark.parametrize(
    ("hidden", "code"),
    [("\u200b", "U+200B"), ("\u202e", "U+202E"), ("\ufeff", "U+FEFF"), ("\u00ad", "U+00AD")],
)
def test_a_name_holding_a_character_no_one_can_see_is_refused_naming_its_code(
    phone, site_url, hidden, code
):
    page = open_builder(phone(), site_url, "wushen-2024", "en")
    field = page.locator("input[name=name]")
    field.press_sequentially("张")
    field.evaluate(
        "(f, c) => { f.value += c + '三'; f.dispatchEvent(new Event('input')); }", hidden
    )
    note = page.locator("[data-for=name]").inner_text()
    assert code in note and field.get_attribute("aria-invalid") == "true"
    assert page.errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "typed",
    [
        lambda n: f"{n[:6]} {n[6:14]} {n[14:]}",  # pasted in groups
        lambda n: f"{n[:6]}-{n[6:14]}-{n[14:]}",
        lambda n: n.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),  # full width
    ],
)
def test_an_id_number_pasted_in_groups_or_typed_full_width_is_read_as_its_18_characters(
    phone, site_url, lang, typed
):
    page = open_builder(phone(), site_url, "wushen-2024", lang)
    field = page.locator("input[name=id]")
    field.fill(typed(id_number(0)))
    field.press("Tab")
    assert page.locator("[data-for=id]").inner_text() == ""
    assert field.input_value() == id_number(0)
    assert page.errors == []


def test_a_phone_photo_chosen_where_a_pdf_is_due_points_to_making_the_pdf(
    phone, site_url, tmp_path
):
    photo = tmp_path / "毕业证.jpg"
    Image.new("RGB", (800, 600), "white").save(photo, "JPEG")
    pdf_only = next(m for m in PROGRAMS["huian-2024"]["materials"] if m["formats"] == ["pdf"])
    for lang in ("zh", "en"):
        page = open_builder(phone(), site_url, "huian-2024", lang)
        page.locator(f"input[type=file][data-material='{pdf_only['id']}']").set_input_files(
            str(photo)
        )
        said = page.locator(f"ul.file-results[data-material='{pdf_only['id']}'] li").first
        offer = strings(lang)["tools"]["pdf_offer"]
        assert offer.split("？")[0].split("?")[0] in said.inner_text()
        assert "毕业证.jpg" in said.inner_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_where_the_office_takes_e_mail_the_upload_page_says_it_checks_and_links_the_address(
    phone, site_url, lang
):
    words = strings(lang)["tools"]
    page = phone()
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{site_url}/{prefix}programs/huian-2024/upload/")
    assert page.locator("h1").inner_text().rstrip("¶") == words["upload_title_check"]
    text = page.locator("article").inner_text()
    assert words["upload_intro_check"].split("。")[0].split(":")[0] in text
    assert words["upload_intro"] not in text
    link = page.locator(f".route-box a[href='mailto:{HUIAN_EMAIL}']")
    assert link.count() == 1 and link.inner_text() == HUIAN_EMAIL


def test_without_scripts_the_fallback_links_the_office_address(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/programs/huian-2024/bundle-builder/")
    assert page.locator(f".tool-noscript a[href='mailto:{HUIAN_EMAIL}']").count() == 1
    context.close()


def test_the_photo_tools_file_picker_is_44_px_tall_on_a_touch_screen(phone, site_url):
    page = open_photo_tool(phone(), site_url, "wushen-2024")
    box = page.locator("#pt-file").bounding_box()
    assert box["height"] >= 44
