"""One rule, two runtimes: the shared file vectors (tests/vectors/files/) give the same verdict in
Python, as the upload check judges a file (policy/formats.py, policy/naming.py,
functions/upload/photo.py), and in the browser, as the tool pages judge it before anything is sent
(formats.js, naming.js and photo.js in headless Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from functions.upload import photo
from policy import formats, naming

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "tests" / "vectors" / "files"
JS = ROOT / "generator" / "assets" / "js"


def load(name: str):
    return yaml.safe_load((FILES / name).read_text("utf-8"))


SNIFF = load("sniff.yaml")["cases"]
NAMING = load("naming.yaml")
BORDER = load("photo-border.yaml")["cases"]
SECTIONS = {"sniff": SNIFF, **NAMING, "border": BORDER}


def zip_file(entries: list[str], pad: int = 0) -> bytes:
    """A zip holding these entries in this order, each of `pad` stored bytes."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name in entries:
            zf.writestr(name, bytes((i * 7 + 3) % 251 for i in range(pad)))
    return out.getvalue()


def head_bytes(spec) -> bytes:
    """A vector's head: a string of byte characters, {hex}, {text} (UTF-8), {repeat, times},
    {zip: [entry names], pad, first} (a stored zip, each entry `pad` bytes long, cut to its
    `first` bytes when given), or a list of those, joined."""
    if isinstance(spec, list):
        return b"".join(head_bytes(part) for part in spec)
    if isinstance(spec, str):
        return spec.encode("latin-1")
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    if "text" in spec:
        return str(spec["text"]).encode("utf-8")
    if "zip" in spec:
        blob = zip_file(spec["zip"], int(spec.get("pad", 0)))
        return blob[: spec["first"]] if "first" in spec else blob
    return str(spec["repeat"]).encode("latin-1") * int(spec["times"])


def drawn(case: dict):
    """The picture a border case describes, drawn with Pillow: paste fills [x0, y0, x1, y1) as
    the canvas's fillRect does."""
    from PIL import Image

    im = Image.new("RGB", tuple(case["size"]), tuple(case["background"]))
    for box in case.get("paint") or []:
        im.paste(tuple(box["colour"]), tuple(box["box"]))
    return im


def ids(cases: list[dict]) -> list[str]:
    return [c["name"] for c in cases]


# --- the browser's answers, every case at once -----------------------------------------------

BROWSER_RUN = """(v) => {
  const sniff = v.sniff.map(c => {
    const found = FileFormats.sniff(new Uint8Array(c.head), c.file);
    return [found, FileFormats.label(found)];
  });
  const border = v.border.map(c => {
    const [w, h] = c.size;
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = `rgb(${c.background.join(",")})`;
    ctx.fillRect(0, 0, w, h);
    for (const p of c.paint || []) {
      const [x0, y0, x1, y1] = p.box;
      ctx.fillStyle = `rgb(${p.colour.join(",")})`;
      ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    }
    return PhotoBorder.white(ctx.getImageData(0, 0, w, h).data, w, h);
  });
  return {
    sniff,
    border,
    canonical: v.canonical.map(c => FileNaming.canonical(c.file)),
    matches: v.matches.map(c => FileNaming.matches(c.pattern, c.file)),
    parse_name_id: v.parse_name_id.map(c => {
      const p = FileNaming.parseNameId(c.file);
      return p === null ? null : [p.name, p.id];
    }),
    bad_characters: v.bad_characters.map(c => FileNaming.badCharacters(c.file)),
  };
}"""


@pytest.fixture(scope="module")
def js(browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content("<!doctype html><title>file rules</title>")
    for script in ("formats.js", "naming.js", "photo.js"):
        page.add_script_tag(path=str(JS / script))
    payload = {
        **NAMING,
        "sniff": [{"head": list(head_bytes(c["head"])), "file": c["file"]} for c in SNIFF],
        "border": BORDER,
    }
    answers = page.evaluate(BROWSER_RUN, payload)
    page.close()
    assert errors == []
    return {
        section: dict(zip(ids(SECTIONS[section]), answers[section], strict=True))
        for section in SECTIONS
    }


def test_every_case_is_named_by_a_sentence_of_its_own():
    for section, cases in SECTIONS.items():
        names = ids(cases)
        assert len(names) == len(set(names)), section
        assert all(len(n.split()) >= 4 for n in names), section


# --- sniff: a file's format by its first bytes ---------------------------------------------------


@pytest.mark.parametrize("case", SNIFF, ids=ids(SNIFF))
def test_python_tells_the_format_the_vector_expects(case):
    assert formats.sniff(head_bytes(case["head"]), case["file"]) == case["format"]


@pytest.mark.parametrize("case", SNIFF, ids=ids(SNIFF))
def test_the_browser_tells_the_same_format_and_label_as_python(case, js):
    assert js["sniff"][case["name"]] == [case["format"], formats.label(case["format"])]


# --- naming: canonical forms, naming rules, name_IDnumber, characters Windows refuses ----------


@pytest.mark.parametrize("case", NAMING["canonical"], ids=ids(NAMING["canonical"]))
def test_canonical_forms_are_the_same_in_python_and_the_browser(case, js):
    assert naming.canonical(case["file"]) == case["canonical"]
    assert js["canonical"][case["name"]] == case["canonical"]


@pytest.mark.parametrize("case", NAMING["matches"], ids=ids(NAMING["matches"]))
def test_a_name_follows_a_rule_or_not_in_python_and_the_browser_alike(case, js):
    found = naming.naming_regex(case["pattern"]).match(naming.canonical(case["file"]))
    assert bool(found) is case["matches"]
    assert js["matches"][case["name"]] is case["matches"]


@pytest.mark.parametrize("case", NAMING["parse_name_id"], ids=ids(NAMING["parse_name_id"]))
def test_name_and_id_number_are_read_alike_in_python_and_the_browser(case, js):
    parsed = naming.parse_name_id(case["file"])
    assert (list(parsed) if parsed else None) == case["parsed"]
    assert js["parse_name_id"][case["name"]] == case["parsed"]


@pytest.mark.parametrize("case", NAMING["bad_characters"], ids=ids(NAMING["bad_characters"]))
def test_characters_windows_refuses_are_found_alike_in_python_and_the_browser(case, js):
    assert naming.bad_characters(case["file"]) == case["bad"]
    assert js["bad_characters"][case["name"]] == case["bad"]


# --- the photo's background ----------------------------------------------------------------------


@pytest.mark.parametrize("case", BORDER, ids=ids(BORDER))
def test_the_upload_check_and_the_photo_tool_judge_the_background_alike(case, js):
    from PIL import ImageStat

    assert photo._white_border(drawn(case), ImageStat) is case["white"]
    assert js["border"][case["name"]] is case["white"]


# --- one copy of each rule -------------------------------------------------------------------------


@pytest.mark.parametrize("script", ["builder.js", "photo.js", "upload.js"])
def test_the_tools_keep_no_copy_of_the_shared_rules(script):
    """Signatures and name rules live in formats.js and naming.js only."""
    source = (JS / script).read_text("utf-8")
    # the builder writes a PDF (a header it puts, not a signature it reads): that line aside
    source = re.sub(r'put\("%PDF-1\.\d', "", source)
    for own_copy in ("%PDF", "[_＿]", ":*?", "0x89, 0x50", "0xd0, 0xcf"):
        assert own_copy not in source, own_copy
