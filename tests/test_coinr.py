"""COINr interoperability: every stage of COINr's ASEM example reproduced, and the other options
checked against COINr's documented formulas written independently here (scipy/pandas, small
hand-checkable cases), never by calling the code under test for the expected values."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from icttools.cli import main
from icttools.core.engine import compute
from icttools.core.framework import load_framework
from icttools.core.treat import kurtosis, skewness, treat_values

ASEM = Path(__file__).parent / "fixtures" / "asem"
IDATA, IMETA = str(ASEM / "iData.csv"), str(ASEM / "iMeta.csv")
STAGES = ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"]


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(argv))
    return rc, out.getvalue(), err.getvalue()


def build_stage(stage: str, *options: str) -> pd.DataFrame:
    rc, out, err = run_cli("coinr-build", IDATA, IMETA, "--stage", stage, "--format", "csv", *options)
    assert rc == 0, err
    return pd.read_csv(io.StringIO(out)).set_index("uCode")


@pytest.fixture(scope="module")
def meta() -> pd.DataFrame:
    return pd.read_csv(IMETA)


@pytest.fixture(scope="module")
def idata() -> pd.DataFrame:
    return pd.read_csv(IDATA).set_index("uCode").sort_index()


def indicators(meta) -> list[str]:
    return meta.loc[meta["Type"] == "Indicator", "iCode"].tolist()


# --- every stage of build_example_coin() ----------------------------------------------------

@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_of_the_asem_example_within_1e9(stage):
    ref = pd.read_csv(ASEM / "coinr_results" / f"{stage}.csv").set_index("uCode")
    mine = build_stage(stage)
    assert list(mine.columns) == list(ref.columns)  # same columns, COINr's order
    assert list(mine.index) == list(ref.index)      # same units, sorted by uCode
    a, b = ref.to_numpy(float), mine.to_numpy(float)
    assert (np.isnan(a) == np.isnan(b)).all()
    np.testing.assert_allclose(b, a, rtol=0, atol=1e-9)


def test_import_coinr_writes_a_framework_and_data_that_compute_the_index(tmp_path):
    rc, out, err = run_cli("import-coinr", IDATA, IMETA, "--out", str(tmp_path), "--id", "asem")
    assert rc == 0, err
    fw = load_framework(tmp_path / "asem.yaml")
    assert fw.root.id == "Index" and set(fw.node("Conn").children) == {"Physical", "ConEcFin", "Political",
                                                                         "Instit", "P2P"}
    assert len(fw.indicators) == 49 and fw.indicator("CostImpEx").direction == -1
    assert fw.indicator("Flights").denominator == "Population"
    spec = yaml.safe_load((tmp_path / "asem.yaml").read_text(encoding="utf-8"))
    assert spec["units"]["groups"] == ["GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"]
    assert [s["step"] for s in spec["method"]["steps"]] == ["denominate", "impute", "screen", "treat",
                                                           "normalise", "aggregate"]
    data = pd.read_csv(tmp_path / "asem_data.csv", keep_default_na=False, na_values=["NA"])
    assert {"uCode", "uName", "EurAsia_group", "GDP"} <= set(data.columns)
    res = compute(data, fw)
    ref = pd.read_csv(ASEM / "coinr_results" / "Aggregated.csv").set_index("uCode")
    got = res.scores["Index"].sort_index()
    np.testing.assert_allclose(got.to_numpy(), ref.loc[got.index, "Index"].to_numpy(), rtol=0, atol=1e-9)
    # COINr ranks: rank(-Index, ties.method = "min")
    expected_rank = stats.rankdata(-ref["Index"].to_numpy(), method="min")
    assert res.ranks["Index"].loc[ref.index].tolist() == expected_rank.tolist()


# --- skewness, kurtosis and the treatment -----------------------------------------------------

def test_skew_and_kurtosis_are_the_bias_corrected_estimators():
    rng = np.random.default_rng(1)
    Y = rng.lognormal(size=(7, 40))
    np.testing.assert_allclose(skewness(Y), stats.skew(Y, axis=1, bias=False), rtol=1e-12)
    np.testing.assert_allclose(kurtosis(Y), stats.kurtosis(Y, axis=1, bias=False), rtol=1e-12)
    Y[0, :3] = np.nan
    np.testing.assert_allclose(skewness(Y[:1]), [stats.skew(Y[0, 3:], bias=False)], rtol=1e-12)


def reference_treat(x: np.ndarray, winmax: int, skew_t: float = 2.0, kurt_t: float = 3.5) -> tuple[np.ndarray, str]:
    """COINr's documented Treat() on one column, written plainly (one point set per step)."""
    def sk(v):
        v = v[~np.isnan(v)]
        return stats.skew(v, bias=False)

    def ok(v):
        v = v[~np.isnan(v)]
        return abs(stats.skew(v, bias=False)) < skew_t or stats.kurtosis(v, bias=False) < kurt_t

    if ok(x):
        return x, "none"
    y = x.copy()
    last_hi = last_lo = 0
    while True:
        if sk(y) >= 0:
            top = np.nanmax(y)
            at = y == top
            y[at] = np.nanmax(y[~at])
            last_hi = int(at.sum())
        else:
            bot = np.nanmin(y)
            at = y == bot
            y[at] = np.nanmin(y[~at])
            last_lo = int(at.sum())
        if ok(y) or last_hi + last_lo >= winmax:
            break
    if ok(y):
        return y, "winsorised"
    lo, hi = np.nanmin(x), np.nanmax(x)
    return np.log(x - lo + 0.01 * (hi - lo)), "log"


