"""Reading, validating, imputing and writing one year's indicator table (icttools.ingest.io)."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import unicodedata
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from icttools.core import atomic
from icttools.core.framework import load_framework
from icttools.ingest.io import (DataValidationError, Imputation, IndicatorTable, available_years,
                         format_problems, load_year, load_year_table, parse_number,
                         read_indicator_table, read_table_or_counts, write_processed)
from icttools.core.paths import project_root
from icttools.core.provinces import load_provinces
from icttools.ingest.templates import (TEMPLATE_FILES, counts_template_rows, indicator_header,
                                indicator_template_rows, write_templates)
from icttools.ingest.validation import NumberFormatError, Problem

FW = load_framework()
IDS = FW.indicator_ids
PROV = load_provinces()
CODES = list(PROV["gso_code"])
NAMES = dict(zip(PROV["gso_code"], PROV["name_vi"]))
PCT = "households_computer_pct"
# an earlier name of households_computer_pct (framework former_names_vi): still read as that column
PCT_HEADER = "Tỷ lệ hộ gia đình có máy vi tính (%)"
PCT_HEADER_NOW = "Tỷ lệ hộ gia đình có máy tính (%)"


# --- helpers ------------------------------------------------------------------------------------

def plausible(seed: int = 0) -> pd.DataFrame:
    """63 x 30 values inside the ranges, with 3 decimals (exact in text both ways)."""
    rng = np.random.default_rng(seed)
    lo = np.array([i.range[0] for i in FW.indicators])
    hi = np.array([i.range[1] for i in FW.indicators])
    X = np.round(lo + rng.uniform(0.05, 0.8, size=(63, len(IDS))) * (hi - lo), 3)
    return pd.DataFrame(X, index=pd.Index(CODES, name="gso_code"), columns=IDS)


def fmt(v: float, comma: bool = False) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return s.replace(".", ",") if comma else s


def table_rows(df: pd.DataFrame, headers: list[str] | None = None, comma: bool = False,
               name_col: bool = True) -> list[list[str]]:
    head = ["gso_code"] + (["Tỉnh/thành phố"] if name_col else []) + (headers or list(df.columns))
    rows = [head]
    for code, values in df.iterrows():
        rows.append([code] + ([NAMES[code]] if name_col else []) + [fmt(v, comma) for v in values])
    return rows


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


def problem_set(err: DataValidationError) -> set[tuple]:
    return {(p.rule, p.row, p.column) for p in err.problems}


# --- parse_number ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("0,5066", 0.5066),
    ("0.5066", 0.5066),
    ("1.234,5", 1234.5),
    ("1,234.5", 1234.5),
    ("1 234,5", 1234.5),
    ("1\u00a0234,5", 1234.5),  # non-breaking space as thousands separator
    ("94,7%", 94.7),
    ("94.7 %", 94.7),
    (" 12 ", 12.0),
    ("\u00a012\u00a0", 12.0),
    ("42", 42.0),
    ("-3,5", -3.5),
    ("1.234", 1.234),  # single separator: always decimal (documented choice)
    ("1,234", 1.234),
    ("1.234.567", 1234567.0),
    ("1,234,567", 1234567.0),
    (7, 7.0),
    (0.25, 0.25),
])
def test_parse_number(text, expected):
    assert parse_number(text) == pytest.approx(expected, abs=0, rel=1e-15)


@pytest.mark.parametrize("text", ["", "  ", "-", "NA", "n/a", "N/A", None])
def test_parse_number_missing_is_nan(text):
    assert math.isnan(parse_number(text))


@pytest.mark.parametrize("text", ["abc", "12abc", "1.2.3", "1,23.4", "12 34", "%", "1,2,3", True])
def test_parse_number_errors_carry_a_reason(text):
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert isinstance(info.value, NumberFormatError)
    assert info.value.reason
    assert repr(str(text)).strip("'") in str(info.value)


# --- a valid table in several spellings -------------------------------------------------------

def test_valid_table_reads_in_framework_and_code_order(tmp_path):
    df = plausible()
    shuffled = df.sample(frac=1, random_state=3)
    path = write_csv(tmp_path / "ok.csv", table_rows(shuffled))
    t = read_indicator_table(path, year=2018)
    assert isinstance(t, IndicatorTable)
    assert list(t.data.columns) == IDS
    assert t.data.index.name == "gso_code"
    assert list(t.data.index) == CODES  # ordered by code, leading zeros kept
    assert all(t.data.dtypes == float)
    pd.testing.assert_frame_equal(t.data, df, check_exact=True)
    assert t.source == "ok.csv"  # outside the project root: the name, never an absolute path
    assert t.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert t.imputations == () and t.data_source is None
    assert t.year == 2018 and t.framework_id == FW.id and t.kind == "indicators"


def test_decimal_comma_semicolon_bom_equals_dot_version(tmp_path):
    df = plausible(1)
    dot = read_indicator_table(write_csv(tmp_path / "dot.csv", table_rows(df)))
    raw = (tmp_path / "dot.csv").read_text(encoding="utf-8")
    assert "," in raw and ";" not in raw
    comma_path = write_csv(tmp_path / "comma.csv", table_rows(df, comma=True), delimiter=";", bom=True)
    assert comma_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"," in comma_path.read_bytes() and b";" in comma_path.read_bytes()
    comma = read_indicator_table(comma_path)
    pd.testing.assert_frame_equal(comma.data, dot.data, check_exact=True)


def test_semicolon_file_with_commas_in_headers(tmp_path):
    # Vietnamese headers contain commas ("cán bộ, công chức, viên chức"); ';' must still win
    df = plausible(2)
    headers = [indicator_header(i) for i in FW.indicators]
    assert any("," in h for h in headers)
    rows = table_rows(df, headers, comma=True)
    rows[0][1] = "Tỉnh, thành phố"
    t = read_indicator_table(write_csv(tmp_path / "vi.csv", rows, delimiter=";"))
    pd.testing.assert_frame_equal(t.data, df, check_exact=True)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_vietnamese_headers_nfc_and_nfd(tmp_path, form):
    df = plausible(4)
    headers = []
    for k, ind in enumerate(FW.indicators):
        # alternate: name with unit, bare name, upper case, extra spaces
        h = [f"{ind.name_vi} ({ind.unit})", ind.name_vi, ind.name_vi.upper(),
             "  " + ind.name_vi.replace(" ", "  ") + " "][k % 4]
        headers.append(unicodedata.normalize(form, h))
    rows = table_rows(df, headers)
    rows[0][0] = unicodedata.normalize(form, "Mã tỉnh")
    rows[0][1] = unicodedata.normalize(form, "Tỉnh/thành phố")
    for r in rows[1:]:
        r[1] = unicodedata.normalize(form, r[1])
    t = read_indicator_table(write_csv(tmp_path / f"{form}.csv", rows))
    pd.testing.assert_frame_equal(t.data, df, check_exact=True)


def test_names_only_province_column(tmp_path):
    df = plausible(5)
    rows = table_rows(df, name_col=True)
    rows = [r[1:] for r in rows]  # drop the code column: names decide
    rows[0][0] = "province"
    rows[3][0] = "TP.HCM" if rows[3][0] == "Hồ Chí Minh" else rows[3][0].upper()
    t = read_indicator_table(write_csv(tmp_path / "names.csv", rows))
    pd.testing.assert_frame_equal(t.data, df, check_exact=True)


# --- problems ------------------------------------------------------------------------------------

def test_all_problems_reported_at_once(tmp_path):
    df = plausible(6)
    headers = list(IDS)
    headers[IDS.index(PCT)] = PCT_HEADER
    rows = table_rows(df, headers)
    col = {h: k for k, h in enumerate(rows[0])}
    rows[4 - 1][col["mobile_phones_per100"]] = "abc"   # sheet row 4
    rows[6 - 1][col[PCT_HEADER]] = "120%"               # sheet row 6
    rows[7 - 1][col["email_use"]] = ""                  # sheet row 7
    rows.append(["", "Hà Giag"] + ["1"] * 30)            # row 65: unknown province
    rows.append(["02", "Hà Giang"] + ["1"] * 30)         # row 66: duplicate of row 3
    path = write_csv(tmp_path / "bad.csv", rows)

    with pytest.raises(DataValidationError) as info:
        read_indicator_table(path)
    err = info.value
    assert problem_set(err) == {
        ("non-numeric", 4, "mobile_phones_per100"),
        ("out-of-range", 6, PCT_HEADER),
        ("missing-value", 7, "email_use"),
        ("unknown-province", 65, "Tỉnh/thành phố"),
        ("duplicate-province", 66, "gso_code"),
    }
    by_rule = {p.rule: p for p in err.problems}
    assert by_rule["out-of-range"].value == "120%"
    assert by_rule["out-of-range"].message == (
        f"bad.csv, row 6, column '{PCT_HEADER}': value '120%' is outside the valid range "
        "[0, 100] (out-of-range)")
    assert by_rule["non-numeric"].value == "abc"
    assert "'abc'" in by_rule["non-numeric"].message
    assert "02" in by_rule["unknown-province"].suggestions
    assert "Hà Giang" in by_rule["unknown-province"].message
    assert "row 3" in by_rule["duplicate-province"].message
    for p in err.problems:
        assert p.file == "bad.csv" and str(tmp_path) not in p.message
        assert p.message.endswith(f"({p.rule})") and "\n" not in p.message
    assert str(err).splitlines() == format_problems(err.problems)
    assert [p.row for p in err.problems] == sorted(p.row for p in err.problems)


def test_unknown_and_missing_columns(tmp_path):
    df = plausible(7).drop(columns=["oss_use"])
    rows = table_rows(df)
    rows[0].append("foo")
    for r in rows[1:]:
        r.append("x")
    rows[0].append("Ghi chú")
    for r in rows[1:]:
        r.append("some note")
    with pytest.raises(DataValidationError) as info:
        read_indicator_table(write_csv(tmp_path / "cols.csv", rows))
    assert problem_set(info.value) == {("unknown-column", 1, "foo"), ("missing-column", 1, "")}
    missing = [p for p in info.value.problems if p.rule == "missing-column"][0]
    assert missing.value == "oss_use" and "oss_use" in missing.message


def test_wrong_unit_in_header_is_named(tmp_path):
    df = plausible(8)
    headers = list(IDS)
    headers[IDS.index(PCT)] = "Tỷ lệ hộ gia đình có máy vi tính (‰)"
    with pytest.raises(DataValidationError) as info:
        read_indicator_table(write_csv(tmp_path / "unit.csv", table_rows(df, headers)))
    unknown = [p for p in info.value.problems if p.rule == "unknown-column"]
    assert len(unknown) == 1 and "'%'" in unknown[0].message


def test_no_province_column(tmp_path):
    rows = table_rows(plausible(9), name_col=False)
    rows[0][0] = "mystery"
    with pytest.raises(DataValidationError) as info:
        read_indicator_table(write_csv(tmp_path / "noprov.csv", rows))
    rules = {p.rule for p in info.value.problems}
    assert rules == {"no-province-column", "unknown-column"}


def test_province_mismatch(tmp_path):
    rows = table_rows(plausible(10))
    assert rows[3][:2] == ["04", "Cao Bằng"]
    rows[3][1] = "Bắc Kạn"
    with pytest.raises(DataValidationError) as info:
        read_indicator_table(write_csv(tmp_path / "mismatch.csv", rows))
    assert problem_set(info.value) == {("province-mismatch", 4, "Tỉnh/thành phố")}
    assert "06" in info.value.problems[0].message and "04 Cao Bằng" in info.value.problems[0].message


def test_missing_province_and_allow_missing_provinces(tmp_path):
    df = plausible(11).drop(index=["02", "96"])
    path = write_csv(tmp_path / "partial.csv", table_rows(df))
    with pytest.raises(DataValidationError) as info:
        read_indicator_table(path)
    assert {(p.rule, p.row, p.value) for p in info.value.problems} == {
        ("missing-province", None, "02"), ("missing-province", None, "96")}
    assert "Hà Giang" in info.value.problems[0].message
    t = read_indicator_table(path, allow_missing_provinces=True)
    assert list(t.data.index) == [c for c in CODES if c not in ("02", "96")]
    pd.testing.assert_frame_equal(t.data, df, check_exact=True)


def test_blank_lines_keep_spreadsheet_row_numbers(tmp_path):
    rows = table_rows(plausible(12))
    rows[5][2] = "oops"  # sheet row 6 before inserting blank lines
    rows.insert(2, [""] * len(rows[0]))  # blank row 3: data moves down by one
    with pytest.raises(DataValidationError) as info:
        read_indicator_table(write_csv(tmp_path / "blank.csv", rows))
    assert problem_set(info.value) == {("non-numeric", 7, IDS[0])}


# --- imputation ------------------------------------------------------------------------------------

def test_regional_mean_imputation_by_hand(tmp_path):
    df = plausible(13)
    region = dict(zip(PROV["gso_code"], PROV["region"]))
    north = [c for c in CODES if region[c] == region["02"]]
    assert len(north) == 14
    # the 13 other northern provinces get 5, 10, ..., 65: their mean is 455 / 13 = 35
    for k, code in enumerate(c for c in north if c != "02"):
        df.loc[code, "email_use"] = 5.0 * (k + 1)
    df.loc["02", "email_use"] = np.nan
    rows = table_rows(df)
    assert rows[2][:2] == ["02", "Hà Giang"] and rows[2][2 + IDS.index("email_use")] == "nan"
    rows[2][2 + IDS.index("email_use")] = ""
    path = write_csv(tmp_path / "gap.csv", rows)

    with pytest.raises(DataValidationError) as info:
        read_indicator_table(path)
    assert problem_set(info.value) == {("missing-value", 3, "email_use")}

    t = read_indicator_table(path, impute="regional-mean", year=2018)
    assert t.data.loc["02", "email_use"] == pytest.approx(35.0)
    assert t.imputations == (Imputation("02", "email_use", pytest.approx(35.0), "regional-mean", 13),)
    assert not t.data.isna().any().any()

    t2 = read_indicator_table(path, impute="national-mean")
    assert t2.data.loc["02", "email_use"] == pytest.approx(df["email_use"].drop("02").mean())
    assert t2.imputations[0].method == "national-mean" and t2.imputations[0].n_values == 62


def test_regional_mean_falls_back_to_national_mean(tmp_path):
    df = plausible(14)
    region = dict(zip(PROV["gso_code"], PROV["region"]))
    highlands = [c for c in CODES if region[c] == "Tây Nguyên"]
    assert len(highlands) == 5
    rows = table_rows(df)
    k = 2 + IDS.index("oss_use")
    for r in rows[1:]:
        if r[0] in highlands:
            r[k] = "-"
    t = read_indicator_table(write_csv(tmp_path / "tn.csv", rows), impute="regional-mean")
    national = df["oss_use"].drop(highlands).mean()
    assert len(t.imputations) == 5
    assert {i.gso_code for i in t.imputations} == set(highlands)
    assert all(i.method == "national-mean" and i.n_values == 58 for i in t.imputations)
    assert t.data.loc[highlands, "oss_use"].tolist() == pytest.approx([national] * 5)


def test_bad_impute_argument(tmp_path):
    path = write_csv(tmp_path / "ok.csv", table_rows(plausible()))
    with pytest.raises(ValueError, match="impute"):
        read_indicator_table(path, impute="zero")


# --- data_source, xlsx ---------------------------------------------------------------------------

def test_data_source_column_is_kept(tmp_path):
    rows = table_rows(plausible(15))
    rows[0].append("data_source")
    for r in rows[1:]:
        r.append("SYNTHETIC test data")
    t = read_indicator_table(write_csv(tmp_path / "syn.csv", rows))
    assert t.data_source == "SYNTHETIC test data" and t.is_synthetic
    assert list(t.data.columns) == IDS


def test_xlsx_numbers_text_and_percent_format(tmp_path):
    df = plausible(16)
    wb = openpyxl.Workbook()
    ws = wb.active
    headers = ["Mã tỉnh", "Tỉnh/thành phố"] + [indicator_header(i) for i in FW.indicators]
    ws.append(headers)
    for code, values in df.iterrows():
        ws.append([code, NAMES[code]] + [float(v) for v in values])
    k = 3 + IDS.index(PCT)
    ws.cell(row=2, column=k).value = "45,5%"            # text with a decimal comma
    ws.cell(row=3, column=k).value = 0.125              # shown as 12.5% in Excel
    ws.cell(row=3, column=k).number_format = "0.0%"
    ws.cell(row=4, column=1).value = 4                  # code typed as a number (leading zero lost)
    other = wb.create_sheet("other")
    other.append(["nothing"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    t = read_indicator_table(path)
    expected = df.copy()
    expected.loc["01", PCT] = 45.5
    expected.loc["02", PCT] = 12.5
    pd.testing.assert_frame_equal(t.data, expected, check_exact=False, rtol=1e-12)

    with pytest.raises(ValueError, match="no sheet"):
        read_indicator_table(path, sheet="nope")
    with pytest.raises(DataValidationError):
        read_indicator_table(path, sheet="other")


def test_xlsx_problem_rows_are_sheet_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["gso_code"] + IDS)
    for code, values in plausible(17).iterrows():
        ws.append([code] + [float(v) for v in values])
    ws.cell(row=10, column=2).value = "n/a"
    ws.cell(row=11, column=3).value = -5
    path = tmp_path / "rows.xlsx"
    wb.save(path)
    with pytest.raises(DataValidationError) as info:
        read_indicator_table(path)
    assert problem_set(info.value) == {("missing-value", 10, IDS[0]), ("out-of-range", 11, IDS[1])}


# --- templates -----------------------------------------------------------------------------------

def _fill(rows: list[list[str]], values: pd.DataFrame) -> list[list[str]]:
    out = [list(rows[0])]
    for r in rows[1:]:
        out.append(r[:2] + [fmt(v, comma=True) for v in values.loc[r[0]]])
    return out


def test_indicator_template_layout():
    rows = indicator_template_rows(FW)
    assert rows[0][:2] == ["gso_code", "Tỉnh/thành phố"]
    assert rows[0][2:] == [f"{i.name_vi} ({i.unit})" for i in FW.indicators]
    assert PCT_HEADER_NOW in rows[0]
    assert [r[0] for r in rows[1:]] == CODES
    assert all(v == "" for r in rows[1:] for v in r[2:])


def test_filled_csv_template_is_accepted(tmp_path):
    write_templates(tmp_path)
    with open(tmp_path / "ict_index_template.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    values = plausible(18)
    path = write_csv(tmp_path / "filled.csv", _fill(rows, values), bom=True)
    t = read_indicator_table(path)
    pd.testing.assert_frame_equal(t.data, values, check_exact=True)


def test_filled_xlsx_template_is_accepted(tmp_path):
    write_templates(tmp_path)
    values = plausible(19)
    wb = openpyxl.load_workbook(tmp_path / "ict_index_template.xlsx")
    ws = wb.worksheets[0]
    for r in range(2, 65):
        code = ws.cell(row=r, column=1).value
        assert isinstance(code, str) and len(code) == 2
        for k, ind in enumerate(IDS):
            ws.cell(row=r, column=3 + k).value = float(values.loc[code, ind])
    wb.save(tmp_path / "filled.xlsx")
    t = read_indicator_table(tmp_path / "filled.xlsx", year=2019)
    pd.testing.assert_frame_equal(t.data, values, check_exact=True)


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_templates_are_deterministic_and_committed(tmp_path):
    a = write_templates(tmp_path / "a")
    b = write_templates(tmp_path / "b")
    assert [p.name for p in a] == list(TEMPLATE_FILES)
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    committed = project_root() / "data" / "raw" / "templates"
    for p in a:
        if p.suffix == ".xlsx":
            # compare contents (compressed bytes depend on the zlib build)
            mine = openpyxl.load_workbook(p)
            theirs = openpyxl.load_workbook(committed / p.name)
            assert mine.sheetnames == theirs.sheetnames
            for ws in mine.worksheets:
                assert [list(r) for r in ws.iter_rows(values_only=True)] == \
                       [list(r) for r in theirs[ws.title].iter_rows(values_only=True)]
            assert theirs.properties.modified == mine.properties.modified
        else:
            assert p.read_bytes() == (committed / p.name).read_bytes(), \
                f"{p.name} is stale: run python -m icttools.ingest.templates"
    wb = openpyxl.load_workbook(a[1])
    assert wb.properties.created == wb.properties.modified
    assert wb.properties.created.year == 2020


def test_counts_template_layout():
    rows = counts_template_rows(FW)
    head = rows[0]
    assert head[:2] == ["gso_code", "Tỉnh/thành phố"]
    assert "population" in head and "civil_servants" in head
    assert head.count("civil_servants") == 1
    free = [i for i in FW.indicators if i.formula is None]
    assert head[-len(free):] == [indicator_header(i) for i in free]
    assert len(rows) == 64 and all(r[head.index("population")] == "" for r in rows[1:])


# --- years and processed output ----------------------------------------------------------------

def test_load_year_and_available_years(tmp_path):
    base = tmp_path / "ict_index"
    (base / "2018").mkdir(parents=True)
    (base / "2016").mkdir()
    df = plausible(20)
    write_csv(base / "2018" / "indicators.csv", table_rows(df))
    assert available_years(base) == [2016, 2018]
    pd.testing.assert_frame_equal(load_year(2018, data_dir=base), df, check_exact=True)
    t = load_year_table(2018, data_dir=base)
    assert t.year == 2018 and t.source == "indicators.csv"
    with pytest.raises(FileNotFoundError) as info:
        load_year(2017, data_dir=base)
    msg = str(info.value)
    assert "2017" in msg and "2016, 2018" in msg and str(tmp_path) not in msg
    with pytest.raises(FileNotFoundError, match="2016"):
        load_year(2016, data_dir=base)  # folder without a table
    assert available_years(tmp_path / "nowhere") == []


def test_write_processed_with_manifest(tmp_path):
    df = plausible(21)
    df.loc["02", "email_use"] = np.nan
    rows = table_rows(df)
    rows[2][2 + IDS.index("email_use")] = ""
    raw = write_csv(tmp_path / "in.csv", rows)
    raw_bytes = raw.read_bytes()
    t = read_indicator_table(raw, year=2018, impute="regional-mean")
    out = write_processed(t, tmp_path / "processed")
    assert out == tmp_path / "processed" / FW.id / "2018"
    assert raw.read_bytes() == raw_bytes  # raw file untouched

    back = pd.read_csv(out / "indicators.csv", dtype={"gso_code": str})
    assert list(back.columns) == ["gso_code"] + IDS
    pd.testing.assert_frame_equal(back.set_index("gso_code"), t.data, check_exact=True)

    text = (out / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert manifest["inputs"] == [{"path": "in.csv", "sha256": hashlib.sha256(raw_bytes).hexdigest(),
                                   "kind": "indicators"}]
    assert manifest["framework_id"] == FW.id and manifest["year"] == 2018
    assert manifest["rows"] == 63 and manifest["columns"] == 30
    assert manifest["imputations"][0]["gso_code"] == "02"
    assert manifest["imputations"][0]["method"] == "regional-mean"
    assert manifest["outputs"][0]["sha256"] == hashlib.sha256((out / "indicators.csv").read_bytes()).hexdigest()
    assert manifest["icttools_version"]
    assert text == json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert str(tmp_path) not in text and str(Path.home()) not in text
    for key in ("created", "timestamp", "date", "time"):
        assert key not in manifest

    # deterministic: writing again gives identical bytes
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    write_processed(t, tmp_path / "processed")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(before) == ["indicators.csv", "manifest.json"]  # no temp files left

    with pytest.raises(ValueError, match="year"):
        write_processed(read_indicator_table(raw, impute="regional-mean"), tmp_path / "p2")


# --- atomic writing --------------------------------------------------------------------------------

def test_atomic_write_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "sub" / "f.txt"
    atomic.atomic_write_text(target, "one\n")
    os.chmod(target, 0o640)
    atomic.atomic_write_text(target, "two\n")
    assert target.read_text() == "two\n"
    assert (target.stat().st_mode & 0o777) == 0o640
    atomic.atomic_write_bytes(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    atomic.atomic_write_csv(pd.DataFrame({"a": [1, 2]}), tmp_path / "x.csv")
    assert (tmp_path / "x.csv").read_text() == "a\n1\n2\n"
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["f.txt"]


def test_atomic_write_failure_at_replace_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "data.csv"
    target.write_text("old content\n")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic.atomic_write_text(target, "new content\n")
    assert target.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["data.csv"]


def test_atomic_write_failure_mid_write_keeps_old_file(tmp_path):
    target = tmp_path / "book.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="mid-way"):
        with atomic.atomic_open(target, "wb") as fh:
            fh.write(b"partial new content")
            raise RuntimeError("writer failed mid-way")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.bin"]

    class BadFrame:
        def to_csv(self, **kwargs):
            raise ValueError("cannot serialise")

    with pytest.raises(ValueError):
        atomic.atomic_write_csv(BadFrame(), tmp_path / "new.csv")
    assert not (tmp_path / "new.csv").exists()


def test_write_processed_failure_keeps_the_previous_pair(tmp_path, monkeypatch):
    """Data and manifest are replaced together or not at all (issue 11: a blocked manifest
    used to leave new data beside the old manifest)."""
    from icttools.ingest import processed

    raw = write_csv(tmp_path / "in.csv", table_rows(plausible(22)))
    t = read_indicator_table(raw, year=2017)
    out = write_processed(t, tmp_path / "processed")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    t2 = read_indicator_table(write_csv(tmp_path / "in2.csv", table_rows(plausible(23))), year=2017)

    real_write = Path.write_bytes

    def fail_on_manifest(self, data):
        if self.name == "manifest.json":
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", fail_on_manifest)
    with pytest.raises(processed.ProcessedWriteError, match="No space left.*previous data and manifest are kept"):
        write_processed(t2, tmp_path / "processed")
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the old pair, both files
    assert sorted(p.name for p in out.parent.iterdir()) == ["2017"]  # no temporary folder left

    # the final swap fails: the old pair is put back
    real_replace = os.replace

    def fail_on_swap(src, dst):
        if ".tmp-" in str(src):
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_swap)
    with pytest.raises(processed.ProcessedWriteError):
        write_processed(t2, tmp_path / "processed")
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["2017"]


def test_write_processed_with_the_manifest_path_blocked(tmp_path):
    """The case of issue 11: a folder where manifest.json should be. The pair replaces the
    whole year folder, so both files are the new ones."""
    t = read_indicator_table(write_csv(tmp_path / "in.csv", table_rows(plausible(22))), year=2017)
    out = tmp_path / "processed" / FW.id / "2017"
    (out / "manifest.json").mkdir(parents=True)
    (out / "indicators.csv").write_text("stale\n")
    write_processed(t, tmp_path / "processed")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    data = (out / "indicators.csv").read_bytes()
    assert manifest["outputs"][0]["sha256"] == hashlib.sha256(data).hexdigest()
    assert sorted(p.name for p in out.iterdir()) == ["indicators.csv", "manifest.json"]


def test_write_processed_cleans_up_after_a_killed_write(tmp_path):
    t = read_indicator_table(write_csv(tmp_path / "in.csv", table_rows(plausible(22))), year=2017)
    parent = tmp_path / "processed" / FW.id
    out = write_processed(t, tmp_path / "processed")
    good = {p.name: p.read_bytes() for p in out.iterdir()}
    # killed while writing the temporary folder
    (parent / ".2017.tmp-dead1").mkdir()
    (parent / ".2017.tmp-dead1" / "indicators.csv").write_text("half")
    # killed between moving the old folder aside and renaming the new one into place
    out.rename(parent / ".2017.old-dead2")
    assert not out.exists()
    t2 = read_indicator_table(write_csv(tmp_path / "in2.csv", table_rows(plausible(23))), year=2017)
    write_processed(t2, tmp_path / "processed")
    assert sorted(p.name for p in parent.iterdir()) == ["2017"]
    new = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(new) == ["indicators.csv", "manifest.json"] and new != good
    assert (out.stat().st_mode & 0o777) != 0o700  # not the private mode of a temporary folder


def test_problem_is_plain_data():
    p = Problem("a.csv", 2, "x", "1", "non-numeric", "a.csv, row 2, column 'x': bad (non-numeric)")
    assert str(p) == p.message
    assert p.to_dict()["suggestions"] == []


def test_read_table_or_counts_on_indicator_table(tmp_path):
    df = plausible(24)
    t = read_table_or_counts(write_csv(tmp_path / "ind.csv", table_rows(df)))
    assert t.kind == "indicators"
    pd.testing.assert_frame_equal(t.data, df, check_exact=True)


def test_headers_of_an_older_template_are_still_read(tmp_path):
    """Criterion names were corrected to plan 126/KH-UBND's; a file filled in from an older template
    (with the earlier names, ``former_names_vi``) reads exactly as one with the current names."""
    values = plausible(21)
    old = [f"{i.former_names_vi[0]} ({i.unit})" if i.former_names_vi else f"{i.name_vi} ({i.unit})"
           for i in FW.indicators]
    assert sum(bool(i.former_names_vi) for i in FW.indicators) >= 15
    new = [f"{i.name_vi} ({i.unit})" for i in FW.indicators]
    a = read_indicator_table(write_csv(tmp_path / "old.csv", table_rows(values, old)))
    b = read_indicator_table(write_csv(tmp_path / "new.csv", table_rows(values, new)))
    pd.testing.assert_frame_equal(a.data, b.data, check_exact=True)
    pd.testing.assert_frame_equal(a.data, values, check_exact=True)
