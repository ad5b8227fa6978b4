"""One bundle's check is bounded in time and decoded pixels, and ends in one clear refusal."""

from __future__ import annotations

import itertools

from functions.upload.budget import Budget
from functions.upload.bundle import check_file


def bundle_with_photos(factory, tmp_path, program, count: int, width: int, height: int) -> str:
    files = {}
    for i in range(count):
        who = factory.candidate(i)
        files[f"{who[0]}_{who[1]}.JPG"] = factory.png(width, height)
    files.update(factory.individual_files(program))
    return factory.write(tmp_path / "b.zip", factory.zip_bytes(files))


def test_photos_that_add_up_past_the_pixel_budget_stop_the_check_with_one_refusal(
    tmp_path, factory, programs
):
    path = bundle_with_photos(factory, tmp_path, programs["huian-2024"], 4, 600, 600)
    report = check_file(path, programs["huian-2024"], budget=Budget(pixels=1_000_000))
    assert [p["code"] for p in report["problems"]] == ["too-much-work"]
    assert "megapixels" in report["problems"][0]["message"]["en"]
    assert report["accepted"] is False and report["sha256"]


def test_the_same_photos_within_the_budget_are_checked_as_usual(tmp_path, factory, programs):
    path = bundle_with_photos(factory, tmp_path, programs["huian-2024"], 2, 600, 600)
    report = check_file(path, programs["huian-2024"], budget=Budget(pixels=1_000_000))
    assert "too-much-work" not in [p["code"] for p in report["problems"]]


def test_a_check_that_runs_past_its_time_stops_with_one_refusal(tmp_path, factory, programs):
    program = programs["huian-2024"]
    path = factory.write(tmp_path / "b.zip", factory.zip_bytes(factory.individual_files(program)))
    ticks = itertools.count(step=50.0)  # each look at the clock: 50 more seconds
    report = check_file(path, program, budget=Budget(seconds=120, clock=lambda: next(ticks)))
    assert [p["code"] for p in report["problems"]] == ["too-much-work"]
    assert "120 seconds" in report["problems"][0]["message"]["en"]


def test_a_five_thousand_row_roster_with_nothing_beside_it_gives_a_short_report(
    tmp_path, factory, programs
):
    from functions.upload.api import MAX_STATUS_BYTES, _for_status, _json
    from functions.upload.bundle import MAX_REPORT_BYTES, MAX_SAME

    people = [factory.candidate(i) for i in range(5000)]
    files = {"信息采集表.xlsx": factory.xlsx(people), "某人/身份证.pdf": factory.pdf()}
    path = factory.write(tmp_path / "g.zip", factory.zip_bytes(files))
    report = check_file(path, programs["wushen-2024"], "group")
    assert len(_json(report)) < MAX_REPORT_BYTES
    by_code: dict[str, int] = {}
    for p in report["problems"]:
        by_code[p["code"]] = by_code.get(p["code"], 0) + p.get("more", 1)
    assert by_code["group-mismatch"] >= 5000  # every disagreement still counted
    shown = [p for p in report["problems"] if "more" not in p]
    assert len(shown) <= MAX_SAME * len(by_code)
    summary = next(p for p in report["problems"] if p.get("more"))
    assert "more problems of the same kind" in summary["message"]["en"]
    status = _for_status(report)
    assert len(_json(status)) <= MAX_STATUS_BYTES
