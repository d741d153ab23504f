"""Notebook-side helpers (icttools.report), the reports' words (icttools.present.i18n, glossary,
phrases) and the tables for readers (icttools.present.readertable)."""

from __future__ import annotations

import re
import string
import unicodedata

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from IPython.display import Markdown  # noqa: E402

from icttools import report  # noqa: E402
from icttools.core.engine import compute  # noqa: E402
from icttools.core.framework import load_framework  # noqa: E402
from icttools.core.paths import project_root  # noqa: E402
from icttools.core.provinces import UnknownProvinceError, load_provinces, resolve_province  # noqa: E402
from icttools.ingest.io import load_year  # noqa: E402
from icttools.present.glossary import AVOID, avoided_word_hits, term  # noqa: E402
from icttools.present.i18n import NOTEBOOK_TITLES, REPORT_NOTEBOOKS, TEXT, fmt_num, fmt_pct, fmt_signed, \
    province_name, short_label, t  # noqa: E402
from icttools.present.phrases import (fmt_change, fmt_int, fmt_share, fmt_value, places_effect,  # noqa: E402
                                      quoted_list, rank_change, rank_change_cell, rank_span)
from icttools.present.readertable import ReaderTable, md_escape, reader_table  # noqa: E402
from icttools.present.strings_cli import CLI_PAIRS  # noqa: E402
from icttools.present.tables import display_frame  # noqa: E402

ROOT = project_root()
FW = load_framework("ict_index_2016")


@pytest.fixture(scope="module")
def ctx_vi():
    return report.setup(year=2018, province="02", lang="vi", n_samples=200)


@pytest.fixture(scope="module")
def ctx_en():
    return report.setup(year=2018, province=2, lang="en", n_samples=200)


# --- words ---------------------------------------------------------------------------------------

def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_exists_in_both_languages_with_the_same_placeholders():
    assert set(TEXT["vi"]) == set(TEXT["en"])
    for key in TEXT["vi"]:
        vi, en = TEXT["vi"][key], TEXT["en"][key]
        assert type(vi) is type(en), key
        pairs = zip(vi, en) if isinstance(vi, tuple) else [(vi, en)]  # column headers are tuples
        if isinstance(vi, tuple):
            assert len(vi) == len(en), key
        for v, e in pairs:
            assert _fields(v) == _fields(e), key
            for text in (v, e):
                assert unicodedata.is_normalized("NFC", text), key
                assert v.strip() and e.strip(), key


def _strings(lang: str, keys=None):
    for key, value in TEXT[lang].items():
        if keys is not None and key not in keys:
            continue
        for text in (value if isinstance(value, tuple) else (value,)):
            yield key, text


def test_one_vocabulary_no_discouraged_word_anywhere_in_vietnamese():
    """The review's corrections hold in every Vietnamese string (reports, charts, command line)
    and in the framework's names: no "trụ cột", "tham lam", "hoà vốn", "top", "tỉnh trung vị ảo",
    "Chỉ tiêu", "Tỉnh/thành phố", "máy vi tính", "Điểm mất", ..."""
    bad = [(key, hit) for key, text in _strings("vi") for hit in avoided_word_hits(text, "vi")]
    assert bad == []
    names = [FW.label(n, "vi") for n in FW.node_ids] + [FW.label(i, "vi") for i in FW.indicator_ids]
    assert [n for n in names if avoided_word_hits(n, "vi")] == []
    assert "CBCCVC" not in " ".join(names)  # written in full in names; only units abbreviate
    english = {k for k in TEXT["en"] if k not in CLI_PAIRS}  # the command line keeps "greedy" in its JSON notes
    assert [(k, h) for k, text in _strings("en", english) for h in avoided_word_hits(text, "en")] == []
    assert set(AVOID) == {"vi", "en"}


