"""A build either replaces the whole site or leaves the previous one exactly as it was.

Broken policy data stops the build before anything is written, with the file:line message
staff need; a failure later on (a missing notice text, the site tool failing) also leaves the
old site untouched, and no half-built folder is left lying around.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import ROOT, STAGE_PREFIX, BuildError, render_html, staging_parent, swap_in
from policy.programs import DATA_DIR
from tests.support.commands import run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def old_site(tmp_path) -> Path:
    site = tmp_path / "site"
    (site / "programs").mkdir(parents=True)
    (site / "index.html").write_text("<html lang=zh-CN>previous build</html>", encoding="utf-8")
    (site / "programs" / "old.html").write_text("old page", encoding="utf-8")
    return site


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def run_build(data: Path, out: Path):
    return run("generator", "--data", data, "build", "--out", out)


def leftovers(site: Path) -> set[Path]:
    """Half-built sites beside the real one, and staging folders wherever builds stage."""
    beside = set(site.parent.glob(f".{site.name}.*")) if site.parent.is_dir() else set()
    return beside | set(staging_parent().glob(f"{STAGE_PREFIX}*"))


def test_broken_data_fails_the_build_with_file_and_line_and_keeps_the_old_site(data, old_site):
    path = data / "huian-2024.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("amount_cny: 1380", "amount_cny: 一千三百八十"), encoding="utf-8")
    before = snapshot(old_site)
    left_before = leftovers(old_site)

    done = run_build(data, old_site)

    assert done.returncode != 0
    assert "huian-2024.yaml:" in done.stderr
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "amount_cny: 1380" in t)
    assert f"huian-2024.yaml:{line}:" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(old_site) == before
    assert leftovers(old_site) <= left_before


def test_a_missing_notice_text_fails_with_a_bilingual_message_and_keeps_the_old_site(
    data, old_site
):
    (data / "wushen-2024.notice.txt").unlink()
    before = snapshot(old_site)
    left_before = leftovers(old_site)

    done = run_build(data, old_site)

    assert done.returncode != 0
    assert "wushen-2024.notice.txt" in done.stderr
    assert "找不到通知原文" in done.stderr and "is missing" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(old_site) == before
    assert leftovers(old_site) <= left_before


def test_a_failing_site_tool_raises_with_its_own_output(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ndocs_dir: no-such-folder\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        render_html(config, tmp_path / "out")
    assert "no-such-folder" in caught.value.detail
    assert "原网站保持不变" in str(caught.value) and "previous site is unchanged" in str(
        caught.value
    )


def test_a_good_build_replaces_the_whole_old_site(old_site, site):
    left_before = leftovers(old_site)
    fresh = old_site.parent / ".site.new-test"
    shutil.copytree(site, fresh)

    swap_in(fresh, old_site)

    assert not (old_site / "programs" / "old.html").exists()
    assert "previous build" not in (old_site / "index.html").read_text(encoding="utf-8")
    assert (old_site / "en" / "index.html").is_file()
    assert not fresh.exists()
    assert leftovers(old_site) <= left_before


def test_the_command_builds_a_complete_site(tmp_path, data):
    out = tmp_path / "out" / "site"
    left_before = leftovers(out)
    done = run_build(data, out)
    assert done.returncode == 0, done.stderr
    assert (out / "index.html").is_file() and (out / "en" / "index.html").is_file()
    assert (out / "rules" / "programs.json").is_file()
    assert leftovers(out) <= left_before
