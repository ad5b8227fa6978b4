"""ID numbers (GB 11643-1999), generated: valid ones pass, any one-character change fails, and
masking never shows more than the first 4 and last 4 characters.

The check digit here is computed from the standard's own definition (weights 2^(17-i) mod 11,
check = (12 - sum mod 11) mod 11, 10 written X), not with the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from policy import idnumber

FAST = settings(max_examples=300, deadline=None, derandomize=True)


def reference_check(first17: str) -> str:
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


@st.composite
def valid_numbers(draw) -> str:
    region = draw(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True))
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date.today() - dt.timedelta(days=1)))
    order = draw(st.integers(0, 999))
    body = f"{region}{born:%Y%m%d}{order:03d}"
    return body + reference_check(body)


@FAST
@given(number=valid_numbers())
def test_a_generated_valid_number_passes(number):
    assert idnumber.is_valid(number)
    assert idnumber.is_valid(number.lower())  # a lower-case x is the same number


@FAST
@given(number=valid_numbers(), where=st.integers(0, 17), data=st.data())
def test_changing_any_single_character_makes_the_number_fail(number, where, data):
    choices = "0123456789X" if where == 17 else "0123456789"
    new = data.draw(st.sampled_from([c for c in choices if c != number[where]]))
    changed = number[:where] + new + number[where + 1 :]
    assert not idnumber.is_valid(changed)


@FAST
@given(number=valid_numbers(), a=st.integers(0, 16))
def test_swapping_two_neighbouring_different_digits_makes_the_number_fail(number, a):
    if number[a] == number[a + 1] or number[a + 1] == "X":
        return
    swapped = number[:a] + number[a + 1] + number[a] + number[a + 2 :]
    assert not idnumber.is_valid(swapped)


@FAST
@given(text=st.text(max_size=40))
def test_masking_any_text_keeps_at_most_the_first_4_and_last_4_characters(text):
    masked = idnumber.mask(text)
    shown = [c for c in masked if c != "*"]
    assert len(shown) <= 8
    # read as plain characters (digits in any width), spaces and hyphens dropped, case kept
    n = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text))
    if len(n) > 8:
        assert masked == n[:4] + "*" * (len(n) - 8) + n[-4:]


@FAST
@given(
    number=valid_numbers(),
    before=st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=20),
    after=st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=20),
)
def test_a_number_inside_any_text_is_redacted_to_4_plus_4(number, before, after):
    out = idnumber.redact(before + number + after)
    assert number not in out
    assert number[:4] + "*" * 10 + number[-4:] in out
    assert number[4:14] not in out