def test_hcm_city_is_never_named_hcm_alone():
    """"Hồ Chí Minh" alone names the President: every reader-facing name says "TP." or
    "Thành phố"; the resolver still reads the short spelling as input."""
    alone = re.compile(r"(?<!TP\. )(?<!Thành phố )Hồ Chí Minh")
    assert province_name("79", "vi") == "TP. Hồ Chí Minh"
    assert province_name("79", "en") == "Ho Chi Minh City"
    for query in ("Hồ Chí Minh", "TP. Hồ Chí Minh", "TP.HCM", "ho chi minh", "Thành phố Hồ Chí Minh"):
        assert resolve_province(query).gso_code == "79", query
    names = [province_name(c, "vi") for c in load_provinces()["gso_code"]]
    assert not [n for n in names if alone.search(n)]
    assert not [k for k, text in _strings("vi") if alone.search(text)]
    shared = (ROOT.parent.parent / "shared" / "reference" / "provinces_63.csv")
    if shared.is_file():  # the package's copy follows the shared reference
        assert (ROOT / "icttools" / "data" / "provinces_63.csv").read_bytes() == shared.read_bytes()


def test_index_levels_are_named_as_plan_126_names_them():
    assert term("component", "vi") == "chỉ số thành phần" and term("subindex", "vi") == "chỉ số thành phần con"
    assert [FW.label(c, "vi") for c in FW.root.children] == ["Hạ tầng kỹ thuật CNTT", "Hạ tầng nhân lực CNTT",
                                                               "Ứng dụng CNTT"]
    assert FW.label("htkt_cqnn", "vi") == "Hạ tầng kỹ thuật của các cơ quan nhà nước"
    assert FW.label("htnl_cqnn", "vi") == "Hạ tầng nhân lực của các cơ quan nhà nước"
    assert FW.label("ud_cqnn", "vi") == "Ứng dụng CNTT trong các cơ quan nhà nước"
    assert FW.label("fixed_phones_per100", "vi") == "Tỷ lệ máy điện thoại cố định/100 dân"
    assert FW.label("adult_literacy_pct", "vi") == "Tỷ lệ người lớn biết đọc, biết viết"
    assert FW.label("it_staff_degree_pct", "vi") == "Tỷ lệ cán bộ chuyên trách có trình độ từ đại học trở lên về CNTT"


def test_numbers_as_vietnamese_official_texts_write_them():
    assert fmt_num(0.50664, 4, "vi") == "0,5066" and fmt_num(0.50664, 4, "en") == "0.5066"
    assert fmt_num(-0.00001, 2, "vi") == "0,00"  # no negative zero
    assert fmt_num(float("nan"), 2, "vi") == "—"
    assert fmt_signed(0.0123, 4, "vi") == "+0,0123" and fmt_signed(-2, 0, "en") == "−2" and fmt_signed(0, 0, "en") == "0"
    assert fmt_int(1890, "vi") == "1.890" and fmt_int(2000, "en") == "2,000"
    assert fmt_share(0.9, 0, "vi") == "90%" and fmt_pct(0.041, 1, "vi") == "4,1%"  # no space before %
    pct, ratio, score = FW.indicator("online_services_l1_pct"), FW.indicator("computers_per_staff"), \
        FW.indicator("email_use")
    assert fmt_value(96.378, pct, "vi") == "96,4%"  # shares: 1 decimal
    assert fmt_value(1.1236, ratio, "vi") == "1,12 máy/CBCCVC"
    assert fmt_value(70.13, score, "vi") == "70,1 điểm"
    assert fmt_change(3.622, pct, "vi") == "+3,6 điểm phần trăm"
    assert fmt_change(-0.2, ratio, "en") == "−0.20 computers per civil servant"
    assert fmt_change(0.01, pct, "vi", unit=False) == "0,0"


@pytest.mark.parametrize("before, after, vi, en", [
    (22, 17, "tăng 5 bậc ▲ (từ hạng 22 lên hạng 17)", "up 5 places ▲ (from rank 22 to 17)"),
    (17, 25, "giảm 8 bậc ▼ (từ hạng 17 xuống hạng 25)", "down 8 places ▼ (from rank 17 to 25)"),
    (1, 1, "giữ nguyên hạng 1", "kept rank 1"),
])
def test_rank_changes_in_words_and_arrows(before, after, vi, en):
    assert rank_change(before, after, "vi") == vi
    assert rank_change(before, after, "en") == en
    gained = before - after
    assert rank_change_cell(gained) == ("0" if gained == 0 else (f"▲ {gained}" if gained > 0 else f"▼ {-gained}"))


