"""The index page for readers (icttools.run.index), built from report folders written here.

No kernel: the sidecars and summaries are written as the runner writes them, with hostile text
where a data file could put some.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from icttools.run.index import collect_index, index_date, render_index, write_index

SYNTH = "SYNTHETIC demo data (icttools demo; calibrated to published figures)"
PROVENANCE = [{"year": y, "kind": "synthetic", "source": f"data/raw/ict_index/{y}/indicators.csv",
               "data_source": SYNTH} for y in (2017, 2018, 2019)]
TITLES = {"00_data_quality": ("Chất lượng dữ liệu", "Data quality"),
          "06_leader_brief": ("Bản tóm tắt cho lãnh đạo", "Brief for leaders")}


def write_folder(out: Path, year: int, code: str, name: str, slug: str, lang: str, *, rank: int | None = 17,
                 previous: int | None = 22, statuses: dict[str, str] | None = None,
                 provenance=PROVENANCE, error: dict | None = None, files: dict | None = None,
                 summary: bool = True) -> Path:
    folder = out / str(year) / f"{code}-{slug}" / lang
    folder.mkdir(parents=True, exist_ok=True)
    statuses = statuses or {"00_data_quality": "ok", "06_leader_brief": "ok"}
    for stem, status in statuses.items():
        f = dict(files if files is not None else {"ipynb": f"{stem}.ipynb", "html": f"{stem}.html"})
        if stem.endswith("_leader_brief") and status == "ok" and files is None:
            f["pdf"] = f"{stem}.pdf"
        side = {"notebook": stem, "status": status, "lang": lang, "year": year,
                "title": f"{TITLES[stem][lang == 'en']} – {name} – {year}",
                "short_title": TITLES[stem][lang == "en"],
                "province": {"gso_code": code, "name_vi": name, "slug": f"{code}-{slug}"},
                "files": f, "error": None if status == "ok" else (error or {"ename": "ValueError", "evalue": "x"}),
                "provenance": provenance, "method_years": None}
        (folder / f"{stem}.json").write_text(json.dumps(side, ensure_ascii=False), encoding="utf-8")
    if summary:
        doc = {"year": year, "province": {"gso_code": code, "name_vi": name, "slug": f"{code}-{slug}"},
               "provenance": provenance, "files": {"workbook": f"ict-index-{year}-{code}-{slug}-{lang}.xlsx"},
               "reports": [], "lang": lang}
        if rank is not None:
            doc.update(rank=rank, score=0.5066, n_units=63,
                       previous=None if previous is None else {"year": year - 1, "rank": previous, "score": 0.5})
        (folder / "summary.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture()
def outputs(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1546300800")  # 2019-01-01
    out = tmp_path / "outputs"
    write_folder(out, 2018, "02", "Hà Giang", "ha-giang", "vi")
    write_folder(out, 2018, "02", "Hà Giang", "ha-giang", "en")
    write_folder(out, 2018, "01", "Hà Nội", "ha-noi", "vi", rank=3, previous=3,
                 statuses={"00_data_quality": "ok", "06_leader_brief": "failed"},
                 error={"ename": "DataValidationError", "evalue": "<b>row 5</b> onerror=alert(1)\nsecond line"})
    write_folder(out, 2019, "02", "Hà Giang", "ha-giang", "vi", rank=15, previous=17)
    write_folder(out, 2019, "48", "Đà Nẵng", "da-nang", "vi", rank=1, previous=1)
    write_folder(out, 2019, "79", "TP. Hồ Chí Minh", "ho-chi-minh", "vi", rank=20, previous=12)
    (out / "2018" / ".tmp-vi-1.2-abcd").mkdir()           # a run in progress: not listed
    (out / "2018" / "02-ha-giang" / "stray.txt").write_text("x")
    (out / "2018" / "02-ha-giang" / "00_old_layout.json").write_text("{}")
    write_index(out)
    return out


def page(out: Path, lang: str = "vi") -> str:
    return (out / ("index.html" if lang == "vi" else "index.en.html")).read_text(encoding="utf-8")


def test_headline_date_and_counts(outputs):
    text = page(outputs)
    assert '<html lang="vi">' in text and "<title>" in text
    h1 = text.index("<h1>")
    assert text.index("Cập nhật ngày 01/01/2019") > h1
    assert "Thứ hạng, điểm và báo cáo của 4 tỉnh, thành phố cho năm 2018, 2019." in text
    assert "12 báo cáo: 11 hoàn thành, 1 lỗi" in text
    assert 'href="index.en.html"' in text
    en = page(outputs, "en")
    assert '<html lang="en">' in en and "Updated on 2019-01-01" in en and "12 reports: 11 completed, 1 failed" in en
    assert 'href="index.html"' in en


def test_one_line_per_province_year_with_rank_change(outputs):
    text = page(outputs)
    rows = re.findall(r"<tr><td class=\"name\">(\d\d [^<]+)</td><td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)</td>"
                      r"<td>([^<]*)</td><td class=\"kind\">([^<]*)</td>", text)
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("01 Hà Nội", "3/63", "giữ nguyên hạng (năm 2017: hạng 3)"),
        ("02 Hà Giang", "17/63", "tăng 5 bậc ▲ (năm 2017: hạng 22)"),
        ("02 Hà Giang", "15/63", "tăng 2 bậc ▲ (năm 2018: hạng 17)"),
        ("48 Đà Nẵng", "1/63", "giữ nguyên hạng (năm 2018: hạng 1)"),
        ("79 TP. Hồ Chí Minh", "20/63", "giảm 8 bậc ▼ (năm 2018: hạng 12)")]
    assert {r[2] for r in rows} == {"0,5066"}
    assert {r[4] for r in rows} == {"dữ liệu giả lập (2017–2019)"}
    en = page(outputs, "en")
    assert "up 5 ▲ (2017: rank 22)" in en and "down 8 ▼" in en and "0.5066" in en


def test_provenance_once_without_duplication(outputs):
    text = page(outputs)
    assert text.count("Dữ liệu giả lập (minh hoạ, hiệu chỉnh theo số liệu đã công bố)") == 1
    assert "Năm 2017–2019: không phải số liệu chính thức" in text
    assert "SYNTHETIC – SYNTHETIC" not in text and "SYNTHETIC –" not in text
    assert f"Dữ liệu năm 2018: dữ liệu giả lập. Nguồn: {SYNTH}" in text


def test_reader_files_apart_from_analyst_files(outputs):
    text = page(outputs)
    row = next(r for r in text.split("<tr>") if r.startswith("<td class=\"name\">02 Hà Giang") and "2018/02" in r)
    reader, analyst = row.split("<details>")
    assert 'href="2018/02-ha-giang/vi/00_data_quality.html">Chất lượng dữ liệu</a>' in reader
    assert 'href="2018/02-ha-giang/vi/06_leader_brief.pdf">bản PDF</a>' in reader
    assert 'href="2018/02-ha-giang/vi/ict-index-2018-02-ha-giang-vi.xlsx">Bảng Excel</a>' in reader
    assert 'href="2018/02-ha-giang/en/00_data_quality.html">Data quality</a>' in reader  # both languages
    assert "Tiếng Việt" in reader and "Tiếng Anh" in reader
    assert ".ipynb" not in reader and ".json" not in reader
    assert "Tệp notebook" in analyst and 'href="2018/02-ha-giang/vi/00_data_quality.ipynb"' in analyst
    assert 'href="2018/02-ha-giang/vi/summary.json"' in analyst


def test_failed_report_marked_and_escaped(outputs):
    text = page(outputs)
    assert text.count('<span class="failed">✗ lỗi</span>') == 1
    assert "DataValidationError: &lt;b&gt;row 5&lt;/b&gt; onerror=alert(1)" in text
    assert "<b>row 5</b>" not in text and "second line" not in text


def test_hidden_and_foreign_folders_are_not_listed(outputs):
    data = collect_index(outputs)
    assert sorted(data) == [2018, 2019]
    assert sorted(data[2018]) == ["01-ha-noi", "02-ha-giang"]
    assert sorted(data[2018]["02-ha-giang"]["langs"]) == ["en", "vi"]
    assert "tmp" not in page(outputs) and "stray" not in page(outputs)


def test_hostile_sources_and_links(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1546300800")
    out = tmp_path / "outputs"
    evil = [{"year": 2018, "kind": "real", "source": "<script>alert(1)</script>",
             "data_source": '<img src=x onerror="alert(1)"> javascript:alert(2) =HYPERLINK("x")'}]
    write_folder(out, 2018, "02", "Hà Giang", "ha-giang", "vi", provenance=evil,
                 files={"html": "javascript:alert(1)", "ipynb": "../../etc/passwd"})
    text = render_index(collect_index(out), "vi")
    assert "<script>" not in text and "<img" not in text and "onerror=\"" not in text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in text
    hrefs = re.findall(r'href="([^"]*)"', text)
    assert hrefs and all(not h.lower().startswith("javascript") and ".." not in h for h in hrefs)
    assert all(re.fullmatch(r"(#y\d{4}|index(\.en)?\.html|\d{4}/\d\d-[a-z0-9-]+/(vi|en)/[A-Za-z0-9_.\-]+)", h)
               for h in hrefs), hrefs
    assert "Số liệu thật" in text or "số liệu thật (2018)" in text


def test_failed_year_is_marked(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1546300800")
    out = tmp_path / "outputs"
    err = {"ename": "DataValidationError", "evalue": "indicators.csv row 5, column x: 'abc' is not a number"}
    write_folder(out, 2017, "02", "Hà Giang", "ha-giang", "vi", rank=None, files={},
                 statuses={"00_data_quality": "failed", "06_leader_brief": "failed"}, error=err)
    write_folder(out, 2018, "02", "Hà Giang", "ha-giang", "vi")
    text = render_index(collect_index(out), "vi")
    section = text[text.index('id="y2017"'):text.index('id="y2018"')]
    assert 'class="yearfail"' in section and "Không tạo được báo cáo năm 2017" in section
    assert "row 5, column x: &#x27;abc&#x27; is not a number" in section
    assert 'class="yearfail"' not in text[text.index('id="y2018"'):]


def test_empty_outputs(tmp_path):
    text = render_index(collect_index(tmp_path / "nothing"), "vi", date="01/01/2019")
    assert "Chưa có báo cáo nào." in text and "0 báo cáo: 0 hoàn thành, 0 lỗi" in text


def test_date_is_today_without_source_date_epoch(monkeypatch):
    import datetime

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert index_date("en") == datetime.date.today().isoformat()


def test_method_years_note_and_real_data(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1546300800")
    out = tmp_path / "outputs"
    prov = PROVENANCE + [{"year": 2020, "kind": "real", "source": "data/raw/ict_index/2020/indicators.csv",
                          "data_source": "Sở TT&TT Hà Giang"}]
    folder = write_folder(out, 2020, "02", "Hà Giang", "ha-giang", "vi", provenance=prov)
    note = {"year": 2020, "framework": "ict_index_2016", "years": [2016, 2017, 2018, 2019], "first": 2016, "last": 2019}
    for side in folder.glob("0*.json"):
        data = json.loads(side.read_text(encoding="utf-8"))
        data["method_years"] = note
        side.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = render_index(collect_index(out), "vi")
    assert "Phương pháp 2016–2019 được áp dụng cho số liệu năm 2020" in text
    assert "số liệu thật (2020); dữ liệu giả lập (2017–2019)" in text
    assert "Dữ liệu năm 2020: số liệu thật. Nguồn: Sở TT&amp;TT Hà Giang" in text
    assert "Năm 2017–2019: không phải số liệu chính thức" in text  # the synthetic years, named
    assert "Method of 2016–2019 applied to 2020" in render_index(collect_index(out), "en")
