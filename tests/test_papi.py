"""PAPI 2018–2024, real data: the framework, the data card's checks, the missing-cell rule, the
derived ranks and quartile groups, and the analyses (gaps, sensitivity, targets to the top
quartile). Expected values come from the data files and plain pandas, not from the engine."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import icttools
from icttools.cli import main
from icttools.core.engine import compute
from icttools.core.framework import load_framework

ROOT = Path(__file__).resolve().parents[1]
PAPI = ROOT / "data" / "raw" / "papi"
DIMS = ["papi_d1_participation", "papi_d2_transparency", "papi_d3_vertical_accountability",
        "papi_d4_control_of_corruption", "papi_d5_public_admin_procedures", "papi_d6_public_service_delivery",
        "papi_d7_environmental_governance", "papi_d8_e_governance"]
YEARS = range(2018, 2025)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(argv))
    return rc, out.getvalue(), err.getvalue()


def year_table(year: int) -> pd.DataFrame:
    return pd.read_csv(PAPI / str(year) / "indicators.csv", dtype={"gso_code": str}).set_index("gso_code")


@pytest.fixture(scope="module")
def fw():
    return load_framework("papi_2018")


def test_framework_is_8_dimensions_summed_as_they_are(fw):
    assert fw.indicator_ids == DIMS and fw.root.id == "total"
    assert [s.function for s in fw.method.steps] == ["identity", "sum"]
    assert all(i.range == (1.0, 10.0) for i in fw.indicators)
    assert fw.data_folder == "papi" and fw.units.kind == "vn63" and fw.ranks.derived


def test_compute_2019_prints_63_rows_whose_total_is_the_sum_of_the_8_dimensions():
    rc, out, err = run_cli("compute", "--framework", "papi_2018", "--year", "2019", "--format", "csv")
    assert rc == 0, err
    got = pd.read_csv(io.StringIO(out), dtype={"gso_code": str}).set_index("gso_code")
    assert len(got) == 63
    src = year_table(2019)
    want = src[DIMS].sum(axis=1)
    np.testing.assert_allclose(got["total_score"], want.loc[got.index], atol=5e-5)  # printed with 4 decimals
    for k, d in enumerate(DIMS, 1):
        np.testing.assert_allclose(got[f"d{k}_score"], src.loc[got.index, d], atol=5e-5)
    # derived competition ranks of the total, and the quartile group shown with them
    assert got["total_rank"].tolist() == stats.rankdata(-want.loc[got.index].round(6), method="min").tolist()
    counts = got["total_group"].value_counts()
    assert counts["nhóm đạt điểm cao nhất"] == 16 and counts.sum() == 63
    assert set(got.loc[got["total_rank"] <= 16, "total_group"]) == {"nhóm đạt điểm cao nhất"}


def test_outputs_say_real_data_and_derived_ranks():
    rc, out, _ = run_cli("compute", "--framework", "papi_2018", "--year", "2019", "--lang", "en")
    assert rc == 0
    head = out.splitlines()[:2]
    assert head[0].startswith("# REAL: PAPI 2019") and "derived rank" in head[1]
    rc, out, _ = run_cli("compute", "--framework", "papi_2018", "--year", "2019", "--format", "json")
    assert any("REAL" in n for n in pd.read_json(io.StringIO(out), typ="series")["notes"])


@pytest.mark.parametrize("year", YEARS)
def test_total_equals_the_sources_total_for_every_complete_province(fw, year):
    data = year_table(year)
    res = compute(data[DIMS], fw)
    src = pd.read_csv(PAPI / "totals_source.csv", dtype={"gso_code": str})
    src = src[src["year"] == year].set_index("gso_code")["total_papi_unweighted_8dim"]
    complete = data[DIMS].notna().all(axis=1)
    np.testing.assert_allclose(res.scores.loc[complete, "total"], src.loc[complete[complete].index], atol=2e-4)
    # the rule: a province lacking a dimension has no total and no rank on it, never a filled value
    missing = complete[~complete].index
    assert res.scores.loc[missing, "total"].isna().all() and res.ranks.loc[missing, "total"].isna().all()
    ranked = res.ranks.loc[complete, "total"]
    assert sorted(ranked.astype(int)) == sorted(stats.rankdata(-res.scores.loc[complete, "total"], method="min"))


def test_79_missing_cells_as_listed_in_the_data_card():
    cells = sum(int(year_table(y)[DIMS].isna().to_numpy().sum()) for y in YEARS)
    totals = pd.read_csv(PAPI / "totals_source.csv")["total_papi_unweighted_8dim"].isna().sum()
    assert (cells, totals) == (68, 11)
    card = (PAPI / "README.md").read_text(encoding="utf-8")
    assert "| | | | **total** | **79** |" in card


def test_press_figures_of_quang_ninh_2020(fw):
    res = compute(year_table(2020)[DIMS], fw)
    assert res.scores.at["22", "total"] == pytest.approx(48.811, abs=5e-4)
    press = [5.805, 6.499, 4.793, 8.286, 7.611, 7.713, 4.964, 3.14]
    np.testing.assert_allclose(res.values.loc["22"].to_numpy(), press, atol=5e-4)


@pytest.fixture(scope="module")
def study_2019():
    return icttools.load(2019, framework="papi_2018")


def test_gap_contributions_add_up_under_the_sum(study_2019):
    dec = study_2019.gaps("Hà Giang").decomposition("leader")
    leader = study_2019.result.scores["total"].idxmax()
    assert dec.reference_province == leader
    # with a plain sum, each dimension's contribution is the difference of the scores
    diff = study_2019.data.loc[leader, DIMS] - study_2019.data.loc["02", DIMS]
    np.testing.assert_allclose(dec.contributions.to_numpy(), diff.to_numpy(), atol=1e-9)
    assert dec.contributions.sum() == pytest.approx(dec.score_gap, abs=1e-9)


def test_break_even_of_e_governance_to_the_top_quartile(study_2019):
    sens = study_2019.sensitivity("02", target_rank=16).to_json()
    d8 = next(i for i in sens["indicators"] if i["indicator"] == "papi_d8_e_governance")
    totals = study_2019.result.scores["total"].drop("02")
    sixteenth = np.sort(totals.to_numpy())[::-1][15]  # the others do not move under a plain sum
    need = study_2019.data.at["02", "papi_d8_e_governance"] + (sixteenth - study_2019.result.scores.at["02", "total"])
    assert need <= d8["break_even"]["target"] <= need + 1e-3


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_targets_reach_the_top_quartile_within_the_yearly_caps(study_2019):
    plan = study_2019.targets("02", rank=16).to_json()
    assert plan["feasible"] and plan["verified_rank"] <= 16
    caps = {"papi_d8_e_governance": 0.90, "papi_d6_public_service_delivery": 0.95,
            "papi_d5_public_admin_procedures": 0.35}
    for row in plan["plan"]:
        if row["indicator"] in caps:
            assert row["change"] <= caps[row["indicator"]] + 1e-9
    # verified independently: the planned values give rank <= 16 on the plain sum
    data = study_2019.data
    for row in plan["plan"]:
        data.at["02", row["indicator"]] = row["target"]
    totals = data[DIMS].sum(axis=1).round(6)
    assert int((totals > totals["02"]).sum()) + 1 <= 16


def test_analyses_of_a_year_with_missing_provinces_compare_the_complete_ones(fw):
    data = year_table(2024)[DIMS]
    study = icttools.load(2024, framework=fw, data=data)
    assert study.incomplete == ("26", "82")  # Vĩnh Phúc and Tiền Giang: no 2024 data
    gaps = study.gaps("02").to_json()
    complete = data.dropna()
    assert gaps["rank"] == int((complete.sum(axis=1) > complete.loc["02"].sum()).sum()) + 1
    assert study.compared().excluded == ("26", "82") and len(study.compared().codes) == 61
    with pytest.raises(icttools.core.errors.InputError, match="lacks 8 value"):
        study.gaps("Vĩnh Phúc")


def test_the_ict_uncertainty_analysis_refuses_papi_clearly():
    rc, out, err = run_cli("uncertainty", "--framework", "papi_2018", "--year", "2019", "--n", "50")
    assert rc == 2 and "Traceback" not in err and "pipeline_uncertainty" in err


def test_years_with_missing_cells_read_from_the_files_keep_them_missing():
    rc, out, err = run_cli("compute", "--framework", "papi_2018", "--year", "2018", "--format", "csv")
    assert rc == 0, err
    got = pd.read_csv(io.StringIO(out), dtype={"gso_code": str}).set_index("gso_code")
    assert len(got) == 63 and got.loc[["22", "87"], "total_rank"].isna().all()
    assert got.loc[["22", "87"], "d2_score"].isna().all() and got.loc[["22", "87"], "d1_score"].notna().all()
    assert sorted(got["total_rank"].dropna().astype(int)) == sorted(
        stats.rankdata(-got["total_score"].dropna().round(6), method="min").astype(int))
    rc, out, _ = run_cli("compute", "--framework", "papi_2018", "--year", "2018", "--lang", "en")
    assert "no total and no rank (missing data, not filled): 22 Quang Ninh, 87 Dong Thap" in out
    # validate lists what is kept missing; the ICT Index still refuses an empty cell
    rc, out, err = run_cli("validate", str(PAPI / "2024" / "indicators.csv"), "--framework", "papi_2018",
                           "--year", "2024")
    assert rc == 0, err
    assert "kept as missing (never filled" in out and "16 values" in out and "26: all" in out


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_trends_and_trend_projections_over_years_with_missing_provinces():
    rc, out, err = run_cli("trends", "--framework", "papi_2018", "--year", "2024", "--province", "02",
                           "--format", "json")
    assert rc == 0, err
    rc, _, err = run_cli("trends", "--framework", "papi_2018", "--year", "2024", "--province", "22")
    assert rc == 2 and "lacks data in one of the two years" in err and "Traceback" not in err
    rc, out, err = run_cli("targets", "--framework", "papi_2018", "--year", "2024", "--province", "02",
                           "--rank", "16", "--others", "trend", "--format", "json")
    assert rc == 0, err
    assert pd.read_json(io.StringIO(out), typ="series")["verified_rank"] <= 16
