"""The builder and the ID-photo tool on a phone (issue 14 items 2 and 4): a 390 x 844 touch
screen, WeChat's built-in browser (which blocks downloads of files a page makes) and engines
without Blob.prototype.arrayBuffer (Android WebView < 76, iOS Safari < 14), each emulated in
headless Chromium; axe stays at 0 violations; the phone views are saved as screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.site.text import strings
from policy.programs import load_programs
from tests.support import axe
from tests.support.idnumbers import make_id as synthetic_id

from .bundle_files import PEOPLE, check, id_number
from .conftest import OLD_ENGINE
from .test_builder import builder_url, fill_candidate
from .test_photo_tool import NAME, WHITE, drawn_photo, jpeg_near

PROGRAMS = load_programs()
RED = "rgb(176, 0, 32)"  # the tools' error colour (#b00020)
# Visible elements in `root` drawn in the error colour, with their text.
REDS = (
    "(root) => [...document.querySelectorAll(root + ' *')].filter(e => {"
    " const s = getComputedStyle(e), r = e.getBoundingClientRect();"
    f" return s.color === '{RED}' && r.width > 0 && r.height > 0 && e.textContent.trim();"
    " }).map(e => e.textContent.trim().slice(0, 80))"
)


def tools(lang: str) -> dict:
    return strings(lang)["tools"]


def photo_words(lang: str) -> dict:
    return strings(lang)["photo_tool"]


@pytest.fixture(scope="module")
def photo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("phone-photos") / "IMG_2024.jpg"
    path.write_bytes(jpeg_near(drawn_photo(WHITE, size=(1500, 2000)), 250 * 1024))
    return path


def open_builder(page, site_url: str, program: str, lang: str = "zh"):
    page.goto(builder_url(site_url, program, lang))
    page.wait_for_selector("#builder-app:not([hidden])")
    return page


def open_photo_tool(page, site_url: str, program: str, lang: str = "zh"):
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{site_url}/{prefix}programs/{program}/photo-tool/")
    page.wait_for_selector("#photo-tool[data-state=empty]")
    return page


def violations(page) -> list:
    axe.ensure(page)
    page.wait_for_function("document.getAnimations().length === 0")
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))"""
    )


def shoot(page, shots: Path, name: str, full: bool = False) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=full)


# --- the phone page ---------------------------------------------------------------------------


