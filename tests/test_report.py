"""Notebook-side helpers (icttools.report) and the words of the reports (icttools.present.i18n)."""

from __future__ import annotations

import string
import unicodedata

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from IPython.display import Markdown  # noqa: E402

from icttools import report  # noqa: E402
from icttools.present.tables import display_frame  # noqa: E402
from icttools.core.engine import compute  # noqa: E402
from icttools.present.i18n import TEXT, fmt_num, fmt_signed, short_label, t  # noqa: E402
from icttools.ingest.io import load_year  # noqa: E402
from icttools.core.paths import project_root  # noqa: E402
from icttools.core.provinces import UnknownProvinceError  # noqa: E402

ROOT = project_root()


@pytest.fixture(scope="module")
def ctx_vi():
    return report.setup(year=2018, province="02", lang="vi", n_samples=200)


@pytest.fixture(scope="module")
def ctx_en():
    return report.setup(year=2018, province=2, lang="en", n_samples=200)


# --- i18n --------------------------------------------------------------------------------------

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
            if key != "col_marker":
                assert v.strip() and e.strip(), key


def test_vietnamese_numbers_use_a_decimal_comma():
    assert fmt_num(0.50664, 4, "vi") == "0,5066"
    assert fmt_num(0.50664, 4, "en") == "0.5066"
    assert fmt_num(-0.00001, 2, "vi") == "0,00"  # no negative zero
    assert fmt_num(float("nan"), 2, "vi") == "—"
    assert fmt_signed(0.0123, 4, "vi") == "+0,0123"
    assert fmt_signed(-2, 0, "en") == "−2"
    assert fmt_signed(0, 0, "en") == "0"


def test_short_label_cuts_with_an_ellipsis():
    assert short_label("Hạ tầng kỹ thuật", 40) == "Hạ tầng kỹ thuật"
    cut = short_label("Tỷ lệ cán bộ chuyên trách CNTT có trình độ đại học CNTT trở lên", 20)
    assert cut.endswith("…") and len(cut) <= 21
    two = short_label("Tỷ lệ cán bộ chuyên trách CNTT có trình độ đại học CNTT trở lên", 20, 2)
    assert two.count("\n") == 1


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        t("col_rank", "fr")


# --- setup -------------------------------------------------------------------------------------

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


def test_missing_year_lists_the_available_years():
    with pytest.raises(FileNotFoundError, match="2018"):
        report.setup(year=2030, province="02")


def test_setup_computes_the_index_of_the_year(ctx_vi):
    independent = compute(load_year(2018))
    assert ctx_vi.rank() == independent.rank("02")
    assert ctx_vi.score() == independent.score("02")
    assert ctx_vi.n_provinces == 63


# --- header ------------------------------------------------------------------------------------

def test_header_names_parameters_and_shows_the_synthetic_banner(ctx_vi, ctx_en):
    vi = report.header_text(ctx_vi, "02")
    assert vi.startswith("# Chỉ số ICT Index 2018 – Hà Giang (02): Phân tích khoảng cách")
    assert "DỮ LIỆU GIẢ LẬP (SYNTHETIC) – không phải số liệu thật của Bộ TT&TT" in vi
    for value in ("`2018`", "`02`", "`ict_index_2016`", "`vi`", "`10`", "`20190418`", "`200`"):
        assert value in vi
    en = report.header_text(ctx_en, "00")
    assert "SYNTHETIC DATA" in en and "Data quality" in en
    assert isinstance(report.header(ctx_vi, "01"), Markdown)
    for text in (vi, en):
        assert str(ROOT) not in text  # no machine path
    with pytest.raises(ValueError, match="notebook"):
        report.header_text(ctx_vi, "07")


def test_real_data_gets_no_synthetic_banner(tmp_path):
    """A data folder given as data_dir whose table has no SYNTHETIC label: plain source line."""
    src = ROOT / "data" / "raw" / "ict_index" / "2018" / "indicators.csv"
    year_dir = tmp_path / "raw" / "ict_index" / "2018"
    year_dir.mkdir(parents=True)
    df = pd.read_csv(src, dtype={"gso_code": str}).drop(columns=["data_source"])
    df.to_csv(year_dir / "indicators.csv", index=False)
    ctx = report.setup(year=2018, province="02", data_dir=str(tmp_path), n_samples=10)
    assert not ctx.table.is_synthetic
    text = report.header_text(ctx, "01")
    assert "SYNTHETIC" not in text and "GIẢ LẬP" not in text
    assert "SHA-256" in text
    assert str(tmp_path) not in text  # outside the project: the folder name only
    # the published figures live elsewhere: the overview says so instead of failing
    assert "Không tìm thấy tệp số liệu công bố" in report.finding_overview(ctx).data


