"""Issue 13, second review of bundle checks: hostile bundles that once cost seconds and gigabytes
are refused or bounded (forged JPEG sizes, huge PNGs, inflate-heavy archives, endless names).
Timing lives in bench/hostile.py; here the assertions are on refusals, budgets and peak memory.
The bundles come from hostile_bundles.py, shared with the bench."""

from __future__ import annotations

import io
import json
import pathlib

import hostile_bundles as hostile
import pytest

from functions.upload import bundle, photo
from functions.upload.budget import Budget
from functions.upload.problems import MAX_QUOTED, clip

REPO = pathlib.Path(__file__).resolve().parents[2]
PEAK_MB = 256
PARAMS = {"material_zh": "照片", "material_en": "photo"}


def check_in_child(path: pathlib.Path, program: str, kind: str) -> tuple[dict, float]:
    """The CLI's report on `path`, and the child's own peak resident memory in MB."""
    found = hostile.check_in_child(path, program, kind, cwd=REPO)
    return json.loads(found["report"]), found["peak_mb"]


def codes(report: dict) -> list[str]:
    return [p["code"] for p in report["problems"]]


# --- 1. forged progressive JPEG -------------------------------------------------------------


def test_a_progressive_jpeg_whose_header_claims_14000_pixels_a_side_is_refused_undecoded():
    budget = Budget()
    data = hostile.forged_progressive_jpeg(14000)
    found = photo.inspect(data, "a.jpg", {}, True, PARAMS, budget)
    assert [p["code"] for p in found] == ["photo-too-many-pixels"]
    assert "14000×14000" in found[0]["message"]["en"]
    assert budget.spent_pixels == 0  # refused from the header: nothing allocated


def test_a_forged_size_within_the_memory_bound_is_unreadable_not_grey_filled():
    # 2000x2000 progressive: 24 MB of coefficients, but 1 KB of data cannot hold 187 500 blocks
    budget = Budget()
    data = hostile.forged_progressive_jpeg(2000)
    found = photo.inspect(data, "a.jpg", {}, True, PARAMS, budget)
    assert [p["code"] for p in found] == ["photo-unreadable"]
    assert budget.spent_pixels == 0


