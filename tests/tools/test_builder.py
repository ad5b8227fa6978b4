"""Same rules both sides (issue 6 item 3): bundles the browser builder packs from real files are
accepted by `python -m functions.upload check`, for both programs, individual and group; the
builder's instant checks refuse what the upload check would refuse."""

from __future__ import annotations

import zipfile

import pytest

from policy.programs import load_programs

from .bundle_files import PEOPLE, check, file_for, id_number, jpeg, xlsx

PROGRAMS = load_programs()


def builder_url(site_url: str, program: str, lang: str = "zh") -> str:
    prefix = "" if lang == "zh" else "en/"
    return f"{site_url.rstrip('/')}/{prefix}programs/{program}/bundle-builder/"


def open_builder(browser, site_url, program, lang="zh", fragment=""):
    page = browser.new_page(accept_downloads=True)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(builder_url(site_url, program, lang) + fragment)
    page.wait_for_selector("#builder-app:not([hidden])")
    return page, errors


def fill_candidate(page, index: int, person: tuple[str, str], program: dict, tmp_path, group: bool):
    box = page.locator("fieldset.person").nth(index)
    box.locator("input[name=name]").fill(person[0])
    box.locator("input[name=id]").fill(person[1])
    box.locator("input[name=id]").press("Tab")
    roster = (program["packaging"].get("group") or {}).get("roster") or {}
    folder = tmp_path / f"c{index}"
    folder.mkdir(exist_ok=True)
    for material in program["materials"]:
        if material.get("required_when") or (group and material["id"] == roster.get("material")):
            continue
        box.locator(f"input[type=file][data-material='{material['id']}']").set_input_files(
            str(file_for(material, folder, person))
        )
        box.locator(f"ul.file-results[data-material='{material['id']}'] li.good").wait_for()


def download(page, tmp_path, name="bundle.zip"):
    # A generous wait: once, on a machine running other suites beside this one, the button took
    # over 30 s to count as stable for a click (not reproduced in reruns, loaded or not).
    with page.expect_download(timeout=90_000) as info:
        page.locator("#b-download").click(timeout=90_000)
    target = tmp_path / name
    info.value.save_as(target)
    return target


@pytest.mark.parametrize("program_id", sorted(PROGRAMS))
def test_an_individual_bundle_built_in_the_browser_is_accepted_by_the_upload_check(
    browser, site_url, tmp_path, program_id
):
    program = PROGRAMS[program_id]
    page, errors = open_builder(browser, site_url, program_id)
    person = (PEOPLE[0][0], id_number(0))
    fill_candidate(page, 0, person, program, tmp_path, group=False)
    assert "所需材料已齐全" in page.locator(".builder-status").inner_text()
    bundle = download(page, tmp_path)
    page.close()
    assert errors == []
    code, report = check(program_id, "individual", bundle)
    assert (code, report["accepted"], report["problems"]) == (0, True, [])
    if any(m.get("naming") for m in program["materials"]):  # the photo's name carries who it is
        assert [c["name"] for c in report["candidates"]] == [person[0]]
    with zipfile.ZipFile(bundle) as z:
        chinese = [i for i in z.infolist() if not i.filename.isascii()]
        assert chinese and all(i.flag_bits & 0x800 for i in chinese)  # UTF-8 names flagged


@pytest.mark.parametrize(
    "program_id", sorted(p for p in PROGRAMS if PROGRAMS[p]["packaging"].get("group"))
)
def test_a_group_bundle_built_in_the_browser_is_accepted_by_the_upload_check(
    browser, site_url, tmp_path, program_id
):
    program = PROGRAMS[program_id]
    page, errors = open_builder(browser, site_url, program_id)
    page.check("#b-mode-group")
    page.fill("#b-org", "示例单位")
    people = [(PEOPLE[i][0], id_number(i)) for i in range(3)]
    for i, person in enumerate(people):
        if i:
            page.click("#b-add")
        fill_candidate(page, i, person, program, tmp_path, group=True)
    bundle = download(page, tmp_path, "group.zip")
    page.close()
    assert errors == []
    code, report = check(program_id, "group", bundle)
    assert (code, report["accepted"], report["problems"]) == (0, True, [])
    assert sorted(c["name"] for c in report["candidates"]) == sorted(p[0] for p in people)
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
    spec = program["packaging"]["group"]
    for name, number in people:
        assert any(n.startswith(f"{name}_{number}/") for n in names)
    if spec.get("photo_folder"):
        folder = spec["photo_folder"]["keywords"][0]
        assert sorted(n for n in names if n.startswith(folder + "/")) == sorted(
            f"{folder}/{name}_{number}.JPG" for name, number in people
        )
    # the group check run without --kind also sees a group
    code, report = check(program_id, "group", bundle)
    assert report["kind"] == "group"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wrong_id_number_typed_in_the_builder_is_refused_with_a_message(
    browser, site_url, tmp_path, lang
):
    page, _ = open_builder(browser, site_url, "wushen-2024", lang)
    wrong = id_number(0)[:-1] + ("0" if id_number(0)[-1] != "0" else "1")
    page.fill("input[name=name]", PEOPLE[0][0])
    page.fill("input[name=id]", wrong)
    page.press("input[name=id]", "Tab")
    note = page.locator("[data-for=id]").inner_text()
    expected = "校验码" if lang == "zh" else "check"
    assert expected in note
    assert page.get_attribute("input[name=id]", "aria-invalid") == "true"
    # and nothing is built: the status lists the ID number among what to fix
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click("#b-download")
    page.wait_for_timeout(300)
    assert downloads == []
    assert expected in page.locator(".builder-status").inner_text()
    page.close()