def test_winsorisation_by_hand():
    # one outlier, high side: 100 becomes the next largest value, 9
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 100.0])
    got, info = treat_values(x[:, None], winmax=5)
    assert got[:, 0].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 9]
    assert info.status.tolist() == [1] and info.winsorised.tolist() == [1]
    # low side (negative skew), and a tie moves together: two -50 become 1, counted as 2 points
    x = np.array([-50, -50, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13.0])
    got, info = treat_values(x[:, None], winmax=5)
    ref, kind = reference_treat(x, 5)
    assert kind == "winsorised" and got[:, 0].tolist() == ref.tolist() and got[0, 0] == 1
    assert info.winsorised.tolist() == [2] and info.low_side.tolist() == [True]


def test_log_fallback_when_winsorising_is_not_enough():
    # two separate outliers: one winsorised point is not enough -> log of the ORIGINAL column
    x = np.array(list(range(1, 21)) + [500.0, 1000.0])
    got, info = treat_values(x[:, None], winmax=1)
    lo, hi = x.min(), x.max()
    np.testing.assert_allclose(got[:, 0], np.log(x - lo + 0.01 * (hi - lo)), rtol=1e-15)
    assert info.status.tolist() == [2]
    # with enough points allowed it is winsorised instead
    got5, info5 = treat_values(x[:, None], winmax=5)
    assert info5.status.tolist() == [1] and got5[:, 0].max() == 20


def test_a_column_that_cannot_be_checked_is_left_untreated():
    x = np.array([[5.0], [5.0], [5.0], [5.0], [5.0]])  # zero spread: skewness is 0/0
    got, info = treat_values(x)
    assert got.tolist() == x.tolist() and info.status.tolist() == [3]


@pytest.mark.parametrize("winmax", [1, 2, 3, 4, 5])
def test_treatment_of_asem_matches_the_reference_for_every_winmax(winmax):
    screened = build_stage("Screened")
    treated = build_stage("Treated", "--treat", f"winsorise:{winmax}")
    for col in screened.columns:
        ref, _ = reference_treat(screened[col].to_numpy(float), winmax)
        np.testing.assert_allclose(treated[col].to_numpy(float), ref, rtol=0, atol=1e-9, err_msg=col)


def test_treatment_is_vectorised_over_replications_with_their_own_winmax():
    screened = build_stage("Screened").to_numpy(float)
    limits = np.array([1, 5, 3, 2])
    batch, _ = treat_values(np.broadcast_to(screened, (4,) + screened.shape), winmax=limits[:, None])
    for r, w in enumerate(limits):
        alone, _ = treat_values(screened, winmax=int(w))
        np.testing.assert_array_equal(batch[r], alone)


# --- the other options against COINr's formulas ------------------------------------------

