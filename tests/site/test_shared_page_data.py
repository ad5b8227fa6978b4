"""Wording every tool page of a language shares is sent once, in a file the browser caches:
each self-check, upload and builder page embeds only its own program's data and links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.questions import strings as selfcheck_strings
from generator.site.text import strings

LANGS = {"zh": "", "en": "en/"}
PAGES = {
    "self-check": ("selfcheck-data", "selfcheck", "SelfCheckWords"),
    "upload": ("tools-data", "tools", "ToolsWords"),
    "bundle-builder": ("tools-data", "tools", "ToolsWords"),
}


def window_data(site: Path, src: str, page: Path, name: str) -> dict:
    script = (page.parent / src).resolve()
    assert script.is_relative_to(site.resolve()) and script.is_file(), src
    text = script.read_text("utf-8")
    return json.loads(text.removeprefix(f"window.{name}=").rstrip().rstrip(";"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", PAGES)
def test_tool_pages_embed_their_program_and_load_the_language_s_wording_once(
    site, programs, lang, slug
):
    data_id, kind, name = PAGES[slug]
    for pid in programs:
        page = site / LANGS[lang] / "programs" / pid / slug / "index.html"
        html = page.read_text("utf-8")
        embedded = json.loads(re.search(rf'id="{data_id}">(.*?)</script>', html, re.S).group(1))
        assert embedded["lang"] == lang
        assert not {"strings", "questions", "catalogue"} & set(embedded), (pid, slug)
        src = re.search(rf'<script src="([^"]*rules/{kind}-{lang}\.js)"></script>', html)
        assert src, (pid, slug, "no shared wording script")
        words = window_data(site, src.group(1), page, name)
        if kind == "selfcheck":
            assert words["strings"]["title"] == selfcheck_strings()[lang]["title"]
            assert words["questions"]["order"] and words["catalogue"]
        else:
            assert words["strings"] == strings(lang)["tools"]


def test_embedded_page_data_keeps_chinese_as_text_and_cannot_close_its_script(site):
    html = (site / "programs" / "wushen-2024" / "upload" / "index.html").read_text("utf-8")
    embedded = re.search(r'id="tools-data">(.*?)</script>', html, re.S).group(1)
    assert "身份证" in embedded and "\\u8eab" not in embedded
    assert "</" not in embedded
