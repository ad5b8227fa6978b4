"""The tool pages judge a file as the upload check does, with one copy of each rule in the browser
(formats.js, naming.js; tests/vectors/files/ proves them equal to the Python): a macro-enabled or
extension-less workbook is a workbook in the builder as in the check; the builder and the photo
tool refuse the same names; the upload page refuses what is plainly no ZIP archive before
sending anything."""

from __future__ import annotations

import io
import zipfile

import pytest

from generator.site.text import strings
from policy import formats
from tests.support.idnumbers import make_id as synthetic_id

from .bundle_files import jpeg, xlsx
from .test_builder import open_builder


def excel_order(data: bytes) -> bytes:
    """The workbook with [Content_Types].xml first, as Excel (and the builder) write it."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = sorted(src.namelist(), key=lambda n: n != "[Content_Types].xml")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in names:
                dst.writestr(name, src.read(name))
    return out.getvalue()


def test_a_macro_enabled_or_extension_less_workbook_is_a_workbook_in_the_builder_as_in_the_check(
    browser, site_url, tmp_path
):
    workbook = excel_order(xlsx([("张三", "110101199003070011")]))
    page, errors = open_builder(browser, site_url, "wushen-2024", "en")
    results = "ul.file-results[data-material='info-form']"
    for name in ("信息采集表.xlsm", "信息采集表"):
        assert formats.sniff(workbook[:2048], name) == "xlsx"  # the upload check's verdict
        path = tmp_path / name
        path.write_bytes(workbook)
        page.set_input_files("input[type=file][data-material='info-form']", str(path))
        good = page.locator(f"{results} li.good", has_text=name)
        good.wait_for()
        assert ".xlsx" in good.inner_text()  # packed under its format's own extension
        assert page.locator(f"{results} li.bad").count() == 0
    page.close()
    assert errors == []


ODD_NAMES = ["张*三", "张三?", "李:四", "王<五>", "张＿三", "张／三"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_the_builder_and_the_photo_tool_refuse_the_same_names(browser, site_url, name):
    page, errors = open_builder(browser, site_url, "wushen-2024", "en")
    page.fill("input[name=name]", name)
    page.press("input[name=name]", "Tab")
    note = page.locator("[data-for=name]").inner_text()
    odd = next(c for c in name if c in "*?:<＿／")
    assert f"'{odd}'" in note
    assert page.get_attribute("input[name=name]", "aria-invalid") == "true"
    page.close()
    assert errors == []

    photo = browser.new_page()
    photo.goto(f"{site_url}/en/programs/wushen-2024/photo-tool/")
    photo.wait_for_selector("#photo-tool[data-state=empty]")
    photo.locator("#pt-name").fill(name)
    photo.locator("#pt-id").fill(synthetic_id())
    photo.locator("#pt-download").click()
    words = strings("en")["photo_tool"]["js"]
    assert photo.locator("#pt-name-error").inner_text() == words["name_bad"]
    photo.close()


def test_a_name_both_tools_accept_is_not_refused(browser, site_url):
    page, _ = open_builder(browser, site_url, "wushen-2024", "en")
    page.fill("input[name=name]", "Li Si")
    page.press("input[name=name]", "Tab")
    assert page.locator("[data-for=name]").inner_text() == ""
    page.close()


@pytest.mark.parametrize(
    ("blob", "found", "key"),
    [
        (b"Rar!\x1a\x07\x01\x00" + bytes(64), "RAR", "not_zip_archive"),
        (None, "JPG", "not_zip"),
        (b"%PDF-1.4\n%%EOF\n", "PDF", "not_zip"),
    ],
    ids=["a RAR archive", "a photo", "a PDF"],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_upload_page_refuses_what_is_plainly_no_zip_before_sending_it(
    browser, site_url, tmp_path, blob, found, key, lang
):
    path = tmp_path / "报名材料.zip"
    path.write_bytes(blob if blob is not None else jpeg())
    page = browser.new_page()
    api_calls = []
    page.on("request", lambda r: api_calls.append(r.url) if "/api/" in r.url else None)
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{site_url}/{prefix}programs/wushen-2024/upload/")
    page.set_input_files("#upload-file", str(path))
    page.click("#upload-send")
    refused = page.locator("#upload-verdict [data-error=not-zip]")
    refused.wait_for()
    expected = strings(lang)["tools"][key].format(file=path.name, found=found)
    assert refused.inner_text() == expected
    assert not page.locator("#upload-send").is_disabled()  # fix it and send again
    assert api_calls == []
    page.close()
