"""Tests for icttools.core.text."""

import math
import unicodedata

import pytest

from icttools.core.text import fold, nfc, slugify


def test_nfc_composes_decomposed_text():
    nfd = unicodedata.normalize("NFD", "Hà Giang")
    assert nfd != "Hà Giang"
    assert nfc(nfd) == "Hà Giang"
    assert unicodedata.is_normalized("NFC", nfc(nfd))


@pytest.mark.parametrize("value", [None, float("nan"), 3])
def test_nfc_passes_missing_and_non_strings(value):
    out = nfc(value)
    if isinstance(value, float):
        assert math.isnan(out)
    else:
        assert out is value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thừa Thiên - Huế", "thua thien hue"),
        ("thua thien hue", "thua thien hue"),
        ("Thừa Thiên-Huế", "thua thien hue"),
        ("Bà Rịa–Vũng Tàu", "ba ria vung tau"),  # en dash
        ("  ĐẮK   LẮK ", "dak lak"),
        ("Đà Nẵng", "da nang"),
        ("TP.HCM", "tp hcm"),
        ("a_b,c.d-e", "a b c d e"),
        ("Hà\u00a0Giang", "ha giang"),  # non-breaking space
        (unicodedata.normalize("NFD", "Hòa Bình"), "hoa binh"),
        ("Hoà Bình", "hoa binh"),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_missing_values():
    assert fold(None) == ""
    assert fold(float("nan")) == ""


def test_fold_output_is_ascii_for_vietnamese():
    s = "ĂÂÊÔƠƯĐăâêôơưđ áàảãạ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ"
    assert fold(s).isascii()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hà Giang", "ha-giang"),
        ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("Thừa Thiên Huế", "thua-thien-hue"),
        ("Đắk Lắk", "dak-lak"),
        ("  --Hồ Chí Minh!! ", "ho-chi-minh"),
        ("TP.HCM", "tp-hcm"),
    ],
)
def test_slugify(text, expected):
    out = slugify(text)
    assert out == expected
    assert out.isascii()
