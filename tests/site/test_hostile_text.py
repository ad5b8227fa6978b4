"""Text from the data is text everywhere on a built page, the <title> included."""

from __future__ import annotations

import re
import shutil

from generator.build import build
from policy.programs import DATA_DIR

HOSTILE = "</title><script>alert('t')</script>"


def test_markup_in_a_title_or_document_number_never_becomes_a_tag(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "huian-2024.yaml"
    text = path.read_text("utf-8").replace(
        "document_number: 惠行政管〔2024〕13号", f'document_number: "惠{HOSTILE}"', 1
    )
    path.write_text(text, "utf-8")
    build(out_dir=tmp_path / "site", data_dir=data)
    for page in (
        "programs/huian-2024/notice/index.html",
        "en/programs/huian-2024/notice/index.html",
    ):
        html = (tmp_path / "site" / page).read_text("utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "&lt;/title&gt;&lt;script&gt;" in title
        assert "<script>alert" not in html
