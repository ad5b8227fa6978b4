"""Our overrides of Jinja internals (generator/site/templating.py) are kept only because
bench/templating.py shows them saving about 30 % of the generator's rendering; this guards the
upgrade risk: with them, every page reads byte for byte as with Jinja's own environment."""

from __future__ import annotations

import functools
import hashlib

from generator.site import history, render, templating
from policy.programs import DATA_DIR, in_force, load_programs

DAY = "2024-07-01"


def rendered(tmp_path, monkeypatch, tuned: bool) -> dict[str, str]:
    monkeypatch.setattr(
        render, "environment", functools.partial(templating.environment, tuned=tuned)
    )
    shown = in_force(load_programs(), DAY)
    for p in shown.values():
        p["last_changed"] = history.last_changed(p)
        p["archived"] = history.is_archived(p, DAY)
    out = tmp_path / ("tuned" if tuned else "plain")
    render.render_site(shown, out, DATA_DIR, as_of=DAY)
    return {
        f.relative_to(out).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(out.rglob("*.md"))
    }


def test_the_tuned_environment_renders_every_page_as_jinjas_own(tmp_path, monkeypatch):
    tuned = rendered(tmp_path, monkeypatch, tuned=True)
    plain = rendered(tmp_path, monkeypatch, tuned=False)
    assert len(tuned) > 40
    assert tuned == plain
