"""Tests for icttools.core.provinces."""

import unicodedata

import pandas as pd
import pytest

from icttools.core import province_resolver as R
from icttools.core import provinces as P
from icttools.core.provinces import (
    REGION_EN,
    AmbiguousProvinceKeyError,
    Province,
    UnknownProvinceError,
    all_provinces,
    load_provinces,
    merge_2025,
    new_unit_2025,
    order_by_code,
    province_codes,
    region_of,
    regions,
    resolve_province,
)
from icttools.core.text import slugify

try:
    import hypothesis
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    hypothesis = None


# --------------------------------------------------------------------------- #
# Table
# --------------------------------------------------------------------------- #
def test_63_provinces_with_unique_two_char_codes():
    df = load_provinces()
    assert len(df) == 63
    codes = df["gso_code"].tolist()
    assert all(isinstance(c, str) and len(c) == 2 and c.isdigit() for c in codes)
    assert len(set(codes)) == 63
    assert isinstance(df.index, pd.RangeIndex)
    assert df.index.equals(pd.RangeIndex(63))


def test_population_sum_matches_gso_total():
    df = load_provinces()
    assert int(df["population_2019"].sum()) == 96_208_984
    assert (df["population_2019_urban"] <= df["population_2019"]).all()
    assert (df["population_2019_urban"] > 0).all()
    assert sum(p.population_2019 for p in all_provinces()) == 96_208_984


def test_region_counts_and_population_sums():
    df = load_provinces()
    counts = df["region"].value_counts().to_dict()
    assert counts == {
        "Trung du và miền núi phía Bắc": 14,
        "Đồng bằng sông Hồng": 11,
        "Bắc Trung Bộ và duyên hải miền Trung": 14,
        "Tây Nguyên": 5,
        "Đông Nam Bộ": 6,
        "Đồng bằng sông Cửu Long": 13,
    }
    # in the documented fixed order
    assert [counts[r] for r in regions()] == [14, 11, 14, 5, 6, 13]
    sums = df.groupby("region")["population_2019"].sum().to_dict()
    assert sums["Đồng bằng sông Hồng"] == 22_543_607
    assert sums["Tây Nguyên"] == 5_842_681
    assert sums["Đông Nam Bộ"] == 17_828_907


def test_regions_and_english_names():
    regs = regions()
    assert len(regs) == 6 and len(set(regs)) == 6
    assert set(regs) == set(load_provinces()["region"])
    df = load_provinces()
    assert set(df["region_en"]) == {
        "Red River Delta",
        "Northern Midlands and Mountains",
        "North Central and Central Coast",
        "Central Highlands",
        "Southeast",
        "Mekong River Delta",
    }
    assert (df["region_en"] == df["region"].map(REGION_EN)).all()
    hn = df.loc[df["gso_code"] == "01"].iloc[0]
    assert hn["region_en"] == "Red River Delta"
    assert df.loc[df["gso_code"] == "66", "region_en"].item() == "Central Highlands"
    # regions() returns a new list each time
    regs.append("x")
    assert len(regions()) == 6


def test_region_of():
    assert region_of("01") == "Đồng bằng sông Hồng"
    assert region_of(2) == "Trung du và miền núi phía Bắc"
    assert region_of("79") == "Đông Nam Bộ"
    assert region_of("96") == "Đồng bằng sông Cửu Long"
    assert region_of("22") == "Đồng bằng sông Hồng"  # Quảng Ninh is in the Red River Delta region
    with pytest.raises(UnknownProvinceError):
        region_of("99")


def test_ordering_by_integer_code():
    codes = province_codes()
    assert codes[:4] == ["01", "02", "04", "06"]
    assert codes[-1] == "96"
    assert codes == sorted(codes, key=int)
    assert codes.index("48") > codes.index("46")  # Đà Nẵng after Thừa Thiên Huế, not first by name
    df = load_provinces()
    assert df["gso_code"].tolist() == codes
    assert [p.gso_code for p in all_provinces()] == codes
    assert df.loc[df["gso_code"] == "48", "name_vi"].item() == "Đà Nẵng"


def test_strings_are_nfc():
    df = load_provinces()
    for col in df.columns:
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            assert all(unicodedata.is_normalized("NFC", v) for v in df[col]), col
    m = merge_2025()
    for col in m.columns:
        assert all(isinstance(v, str) and unicodedata.is_normalized("NFC", v) for v in m[col]), col


def test_load_provinces_returns_a_copy():
    df = load_provinces()
    df.loc[0, "name_vi"] = "X"
    df.pop("region")
    fresh = load_provinces()
    assert fresh.loc[0, "name_vi"] == "Hà Nội"
    assert "region" in fresh.columns
    m = merge_2025()
    m.loc[0, "new_code"] = "XX"
    assert merge_2025().loc[0, "new_code"] == "01"