def test_denominate_off_leaves_the_raw_data(idata, meta):
    raw = build_stage("Raw")
    den = build_stage("Denominated", "--denominate", "off")
    pd.testing.assert_frame_equal(den, raw)
    # on: x / denominator for the indicators iMeta names (ScaleFactor 1)
    on = build_stage("Denominated")
    for _, r in meta[meta["Denominator"].notna() & (meta["Type"] == "Indicator")].iterrows():
        np.testing.assert_allclose(on[r["iCode"]], idata[r["iCode"]] / idata[r["Denominator"]], rtol=1e-14)


@pytest.mark.parametrize("option, fn", [("mean", "mean"), ("median", "median"),
                                        ("group-median:GDP_group", "median"), ("group-mean:Pop_group", "mean")])
def test_imputation_options(option, fn, idata):
    den = build_stage("Denominated")
    imp = build_stage("Imputed", "--impute", option)
    if option.startswith("group"):
        col = option.split(":")[1]
        fill = den.groupby(idata.loc[den.index, col]).transform(fn)
    else:
        fill = den.apply(lambda s: s.fillna(getattr(s, fn)()))
    expected = den.fillna(fill)
    pd.testing.assert_frame_equal(imp, expected, check_exact=False, rtol=1e-12, atol=1e-12)
    assert den.isna().to_numpy().sum() > 0 and imp.isna().to_numpy().sum() == 0


def test_screening_drops_units_below_the_availability_threshold():
    den = build_stage("Denominated")
    avail = 1 - den.isna().sum(axis=1) / den.shape[1]
    threshold = float(np.sort(avail.unique())[1])  # drops the units with the least data
    scr = build_stage("Screened", "--impute", "none", "--screen", str(threshold))
    assert set(scr.index) == set(avail.index[avail >= threshold])
    assert len(scr) < len(den)
    assert len(build_stage("Screened", "--impute", "none", "--screen", "none")) == len(den)


