"""Indicators from raw counts (icttools.ingest.counts) and counts tables read from files."""

from __future__ import annotations

import csv
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

from icttools.ingest.counts import count_columns, derive_indicators, formula_free_indicators, required_counts
from icttools.core.framework import load_framework
from icttools.ingest.io import DataValidationError, read_indicator_table, read_table_or_counts
from icttools.core.provinces import load_provinces
from icttools.ingest.templates import write_templates

FW = load_framework()
IDS = FW.indicator_ids
FREE = [i.id for i in formula_free_indicators(FW)]
PROV = load_provinces()
CODES = list(PROV["gso_code"])
NAMES = dict(zip(PROV["gso_code"], PROV["name_vi"]))
POP = dict(zip(PROV["gso_code"], PROV["population_2019"]))


def counts_frame(codes=("01", "02", "04")) -> pd.DataFrame:
    """Every count 100 (all derived values then lie in their ranges), scores 50, population
    empty (census default); a few counts set to hand-checked values."""
    rows = []
    for code in codes:
        row = {"gso_code": code, "Tỉnh/thành phố": NAMES[code]}
        row.update({c: "100" for c in count_columns(FW)})
        row["population"] = ""
        row.update({i: "50" for i in FREE})
        rows.append(row)
    df = pd.DataFrame(rows)
    df = df.set_index("gso_code", drop=False)
    df.loc["02", "fixed_phone_subscriptions"] = "17094"
    df.loc["04", "fixed_phone_subscriptions"] = "10000"
    df.loc["04", "population"] = "500 000"          # annual average population overrides census
    df.loc["02", "agency_computers"] = "1500"
    df.loc["02", "civil_servants"] = "1200"
    df.loc["02", "agency_computers_internet"] = "1200"
    df.loc["02", "online_services_level3"] = "300"
    df.loc["02", "administrative_procedures"] = "1200"
    return df.reset_index(drop=True)


def test_required_counts_sorted_unique():
    req = required_counts(FW)
    assert req == sorted(set(req))
    for c in ("fixed_phone_subscriptions", "population", "households", "agency_computers",
              "civil_servants", "online_services_level3", "administrative_procedures"):
        assert c in req
    formulas = [i.formula for i in FW.indicators if i.formula is not None]
    assert set(req) == {c for f in formulas for c in f.counts}
    assert set(count_columns(FW)) == set(req) and count_columns(FW)[:2] == [
        "fixed_phone_subscriptions", "population"]
    assert len(FREE) == 6 and "infosec_solutions" in FREE and "email_use" in FREE


def test_derived_values_by_hand():
    data, problems = derive_indicators(counts_frame(), FW, allow_missing_provinces=True)
    assert problems == []
    assert list(data.index) == ["01", "02", "04"] and list(data.columns) == IDS
    assert data.index.name == "gso_code"
    # Hà Giang: census 2019 population 854 679 (population column left empty)
    assert POP["02"] == 854679
    assert data.loc["02", "fixed_phones_per100"] == pytest.approx(17094 / 854679 * 100)
    assert data.loc["02", "fixed_phones_per100"] == pytest.approx(2.0000, abs=5e-5)
    # Cao Bằng: population given as "500 000" overrides the census figure
    assert data.loc["04", "fixed_phones_per100"] == pytest.approx(2.0)
    assert data.loc["04", "mobile_phones_per100"] == pytest.approx(100 / 500000 * 100)
    # Hà Nội: census 8 053 663
    assert data.loc["01", "fixed_phones_per100"] == pytest.approx(100 / 8053663 * 100)
    assert data.loc["02", "computers_per_staff"] == pytest.approx(1.25)      # 1500 / 1200
    assert data.loc["02", "computers_internet_pct"] == pytest.approx(80.0)   # 1200 / 1500 * 100
    assert data.loc["02", "online_services_l3_pct"] == pytest.approx(25.0)   # 300 / 1200 * 100
    assert data.loc["02", "it_staff_pct"] == pytest.approx(100 / 1200 * 100)
    assert data.loc["01", "computers_per_staff"] == pytest.approx(1.0)
    assert data.loc["01", "online_services_l3_pct"] == pytest.approx(100.0)
    assert (data[FREE] == 50.0).all().all()
    assert not data.isna().any().any()