# --- display helpers ---------------------------------------------------------------------------

def test_present_formats_numbers_for_the_language():
    df = pd.DataFrame({"score": [0.5, 0.25, np.nan], "rank": [17.0, 17.5, 3.0], "n": [1, 2, 3],
                       "ok": [True, False, True], "name": ["a", None, "c"]})
    vi = display_frame(df, "vi")
    assert list(vi["score"]) == ["0,50", "0,25", "—"]
    assert list(vi["rank"]) == ["17,0", "17,5", "3,0"]
    assert list(vi["n"]) == ["1", "2", "3"]
    assert list(vi["ok"]) == ["có", "không", "có"]
    assert list(vi["name"]) == ["a", "—", "c"]
    en = display_frame(df, "en", fixed=True)
    assert list(en["score"]) == ["0.5000", "0.2500", "—"]
    assert list(en["ok"]) == ["yes", "no", "yes"]


def test_section_heading_and_note(ctx_vi, ctx_en):
    md = report.section(ctx_vi, "breakeven").data
    assert md.startswith("## Giá trị hoà vốn")
    assert "top 10" in md
    assert report.section(ctx_en, "outliers").data.startswith("## Outliers")
    assert "3.5" in report.section(ctx_en, "outliers").data
    with pytest.raises(ValueError, match="section"):
        report.section(ctx_vi, "nonsense")


def test_finding_overview_starts_with_rank_and_score(ctx_vi, ctx_en):
    res = compute(load_year(2018))
    rank, score = res.rank("02"), res.score("02")
    vi = report.finding_overview(ctx_vi).data
    assert vi.startswith(f"Hà Giang xếp thứ {rank}/63 ({score:.4f}".replace(".", ","))
    en = report.finding_overview(ctx_en).data
    assert en.startswith(f"Ha Giang ranks {rank}/63 ({score:.4f})")
    assert "Tính lại khớp" in vi


def test_ranking_table_lists_all_provinces_in_rank_order(ctx_vi):
    table = report.ranking_table(ctx_vi)
    assert len(table) == 63
    ranks = [int(r) for r in table.index]
    assert ranks == sorted(ranks) and ranks[0] == 1
    marker_col = table[""]
    assert (marker_col != "").sum() == 1
    assert table.loc[marker_col != "", "Tỉnh/thành phố"].item() == "Hà Giang"


def test_node_table_matches_the_computation(ctx_en):
    table = report.node_table(ctx_en)
    res = ctx_en.result
    assert len(table) == len(res.framework.node_ids)
    first = table.iloc[0]
    assert first["Score"] == f"{res.score('02'):.4f}"
    assert first["Rank"] == str(res.rank("02"))


def test_published_table_agrees_with_every_published_figure(ctx_en):
    table = report.published_table(ctx_en)
    assert isinstance(table, pd.DataFrame) and len(table) > 0
    assert set(table["Agrees"]) == {"yes"}


def test_gap_findings_and_tables(ctx_vi):
    text = report.finding_gaps(ctx_vi).data
    assert text.startswith("Hà Giang xếp thứ")
    refs = report.references_table(ctx_vi)
    assert len(refs) == 6
    contributions = report.contributions_table(ctx_vi)
    assert len(contributions) == 31  # 30 criteria + the total row


def test_waterfall_for_the_leader_is_a_sentence(capsys):
    ctx = report.setup(year=2018, province="48", n_samples=10)  # Đà Nẵng leads in 2018
    assert ctx.leader == "48"
    assert report.waterfall_chart(ctx, "leader") is None
    assert report.waterfall_chart(ctx, "above") is None
    assert "dẫn đầu" in report.finding_gaps(ctx).data


def test_uncertainty_is_deterministic_for_a_seed():
    a = report.setup(year=2018, province="02", n_samples=50, seed=7)
    b = report.setup(year=2018, province="02", n_samples=50, seed=7)
    pd.testing.assert_frame_equal(report.uncertainty_table(a), report.uncertainty_table(b))
    assert len(report.uncertainty_table(a)) == 63


def test_trend_mode_needs_the_previous_year():
    ctx = report.setup(year=2017, province="02", n_samples=10)
    assert ctx.previous is None
    assert set(ctx.plans) == {"still"}
    note = report.plan_table(ctx, "trend")
    assert isinstance(note, Markdown) and "2016" in note.data
    assert "2016" in report.finding_targets(ctx).data
    # the scenario is written for 2018: a sentence, not a table
    assert isinstance(report.scenario_table(ctx), Markdown)


def test_history_covers_every_available_year(ctx_en):
    table = report.history_table(ctx_en)
    assert [c for c in table.columns if c.endswith("rank")] == [f"{y} – rank" for y in ctx_en.years]
    assert ctx_en.focus_pair == (2017, 2018)