@pytest.mark.parametrize("program", sorted(PROGRAMS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_builder_shows_nothing_in_red_before_any_input_and_all_that_is_left_after_a_try(
    phone, site_url, shots, program, lang
):
    page = open_builder(phone(), site_url, program, lang)
    assert page.evaluate("innerWidth") == 390
    assert page.evaluate(REDS, "#builder-app") == []
    todo = page.locator(".builder-status li.todo").all_inner_texts()
    assert tools(lang)["id_missing"] in todo  # what is left is said, plainly
    shoot(page, shots, f"builder-{program}-{lang}-start", full=True)
    page.click("#b-download")  # asking for the ZIP: now what is left is in the way
    assert page.locator(".builder-status li.bad").all_inner_texts() == todo
    assert page.errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_id_number_is_checked_as_it_is_typed(phone, site_url, lang):
    page = open_builder(phone(), site_url, "wushen-2024", lang)
    field = page.locator("input[name=id]")
    note = page.locator("[data-for=id]")
    good = id_number(0)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    field.press_sequentially(wrong[:17])
    assert note.inner_text() == "" and field.get_attribute("aria-invalid") != "true"
    field.press_sequentially(wrong[17])  # the 18th character: judged at once, no need to leave
    assert ("校验码" if lang == "zh" else "check") in note.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "id"
    field.press("Backspace")
    field.press_sequentially(good[17])
    assert note.inner_text() == "" and field.get_attribute("aria-invalid") == "false"
    field.fill("")
    field.press_sequentially("1506A")  # a character no ID number has: said at once
    assert note.inner_text() != ""
    assert page.errors == []


def test_file_names_to_copy_are_at_least_14_px_with_a_copy_button(phone, site_url, photo):
    page = open_photo_tool(phone(), site_url, "wushen-2024")
    page.locator("#pt-file").set_input_files(str(photo))
    page.wait_for_selector("#photo-tool[data-state=ready]")
    number = synthetic_id("152701")
    page.fill("#pt-name", NAME)
    page.fill("#pt-id", number)
    name = page.inner_text("#pt-filename")
    assert name == f"{NAME}_{number}.JPG"
    assert (
        page.locator("#pt-filename").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 14
    )
    assert page.locator("#pt-copy").bounding_box()["height"] >= 44
    page.click("#pt-copy")
    page.locator("#pt-copied", has_text=photo_words("zh")["js"]["copied"]).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == name
    # the names beside the builder and the upload form: large enough, each with a copy button
    for where in ("bundle-builder", "upload"):
        page.goto(f"{site_url}/programs/huian-2024/{where}/")
        names = page.locator(".tool-rules .copy-name")
        assert names.count() >= 3
        for i in range(names.count()):
            item = names.nth(i)
            code = item.locator("code")
            assert code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 14
            assert item.locator("button.copy").bounding_box()["height"] >= 44
        names.first.locator("button.copy").click()
        assert page.evaluate("navigator.clipboard.readText()") == names.first.get_attribute(
            "data-copy"
        )
    assert page.errors == []


def test_keyboard_hints_are_hidden_on_a_touch_screen_and_shown_with_a_mouse(
    phone, browser, site_url, photo
):
    page = open_photo_tool(phone(), site_url, "wushen-2024")
    page.locator("#pt-file").set_input_files(str(photo))
    page.wait_for_selector("#photo-tool[data-state=ready]")
    assert page.locator("#pt-crop-help").is_visible()
    assert page.locator(".pt-keys").is_hidden()
    desktop = browser.new_page()
    open_photo_tool(desktop, site_url, "wushen-2024")
    desktop.locator("#pt-file").set_input_files(str(photo))
    desktop.wait_for_selector("#photo-tool[data-state=ready]")
    assert desktop.locator(".pt-keys").is_visible()
    desktop.close()


@pytest.mark.parametrize("program", sorted(PROGRAMS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_photo_tools_steps_are_numbered_in_order_before_a_photo_is_chosen(
    phone, site_url, shots, program, lang
):
    page = open_photo_tool(phone(), site_url, program, lang)
    legends = [
        legend.inner_text()
        for legend in page.locator("#photo-tool fieldset legend").all()
        if legend.is_visible()
    ]
    numbers = [int(re.search(r"\d+", text).group()) for text in legends]
    assert numbers == list(range(1, len(numbers) + 1)), legends
    assert page.locator("#pt-crop-empty").is_visible() and page.locator("#pt-stage").is_hidden()
    shoot(page, shots, f"photo-{program}-{lang}-start", full=True)
    if program == "huian-2024":
        # Hui'an sets no naming rule: the tool asks for neither a name nor an ID number
        assert page.locator("#pt-name").count() == 0 and page.locator("#pt-id").count() == 0
        assert len(numbers) == 3
    assert page.errors == []


def test_the_resize_handle_is_44_px_to_touch_and_works_from_its_edge(phone, site_url, photo, shots):
    page = open_photo_tool(phone(), site_url, "huian-2024")
    page.locator("#pt-file").set_input_files(str(photo))
    page.wait_for_selector("#photo-tool[data-state=ready]")
    page.locator("#pt-frame").focus()
    for _ in range(4):
        page.keyboard.press("-")
    handle = page.locator("#pt-handle").bounding_box()
    assert handle["width"] >= 44 and handle["height"] >= 44
    before = page.evaluate("parseFloat(document.getElementById('pt-frame').style.width)")
    # pressed 6 px inside the square's upper left corner, far from the drawn dot
    page.mouse.move(handle["x"] + 6, handle["y"] + 6)
    page.mouse.down()
    page.mouse.move(handle["x"] + 46, handle["y"] + 46, steps=4)
    page.mouse.up()
    after = page.evaluate("parseFloat(document.getElementById('pt-frame').style.width)")
    assert after > before
    page.locator("#pt-crop").scroll_into_view_if_needed()
    shoot(page, shots, "photo-huian-2024-zh-crop")
    assert page.errors == []


def test_the_phone_views_have_zero_axe_violations(phone, site_url, photo, shots):
    page = open_builder(phone(), site_url, "huian-2024")
    page.locator(".pdf-maker button.pdf-open").first.click()
    assert violations(page) == []
    page.goto(f"{site_url}/en/programs/huian-2024/upload/")
    page.wait_for_selector("#upload-app:not([hidden])")
    assert violations(page) == []
    shoot(page, shots, "upload-huian-2024-en", full=True)
    page = open_photo_tool(phone(), site_url, "huian-2024", "en")
    page.locator("#pt-file").set_input_files(str(photo))
    page.wait_for_selector("#photo-tool[data-state=ready]")
    assert violations(page) == []
    shoot(page, shots, "photo-huian-2024-en-ready", full=True)


# --- WeChat's built-in browser ----------------------------------------------------------------


def no_download(page, click) -> list:
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    click()
    page.wait_for_timeout(500)
    return downloads


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_in_wechat_the_builder_says_how_to_save_the_zip_instead_of_a_silent_download(
    phone, site_url, tmp_path, shots, lang
):
    t = tools(lang)
    page = open_builder(phone(wechat=True), site_url, "huian-2024", lang)
    # choosing files works there: plain file inputs, each offering the formats it takes
    accepts = page.eval_on_selector_all(
        "input[type=file][data-material]", "els => els.map(e => [e.dataset.material, e.accept])"
    )
    assert ("id-card", ".pdf,application/pdf") in [tuple(a) for a in accepts]
    assert page.get_attribute("input[data-pdf-photo='1']", "accept") == "image/*"
    fill_candidate(page, 0, (PEOPLE[0][0], id_number(0)), PROGRAMS["huian-2024"], tmp_path, False)
    assert no_download(page, lambda: page.click("#b-download")) == []
    note = page.locator(".built .wechat")
    assert note.is_visible() and t["wechat_download"] in note.inner_text()
    assert t["wechat_this_site"] not in note.inner_text()  # Hui'an's office runs no upload
    assert note.locator("a[download]").get_attribute("download") == f"{PEOPLE[0][0]}.zip"
    note.locator("button.copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    note.scroll_into_view_if_needed()
    shoot(page, shots, f"builder-huian-2024-{lang}-wechat")
    assert page.errors == []


def test_in_wechat_where_this_sites_upload_is_the_application_it_is_offered_instead(
    phone, route_site_url, route_programs, tmp_path
):
    t = tools("zh")
    pid = "t-route-site-2025"
    page = open_builder(phone(wechat=True), route_site_url, pid)
    assert page.inner_text("#b-submit") == t["send"]
    fill_candidate(page, 0, (PEOPLE[0][0], id_number(0)), route_programs[pid], tmp_path, False)
    assert no_download(page, lambda: page.click("#b-download")) == []
    text = page.locator(".built .wechat").inner_text()
    assert t["wechat_download"] in text and t["wechat_this_site"] in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_in_wechat_the_photo_tool_says_how_to_save_the_photo(phone, site_url, photo, shots, lang):
    page = open_photo_tool(phone(wechat=True), site_url, "wushen-2024", lang)
    assert page.get_attribute("#pt-file", "accept").startswith("image/*")
    page.locator("#pt-file").set_input_files(str(photo))
    page.wait_for_selector("#photo-tool[data-state=ready]")
    page.fill("#pt-name", NAME)
    page.fill("#pt-id", synthetic_id("152701"))
    assert no_download(page, lambda: page.click("#pt-download")) == []
    note = page.locator("#pt-wechat")
    assert note.is_visible() and photo_words(lang)["js"]["wechat"] in note.inner_text()
    assert note.locator("a[download]").get_attribute("download") == page.inner_text("#pt-filename")
    note.scroll_into_view_if_needed()
    shoot(page, shots, f"photo-wushen-2024-{lang}-wechat")
    assert violations(page) == []
    assert page.errors == []


# --- engines without Blob.prototype.arrayBuffer -------------------------------------------------


def test_without_blob_array_buffer_the_builder_reads_files_and_its_zip_is_accepted(
    phone, site_url, tmp_path
):
    page = open_builder(phone(old=OLD_ENGINE), site_url, "huian-2024")
    assert page.evaluate("typeof Blob.prototype.arrayBuffer") == "undefined"
    person = (PEOPLE[0][0], id_number(0))
    fill_candidate(page, 0, person, PROGRAMS["huian-2024"], tmp_path, group=False)
    with page.expect_download() as info:
        page.click("#b-download")
    bundle = tmp_path / "old.zip"
    info.value.save_as(bundle)
    code, report = check("huian-2024", "individual", bundle)
    assert (code, report["problems"]) == (0, [])
    assert page.errors == []


def test_without_blob_array_buffer_the_photo_tool_opens_the_photo(phone, site_url, photo, tmp_path):
    page = open_photo_tool(phone(old=OLD_ENGINE), site_url, "huian-2024")
    page.locator("#pt-file").set_input_files(str(photo))
    page.wait_for_selector("#photo-tool[data-state=ready]")
    with page.expect_download() as info:
        page.click("#pt-download")
    assert info.value.suggested_filename == "照片.jpg"
    assert page.errors == []


def test_without_blob_array_buffer_the_upload_page_still_refuses_a_file_that_is_no_zip(
    phone, site_url, tmp_path
):
    fake = tmp_path / "材料.zip"
    fake.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page = phone(old=OLD_ENGINE)
    page.goto(f"{site_url}/programs/huian-2024/upload/")
    page.wait_for_selector("#upload-app:not([hidden])")
    page.set_input_files("#upload-file", str(fake))
    page.click("#upload-send")
    page.wait_for_selector("#upload-verdict [data-error=not-zip]")
    assert page.evaluate("document.getElementById('upload-send').disabled") is False


NO_READER = OLD_ENGINE + " delete window.FileReader;"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_engine_that_cannot_read_files_at_all_is_told_what_to_do(
    phone, site_url, photo, tmp_path, lang
):
    page = open_builder(phone(old=NO_READER), site_url, "huian-2024", lang)
    page.set_input_files("input[type=file][data-material=photo]", str(photo))
    item = page.locator("ul.file-results[data-material=photo] li.bad")
    assert item.inner_text() == tools(lang)["old_engine"]
    page = open_photo_tool(phone(old=NO_READER), site_url, "huian-2024", lang)
    page.locator("#pt-file").set_input_files(str(photo))
    page.wait_for_selector("#photo-tool[data-state=error]")
    assert page.inner_text("#pt-file-error") == photo_words(lang)["js"]["old_engine"]


def test_a_photo_the_engine_never_opens_is_given_up_with_what_to_do(phone, site_url, photo):
    never = "window.createImageBitmap = function () { return new Promise(function () {}); };"
    page = phone(old=never)
    page.clock.install()
    open_photo_tool(page, site_url, "huian-2024")
    page.locator("#pt-file").set_input_files(str(photo))
    page.wait_for_selector("#photo-tool[data-state=opening]")
    page.clock.fast_forward(31_000)
    page.wait_for_selector("#photo-tool[data-state=error]")
    assert page.inner_text("#pt-file-error") == photo_words("zh")["js"]["open_timeout"]