def test_population_default_none_requires_population():
    _, problems = derive_indicators(counts_frame(), FW, allow_missing_provinces=True,
                                    population_default=None)
    assert {(p.rule, p.row, p.column) for p in problems} == {
        ("missing-count", 2, "population"), ("missing-count", 3, "population")}
    assert "fixed_phones_per100" in problems[0].message


def test_population_column_may_be_absent():
    df = counts_frame().drop(columns=["population"])
    data, problems = derive_indicators(df, FW, allow_missing_provinces=True)
    assert problems == []
    assert data.loc["04", "fixed_phones_per100"] == pytest.approx(10000 / POP["04"] * 100)


def test_division_by_zero_and_missing_count():
    df = counts_frame()
    df.loc[1, "civil_servants"] = "0"                 # Hà Giang, sheet row 3
    df.loc[2, "administrative_procedures"] = ""       # Cao Bằng, sheet row 4
    data, problems = derive_indicators(df, FW, source="counts.csv", allow_missing_provinces=True)
    assert {(p.rule, p.row, p.column) for p in problems} == {
        ("division-by-zero", 3, "civil_servants"),
        ("missing-count", 4, "administrative_procedures"),
    }
    dz = [p for p in problems if p.rule == "division-by-zero"][0]
    assert dz.message.startswith("counts.csv, row 3, column 'civil_servants':")
    for ind in ("computers_per_staff", "bandwidth_per_staff", "it_staff_pct"):
        assert ind in dz.message
        assert math.isnan(data.loc["02", ind])
    mc = [p for p in problems if p.rule == "missing-count"][0]  # one problem for 4 indicators
    assert "online_services_l1_pct" in mc.message and "online_services_l4_pct" in mc.message
    assert data.loc["04", ["online_services_l1_pct", "online_services_l4_pct"]].isna().all()
    assert data.loc["01"].notna().all()


def test_derived_values_are_range_checked_and_bad_cells_reported():
    df = counts_frame()
    df.loc[0, "online_services_level3"] = "150"      # 150 / 100 * 100 = 150 % > 100
    df.loc[1, "households"] = "abc"
    df.loc[2, "enterprises"] = "-5"
    df.loc[2, "email_use"] = "120"
    df.loc[0, "infosec_solutions"] = ""
    _, problems = derive_indicators(df, FW, allow_missing_provinces=True)
    assert {(p.rule, p.row, p.column) for p in problems} == {
        ("out-of-range", 2, "online_services_level3"),
        ("non-numeric", 3, "households"),
        ("out-of-range", 4, "enterprises"),
        ("out-of-range", 4, "email_use"),
        ("missing-value", 2, "infosec_solutions"),
    }
    derived = [p for p in problems if p.column == "online_services_level3"][0]
    assert "online_services_l3_pct" in derived.message and "[0, 100]" in derived.message


def test_ambiguous_thousands_in_counts_are_refused():
    df = counts_frame()
    df.loc[0, "households"] = "854.679"
    df.loc[1, "agency_bandwidth_mbps"] = "12,5"      # a decimal is fine
    data, problems = derive_indicators(df, FW, allow_missing_provinces=True)
    assert {(p.rule, p.row, p.column) for p in problems} == {("non-numeric", 2, "households")}
    assert "854679" in problems[0].message
    assert data.loc["02", "bandwidth_per_staff"] == pytest.approx(12.5 / 1200)


def test_missing_provinces_and_columns():
    df = counts_frame().drop(columns=["households"])
    _, problems = derive_indicators(df, FW)
    rules = [p.rule for p in problems]
    assert rules.count("missing-province") == 60
    assert [p.value for p in problems if p.rule == "missing-column"] == ["households"]
    assert "missing-count" not in rules  # an absent column is reported once, not per row


