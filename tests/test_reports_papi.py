"""End to end: ``icttools run`` on real PAPI data and on the 34 provinces of 1/7/2025.

The seven reports succeed for Hà Giang 2024 (PAPI, Vietnamese and English), for PAPI 2019, for
the 2024 leader and last province, and for the new Tuyên Quang (08) 2018 among the 34 units. The
reports say the PAPI data are REAL, that the ranks are derived by icttools, and show the quartile
group; the 34-unit report names the former provinces with their 2018 ranks among the 63. Their
folders never collide with the ICT Index's 63-province reports, and a 63-era province asked of the
34 units is refused before any kernel starts.
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest

from icttools.cli import main as cli_main
from icttools.run.runner import run

pytestmark = pytest.mark.e2e  # every test here executes the report notebooks

NOTEBOOKS = ["00_data_quality", "01_index_overview", "02_gap_analysis", "03_rank_sensitivity",
             "04_targets_scenarios", "05_trends", "06_leader_brief"]


def _text(path: Path) -> str:
    """The visible text of a report page (tags removed, entities decoded)."""
    page = path.read_text(encoding="utf-8")
    body = page[page.index("<body"):]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _quiet(**kw):
    return run(progress=False, stream=io.StringIO(), **kw)


@pytest.fixture(scope="module")
def papi(tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    vi = _quiet(years=2024, provinces="02", framework="papi_2018", output_dir=out)
    en = _quiet(years=2024, provinces="02", framework="papi_2018", output_dir=out, lang="en")
    ict = _quiet(years=2018, provinces="02", notebooks="01", output_dir=out)
    return out, vi, en, ict


def test_papi_all_seven_reports_in_both_languages(papi):
    out, vi, en, _ = papi
    for report, lang in ((vi, "vi"), (en, "en")):
        assert (report.n_ok, report.n_failed) == (7, 0), [(r.notebook, r.evalue) for r in report.results if not r.ok]
        folder = out / "papi_2018" / "2024" / "02-ha-giang" / lang
        for name in NOTEBOOKS:
            page = (folder / f"{name}.html").read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in page, name
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        assert summary["framework"] == "papi_2018" and summary["ranks_derived"] is True
        assert summary["no_total"] == ["26", "82"]
        assert summary["group_en"] == "high average"  # Hà Giang 2024: rank 30 of 63, second quartile


def test_papi_pages_say_real_derived_and_the_group(papi):
    out, *_ = papi
    vi = _text(out / "papi_2018" / "2024" / "02-ha-giang" / "vi" / "01_index_overview.html")
    en = _text(out / "papi_2018" / "2024" / "02-ha-giang" / "en" / "01_index_overview.html")
    assert "Số liệu thật (REAL)" in vi and "UNDP, CECODES và VFF-CRT" in vi and "2024" in vi
    assert "Real data (REAL)" in en and "UNDP, CECODES and VFF-CRT" in en
    assert "Thứ hạng trong báo cáo do icttools suy ra từ điểm số" in vi
    assert "The ranks in this report are derived by icttools from the scores" in en
    assert "nhóm đạt điểm trung bình cao" in vi and "“high average”" in en
    assert "SYNTHETIC" not in vi
    # key messages first: before every other section heading
    assert vi.index("Kết luận chính") < vi.index("Xếp hạng 63 tỉnh, thành phố")
    # the provinces without a total are named, with the dimension missing
    assert "Vĩnh Phúc" in vi and "Tiền Giang" in vi and "Không có tổng điểm" in vi
    # PAPI's own word for its 8 dimensions, never the ICT Index's; one message for them, not two
    key_vi = vi[vi.index("Kết luận chính"):vi.index("Xếp hạng 63 tỉnh, thành phố")]
    assert "chỉ số nội dung “" in key_vi and "chỉ số thành phần" not in key_vi
    assert "Theo 8" not in key_vi
    key_en = en[en.index("Key messages"):]
    assert "Its best dimension is" in key_en and "sub-ind" not in key_en[:2000]
    # charts name the data they come from: PAPI, not the ICT Index
    assert "tính từ số liệu PAPI năm 2024" in vi and "ICT Index data" not in en
    assert "Nguồn: icttools, tính từ số liệu Chỉ số ICT Index" not in vi
    # eight dimension columns would not fit A4: numbered, and named in the table's note
    assert "Cột (1)–(8): hạng theo từng chỉ số nội dung: (1) Tham gia của người dân ở cấp cơ sở;" in vi


def test_papi_targets_aim_at_the_top_quartile_and_the_workbook_is_named_for_papi(papi):
    out, vi, *_ = papi
    folder = out / "papi_2018" / "2024" / "02-ha-giang" / "vi"
    sidecars = [json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in NOTEBOOKS]
    assert {json.dumps(sc, sort_keys=True).count('"target_rank": 16') > 0 for sc in sidecars} == {True}
    targets = _text(folder / "04_targets_scenarios.html")
    assert "có thể đạt hạng 16" in targets
    assert (folder / "papi-2024-02-ha-giang-vi.xlsx").is_file()
    assert not list(folder.glob("ict-index-*.xlsx"))


def test_papi_sections_that_do_not_apply_say_why(papi):
    out, *_ = papi
    folder = out / "papi_2018" / "2024" / "02-ha-giang" / "en"
    sens = _text(folder / "03_rank_sensitivity.html")
    assert "method is published in full" in sens
    assert not re.search(r"ranks? \d+ to \d+ in 90", sens)  # no interval claimed
    overview = _text(folder / "01_index_overview.html")
    assert "No published figures to compare with" in overview
    targets = _text(folder / "04_targets_scenarios.html")
    assert "does not apply to PAPI" in targets


def test_ict_and_papi_folders_do_not_collide(papi):
    out, _, _, ict = papi
    assert ict.n_ok == 1
    assert (out / "2018" / "02-ha-giang" / "vi" / "01_index_overview.html").is_file()
    assert not (out / "2024").exists()  # PAPI's 2024 is under papi_2018/, not beside the ICT years
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="2018/02-ha-giang/vi/01_index_overview.html"' in index
    assert 'href="papi_2018/2024/02-ha-giang/vi/01_index_overview.html"' in index
    assert "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh (PAPI)" in index


def test_papi_2019_the_2024_leader_and_last(tmp_path):
    r2019 = _quiet(years=2019, provinces="02", framework="papi_2018", output_dir=tmp_path)
    assert (r2019.n_ok, r2019.n_failed) == (7, 0), [(r.notebook, r.evalue) for r in r2019.results if not r.ok]
    ends = _quiet(years=2024, provinces="22,91", framework="papi_2018", output_dir=tmp_path)  # ranks 1 and 61
    assert (ends.n_ok, ends.n_failed) == (14, 0), [(r.notebook, r.evalue) for r in ends.results if not r.ok]


def test_new_tuyen_quang_names_its_former_provinces(tmp_path):
    report = _quiet(years=2018, provinces="08", units="2025", output_dir=tmp_path)
    assert (report.n_ok, report.n_failed) == (7, 0), [(r.notebook, r.evalue) for r in report.results if not r.ok]
    folder = tmp_path / "ict_index_2016-34" / "2018" / "08-tuyen-quang" / "vi"
    overview = _text(folder / "01_index_overview.html")
    assert "Xếp hạng 34 tỉnh, thành phố" in overview and "25/34" in overview
    assert "Hà Giang (02, hạng 17/63 năm 2018" in overview and "Tuyên Quang (08, hạng 60/63 năm 2018" in overview
    assert "Mã tỉnh cũ (63 tỉnh)" in overview
    assert "5 tiêu chí theo mẫu số thật" in overview and "25 tiêu chí lấy dân số làm mẫu số thay thế" in overview
    assert "do icttools tính" in overview and "SYNTHETIC" in overview
    # the base rank reproduces no published figure among the 34: the sentence must not say so
    assert "tái tạo đúng các số liệu đã công bố" not in overview
    brief = _text(folder / "06_leader_brief.html")
    assert "Hà Giang (02, hạng 17/63 năm 2018" in brief


def test_a_63_era_province_is_refused_for_the_34_units(tmp_path, capsys):
    code = cli_main(["run", "--year", "2018", "--units", "2025", "--province", "02", "--output-dir", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "Hà Giang (02) is part of Tuyên Quang (08) since 1/7/2025; use 08" in err
    assert not any(tmp_path.iterdir())  # nothing ran


def test_an_unknown_framework_is_refused(tmp_path, capsys):
    code = cli_main(["run", "--year", "2018", "--framework", "no_such_index", "--province", "02",
                     "--output-dir", str(tmp_path)])
    assert code == 2 and "no_such_index" in capsys.readouterr().err