def test_a_photo_over_the_limit_and_a_pdf_named_jpg_are_refused_at_once(
    browser, site_url, tmp_path
):
    program = PROGRAMS["wushen-2024"]
    photo = next(m for m in program["materials"] if m.get("max_bytes"))
    page, _ = open_builder(browser, site_url, "wushen-2024", "en")
    big = tmp_path / "big.JPG"
    big.write_bytes(jpeg(photo["max_bytes"] + 15 * 1024))
    page.set_input_files(f"input[type=file][data-material='{photo['id']}']", str(big))
    results = f"ul.file-results[data-material='{photo['id']}']"
    result = page.locator(f"{results} li.bad", has_text="big.JPG")
    assert "big.JPG is 35" in result.inner_text() and "limit" in result.inner_text()
    fake = tmp_path / "fake.jpg"
    fake.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files(f"input[type=file][data-material='{photo['id']}']", str(fake))
    refused = page.locator(f"{results} li.bad", has_text="fake.jpg")
    assert "fake.jpg is a PDF file by its content" in refused.inner_text()
    page.close()


def test_with_the_self_checks_materials_only_those_are_asked_for(browser, site_url):
    program = PROGRAMS["huian-2024"]
    wanted = [m["id"] for m in program["materials"] if not m.get("required_when")][:2]
    page, _ = open_builder(browser, site_url, "huian-2024", "en", "#materials=" + ",".join(wanted))
    shown = page.eval_on_selector_all(
        "input[type=file][data-material]", "els => els.map(e => e.dataset.material)"
    )
    assert shown == wanted
    assert "self-check answers" in page.locator("#builder-app").inner_text()
    page.close()


def test_without_the_self_check_a_conditional_material_says_when_it_is_needed(browser, site_url):
    program = PROGRAMS["huian-2024"]
    conditional = next(m for m in program["materials"] if m.get("required_when"))
    page, _ = open_builder(browser, site_url, "huian-2024", "en")
    box = page.locator(f"div.material[data-material='{conditional['id']}']")
    text = box.inner_text()
    assert "only if it applies to you" in text and "Needed only when" in text
    page.close()


def test_the_self_check_result_links_to_a_builder_asking_for_its_materials(browser, site_url):
    page = browser.new_page()
    base = site_url.rstrip("/")
    page.goto(
        f"{base}/en/programs/huian-2024/self-check/#age=26&education=bachelor&related-major=yes&view=result"
    )
    page.click("a[href*='bundle-builder']")
    page.wait_for_selector("#builder-app:not([hidden])")
    asked = page.eval_on_selector_all(
        "input[type=file][data-material]", "els => els.map(e => e.dataset.material)"
    )
    page.close()
    expected = [m["id"] for m in PROGRAMS["huian-2024"]["materials"]]  # a bachelor needs all five
    assert asked == expected


def test_a_group_read_from_the_employers_filled_workbook_is_accepted(browser, site_url, tmp_path):
    program_id = next(
        p for p in sorted(PROGRAMS) if (PROGRAMS[p]["packaging"].get("group") or {}).get("roster")
    )
    program = PROGRAMS[program_id]
    people = [(PEOPLE[i][0], id_number(i)) for i in range(3)]
    form = tmp_path / "our-form.xlsx"
    form.write_bytes(xlsx(people, headers=("序号", "姓名", "身份证号码")))
    page, errors = open_builder(browser, site_url, program_id, "en")
    page.check("#b-mode-group")
    page.set_input_files("#b-roster", str(form))
    page.wait_for_selector("fieldset.person >> nth=2")
    assert "3 candidate(s) read from your workbook" in page.locator("#builder-app").inner_text()
    names = page.eval_on_selector_all("input[name=name]", "els => els.map(e => e.value)")
    assert names == [p[0] for p in people]
    for i, person in enumerate(people):
        fill_candidate(page, i, person, program, tmp_path, group=True)
    bundle = download(page, tmp_path, "from-form.zip")
    page.close()
    assert errors == []
    code, report = check(program_id, "group", bundle)
    assert (code, report["accepted"], report["problems"]) == (0, True, [])


def test_a_file_that_is_not_a_roster_workbook_is_refused_with_a_reason(browser, site_url, tmp_path):
    program_id = next(
        p for p in sorted(PROGRAMS) if (PROGRAMS[p]["packaging"].get("group") or {}).get("roster")
    )
    bad = tmp_path / "form.xlsx"
    bad.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page, _ = open_builder(browser, site_url, program_id, "en")
    page.check("#b-mode-group")
    page.set_input_files("#b-roster", str(bad))
    page.wait_for_selector(".group-extra .bad")
    assert "not an Excel (.xlsx) workbook" in page.locator(".group-extra .bad").inner_text()
    page.close()