def test_parts_of_a_change_and_ranges_in_words():
    assert places_effect(15, "vi") == "giúp tăng 15 bậc"
    assert places_effect(-16, "vi") == "làm giảm 16 bậc"
    assert places_effect(0, "vi") == "không làm thay đổi thứ hạng"
    assert rank_span(17, 26, "vi") == "từ hạng 17 đến hạng 26" and rank_span(3, 3, "vi") == "hạng 3"


def test_criterion_names_are_quoted_and_separated_by_semicolons():
    names = ["Tỷ lệ máy tính/cán bộ, công chức, viên chức", "Tỷ lệ máy tính có kết nối Internet", "a", "b", "c"]
    assert quoted_list(names[:2], "vi") == ("“Tỷ lệ máy tính/cán bộ, công chức, viên chức” và "
                                            "“Tỷ lệ máy tính có kết nối Internet”")
    assert quoted_list(names, "vi", most=2).endswith("“Tỷ lệ máy tính có kết nối Internet” và 3 tiêu chí khác")
    assert quoted_list(names[:3], "vi").count(";") == 1


def test_short_label_cuts_with_an_ellipsis():
    assert short_label("Hạ tầng kỹ thuật", 40) == "Hạ tầng kỹ thuật"
    cut = short_label("Tỷ lệ cán bộ chuyên trách có trình độ từ đại học trở lên về CNTT", 20)
    assert cut.endswith("…") and len(cut) <= 21


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        t("col_rank", "fr")


def test_seven_report_titles():
    assert list(NOTEBOOK_TITLES) == ["00", "01", "02", "03", "04", "05", "06"]
    assert REPORT_NOTEBOOKS[-1] == "06_leader_brief"
    assert NOTEBOOK_TITLES["06"]["vi"] == "Bản tóm tắt cho lãnh đạo"


# --- tables for readers ---------------------------------------------------------------------------

def test_reader_table_html_text_left_numbers_right_province_highlighted():
    df = pd.DataFrame({"Tỉnh": ["Hà Giang", "Lào Cai"], "Điểm": [0.5066, 0.5968], "Hạng": [17, 8]}).set_index("Tỉnh")
    tab = reader_table(df, "vi", fixed=True, highlight=[True, False])
    html = tab._repr_html_()
    assert html.count("<tr>") + html.count("<tr ") == 3  # one header row (no pandas index-name row) + 2 rows
    assert '<table class="icttools-table">' in html
    assert '<tr class="icttools-self"><td class="icttools-label">Hà Giang</td><td class="num">0,5066</td>' in html
    assert '<th scope="col" class="num">Điểm</th>' in html and '<th scope="col">Tỉnh</th>' in html
    assert "…" not in html and "<script" not in html
    assert list(tab["Điểm"]) == ["0,5066", "0,5968"]  # a DataFrame of display strings
    assert "Hà Giang" in repr(tab)


def test_long_tables_keep_12_rows_in_the_text_and_the_rest_in_details():
    df = pd.DataFrame({"Hạng": range(1, 64), "Điểm": np.linspace(0.9, 0.1, 63)}).set_index("Hạng")
    flags = [i == 40 for i in range(63)]
    tab = reader_table(df, "vi", highlight=flags)
    rows = tab.visible_rows()
    assert len(rows) <= 12 and 40 in rows and 0 in rows
    html = tab._repr_html_()
    main, full = html.split("<details", 1)
    assert main.count("<tr") - 1 == len(rows) + main.count("icttools-gap")
    assert "Bảng đầy đủ (63 dòng)" in full and full.count("<tr") == 64
    assert reader_table(df.head(10), "vi")._repr_html_().count("<details") == 0


