"""The bundle builder on a notice with every materials rule (tests/tools/conftest.py): paper-only
materials are listed to bring on paper and get no file picker; materials for a level or a
condition are optional with their note; a file under the smallest size is refused with the fix;
the photo is named by the ID number alone, its X in upper case, and the bundle is accepted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

from tests.functions import upload_factory as factory

from .bundle_files import PEOPLE, ROOT, pdf

RULES = factory.RULES_ID


def open_builder(browser, base, lang="en"):
    page = browser.new_page(accept_downloads=True)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{base}/{prefix}programs/{RULES}/bundle-builder/")
    page.wait_for_selector("#builder-app:not([hidden])")
    return page


def test_paper_only_materials_are_listed_to_bring_on_paper_and_get_no_file_picker(
    browser, rules_site_url
):
    for lang, words in (
        ("en", ("Bring on paper", "2 copies, A4 paper, bring the original", "Also handed in")),
        ("zh", ("带纸质材料", "2 份，A4 纸，须带原件", "同时需按上面的要求提交电子文件")),
    ):
        page = open_builder(browser, rules_site_url, lang)
        box = page.locator("#builder-app .paper-list")
        assert words[0] in box.inner_text()
        contract = box.locator("li[data-material='labour-contract']").inner_text()
        assert words[1] in contract
        assert page.locator("input[type=file][data-material='labour-contract']").count() == 0
        both = box.locator("li[data-material='application-form']").inner_text()
        assert "2" in both and words[2] in both  # handed in both ways: a file, and on paper
        assert page.locator("input[type=file][data-material='application-form']").count() == 1
        # the rules beside the builder: named files first, then what goes on paper
        aside = page.locator("aside.tool-rules")
        assert words[1] in aside.locator("li[data-material='labour-contract']").inner_text()
        naming = aside.locator("ul").first.inner_text()
        assert "劳动合同" not in naming
        assert page.errors == []
        page.close()


def test_materials_for_a_level_or_a_condition_are_optional_with_their_note(browser, rules_site_url):
    page = open_builder(browser, rules_site_url)
    summary = page.locator("div.material[data-material='skills-summary']").inner_text()
    assert "(only if it applies to you)" in summary
    assert "Needed only for Level 3 / senior worker." in summary
    certificate = page.locator("div.material[data-material='level-certificate']").inner_text()
    assert "Needed only if you qualify through: Four years in the occupation" in certificate
    # not among what is still missing
    status = page.locator(".builder-status").inner_text()
    assert "skills summary" not in status and "vocational skill level certificate" not in status
    page.close()


def test_a_file_under_the_notices_smallest_size_is_refused_with_both_byte_counts_and_the_fix(
    browser, rules_site_url, tmp_path
):
    page = open_builder(browser, rules_site_url)
    small = tmp_path / "scan.pdf"
    small.write_bytes(factory.pdf(padding=31200 - len(factory.pdf())))
    page.set_input_files("input[type=file][data-material='diploma']", str(small))
    refused = page.locator("ul.file-results[data-material='diploma'] li.bad").inner_text()
    assert "scan.pdf is 31 200 bytes; the notice asks for at least 40 960 bytes = 40 KB" in refused
    assert "Scan or save it again at a higher resolution" in refused
    rule = page.locator("div.material[data-material='diploma'] .rule").inner_text()
    assert "At least 40 KB." in rule
    page.close()


def test_a_bundle_built_here_names_the_photo_by_the_id_number_with_an_upper_case_x_and_passes(
    browser, rules_site_url, rules_program, rules_data, tmp_path
):
    number = factory.id_ending_in_x()
    page = open_builder(browser, rules_site_url, "zh")
    page.fill("input[name=name]", PEOPLE[0][0])
    page.fill("input[name=id]", number[:-1] + "x")  # typed in lower case
    page.press("input[name=id]", "Tab")
    photo = next(m for m in rules_program["materials"] if m["id"] == "photo")
    files = {
        "application-form": ("form.pdf", pdf()),
        "diploma": ("diploma.pdf", factory.pdf(padding=50_000)),
        "id-card": ("id.pdf", pdf()),
        "photo": ("IMG_0001.JPG", factory.photo_bytes(photo)),
    }
    for material, (name, data) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        page.set_input_files(f"input[type=file][data-material='{material}']", str(path))
        page.locator(f"ul.file-results[data-material='{material}'] li.good").wait_for()
    good = page.locator("ul.file-results[data-material='photo'] li.good").inner_text()
    assert f"{number}.jpg" in good
    assert "所需材料已齐全" in page.locator(".builder-status").inner_text()
    with page.expect_download() as info:
        page.click("#b-download")
    bundle = tmp_path / "bundle.zip"
    info.value.save_as(bundle)
    assert page.errors == []
    page.close()
    with zipfile.ZipFile(bundle) as z:
        assert f"{number}.jpg" in z.namelist()
        assert not any("劳动合同" in n for n in z.namelist())
    done = subprocess.run(
        [sys.executable, "-m", "functions.upload", "check", "--program", RULES]
        + ["--kind", "individual", str(bundle)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PROGRAMS_DIR": str(rules_data)},
    )
    report = json.loads(done.stdout)
    assert (done.returncode, report["accepted"], report["problems"]) == (0, True, [])
    assert report["candidates"][0]["id_number_masked"].endswith("X")
    assert {n["material"] for n in report["notes"]} == {
        "chsi-record",
        "skills-summary",
        "level-certificate",
    }
