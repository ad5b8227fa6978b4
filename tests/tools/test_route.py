"""The route to the office (submission.route, issue 14 item 1): every tool page, button and
verdict follows how the office really receives applications. Hui'an's notice has each unit
e-mail its staff's materials, so its pages only check: the button says so, and an accepted
verdict says to e-mail the ZIP (file name to attach, address, subject, a mailto: link). Uxin
Banner's goes through the selected third-party body by the unit. Only where this site's upload is
the application does a button say it sends and a verdict say the office received it."""

from __future__ import annotations

import copy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.site.context.tools import route_data
from generator.site.text import strings
from policy.programs import check_dir, load_programs
from tests.functions import upload_factory

from .bundle_files import PEOPLE, id_number, local_server
from .conftest import ROOT, ROUTES
from .test_builder import fill_candidate, open_builder
from .test_upload_page import bundle, upload_url

PROGRAMS = load_programs()


def words(lang: str) -> dict:
    return strings(lang)["tools"]


@pytest.fixture(scope="module")
def server(built_site, tmp_path_factory):
    with local_server(built_site, tmp_path_factory.mktemp("route-uploads")) as url:
        yield url


@pytest.fixture(scope="module")
def route_server(route_site, route_data, tmp_path_factory):
    with local_server(route_site, tmp_path_factory.mktemp("route-uploads"), route_data) as url:
        yield url


def clipboard_context(browser, **kw):
    context = browser.new_context(**kw)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return context


# --- the data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_route_says_what_to_do_and_only_this_sites_upload_submits(route_programs, lang):
    t = words(lang)
    every = {**PROGRAMS, **route_programs}
    for pid, program in every.items():
        r = route_data(program, lang)
        text = " ".join(r["how"])
        assert "{" not in text and "None" not in text, (pid, text)
        assert r["submits"] == (r["kind"] == "this_site"), pid
        if r["submits"]:
            assert t["route_check_only"] not in text
        else:
            assert r["how"][-1] == t["route_check_only"], pid
    huian = route_data(PROGRAMS["huian-2024"], lang)
    assert huian["kind"] == "email" and huian["address"] == "283580787@qq.com"
    assert "283580787@qq.com" in huian["how"][0]
    # the notice sets no subject: the site suggests one (in Chinese, for the office) and says so
    assert huian["subject"] is None and huian["mail_subject"].endswith("报名材料：{who}")
    assert PROGRAMS["huian-2024"]["notice"]["short_title"]["zh"] in huian["mail_subject"]
    wushen = route_data(PROGRAMS["wushen-2024"], lang)
    assert wushen["kind"] == "by_unit" and wushen["address"] is None
    receiver = PROGRAMS["wushen-2024"]["submission"]["route"]["receiver"][lang]
    assert receiver in " ".join(wushen["how"])
    site = route_data(route_programs["t-route-site-2025"], lang)
    assert site["receiver"] == ROUTES["t-route-site-2025"]["receiver"][lang]
    system = route_data(route_programs["t-route-system-2025"], lang)
    assert ROUTES["t-route-system-2025"]["url"] in system["how"][0]
    desk = route_data(route_programs["t-route-desk-2025"], lang)
    assert ROUTES["t-route-desk-2025"]["hours"][lang] in " ".join(desk["how"])
    none = route_data(route_programs["t-route-none-2025"], lang)
    assert none["kind"] is None
    said = PROGRAMS["huian-2024"]["submission"]["text"][lang]
    assert said in none["how"][0]


