"""Phone photos to the PDF the notice asks for (issue 14 item 3): where a material must be PDF
(Hui'an's ID card and diploma), the builder makes one on the device from one or two photos, front
and back; the PDF is well formed (its cross-reference table, its pages and its JPEG images read
back here), the bundle it goes into passes the upload check, on a phone and on an engine without
Blob.prototype.arrayBuffer."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from generator.site.text import strings
from policy.programs import load_programs

from .bundle_files import PEOPLE, check, id_number
from .conftest import OLD_ENGINE
from .test_builder import builder_url, fill_candidate
from .test_photo_tool import WHITE, drawn_photo, jpeg_near

PROGRAMS = load_programs()
PDF_ONLY = [m["id"] for m in PROGRAMS["huian-2024"]["materials"] if m["formats"] == ["pdf"]]


def pdf_images(data: bytes) -> list[tuple[int, int]]:
    """The (width, height) of each image of a PDF as the builder writes it, after checking its
    structure: header, every cross-reference offset pointing at its object, one page, the
    trailer's root, and each image stream a JPEG of the size its dictionary says."""
    from PIL import Image

    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    table = re.match(rb"xref\n0 (\d+)\n", data[start:])
    assert table, "startxref points at no cross-reference table"
    count = int(table.group(1))
    rows = data[start + table.end() :].split(b"\n")[:count]
    assert rows[0].startswith(b"0000000000 65535 f")
    for number, row in enumerate(rows[1:], start=1):
        offset = int(row[:10])
        assert data[offset:].startswith(f"{number} 0 obj".encode()), number
    assert re.search(rb"trailer\s*<<[^>]*/Root 1 0 R", data)
    assert data.count(b"/Type /Page ") == 1 and b"/Count 1" in data
    sizes = []
    for m in re.finditer(
        rb"/Subtype /Image /Width (\d+) /Height (\d+) .*?/Filter /DCTDecode /Length (\d+) >>\nstream\n",
        data,
    ):
        w, h, length = (int(g) for g in m.groups())
        stream = data[m.end() : m.end() + length]
        assert data[m.end() + length :].startswith(b"\nendstream")
        with Image.open(io.BytesIO(stream)) as im:
            assert (im.format, im.size) == ("JPEG", (w, h))
        sizes.append((w, h))
    return sizes


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> tuple[Path, Path]:
    """An ID card's front and back, both landscape; the back's pixels stored on their side with an
    EXIF orientation saying to turn them, as phones write them."""
    from PIL import Image

    folder = tmp_path_factory.mktemp("card-photos")
    front = folder / "IMG_0001.jpg"
    front.write_bytes(jpeg_near(drawn_photo(WHITE, size=(1600, 1200)), 300 * 1024))
    back = folder / "IMG_0002.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    sideways = drawn_photo(WHITE, size=(1600, 1200)).transpose(Image.Transpose.ROTATE_90)
    sideways.save(back, "JPEG", quality=85, exif=exif)
    return front, back


def make_pdf(page, material: str, files: list[Path], lang: str = "zh") -> str:
    box = page.locator(f".pdf-maker[data-material={material}]")
    box.locator("button.pdf-open").click()
    for i, path in enumerate(files, start=1):
        box.locator(f"input[data-pdf-photo='{i}']").set_input_files(str(path))
    box.locator("button.pdf-make").click()
    done = strings(lang)["tools"]["pdf_done"].split("{")[0]
    box.locator(".pdf-status", has_text=done).wait_for(timeout=60_000)
    return page.locator(f"ul.file-results[data-material={material}]").inner_text()


def test_only_materials_that_must_be_pdf_offer_a_pdf_from_photos(browser, site_url):
    page = browser.new_page()
    page.goto(builder_url(site_url, "huian-2024"))
    page.wait_for_selector("#builder-app:not([hidden])")
    offered = page.eval_on_selector_all(".pdf-maker", "els => els.map(e => e.dataset.material)")
    assert offered == PDF_ONLY and {"id-card", "diploma"} <= set(offered)
    assert page.locator(".pdf-maker input[type=file]").first.is_hidden()  # folded until asked
    page.goto(builder_url(site_url, "wushen-2024"))  # every material there also takes JPG/PNG
    page.wait_for_selector("#builder-app:not([hidden])")
    assert page.locator(".pdf-maker").count() == 0
    page.close()


@pytest.mark.parametrize("engine", ["current", "no-arraybuffer"])
def test_a_pdf_made_from_phone_photos_is_well_formed_and_its_bundle_passes_the_upload_check(
    phone, site_url, photos, tmp_path, engine
):
    page = phone(old=OLD_ENGINE if engine != "current" else None)
    page.goto(builder_url(site_url, "huian-2024"))
    page.wait_for_selector("#builder-app:not([hidden])")
    person = (PEOPLE[0][0], id_number(0))
    fill_candidate(page, 0, person, PROGRAMS["huian-2024"], tmp_path, group=False)
    card = make_pdf(page, "id-card", list(photos))
    assert "身份证.pdf" in card and "检查通过" in card
    diploma = make_pdf(page, "diploma", [photos[0]])
    assert "毕业证.pdf" in diploma
    with page.expect_download() as info:
        page.click("#b-download")
    bundle = tmp_path / "with-pdfs.zip"
    info.value.save_as(bundle)
    code, report = check("huian-2024", "individual", bundle)
    assert (code, report["accepted"], report["problems"]) == (0, True, [])
    with zipfile.ZipFile(bundle) as z:
        card_pdf, diploma_pdf = z.read("身份证.pdf"), z.read("毕业证.pdf")
    front, back = pdf_images(card_pdf)
    assert front[0] > front[1]  # landscape, as taken
    assert back[0] > back[1]  # turned by its EXIF orientation: landscape too, not on its side
    assert len(pdf_images(diploma_pdf)) == 1
    assert page.errors == []


def test_asking_for_a_pdf_without_a_photo_says_to_choose_one(browser, site_url):
    page = browser.new_page()
    page.goto(builder_url(site_url, "huian-2024", "en"))
    page.wait_for_selector("#builder-app:not([hidden])")
    box = page.locator(".pdf-maker[data-material=id-card]")
    box.locator("button.pdf-open").click()
    assert box.locator("button.pdf-open").get_attribute("aria-expanded") == "true"
    box.locator("button.pdf-make").click()
    assert box.locator(".pdf-status").inner_text() == strings("en")["tools"]["pdf_no_photo"]
    page.close()