def test_untrusted_text_stays_text():
    hostile = ['<script>alert(2)</script>', '<img src=x onerror="alert(1)">', 'javascript:alert(3)',
               '[click](javascript:alert(4))', '=HYPERLINK("http://evil.example","x")']
    df = pd.DataFrame({"Nguồn": hostile + ["https://mic.gov.vn/a?b=1"]})
    html = reader_table(df, "vi", links=["Nguồn"])._repr_html_()
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html and "onerror=&quot;alert(1)&quot;" in html
    assert '<a href="https://mic.gov.vn/a?b=1">' in html
    assert html.count("<a ") == 1  # only the http(s) link is a link
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for text in hostile:
        rendered = markdown2html_mistune(f"Nguồn: {md_escape(text)}.")
        assert "<script" not in rendered and "<img" not in rendered, rendered
        assert all(h.startswith(("http://", "https://")) for h in re.findall(r'href="([^"]*)"', rendered)), rendered


def test_display_frame_formats_numbers_for_the_language():
    df = pd.DataFrame({"score": [0.5, 0.25, np.nan], "rank": [17.0, 17.5, 3.0], "n": [1, 2, 3],
                       "ok": [True, False, True], "name": ["a", None, "c"]})
    vi = display_frame(df, "vi")
    assert list(vi["score"]) == ["0,50", "0,25", "—"] and list(vi["rank"]) == ["17,0", "17,5", "3,0"]
    assert list(vi["ok"]) == ["có", "không", "có"] and list(vi["name"]) == ["a", "—", "c"]


# --- setup -----------------------------------------------------------------------------------------

def test_setup_normalises_the_province_code(ctx_vi, ctx_en):
    assert ctx_vi.province == "02" and ctx_en.province == "02"  # papermill may inject 2 for "02"
    assert report.setup(year=2018, province="Hà Giang", n_samples=10).province == "02"


@pytest.mark.parametrize("kwargs, error, match", [
    ({"lang": "fr"}, ValueError, "lang"),
    ({"province": "99"}, UnknownProvinceError, "99"),
    ({"province": "Atlantis"}, UnknownProvinceError, "Atlantis"),
    ({"year": 1999}, FileNotFoundError, "1999"),
    ({"year": "twenty"}, ValueError, "year"),
    ({"target_rank": 0}, ValueError, "target_rank"),
    ({"target_rank": 64}, ValueError, "target_rank"),
    ({"n_samples": 5}, ValueError, "n_samples"),
    ({"seed": -1}, ValueError, "seed"),
    ({"framework": "no_such_framework"}, ValueError, "no_such_framework"),
    ({"data_dir": "no/such/folder"}, FileNotFoundError, "data_dir"),
])
def test_setup_refuses_bad_parameters_by_name(kwargs, error, match):
    params = {"year": 2018, "province": "02", "n_samples": 10, **kwargs}
    with pytest.raises(error, match=match):
        report.setup(**params)


def test_setup_computes_the_index_of_the_year(ctx_vi):
    independent = compute(load_year(2018))
    assert ctx_vi.rank() == independent.rank("02") and ctx_vi.score() == independent.score("02")
    assert ctx_vi.n_provinces == 63


# --- header and provenance -------------------------------------------------------------------------

def test_header_is_title_and_data_banner_without_parameters(ctx_vi, ctx_en):
    vi = report.header_text(ctx_vi, "02")
    assert vi.startswith("# Chỉ số ICT Index năm 2018 – Hà Giang: Phân tích khoảng cách")
    assert "Dữ liệu giả lập (SYNTHETIC)" in vi and "năm 2018 – dữ liệu giả lập" in vi
    for word in ("seed", "Monte Carlo", "20190418", "ict_index_2016", "(02)"):
        assert word not in vi  # parameters and codes are in the annex
    en = report.header_text(ctx_en, "00")
    assert "Synthetic data (SYNTHETIC)" in en and "Data quality" in en
    assert isinstance(report.header(ctx_vi, "01"), Markdown)
    for text in (vi, en):
        assert str(ROOT) not in text
    with pytest.raises(ValueError, match="notebook"):
        report.header_text(ctx_vi, "07")
    # report 04 uses the year before (the others' trend): the banner names it and its kind
    assert "năm 2017 – dữ liệu giả lập (để tính xu hướng của các địa phương khác)" in report.header_text(ctx_vi, "04")


