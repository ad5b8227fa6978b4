"""English names of divisions for the English pages: the glossary's where it has one, customary
province names, else Hanyu Pinyin with GB/T 16159 apostrophes and the kind in English."""

import pytest

from generator.places import english, pinyin

NAMES = {
    "350521": "Hui'an County",  # glossary
    "150626": "Uxin Banner",  # glossary, not the pinyin "Wushen"
    "150600": "Ordos",  # glossary: a prefecture-level city named bare
    "350500": "Quanzhou",
    "350000": "Fujian Province",
    "610000": "Shaanxi Province",  # not the pinyin of 陕西, which would read as 山西
    "140000": "Shanxi Province",
    "540000": "Tibet Autonomous Region",
    "500000": "Chongqing",
    "350582": "Jinjiang City",  # a county-level city keeps "City"
    "110101": "Dongcheng District",
    "610102": "Xincheng District",
}


@pytest.mark.parametrize("code", sorted(NAMES))
def test_a_division_has_the_english_name_a_reader_would_look_for(code):
    assert english(code) == NAMES[code]


def test_a_syllable_starting_with_a_vowel_after_another_is_marked_with_an_apostrophe():
    assert pinyin("惠安") == "Hui'an" and pinyin("西安") == "Xi'an" and pinyin("延安") == "Yan'an"
    assert pinyin("泉州") == "Quanzhou"


def test_a_code_that_is_no_division_in_use_is_shown_as_the_code():
    assert english("999999") == "999999"