def test_a_jpeg_cut_short_is_unreadable(factory):
    from PIL import ImageFile

    data = factory.jpeg(800, 600, noise=True)
    found = photo.inspect(data[: len(data) * 3 // 4], "a.jpg", {}, True, PARAMS, Budget())
    assert [p["code"] for p in found] == ["photo-unreadable"]
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def _phone_photo(width: int, height: int, progressive: bool) -> bytes:
    """A white-background photo with a busy subject, as a phone saves it (4:2:0)."""
    from PIL import Image

    im = Image.new("RGB", (width, height), "white")
    subject = Image.effect_noise((width // 2, height // 2), 40).convert("RGB")
    im.paste(subject, (width // 4, height // 2))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85, progressive=progressive)
    return out.getvalue()


def test_a_real_48_megapixel_phone_photo_is_judged_at_one_eighth_scale():
    budget = Budget()
    data = _phone_photo(8000, 6000, False)
    found = photo.inspect(data, "a.jpg", {"background": "white"}, True, PARAMS, budget)
    assert [p["code"] for p in found] == []
    assert budget.spent_pixels == 1000 * 750  # draft decoding: 0.75 MP charged, not 48


def test_a_12_megapixel_progressive_photo_is_judged_and_charged_in_full():
    budget = Budget()
    data = _phone_photo(4000, 3000, True)
    found = photo.inspect(data, "a.jpg", {"background": "white"}, True, PARAMS, budget)
    assert [p["code"] for p in found] == []
    assert budget.spent_pixels == 4000 * 3000


def test_forged_jpegs_in_a_bundle_are_refused_under_the_memory_bound(tmp_path):
    program, kind, blob = hostile.forged_jpeg_bundle(count=4)
    path = tmp_path / "b.zip"
    path.write_bytes(blob)
    report, peak = check_in_child(path, program, kind)
    assert report["accepted"] is False
    assert codes(report).count("photo-too-many-pixels") == 4
    assert peak < PEAK_MB


# --- 2. a 40-megapixel RGBA PNG -------------------------------------------------------------


def test_a_40_megapixel_png_is_refused_before_decoding():
    budget = Budget()
    found = photo.inspect(hostile.rgba_png(6324), "照片.png", {}, False, PARAMS, budget)
    assert [p["code"] for p in found] == ["photo-too-many-pixels"]
    assert budget.spent_pixels == 0
    assert "6324×6324" in found[0]["message"]["zh"] and "Resize" in found[0]["message"]["en"]


def test_a_png_just_over_the_bound_is_refused_and_one_under_it_is_judged():
    over = hostile.rgba_png(int(photo.MAX_PIXELS**0.5) + 1)
    found = photo.inspect(over, "p.png", {}, False, PARAMS, Budget())
    assert [p["code"] for p in found] == ["photo-too-many-pixels"]
    budget = Budget()
    white = {"background": "white"}
    assert photo.inspect(hostile.rgba_png(1000), "p.png", white, False, PARAMS, budget) == []
    assert budget.spent_pixels == 1_000_000


def test_eight_40_megapixel_pngs_stay_under_the_memory_bound(tmp_path):
    program, kind, blob = hostile.rgba_png_bundle(count=8)
    path = tmp_path / "b.zip"
    path.write_bytes(blob)
    report, peak = check_in_child(path, program, kind)
    assert codes(report).count("photo-too-many-pixels") == 8
    assert peak < PEAK_MB


# --- 3. inflate-heavy bundles ---------------------------------------------------------------


def test_unknown_files_are_judged_by_their_first_bytes_and_never_inflated(tmp_path, programs):
    program, _, blob = hostile.inflate_heavy_bundle(entries=4, mib=64)
    path = tmp_path / "b.zip"
    path.write_bytes(blob)
    budget = Budget()
    report = bundle.check_file(str(path), programs[program], budget=budget)
    assert codes(report).count("unknown-file") == 4
    assert budget.spent_bytes < 1 << 20  # the materials only: 4 x 64 MiB were never inflated


def test_materials_past_the_inflate_budget_stop_the_check_with_one_refusal(tmp_path, programs):
    program, _, blob = hostile.inflate_heavy_bundle(entries=2, mib=64, materials=True)
    path = tmp_path / "b.zip"
    path.write_bytes(blob)
    budget = Budget(inflate=100 << 20)
    report = bundle.check_file(str(path), programs[program], budget=budget)
    assert codes(report) == ["too-much-work"]
    assert "100 MB once extracted" in report["problems"][0]["message"]["en"]
    assert budget.spent_bytes <= (100 << 20) + (64 << 20)  # refused before the second inflated


def test_the_default_budget_grows_with_the_archive_received():
    small, large = Budget.for_archive(50 << 20), Budget.for_archive(1 << 30)
    assert small.seconds <= 8.0 and small.inflate < 1 << 30  # the worst hostile one: < 10 s
    assert large.seconds > 60 and large.inflate > 3 << 30  # an honest 1 GB group fits
    # the reviewer's 48 MiB bundle of four 1 GiB entries, named as materials: refused at once
    assert (1023 << 20) > Budget.for_archive(48 << 20).inflate


def test_a_roster_read_stops_when_the_budget_is_spent(tmp_path, factory, programs):
    people = [factory.candidate(i) for i in range(300)]
    files = {"信息采集表.xlsx": factory.xlsx(people), "某人/身份证.pdf": factory.pdf()}
    path = factory.write(tmp_path / "g.zip", factory.zip_bytes(files))
    ticks = iter(range(10**6))
    budget = Budget(seconds=100, clock=lambda: next(ticks))  # one second a look at the clock
    report = bundle.check_file(path, programs["wushen-2024"], "group", budget=budget)
    assert codes(report) == ["too-much-work"]


# --- 4. names and reports without end -------------------------------------------------------


def test_quoted_values_are_clipped_without_leaving_part_of_an_id_number():
    assert clip("短") == "短"
    cut = clip("张" * 100 + "150627199003070001" + "x" * 50)
    assert len(cut) <= MAX_QUOTED and cut.endswith("…")
    assert "1506" not in cut  # the ID number's first digits are dropped with the rest


def test_long_names_give_a_bounded_report_and_status(tmp_path, programs):
    from functions.upload.api import MAX_STATUS_BYTES, _for_status, _json

    program, kind, blob = hostile.long_names_bundle(rows=60, chars=5000, files=30)
    path = tmp_path / "g.zip"
    path.write_bytes(blob)
    report = bundle.check_file(str(path), programs[program], kind)
    assert len(_json(report)) < 200_000  # was 3.2 MB at the reviewer's size
    for p in report["problems"]:
        assert len(p.get("path") or "") <= MAX_QUOTED
        assert all(len(text) < 2000 for text in p["message"].values()), p["code"]
    for c in report["candidates"]:
        assert len(c["name"]) <= MAX_QUOTED and len(c["id_number_masked"]) <= MAX_QUOTED
    assert {"unknown-file", "empty-file", "id-number-invalid"} <= set(codes(report))
    assert len(_json(_for_status(report))) <= MAX_STATUS_BYTES


@pytest.mark.parametrize("limit", [40_000, 8_000])
def test_a_report_over_its_bound_drops_detail_and_says_how_much(limit):
    from functions.upload.problems import problem

    problems = [
        problem(code, path=f"{i:04d}" + "名" * 100)
        for code in ("empty-file", "unknown-file", "duplicate-entry", "corrupt-entry")
        for i in range(40)
    ]
    notes = [{"code": "paper-material", "message": {"zh": "注" * 300, "en": "n" * 300}}] * 30
    candidates = [{"name": "名" * 100, "id_number_masked": "1506**********0001"}] * 200
    report = bundle._report({"program": "p", "kind": "group"}, problems, candidates, notes)
    bounded = bundle._bounded(report, limit)
    assert len(json.dumps(bounded, ensure_ascii=False).encode()) <= limit
    assert bounded["accepted"] is False
    assert bounded.get("candidates_left_out", 0) > 0
    assert any(p["severity"] == "error" for p in bounded["problems"])
