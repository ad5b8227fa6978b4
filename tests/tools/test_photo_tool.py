"""The ID-photo tool in headless Chromium with real photos drawn by Pillow: what comes out is a real
JPEG in the notice's proportions, under its limit, named as it requires, and the upload check
accepts it; a wrong ID number is refused; a dark background is flagged, as the upload check would;
the picture never leaves the page."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from functions.upload import photo as photo_check
from generator.site.text import human_bytes, strings
from policy.programs import load_programs
from tests.support.idnumbers import make_id as synthetic_id

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHOTO_JS = ROOT / "generator" / "assets" / "js" / "photo.js"
WHITE = (250, 250, 250)
DARK = (40, 60, 90)
NAME = "李四"


# --- photos -----------------------------------------------------------------------------------


def drawn_photo(background, size=(3000, 4000), grain=32):
    """A portrait on a background: head and shoulders in a gradient, with blotchy sensor noise."""
    from PIL import Image, ImageChops, ImageDraw

    w, h = size
    im = Image.new("RGB", size, background)
    grad = Image.linear_gradient("L").resize((w, h))
    person = Image.merge(
        "RGB",
        [
            grad.point(lambda v: 70 + v // 3),
            grad.point(lambda v: 50 + v // 4),
            grad.point(lambda v: 100 + v // 5),
        ],
    )
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((w * 0.32, h * 0.2, w * 0.68, h * 0.58), fill=255)
    draw.rounded_rectangle((w * 0.12, h * 0.62, w * 0.88, h * 1.2), radius=int(w * 0.15), fill=255)
    im.paste(person, mask=mask)
    grain_px = (max(1, w // grain), max(1, h // grain))
    noise = Image.effect_noise(grain_px, 24).resize(size, Image.BICUBIC).convert("RGB")
    return ImageChops.add(im, noise, 1, -128)


def jpeg_near(im, target: int) -> bytes:
    """The JPEG quality whose file is closest to `target` bytes (a phone photo's few hundred KB)."""
    lo, hi, best = 5, 95, None
    for _ in range(8):
        q = (lo + hi) // 2
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=q)
        data = buf.getvalue()
        if best is None or abs(len(data) - target) < abs(len(best) - target):
            best = data
        lo, hi = (q + 1, hi) if len(data) < target else (lo, q - 1)
        if lo > hi:
            break
    return best


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "IMG_0001.jpg"
    path.write_bytes(jpeg_near(drawn_photo(WHITE), 300 * 1024))
    return path


@pytest.fixture(scope="module")
def dark_photo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "IMG_0002.jpg"
    path.write_bytes(jpeg_near(drawn_photo(DARK, size=(1200, 1600)), 150 * 1024))
    return path


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def programs():
    return load_programs()


def photo_material(program: dict) -> dict:
    return next(m for m in program["materials"] if "photo" in m)


def url(program: str, lang: str) -> str:
    return ("/en" if lang == "en" else "") + f"/programs/{program}/photo-tool/"


def words(lang: str) -> dict:
    return strings(lang)["photo_tool"]["js"]


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.errors = []
    pg.requests = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r))
    pg.base = site_url
    yield pg
    context.close()


def open_tool(page, program="wushen-2024", lang="zh"):
    page.goto(page.base + url(program, lang))
    page.wait_for_selector("#photo-tool[data-state=empty]")
    return page


def choose(page, path: Path):
    page.locator("#pt-file").set_input_files(str(path))
    page.wait_for_selector("#photo-tool[data-state=ready]")


def fill(page, name: str, number: str):
    page.locator("#pt-name").fill(name)
    page.locator("#pt-id").fill(number)


def download(page, tmp_path: Path) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.locator("#pt-download").click()
    d = info.value
    target = tmp_path / "downloaded.jpg"
    d.save_as(target)
    return d.suggested_filename, target.read_bytes()


def status(page) -> str:
    return page.locator("#pt-status").inner_text()


