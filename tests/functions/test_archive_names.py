"""Names that would show as something they are not, or that Windows cannot extract, are
refused by name, before anything is read."""

from __future__ import annotations

import io
import zipfile

import pytest

from functions.upload.archive import SafeZip
from functions.upload.problems import BundleError


def refusal(name: str) -> dict:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(name, b"%PDF-1.4\n")
    try:
        with SafeZip(io.BytesIO(out.getvalue())):
            pass
    except BundleError as e:
        return e.problem
    raise AssertionError(f"{name!r} was accepted")


def test_a_right_to_left_override_that_shows_exe_as_jpg_is_refused():
    p = refusal("张三_\u202egpj.exe")
    assert p["code"] == "unsafe-path"
    assert "reverse the text" in p["message"]["en"]
    assert "\u202e" not in p["message"]["en"] + p["message"]["zh"]
    # only the override is written as a code; the candidate's name stays readable
    assert (
        "张三_\\u202egpj.exe" in p["message"]["zh"] and "张三_\\u202egpj.exe" in p["message"]["en"]
    )


@pytest.mark.parametrize(
    "name", ["身份证?.pdf", "张三/照:片.jpg", "毕业证*.pdf", "名单 .", 'x"y.pdf']
)
def test_a_name_windows_cannot_extract_is_refused_naming_the_characters(name):
    p = refusal(name)
    assert p["code"] == "unsafe-path" and "Windows cannot extract" in p["message"]["en"]


def test_full_width_look_alikes_are_ordinary_characters():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("身份证：正反面.pdf", b"%PDF-1.4\n")
    with SafeZip(io.BytesIO(out.getvalue())) as z:
        assert [e.path for e in z.entries] == ["身份证：正反面.pdf"]


@pytest.mark.parametrize(
    "char,reason",
    [
        ("\x7f", "control characters"),
        ("\x85", "control characters"),
        ("\x9b", "control characters"),
        ("\u2028", "control characters"),
        ("\u2029", "control characters"),
        ("\u200f", "reverse the text"),
        ("\u061c", "reverse the text"),
        ("\u200e", "reverse the text"),
        ("\u202e", "reverse the text"),
        ("\u2067", "reverse the text"),
    ],
)
def test_every_control_line_separator_and_direction_mark_in_a_name_is_refused(char, reason):
    p = refusal(f"张三_{char}照片.jpg")
    assert p["code"] == "unsafe-path" and reason in p["message"]["en"]
    escaped = char.encode("unicode_escape").decode("ascii")
    assert f"张三_{escaped}照片.jpg" in p["message"]["zh"]  # only the bad character escaped
    assert char not in p["message"]["zh"] + p["message"]["en"]