def test_province_dataclass():
    p = resolve_province("02")
    assert isinstance(p, Province)
    assert p == Province(
        gso_code="02",
        name_vi="Hà Giang",
        name_full_vi="Tỉnh Hà Giang",
        name_ascii="Ha Giang",
        iso_3166_2="VN-03",
        region="Trung du và miền núi phía Bắc",
        population_2019=854679,
        population_2019_urban=135571,
        aliases=(),
    )
    assert p.slug == "02-ha-giang"
    assert resolve_province("77").slug == "77-ba-ria-vung-tau"
    assert "Đắc Lắc" in resolve_province("66").aliases
    with pytest.raises(AttributeError):
        p.name_vi = "x"  # frozen
    slugs = [q.slug for q in all_provinces()]
    assert len(set(slugs)) == 63
    assert all(s.isascii() for s in slugs)


# --------------------------------------------------------------------------- #
# Resolver
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "query, code",
    [
        ("02", "02"),
        ("2", "02"),
        (2, "02"),
        (" 02 ", "02"),
        ("Hà Giang", "02"),
        ("Tỉnh Hà Giang", "02"),
        ("Ha Giang", "02"),
        ("ha giang", "02"),
        ("ha-giang", "02"),
        ("HA  GIANG", "02"),
        ("hagiang", "02"),
        (unicodedata.normalize("NFD", "Hà Giang"), "02"),
        (unicodedata.normalize("NFD", "Tỉnh Hà Giang"), "02"),
        ("Thành phố Hà Nội", "01"),
        ("TP. Hà Nội", "01"),
        ("TP Hà Nội", "01"),
        ("Hà Nội", "01"),
        ("Hanoi", "01"),
        ("TP.HCM", "79"),
        ("TP HCM", "79"),
        ("tp.hcm", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("Ho Chi Minh City", "79"),
        ("Thừa Thiên - Huế", "46"),
        ("Thừa Thiên Huế", "46"),
        ("Tỉnh Thừa Thiên Huế", "46"),
        ("Huế", "46"),
        ("BR-VT", "77"),
        ("Bà Rịa - Vũng Tàu", "77"),
        ("Bà Rịa–Vũng Tàu", "77"),
        ("ba ria vung tau", "77"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "77"),
        ("Đắc Lắc", "66"),
        ("Đắk Lắk", "66"),
        ("dak lak", "66"),
        ("Hoà Bình", "17"),
        ("Hòa Bình", "17"),
        ("Tỉnh Hoà Bình", "17"),
        ("Thanh Hoá", "38"),
        ("Bắc Cạn", "06"),
        ("Đà Nẵng", "48"),
        ("48", "48"),
        ("VN-03", "02"),  # ISO 3166-2 code (numbering differs from GSO)
    ],
)
def test_resolve_province(query, code):
    assert resolve_province(query).gso_code == code


def test_resolve_accepts_numpy_ints_and_provinces():
    np = pytest.importorskip("numpy")
    assert resolve_province(np.int64(79)).gso_code == "79"
    p = resolve_province("79")
    assert resolve_province(p) is p


def test_unknown_province_suggestions():
    with pytest.raises(UnknownProvinceError) as exc:
        resolve_province("Ha Giangg")
    err = exc.value
    assert isinstance(err, ValueError)
    assert err.query == "Ha Giangg"
    assert "02" in err.suggestions
    assert 1 <= len(err.suggestions) <= 3
    assert "Ha Giangg" in str(err)
    assert "02 Hà Giang" in str(err)


@pytest.mark.parametrize("query", [99, "99", "03", 3, 0, -2, "100", 100, "Atlantis", "", "   "])
def test_unknown_codes_and_names_raise(query):
    with pytest.raises(UnknownProvinceError) as exc:
        resolve_province(query)
    assert exc.value.query == query
    assert len(exc.value.suggestions) <= 3


def test_nonexistent_code_suggests_neighbours():
    with pytest.raises(UnknownProvinceError) as exc:
        resolve_province("03")
    assert set(exc.value.suggestions) <= set(province_codes())
    assert "02" in exc.value.suggestions and "04" in exc.value.suggestions


@pytest.mark.parametrize("query", [True, False, None, float("nan"), pd.NA, 2.0, [2], b"02"])
def test_bad_types_raise(query):
    with pytest.raises(UnknownProvinceError) as exc:
        resolve_province(query)
    assert exc.value.suggestions == []
    assert str(exc.value)


def test_lookup_build_detects_ambiguity():
    a = resolve_province("02")
    b = Province("98", "Hà Giang Mới", "Tỉnh Hà Giang Mới", "Ha Giang Moi", "VN-XX", a.region, 1, 0,
                 aliases=("Ha-Giang",))  # folds to a's key
    with pytest.raises(AmbiguousProvinceKeyError):
        R._build_lookup([a, b])
    # the real table builds and covers every name and alias
    table = R._build_lookup(all_provinces())
    assert set(table.values()) == set(province_codes())