def bundle_check(tmp_path: Path, program: str, entries: dict[str, bytes]) -> dict:
    """The upload function's own offline check (contract §2) on a bundle holding these files."""
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    done = subprocess.run(
        [sys.executable, "-m", "functions.upload", "check", "--program", program]
        + ["--kind", "individual", str(bundle)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


# --- the promise of the issue -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_300_kb_phone_photo_comes_out_under_the_limit_named_and_in_2_inch_proportions(
    page, programs, phone_photo, tmp_path, lang
):
    mat = photo_material(programs["wushen-2024"])
    limit, spec = mat["max_bytes"], mat["photo"]
    assert 250 * 1024 < phone_photo.stat().st_size < 350 * 1024
    number = synthetic_id("152701", "19850320", "035")
    open_tool(page, "wushen-2024", lang)
    choose(page, phone_photo)
    fill(page, NAME, number)
    name, data = download(page, tmp_path)

    assert name == mat["naming"]["pattern"].format(name=NAME, id_number=number)
    assert len(data) <= limit
    assert len(data) > 0.85 * limit  # the best quality that fits, not just any that fits
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "JPEG"
        width, height = im.size
    assert abs(width / height - spec["width_mm"] / spec["height_mm"]) < 0.005
    # at 300 dpi from the millimetres: 35 mm x 49 mm is 413 x 579 pixels
    assert (width, height) == (
        round(spec["width_mm"] / 25.4 * 300),
        round(spec["height_mm"] / 25.4 * 300),
    )
    shown = status(page)
    assert f"{width} × {height}" in shown
    assert re.search(r"\d+(\.\d)? KB", shown)
    assert re.search(r"\d+%", shown)
    assert page.locator("#pt-warning").inner_text() == ""
    assert name in page.locator("#pt-saved").inner_text()
    assert page.errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_20_kb_limit_is_met_counted_either_way_and_the_rules_give_the_byte_figure(
    page, programs, phone_photo, tmp_path, lang
):
    """20 KB is 20 480 bytes to the notice and the upload check, 20 000 to a phone counting a KB
    as 1 000 bytes: the photo comes out under both, and the rules say so in bytes, once."""
    mat = photo_material(programs["wushen-2024"])
    assert mat["max_bytes"] == 20480
    open_tool(page, "wushen-2024", lang)
    rules = page.locator("article").inner_text()
    stated = "20 KB（20 480 字节）" if lang == "zh" else "20 KB (20 480 bytes)"
    assert rules.count(stated) == 1
    assert rules.count("20 000") == 1  # the size the tool aims under, said once
    choose(page, phone_photo)
    fill(page, NAME, synthetic_id())
    name, data = download(page, tmp_path)
    assert 0.85 * 20000 < len(data) < 20000  # still the best quality under 20 000 bytes
    assert photo_check.inspect(data, name, mat["photo"], want_jpeg=True) == []
    assert page.errors == []


def test_the_downloaded_photo_passes_the_upload_functions_photo_check(
    page, programs, phone_photo, tmp_path
):
    mat = photo_material(programs["wushen-2024"])
    number = synthetic_id("152701", "19900101", "123")
    open_tool(page)
    choose(page, phone_photo)
    fill(page, NAME, number)
    name, data = download(page, tmp_path)

    assert photo_check.inspect(data, name, mat["photo"], want_jpeg=True) == []
    report = bundle_check(tmp_path, "wushen-2024", {name: data})
    codes = {p["code"] for p in report["problems"]}
    photo_codes = {c for c in codes if c.startswith("photo") or c == "id-number-invalid"}
    assert photo_codes == set(), report["problems"]
    # the only complaints are the materials a one-photo bundle leaves out
    assert codes <= {"missing-material"}, codes
    assert [c["name"] for c in report["candidates"]] == [NAME]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("152701199001011231", "id_check"),  # check digit off by one
        ("152701199002301230", "id_date"),  # 30 February
        ("15270119900101123", "id_shape"),  # 17 characters
    ],
)
def test_a_wrong_id_number_is_refused_with_a_message(page, phone_photo, lang, number, reason):
    if reason == "id_check":
        assert synthetic_id("152701", "19900101", "123")[-1] != number[-1]
    open_tool(page, "wushen-2024", lang)
    choose(page, phone_photo)
    fill(page, NAME, number)
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.locator("#pt-download").click()

    error = page.locator("#pt-id-error")
    assert error.inner_text() == words(lang)[reason]
    assert page.locator("#pt-id").get_attribute("aria-invalid") == "true"
    assert page.locator("#pt-form-error").inner_text() == words(lang)["fix_first"]
    assert page.evaluate("document.activeElement.id") == "pt-id"
    page.wait_for_timeout(300)
    assert downloads == []


