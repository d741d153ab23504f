"""The published record as data and its checker: figures, published values and the plan's statements."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from icttools.cli import main
from icttools.core.engine import compute
from icttools.core.errors import DataError
from icttools.core.paths import raw_dir
from icttools.ingest.io import load_year
from icttools.ingest.published import (check_all, check_published, check_statements, indicator_ranks,
                                       load_published, load_statements)


@pytest.fixture(scope="module")
def years():
    return {y: load_year(y) for y in (2017, 2018)}


def test_statements_load_with_their_words_quotes_and_sources():
    st = load_statements(2018)
    assert len(st) == 27
    band = st.set_index(["kind", "indicator"]).loc[("band", "sector_databases")]
    assert (band["rank_min"], band["word_vi"]) == (50, "rất thấp")
    assert "CSDL chuyên ngành rất thấp" in band["quote_vi"] and "126/KH-UBND" in band["source"]
    assert set(st.loc[st["kind"] == "direction", "direction"]) == {"up", "down"}
    assert load_statements(2019).empty


def test_indicator_ranks_follow_competition_ranking_and_direction():
    values = pd.DataFrame({"a": [3.0, 5.0, 5.0, 1.0, np.nan], "b": [3.0, 5.0, 5.0, 1.0, 2.0]})
    ranks = indicator_ranks(values, pd.Series({"a": 1, "b": -1}))
    assert ranks["a"].tolist()[:4] == [3, 1, 1, 4] and np.isnan(ranks["a"].iloc[4])
    assert ranks["b"].tolist() == [3, 4, 4, 1, 2]  # lower is better


def test_a_broken_band_and_a_broken_direction_fail(years):
    now, before = years[2018].copy(), years[2017]
    now.loc["02", "sector_databases"] = now["sector_databases"].max() + 1  # "rất thấp" -> 1st
    now.loc["02", "mobile_phones_per100"] = before.at["02", "mobile_phones_per100"] - 1  # "tăng" -> fell
    check = check_statements(now, 2018, before).set_index(["quantity", "node"])
    assert check.loc[("band", "sector_databases"), "computed"] == "rank 1"
    assert not check.loc[("band", "sector_databases"), "ok"]
    assert not check.loc[("direction", "mobile_phones_per100"), "ok"]
    assert check["ok"].sum() == len(check) - 2


def test_a_direction_without_the_year_before_cannot_pass(years):
    check = check_statements(years[2018], 2018, previous=None)
    directions = check[check["quantity"] == "direction"]
    assert len(directions) == 11 and not directions["ok"].any()
    assert set(directions["computed"]) == {"no data of 2017"}


def test_published_values_are_checked_at_their_decimals(years):
    data = years[2018].copy()
    data.loc["02", "online_services_l1_pct"] = 94.74  # 94.7 at one decimal: agrees
    data.loc["02", "online_services_l4_pct"] = 26.0
    check = check_published(compute(data), 2018).set_index(["quantity", "node"])
    assert check.loc[("value", "online_services_l1_pct"), "ok"]
    assert not check.loc[("value", "online_services_l4_pct"), "ok"]
    assert check.loc[("value", "online_services_l4_pct"), ["published", "computed"]].tolist() == ["25.0", "26.0"]


def test_check_all_counts_figures_values_and_statements(years):
    check = check_all(compute(years[2018]), 2018, years[2017])
    assert check["quantity"].value_counts().to_dict() == {"rank": 27, "band": 16, "direction": 11, "value": 6,
                                                          "score": 3}
    assert check["ok"].all()


def test_cli_shows_every_statement_and_fails_on_a_broken_one(capsys, tmp_path, years):
    assert main(["check-published", "--year", "2018"]) == 0
    out = capsys.readouterr().out
    assert "band" in out and "rank >= 50 (rất thấp)" in out and "up vs 2017" in out
    assert "27 statements of plan 126/KH-UBND" in out and " 0 failed" in out
    data = years[2018].copy()
    data.loc["02", "email_use"] = data["email_use"].min() - 1  # "ở mức cao" -> last
    path = tmp_path / "broken.csv"
    data.reset_index().to_csv(path, index=False)
    assert main(["check-published", "--year", "2018", "--data", str(path)]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "email_use" in x)
    assert "rank 63" in line and "FAIL" in line  # (the figures fail too: the score moved)


def _copy_published(tmp_path, monkeypatch):
    folder = tmp_path / "raw" / "published"
    shutil.copytree(raw_dir() / "published", folder)
    monkeypatch.setenv("ICT_DATA_DIR", str(tmp_path))
    return folder


def test_a_bad_statement_names_file_row_column_and_value(tmp_path, monkeypatch):
    folder = _copy_published(tmp_path, monkeypatch)
    path = folder / "plan126_statements.csv"
    st = pd.read_csv(path, dtype=str, keep_default_na=False)
    st.loc[3, "kind"] = "rumour"
    st.to_csv(path, index=False)
    with pytest.raises(DataError) as err:
        load_statements()
    assert str(err.value) == "plan126_statements.csv: row 5: column kind: 'rumour' is not one of band, direction"


def test_a_province_name_must_match_its_code(tmp_path, monkeypatch):
    folder = _copy_published(tmp_path, monkeypatch)
    path = folder / "ict_index_published.csv"
    pub = pd.read_csv(path, dtype=str, keep_default_na=False)
    pub.loc[0, "province"] = "Lào Cai"  # row of Hà Giang (02)
    pub.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"ict_index_published.csv: row 2: column province: 'Lào Cai' is not "
                                        r"the province of gso_code '02'"):
        load_published()