def _real_copy(tmp_path, years=(2018,), rename=None):
    """A data folder with the demo years, some made 'real' (no SYNTHETIC label)."""
    import shutil

    shutil.copytree(ROOT / "data" / "raw" / "published", tmp_path / "raw" / "published")
    for year in (2017, 2018, 2019):
        src = ROOT / "data" / "raw" / "ict_index" / str(year) / "indicators.csv"
        target_year = (rename or {}).get(year, year)
        folder = tmp_path / "raw" / "ict_index" / str(target_year)
        folder.mkdir(parents=True)
        df = pd.read_csv(src, dtype={"gso_code": str})
        if target_year in years:
            df["data_source"] = "Sở TT&TT, báo cáo <b>thật</b>"
        df.to_csv(folder / "indicators.csv", index=False)
    return tmp_path


def test_real_data_gets_no_synthetic_banner_and_its_source_escaped(tmp_path):
    data = _real_copy(tmp_path, years=(2017, 2018, 2019))
    ctx = report.setup(year=2018, province="02", data_dir=str(data), n_samples=10)
    assert not ctx.table.is_synthetic
    text = report.header_text(ctx, "01")
    assert "SYNTHETIC" not in text and "giả lập" not in text
    assert "năm 2018 – số liệu thật" in text
    assert "&lt;b&gt;thật&lt;/b&gt;" in text and "<b>" not in text
    assert str(tmp_path) not in text


def test_mixed_years_are_named_and_marked(tmp_path):
    data = _real_copy(tmp_path, years=(2018,))
    ctx = report.setup(year=2018, province="02", data_dir=str(data), n_samples=10)
    banner = report.header_text(ctx, "05")
    assert "năm 2017 – dữ liệu giả lập" in banner and "năm 2018 – số liệu thật" in banner
    assert "Các năm 2017, 2019 là dữ liệu giả lập, các năm 2018 là số liệu thật" in banner
    history = report.history_table(ctx)
    assert "Hạng 2017 (giả lập)" in history.columns and "Hạng 2018" in history.columns
    assert any("giả lập" in m.text for m in report.message_list(ctx, "05"))


def test_a_year_outside_the_method_years_is_said(tmp_path):
    data = _real_copy(tmp_path, years=(2020,), rename={2019: 2020, 2017: 2016})
    ctx = report.setup(year=2020, province="02", data_dir=str(data), n_samples=10)
    assert "Phương pháp 2016–2019 áp dụng cho năm 2020" in report.header_text(ctx, "01")
    assert "Phương pháp" not in report.header_text(report.setup(year=2018, province="02", data_dir=str(data),
                                                                 n_samples=10), "01").split("⚠️")[-1][:20]


# --- sections and tables of the reports -------------------------------------------------------------

def test_section_heading_and_note(ctx_vi, ctx_en):
    md = report.section(ctx_vi, "breakeven").data
    assert md.startswith("## Mức cần đạt để tăng hạng") and "nhóm 10 địa phương dẫn đầu" in md
    assert report.section(ctx_en, "outliers").data.startswith("## Outliers")
    with pytest.raises(ValueError, match="section"):
        report.section(ctx_vi, "nonsense")


def test_ranking_table_lists_all_provinces_and_highlights_the_province(ctx_vi):
    table = report.ranking_table(ctx_vi)
    assert isinstance(table, ReaderTable) and len(table) == 63
    ranks = [int(r) for r in table.index]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert sum(table.highlight) == 1
    assert table.loc[[f for f in table.index][table.highlight.index(True)], "Tỉnh, thành phố"] == "Hà Giang"
    html = table._repr_html_()
    assert '<tr class="icttools-self">' in html and "<details" in html


def test_node_table_names_the_levels_as_the_plan_does(ctx_vi, ctx_en):
    table = report.node_table(ctx_vi)
    assert len(table) == len(FW.node_ids)
    levels = list(table["Cấp"])
    assert levels.count("chỉ số thành phần") == 3 and levels.count("chỉ số thành phần con") == 6
    first = report.node_table(ctx_en).iloc[0]
    assert first["Score"] == f"{ctx_en.score():.4f}" and first["Rank"] == f"{ctx_en.rank()}/63"