def test_a_missing_name_is_refused_before_anything_is_downloaded(page, phone_photo):
    open_tool(page, "wushen-2024", "en")
    choose(page, phone_photo)
    fill(page, "", synthetic_id())
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.locator("#pt-download").click()
    assert page.locator("#pt-name-error").inner_text() == words("en")["name_missing"]
    assert page.evaluate("document.activeElement.id") == "pt-name"
    page.wait_for_timeout(300)
    assert downloads == []


def test_a_dark_background_photo_shows_the_background_warning_as_the_upload_check_would(
    page, programs, dark_photo, tmp_path
):
    mat = photo_material(programs["wushen-2024"])
    open_tool(page, "wushen-2024", "en")
    choose(page, dark_photo)
    warning = page.locator("#pt-warning")
    assert warning.is_visible()
    assert warning.inner_text() == words("en")["background"].format(background="white")
    fill(page, NAME, synthetic_id())
    name, data = download(page, tmp_path)  # a warning, not a refusal: the candidate decides
    found = photo_check.inspect(data, name, mat["photo"], want_jpeg=True)
    assert [p["code"] for p in found] == ["photo-background"]


def test_the_page_judges_the_background_with_the_upload_checks_own_thresholds():
    source = PHOTO_JS.read_text(encoding="utf-8")
    found = dict(re.findall(r"\b(WHITE_MIN|WHITE_MAX_SPREAD) = (\d+)", source))
    assert found == {
        "WHITE_MIN": str(photo_check.WHITE_MIN),
        "WHITE_MAX_SPREAD": str(photo_check.WHITE_MAX_SPREAD),
    }


@pytest.mark.parametrize(
    "background",
    [(250, 250, 250), (214, 214, 214), (185, 185, 185), (255, 236, 190), (255, 205, 160)],
    ids=["white", "light-grey", "grey", "cream", "peach"],
)
def test_the_page_and_the_upload_check_agree_on_the_background(
    page, programs, tmp_path, background
):
    mat = photo_material(programs["wushen-2024"])
    path = tmp_path / "photo.jpg"
    buf = io.BytesIO()
    drawn_photo(background, size=(900, 1200)).save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue())
    open_tool(page, "wushen-2024", "en")
    choose(page, path)
    warned = page.locator("#pt-warning").inner_text() != ""
    fill(page, NAME, synthetic_id())
    name, data = download(page, tmp_path)
    flagged = [p["code"] for p in photo_check.inspect(data, name, mat["photo"], want_jpeg=True)]
    assert warned == ("photo-background" in flagged), (background, flagged)
    assert page.locator("#photo-tool").get_attribute("data-background") == (
        "not-white" if warned else "white"
    )


def test_a_photo_too_detailed_for_the_limit_is_made_smaller_in_the_same_proportions(
    page, programs, tmp_path
):
    from PIL import Image

    mat = photo_material(programs["wushen-2024"])
    noisy = Image.merge("RGB", [Image.effect_noise((900, 1260), 120) for _ in range(3)])
    path = tmp_path / "noise.png"
    noisy.save(path)
    open_tool(page, "wushen-2024", "en")
    choose(page, path)
    assert words("en")["shrunk"] in status(page)
    fill(page, NAME, synthetic_id())
    _, data = download(page, tmp_path)
    assert len(data) <= mat["max_bytes"]
    with Image.open(io.BytesIO(data)) as im:
        width, height = im.size
    assert width < round(mat["photo"]["width_mm"] / 25.4 * 300)
    ratio = mat["photo"]["width_mm"] / mat["photo"]["height_mm"]
    assert abs(width / height - ratio) / ratio < photo_check.PROPORTION_TOLERANCE
    assert f"{width} × {height}" in status(page)


def test_a_program_without_photo_proportions_offers_2_inch_and_says_the_notice_does_not_fix_it(
    page, programs, phone_photo, tmp_path
):
    mat = photo_material(programs["huian-2024"])
    assert "width_mm" not in mat["photo"] and "max_bytes" not in mat and "naming" not in mat
    open_tool(page, "huian-2024", "en")
    text = page.locator("article").inner_text()
    assert "The notice does not fix the photo's size" in text
    assert "35 × 49 mm" in text and "413 × 579 pixels" in text
    assert "The notice sets no size limit for the photo" in text
    assert "our suggestion, not a requirement of the notice" in text
    # no naming rule: the photo is named as the upload check recognises it, no name or ID asked
    assert "The notice sets no file-name rule for the photo" in text
    assert page.locator("#pt-name").count() == 0 and page.locator("#pt-id").count() == 0
    choose(page, phone_photo)
    name, data = download(page, tmp_path)
    assert name == "照片.jpg"
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (413, 579)
    assert photo_check.inspect(data, name, mat["photo"], want_jpeg=False) == []


