"""The Excel workbook of a province and year (icttools.run.workbook, ``icttools export``).

Read back with openpyxl as a colleague's Excel would: sheets, numbers stored as numbers with
formats, frozen headers, the province's row highlighted, no formula anywhere, and hostile text
from a data file or a scenario file kept as inert text. No kernel is started.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import make_random_table
from icttools.cli import main as cli_main
from icttools.run.workbook import build_workbook, default_scenario, safe_text
from icttools.study import load

HOSTILE = ['=HYPERLINK("http://evil.example/x","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           '<script>alert(2)</script><img src=x onerror="alert(1)">', "javascript:alert(1)"]

#: Writes whole workbooks / PDFs: seconds each, so in the full `make test` only (not `make test-fast`).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    """A data folder whose 2018 table and scenario file carry hostile text."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "raw" / "ict_index" / "2018"
    folder.mkdir(parents=True)
    table = make_random_table(3).reset_index()
    table.insert(1, "data_source", HOSTILE[0] + " SYNTHETIC\x07 test")
    table.to_csv(folder / "indicators.csv", index=False)
    scen = root / "raw" / "scenarios"
    scen.mkdir(parents=True)
    (scen / "plan126_ha_giang.yaml").write_text(
        "name_vi: '=HYPERLINK(\"http://evil.example\",\"x\")'\n"
        "name_en: '@evil'\n"
        "year: 2018\nframework: ict_index_2016\n"
        "changes:\n  - province: '02'\n    indicator: it_staff_pct\n    set: 5\n"
        "    source: '=cmd'\n    comment: '<script>alert(3)</script>'\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def demo_book() -> bytes:
    study = load(2018)
    return build_workbook(study, "02", lang="vi", scenario=default_scenario(study))


def open_book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_numbers_and_layout(demo_book):
    wb = open_book(demo_book)
    assert wb.sheetnames == ["Xếp hạng", "Khoảng cách", "Mức cần đạt", "Phương án mục tiêu", "Kịch bản",
                             "Xu hướng", "Thay đổi hạng", "Nguồn dữ liệu", "Thông tin kỹ thuật"]
    for ws in wb:
        assert ws.freeze_panes == "A3", ws.title  # title row and header row stay in view
        assert ws["A1"].value.startswith("Chỉ số ICT Index 2018 – Hà Giang")
        assert "DỮ LIỆU GIẢ LẬP" in ws["A1"].value  # the demo year is synthetic
        assert all(ws.column_dimensions[c].width >= 8 for c in ("A", "B") if c in ws.column_dimensions)
    ranking = wb["Xếp hạng"]
    assert ranking["D2"].value == "Chỉ số ICT Index: điểm (0–1)" or ranking["D2"].value.endswith("điểm (0–1)")
    rows = list(ranking.iter_rows(min_row=3))
    assert len(rows) == 63
    hg = next(r for r in rows if r[0].value == "02")
    assert (hg[3].value, hg[4].value) == (0.5066, 17)
    assert hg[3].data_type == "n" and hg[3].number_format == "0.0000" and hg[4].number_format == "0"
    assert hg[0].fill.fgColor.rgb.endswith("FFF2CC") and hg[0].font.b  # the province stands out
    other = next(r for r in rows if r[0].value == "01")
    assert not other[0].font.b
    assert [r[4].value for r in rows] == sorted(r[4].value for r in rows)  # by rank
    gaps = wb["Khoảng cách"]
    numeric = [c for row in gaps.iter_rows(min_row=3, min_col=5, max_col=12) for c in row if c.value is not None]
    assert numeric and all(c.data_type == "n" for c in numeric)
    plan = wb["Phương án mục tiêu"]
    assert {r[0].value for r in plan.iter_rows(min_row=3)} == {"giữ nguyên số liệu",
                                                               "tiếp tục cải thiện theo xu hướng"}
    trends = [r for r in wb["Xu hướng"].iter_rows(min_row=3, values_only=True)]
    assert [(r[0], r[1], r[3]) for r in trends] == [(2017, "dữ liệu giả lập", 22), (2018, "dữ liệu giả lập", 17),
                                                    (2019, "dữ liệu giả lập", 15)]
    sources = [r for r in wb["Nguồn dữ liệu"].iter_rows(min_row=3, values_only=True)]
    assert [(r[0], r[2]) for r in sources] == [(2017, "Có"), (2018, "Có"), (2019, "Có")]
    assert all(len(r[5]) == 64 for r in sources)  # each file's SHA-256
    scenario = wb["Kịch bản"]
    assert scenario["A3"].value.startswith("Kế hoạch 126/KH-UBND")
    assert scenario.max_row == 2 + 63


def test_no_formula_and_no_date_anywhere(demo_book):
    wb = open_book(demo_book)
    assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(demo_book)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
        assert "dcterms:created" not in core and "dcterms:modified" not in core
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def test_same_bytes_twice():
    study = load(2018)
    assert build_workbook(study, "48", lang="en") == build_workbook(study, "48", lang="en")


def test_english_words(tmp_path):
    wb = open_book(build_workbook(load(2019), "48", lang="en"))
    assert wb.sheetnames[:3] == ["Ranking", "Gaps", "Break-even values"]
    assert wb["Ranking"]["B2"].value == "Province"
    assert wb["Scenario"]["A3"].value == "No scenario file for 2019 (plan126_ha_giang.yaml)."


def test_hostile_text_stays_text(hostile_root):
    study = load(2018, data_dir=hostile_root)
    data = build_workbook(study, "02", lang="vi", scenario=default_scenario(study))
    wb = open_book(data)
    source = wb["Nguồn dữ liệu"]["E3"]
    assert source.value == HOSTILE[0] + " SYNTHETIC test"  # the bell character is dropped
    assert source.data_type == "s" and source.quotePrefix
    scenario = wb["Kịch bản"]["A3"]
    assert scenario.value == '=HYPERLINK("http://evil.example","x")' and scenario.data_type == "s"
    assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("text", HOSTILE)
def test_risky_starts_get_the_quote_prefix(text):
    from icttools.run.workbook import _Sheets  # the cell writer itself

    sheets = _Sheets("vi", "{sheet}", synthetic=False)
    sheets.add("xl_sheet_sources", ["x"], [[text]], [None])
    cell = open_book(sheets.to_bytes())["Nguồn dữ liệu"]["A3"]
    assert cell.value == text and cell.data_type == "s"
    assert cell.quotePrefix == text.startswith(("=", "+", "-", "@"))
    assert safe_text("a\x00b\x1fc") == "abc"


def test_cli_export(tmp_path, capsys):
    out = tmp_path / "sub" / "hg.xlsx"
    assert cli_main(["export", "--year", "2018", "--province", "Ha Giang", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) >= 6
    assert cli_main(["export", "--year", "2018", "--province", "02", "--lang", "en",
                     "--out", str(tmp_path / "hg.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".xlsx" in err
    assert cli_main(["export", "--year", "2018", "--province", "99", "--out", str(out)]) == 2
    assert "99" in capsys.readouterr().err
    assert not list(tmp_path.glob("sub/.*.tmp"))  # atomic: no temporary file left