def test_every_alias_resolves_to_its_own_province():
    df = load_provinces()
    n = 0
    for code, aliases in zip(df["gso_code"], df["aliases"]):
        for alias in filter(None, aliases.split("|")):
            assert resolve_province(alias).gso_code == code, alias
            n += 1
    assert n >= 30


def _assert_consistent(p: Province):
    by_code = resolve_province(p.gso_code)
    assert by_code == p
    assert resolve_province(int(p.gso_code)) == p
    assert resolve_province(p.name_vi) == p
    assert resolve_province(p.name_ascii) == p
    assert resolve_province(p.name_full_vi) == p
    assert resolve_province(unicodedata.normalize("NFD", p.name_vi)) == p
    assert resolve_province(p.name_vi.upper()) == p
    assert resolve_province(slugify(p.name_ascii)) == p


if hypothesis is not None:

    @settings(max_examples=200, deadline=None)
    @given(p=st.sampled_from(all_provinces()), form=st.sampled_from(["NFC", "NFD"]),
           upper=st.booleans(), pad=st.sampled_from(["", " ", "  "]))
    def test_resolver_property(p, form, upper, pad):
        _assert_consistent(p)
        name = unicodedata.normalize(form, p.name_vi)
        name = name.upper() if upper else name
        assert resolve_province(pad + name + pad) == p

else:  # pragma: no cover

    def test_resolver_property():
        for p in all_provinces():
            _assert_consistent(p)


# --------------------------------------------------------------------------- #
# 2025 merger
# --------------------------------------------------------------------------- #
def test_merge_2025_shape():
    m = merge_2025()
    assert len(m) == 63
    assert m["old_gso_code"].is_unique
    assert m["old_gso_code"].tolist() == province_codes()
    assert m.groupby("old_gso_code")["new_code"].nunique().eq(1).all()
    assert m["new_code"].nunique() == 34
    assert all(isinstance(c, str) and len(c) == 2 for c in m["new_code"])
    assert (m["change"] == "unchanged").sum() == 11
    assert m.loc[m["change"] == "merged", "new_code"].nunique() == 23
    assert (m["old_name_vi"].tolist() == load_provinces()["name_vi"].tolist())


def test_code_trap_80():
    m = merge_2025()
    old_80 = m.loc[m["old_gso_code"] == "80"].iloc[0]
    assert old_80["old_name_vi"] == "Long An"
    assert resolve_province("80").name_vi == "Long An"
    new_80 = m.loc[m["new_code"] == "80", "new_name_vi"].unique().tolist()
    assert new_80 == ["Tây Ninh"]
    assert new_unit_2025("80") == {"new_code": "80", "new_name_vi": "Tây Ninh", "change": "merged"}
    # Tây Ninh's old code is 72, not 80
    assert new_unit_2025("Tây Ninh")["new_code"] == "80"
    assert resolve_province("Tây Ninh").gso_code == "72"


@pytest.mark.parametrize(
    "old, new_code, new_name, change",
    [
        ("01", "01", "Hà Nội", "unchanged"),
        (2, "08", "Tuyên Quang", "merged"),
        ("Kiên Giang", "91", "An Giang", "merged"),
        ("89", "91", "An Giang", "merged"),
        ("Bà Rịa - Vũng Tàu", "79", "TP. Hồ Chí Minh", "merged"),
        ("46", "46", "Huế", "unchanged"),
    ],
)
def test_new_unit_2025(old, new_code, new_name, change):
    assert new_unit_2025(old) == {"new_code": new_code, "new_name_vi": new_name, "change": change}


def test_new_unit_2025_unknown():
    with pytest.raises(UnknownProvinceError):
        new_unit_2025("99")


def test_merge_2025_docstring_warns_about_code_eras():
    assert "per era" in merge_2025.__doc__
    assert "per era" in new_unit_2025.__doc__


# --------------------------------------------------------------------------- #
# order_by_code
# --------------------------------------------------------------------------- #
def test_order_by_code_integer_and_stable():
    df = pd.DataFrame(
        {"gso_code": ["10", "2", "02", " 01", "96", "10"], "v": [1, 2, 3, 4, 5, 6]}
    )
    out = order_by_code(df)
    assert out["v"].tolist() == [4, 2, 3, 1, 6, 5]
    assert df["v"].tolist() == [1, 2, 3, 4, 5, 6]  # input untouched

    shuffled = load_provinces().sample(frac=1, random_state=0)
    assert order_by_code(shuffled)["gso_code"].tolist() == province_codes()

    other = pd.DataFrame({"code": [80, 8, 48]})
    assert order_by_code(other, column="code")["code"].tolist() == [8, 48, 80]
    with pytest.raises(KeyError):
        order_by_code(other)