def test_a_file_that_is_not_a_picture_gets_a_message_saying_what_to_do(page, tmp_path):
    fake = tmp_path / "photo.jpg"
    fake.write_text("this is not a picture", encoding="utf-8")
    for lang in ("zh", "en"):
        open_tool(page, "wushen-2024", lang)
        page.locator("#pt-file").set_input_files(str(fake))
        page.wait_for_selector("#photo-tool[data-state=error]")
        assert page.locator("#pt-file-error").inner_text() == words(lang)["not_image"]
        assert page.locator("#pt-crop-body").is_hidden()  # the numbered step stays, empty
        assert page.locator("#pt-crop-empty").is_visible()
    assert page.errors == []


def test_a_picture_with_too_many_pixels_is_refused_before_decoding(page, tmp_path):
    from PIL import Image

    huge = tmp_path / "huge.png"
    Image.new("L", (9000, 9000), 255).save(huge, optimize=True)  # 81 MP, a small file
    open_tool(page, "wushen-2024", "en")
    page.locator("#pt-file").set_input_files(str(huge))
    page.wait_for_selector("#photo-tool[data-state=error]")
    assert page.locator("#pt-file-error").inner_text() == words("en")["too_many_pixels"].format(
        w=9000, h=9000
    )


def test_a_phone_photo_turned_by_its_exif_orientation_is_cropped_upright(page, tmp_path):
    from PIL import Image, ImageOps

    upright = drawn_photo(WHITE, size=(900, 1200))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # pixels lie on their side
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display", as phones write it
    path = tmp_path / "sideways.jpg"
    stored.save(path, "JPEG", quality=90, exif=exif)
    with Image.open(path) as check:
        assert ImageOps.exif_transpose(check).size == upright.size
    open_tool(page, "wushen-2024", "en")
    choose(page, path)
    fill(page, NAME, synthetic_id())
    _, data = download(page, tmp_path)
    with Image.open(io.BytesIO(data)) as im:
        rgb = im.convert("RGB")
        w, h = rgb.size
        top, shoulders = rgb.getpixel((w // 2, h // 30)), rgb.getpixel((w // 2, h - h // 30))
    assert min(top) > 200  # background above the head
    assert min(shoulders) < 200  # the person at the bottom, not the photo's white side
    assert page.locator("#pt-warning").inner_text() == ""


# --- crop frame: keyboard and pointer ---------------------------------------------------------


def frame_box(page) -> dict:
    return page.evaluate(
        """() => { const s = document.getElementById('pt-frame').style;
                   return {left: parseFloat(s.left), top: parseFloat(s.top),
                           width: parseFloat(s.width), height: parseFloat(s.height)}; }"""
    )


@pytest.fixture(scope="module")
def landscape_photo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "landscape.jpg"
    drawn_photo(WHITE, size=(1600, 1200)).save(path, "JPEG", quality=85)
    return path


def test_with_the_keyboard_alone_a_candidate_moves_the_frame_and_downloads_the_photo(
    page, programs, landscape_photo, tmp_path
):
    mat = photo_material(programs["wushen-2024"])
    open_tool(page, "wushen-2024", "zh")
    choose(page, landscape_photo)
    start = frame_box(page)
    # Tab from the file picker reaches the crop frame
    page.locator("#pt-file").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pt-frame"
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    moved = frame_box(page)
    assert moved["left"] == pytest.approx(start["left"] - 5, abs=0.2)
    page.keyboard.press("Shift+ArrowRight")
    assert frame_box(page)["left"] == pytest.approx(moved["left"] + 10, abs=0.2)
    page.keyboard.press("-")
    smaller = frame_box(page)
    assert smaller["width"] < start["width"]
    ratio = (smaller["width"] * 1600) / (smaller["height"] * 1200)
    assert ratio == pytest.approx(mat["photo"]["width_mm"] / mat["photo"]["height_mm"], rel=0.01)
    assert "距左边" in page.locator("#pt-frame-pos").inner_text()
    page.wait_for_selector("#photo-tool[data-state=ready]")

    number = synthetic_id("152701")
    page.keyboard.press("Tab")  # the size slider
    assert page.evaluate("document.activeElement.id") == "pt-size"
    page.keyboard.press("Tab")
    page.keyboard.type(NAME)
    page.keyboard.press("Tab")
    page.keyboard.type(number)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == mat["naming"]["pattern"].format(
        name=NAME, id_number=number
    )


def test_the_frame_follows_the_pointer_and_resizes_from_its_corner(page, landscape_photo):
    open_tool(page, "wushen-2024", "en")
    choose(page, landscape_photo)
    page.locator("#pt-frame").focus()
    page.keyboard.press("-")
    page.keyboard.press("-")
    start = frame_box(page)
    box = page.locator("#pt-frame").bounding_box()
    stage = page.locator("#pt-stage").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - stage["width"] / 10, box["y"] + box["height"] / 2)
    page.mouse.up()
    moved = frame_box(page)
    assert moved["left"] == pytest.approx(start["left"] - 10, abs=0.5)
    assert moved["width"] == pytest.approx(start["width"], abs=0.1)

    handle = page.locator("#pt-handle").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(handle["x"] + handle["width"] / 2 - 40, handle["y"] + handle["height"] / 2 - 40)
    page.mouse.up()
    resized = frame_box(page)
    assert resized["width"] < moved["width"]
    assert resized["left"] == pytest.approx(moved["left"], abs=0.1)
    assert resized["top"] == pytest.approx(moved["top"], abs=0.1)
    page.wait_for_selector("#photo-tool[data-state=ready]")
    assert page.errors == []


# --- privacy, accessibility, no JavaScript ----------------------------------------------------


def test_nothing_the_page_requests_carries_the_photo(page, built_site, phone_photo, tmp_path):
    open_tool(page, "wushen-2024", "zh")
    before = len(page.requests)
    choose(page, phone_photo)
    fill(page, NAME, synthetic_id())
    download(page, tmp_path)
    after = page.requests[before:]
    for request in page.requests:
        assert request.method == "GET", request.url
        assert request.post_data_buffer is None, request.url
        assert request.url.startswith(page.base) or request.url.startswith(("blob:", "data:"))
        assert len(request.url) < 500
    # After the photo is chosen: only the local copy (blob:) and the site's own static files
    # (the theme's search index loads lazily), fetched by plain GET with no query.
    for request in after:
        if request.url.startswith(("blob:", "data:")):
            continue
        parts = urlsplit(request.url)
        assert parts.query == "", request.url
        assert (built_site / parts.path.lstrip("/")).is_file(), request.url
    source = PHOTO_JS.read_text(encoding="utf-8")
    for word in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", ".submit("):
        assert word not in source


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_state_of_the_tool_has_zero_axe_violations(page, phone_photo, dark_photo, lang):
    def violations():
        page.add_script_tag(path=str(AXE))
        return page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                 .map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))"""
        )

    open_tool(page, "wushen-2024", lang)
    assert violations() == []
    choose(page, dark_photo)  # crop frame, result and background warning shown
    assert page.locator("#pt-warning").is_visible()
    fill(page, "", "123")
    page.locator("#pt-download").click()  # both fields in error
    assert page.locator("#pt-id-error").is_visible()
    # the theme's back-to-top button fades in as focus scrolls the page: judge it faded in
    page.wait_for_function("document.getAnimations().length === 0")
    assert violations() == []


def test_without_javascript_the_page_gives_the_photo_rules_and_says_the_tool_needs_it(
    browser, site_url, programs
):
    mat = photo_material(programs["wushen-2024"])
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for lang in ("zh", "en"):
            page.goto(site_url + url("wushen-2024", lang))
            text = page.locator("article").inner_text()
            assert strings(lang)["photo_tool"]["noscript"] in text
            assert mat["rule"][lang] in text
            assert f"{mat['photo']['width_mm']} × {mat['photo']['height_mm']}" in text
            assert human_bytes(mat["max_bytes"]) in text
            assert not page.locator("#photo-tool").is_visible()
    finally:
        context.close()