def _write(path, df, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        w.writerow(list(df.columns))
        w.writerows(df.astype(str).values.tolist())
    return path


def test_read_table_or_counts_dispatches_and_imputes(tmp_path):
    df = counts_frame()
    path = _write(tmp_path / "counts.csv", df, delimiter=";")
    t = read_table_or_counts(path, year=2018, allow_missing_provinces=True)
    assert t.kind == "counts" and t.year == 2018 and t.source == "counts.csv"
    expected, _ = derive_indicators(df, FW, allow_missing_provinces=True)
    pd.testing.assert_frame_equal(t.data, expected)

    # an indicator reader refuses the counts file (its columns are unknown)
    with pytest.raises(DataValidationError) as info:
        read_indicator_table(path, allow_missing_provinces=True)
    assert {p.rule for p in info.value.problems} == {"unknown-column", "missing-column"}

    df.loc[2, "administrative_procedures"] = ""
    gap = _write(tmp_path / "gap.csv", df)
    with pytest.raises(DataValidationError) as info:
        read_table_or_counts(gap, allow_missing_provinces=True)
    assert {(p.rule, p.row) for p in info.value.problems} == {("missing-count", 4)}
    t = read_table_or_counts(gap, allow_missing_provinces=True, impute="national-mean")
    assert {(i.gso_code, i.indicator) for i in t.imputations} == {
        ("04", f"online_services_l{k}_pct") for k in range(1, 5)}
    assert t.data.loc["04", "online_services_l3_pct"] == pytest.approx((100.0 + 25.0) / 2)


def _full_counts(seed: int) -> dict[str, dict[str, float]]:
    """Plausible integer counts for the 63 provinces (all derived values in range)."""
    rng = np.random.default_rng(seed)
    out = {}
    for code in CODES:
        den = {c: int(rng.integers(1000, 5000)) for c in count_columns(FW)}
        den["civil_servants"] *= 10  # above agency_computers and it_staff
        row = dict(den)
        for ind in FW.indicators:
            if ind.formula is not None and ind.formula.numerator not in ("agency_computers", "it_staff"):
                f = ind.formula
                row[f.numerator] = int(den[f.denominator] * rng.uniform(0.1, 0.9)
                                       * (0.01 if f.factor == 1 else 1))
        row["population"] = ""
        for i in FREE:
            row[i] = round(float(rng.uniform(10, 90)), 2)
        out[code] = row
    return out


def test_filled_counts_templates_are_accepted(tmp_path):
    write_templates(tmp_path)
    values = _full_counts(5)
    with open(tmp_path / "ict_index_counts_template.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    free_cols = {h: i.id for h in head for i in formula_free_indicators(FW) if h.startswith(i.name_vi)}
    key = {h: free_cols.get(h, h) for h in head[2:]}
    for r in rows[1:]:
        r[2:] = [str(values[r[0]][key[h]]).replace(".", ",") for h in head[2:]]
    with open(tmp_path / "filled.csv", "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\n").writerows(rows)
    t = read_table_or_counts(tmp_path / "filled.csv", year=2018)
    assert t.kind == "counts" and t.data.shape == (63, 30) and not t.data.isna().any().any()
    v02 = values["02"]
    assert t.data.loc["02", "fixed_phones_per100"] == pytest.approx(
        v02["fixed_phone_subscriptions"] / POP["02"] * 100)
    assert t.data.loc["02", "computers_per_staff"] == pytest.approx(
        v02["agency_computers"] / v02["civil_servants"])

    wb = openpyxl.load_workbook(tmp_path / "ict_index_counts_template.xlsx")
    ws = wb.worksheets[0]
    xhead = [c.value for c in ws[1]]
    assert xhead == head
    for r in range(2, 65):
        code = ws.cell(row=r, column=1).value
        for k, h in enumerate(head[2:], start=3):
            v = values[code][key[h]]
            ws.cell(row=r, column=k).value = None if v == "" else v
    wb.save(tmp_path / "filled.xlsx")
    tx = read_table_or_counts(tmp_path / "filled.xlsx", year=2018)
    pd.testing.assert_frame_equal(tx.data, t.data)
