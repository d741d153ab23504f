"""The Study API: icttools.load(), immutability, what-ifs, and result objects that agree with the
command line."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import icttools
from icttools import DataError, IcttoolsError, InputError, MethodError
from icttools.cli import main
from icttools.core.engine import compute

YEAR = 2018


@pytest.fixture(scope="module")
def study():
    return icttools.load(YEAR)


def _cli_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


# --- loading and the numbers -----------------------------------------------------------------

def test_load_gives_the_published_rank_under_any_spelling(study):
    for query in ("Hà Giang", "ha giang", "HA GIANG", "02", 2, "Tỉnh Hà Giang"):
        assert study.rank(query) == 17, query
    assert study.score("02") == pytest.approx(0.5066)
    assert study.rank("02", "htkt_cqnn") == 2


def test_scores_and_ranks_are_numeric_frames_indexed_by_unit(study):
    fw = study.framework
    for frame in (study.scores, study.ranks):
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns) == fw.node_ids
        assert len(frame) == 63 and frame.index.name == "gso_code"
        assert all(np.issubdtype(dt, np.number) for dt in frame.dtypes)
    assert study.ranks.loc["02", "overall"] == 17


def test_study_is_the_engine_on_its_table(study):
    res = compute(study.table.data, study.framework)
    pd.testing.assert_frame_equal(res.rounded, study.scores)
    pd.testing.assert_frame_equal(res.ranks, study.ranks)


def test_load_from_a_dataframe_or_a_path(study, tmp_path):
    frame = study.data
    again = icttools.load(YEAR, data=frame)
    pd.testing.assert_frame_equal(again.ranks, study.ranks)
    assert again.table.source == "<DataFrame>"
    path = tmp_path / "copy.csv"
    frame.reset_index().to_csv(path, index=False)
    from_file = icttools.load(YEAR, data=path)
    pd.testing.assert_frame_equal(from_file.ranks, study.ranks)


def test_load_errors_are_icttools_errors(tmp_path):
    with pytest.raises(InputError, match="2031"):
        icttools.load(2031)
    with pytest.raises(InputError, match="year"):
        icttools.load()
    with pytest.raises(MethodError):
        icttools.load(YEAR, framework="no_such_framework")
    bad = tmp_path / "bad.csv"
    bad.write_text("gso_code,fixed_phones_per100\n02,abc\n", encoding="utf-8")
    with pytest.raises(DataError):
        icttools.load(YEAR, data=bad)
    with pytest.raises(InputError, match="lacks indicator"):
        icttools.load(YEAR, data=pd.DataFrame({"gso_code": ["02"], "x": [1.0]}))


def test_unknown_unit_is_an_input_error_with_suggestions(study):
    with pytest.raises(InputError, match="closest matches"):
        study.rank("Ha Giangg")
    with pytest.raises(IcttoolsError):
        study.gaps("Atlantis")


# --- variations are new studies ------------------------------------------------------------------

def test_with_method_gives_other_scores_and_leaves_the_original(study):
    before = study.scores.copy()
    other = study.with_method(normalisation="max-ratio")
    assert other is not study and other.method.normalisation == "max-ratio"
    assert not other.scores.equals(study.scores)
    pd.testing.assert_frame_equal(study.scores, before)
    assert study.method.normalisation == "zscore-minmax"
    with pytest.raises(MethodError, match="normalisation"):
        study.with_method(normalisation="magic")


def test_what_if_changes_one_value_only(study):
    before = study.data
    changed = study.what_if({"Hà Giang": {"it_staff_pct": 3.5}})
    assert changed.table.data.at["02", "it_staff_pct"] == 3.5
    diff = (changed.table.data != before)
    assert int(diff.to_numpy().sum()) == 1
    pd.testing.assert_frame_equal(study.data, before)  # the original never changes
    expected = compute(changed.table.data, study.framework)
    assert changed.rank("02") == expected.rank("02")
    with pytest.raises(InputError, match="valid range"):
        study.what_if({"02": {"it_staff_pct": 150}})
    with pytest.raises(InputError, match="unknown criterion"):
        study.what_if({"02": {"it_staff": 3}})


def test_with_data_and_returned_frames_are_copies(study):
    frame = study.data
    frame.loc[:, :] = 0.0  # mutating what we were given changes nothing inside the study
    assert study.data.to_numpy().sum() > 0
    scaled = study.with_data(study.data * 1.0)
    pd.testing.assert_frame_equal(scaled.ranks, study.ranks)


def test_other_years_share_the_method(study):
    assert set(study.years) >= {2017, 2018, 2019}
    prev = study.previous
    assert prev.year == 2017 and prev.framework == study.framework
    mr = study.with_method(normalisation="max-ratio")
    assert mr.at_year(2019).method.normalisation == "max-ratio"
    assert sorted(study.history()) == list(study.years)


# --- result objects agree with the command line ----------------------------------------------------

def test_gaps(study, capsys):
    res = study.gaps("Hà Giang")
    assert isinstance(res.table, pd.DataFrame) and res.table["value"].dtype == float
    assert res.to_json() == _cli_json(capsys, "gaps", "--year", "2018", "--province", "02", "--format", "json")
    assert res.decomposition().contributions.sum() == pytest.approx(res.decomposition().score_gap, abs=1e-9)


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_sensitivity(study, capsys):
    res = study.sensitivity("02")
    table = res.table
    assert isinstance(table, pd.DataFrame) and len(table) == 30
    assert all(np.issubdtype(dt, np.number) for dt in table.dtypes)
    assert res.to_json() == _cli_json(capsys, "sensitivity", "--year", "2018", "--province", "02",
                                      "--format", "json")


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_targets_to_json_equals_the_command(study, capsys):
    res = study.targets("02", rank=10)
    assert res.to_json() == _cli_json(capsys, "targets", "--year", "2018", "--province", "02", "--rank", "10",
                                      "--format", "json")
    assert set(res.table.columns) >= {"current", "target", "change", "effort"}


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_uncertainty_and_trends_and_scenario(study, capsys):
    unc = study.uncertainty(n=200, seed=3, unit="02", sobol_base=32)
    assert unc.to_json() == _cli_json(capsys, "uncertainty", "--year", "2018", "--n", "200", "--seed", "3",
                                      "--province", "02", "--sobol-base", "32", "--format", "json")
    # the Monte Carlo is shared: asking without a unit reuses it
    assert study.uncertainty(n=200, seed=3).monte_carlo is unc.monte_carlo
    tr = study.trends("02")
    assert tr.to_json() == _cli_json(capsys, "trends", "--year", "2018", "--province", "02", "--format", "json")
    sc = study.scenario("data/raw/scenarios/plan126_ha_giang.yaml")
    assert sc.to_json() == _cli_json(capsys, "scenario", "data/raw/scenarios/plan126_ha_giang.yaml",
                                     "--format", "json")


def test_results_are_cached_per_study(study):
    assert study.gaps("02") is study.gaps("Hà Giang")
    assert study.with_method(normalisation="max-ratio").gaps("02") is not study.gaps("02")


def test_every_result_shows_a_headline_and_a_compact_table(study):
    results = [study.gaps("02"), study.sensitivity("02"), study.uncertainty(n=100, unit="02", sobol_base=16),
               study.targets("02"), study.scenario("data/raw/scenarios/plan126_ha_giang.yaml"), study.trends("02")]
    for res in results:
        html = res._repr_html_()
        assert html.startswith('<div class="icttools-result">') and "<table" in html, type(res).__name__
        assert "Hà Giang" in html, type(res).__name__
        assert len(res.compact()) <= 12
        assert isinstance(res.table, pd.DataFrame)
        assert res.headline("en") and res.headline("vi") != res.headline("en")
        assert res.text("en").strip()


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_plots_return_figures(study):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for res in (study.gaps("02"), study.sensitivity("02"), study.trends("02"),
                study.uncertainty(n=50, unit="02", sobol_base=16), study.targets("02")):
        fig = res.plot(lang="en")
        assert fig.axes, type(res).__name__
        plt.close(fig)


def test_criteria_panel_recomputes_on_a_slider_move(study):
    from icttools.report.explore import criteria_panel, panel_summary

    panel = criteria_panel(study, "Hà Giang", lang="en", criteria=["it_staff_pct", "infosec_staff_pct"])
    summary, it_staff, _ = panel.children
    assert "rank 17/63" in summary.value
    it_staff.value = 30.0
    changed = study.what_if({"02": {"it_staff_pct": 30.0}})
    assert summary.value == panel_summary(study, changed, "02", "en")
    assert f"rank {changed.rank('02')}/63</b>" in summary.value and changed.rank("02") < 17