def test_the_schema_takes_each_kind_with_its_facts_and_refuses_one_without(tmp_path, route_data):
    _, problems = check_dir(route_data)
    assert [p for p in problems if p.severity == "error"] == []
    base = PROGRAMS["huian-2024"]
    notice = (ROOT / "data" / "huian-2024.notice.txt").read_text("utf-8")
    wrong = {
        "no-address": {"kind": "email", "clause": "六、1."},
        "desk-fields-on-email": {
            "kind": "email",
            "clause": "六、1.",
            "address": "a@b.cn",
            "place": {"zh": "某地", "en": "somewhere"},
        },
        "system-without-url": {
            "kind": "system",
            "clause": "六、1.",
            "name": {"zh": "某", "en": "x"},
        },
        "unknown-kind": {"kind": "post", "clause": "六、1."},
        "bad-address": {"kind": "email", "clause": "六、1.", "address": "not an address"},
        "this-site-without-receiver": {"kind": "this_site", "clause": "六、1."},
    }
    for name, route in wrong.items():
        p = copy.deepcopy(base)
        p["id"] = "t-" + name + "-2025"
        p["notice"]["source"] = p["id"] + ".notice.txt"
        p["submission"]["route"] = route
        folder = tmp_path / name
        upload_factory.write_program(folder, p, notice)
        _, problems = check_dir(folder)
        problems = [p for p in problems if p.severity == "error"]
        assert problems, name
        assert all(str(pr.path).startswith("submission.route") for pr in problems), name


# --- the pages ---------------------------------------------------------------------------------


def route_lines(page) -> list[str]:
    return page.locator(".route-box li").all_inner_texts()


@pytest.mark.parametrize("pid", sorted(ROUTES))
def test_every_route_is_said_on_the_upload_page_and_the_builder_with_the_right_button(
    browser, route_site_url, route_programs, pid
):
    page = browser.new_page()
    for lang in ("zh", "en"):
        want = route_data(route_programs[pid], lang)
        t = words(lang)
        page.goto(f"{route_site_url}/{upload_path(pid, lang)}")
        page.wait_for_selector("#upload-app:not([hidden])")
        assert route_lines(page) == want["how"]
        assert page.inner_text("#upload-send") == (
            t["send"] if want["submits"] else t["send_check"]
        )
        if want["kind"] == "system":
            assert page.get_attribute(".route-box a", "href") == ROUTES[pid]["url"]
        page.goto(f"{route_site_url}/{upload_path(pid, lang, 'bundle-builder')}")
        page.wait_for_selector("#builder-app:not([hidden])")
        assert route_lines(page) == want["how"]
        assert page.inner_text("#b-submit") == (t["send"] if want["submits"] else t["submit_check"])
    page.close()


def upload_path(pid: str, lang: str, page: str = "upload") -> str:
    return f"{'' if lang == 'zh' else 'en/'}programs/{pid}/{page}/"


def send_bundle(page, blob: bytes, tmp_path: Path, filename="报名材料.zip"):
    path = tmp_path / filename
    path.write_bytes(blob)
    page.set_input_files("#upload-file", str(path))
    page.check("#kind-individual")
    page.click("#upload-send")
    page.wait_for_selector("#upload-verdict .verdict", timeout=60_000)
    return page.locator("#upload-verdict .verdict")


