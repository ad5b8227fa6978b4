"""The ID-photo tool on a notice that gives the photo in pixels, a smallest file size, and a name
of the ID number alone with an upper-case X (tests/tools/conftest.py): the photo comes out exactly
that size, between the size bounds, named {ID number}.jpg with the X in upper case, and the upload
check accepts it; no name is asked for."""

from __future__ import annotations

import io
import zipfile

from functions.upload import photo as photo_check
from functions.upload.bundle import check_file
from tests.functions import upload_factory as factory

from .test_photo_tool import WHITE, drawn_photo, jpeg_near

RULES = factory.RULES_ID


def open_tool(browser, base, lang="en"):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    prefix = "/en" if lang == "en" else ""
    page.goto(f"{base}{prefix}/programs/{RULES}/photo-tool/")
    page.wait_for_selector("#photo-tool[data-state=empty]")
    return context, page


def test_pixels_from_the_notice_are_made_exactly_above_the_smallest_size_named_by_the_id_number(
    browser, rules_site_url, rules_program, tmp_path
):
    mat = next(m for m in rules_program["materials"] if m["id"] == "photo")
    phone = tmp_path / "IMG_0001.jpg"
    phone.write_bytes(jpeg_near(drawn_photo(WHITE), 300 * 1024))
    # plain enough that the usual best quality (92) falls under the notice's smallest size
    from PIL import Image

    with Image.open(phone) as im:
        probe = io.BytesIO()
        im.resize((358, 441)).save(probe, "JPEG", quality=92)
    assert probe.tell() < mat["min_bytes"]

    number = factory.id_ending_in_x()
    context, page = open_tool(browser, rules_site_url)
    try:
        text = page.locator("article").inner_text()
        assert "358 × 441 pixels (width × height), as the notice asks" in text
        assert "Smallest file size: 60 KB" in text
        assert "A final X of the ID number is written in upper case" in text
        assert page.locator("#pt-name").count() == 0  # {id_number}.jpg names no one
        page.locator("#pt-file").set_input_files(str(phone))
        page.wait_for_selector("#photo-tool[data-state=ready]")
        page.locator("#pt-id").fill(number[:-1] + "x")
        status = page.locator("#pt-status").inner_text()
        assert "the notice asks for 60 KB to 100 KB" in status and "358 × 441 pixels" in status
        with page.expect_download() as info:
            page.locator("#pt-download").click()
        name = info.value.suggested_filename
        target = tmp_path / "out.jpg"
        info.value.save_as(target)
        assert page.errors == []
    finally:
        context.close()
    data = target.read_bytes()
    assert name == f"{number}.jpg"  # the X in upper case
    assert mat["min_bytes"] <= len(data) <= mat["max_bytes"]
    with Image.open(io.BytesIO(data)) as im:
        assert (im.format, im.size) == ("JPEG", (358, 441))
    assert photo_check.inspect(data, name, mat["photo"], want_jpeg=True) == []
    files = factory.individual_files(rules_program, who=("张三", number))
    files[name] = data
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        for path, content in files.items():
            z.writestr(path, content)
    report = check_file(str(bundle), rules_program, "individual")
    assert (report["accepted"], report["problems"]) == (True, [])


def test_a_photo_that_cannot_reach_the_smallest_size_is_not_made_smaller_and_says_why(
    browser, rules_site_url, tmp_path
):
    """A plain picture at the notice's exact pixels stays under 60 KB even at the top quality:
    the tool does not hand out a photo the check would refuse, and it says what to do."""
    smooth = tmp_path / "IMG_0002.jpg"
    smooth.write_bytes(jpeg_near(drawn_photo(WHITE, size=(900, 1200)), 120 * 1024))
    context, page = open_tool(browser, rules_site_url, "zh")
    try:
        assert page.locator("#pt-person legend").inner_text() == "第 3 步：身份证号"
        page.locator("#pt-file").set_input_files(str(smooth))
        page.wait_for_selector("#photo-tool[data-state=error]")
        status = page.locator("#pt-status").inner_text()
        assert "即使用最高质量" in status and "通知要求至少 60 KB" in status
        assert page.locator("#pt-out").get_attribute("src") is None
        # the ID number is still judged first, as on every notice
        wrong = factory.with_wrong_check_digit(factory.valid_id(2))
        page.locator("#pt-id").fill(wrong)
        page.locator("#pt-download").click()
        assert "校验码" in page.locator("#pt-id-error").inner_text()
        assert page.evaluate("document.activeElement.id") == "pt-id"
        page.locator("#pt-id").fill(factory.valid_id(2))
        page.locator("#pt-download").click()
        assert "即使用最高质量" in page.locator("#pt-form-error").inner_text()
        assert page.errors == []
    finally:
        context.close()
