"""Files an operator may be sent (issue 11): unreadable files, readable error lists, template
rows, sheets, formulas, former and 2025 province names. The corpus test runs every command on
such files; these tests pin the pieces down one by one."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from icttools.cli import main
from icttools.core.errors import InputError, InputFileNotFound
from icttools.core.paths import project_root
from icttools.core.provinces import UnknownProvinceError, load_provinces, resolve_province
from icttools.ingest import readers
from icttools.ingest.encodings import encode_legacy, guess_legacy_encoding
from icttools.ingest.io import DataValidationError, read_table_or_counts
from icttools.ingest.problems import QUOTE_LIMIT, make_problem, quoted
from icttools.ingest.sniff import UnreadableFileError, identify
from icttools.present.problems import fmt_count, problem_lines

DEMO = project_root() / "data" / "raw" / "ict_index" / "2018" / "indicators.csv"
PROV = load_provinces()


def demo_rows() -> list[list[str]]:
    with open(DEMO, encoding="utf-8-sig", newline="") as fh:
        return [list(r) for r in csv.reader(fh)]


def write_rows(path, rows, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- legacy encodings ------------------------------------------------------------------------

@pytest.mark.parametrize("text, encoding, expected", [
    # published examples of each encoding, written by hand (not by the encoder under test)
    ("Bảo Thắng", "tcvn3", b"B\xb6o Th\xbeng"),
    ("Mường Khương", "tcvn3", b"M\xad\xeang Kh\xad\xacng"),
    ("Hà Giang", "tcvn3", b"H\xb5 Giang"),
    ("Đà Nẵng", "tcvn3", b"\xa7\xb5 N\xbdng"),
    ("Xin chào các bạn", "vni", b"Xin cha\xf8o ca\xf9c ba\xefn"),
    ("Đà Nẵng", "vni", b"\xd1a\xf8 Na\xfcng"),
    ("Hà Nội", "vni", b"Ha\xf8 No\xe4i"),
    ("Hà Giang", "cp1258", b"H\xe0 Giang"),
    ("Quảng Ngãi", "cp1258", b"Qua\xd2ng Nga\xdei"),
    ("Thừa Thiên Huế", "cp1258", b"Th\xfd\xcca Thi\xean Hu\xea\xec"),
])
def test_legacy_encoders_match_known_bytes(text, encoding, expected):
    assert encode_legacy(text, encoding) == expected


def test_legacy_encoding_is_recognised_from_province_names():
    names = list(PROV["name_vi"])
    for enc in ("cp1258", "tcvn3", "vni"):
        data = encode_legacy("gso_code,Tỉnh\n02,Hà Giang\n48,Đà Nẵng\n", enc)
        assert guess_legacy_encoding(data, names) == enc
    assert guess_legacy_encoding(b"gso_code,province\n02,Ha Giang\n", names) is None


# --- what a file seems to be -----------------------------------------------------------------

@pytest.mark.parametrize("data, kind", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n....", "image"),
    (b"%PDF-1.4\n", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(20), "xls"),
    (b"PK\x03\x04rest", "zip"),
    (b"\xff\xfeg\x00s\x00", "utf-16"),
    ("gso_code,province\n02,x\n".encode("utf-16-le"), "utf-16"),
    (b"  <html><table>", "html"),
    (b"gso_code,province\n02,Ha Giang\n", None),
])
def test_identify(data, kind):
    found = identify(data)
    assert (found[0] if found else None) == kind


def test_unreadable_files_are_input_errors_with_one_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("gso_code,Tỉnh\n02,Hà Giang\n".encode("utf-16"))
    with pytest.raises(UnreadableFileError) as info:
        read_table_or_counts(path)
    err = info.value
    assert isinstance(err, InputError) and err.kind == "utf-16" and err.source == "t.csv"
    assert "\n" not in str(err) and "CSV UTF-8" in str(err)
    with pytest.raises(InputFileNotFound, match="input file not found: nope.csv"):
        read_table_or_counts(tmp_path / "nope.csv")
    assert issubclass(InputFileNotFound, FileNotFoundError)  # callers catching the builtin still do


def test_a_huge_cell_is_read_and_quoted_short(tmp_path):
    rows = demo_rows()
    rows[2][5] = "7" * 200_000
    with pytest.raises(DataValidationError) as info:
        read_table_or_counts(write_rows(tmp_path / "t.csv", rows))
    (p,) = info.value.problems
    assert p.rule == "non-numeric" and p.row == 3 and len(p.value) == 200_000
    assert len(p.message) < 2 * QUOTE_LIMIT + 200 and "(200,000 characters)" in p.message
    import csv as csv_module
    assert csv_module.field_size_limit() == 131072  # the limit is restored after reading
    assert quoted("a\nb") == "'a b'"


def test_too_many_rows_stops_early(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 100)
    lines = ["gso_code,fixed_phones_per100"] + [f"02,{k}" for k in range(150)]
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match=r"more than 100 rows with content \(row 102 is one\)"):
        read_table_or_counts(tmp_path / "t.csv")


def test_header_row_below_a_title(tmp_path):
    rows = demo_rows()
    titled = [["BẢNG SỐ LIỆU NĂM 2018"], [], ["Đơn vị: theo cột"]] + rows
    t = read_table_or_counts(write_rows(tmp_path / "t.csv", titled))
    ref = read_table_or_counts(DEMO)
    assert t.data.equals(ref.data)
    # problems keep the row numbers a spreadsheet shows: the header is row 4 here
    titled[5][4] = "abc"
    with pytest.raises(DataValidationError) as info:
        read_table_or_counts(write_rows(tmp_path / "t2.csv", titled))
    assert [(p.rule, p.row) for p in info.value.problems] == [("non-numeric", 6)]


# --- template rows, option spelling --------------------------------------------------------------

def _partial(tmp_path, filled=("01", "02", "04")):
    rows = demo_rows()
    out = [rows[0]] + [r if r[0] in filled else r[:2] + [""] * (len(r) - 2) for r in rows[1:]]
    return write_rows(tmp_path / "partial.csv", out)


def test_rows_with_only_the_province_are_missing_provinces(tmp_path):
    path = _partial(tmp_path)
    with pytest.raises(DataValidationError) as info:
        read_table_or_counts(path)
    problems = info.value.problems
    assert {p.rule for p in problems} == {"missing-province"} and len(problems) == 60
    first = problems[0]
    assert first.row == 5 and first.value == "06"  # Bắc Kạn, the first empty row
    assert "only its name or code" in first.message
    assert "pass allow_missing_provinces=True" in first.message  # the Python spelling
    t = read_table_or_counts(path, allow_missing_provinces=True)
    assert list(t.data.index) == ["01", "02", "04"] and not t.data.isna().any().any()
    # imputation fills empty cells of a filled row, never a whole province
    with pytest.raises(DataValidationError):
        read_table_or_counts(path, impute="regional-mean")


def test_command_line_spelling_and_summary(tmp_path, capsys):
    path = _partial(tmp_path, filled=("01",))
    code, out, err = run(capsys, "validate", path, "--year", "2018")
    lines = err.splitlines()
    assert code == 2 and len(lines) == 51
    assert all("--allow-missing-provinces" in ln for ln in lines[:50])
    assert "allow_missing_provinces=True" not in err
    assert lines[-1] == "... and 12 more: 12 missing-province"
    code, out, err = run(capsys, "validate", path, "--year", "2018", "--lang", "vi")
    assert err.splitlines()[-1] == "… và 12 lỗi khác: 12 missing-province"
    code, out, err = run(capsys, "validate", path, "--year", "2018", "--allow-missing-provinces")
    assert code == 0 and "OK: partial.csv: 1 provinces" in out and "missing: 62 provinces" in out
    # an analysis command has no such option, so none is suggested
    code, out, err = run(capsys, "compute", "--year", "2018", "--data", path)
    assert code == 2 and "allow" not in err and "the year needs all 63" in err


def test_problem_lines_count_the_rest_by_rule():
    problems = ([make_problem("f.csv", k, "x", "", "missing-value", "empty") for k in range(2, 2252)]
                + [make_problem("f.csv", 3000 + k, "x", "a", "non-numeric", "bad") for k in range(31)])
    lines = problem_lines(problems)
    assert len(lines) == 51 and lines[:50] == [p.message for p in problems[:50]]
    assert lines[-1] == "... and 2,231 more: 2,200 missing-value, 31 non-numeric"
    assert problem_lines(problems, lang="vi")[-1] == "… và 2 231 lỗi khác: 2 200 missing-value, 31 non-numeric"
    assert problem_lines(problems[:50]) == [p.message for p in problems[:50]]
    assert fmt_count(1234567, "vi") == "1 234 567"


# --- workbooks -------------------------------------------------------------------------------

def _workbook(rows, path, first_sheet=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    if first_sheet:
        ws.title = first_sheet
        ws["A1"] = "Hướng dẫn điền số liệu"
        ws = wb.create_sheet("Số liệu")
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_data_on_another_sheet_is_named_in_each_spelling(tmp_path, capsys):
    path = _workbook(demo_rows(), tmp_path / "t.xlsx", first_sheet="Hướng dẫn")
    with pytest.raises(UnreadableFileError, match="sheet 'Số liệu' looks like the data; use sheet='Số liệu'"):
        read_table_or_counts(path)
    code, _, err = run(capsys, "validate", path)
    assert code == 2 and err.strip().endswith('use --sheet "Số liệu"')
    assert read_table_or_counts(path, sheet="Số liệu").data.shape == (63, 30)
    assert read_table_or_counts(path, sheet=1).data.shape == (63, 30)
    with pytest.raises(InputError, match="no sheet 'Data'; the sheets are 'Hướng dẫn', 'Số liệu'"):
        read_table_or_counts(path, sheet="Data")


def test_formulas_without_saved_values(tmp_path):
    rows = demo_rows()
    path = _workbook(rows, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["E3"] = "=D3*2"
    wb.active["A5"] = "=\"0\"&\"6\""  # even the province code
    wb.save(path)  # openpyxl computes nothing: no saved value, as from many export scripts
    with pytest.raises(DataValidationError) as info:
        read_table_or_counts(path)
    got = {(p.rule, p.row, p.value) for p in info.value.problems}
    assert ("formula-without-value", 3, "=D3*2") in got
    assert ("formula-without-value", 5, '="0"&"6"') in got
    assert all("open and save the file in Excel" in p.message
               for p in info.value.problems if p.rule == "formula-without-value")


def test_a_damaged_workbook(tmp_path):
    path = _workbook(demo_rows(), tmp_path / "t.xlsx")
    data = path.read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[:2000])
    with pytest.raises(UnreadableFileError, match="damaged or incomplete") as info:
        read_table_or_counts(tmp_path / "cut.xlsx")
    assert info.value.kind == "damaged-xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "x")
    (tmp_path / "zip.xlsx").write_bytes(buf.getvalue())
    with pytest.raises(UnreadableFileError, match="ZIP archive"):
        read_table_or_counts(tmp_path / "zip.xlsx")


# --- province names ----------------------------------------------------------------------------

def test_former_province_ha_tay():
    for query in ("Hà Tây", "ha tay", "Tỉnh Hà Tây"):
        with pytest.raises(UnknownProvinceError) as info:
            resolve_province(query)
        assert "former province: merged into Hà Nội on 1/8/2008" in str(info.value)
        assert info.value.suggestions == ["01"]
    assert resolve_province("Hà Tĩnh").gso_code == "42"  # look-alikes are unaffected


def test_the_34_units_of_2025_are_recognised(tmp_path):
    from icttools.core.provinces import merge_2025

    rows = demo_rows()
    by_code = {r[0]: r for r in rows[1:]}
    units = merge_2025().drop_duplicates("new_code")
    table = [["Tỉnh/thành phố"] + rows[0][2:]] + [[u.new_name_vi] + by_code[u.old_gso_code][2:]
                                                  for u in units.itertuples()]
    path = write_rows(tmp_path / "units.csv", table)
    with pytest.raises(DataValidationError) as info:
        read_table_or_counts(path, year=2019)
    rules = [p.rule for p in info.value.problems]
    assert rules.count("unit-2025") == 23 and "missing-province" not in rules  # explained, not listed
    tq = next(p for p in info.value.problems if p.value == "Tuyên Quang")
    assert tq.message.endswith("Tuyên Quang is a 2025 unit formed from Hà Giang, Tuyên Quang; "
                               "give the 63 provinces before 1/7/2025 (one row each) (unit-2025)")
    # a table for 2025 or later is not read as such (icttools has no 34-unit framework yet)
    with pytest.raises(DataValidationError) as info:
        read_table_or_counts(path, year=2025)
    assert "unit-2025" not in {p.rule for p in info.value.problems}


def test_a_partial_table_of_namesakes_is_not_taken_for_the_2025_units(tmp_path):
    # Tuyên Quang and Đà Nẵng filled, their 2025 partners empty: a partial table, nothing more
    t = read_table_or_counts(_partial(tmp_path, filled=("08", "48", "01")), year=2019,
                             allow_missing_provinces=True)
    assert list(t.data.index) == ["01", "08", "48"]


# --- command line ----------------------------------------------------------------------------

def test_check_published_without_published_figures_is_a_notice(capsys):
    code, out, err = run(capsys, "check-published", "--year", "2020", "--data", DEMO)
    # 2020 lies outside the method's years: a warning (issue 8), not an error
    assert code == 0 and err.splitlines() == [err.splitlines()[0]]
    assert err.startswith("warning: method of 2016–2019 applied to 2020")
    assert out.startswith("notice: no published figures for 2020") and "2017, 2018, 2019" in out


def test_every_data_command_answers_an_unreadable_file_in_one_line(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_bytes(encode_legacy("gso_code,Tỉnh/thành phố\n02,Hà Giang\n", "tcvn3"))
    for argv in (["validate", path], ["compute", "--year", 2018, "--data", path],
                 ["check-published", "--year", 2018, "--data", path],
                 ["gaps", "--year", 2018, "--province", "02", "--data", path],
                 ["scenario", project_root() / "data/raw/scenarios/plan126_ha_giang.yaml", "--data", path]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and err.count("\n") == 1 and "TCVN3" in err, (argv, err)


def test_every_unreadable_kind_is_said_in_both_languages():
    from icttools.ingest.sniff import KINDS
    from icttools.present.problems import error_line

    params = dict(what="PNG", suffix=".ods", right=".csv", detail="BadZipFile", encoding="VNI",
                  line=3, limit=10_000, row=10_002, sheet="A", other="Số liệu", option='--sheet "Số liệu"')
    for kind in KINDS:
        err = UnreadableFileError("f.csv", kind, **{**params, "what": "csv" if kind == "misnamed" else "PNG"})
        en, vi = error_line(err, "en"), error_line(err, "vi")
        assert en == f"error: {err}" and vi.startswith("lỗi: f.csv: ") and vi != en.replace("error", "lỗi")
        assert "{" not in vi and "}" not in vi and vi.count("; ") >= 1, vi
    assert "10 000" in error_line(UnreadableFileError("f.csv", "too-many-rows", limit=10_000, row=5), "vi")


@pytest.mark.e2e
def test_the_batch_runner_suggests_no_option_it_does_not_have(tmp_path, capsys):
    """`icttools run` has neither --sheet nor --allow-missing-provinces: its one line must not
    tell the operator to use them (nor their Python spelling)."""
    year = tmp_path / "data" / "2018"
    year.mkdir(parents=True)
    _workbook(demo_rows(), year / "indicators.xlsx", first_sheet="Hướng dẫn")
    argv = ["run", "--year", 2018, "--province", "02", "--notebooks", "01",
            "--data-dir", tmp_path / "data", "--output-dir", tmp_path / "out"]
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1
    assert "sheet 'Số liệu' looks like the data; make it the first sheet" in err and "sheet=" not in err
    (year / "indicators.xlsx").unlink()
    _partial(tmp_path).rename(year / "indicators.csv")
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1
    assert "only its name or code (the year needs all 63)" in err and "allow" not in err


def test_text_under_a_workbook_name_is_called_text(tmp_path):
    (tmp_path / "t.xlsx").write_text("gso_code\tfixed_phones_per100\n02\t1,5\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match=r"a text \(CSV\) file with a \.xlsx name; rename it to \.csv"):
        read_table_or_counts(tmp_path / "t.xlsx")