def test_published_table_agrees_and_says_its_status_in_words(ctx_vi):
    table = report.published_table(ctx_vi)
    assert isinstance(table, ReaderTable) and len(table) > 0
    assert set(table["Khớp"]) == {"có"}
    assert set(table["Tình trạng"]) <= {"đã công bố", "suy luận"}
    assert not table["Nguồn"].str.contains("section").any()


def test_02_has_one_national_and_one_regional_median(ctx_vi):
    refs = report.references_table(ctx_vi)
    nat, reg = refs.loc["Trung vị cả nước", "Chênh lệch điểm"], refs.loc["Trung vị vùng", "Chênh lệch điểm"]
    nodes = report.gap_nodes_table(ctx_vi).iloc[0]
    assert nodes["Trung vị cả nước"] == nat and nodes["Trung vị vùng"] == reg
    text = " ".join(m.text for m in report.message_list(ctx_vi, "02"))
    assert nat.lstrip("-") in text and reg.lstrip("-") in text
    contributions = report.contributions_table(ctx_vi)
    assert not [c for c in contributions.columns if "Trung vị" in c]  # no second median definition
    assert "mức trung vị ảo" not in text and "trung vị ảo" not in refs.to_string()


def test_waterfall_for_the_leader_is_a_sentence(capsys):
    ctx = report.setup(year=2018, province="48", n_samples=10)  # Đà Nẵng leads in 2018
    assert ctx.leader == "48"
    import icttools.report.layout as layout

    shown = []
    original = layout.display
    layout.display = lambda *a, **k: shown.append(a)
    try:
        assert report.waterfall_chart(ctx, "leader") is None
    finally:
        layout.display = original
    assert shown and "Đà Nẵng chính là mốc so sánh" in shown[0][0].data


def test_charts_carry_their_alt_text_and_a_caption(ctx_vi, monkeypatch):
    import matplotlib.pyplot as plt

    import icttools.report.layout as layout

    shown = []
    monkeypatch.setattr(layout, "display", lambda *a, **k: shown.append((a, k)))
    plt.close("all")
    report.ranking_chart(ctx_vi)
    (img, meta), (caption, _) = shown
    alt = meta["metadata"]["image/png"]["alt"]
    assert img[0]["text/plain"] == alt and alt.startswith("Xếp hạng Chỉ số ICT Index năm 2018.")
    assert "Hà Giang xếp thứ 17/63" in alt and len(img[0]["image/png"]) > 1000
    assert "năm 2018 (dữ liệu giả lập)" in caption[0].data and 'class="icttools-caption"' in caption[0].data
    assert plt.get_fignums() == []  # closed: not shown a second time by the inline backend


def test_uncertainty_is_deterministic_for_a_seed():
    a = report.setup(year=2018, province="02", n_samples=50, seed=7)
    b = report.setup(year=2018, province="02", n_samples=50, seed=7)
    pd.testing.assert_frame_equal(report.robustness_table(a), report.robustness_table(b))
    assert len(report.robustness_table(a)) == 63


def test_trend_mode_needs_the_previous_year():
    ctx = report.setup(year=2017, province="02", n_samples=10)
    assert ctx.previous is None and set(ctx.plans) == {"still"}
    note = report.plan_table(ctx, "trend")
    assert isinstance(note, Markdown) and "2016" in note.data
    assert any("2016" in m.text for m in report.message_list(ctx, "04"))
    assert isinstance(report.scenario_table(ctx), Markdown)  # the scenario is written for 2018


def test_history_covers_every_available_year(ctx_en):
    table = report.history_table(ctx_en)
    assert [c for c in table.columns if c.startswith("Rank")] == [f"Rank {y}" for y in ctx_en.years]
    assert ctx_en.focus_pair == (2017, 2018)


