"""Where a build stages its Markdown: in memory when there is room, on disk otherwise, never
left behind. Builds run for real here (the site tool included) unless a test says otherwise."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator import build


def staged(parent: Path) -> set[Path]:
    return set(parent.glob(f"{build.STAGE_PREFIX}*"))


def test_the_configured_staging_folder_is_used_and_emptied_after_a_build(tmp_path, monkeypatch):
    stage_here = tmp_path / "stage-here"
    monkeypatch.setenv("CERTNOTICE_STAGING_DIR", str(stage_here))
    seen = []
    real_render = build.render_html

    def render_and_look(config, site_dir):
        seen.append(config.parent)
        real_render(config, site_dir)

    monkeypatch.setattr(build, "render_html", render_and_look)
    build.build(out_dir=tmp_path / "site")
    assert seen and seen[0].parent == stage_here
    assert (tmp_path / "site" / "index.html").is_file()
    assert staged(stage_here) == set()


def test_memory_is_used_only_when_it_has_room(tmp_path, monkeypatch):
    monkeypatch.delenv("CERTNOTICE_STAGING_DIR", raising=False)
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(build, "MEMORY_STAGING", memory)
    monkeypatch.setattr(build, "STAGING_ROOT", tmp_path / "disk")
    monkeypatch.setattr(build, "MEMORY_STAGING_MIN_FREE", 1)
    assert build.staging_parent() == memory
    monkeypatch.setattr(build, "MEMORY_STAGING_MIN_FREE", 1 << 62)  # more than any machine has
    assert build.staging_parent() == tmp_path / "disk"
    monkeypatch.setattr(build, "MEMORY_STAGING", tmp_path / "no-such-folder")
    monkeypatch.setattr(build, "MEMORY_STAGING_MIN_FREE", 1)
    assert build.staging_parent() == tmp_path / "disk"


def test_a_failed_render_leaves_no_staging_folder(tmp_path, monkeypatch):
    stage_here = tmp_path / "stage-here"
    monkeypatch.setenv("CERTNOTICE_STAGING_DIR", str(stage_here))

    def failing(config, site_dir):
        raise build.BuildError("网站生成失败", "the site tool failed")

    monkeypatch.setattr(build, "render_html", failing)
    with pytest.raises(build.BuildError):
        build.build(out_dir=tmp_path / "site")
    assert staged(stage_here) == set()
    assert not (tmp_path / "site").exists()


def test_a_killed_build_s_leftovers_are_removed_once_a_day_old(tmp_path, monkeypatch):
    monkeypatch.setenv("CERTNOTICE_STAGING_DIR", str(tmp_path))
    old = tmp_path / f"{build.STAGE_PREFIX}old"
    young = tmp_path / f"{build.STAGE_PREFIX}young"
    other = tmp_path / "not-ours"
    for folder in (old, young, other):
        (folder / "docs").mkdir(parents=True)
    day_and_more = time.time() - build.STALE_STAGING_SECONDS - 60
    os.utime(old, (day_and_more, day_and_more))
    os.utime(other, (day_and_more, day_and_more))

    build.staging_parent()

    assert not old.exists()
    assert young.exists() and other.exists()