def font_px(locator) -> float:
    return locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_accepted_hui_an_bundle_is_checked_and_the_verdict_says_to_email_it(
    browser, server, tmp_path, lang
):
    t = words(lang)
    context = clipboard_context(browser)
    page = context.new_page()
    page.goto(upload_url(server, "huian-2024", lang))
    assert page.inner_text("#upload-send") == t["send_check"]
    assert "283580787@qq.com" in page.inner_text(".route-box")
    verdict = send_bundle(page, bundle(PROGRAMS["huian-2024"]), tmp_path)
    text = verdict.inner_text()
    assert t["checked"] in text
    assert t["accepted"] not in text and t["route_check_only"] in text
    rows = verdict.locator(".copy-row")
    attach = rows.filter(has_text=t["attach_file"]).locator(".copy-text")
    assert attach.inner_text() == "报名材料.zip"
    assert rows.filter(has_text=t["address_label"]).locator(".copy-text").inner_text() == (
        "283580787@qq.com"
    )
    subject = rows.filter(has_text=t["subject_label"])
    assert t["subject_ours"] in subject.inner_text()
    for code in verdict.locator(".copy-text").all():
        assert font_px(code) >= 14
    href = verdict.locator("a.mail-link").get_attribute("href")
    parts = urlsplit(href)
    assert (parts.scheme, parts.path) == ("mailto", "283580787@qq.com")
    query = parse_qs(parts.query)
    assert query["subject"] == [subject.locator(".copy-text").inner_text()]
    assert query["subject"][0].startswith(PROGRAMS["huian-2024"]["notice"]["short_title"]["zh"])
    assert "报名材料.zip" in query["body"][0]
    attach_row = rows.filter(has_text=t["attach_file"])
    attach_row.locator("button.copy").click()
    attach_row.locator(".copy-said", has_text=t["copied"]).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == "报名材料.zip"
    assert t["check_reference"].split("{")[0] in text
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_accepted_uxin_banner_bundle_is_to_be_handed_to_the_unit_without_an_invented_address(
    browser, server, tmp_path, lang
):
    t = words(lang)
    page = browser.new_page()
    page.goto(upload_url(server, "wushen-2024", lang))
    verdict = send_bundle(page, bundle(PROGRAMS["wushen-2024"]), tmp_path)
    text = verdict.inner_text()
    receiver = PROGRAMS["wushen-2024"]["submission"]["route"]["receiver"][lang]
    assert t["checked"] in text and receiver in text and t["route_collector_default"] in text
    assert verdict.locator("a[href^='mailto:']").count() == 0
    assert "@" not in text
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_where_this_sites_upload_is_the_application_the_verdict_says_who_received_it(
    browser, route_server, route_programs, tmp_path, lang
):
    t = words(lang)
    pid = "t-route-site-2025"
    receiver = ROUTES[pid]["receiver"][lang]
    context = clipboard_context(browser)
    page = context.new_page()
    page.goto(upload_url(route_server, pid, lang))
    assert page.inner_text("#upload-send") == t["send"]
    verdict = send_bundle(page, bundle(route_programs[pid]), tmp_path)
    text = verdict.inner_text()
    assert t["accepted_this_site"].format(receiver=receiver) in text
    number = verdict.locator(".copy-row .copy-text").inner_text()
    assert len(number) >= 20 and number in text
    assert t["reference_this_site"].format(receiver=receiver) in text
    assert t["route_check_only"] not in text and verdict.locator(".next-steps").count() == 0
    verdict.locator(".copy-row button.copy").click()
    verdict.locator(".copy-said", has_text=t["copied"]).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == number
    context.close()


def test_the_builder_checks_a_hui_an_bundle_then_says_to_email_its_zip_and_saves_it(
    browser, server, tmp_path
):
    t = words("en")
    program = PROGRAMS["huian-2024"]
    page, errors = open_builder(browser, server, "huian-2024", "en")
    assert page.inner_text("#b-submit") == t["submit_check"]
    person = (PEOPLE[1][0], id_number(1))
    fill_candidate(page, 0, person, program, tmp_path, group=False)
    page.click("#b-submit")
    page.wait_for_selector(".builder-verdict .verdict", timeout=60_000)
    verdict = page.locator(".builder-verdict .verdict")
    text = verdict.inner_text()
    assert t["checked"] in text and "283580787@qq.com" in text
    attach = verdict.locator(".copy-row", has_text=t["attach_file"]).locator(".copy-text")
    assert attach.inner_text() == f"{person[0]}.zip"
    href = verdict.locator("a.mail-link").get_attribute("href")
    assert parse_qs(urlsplit(href).query)["subject"][0].endswith("报名材料：" + person[0])
    with page.expect_download() as info:
        verdict.locator("button.save-zip").click()
    assert info.value.suggested_filename == f"{person[0]}.zip"
    assert errors == []
    page.close()