@pytest.mark.parametrize("option", ["zscore:10,2", "minmax:1,100", "maxratio", "rank", "prank", "borda", "dist2max"])
def test_normalisation_options(option, meta):
    treated = build_stage("Treated")
    norm = build_stage("Normalised", "--normalise", option)
    d = meta.set_index("iCode").loc[treated.columns, "Direction"].to_numpy(float)
    x = treated.to_numpy(float) * d  # COINr multiplies by the direction first
    if option == "zscore:10,2":
        want = (x - np.nanmean(x, 0)) / np.nanstd(x, 0, ddof=1) * 2 + 10
    elif option == "minmax:1,100":
        want = (x - np.nanmin(x, 0)) / (np.nanmax(x, 0) - np.nanmin(x, 0)) * 99 + 1
    elif option == "maxratio":
        with np.errstate(divide="ignore", invalid="ignore"):  # max 0: COINr gives Inf/NaN too
            want = x / np.nanmax(x, 0)
    elif option == "dist2max":
        want = 1 - (np.nanmax(x, 0) - x) / (np.nanmax(x, 0) - np.nanmin(x, 0))
    else:
        r = np.column_stack([stats.rankdata(c, method="min", nan_policy="omit") for c in x.T]).astype(float)
        want = {"rank": r, "borda": r - 1, "prank": (r - 1) / (np.sum(~np.isnan(x), 0) - 1)}[option]
    np.testing.assert_allclose(norm.to_numpy(float), want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("agg", ["geometric", "harmonic", "arithmetic"])
def test_aggregation_options(agg, meta):
    norm = build_stage("Normalised", "--normalise", "minmax:1,100")
    out = build_stage("Aggregated", "--normalise", "minmax:1,100", "--aggregate", agg)
    mean = {"geometric": stats.gmean, "harmonic": stats.hmean,
            "arithmetic": lambda v, axis, weights: np.average(v, axis=axis, weights=weights)}[agg]
    level = meta.set_index("iCode")
    values = norm.copy()
    for lv in (2, 3, 4):
        for code in level.index[level["Level"] == lv]:
            kids = level.index[level["Parent"] == code].tolist()
            w = level.loc[kids, "Weight"].to_numpy(float)
            values[code] = mean(values[kids].to_numpy(float), axis=1, weights=w)
            np.testing.assert_allclose(out[code], values[code], rtol=1e-12, err_msg=code)


def test_aggregation_skips_missing_values_and_renormalises_weights(meta):
    # no imputation: pillars average the indicators present (COINr's a_amean with na.rm)
    norm = build_stage("Normalised", "--impute", "none")
    out = build_stage("Aggregated", "--impute", "none")
    assert norm.isna().to_numpy().any()
    lv = meta.set_index("iCode")
    for code in lv.index[lv["Level"] == 2]:
        kids = lv.index[lv["Parent"] == code].tolist()
        np.testing.assert_allclose(out[code], norm[kids].mean(axis=1, skipna=True), rtol=1e-12, err_msg=code)


def test_geometric_mean_of_zeros_is_a_one_line_error():
    rc, out, err = run_cli("coinr-build", IDATA, IMETA, "--aggregate", "geometric")
    assert rc == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "geometric mean" in err and "minmax:1,100" in err


@pytest.mark.parametrize("args, message", [
    (["--impute", "group-mean:NoSuchColumn"], "no group column 'NoSuchColumn'"),
    (["--normalise", "zscore:1"], "expected 2 number(s)"),
    (["--treat", "trim:3"], "winsorise:N or none"),
    (["--screen", "1.5"], "threshold must be ≤ 1"),
    (["--normalise", "softmax"], "is not one of"),
])
def test_bad_options_are_one_line_errors(args, message):
    rc, out, err = run_cli("coinr-build", IDATA, IMETA, *args)
    assert rc == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert message in err


def test_bad_tables_are_one_line_errors(tmp_path):
    meta = pd.read_csv(IMETA)
    bad = tmp_path / "iMeta.csv"
    meta.drop(columns=["Parent"]).to_csv(bad, index=False)
    rc, _, err = run_cli("coinr-build", IDATA, str(bad))
    assert rc == 2 and "missing column(s) Parent" in err
    data = pd.read_csv(IDATA)
    data["LPI"] = data["LPI"].astype(object)
    data.loc[3, "LPI"] = "high"
    bad_data = tmp_path / "iData.csv"
    data.to_csv(bad_data, index=False)
    rc, _, err = run_cli("coinr-build", str(bad_data), IMETA)
    assert rc == 2 and "'LPI'" in err and "'high' is not a number" in err
    rc, _, err = run_cli("coinr-build", str(tmp_path / "nope.csv"), IMETA)
    assert rc == 2 and "not found" in err


def test_xlsx_inputs_read_like_csv(tmp_path):
    pd.read_csv(IDATA).to_excel(tmp_path / "iData.xlsx", index=False)
    pd.read_csv(IMETA).to_excel(tmp_path / "iMeta.xlsx", index=False)
    rc, out, err = run_cli("coinr-build", str(tmp_path / "iData.xlsx"), str(tmp_path / "iMeta.xlsx"))
    assert rc == 0, err
    ref = pd.read_csv(ASEM / "coinr_results" / "Aggregated.csv").set_index("uCode")
    got = pd.read_csv(io.StringIO(out)).set_index("uCode")
    np.testing.assert_allclose(got.to_numpy(float), ref.to_numpy(float), rtol=0, atol=1e-9)


def test_imported_index_computes_from_the_command_line_like_any_other(tmp_path):
    rc, _, err = run_cli("import-coinr", IDATA, IMETA, "--out", str(tmp_path), "--id", "asem")
    assert rc == 0, err
    rc, out, err = run_cli("compute", "--framework", str(tmp_path / "asem.yaml"), "--data",
                           str(tmp_path / "asem_data.csv"), "--year", "2018", "--format", "json")
    assert rc == 0, err
    rows = pd.DataFrame(pd.read_json(io.StringIO(out), typ="series")["provinces"]).set_index("code")
    ref = pd.read_csv(ASEM / "coinr_results" / "Aggregated.csv").set_index("uCode")
    np.testing.assert_allclose(rows.loc[ref.index, "Index_score"], ref["Index"], rtol=0, atol=1e-9)
    assert rows.at["AUT", "province"] == "Austria"
    # a broken table is a one-line error, not a traceback
    bad = pd.read_csv(tmp_path / "asem_data.csv")
    bad.loc[1, "uCode"] = bad.loc[0, "uCode"]
    bad.to_csv(tmp_path / "bad.csv", index=False)
    rc, _, err = run_cli("compute", "--framework", str(tmp_path / "asem.yaml"), "--data", str(tmp_path / "bad.csv"),
                         "--year", "2018")
    assert rc == 2 and "unique" in err and "Traceback" not in err