def test_plan_tables_give_units_effort_and_the_lead_department(ctx_vi):
    table = report.plan_table(ctx_vi, "still")
    assert table.index.name == "Tiêu chí"
    assert all(v.endswith("%") or " " in v for v in table["Hiện nay"])  # every value with its unit
    assert all(("điểm phần trăm" in v) or (" " in v) for v in table["Mức tăng"])
    leads = set(table["Đơn vị chủ trì"])
    assert leads and all("KH 126, mục II." in x for x in leads)  # Hà Giang: from the plan's assignments
    other = report.setup(year=2018, province="83", n_samples=10)  # Bến Tre: no recorded plan
    if isinstance(report.plan_table(other, "still"), ReaderTable):
        assert not any("KH 126" in x for x in report.plan_table(other, "still")["Đơn vị chủ trì"])
    assert "1 = tăng một tiêu chí hết thang đo" in table.note


def test_breakeven_marks_values_beyond_the_feasible_cap(ctx_vi):
    from icttools.report.sensitivity import beyond_cap

    flags = beyond_cap(ctx_vi)
    table = report.breakeven_table(ctx_vi)
    marked = {(r.indicator, r.goal) for r in flags.itertuples() if r.beyond}
    assert marked  # the demo data have values beyond the caps (e.g. information-security staff)
    cols = {"1": "Mức cần đạt để tăng 1 bậc", "3": "Mức cần đạt để tăng 3 bậc", "5": "Mức cần đạt để tăng 5 bậc",
            "target": "Mức cần đạt để vào nhóm 10"}
    for iid, goal in marked:
        assert table.loc[FW.label(iid, "vi"), cols[goal]].endswith("⚠")
    shown = sum(v.endswith("⚠") for c in cols.values() for v in table[c])
    assert shown == len(marked)


def test_every_report_opens_with_three_to_five_key_messages(ctx_vi):
    """The quick tier's check (tests/test_key_messages.py covers three provinces and both languages)."""
    from icttools.present.glossary import method_word_hits

    for nb in ("00", "01", "02", "03", "04", "05", "06"):
        items = report.message_list(ctx_vi, nb)
        assert 3 <= len(items) <= 5, nb
        assert all(re.search(r"\d", m.text) and not method_word_hits(m.text, "vi") for m in items), nb
    md = report.key_messages(ctx_vi, "04").data
    assert md.startswith("## Kết luận chính\n\n1. Hiện nay Hà Giang xếp thứ 17/63")


def test_command_line_words_follow_the_review():
    """The command line's Vietnamese follows the reports (review items 2, 8, 37, 44-46): rank changes
    as ▲/▼ (+ = moved up), computed options are "phương án" (never "kế hoạch"), plan notes with a
    decimal comma and a thousands dot, no "nan" footnotes under the uncertainty table."""
    from icttools.analysis.trends import attribute_rank_change
    from icttools.present.notes import plan_notes
    from icttools.present.textout.index import format_uncertainty
    from icttools.present.textout.plans import format_trends
    from icttools.study import load

    s = load(2018)
    text = format_trends(attribute_rank_change(s.at_year(2017).data, s.data, "02"), lang="vi",
                         framework=FW, years=(2017, 2018))
    row = next(line for line in text.splitlines() if line.startswith("Chỉ số ICT Index"))
    assert "▲ 5" in row.split()[3:5] or " ▲ 5 " in row  # 22 -> 17: up 5
    assert "số âm" not in text and "▲ = tăng bậc, ▼ = giảm bậc" in text and '"Tương tác"' not in text
    notes = plan_notes(s.targets("02", rank=10).plan, "vi")
    joined = " ".join(notes)
    assert "kế hoạch" not in joined.lower()
    assert re.search(r"mức nỗ lực \d+,\d{4}; phương án tối ưu tiết kiệm -?\d+,\d%", joined), joined
    assert re.search(r"\(\d{1,3}(\.\d{3})* lượt tính\)", joined), joined
    assert "kế hoạch" not in t("baseline_trend", "vi").lower() + t("cli_targ_baselines", "vi").lower()
    unc = s.uncertainty(n=40, unit="02")
    out = unc.text("vi")
    assert out == format_uncertainty(unc.monte_carlo, sobol=unc.sobol, lang="vi")
    assert "] nan" not in out and "seed" in out and "phương án tính thử" in out
